import Table from 'cli-table3';

import type { ScheduledFunction } from '../aws/lambda-function.js';
import type { Context } from '../cli/context.js';
import type { GlobalOptions } from '../cli/global-options.js';
import type { ParsedExpression } from '../core/schedule/expression.js';
import type { OverlapRisk } from '../core/schedule/overlap.js';
import { FIELD_ORDER, type ScheduleFields } from '../core/schedule/plan.js';
import { FIELD_LABELS, fieldText, fireText } from './schedule-fields.js';
import type { ScheduleSetReport } from './schedule-json.js';
import { formatSeconds } from '../core/lock-plan.js';
import { isoTime, plural } from './format.js';
import { decideStyle } from './style.js';

const LABEL_WIDTH = 18;

export function renderScheduleSet(report: ScheduleSetReport, ctx: Context, global: GlobalOptions): string {
  const { chalk } = decideStyle({
    colorFlag: global.color,
    env: ctx.env,
    isTTY: ctx.stdoutIsTTY,
    columns: ctx.columns,
  });
  const { plan, id, expression } = report;
  const where = `${id.group}/${id.name}`;
  const lines: string[] = [];

  if (report.group.create) lines.push(`create schedule group ${id.group}`);
  if (report.role.action === 'create')
    lines.push(`create role ${report.role.arn} (may only invoke ${report.fn.functionName})`);
  if (report.role.action === 'update')
    lines.push(`update role ${report.role.arn}: its policies differ from lcron's`);

  if (plan.action === 'create') {
    lines.push(chalk.bold(`create schedule ${where}`));
    for (const field of FIELD_ORDER) {
      let text = fieldText(field, plan.after[field]);
      if (field === 'expression' && expression.convertedFrom)
        text += `   (from ${JSON.stringify(expression.input)})`;
      lines.push(`  ${FIELD_LABELS[field].padEnd(LABEL_WIDTH)}${text}`);
    }
  } else if (plan.action === 'update') {
    lines.push(chalk.bold(`update schedule ${where}`));
    for (const change of plan.changes) {
      const before = fieldText(change.field, change.before);
      const after = fieldText(change.field, change.after);
      lines.push(`  ${FIELD_LABELS[change.field].padEnd(LABEL_WIDTH)}${before} -> ${chalk.bold(after)}`);
    }
    const kept = FIELD_ORDER.length - plan.changes.length;
    lines.push(`  (${plural(kept, 'other field')} kept as ${kept === 1 ? 'it is' : 'they are'})`);
  } else {
    lines.push(`schedule ${where} is up to date`);
  }
  for (const note of plan.notes) lines.push(`  note: ${note}`);

  lines.push(outcome(report));
  const paused = plan.after.state === 'DISABLED' ? ' (paused: none of these fire until it is resumed)' : '';
  lines.push('', ...firesBlock(report.fires, plan.after.timezone, `${rateNote(plan.after)}${paused}`));

  return `${lines.join('\n')}\n`;
}

function outcome(report: ScheduleSetReport): string {
  const nothingToDo =
    report.plan.action === 'unchanged' &&
    !report.group.create &&
    report.role.action !== 'create' &&
    report.role.action !== 'update';
  if (nothingToDo) return 'nothing written';
  if (report.dryRun) return 'dry run: nothing written';

  return report.plan.action === 'create'
    ? 'created'
    : report.plan.action === 'update'
      ? 'updated'
      : 'role updated';
}

/** A rate has no calendar: its fires count from its start date, or from when it is made. */
function rateNote(fields: ScheduleFields): string {
  if (!fields.expression.startsWith('rate(')) return '';

  return fields.startDate === null
    ? ' (a rate counts from when it is made: these count from now)'
    : ' (counted from the start)';
}

export function firesBlock(fires: number[], zone: string, note: string): string[] {
  if (fires.length === 0) return ['no more fires: the schedule has ended or its time has passed'];
  const head = `next ${plural(fires.length, 'fire')}${note}:`;

  return [head, ...fires.map((ms) => `  ${fireText(ms, zone)}`)];
}

/** The warning `lcron schedule` prints when two copies of the function can overlap. */
export function overlapWarning(risk: OverlapRisk, fn: ScheduledFunction, expression: string): string {
  // The same words as lcron doctor's for the same numbers.
  const timeout = formatSeconds(risk.timeoutSeconds);
  const gap = formatSeconds(risk.gapSeconds);
  const reservation =
    risk.reservedConcurrency === null
      ? 'no reserved concurrency'
      : `reserved concurrency ${risk.reservedConcurrency}`;

  const window = risk.windowMinutes ? ` (less its ${risk.windowMinutes}-minute flexible window)` : '';

  return `${fn.functionName} may run for up to ${timeout} (its timeout), longer than the ${gap} between fires of ${expression}${window}, and has ${reservation}: two copies can run at once; \`lcron lock ${fn.functionName} --reserved\` allows one at a time`;
}

