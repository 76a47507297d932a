import type { ScheduleCheck } from '../core/audit-report.js';
import { formatDuration, isoTime, plural } from './format.js';
import type { OutputStyle } from './style.js';

/** The schedule part of an audit for people: what was expected, how it went, and a queue said plainly. */
export function scheduleCheckLines(
  check: ScheduleCheck,
  functionName: string | null,
  style: OutputStyle,
): string[] {
  const { chalk } = style;
  const { summary, queued } = check.punctuality;
  const lines = check.schedules.map(
    (s) =>
      `schedule ${s.id}: ${s.expression} in ${s.timezone}${s.windowMinutes ? `, ${s.windowMinutes}-minute window` : ''}`,
  );
  const counts = [
    plural(summary.fires, 'fire'),
    `${summary.onTime} on time`,
    `${summary.late} late`,
    `${summary.missed} missed`,
    plural(summary.duplicates, 'extra run'),
  ];
  const clean = summary.late === 0 && summary.missed === 0 && summary.duplicates === 0;
  lines.push(clean ? chalk.green(`✓ ${counts.join(' · ')}`) : chalk.yellow(`! ${counts.join(' · ')}`));
  if (summary.worstLateMs !== null) {
    lines.push(
      `  late by ${formatDuration(summary.worstLateMs)} at worst, ${formatDuration(summary.medianLateMs ?? 0)} median`,
    );
  }
  if (queued) {
    const fn = functionName ?? '<function>';
    lines.push(
      chalk.yellow(
        `! runs are being queued behind a busy copy: ${queued.runs} runs in a row started right after the one before, each later than the last; at the end of the window they were ${formatDuration(queued.behindMs)} behind schedule${queued.backlog > 0 ? ` with ${plural(queued.backlog, 'fire')} still waiting` : ''}`,
      ),
      `  \`lcron lock ${fn} --reserved --on-busy skip\` drops a run that fires while one is busy instead`,
    );
  }

  return lines;
}

/** The same for scripts: one `name<TAB>value` row each, times in ms. */
export function scheduleCheckRows(check: ScheduleCheck | null): string[][] {
  if (!check) return [];
  const { summary, queued } = check.punctuality;

  return [
    ['schedules', ...check.schedules.map((s) => s.id)],
    ['fires', String(summary.fires)],
    ['on_time', String(summary.onTime)],
    ['late', String(summary.late)],
    ['missed', String(summary.missed)],
    ['duplicates', String(summary.duplicates)],
    ['worst_late_ms', summary.worstLateMs === null ? '' : String(Math.round(summary.worstLateMs))],
    ['median_late_ms', summary.medianLateMs === null ? '' : String(Math.round(summary.medianLateMs))],
    ['queued_runs', String(queued?.runs ?? 0)],
    ['queued_behind_ms', queued ? String(Math.round(queued.behindMs)) : ''],
  ];
}

/** The `schedule` object of `lcron audit --json`: null when no schedule was known. */
export function scheduleCheckToJson(check: ScheduleCheck | null) {
  if (!check) return null;
  const { punctuality } = check;

  return {
    schedules: check.schedules,
    summary: punctuality.summary,
    queued: punctuality.queued && {
      ...punctuality.queued,
      firstFire: isoTime(punctuality.queued.firstFire),
    },
    fires: punctuality.fires.map((fire) => ({ ...fire, at: isoTime(fire.at) })),
    extraRuns: punctuality.extraRuns.map((run) => ({
      requestId: run.requestId,
      start: isoTime(run.start),
      end: isoTime(run.end),
    })),
  };
}
