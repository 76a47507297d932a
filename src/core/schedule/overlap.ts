import type { Expression } from './expression.js';
import { nextFires, shortestGapSeconds } from './fire-times.js';
import type { ScheduleFields } from './plan.js';

/** When two copies of a function can run at once under one schedule, and why. */
export interface OverlapRisk {
  gapSeconds: number;
  timeoutSeconds: number;
  reservedConcurrency: number | null;
}

/**
 * A run lasts at most the function's timeout. If that is longer than the
 * shortest gap between fires, the next fire finds it still running, and
 * only a reservation of 1 (or 0, which stops everything) keeps a second
 * copy from starting.
 */
export function overlapRisk(
  expression: Expression,
  timezone: string,
  timeoutSeconds: number,
  reservedConcurrency: number | null,
  now: number,
): OverlapRisk | null {
  if (reservedConcurrency !== null && reservedConcurrency <= 1) return null;
  const gapSeconds = shortestGapSeconds(expression, timezone, now);
  if (!(timeoutSeconds > gapSeconds)) return null;

  return { gapSeconds, timeoutSeconds, reservedConcurrency };
}

export const FIRES_SHOWN = 5;

/**
 * The next fires of a schedule from now. A rate counts from its start
 * date, or from now: Scheduler starts a rate when the schedule is made.
 */
export function upcomingFires(
  expression: Expression,
  fields: ScheduleFields,
  now: number,
  count = FIRES_SHOWN,
) {
  return nextFires(expression, {
    zone: fields.timezone,
    from: now,
    count,
    start: fields.startDate === null ? null : Date.parse(fields.startDate),
    end: fields.endDate === null ? null : Date.parse(fields.endDate),
  });
}
