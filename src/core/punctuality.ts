export interface ExpectedFire {
  /** Epoch ms of the scheduled time (whole minute, in UTC). */
  at: number;
  /** Which schedule it belongs to, as "group/name". */
  schedule: string;
  /** The schedule's flexible window in minutes; 0 when off. */
  windowMinutes: number;
}

export interface RunStart {
  requestId: string;
  start: number;
  end: number;
}

export type FireStatus = 'on-time' | 'late' | 'missed';

export interface FireMatch {
  at: number;
  schedule: string;
  status: FireStatus;
  requestId: string | null;
  /** Run start minus scheduled time, ms; null when missed. */
  delayMs: number | null;
  /** How far past the on-time band the run started; 0 when on time, null when missed. */
  lateMs: number | null;
}

export interface QueuedPattern {
  /** Consecutive late runs that each started right after the previous ended, lateness growing. */
  runs: number;
  firstFire: number;
  /** How far behind the schedule the runs are at the end of the window, ms. */
  behindMs: number;
  /** Fires still unmatched after the last run: the backlog at the end of the window. */
  backlog: number;
}

export interface PunctualitySummary {
  fires: number;
  onTime: number;
  late: number;
  missed: number;
  /** Runs matched to no fire: duplicate deliveries or manual invocations. */
  duplicates: number;
  /** Over late fires only; null when none. */
  worstLateMs: number | null;
  /** Over late fires only, the mean of the middle two for an even count; null when none. */
  medianLateMs: number | null;
}

export interface Punctuality {
  fires: FireMatch[];
  extraRuns: RunStart[];
  queued: QueuedPattern | null;
  summary: PunctualitySummary;
}

export interface PunctualityOptions {
  /** The audit window: fires outside it are not expected; runs outside it are ignored. */
  window: { start: number; end: number };
  /** Slack after the band for Lambda to start an asynchronous run (default 10_000 ms). */
  startGraceMs?: number;
  /** A run that starts within this long after another ended "starts right after" it (default 5_000 ms). */
  backToBackMs?: number;
}

const MINUTE_MS = 60_000;
// Log clocks and Scheduler's clock may disagree by a little: a run this early still counts for a fire.
const SKEW_MS = 2_000;
export const DEFAULT_START_GRACE_MS = 10_000;
const DEFAULT_BACK_TO_BACK_MS = 5_000;
// Two late runs in a row can be chance; three back to back with lateness growing is a queue.
const QUEUE_MIN_RUNS = 3;

/** The end (exclusive) of a fire's on-time band: its minute, its flexible window, then Lambda's start. */
export function onTimeUntil(fire: ExpectedFire, startGraceMs = DEFAULT_START_GRACE_MS): number {
  return deliverableUntil(fire) + startGraceMs;
}

/** Scheduler delivers a fire within its minute plus its flexible window, never later. */
function deliverableUntil(fire: ExpectedFire): number {
  return fire.at + (1 + fire.windowMinutes) * MINUTE_MS;
}

interface Settings {
  start: number;
  end: number;
  graceMs: number;
  backToBackMs: number;
}

/** One expected fire while runs are matched to it. */
interface Slot {
  fire: ExpectedFire;
  bandEnd: number;
  run: RunStart | null;
  /** An idle run came once Scheduler could no longer deliver it: missed, whatever the window. */
  dropped: boolean;
}

interface TimelineEntry {
  run: RunStart;
  slot: Slot | null;
}

/**
 * Matches each expected fire to the run it caused, from the runs' start times alone.
 * Runs that started before the window take no fire, but still keep the function busy,
 * so the first runs in the window are read as queued behind them when they were.
 */
