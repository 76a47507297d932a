/** A schedule that invokes a function, as lock and doctor look at it. */
export interface TargetingSchedule {
  name: string;
  group: string;
  expression: string;
  state: string;
}

const UNIT_SECONDS: Record<string, number> = {
  minute: 60,
  minutes: 60,
  hour: 3600,
  hours: 3600,
  day: 86_400,
  days: 86_400,
};

/**
 * The shortest time between two fires of an expression, in seconds, where
 * it can be told without a cron calendar: a `rate()`, or an `at()` (which
 * fires once). Null for `cron()`, which this release does not work out.
 */
export function shortestGapSeconds(expression: string): number | null {
  // A one-time schedule fires once: it cannot overlap itself.
  if (/^at\(/.test(expression.trim())) return Infinity;
  const rate = /^rate\(\s*(\d+)\s+(minutes?|hours?|days?)\s*\)$/.exec(expression.trim());
  if (!rate) return null;

  return Number(rate[1]) * UNIT_SECONDS[rate[2]!]!;
}

export type OverlapVerdict = 'no' | 'yes' | 'unknown';

/**
 * Whether two copies can run at once: never with a reservation of one (or
 * none at all with zero); else when the timeout is longer than the
 * shortest gap between fires of any schedule.
 */
export function canOverlap(
  reserved: number | null,
  timeoutSeconds: number,
  schedules: TargetingSchedule[],
): OverlapVerdict {
  if (reserved !== null && reserved <= 1) return 'no';
  if (schedules.length > 1) return 'yes';
  let verdict: OverlapVerdict = 'no';
  for (const schedule of schedules) {
    const gap = shortestGapSeconds(schedule.expression);
    if (gap === null) verdict = 'unknown';
    else if (timeoutSeconds > gap) return 'yes';
  }

  return verdict;
}
