import type { Expression } from './expression.js';
import { nextFires, shortestGapSeconds } from './fire-times.js';
import type { ScheduleFields } from './plan.js';
import { resolveLocal } from './zone.js';

/** When two copies of a function can run at once under one schedule, and why. */
export interface OverlapRisk {
  /** The shortest gap between fires, less the flexible window. */
  gapSeconds: number;
  windowMinutes: number | null;
  timeoutSeconds: number;
  reservedConcurrency: number | null;
}

/**
 * The shortest time between two fires, less the flexible window: one fire
 * may come at the end of its window and the next at the start of its own.
 */
export function effectiveGapSeconds(
  expression: Expression,
  timezone: string,
  windowMinutes: number | null,
  now: number,
) {
  const naturalSeconds = shortestGapSeconds(expression, timezone, now);

  return { seconds: Math.max(0, naturalSeconds - (windowMinutes ?? 0) * 60), naturalSeconds };
}

/**
 * A run lasts at most the function's timeout. If that is longer than the
 * shortest gap between fires, the next fire finds it still running, and
 * only a reservation of 1 (or 0, which stops everything) keeps a second
 * copy from starting.
 */
export function overlapRisk(
  expression: Expression,
  fields: Pick<ScheduleFields, 'timezone' | 'windowMinutes'>,
  timeoutSeconds: number,
  reservedConcurrency: number | null,
  now: number,
): OverlapRisk | null {
  if (reservedConcurrency !== null && reservedConcurrency <= 1) return null;
  const gap = effectiveGapSeconds(expression, fields.timezone, fields.windowMinutes, now);
  if (!(timeoutSeconds > gap.seconds)) return null;

  return {
    gapSeconds: gap.seconds,
    windowMinutes: fields.windowMinutes,
    timeoutSeconds,
    reservedConcurrency,
  };
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
    // A rate made now counts from now; whole seconds read better and Scheduler keeps only minutes.
    from: Math.floor(now / 1000) * 1000,
    count,
    start: fields.startDate === null ? null : Date.parse(fields.startDate),
    end: fields.endDate === null ? null : Date.parse(fields.endDate),
  });
}

/**
 * Why a schedule would never fire from now on, or null when it will: an
 * `at()` in the past or in the hour the clocks skip, a cron whose days
 * never come (30 February), or an end before the next fire.
 */
export function neverFiresReason(expression: Expression, fields: ScheduleFields, now: number): string | null {
  if (upcomingFires(expression, fields, now, 1).length > 0) return null;
  if (expression.kind === 'at') {
    const instant = resolveLocal(expression.local, fields.timezone);
    if (instant.kind === 'gap')
      return `it names a time that does not exist in ${fields.timezone}: the clocks skip it`;
    return `its time has passed in ${fields.timezone}`;
  }
  if (fields.endDate !== null) return `its end ${fields.endDate} comes before its next fire`;

  return 'no date it names ever comes (is it a day the month does not have?)';
}
