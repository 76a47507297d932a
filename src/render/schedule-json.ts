import type { ScheduleSetReport } from '../commands/schedule/run.js';
import type { ScheduleFields } from '../core/schedule/plan.js';
import { isoTime } from './format.js';

/** The fields of a schedule in `--json`, named as in lcron's README. */
export function fieldsToJson(fields: ScheduleFields) {
  return {
    expression: fields.expression,
    timezone: fields.timezone,
    function: fields.targetArn,
    role: fields.roleArn,
    state: fields.state,
    start: fields.startDate,
    end: fields.endDate,
    flexibleWindowMinutes: fields.windowMinutes,
    input: fields.input,
    retries: fields.retries,
    maxEventAgeSeconds: fields.maxEventAgeSeconds,
    deadLetterQueue: fields.dlqArn,
    description: fields.description,
    kmsKey: fields.kmsKeyArn,
    actionAfterCompletion: fields.actionAfterCompletion,
  };
}

const FIELD_NAMES: Record<keyof ScheduleFields, keyof ReturnType<typeof fieldsToJson>> = {
  expression: 'expression',
  timezone: 'timezone',
  targetArn: 'function',
  roleArn: 'role',
  state: 'state',
  startDate: 'start',
  endDate: 'end',
  windowMinutes: 'flexibleWindowMinutes',
  input: 'input',
  retries: 'retries',
  maxEventAgeSeconds: 'maxEventAgeSeconds',
  dlqArn: 'deadLetterQueue',
  description: 'description',
  kmsKeyArn: 'kmsKey',
  actionAfterCompletion: 'actionAfterCompletion',
};

export function scheduleSetToJson(report: ScheduleSetReport) {
  const { plan, id, options } = report;

  return {
    schedule: { group: id.group, name: id.name, arn: report.stored?.arn ?? null },
    action: plan.action,
    dryRun: options.dryRun,
    written: report.written,
    changes: plan.changes.map((change) => ({
      field: FIELD_NAMES[change.field],
      before: change.before,
      after: change.after,
    })),
    group: { name: id.group, arn: report.group.arn, create: report.group.create },
    role: report.role,
    expression: plan.after.expression,
    input: options.expression.input,
    convertedFrom: options.expression.convertedFrom,
    timezone: plan.after.timezone,
    // What Scheduler holds after the write; what it would hold, on a dry run.
    fields: fieldsToJson(report.written && report.stored ? report.stored.fields : plan.after),
    fires: report.fires.map(isoTime),
    canOverlap: report.risk !== null,
    overlap: report.risk,
    notes: plan.notes,
  };
}
