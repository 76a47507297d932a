/**
 * What lcron keeps of one Lambda log event: the platform lines that bound a
 * run, and the few application lines that tell something about one.
 */
export type RecordKind =
  'start' | 'end' | 'report' | 'runtime-done' | 'timeout' | 'init-failure' | 'app-line' | 'invoke-error';

export type ReportedStatus = 'success' | 'error' | 'timeout';

export interface PlatformRecord {
  kind: RecordKind;
  /** Empty for `init-failure`, which has no request ID of its own. */
  requestId: string;
  /** Epoch ms: the event's timestamp, or the time printed in the line. */
  time: number;
  durationMs?: number;
  status?: ReportedStatus;
  errorType?: string;
}
