import {
  DEFAULT_EVENT_AGE_SECONDS,
  DEFAULT_RETRY_ATTEMPTS,
  describeBusy,
  formatSeconds,
  type LockSetting,
} from '../core/lock-plan.js';
import { canOverlap } from '../core/schedule-gap.js';
import type { LockReport } from './lock-json.js';

const LABEL: Record<LockSetting, string> = {
  reservedConcurrency: 'reserved concurrency',
  maximumEventAgeSeconds: 'maximum event age',
  maximumRetryAttempts: 'maximum retry attempts',
  onFailure: 'on-failure destination',
};

/** The plan (current -> new), what was done, and the function's state after it. */
export function renderLock(report: LockReport): string {
  const { target, plan } = report;
  const lines = [`lcron ${report.command} ${target.functionName}`];
  for (const change of plan.changes) {
    lines.push(
      `  ${LABEL[change.setting].padEnd(24)}${show(change.setting, change.from)} -> ${show(change.setting, change.to)}`,
    );
  }
  if (report.command === 'unlock' && target.saved === null)
    lines.push('  not locked by lcron (no lcron:before-* tags): nothing to undo');
  else if (plan.changes.length === 0) lines.push('  up to date: nothing to change, nothing written');
  else lines.push(report.dryRun ? '  dry run: nothing written' : '  written');

  const busy = describeBusy(plan.after);
  const reserved = plan.after.reservedConcurrency;
  const overlap =
    report.schedules === null
      ? 'unknown'
      : canOverlap(reserved, target.timeoutSeconds, report.schedules, report.now);
  const rows: Array<[string, string]> = [
    ['Reservation', reserved === null ? 'none' : String(reserved)],
    ['When busy', busy.whenBusy],
    ['Maximum wait', busy.maximumWaitSeconds === 0 ? 'none' : formatSeconds(busy.maximumWaitSeconds)],
    ['Dropped runs go', busy.droppedRunsGo ?? 'nowhere: pass `--on-discard ARN` to keep a record'],
    ['Schedules', describeSchedules(report)],
    ['Copies can overlap', overlap === 'unknown' ? 'unknown (cron() gaps are not worked out yet)' : overlap],
  ];
  lines.push('', ...rows.map(([label, value]) => `${label.padEnd(19)}${value}`));

  return `${lines.join('\n')}\n`;
}

function describeSchedules(report: LockReport): string {
  if (report.schedules === null) return 'could not be listed';
  if (report.schedules.length === 0) return 'none target this function';

  return report.schedules
    .map((s) => `${s.group}/${s.name} ${s.expression}${s.state === 'DISABLED' ? ' (disabled)' : ''}`)
    .join('; ');
}

function show(setting: LockSetting, value: number | string | null): string {
  if (value !== null)
    return setting === 'maximumEventAgeSeconds' ? formatSeconds(Number(value)) : String(value);
  if (setting === 'maximumEventAgeSeconds') return `${formatSeconds(DEFAULT_EVENT_AGE_SECONDS)} (default)`;
  if (setting === 'maximumRetryAttempts') return `${DEFAULT_RETRY_ATTEMPTS} (default)`;

  return 'none';
}
