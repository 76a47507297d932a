import { isManagedRoleArn } from './naming.js';

export type ScheduleState = 'ENABLED' | 'DISABLED';

/**
 * Every field of a schedule that invokes a function, as plain values.
 * UpdateSchedule resets whatever it is not sent, so an update starts
 * from all of these as they are and changes only what was asked.
 */
export interface ScheduleFields {
  expression: string;
  timezone: string;
  /** ISO-8601, UTC; null when unset. */
  startDate: string | null;
  endDate: string | null;
  /** The flexible time window; null when it is off. */
  windowMinutes: number | null;
  description: string | null;
  state: ScheduleState;
  kmsKeyArn: string | null;
  actionAfterCompletion: string | null;
  targetArn: string;
  roleArn: string;
  input: string | null;
  /** Null leaves Scheduler's default (185 retries, 24 hours). */
  retries: number | null;
  maxEventAgeSeconds: number | null;
  dlqArn: string | null;
}

export type ScheduleField = keyof ScheduleFields;

/** What the command line asks for: the expression and target always, the rest when given. */
export type ScheduleRequest = Pick<ScheduleFields, 'expression' | 'targetArn'> &
  Partial<Omit<ScheduleFields, 'expression' | 'targetArn'>>;

export interface FieldChange {
  field: ScheduleField;
  before: ScheduleFields[ScheduleField] | null;
  after: ScheduleFields[ScheduleField];
}

export interface SchedulePlan {
  action: 'create' | 'update' | 'unchanged';
  before: ScheduleFields | null;
  after: ScheduleFields;
  changes: FieldChange[];
  /** False when the kept start date is past: Scheduler refuses it, and the schedule is running anyway. */
  sendStartDate: boolean;
  notes: string[];
}

/** Scheduler refuses a start date more than five minutes old. */
export const PAST_START_SLACK_MS = 5 * 60_000;

const CREATE_DEFAULTS: Omit<ScheduleFields, 'expression' | 'targetArn' | 'roleArn'> = {
  timezone: 'UTC',
  startDate: null,
  endDate: null,
  windowMinutes: null,
  description: null,
  state: 'ENABLED',
  kmsKeyArn: null,
  actionAfterCompletion: null,
  input: null,
  retries: null,
  maxEventAgeSeconds: null,
  dlqArn: null,
};

/** The order fields are shown in, and compared. */
export const FIELD_ORDER: ScheduleField[] = [
  'expression',
  'timezone',
  'targetArn',
  'roleArn',
  'state',
  'startDate',
  'endDate',
  'windowMinutes',
  'input',
  'retries',
  'maxEventAgeSeconds',
  'dlqArn',
  'description',
  'kmsKeyArn',
  'actionAfterCompletion',
];

/**
 * Create when there is no schedule; else keep every field the request
 * does not name, and update only when something differs.
 * `managedRoleArn` is the role lcron would make for this function: used
 * on create, and when a schedule on lcron's role moves to another function.
 */
export function planSchedule(
  current: ScheduleFields | null,
  request: ScheduleRequest,
  managedRoleArn: string,
  now: number,
): SchedulePlan {
  const asked = withoutUndefined(request);
  if (!current) {
    const after = { ...CREATE_DEFAULTS, roleArn: managedRoleArn, ...asked };
    return { action: 'create', before: null, after, changes: [], sendStartDate: true, notes: [] };
  }

  const after: ScheduleFields = { ...current, ...asked };
  if (
    request.roleArn === undefined &&
    request.targetArn !== current.targetArn &&
    isManagedRoleArn(current.roleArn)
  ) {
    // lcron's role may invoke only the old function.
    after.roleArn = managedRoleArn;
  }
  const changes = FIELD_ORDER.filter((field) => after[field] !== current[field]).map((field) => ({
    field,
    before: current[field],
    after: after[field],
  }));

  const notes: string[] = [];
  const startIsPast = after.startDate !== null && Date.parse(after.startDate) < now - PAST_START_SLACK_MS;
  if (changes.length > 0 && startIsPast && request.startDate === undefined) {
    notes.push(
      `the start date ${after.startDate} is past, so it is not sent back (Scheduler refuses a past start); once a schedule has started, leaving it out changes nothing`,
    );
  }

  return {
    action: changes.length === 0 ? 'unchanged' : 'update',
    before: current,
    after,
    changes,
    sendStartDate: !startIsPast,
    notes,
  };
}

function withoutUndefined<T extends object>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, inner]) => inner !== undefined)) as T;
}
