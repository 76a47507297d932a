import type { Invocation, InvocationStatus } from './invocation.js';
import { RunFlag, Status, type RunTable } from './run-table.js';
import type { TimeWindow } from './time-window.js';

/** A run that failed this fast while another ran was most likely turned away by a lock. */
export const TURNED_AWAY_MS = 1_000;

export interface ViolationRun {
  requestId: string;
  logStream: string | null;
  start: number;
  end: number;
  durationMs: number;
  status: InvocationStatus;
  turnedAway: boolean;
}

/** A maximal interval in which more runs were in flight than allowed. */
export interface Violation {
  start: number;
  end: number;
  durationMs: number;
  /** The most runs in flight at once within the interval. */
  concurrency: number;
  requestIds: string[];
  runs: ViolationRun[];
  /** Every run but one was turned away fast: a lock doing its job, not double work. */
  likelyLockRejection: boolean;
}

/** Two runs in one log stream at once: impossible for Lambda, so the input is off. */
export interface StreamAnomaly {
  logStream: string;
  start: number;
  end: number;
  requestIds: string[];
}

export interface ConcurrencySummary {
  invocations: number;
  peakConcurrency: number;
  maxConcurrency: number;
  violations: number;
  overlapMs: number;
  longestRunMs: number;
  timeouts: number;
  errors: number;
  unfinished: number;
  inProgress: number;
  startedBeforeWindow: number;
  undated: number;
  anomalies: number;
  timesInferred: boolean;
}

export interface ConcurrencyAnalysis {
  window: TimeWindow;
  summary: ConcurrencySummary;
  violations: Violation[];
  anomalies: StreamAnomaly[];
  /** The runs that touch the window, by start time. */
  invocations: DatedInvocation[];
  /** The same runs as just their request ID and times: what matching them to fires needs. */
  runTimes: RunTimes[];
}

export interface RunTimes {
  requestId: string;
  start: number;
  end: number;
}

export interface DatedInvocation extends Invocation {
  start: number;
  end: number;
}

/**
 * Sweeps the runs' starts and ends across the window. Concurrency counts
 * execution environments (log streams) in flight, so a stream that seems
 * to run two requests at once is an anomaly of the input, not a violation.
 * `invocations` is made on first use: a script that asks for the summary
 * never pays for an object a run.
 */
export function analyseConcurrency(
  table: RunTable,
  window: TimeWindow,
  maxConcurrency: number,
): ConcurrencyAnalysis {
  const inWindow = runsInWindow(table, window);
  const sweep = sweepWindow(table, inWindow, window, maxConcurrency);
  const summary = summarise(table, inWindow, sweep, maxConcurrency);

  let invocations: DatedInvocation[] | undefined;
  let runTimes: RunTimes[] | undefined;
  return {
    window,
    summary,
    violations: sweep.violations,
    anomalies: sweep.anomalies,
    get invocations() {
      return (invocations ??= Array.from(inWindow, (i) => table.invocation(i) as DatedInvocation));
    },
    get runTimes() {
      return (runTimes ??= Array.from(inWindow, (i) => ({
        requestId: table.ids.get(table.requestId[i]!),
        start: table.start[i]!,
        end: table.end[i]!,
      })));
    },
  };
}

/** Dated runs that touch the window, by start, then end, then request ID. */
function runsInWindow(table: RunTable, window: TimeWindow): Uint32Array {
  const picked: number[] = [];
  for (let i = 0; i < table.length; i++) {
    if (!table.isDated(i)) continue;
    const start = table.start[i]!;
    const end = table.end[i]!;
    const touches =
      start === end ? start >= window.start && start <= window.end : start < window.end && end > window.start;
    if (touches) picked.push(i);
  }
  const { start, end } = table;

  return Uint32Array.from(picked).sort(
    (a, b) =>
      start[a]! - start[b]! ||
      end[a]! - end[b]! ||
      table.ids.compare(table.requestId[a]!, table.requestId[b]!),
  );
}

interface SweepResult {
  peak: number;
  violations: Violation[];
  anomalies: StreamAnomaly[];
}

interface OpenViolation {
  start: number;
  peak: number;
  runs: Set<number>;
}

/**
 * The sweep itself: runs are already in start order, so only their ends
 * need sorting, and the two lists are merged with ends first at equal
 * times, so runs that touch do not overlap.
 */
function sweepWindow(table: RunTable, runs: Uint32Array, window: TimeWindow, max: number): SweepResult {
  const n = runs.length;
  const starts = new Float64Array(n);
  const ends = new Float64Array(n);
  const streamOf = new Int32Array(n);
  let streams = table.streamNames.length;
  const byEnd: number[] = [];
  for (let k = 0; k < n; k++) {
    const i = runs[k]!;
    starts[k] = Math.max(table.start[i]!, window.start);
    ends[k] = Math.min(table.end[i]!, window.end);
    // Without stream names each run is taken as its own environment.
    streamOf[k] = table.streamNames[table.stream[i]!] === null ? streams++ : table.stream[i]!;
    if (ends[k]! > starts[k]!) byEnd.push(k);
  }
  byEnd.sort((a, b) => ends[a]! - ends[b]! || a - b);
  const byStart = byEnd.slice().sort((a, b) => a - b);

  const state = new SweepState(table, runs, streamOf, streams, max);
  let s = 0;
  let e = 0;
  while (s < byStart.length || e < byEnd.length) {
    const nextStart = s < byStart.length ? starts[byStart[s]!]! : Infinity;
    const nextEnd = e < byEnd.length ? ends[byEnd[e]!]! : Infinity;
    const time = Math.min(nextStart, nextEnd);
    while (e < byEnd.length && ends[byEnd[e]!] === time) state.leave(byEnd[e++]!, time);
    while (s < byStart.length && starts[byStart[s]!] === time) state.enter(byStart[s++]!, time);
    state.settle(time);
  }

  return { peak: state.peak, violations: state.violations, anomalies: state.anomalies };
}

