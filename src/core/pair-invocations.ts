import { inferSpans } from './infer-times.js';
import type { ReportedStatus } from './platform-record.js';
import type { RecordCollector } from './record-collector.js';
import type { StreamRecords } from './stream-records.js';
import { RunFlag, RunTable, Status } from './run-table.js';

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

const REPORTED: Record<ReportedStatus, number> = {
  success: Status.Success + 1,
  error: Status.Error + 1,
  timeout: Status.Timeout + 1,
};

/**
 * Pairs START, END, REPORT and the lines that qualify them into runs, per
 * request ID within a stream. Retries reuse request IDs, so a request ID
 * may stand for several runs, taken first in, first out. Each stream's
 * records are released once paired.
 */
export function pairInvocations(collector: RecordCollector, options: PairingOptions): RunTable {
  const streams = collector.streams();
  // Most runs have a START; a few more are orphans or retries.
  const expected = collector.starts + Math.ceil(collector.starts / 16) + 64;
  const table = new RunTable(
    collector.ids,
    streams.map((stream) => stream.logStream),
    expected,
  );
  // The first and last run of each request ID; an entry from an earlier stream is stale.
  const firstRun = new Int32Array(collector.ids.size).fill(-1);
  const lastRun = new Int32Array(collector.ids.size).fill(-1);

  for (const stream of streams) {
    const from = table.length;
    pairStream(stream, table, firstRun, lastRun);
    stream.release();
    if (options.printedTimes) dateFromPrintedTimes(table, from, options.printedTimes);
    for (let i = from; i < table.length; i++) finishRun(table, i, options);
  }

  return table;
}

function pairStream(
  records: StreamRecords,
  table: RunTable,
  firstRun: Int32Array,
  lastRun: Int32Array,
): void {
  const streamFrom = table.length;
  let initFailed = false;

  const first = (id: number) => (firstRun[id]! >= streamFrom ? firstRun[id]! : -1);
  const add = (id: number, start: number): number => {
    const run = table.add(id, records.index, start);
    if (first(id) === -1) firstRun[id] = run;
    else table.sameId[lastRun[id]!] = run;
    lastRun[id] = run;
    return run;
  };
  const find = (id: number, test: (run: number) => boolean): number => {
    for (let run = first(id); run !== -1; run = table.sameId[run]!) if (test(run)) return run;
    return -1;
  };
  const findOrAdd = (id: number, test: (run: number) => boolean): number => {
    const run = find(id, test);
    return run === -1 ? add(id, NaN) : run;
  };
  const notEnded = (run: number) => !table.has(run, RunFlag.Ended) && !table.has(run, RunFlag.Reported);
  const notReported = (run: number) => !table.has(run, RunFlag.Reported);

  // The same line read twice (overlapping exports, a page fetched again)
  // is one line: the same kind, request ID and time in the same stream.
  let seenAt = NaN;
  const seen = new Set<number>();

  for (const index of records.order()) {
    const id = records.idAt(index);
    const time = records.timeAt(index);
    const kind = records.kindAt(index);
    if (!Number.isNaN(time) && kind !== 'app-line') {
      if (time !== seenAt) {
        seenAt = time;
        seen.clear();
      }
      // A small integer: request ID and kind code, no string made a line.
      const key = (id + 1) * 16 + records.kindCodeAt(index);
      if (seen.has(key)) continue;
      seen.add(key);
    }
    if (kind === 'start') {
      const run = add(id, time);
      if (initFailed) table.set(run, RunFlag.InitFailed);
      initFailed = false;
    } else if (kind === 'end') {
      const run = findOrAdd(id, notEnded);
      table.end[run] = time;
      table.set(run, RunFlag.Ended);
    } else if (kind === 'report') {
      const run = findOrAdd(id, notReported);
      table.set(run, RunFlag.Reported);
      table.reportedDurationMs[run] = records.durationAt(index);
      noteStatus(table, run, records, index);
      if (Number.isNaN(table.end[run]!) && Number.isNaN(table.start[run]!)) table.end[run] = time;
    } else if (kind === 'runtime-done') {
      const run = find(id, (r) => notReported(r) && Number.isNaN(table.doneDurationMs[r]!));
      if (run === -1) continue;
      table.doneDurationMs[run] = records.durationAt(index);
      noteStatus(table, run, records, index);
    } else if (kind === 'timeout' || kind === 'invoke-error') {
      let run = latestStartedBy(table, first(id), time);
      if (run === -1) run = add(id, NaN);
      table.set(run, kind === 'timeout' ? RunFlag.TimedOut : RunFlag.InvokeError);
    } else if (kind === 'init-failure') {
      initFailed = true;
    }
  }
}

