import type { LockTarget } from '../aws/lambda-lock.js';
import { describeBusy, type Plan, type SavedState } from '../core/lock-plan.js';
import { canOverlap, type TargetingSchedule } from '../core/schedule-gap.js';

export interface LockReport {
  command: 'lock' | 'unlock';
  target: LockTarget;
  plan: Plan;
  /** Null when the schedules could not be listed. */
  schedules: TargetingSchedule[] | null;
  dryRun: boolean;
  written: boolean;
  /** What is kept for unlock once this command is done; null when nothing. */
  saved: SavedState | null;
  /** Fire times are counted from here. */
  now: number;
}

/** The `--json` contract of `lcron lock` and `lcron unlock`: documented in the README. */
export function lockToJson(report: LockReport): Record<string, unknown> {
  const { target, plan } = report;

  return {
    function: target.functionName,
    functionArn: target.functionArn,
    dryRun: report.dryRun,
    written: report.written,
    changes: plan.changes,
    before: plan.before,
    after: plan.after,
    saved: report.saved,
    busy: describeBusy(plan.after),
    schedules:
      report.schedules?.map(({ name, group, expression, timezone, state }) => ({
        name,
        group,
        expression,
        timezone,
        state,
      })) ?? null,
    canOverlap:
      report.schedules === null
        ? 'unknown'
        : canOverlap(plan.after.reservedConcurrency, target.timeoutSeconds, report.schedules, report.now),
  };
}