/** What is in flight during the sweep, and what it has found so far. Runs are positions in `runs`. */
class SweepState {
  peak = 0;
  readonly violations: Violation[] = [];
  readonly anomalies: StreamAnomaly[] = [];
  private readonly perStream: Int32Array;
  private streamsInFlight = 0;
  private readonly active: number[] = [];
  private readonly slot: Int32Array;
  private open: OpenViolation | null = null;
  private readonly openAnomalies = new Map<number, { start: number; ids: Set<string> }>();

  constructor(
    private readonly table: RunTable,
    private readonly runs: Uint32Array,
    private readonly streamOf: Int32Array,
    streams: number,
    private readonly max: number,
  ) {
    this.perStream = new Int32Array(streams);
    this.slot = new Int32Array(runs.length).fill(-1);
  }

  enter(run: number, time: number): void {
    const stream = this.streamOf[run]!;
    const inStream = (this.perStream[stream] ?? 0) + 1;
    this.perStream[stream] = inStream;
    if (inStream === 1) this.streamsInFlight++;
    this.slot[run] = this.active.push(run) - 1;
    this.open?.runs.add(run);
    if (inStream > 1) this.noteAnomaly(stream, time);
  }

  leave(run: number, time: number): void {
    const stream = this.streamOf[run]!;
    const left = (this.perStream[stream] ?? 0) - 1;
    this.perStream[stream] = left;
    if (left === 0) this.streamsInFlight--;
    // Swap-remove from the active list.
    const at = this.slot[run]!;
    const moved = this.active.pop()!;
    if (moved !== run) {
      this.active[at] = moved;
      this.slot[moved] = at;
    }
    this.slot[run] = -1;
    if (left <= 1) this.closeAnomaly(stream, time);
  }

  /** After every edge at `time`: open, grow or close the violation. */
  settle(time: number): void {
    const concurrency = this.streamsInFlight;
    if (concurrency > this.peak) this.peak = concurrency;
    if (concurrency > this.max) {
      this.open ??= { start: time, peak: 0, runs: new Set(this.active) };
      this.open.peak = Math.max(this.open.peak, concurrency);
    } else if (this.open) {
      const runs = [...this.open.runs].map((k) => this.table.invocation(this.runs[k]!) as DatedInvocation);
      this.violations.push(toViolation(runs, this.open, time, this.max));
      this.open = null;
    }
  }

  private noteAnomaly(stream: number, time: number): void {
    let anomaly = this.openAnomalies.get(stream);
    if (!anomaly) this.openAnomalies.set(stream, (anomaly = { start: time, ids: new Set() }));
    for (const run of this.active) {
      if (this.streamOf[run] === stream)
        anomaly.ids.add(this.table.ids.get(this.table.requestId[this.runs[run]!]!));
    }
  }

  private closeAnomaly(stream: number, time: number): void {
    const anomaly = this.openAnomalies.get(stream);
    if (!anomaly) return;
    this.openAnomalies.delete(stream);
    const logStream = this.table.streamNames[stream] ?? '';
    this.anomalies.push({ logStream, start: anomaly.start, end: time, requestIds: [...anomaly.ids] });
  }
}

function toViolation(all: DatedInvocation[], open: OpenViolation, end: number, max: number): Violation {
  const runs = all.sort((a, b) => a.start - b.start || compare(a.requestId, b.requestId)).map(toViolationRun);
  const doingWork = runs.filter((run) => !run.turnedAway).length;

  return {
    start: open.start,
    end,
    durationMs: end - open.start,
    concurrency: open.peak,
    requestIds: runs.map((run) => run.requestId),
    runs,
    likelyLockRejection: doingWork <= max,
  };
}

function toViolationRun(run: DatedInvocation): ViolationRun {
  const durationMs = run.end - run.start;

  return {
    requestId: run.requestId,
    logStream: run.logStream,
    start: run.start,
    end: run.end,
    durationMs,
    status: run.status,
    turnedAway: run.status === 'error' && durationMs < TURNED_AWAY_MS,
  };
}

function summarise(table: RunTable, runs: Uint32Array, sweep: SweepResult, max: number): ConcurrencySummary {
  const byStatus = [0, 0, 0, 0, 0];
  let longest = 0;
  let startedBefore = 0;
  let inferred = false;
  for (const i of runs) {
    byStatus[table.status[i]!]!++;
    longest = Math.max(longest, table.end[i]! - table.start[i]!);
    if (table.has(i, RunFlag.StartedBeforeWindow)) startedBefore++;
  }
  let undated = 0;
  for (let i = 0; i < table.length; i++) {
    if (!table.isDated(i)) undated++;
    if (table.has(i, RunFlag.TimesInferred) && !table.has(i, RunFlag.StartedBeforeWindow)) inferred = true;
  }

  return {
    invocations: runs.length,
    peakConcurrency: sweep.peak,
    maxConcurrency: max,
    violations: sweep.violations.length,
    overlapMs: sweep.violations.reduce((sum, v) => sum + v.durationMs, 0),
    longestRunMs: longest,
    timeouts: byStatus[Status.Timeout]!,
    errors: byStatus[Status.Error]!,
    unfinished: byStatus[Status.Unfinished]!,
    inProgress: byStatus[Status.InProgress]!,
    startedBeforeWindow: startedBefore,
    undated,
    anomalies: sweep.anomalies.length,
    timesInferred: inferred,
  };
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
