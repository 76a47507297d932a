import { parseExpression } from './schedule/expression.js';
import { shortestGapSeconds } from './schedule/fire-times.js';
import type { ScheduleFields } from './schedule/plan.js';

/** A schedule that invokes a function, as lock and doctor look at it. */
export interface TargetingSchedule {
  name: string;
  group: string;
  expression: string;
  timezone: string;
  state: string;
  /** Every field, for the commands that show or check more than the expression. */
  fields?: ScheduleFields;
  createdAt?: string | null;
}

export type OverlapVerdict = 'no' | 'yes' | 'unknown';

/**
 * Whether two copies can run at once: never with a reservation of one (or
 * none at all with zero); else when the timeout is longer than the
 * shortest gap between fires of any schedule, or two schedules fire.
 * An expression lcron cannot read (Scheduler took it, lcron's rules did
 * not) leaves the answer unknown.
 */
export function canOverlap(
  reserved: number | null,
  timeoutSeconds: number,
  schedules: TargetingSchedule[],
  now: number,
): OverlapVerdict {
  if (reserved !== null && reserved <= 1) return 'no';
  if (schedules.length > 1) return 'yes';
  let verdict: OverlapVerdict = 'no';
  for (const schedule of schedules) {
    let gap: number;
    try {
      gap = shortestGapSeconds(parseExpression(schedule.expression).expression, schedule.timezone, now);
    } catch {
      verdict = 'unknown';
      continue;
    }
    if (timeoutSeconds > gap) return 'yes';
  }

  return verdict;
}
