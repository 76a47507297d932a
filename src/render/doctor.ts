import type { LockTarget } from '../aws/lambda-lock.js';
import type { Context } from '../cli/context.js';
import type { GlobalOptions } from '../cli/global-options.js';
import { worstSeverity, type DoctorSchedule, type Finding, type Severity } from '../core/doctor.js';
import { formatSeconds } from '../core/lock-plan.js';
import { fieldsToJson } from './schedule-json.js';
import { decideStyle, type OutputStyle } from './style.js';

export interface DoctorReport {
  target: LockTarget;
  schedules: DoctorSchedule[];
  findings: Finding[];
}

/** Worst first; within a severity, in the order they were found. */
function ordered(findings: Finding[]): Finding[] {
  const rank: Record<Severity, number> = { error: 0, warning: 1, info: 2, ok: 3 };
  return findings
    .map((f, i) => ({ f, i }))
    .sort((a, b) => rank[a.f.severity] - rank[b.f.severity] || a.i - b.i)
    .map(({ f }) => f);
}

export function renderDoctor(report: DoctorReport, ctx: Context, global: GlobalOptions): string {
  const style = decideStyle({
    colorFlag: global.color,
    env: ctx.env,
    isTTY: ctx.stdoutIsTTY,
    columns: ctx.columns,
  });
  const { target } = report;
  const { state } = target;
  const lines = [
    `doctor ${target.functionName}`,
    `  timeout ${formatSeconds(target.timeoutSeconds)}; reserved concurrency ${state.reservedConcurrency ?? 'none'}; asynchronous runs kept ${formatSeconds(state.maximumEventAgeSeconds ?? 21_600)}, retried ${state.maximumRetryAttempts ?? 2} times; on failure: ${state.onFailure ?? 'none'}`,
  ];
  for (const schedule of report.schedules) {
    const f = schedule.fields;
    const window = f.windowMinutes ? `window ${f.windowMinutes} min` : 'window off';
    lines.push(
      `  schedule ${schedule.id}: ${f.expression} in ${f.timezone}, ${f.state === 'ENABLED' ? 'enabled' : 'paused'}, ${window}`,
    );
  }
  lines.push('');
  for (const f of ordered(report.findings)) {
    lines.push(`${label(f.severity, style)}${f.title}`);
    lines.push(`${' '.repeat(9)}${f.detail}`);
    if (f.fix) lines.push(`${' '.repeat(9)}fix: ${f.fix}`);
  }

  return `${lines.join('\n')}\n`;
}

function label(severity: Severity, style: OutputStyle): string {
  const text = severity.padEnd(9);
  const { chalk } = style;
  if (severity === 'error') return chalk.red.bold(text);
  if (severity === 'warning') return chalk.yellow(text);
  if (severity === 'ok') return chalk.green(text);

  return text;
}

/** The `--json` contract of `lcron doctor`, documented in the README. */
export function doctorToJson(report: DoctorReport) {
  const { target } = report;

  return {
    function: target.functionName,
    functionArn: target.functionArn,
    timeoutSeconds: target.timeoutSeconds,
    reservedConcurrency: target.state.reservedConcurrency,
    asyncInvoke: {
      maximumEventAgeSeconds: target.state.maximumEventAgeSeconds,
      maximumRetryAttempts: target.state.maximumRetryAttempts,
      onFailure: target.state.onFailure,
      onSuccess: target.state.onSuccess,
    },
    schedules: report.schedules.map((s) => ({ group: s.group, name: s.name, ...fieldsToJson(s.fields) })),
    worst: worstSeverity(report.findings),
    findings: ordered(report.findings),
  };
}
