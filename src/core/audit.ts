import { analyseConcurrency, type ConcurrencyAnalysis } from './concurrency.js';
import { collectPrintedTimes } from './infer-times.js';
import { pairInvocations } from './pair-invocations.js';
import type { RecordCollector } from './record-collector.js';
import type { RunTable } from './run-table.js';
import type { TimeWindow } from './time-window.js';

export interface AuditParameters {
  /** The window asked for; a side left null covers every run that was read. */
  window: { start: number | null; end: number | null };
  /** Where reading began: before the window by the lookback. */
  readStart: number | null;
  /** Where reading ended: past the window by the lookback, never past now. */
  readEnd: number | null;
  maxConcurrency: number;
  timeoutMs: number | null;
  /** Epoch ms now for a live read; null for a file. */
  now: number | null;
  /** The events carry no timestamps: date runs from their printed times. */
  undated: boolean;
}

export interface AuditResult extends Omit<ConcurrencyAnalysis, 'window'> {
  /** Null when the window came from the data and there was none. */
  window: TimeWindow | null;
}

/** From collected records to the analysis: pair, date, sweep. */
export function auditRecords(collector: RecordCollector, parameters: AuditParameters): AuditResult {
  const printedTimes = parameters.undated ? collectPrintedTimes(collector.allRecords()) : undefined;
  const readEnd = parameters.readEnd ?? parameters.window.end ?? lastPrintedTime(collector, printedTimes);
  const runs = pairInvocations(collector, {
    timeoutMs: parameters.timeoutMs,
    readStart: parameters.readStart ?? collector.firstTime,
    readEnd,
    now: parameters.now,
    ...(printedTimes ? { printedTimes } : {}),
  });

  const extent = extentOf(runs);
  const start = parameters.window.start ?? extent?.start;
  const end = parameters.window.end ?? extent?.end;
  if (start === undefined || end === undefined) {
    const empty = analyseConcurrency(runs, { start: 0, end: 0 }, parameters.maxConcurrency);
    return Object.defineProperties(
      { ...empty, window: null },
      { invocations: { get: () => [], enumerable: true }, runTimes: { get: () => [], enumerable: true } },
    );
  }

  return analyseConcurrency(runs, { start, end: Math.max(start, end) }, parameters.maxConcurrency);
}

function lastPrintedTime(collector: RecordCollector, printed: Map<string, number[]> | undefined): number {
  if (!printed) return collector.lastTime;
  let last = -Infinity;
  for (const times of printed.values()) last = Math.max(last, times[times.length - 1] ?? -Infinity);

  return last;
}

/** The span from the first start to the last end, for a file read whole. */
function extentOf(runs: RunTable): TimeWindow | null {
  let start = Infinity;
  let end = -Infinity;
  for (let i = 0; i < runs.length; i++) {
    if (!runs.isDated(i)) continue;
    start = Math.min(start, runs.start[i]!);
    end = Math.max(end, runs.end[i]!);
  }

  return start <= end ? { start, end } : null;
}
