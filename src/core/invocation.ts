export type InvocationStatus = 'success' | 'error' | 'timeout' | 'unfinished' | 'in-progress';

/** One run of the function, as rebuilt from its platform lines. */
export interface Invocation {
  requestId: string;
  /** Null when the source names no streams (text pasted from the console). */
  logStream: string | null;
  /** Epoch ms; null only when nothing in the input dates the run. */
  start: number | null;
  /** Epoch ms; for an unfinished run, the latest it can have run to. */
  end: number | null;
  /** The duration Lambda reported, when a REPORT line was read. */
  reportedDurationMs: number | null;
  status: InvocationStatus;
  errorType: string | null;
  /** START was not read: the run began before what was read. */
  startedBeforeWindow: boolean;
  /** Start or end were worked out rather than read from a timestamp. */
  timesInferred: boolean;
  /** The execution environment's init failed just before this run. */
  initFailed: boolean;
}