export function matchFires(
  fires: ExpectedFire[],
  runs: RunStart[],
  options: PunctualityOptions,
): Punctuality {
  const settings = toSettings(options);
  const slots = expectedSlots(fires, settings);
  const sorted = [...runs].sort(compareRuns);
  const before = sorted.filter((run) => run.start < settings.start);
  const inWindow = sorted.filter((run) => run.start >= settings.start && run.start < settings.end);
  const busyUntil = before.reduce((latest, run) => Math.max(latest, run.end), -Infinity);

  const timeline = assignRuns(slots, inWindow, busyUntil, settings.backToBackMs);
  const due = slots.filter(
    (slot) =>
      (slot.fire.at >= settings.start || slot.run !== null) &&
      (slot.run || slot.dropped || slot.bandEnd <= settings.end),
  );
  const matches = new Map(due.map((slot) => [slot, toMatch(slot)]));
  const extraRuns = timeline.filter((entry) => !entry.slot).map((entry) => entry.run);
  const queued = findQueuedPattern(timeline, matches, busyUntil, settings);

  const list = [...matches.values()];

  return { fires: list, extraRuns, queued, summary: summarise(list, extraRuns.length) };
}

function toSettings(options: PunctualityOptions): Settings {
  return {
    start: options.window.start,
    end: options.window.end,
    graceMs: options.startGraceMs ?? DEFAULT_START_GRACE_MS,
    backToBackMs: options.backToBackMs ?? DEFAULT_BACK_TO_BACK_MS,
  };
}

/** The window's fires of every schedule, merged by time; ties by schedule name, so input order never matters. */
function expectedSlots(fires: ExpectedFire[], settings: Settings): Slot[] {
  return (
    fires
      // A fire just before the window may have its run just inside it: kept, and counted only if it has one.
      .filter((fire) => onTimeUntil(fire, settings.graceMs) > settings.start && fire.at < settings.end)
      .sort((a, b) => a.at - b.at || compare(a.schedule, b.schedule) || a.windowMinutes - b.windowMinutes)
      .map((fire) => ({ fire, bandEnd: onTimeUntil(fire, settings.graceMs), run: null, dropped: false }))
  );
}

function compareRuns(a: RunStart, b: RunStart): number {
  return a.start - b.start || compare(a.requestId, b.requestId) || a.end - b.end;
}

/**
 * Walks the runs in start order with a FIFO of fires that have come and have no run yet.
 * A run that finds the function busy was queued, so it serves the oldest fire; one that finds
 * it idle cannot have been, so it serves the newest. With nothing pending it is an extra run,
 * which is also how a second run in one fire's band ends up: its fire is no longer pending.
 */
function assignRuns(
  slots: Slot[],
  runs: RunStart[],
  busyUntil: number,
  backToBackMs: number,
): TimelineEntry[] {
  const timeline: TimelineEntry[] = [];
  const pending: Slot[] = [];
  let next = 0;
  let lastEnd = busyUntil;
  for (const run of runs) {
    while (next < slots.length && slots[next]!.fire.at <= run.start + SKEW_MS) pending.push(slots[next++]!);
    // Runs are in start order, so "in flight at the start" and "ended just before" are both this.
    const busy = lastEnd >= run.start - backToBackMs;
    const slot = (busy ? pending.shift() : takeNewest(pending, run.start)) ?? null;
    if (slot) slot.run = run;
    timeline.push({ run, slot });
    lastEnd = Math.max(lastEnd, run.end);
  }

  return timeline;
}

/**
 * The idle case: the run is the newest pending fire's (the first by name among fires of one
 * minute). Older fires Scheduler can no longer deliver were dropped; those still inside their
 * minute or flexible window stay pending, as another schedule's run may yet come for them.
 */
function takeNewest(pending: Slot[], start: number): Slot | undefined {
  const newest = pending.at(-1);
  if (!newest) return undefined;
  const taken = pending.splice(
    pending.findIndex((slot) => slot.fire.at === newest.fire.at),
    1,
  )[0];
  for (let i = pending.length - 1; i >= 0; i--) {
    const slot = pending[i]!;
    if (slot.fire.at < taken!.fire.at && deliverableUntil(slot.fire) <= start) {
      slot.dropped = true;
      pending.splice(i, 1);
    }
  }

  return taken;
}

