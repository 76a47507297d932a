import type { Invocation, InvocationStatus } from './invocation.js';
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
}

export interface DatedInvocation extends Invocation {
  start: number;
  end: number;
}

/**
 * Sweeps the runs' starts and ends across the window. Concurrency counts
 * execution environments (log streams) in flight, so a stream that seems
 * to run two requests at once is an anomaly of the input, not a violation.
 */
export function analyseConcurrency(
  all: Invocation[],
  window: TimeWindow,
  maxConcurrency: number,
): ConcurrencyAnalysis {
  const dated = all.filter(isDated).filter((run) => touchesWindow(run, window));
  dated.sort((a, b) => a.start - b.start || a.end - b.end || compare(a.requestId, b.requestId));
  const undated = all.filter((run) => !isDated(run)).length;

  const sweep = sweepWindow(dated, window, maxConcurrency);
  const summary = summarise(dated, sweep, maxConcurrency);
  summary.undated = undated;
  summary.timesInferred = all.some((run) => run.timesInferred && !run.startedBeforeWindow);

  return { window, summary, violations: sweep.violations, anomalies: sweep.anomalies, invocations: dated };
}

function isDated(run: Invocation): run is DatedInvocation {
  return run.start !== null && run.end !== null;
}

function touchesWindow(run: DatedInvocation, window: TimeWindow): boolean {
  if (run.start === run.end) return run.start >= window.start && run.start <= window.end;

  return run.start < window.end && run.end > window.start;
}

interface SweepResult {
  peak: number;
  violations: Violation[];
  anomalies: StreamAnomaly[];
}

interface Edge {
  time: number;
  /** -1 ends before +1 starts at the same instant: touching runs do not overlap. */
  delta: -1 | 1;
  run: DatedInvocation;
  key: string;
}

function sweepWindow(runs: DatedInvocation[], window: TimeWindow, max: number): SweepResult {
  const edges = buildEdges(runs, window);
  const activeByStream = new Map<string, Set<DatedInvocation>>();
  const violations: Violation[] = [];
  const anomalies: StreamAnomaly[] = [];
  const openAnomalies = new Map<string, StreamAnomaly>();
  let open: { start: number; peak: number; runs: Set<DatedInvocation> } | null = null;
  let peak = 0;

  for (let i = 0; i < edges.length; ) {
    const time = edges[i]!.time;
    const touched = new Set<string>();
    for (; i < edges.length && edges[i]!.time === time; i++) {
      const edge = edges[i]!;
      applyEdge(activeByStream, edge);
      touched.add(edge.key);
      if (edge.delta === 1 && open) open.runs.add(edge.run);
    }

    trackAnomalies(touched, activeByStream, openAnomalies, anomalies, time);
    const concurrency = activeByStream.size;
    peak = Math.max(peak, concurrency);

    if (concurrency > max) {
      if (!open) open = { start: time, peak: 0, runs: new Set(activeRuns(activeByStream)) };
      open.peak = Math.max(open.peak, concurrency);
    } else if (open) {
      violations.push(toViolation(open, time, max));
      open = null;
    }
  }

  return { peak, violations, anomalies };
}

function buildEdges(runs: DatedInvocation[], window: TimeWindow): Edge[] {
  const edges: Edge[] = [];
  for (const run of runs) {
    const start = Math.max(run.start, window.start);
    const end = Math.min(run.end, window.end);
    if (end <= start) continue;
    // Without stream names each run is taken as its own environment.
    const key = run.logStream ?? `run:${edges.length}`;
    edges.push({ time: start, delta: 1, run, key }, { time: end, delta: -1, run, key });
  }

  return edges.sort((a, b) => a.time - b.time || a.delta - b.delta);
}

function applyEdge(active: Map<string, Set<DatedInvocation>>, edge: Edge): void {
  let runs = active.get(edge.key);
  if (edge.delta === 1) {
    if (!runs) active.set(edge.key, (runs = new Set()));
    runs.add(edge.run);
    return;
  }
  runs?.delete(edge.run);
  if (runs?.size === 0) active.delete(edge.key);
}

function activeRuns(active: Map<string, Set<DatedInvocation>>): DatedInvocation[] {
  return [...active.values()].flatMap((runs) => [...runs]);
}

function trackAnomalies(
  touched: Set<string>,
  active: Map<string, Set<DatedInvocation>>,
  open: Map<string, StreamAnomaly>,
  done: StreamAnomaly[],
  time: number,
): void {
  for (const key of touched) {
    const runs = active.get(key);
    const current = open.get(key);
    if (runs && runs.size > 1) {
      const ids = [...runs].map((run) => run.requestId);
      if (current) current.requestIds = [...new Set([...current.requestIds, ...ids])];
      else open.set(key, { logStream: key, start: time, end: time, requestIds: ids });
    } else if (current) {
      current.end = time;
      done.push(current);
      open.delete(key);
    }
  }
}

function toViolation(
  open: { start: number; peak: number; runs: Set<DatedInvocation> },
  end: number,
  max: number,
): Violation {
  const runs = [...open.runs]
    .sort((a, b) => a.start - b.start || compare(a.requestId, b.requestId))
    .map(toViolationRun);
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

function summarise(runs: DatedInvocation[], sweep: SweepResult, max: number): ConcurrencySummary {
  const count = (status: InvocationStatus) => runs.filter((run) => run.status === status).length;

  return {
    invocations: runs.length,
    peakConcurrency: sweep.peak,
    maxConcurrency: max,
    violations: sweep.violations.length,
    overlapMs: sweep.violations.reduce((sum, v) => sum + v.durationMs, 0),
    longestRunMs: runs.reduce((longest, run) => Math.max(longest, run.end - run.start), 0),
    timeouts: count('timeout'),
    errors: count('error'),
    unfinished: count('unfinished'),
    inProgress: count('in-progress'),
    startedBeforeWindow: runs.filter((run) => run.startedBeforeWindow).length,
    undated: 0,
    anomalies: sweep.anomalies.length,
    timesInferred: false,
  };
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
