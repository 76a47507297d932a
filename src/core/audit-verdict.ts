import type { AuditReport } from './audit-report.js';

export type FailOn = 'missed' | 'late' | 'duplicate';

/**
 * Why an audit fails, in words, empty when it passes: violations always;
 * schedule findings only when the user asked for them to count.
 */
export function auditFailures(
  report: AuditReport,
  rules: { maxLateMs: number | null; failOn: ReadonlySet<FailOn> },
): string[] {
  const reasons: string[] = [];
  const { summary } = report.result;
  if (summary.violations > 0) reasons.push(`${summary.violations} concurrency violations`);

  const check = report.schedule?.punctuality;
  if (!check) return reasons;
  if (rules.failOn.has('missed') && check.summary.missed > 0)
    reasons.push(`${check.summary.missed} missed fires`);
  if (rules.failOn.has('late') && check.summary.late > 0) reasons.push(`${check.summary.late} late fires`);
  if (rules.failOn.has('duplicate') && check.summary.duplicates > 0) {
    reasons.push(`${check.summary.duplicates} duplicate runs`);
  }
  if (rules.maxLateMs !== null) {
    const over = check.fires.filter(
      (fire) => fire.delayMs !== null && fire.delayMs > rules.maxLateMs!,
    ).length;
    if (over > 0) reasons.push(`${over} fires started more than --max-late after their time`);
  }

  return reasons;
}
