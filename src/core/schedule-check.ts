import type { ExpectedSchedule, ScheduleCheck } from './audit-report.js';
import type { RunTimes } from './concurrency.js';
import { DEFAULT_START_GRACE_MS, matchFires, type ExpectedFire } from './punctuality.js';
import type { Expression } from './schedule/expression.js';
import { nextFires } from './schedule/fire-times.js';
import type { TimeWindow } from './time-window.js';

/** A schedule an audit knows, with what its fires count from. */
export interface ScheduleToCheck extends ExpectedSchedule {
  parsed: Expression;
  startDate: number | null;
  endDate: number | null;
  /** When Scheduler began counting a rate with no start date: the schedule's creation. */
  createdAt: number | null;
}

// A week of per-minute fires is 10,080: this bounds a runaway window, not a real one.
const MAX_FIRES = 500_000;
const CHUNK = 1_000;
const MINUTE_MS = 60_000;

/**
 * The fires each schedule expected in the window, matched to the runs. A
 * rate counts from its start date, else from its creation, else (a file
 * audit with `--expected`) from the minute of the first run.
 */
export function checkSchedules(
  schedules: ScheduleToCheck[],
  runs: RunTimes[],
  window: TimeWindow,
): ScheduleCheck {
  const firstRun = runs.reduce((first, run) => Math.min(first, run.start), Infinity);
  const fires: ExpectedFire[] = [];
  for (const schedule of schedules) {
    const anchor =
      schedule.startDate ??
      schedule.createdAt ??
      (Number.isFinite(firstRun) ? Math.floor(firstRun / MINUTE_MS) * MINUTE_MS : null);
    // A cron fires nothing before its schedule existed; a rate counts from its anchor.
    const since = schedule.parsed.kind === 'rate' ? anchor : (schedule.startDate ?? schedule.createdAt);
    for (const at of firesBetween(schedule, window, since)) {
      fires.push({ at, schedule: schedule.id, windowMinutes: schedule.windowMinutes });
    }
  }

  return {
    schedules: schedules.map(({ id, expression, timezone, windowMinutes }) => ({
      id,
      expression,
      timezone,
      windowMinutes,
    })),
    punctuality: matchFires(fires, runs, { window }),
  };
}

/**
 * From a little before the window: a fire whose run starts just inside it
 * (its minute, its flexible window and Lambda's start later) is its fire.
 */
function firesBetween(schedule: ScheduleToCheck, window: TimeWindow, start: number | null): number[] {
  const fires: number[] = [];
  let from = window.start - ((1 + schedule.windowMinutes) * MINUTE_MS + DEFAULT_START_GRACE_MS);
  while (fires.length < MAX_FIRES) {
    const chunk = nextFires(schedule.parsed, {
      zone: schedule.timezone,
      from,
      count: CHUNK,
      start,
      end: schedule.endDate,
    });
    for (const at of chunk) {
      if (at >= window.end) return fires;
      fires.push(at);
    }
    if (chunk.length < CHUNK) return fires;
    from = chunk[chunk.length - 1]! + 1;
  }

  return fires;
}