export interface ListedSchedule {
  group: string;
  name: string;
  fields: ScheduleFields;
  next: number | null;
}

/** A table for people; for scripts, tab-separated rows under a header, times in UTC. */
export function renderList(
  schedules: ListedSchedule[],
  functionName: string,
  ctx: Context,
  global: GlobalOptions,
): string {
  const style = decideStyle({
    colorFlag: global.color,
    env: ctx.env,
    isTTY: ctx.stdoutIsTTY,
    columns: ctx.columns,
  });
  if (!style.forPeople) {
    const header = ['group', 'name', 'state', 'expression', 'timezone', 'next_fire', 'function'];
    const rows = schedules.map((s) =>
      [
        s.group,
        s.name,
        s.fields.state,
        s.fields.expression,
        s.fields.timezone,
        s.next === null ? '' : isoTime(s.next),
        s.fields.targetArn,
      ].join('\t'),
    );
    return `${[header.join('\t'), ...rows].join('\n')}\n`;
  }
  if (schedules.length === 0) return `no schedule targets ${functionName}\n`;

  const table = new Table({
    head: ['Schedule', 'State', 'Expression', 'Next fire'],
    style: { head: style.color ? ['bold'] : [], border: style.color ? ['grey'] : [] },
  });
  for (const s of schedules) {
    const state = s.fields.state === 'ENABLED' ? style.chalk.green('enabled') : style.chalk.yellow('paused');
    const next = s.next === null ? '-' : fireText(s.next, s.fields.timezone);
    table.push([`${s.group}/${s.name}`, state, s.fields.expression, next]);
  }

  return `${table.toString()}\n`;
}

export function renderStateChange(
  report: { schedule: { group: string; name: string }; state: string; changed: boolean; dryRun: boolean },
  notes: string[],
): string {
  const where = `${report.schedule.group}/${report.schedule.name}`;
  const word = report.state === 'DISABLED' ? 'paused' : 'enabled';
  const lines = !report.changed
    ? [`schedule ${where} is already ${word}: nothing written`]
    : [
        `schedule ${where}: state ${report.state === 'DISABLED' ? 'ENABLED -> DISABLED' : 'DISABLED -> ENABLED'}`,
        report.dryRun ? 'dry run: nothing written' : word,
      ];

  return `${[...lines, ...notes.map((note) => `note: ${note}`)].join('\n')}\n`;
}

export function renderDelete(report: {
  schedule: { group: string; name: string };
  found: boolean;
  role: { arn: string; action: string | null; sharedWith: string[] } | null;
  dryRun: boolean;
}): string {
  const where = `${report.schedule.group}/${report.schedule.name}`;
  if (!report.found) return `schedule ${where} does not exist: nothing to delete\n`;
  const lines = [`delete schedule ${where}`];
  const role = report.role;
  if (role?.action === 'delete') lines.push(`delete role ${role.arn} (lcron's, no other schedule uses it)`);
  if (role?.action === 'keep') {
    lines.push(
      `keep role ${role.arn}${role.sharedWith.length > 0 ? ` (also used by ${role.sharedWith.join(', ')})` : ' (--keep-role)'}`,
    );
  }
  if (role?.action === 'user') lines.push(`keep role ${role.arn} (not lcron's)`);
  lines.push(report.dryRun ? 'dry run: nothing written' : 'deleted');

  return `${lines.join('\n')}\n`;
}

/** `lcron next`: what would be sent, then the fires in the zone and in UTC. */
export function renderNext(
  parsed: ParsedExpression,
  zone: string,
  fires: number[],
  fromGiven: boolean,
): string {
  const lines = [
    `${parsed.eventBridge}${parsed.convertedFrom ? `   (from ${JSON.stringify(parsed.input)})` : ''}   in ${zone}`,
  ];
  if (parsed.expression.kind === 'rate') {
    lines.push(
      `a rate counts from the moment its schedule is made; these count from ${fromGiven ? '--from' : 'now'}`,
    );
  }
  const none =
    parsed.expression.kind === 'at'
      ? 'no fire: its time has passed'
      : 'no fire: none of the dates it names comes again';
  lines.push(...(fires.length === 0 ? [none] : fires.map((ms) => `  ${fireText(ms, zone)}`)));

  return `${lines.join('\n')}\n`;
}