function noteStatus(table: RunTable, run: number, records: StreamRecords, index: number): void {
  const status = records.statusAt(index);
  if (status) table.reportedStatus[run] = REPORTED[status];
  const errorType = records.errorTypeAt(index);
  if (errorType) table.errorType.set(run, errorType);
}

/** The last run of a request ID that had started by `time`, else its first. */
function latestStartedBy(table: RunTable, first: number, time: number): number {
  let latest = -1;
  for (let run = first; run !== -1; run = table.sameId[run]!) {
    const start = table.start[run]!;
    if (Number.isNaN(time) || Number.isNaN(start) || start <= time) latest = run;
  }

  return latest === -1 ? first : latest;
}

function dateFromPrintedTimes(table: RunTable, from: number, printedTimes: Map<string, number[]>): void {
  const runs = [];
  for (let i = from; i < table.length; i++) {
    const duration = table.reportedDurationMs[i]!;
    runs.push({
      requestId: table.ids.get(table.requestId[i]!),
      reportedDurationMs: Number.isNaN(duration) ? null : duration,
    });
  }
  inferSpans(runs, printedTimes).forEach((span, k) => {
    const i = from + k;
    table.start[i] = span ? span.start : NaN;
    table.end[i] = span?.end ?? NaN;
    table.set(i, RunFlag.TimesInferred);
    if (!span) table.set(i, RunFlag.Undated);
  });
}

function finishRun(table: RunTable, i: number, options: PairingOptions): void {
  const reported = table.reportedDurationMs[i]!;
  const duration = Number.isNaN(reported) ? table.doneDurationMs[i]! : reported;
  const undated = table.has(i, RunFlag.Undated);
  let start = table.start[i]!;
  let end = table.end[i]!;

  // JSON-format logs have no END line: the run ends its duration after START.
  if (Number.isNaN(end) && !Number.isNaN(start) && !Number.isNaN(duration)) end = start + duration;
  if (Number.isNaN(start) && !undated) table.set(i, RunFlag.StartedBeforeWindow);
  if (Number.isNaN(start) && !Number.isNaN(end) && !undated) {
    start = Number.isNaN(duration) ? Math.min(options.readStart, end) : end - duration;
    table.set(i, RunFlag.TimesInferred);
  }

  const reportedStatus = table.reportedStatus[i]! - 1;
  if (table.has(i, RunFlag.TimedOut) || reportedStatus === Status.Timeout) table.status[i] = Status.Timeout;
  else if (reportedStatus === Status.Error || table.has(i, RunFlag.InvokeError))
    table.status[i] = Status.Error;
  else if (!Number.isNaN(end) || (undated && table.has(i, RunFlag.Reported | RunFlag.Ended)))
    table.status[i] = Status.Success;
  else table.status[i] = unfinishedStatus(start, options);

  if (Number.isNaN(end) && !Number.isNaN(start)) {
    end = Math.max(start, Math.min(options.readEnd, start + (options.timeoutMs ?? Infinity)));
  }
  table.start[i] = start;
  table.end[i] = end;
}

function unfinishedStatus(start: number, options: PairingOptions): Status {
  if (options.now === null || Number.isNaN(start)) return Status.Unfinished;
  const mayStillRun = (options.timeoutMs ?? LAMBDA_MAX_TIMEOUT_MS) + INGESTION_DELAY_MS;

  return options.now - start < mayStillRun ? Status.InProgress : Status.Unfinished;
}