/**
 * A fire with no run is missed once its band has ended by the window's end (callers keep the
 * rest out as not yet due). That includes a queue's backlog: those fires may still be waiting,
 * which `QueuedPattern.backlog` says, but no run took them within the window.
 */
function toMatch(slot: Slot): FireMatch {
  const { fire, run } = slot;
  const base = { at: fire.at, schedule: fire.schedule };
  if (!run) return { ...base, status: 'missed', requestId: null, delayMs: null, lateMs: null };
  // The band is half-open: a run at its very end is late, by 0 ms.
  const late = run.start >= slot.bandEnd;

  return {
    ...base,
    status: late ? 'late' : 'on-time',
    requestId: run.requestId,
    delayMs: run.start - fire.at,
    lateMs: late ? run.start - slot.bandEnd : 0,
  };
}

/**
 * The longest chain of late runs, each starting right after the run before it ended, with
 * lateness never falling and rising from first to last: the signature of a queue that the
 * function cannot keep up with. Extra runs neither break nor extend a chain. The backlog is
 * counted only when the chain reaches the last matched run, as only then is it still queued.
 */
function findQueuedPattern(
  timeline: TimelineEntry[],
  matches: Map<Slot, FireMatch>,
  busyUntil: number,
  { backToBackMs, end }: Settings,
): QueuedPattern | null {
  let best: FireMatch[] = [];
  let chain: FireMatch[] = [];
  let lastEnd = busyUntil;
  for (const { run, slot } of timeline) {
    const match = slot ? matches.get(slot) : undefined;
    if (match?.status === 'late') {
      const previous = chain.at(-1);
      const backToBack = run.start >= lastEnd - SKEW_MS && run.start - lastEnd <= backToBackMs;
      // Pushed, not copied: a week of queued per-minute runs is a chain of ten thousand.
      if (previous && backToBack && match.lateMs! >= previous.lateMs!) chain.push(match);
      else chain = [match];
      if (isQueue(chain) && chain.length > best.length) best = chain;
    } else if (match) {
      chain = [];
    }
    lastEnd = Math.max(lastEnd, run.end);
  }
  if (best.length === 0) return null;

  const last = best.at(-1)!;
  const lastSlot = timeline.findLast((entry) => entry.slot)?.slot;
  // Still queued only if the chain is the last thing that ran and the function was busy to the
  // window's end: once it has gone idle, fires after it were dropped, not waiting.
  const stillQueued = lastSlot ? matches.get(lastSlot) === last && lastEnd + backToBackMs >= end : false;
  const missedAfter = [...matches.values()].filter((m) => m.status === 'missed' && m.at > last.at);

  return {
    runs: best.length,
    firstFire: best[0]!.at,
    behindMs: last.delayMs!,
    backlog: stillQueued ? missedAfter.length : 0,
  };
}

function isQueue(chain: FireMatch[]): boolean {
  return chain.length >= QUEUE_MIN_RUNS && chain.at(-1)!.lateMs! > chain[0]!.lateMs!;
}

function summarise(fires: FireMatch[], duplicates: number): PunctualitySummary {
  const late = fires
    .filter((fire) => fire.status === 'late')
    .map((fire) => fire.lateMs!)
    .sort((a, b) => a - b);
  const middle = late.length >> 1;
  const median = late.length % 2 === 1 ? late[middle]! : (late[middle - 1]! + late[middle]!) / 2;

  return {
    fires: fires.length,
    onTime: fires.filter((fire) => fire.status === 'on-time').length,
    late: late.length,
    missed: fires.filter((fire) => fire.status === 'missed').length,
    duplicates,
    worstLateMs: late.length > 0 ? late.at(-1)! : null,
    medianLateMs: late.length > 0 ? median : null,
  };
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
