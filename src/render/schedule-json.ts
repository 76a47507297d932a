import type { ScheduledFunction } from '../aws/lambda-function.js';
import type { ScheduleId, StoredSchedule } from '../aws/schedules.js';
import type { ParsedExpression } from '../core/schedule/expression.js';
import type { OverlapRisk } from '../core/schedule/overlap.js';
import type { SchedulePlan } from '../core/schedule/plan.js';
import type { ScheduleFields } from '../core/schedule/plan.js';
import { isoTime } from './format.js';

/** What happens to the execution role: lcron's own is made or brought up to date; a user's is left alone. */
export interface RolePlan {
  arn: string;
  managed: boolean;
  action: 'create' | 'update' | 'unchanged' | 'user';
}

/** What `lcron schedule set` did or would do: the input to its text and its JSON. */
export interface ScheduleSetReport {
  id: ScheduleId;
  fn: ScheduledFunction;
  /** What the user typed, and what was sent. */
  expression: ParsedExpression;
  dryRun: boolean;
  plan: SchedulePlan;
  group: { arn: string; create: boolean };
  role: RolePlan;
  written: boolean;
  /** The schedule as Scheduler holds it after the write (or now, when nothing was written). */
  stored: StoredSchedule | null;
  fires: number[];
  /** Set when two copies can run at once. */
  risk: OverlapRisk | null;
}

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
  const { plan, id, expression } = report;

  return {
    schedule: { group: id.group, name: id.name, arn: report.stored?.arn ?? null },
    action: plan.action,
    dryRun: report.dryRun,
    written: report.written,
    changes: plan.changes.map((change) => ({
      field: FIELD_NAMES[change.field],
      before: change.before,
      after: change.after,
    })),
    group: { name: id.group, arn: report.group.arn, create: report.group.create },
    role: report.role,
    expression: plan.after.expression,
    input: expression.input,
    convertedFrom: expression.convertedFrom,
    timezone: plan.after.timezone,
    // What Scheduler holds after the write; what it would hold, on a dry run.
    fields: fieldsToJson(report.written && report.stored ? report.stored.fields : plan.after),
    fires: report.fires.map(isoTime),
    canOverlap: report.risk !== null,
    overlap: report.risk,
    notes: plan.notes,
  };
}
