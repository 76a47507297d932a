import type { Invocation } from './invocation.js';
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

interface OpenRun {
  requestId: string;
  start: number | null;
  end: number | null;
  reportedDurationMs: number | null;
  doneDurationMs: number | null;
  ended: boolean;
  reported: boolean;
  status: ReportedStatus | null;
  errorType: string | null;
  timedOut: boolean;
  invokeError: boolean;
  initFailed: boolean;
  inferred: boolean;
  /** Nothing in the input dates this run: it is counted but not placed. */
  undated: boolean;
}

/**
 * Pairs START, END, REPORT and the lines that qualify them into runs, per
 * request ID within a stream. Retries reuse request IDs, so a request ID
 * may stand for several runs, taken first in, first out.
 */
export function pairInvocations(streams: StreamRecords[], options: PairingOptions): Invocation[] {
  const invocations: Invocation[] = [];
  for (const stream of streams) {
    const runs = pairStream(stream);
    if (options.printedTimes) dateFromPrintedTimes(runs, options.printedTimes);
    for (const run of runs) invocations.push(finishRun(run, stream.logStream, options));
  }

  return invocations;
}

function dateFromPrintedTimes(runs: OpenRun[], printedTimes: Map<string, number[]>): void {
  const spans = inferSpans(runs, printedTimes);
  runs.forEach((run, i) => {
    const span = spans[i];
    run.start = span ? span.start : null;
    run.end = span ? span.end : null;
    run.inferred = true;
    run.undated = span === null;
  });
}

function pairStream(records: StreamRecords): OpenRun[] {
  const runs: OpenRun[] = [];
  const byRequest = new Map<string, OpenRun[]>();
  let initFailed = false;

  const runsOf = (requestId: string): OpenRun[] => {
    let list = byRequest.get(requestId);
    if (!list) byRequest.set(requestId, (list = []));
    return list;
  };
  const orphan = (requestId: string): OpenRun => {
    const run = newRun(requestId, null);
    runs.push(run);
    runsOf(requestId).push(run);
    return run;
  };

  const record: PlatformRecord = { kind: 'start', requestId: '', time: 0 };
  for (const index of records.order()) {
    records.read(index, record);
    const { requestId, time } = record;
    switch (record.kind) {
      case 'start': {
        const run = newRun(requestId, time);
        run.initFailed = initFailed;
        initFailed = false;
        runs.push(run);
        runsOf(requestId).push(run);
        break;
      }
      case 'end': {
        const run = runsOf(requestId).find((r) => !r.ended && !r.reported) ?? orphan(requestId);
        run.end = time;
        run.ended = true;
        break;
      }
      case 'report': {
        const run = runsOf(requestId).find((r) => !r.reported) ?? orphan(requestId);
        run.reported = true;
        run.reportedDurationMs = record.durationMs ?? null;
        run.status = record.status ?? run.status;
        run.errorType = record.errorType ?? run.errorType;
        if (run.end === null && run.start === null) run.end = time;
        break;
      }
      case 'runtime-done': {
        const run = runsOf(requestId).find((r) => !r.reported && r.doneDurationMs === null);
        if (!run) break;
        run.doneDurationMs = record.durationMs ?? null;
        run.status = record.status ?? run.status;
        run.errorType = record.errorType ?? run.errorType;
        break;
      }
      case 'timeout':
      case 'invoke-error': {
        const run = latestStartedBy(runsOf(requestId), time) ?? orphan(requestId);
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

function latestStartedBy(runs: OpenRun[], time: number): OpenRun | undefined {
  for (let i = runs.length - 1; i >= 0; i--) {
    const run = runs[i]!;
    if (Number.isNaN(time) || run.start === null || run.start <= time) return run;
  }

  return runs[0];
}

function newRun(requestId: string, start: number | null): OpenRun {
  return {
    requestId,
    start,
    end: null,
    reportedDurationMs: null,
    doneDurationMs: null,
    ended: false,
    reported: false,
    status: null,
    errorType: null,
    timedOut: false,
    invokeError: false,
    initFailed: false,
    inferred: false,
    undated: false,
  };
}

function finishRun(run: OpenRun, logStream: string | null, options: PairingOptions): Invocation {
  const duration = run.reportedDurationMs ?? run.doneDurationMs;
  let { start, end } = run;
  let inferred = run.inferred;

  // JSON-format logs have no END line: the run ends its duration after START.
  if (end === null && start !== null && duration !== null) {
    end = start + duration;
  }
  const startedBeforeWindow = start === null && !run.undated;
  if (start === null && end !== null && !run.undated) {
    start = duration !== null ? end - duration : Math.min(options.readStart, end);
    inferred = true;
  }

  let status: Invocation['status'];
  if (run.timedOut || run.status === 'timeout') status = 'timeout';
  else if (run.status === 'error' || run.invokeError) status = 'error';
  else if (end !== null || (run.undated && (run.reported || run.ended))) status = 'success';
  else status = unfinishedStatus(start, options);

  if (end === null && start !== null) {
    end = Math.max(start, Math.min(options.readEnd, start + (options.timeoutMs ?? Infinity)));
  }

  return {
    requestId: run.requestId,
    logStream,
    start,
    end,
    reportedDurationMs: run.reportedDurationMs,
    status,
    errorType: run.errorType,
    startedBeforeWindow,
    timesInferred: inferred,
    initFailed: run.initFailed,
  };
}

function unfinishedStatus(start: number | null, options: PairingOptions): Invocation['status'] {
  if (options.now === null || start === null) return 'unfinished';
  const mayStillRun = (options.timeoutMs ?? LAMBDA_MAX_TIMEOUT_MS) + INGESTION_DELAY_MS;

  return options.now - start < mayStillRun ? 'in-progress' : 'unfinished';
}
