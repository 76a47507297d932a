import {
  DEFAULT_EVENT_AGE_SECONDS,
  DEFAULT_RETRY_ATTEMPTS,
  describeBusy,
  formatSeconds,
  MIN_EVENT_AGE_SECONDS,
  type LockState,
} from './lock-plan.js';
import type { ExtraGrant } from './role-scope.js';
import { parseExpression } from './schedule/expression.js';
import { effectiveGapSeconds as effectiveGap } from './schedule/overlap.js';
import type { ScheduleFields } from './schedule/plan.js';

export type Severity = 'ok' | 'info' | 'warning' | 'error';

export const SEVERITY_ORDER: Severity[] = ['ok', 'info', 'warning', 'error'];

/** One answer of `lcron doctor`, in plain words, with the lcron command that fixes it. */
export interface Finding {
  id:
    | 'no-schedule'
    | 'overlap'
    | 'when-busy'
    | 'dropped-runs'
    | 'undelivered-fires'
    | 'several-schedules'
    | 'role-scope'
    | 'paused';
  severity: Severity;
  title: string;
  detail: string;
  fix: string | null;
  /** The schedule the finding is about, as group/name, when it is about one. */
  schedule: string | null;
}

export interface DoctorSchedule {
  id: string;
  name: string;
  group: string;
  fields: ScheduleFields;
}

/** What a schedule's role may do, or why it could not be read. */
export type RoleReading = { extra: ExtraGrant[] } | { error: string } | { missing: true };

export interface DoctorInput {
  functionName: string;
  functionArn: string;
  timeoutSeconds: number;
  state: LockState;
  schedules: DoctorSchedule[];
  roles: Map<string, RoleReading>;
  now: number;
}

/**
 * Everything that decides whether two copies of a scheduled function can
 * run at once, and what happens to a run that fires while one is busy,
 * from the function's settings and its schedules: no AWS here.
 */
export function diagnose(input: DoctorInput): Finding[] {
  const enabled = input.schedules.filter((schedule) => schedule.fields.state === 'ENABLED');
  const findings: Finding[] = [];
  if (input.schedules.length === 0) {
    findings.push(
      finding(
        'no-schedule',
        'info',
        'no schedule targets the function',
        'EventBridge Scheduler has no schedule, in any group, that invokes it or one of its aliases or versions.',
        `lcron schedule ${input.functionName} '<expression>'`,
      ),
    );
  }
  findings.push(overlapFinding(input, enabled));
  findings.push(busyFinding(input, enabled));
  findings.push(droppedRunsFinding(input));
  if (enabled.length > 1) {
    findings.push(
      finding(
        'several-schedules',
        'warning',
        `${enabled.length} enabled schedules target the function`,
        `${enabled.map((schedule) => schedule.id).join(', ')} fire independently, so their runs can meet whatever each one's timing.`,
        severalSchedulesFix(input, enabled),
      ),
    );
  }
  for (const schedule of input.schedules) {
    findings.push(...scheduleFindings(input, schedule));
  }

  return findings;
}

/** The worst severity of a list of findings. */
export function worstSeverity(findings: Finding[]): Severity {
  return findings.reduce<Severity>(
    (worst, f) => (SEVERITY_ORDER.indexOf(f.severity) > SEVERITY_ORDER.indexOf(worst) ? f.severity : worst),
    'ok',
  );
}

function finding(
  id: Finding['id'],
  severity: Severity,
  title: string,
  detail: string,
  fix: string | null,
  schedule: string | null = null,
): Finding {
  return { id, severity, title, detail, fix, schedule };
}

/**
 * A run lasts at most the timeout. Fires of one schedule come at least its
 * shortest gap apart, less the flexible window (one fire may come at the
 * end of its window and the next at the start of its own).
 */
