import type { Invocation, InvocationStatus } from './invocation.js';
import { inferSpans } from './infer-times.js';
import type { PlatformRecord, ReportedStatus } from './platform-record.js';
import type { StreamRecords } from './record-collector.js';

export interface PairingOptions {
  /** The function's timeout: bounds a run whose END was never read. */
  timeoutMs: number | null;
  /** The end of what was read; an unfinished run without a timeout runs to here. */
  readEnd: number;
  /** The start of what was read; a run without START began at or before it. */
  readStart: number;
  /** Epoch ms now, or null when the source is a file: decides "in progress". */
  now: number | null;
  /**
   * For sources whose platform lines carry no timestamps: the times printed
   * on each request's own lines, which then date the runs.
   */
  printedTimes?: Map<string, number[]>;
}

/** Room for an END that has happened but is not yet ingested by CloudWatch. */
export const INGESTION_DELAY_MS = 2 * 60_000;
const LAMBDA_MAX_TIMEOUT_MS = 15 * 60_000;

/**
 * A run being paired, which becomes the Invocation itself once finished:
 * one object a run, as a log of a million lines holds hundreds of
 * thousands of runs.
 */
class Run implements Invocation {
  end: number | null = null;
  reportedDurationMs: number | null = null;
  status: InvocationStatus = 'success';
  errorType: string | null = null;
  startedBeforeWindow = false;
  timesInferred = false;
  initFailed = false;
  // Pairing state, read by finishRun only.
  doneDurationMs: number | null = null;
  reportedStatus: ReportedStatus | null = null;
  ended = false;
  reported = false;
  timedOut = false;
  invokeError = false;
  /** Nothing in the input dates this run: it is counted but not placed. */
  undated = false;
  /** The next run in this stream with the same request ID (a retry). */
  sameId: Run | null = null;

  constructor(
    readonly requestId: string,
    readonly logStream: string | null,
    public start: number | null,
  ) {}
}

/**
 * Pairs START, END, REPORT and the lines that qualify them into runs, per
 * request ID within a stream. Retries reuse request IDs, so a request ID
 * may stand for several runs, taken first in, first out. Each stream's
 * records are released once paired.
 */
export function pairInvocations(streams: StreamRecords[], options: PairingOptions): Invocation[] {
  const invocations: Invocation[] = [];
  for (const stream of streams) {
    const runs = pairStream(stream);
    stream.release();
    if (options.printedTimes) dateFromPrintedTimes(runs, options.printedTimes);
    for (const run of runs) invocations.push(finishRun(run, options));
  }

  return invocations;
}

function dateFromPrintedTimes(runs: Run[], printedTimes: Map<string, number[]>): void {
  const spans = inferSpans(runs, printedTimes);
  runs.forEach((run, i) => {
    const span = spans[i];
    run.start = span ? span.start : null;
    run.end = span ? span.end : null;
    run.timesInferred = true;
    run.undated = span === null;
  });
}

function pairStream(records: StreamRecords): Run[] {
  const runs: Run[] = [];
  const firstById = new Map<string, Run>();
  let initFailed = false;

  const add = (run: Run): Run => {
    runs.push(run);
    const first = firstById.get(run.requestId);
    if (!first) firstById.set(run.requestId, run);
    else {
      let last = first;
      while (last.sameId) last = last.sameId;
      last.sameId = run;
    }
    return run;
  };
  const find = (requestId: string, test: (run: Run) => boolean): Run | undefined => {
    for (let run = firstById.get(requestId); run; run = run.sameId ?? undefined) if (test(run)) return run;
    return undefined;
  };
  const orphan = (requestId: string) => add(new Run(requestId, records.logStream, null));

  const record: PlatformRecord = { kind: 'start', requestId: '', time: 0 };
  for (const index of records.order()) {
    records.read(index, record);
    const { requestId, time } = record;
    switch (record.kind) {
      case 'start': {
        const run = add(new Run(requestId, records.logStream, time));
        run.initFailed = initFailed;
        initFailed = false;
        break;
      }
      case 'end': {
        const run = find(requestId, (r) => !r.ended && !r.reported) ?? orphan(requestId);
        run.end = time;
        run.ended = true;
        break;
      }
      case 'report': {
        const run = find(requestId, (r) => !r.reported) ?? orphan(requestId);
        run.reported = true;
        run.reportedDurationMs = record.durationMs ?? null;
        run.reportedStatus = record.status ?? run.reportedStatus;
        run.errorType = record.errorType ?? run.errorType;
        if (run.end === null && run.start === null) run.end = time;
        break;
      }
      case 'runtime-done': {
        const run = find(requestId, (r) => !r.reported && r.doneDurationMs === null);
        if (!run) break;
        run.doneDurationMs = record.durationMs ?? null;
        run.reportedStatus = record.status ?? run.reportedStatus;
        run.errorType = record.errorType ?? run.errorType;
        break;
      }
      case 'timeout':
      case 'invoke-error': {
        const run = latestStartedBy(firstById.get(requestId), time) ?? orphan(requestId);
        if (record.kind === 'timeout') run.timedOut = true;
        else run.invokeError = true;
        break;
      }
      case 'init-failure':
        initFailed = true;
        break;
      case 'app-line':
        break;
    }
  }

  return runs;
}

/** The last run of a request ID that had started by `time`, else its first. */
function latestStartedBy(first: Run | undefined, time: number): Run | undefined {
  let latest: Run | undefined;
  for (let run = first; run; run = run.sameId ?? undefined) {
    if (Number.isNaN(time) || run.start === null || run.start <= time) latest = run;
  }

  return latest ?? first;
}

function finishRun(run: Run, options: PairingOptions): Invocation {
  const duration = run.reportedDurationMs ?? run.doneDurationMs;

  // JSON-format logs have no END line: the run ends its duration after START.
  if (run.end === null && run.start !== null && duration !== null) run.end = run.start + duration;
  run.startedBeforeWindow = run.start === null && !run.undated;
  if (run.start === null && run.end !== null && !run.undated) {
    run.start = duration !== null ? run.end - duration : Math.min(options.readStart, run.end);
    run.timesInferred = true;
  }

  if (run.timedOut || run.reportedStatus === 'timeout') run.status = 'timeout';
  else if (run.reportedStatus === 'error' || run.invokeError) run.status = 'error';
  else if (run.end !== null || (run.undated && (run.reported || run.ended))) run.status = 'success';
  else run.status = unfinishedStatus(run.start, options);

  if (run.end === null && run.start !== null) {
    run.end = Math.max(run.start, Math.min(options.readEnd, run.start + (options.timeoutMs ?? Infinity)));
  }
  run.sameId = null;

  return run;
}

function unfinishedStatus(start: number | null, options: PairingOptions): InvocationStatus {
  if (options.now === null || start === null) return 'unfinished';
  const mayStillRun = (options.timeoutMs ?? LAMBDA_MAX_TIMEOUT_MS) + INGESTION_DELAY_MS;

  return options.now - start < mayStillRun ? 'in-progress' : 'unfinished';
}
