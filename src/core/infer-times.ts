import type { PlatformRecord } from './platform-record.js';

/** Lines printed after a run's duration still belong to it within this slack. */
const TRAILING_SLACK_MS = 1_000;

export interface UndatedRun {
  requestId: string;
  reportedDurationMs: number | null;
}

export interface InferredSpan {
  start: number;
  end: number | null;
}

/**
 * Collects, per request ID, the times the runtime printed on a run's own
 * lines. Text pasted from the console has no timestamps on START, END and
 * REPORT, so these are all that date the runs.
 */
export function collectPrintedTimes(records: Iterable<PlatformRecord>): Map<string, number[]> {
  const times = new Map<string, number[]>();
  for (const record of records) {
    if (record.requestId === '' || Number.isNaN(record.time)) continue;
    let list = times.get(record.requestId);
    if (!list) times.set(record.requestId, (list = []));
    list.push(record.time);
  }
  for (const list of times.values()) list.sort((a, b) => a - b);

  return times;
}

/**
 * Dates runs from printed times, matched by request ID, not by position.
 * Runs that share a request ID (retries) take the times in order: each
 * starts at the earliest time not yet taken and keeps the times that fall
 * within its reported duration.
 */
export function inferSpans(
  runs: UndatedRun[],
  printedTimes: Map<string, number[]>,
): Array<InferredSpan | null> {
  const taken = new Map<string, number>();
  const remaining = new Map<string, number>();
  for (const run of runs) remaining.set(run.requestId, (remaining.get(run.requestId) ?? 0) + 1);

  return runs.map((run) => {
    const later = remaining.get(run.requestId)! - 1;
    remaining.set(run.requestId, later);
    const times = printedTimes.get(run.requestId) ?? [];
    let next = taken.get(run.requestId) ?? 0;
    if (next >= times.length) return null;

    const start = times[next]!;
    // Without a duration, a run keeps every time unless a retry shares its ID.
    const limit =
      run.reportedDurationMs !== null
        ? start + run.reportedDurationMs + TRAILING_SLACK_MS
        : later > 0
          ? start
          : Infinity;
    let last = start;
    while (next < times.length && times[next]! <= limit) last = times[next++]!;
    taken.set(run.requestId, next);

    const end =
      run.reportedDurationMs === null ? (last > start ? last : null) : start + run.reportedDurationMs;
    return { start, end };
  });
}