function overlapFinding(input: DoctorInput, enabled: DoctorSchedule[]): Finding {
  const { functionName, timeoutSeconds } = input;
  const reserved = input.state.reservedConcurrency;
  const timeout = formatSeconds(timeoutSeconds);
  if (reserved === 0) {
    return finding(
      'overlap',
      'error',
      'the function never runs: its reserved concurrency is 0',
      'Every invocation is throttled, so no copy runs at all.',
      `lcron lock ${functionName} --reserved`,
    );
  }
  if (reserved === 1) {
    return finding(
      'overlap',
      'ok',
      'two copies cannot run at once: reserved concurrency is 1',
      'Lambda starts no second copy while one runs.',
      null,
    );
  }

  const allowed = reserved === null ? 'no reserved concurrency' : `reserved concurrency ${reserved}`;
  if (enabled.length > 1) {
    return finding(
      'overlap',
      'error',
      'two copies can run at once',
      `${enabled.length} schedules fire independently and the function has ${allowed}.`,
      `lcron lock ${functionName} --reserved`,
    );
  }
  for (const schedule of enabled) {
    const gap = effectiveGapSeconds(schedule, input.now);
    if (gap === null) {
      return finding(
        'overlap',
        'warning',
        'lcron cannot tell whether two copies can run at once',
        `lcron cannot read the expression ${schedule.fields.expression} of ${schedule.id}, and the function has ${allowed}.`,
        `lcron lock ${functionName} --reserved`,
        schedule.id,
      );
    }
    if (timeoutSeconds > gap.seconds) {
      const window = schedule.fields.windowMinutes
        ? ` (${formatSeconds(gap.naturalSeconds)} less its ${schedule.fields.windowMinutes}-minute flexible window)`
        : '';
      return finding(
        'overlap',
        'error',
        'two copies can run at once',
        `A run may last ${timeout} (the timeout), longer than the ${formatSeconds(gap.seconds)} between fires of ${schedule.fields.expression}${window}, and the function has ${allowed}.`,
        `lcron lock ${functionName} --reserved`,
        schedule.id,
      );
    }
  }
  const detail =
    enabled.length === 0
      ? 'No enabled schedule fires the function.'
      : `A run ends (by its ${timeout} timeout) before the next fire can come.`;

  return finding(
    'overlap',
    'ok',
    'two copies cannot run at once on this schedule',
    `${detail} Nothing else stops a second copy: the function has ${allowed}.`,
    null,
  );
}

function effectiveGapSeconds(schedule: DoctorSchedule, now: number) {
  try {
    const { fields } = schedule;
    return effectiveGap(
      parseExpression(fields.expression).expression,
      fields.timezone,
      fields.windowMinutes,
      now,
    );
  } catch {
    return null;
  }
}

function busyFinding(input: DoctorInput, enabled: DoctorSchedule[]): Finding {
  const { functionName } = input;
  const reserved = input.state.reservedConcurrency;
  const busy = describeBusy(input.state);
  if (reserved === null || reserved > 1) {
    return finding(
      'when-busy',
      enabled.length > 0 ? 'info' : 'ok',
      'a run that fires while one is busy runs alongside it',
      'Nothing stops a second copy: Lambda starts one for every fire that comes while a run is busy.',
      null,
    );
  }
  if (reserved === 0)
    return finding(
      'when-busy',
      'error',
      'every run is throttled',
      busy.whenBusy,
      `lcron lock ${functionName} --reserved`,
    );
  if (skipsBusyRuns(input.state)) {
    return finding(
      'when-busy',
      'ok',
      'a run that fires while one is busy is dropped within a minute',
      busy.whenBusy,
      null,
    );
  }

  return finding(
    'when-busy',
    'warning',
    `a run that fires while one is busy waits up to ${formatSeconds(busy.maximumWaitSeconds)} and starts late`,
    `${busy.whenBusy}.`,
    `lcron lock ${functionName} --reserved --on-busy skip`,
  );
}

/** A dropped run (skipped while busy, or failed after its retries) leaves a record only in an on-failure destination. */
/** Lambda drops a busy run within a minute: the least event age and no retries (what `lcron lock` sets). */
function skipsBusyRuns(state: LockState): boolean {
  return (
    (state.maximumEventAgeSeconds ?? DEFAULT_EVENT_AGE_SECONDS) <= MIN_EVENT_AGE_SECONDS &&
    (state.maximumRetryAttempts ?? DEFAULT_RETRY_ATTEMPTS) === 0
  );
}

/** With a reservation of 1 the copies cannot meet, but fires of one still find the other busy: remove one. */
function severalSchedulesFix(input: DoctorInput, enabled: DoctorSchedule[]): string {
  const second = enabled[1]!;
  const remove = `lcron schedule delete ${targetRef(input, second)} --group ${second.group} --name ${second.name}`;

  return input.state.reservedConcurrency === 1
    ? remove
    : `lcron lock ${input.functionName} --reserved, or remove one: ${remove}`;
}

/** How lcron commands name a schedule's target: the function, with the alias or version it invokes. */
function targetRef(input: DoctorInput, schedule: DoctorSchedule): string {
  const qualifier = /:function:[^:]+:([^:]+)$/.exec(schedule.fields.targetArn)?.[1];

  return qualifier ? `${input.functionName}:${qualifier}` : input.functionName;
}

function droppedRunsFinding(input: DoctorInput): Finding {
  const { onFailure, reservedConcurrency } = input.state;
  if (onFailure) {
    return finding(
      'dropped-runs',
      'ok',
      `dropped and failed runs are sent to ${onFailure}`,
      'Lambda sends each asynchronous run it gives up on to the on-failure destination.',
      null,
    );
  }
  const dropsByDesign = reservedConcurrency === 1;
  // The fix keeps the busy policy the function has: lock without --on-busy would switch a queue to skip.
  const queueing = dropsByDesign && !skipsBusyRuns(input.state);
  const why = !dropsByDesign
    ? ' (failed after its retries, or too old)'
    : queueing
      ? ` (one that waited longer than ${formatSeconds(input.state.maximumEventAgeSeconds ?? DEFAULT_EVENT_AGE_SECONDS)} for a free copy, or failed after its retries)`
      : ' (every run skipped while one is busy, or failed)';

  return finding(
    'dropped-runs',
    dropsByDesign ? 'warning' : 'info',
    'a dropped or failed run leaves no record',
    `The function has no on-failure destination, so a run Lambda gives up on${why} is gone without a trace.`,
    `lcron lock ${input.functionName} --reserved${queueing ? ' --on-busy queue' : ''} --on-discard <sqs-queue-arn>`,
  );
}

function scheduleFindings(input: DoctorInput, schedule: DoctorSchedule): Finding[] {
  const { fields, id } = schedule;
  const findings: Finding[] = [];
  const target = targetRef(input, schedule);
  const rerun = `lcron schedule set ${target} ${shellQuote(fields.expression)} --group ${schedule.group} --name ${schedule.name}`;
  if (fields.state !== 'ENABLED') {
    findings.push(
      finding(
        'paused',
        'info',
        `${id} is paused`,
        'It fires nothing until it is resumed.',
        `lcron schedule resume ${target} --group ${schedule.group} --name ${schedule.name}`,
        id,
      ),
    );
  }
  if (!fields.dlqArn) {
    findings.push(
      finding(
        'undelivered-fires',
        'info',
        `a fire ${id} cannot deliver leaves no record`,
        'The schedule has no dead-letter queue: a fire Scheduler fails to deliver (after its retries) is dropped silently.',
        `${rerun} --dlq <sqs-queue-arn>`,
        id,
      ),
    );
  }

  const role = input.roles.get(fields.roleArn);
  if (role && 'missing' in role) {
    findings.push(
      finding(
        'role-scope',
        'error',
        `the role of ${id} does not exist: every fire fails`,
        `${fields.roleArn} is not in IAM, so Scheduler cannot assume it to invoke ${input.functionName}.`,
        `${rerun} --lcron-role`,
        id,
      ),
    );
  } else if (role && 'error' in role) {
    findings.push(
      finding(
        'role-scope',
        'info',
        `could not read the role of ${id}`,
        `${fields.roleArn}: ${role.error}`,
        null,
        id,
      ),
    );
  } else if (role && role.extra.length > 0) {
    const grants = role.extra
      .map((grant) => `${grant.actions.join(', ')} on ${grant.resources.join(', ')}`)
      .join('; ');
    findings.push(
      finding(
        'role-scope',
        'warning',
        `the role of ${id} can do more than invoke ${input.functionName}`,
        `${fields.roleArn} allows ${grants}.`,
        `${rerun} --lcron-role`,
        id,
      ),
    );
  } else if (role) {
    findings.push(
      finding(
        'role-scope',
        'ok',
        `the role of ${id} can only invoke ${input.functionName}`,
        fields.roleArn,
        null,
        id,
      ),
    );
  }

  return findings;
}

function shellQuote(text: string): string {
  return `'${text.replace(/'/g, `'\\''`)}'`;
}
