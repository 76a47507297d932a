import type { AwsClients } from '../../aws/clients.js';
import { readScheduledFunction, type ScheduledFunction } from '../../aws/lambda-function.js';
import { createRole, notOurs, readRole, writePermissions, writeTrust } from '../../aws/schedule-role.js';
import {
  createGroup,
  createSchedule,
  readGroupArn,
  readSchedule,
  ScheduleExistsError,
  updateSchedule,
  type ScheduleId,
  type StoredSchedule,
} from '../../aws/schedules.js';
import type { Context } from '../../cli/context.js';
import { ExitCode } from '../../cli/exit-codes.js';
import { managedRoleName } from '../../core/schedule/naming.js';
import {
  neverFiresReason,
  overlapRisk,
  upcomingFires,
  type OverlapRisk,
} from '../../core/schedule/overlap.js';
import { planSchedule, type ScheduleRequest, type SchedulePlan } from '../../core/schedule/plan.js';
import { rolePolicies, type RolePolicies } from '../../core/schedule/role-policy.js';
import { LcronError, UsageError } from '../../errors.js';
import { scheduleSetToJson, type RolePlan, type ScheduleSetReport } from '../../render/schedule-json.js';
import { overlapWarning, renderScheduleSet } from '../../render/schedule-text.js';
import { clientsForFunction } from '../function-clients.js';
import { runSteps, type Step } from '../write-steps.js';
import { checkScheduleDates, resolveDate, type DateAsked, type ScheduleSetOptions } from './options.js';

// IAM takes a few seconds before Scheduler may assume a new role.
const NEW_ROLE_WAITS_MS = [2_000, 4_000, 8_000, 10_000];

export async function runScheduleSet(options: ScheduleSetOptions, ctx: Context): Promise<number> {
  const clients = clientsForFunction(options.global, options.functionRef, ctx);
  const id = { group: options.group, name: options.name };
  const fn = await readScheduledFunction(clients, options.functionRef);
  const place = placeOf(fn.functionArn, clients);
  const groupArn = await readGroupArn(clients, id.group);
  const current = await readSchedule(clients, id);

  const roleName = managedRoleName(id.group, fn.functionName);
  const managedArn = `arn:${place.partition}:iam::${place.account}:role/lcron/${roleName}`;
  // A local --start or --end is read in --tz, else in the schedule's own zone.
  const request = requestOf(options, fn, managedArn, options.timezone ?? current?.fields.timezone ?? 'UTC');
  const plan = planSchedule(current?.fields ?? null, request, managedArn, ctx.now());
  refuseBadPlan(plan, request, current, { options, fn, id, now: ctx.now() });

  const policies = rolePolicies(place.account, groupArn ?? place.groupArn(id.group), fn.functionArn);
  const role = await planRole(clients, plan, managedArn, roleName, policies);
  const group = { arn: groupArn ?? place.groupArn(id.group), create: groupArn === null };
  const expression = options.expression.expression;
  const risk = overlapRisk(expression, plan.after, fn.timeoutSeconds, fn.reservedConcurrency, ctx.now());
  if (risk) ctx.stderr.write(`lcron: warning: ${overlapWarning(risk, fn, plan.after.expression)}\n`);

  const needed =
    plan.action !== 'unchanged' || role.action === 'create' || role.action === 'update' || group.create;
  const written = needed && !options.dryRun;
  const stored = written
    ? await applySchedule(clients, { id, plan, current, options, fn, role, roleName, policies, group }, ctx)
    : current;

  const fires = upcomingFires(expression, plan.after, ctx.now());
  const report: ScheduleSetReport = {
    ...{ id, fn, plan, group, role, written, stored, fires, risk },
    expression: options.expression,
    dryRun: options.dryRun,
  };
  ctx.stdout.write(
    options.global.json
      ? `${JSON.stringify(scheduleSetToJson(report), null, 2)}\n`
      : renderScheduleSet(report, ctx, options.global),
  );

  return ExitCode.Ok;
}

/**
 * What lcron's own checks refuse once the schedule is read: dates that do
 * not fit the ones it keeps, a schedule that would never fire, and taking
 * over another function's schedule without `--retarget`.
 */
function refuseBadPlan(
  plan: SchedulePlan,
  request: ScheduleRequest,
  current: StoredSchedule | null,
  {
    options,
    fn,
    id,
    now,
  }: { options: ScheduleSetOptions; fn: ScheduledFunction; id: ScheduleId; now: number },
): void {
  checkScheduleDates(
    {
      start: plan.after.startDate,
      end: plan.after.endDate,
      startAsked: request.startDate !== undefined,
      endAsked: request.endDate !== undefined,
    },
    now,
  );
  const never =
    plan.action === 'unchanged' ? null : neverFiresReason(options.expression.expression, plan.after, now);
  if (never) {
    throw new UsageError(`${plan.after.expression} would never fire: ${never}`, {
      hint: 'check the expression and its zone with `lcron next`, and `--end`',
    });
  }
  if (current && current.fields.targetArn !== fn.targetArn && !options.retarget) {
    throw new UsageError(
      `schedule ${id.group}/${id.name} invokes ${current.fields.targetArn}, not ${fn.targetArn}`,
      {
        hint: 'pass `--retarget` to make it invoke this function instead, or choose another `--name`',
      },
    );
  }
}

interface Writes {
  id: ScheduleId;
  plan: SchedulePlan;
  current: StoredSchedule | null;
  options: ScheduleSetOptions;
  fn: ScheduledFunction;
  role: RolePlan;
  roleName: string;
  policies: RolePolicies;
  group: { create: boolean };
}

/** The group, the role, then the schedule; returns the schedule as Scheduler then holds it. */
async function applySchedule(clients: AwsClients, w: Writes, ctx: Context): Promise<StoredSchedule | null> {
  const steps: Step[] = [];
  if (w.group.create) {
    steps.push([`schedule group ${w.id.group}`, async () => void (await createGroup(clients, w.id.group))]);
  }
  if (w.role.action === 'create' || w.role.action === 'update') {
    steps.push([`role ${w.roleName}`, () => putRole(clients, w.role, w.roleName, w.policies)]);
  }
  steps.push([
    `schedule ${w.id.group}/${w.id.name}`,
    () => writeSchedule(clients, w.id, w.plan, w.current, w.options, w.fn, ctx, w.role),
  ]);
  await runSteps(steps, [], 'the same `lcron schedule` command');

  return readSchedule(clients, w.id);
}

function requestOf(
  options: ScheduleSetOptions,
  fn: ScheduledFunction,
  managedArn: string,
  zone: string,
): ScheduleRequest {
  const date = (flag: string, asked: DateAsked | null | undefined) =>
    asked ? resolveDate(flag, asked, zone) : asked;

  return {
    expression: options.expression.eventBridge,
    targetArn: fn.targetArn,
    timezone: options.timezone,
    startDate: date('--start', options.startDate),
    endDate: date('--end', options.endDate),
    windowMinutes: options.windowMinutes,
    retries: options.retries,
    maxEventAgeSeconds: options.maxEventAgeSeconds,
    dlqArn: options.dlqArn,
    input: options.input,
    description: options.description,
    state: options.state,
    roleArn: options.lcronRole ? managedArn : options.roleArn,
  };
}

/** The partition, account and Region of the function: the role and group ARNs are built from them. */
function placeOf(functionArn: string, clients: AwsClients) {
  const [, partition = 'aws', , region = clients.settings.region ?? '', account = ''] =
    functionArn.split(':');

  return {
    partition,
    account,
    groupArn: (group: string) => `arn:${partition}:scheduler:${region}:${account}:schedule-group/${group}`,
  };
}

async function planRole(
  clients: AwsClients,
  plan: SchedulePlan,
  managedArn: string,
  roleName: string,
  policies: RolePolicies,
): Promise<RolePlan> {
  const arn = plan.after.roleArn;
  if (arn !== managedArn) return { arn, managed: false, action: 'user' };

  const role = await readRole(clients, roleName, policies);
  if (!role) return { arn, managed: true, action: 'create' };
  if (!role.managed) throw notOurs(roleName);
  const current = role.trustIsCurrent && role.permissionsAreCurrent;

  return { arn: role.arn || arn, managed: true, action: current ? 'unchanged' : 'update' };
}

async function putRole(
  clients: AwsClients,
  role: RolePlan,
  name: string,
  policies: RolePolicies,
): Promise<void> {
  if (role.action === 'create') {
    await createRole(clients, name, policies, { 'lcron:managed': 'true' });
    return;
  }
  await writeTrust(clients, name, policies);
  await writePermissions(clients, name, policies);
}

/**
 * Creates or updates. A create that finds the schedule made meanwhile (two
 * runs racing) reads it and updates it instead; a role made a moment ago
 * is waited for, as IAM is eventually consistent.
 */
async function writeSchedule(
  clients: AwsClients,
  id: ScheduleId,
  plan: SchedulePlan,
  current: StoredSchedule | null,
  options: ScheduleSetOptions,
  fn: ScheduledFunction,
  ctx: Context,
  role: RolePlan,
): Promise<void> {
  const write = async () => {
    if (plan.action === 'unchanged') return;
    if (plan.action === 'update' && current) {
      await updateSchedule(clients, id, plan.after, current, plan.sendStartDate);
      return;
    }
    try {
      await createSchedule(clients, id, plan.after);
    } catch (error) {
      if (!(error instanceof ScheduleExistsError)) throw error;
      const winner = await readSchedule(clients, id);
      if (!winner) throw error;
      const zone = options.timezone ?? winner.fields.timezone;
      const request = requestOf(options, fn, plan.after.roleArn, zone);
      const replan = planSchedule(winner.fields, request, plan.after.roleArn, ctx.now());
      if (replan.action === 'update')
        await updateSchedule(clients, id, replan.after, winner, replan.sendStartDate);
    }
  };

  const waits = role.action === 'create' ? NEW_ROLE_WAITS_MS : [];
  for (let attempt = 0; ; attempt++) {
    try {
      return await write();
    } catch (error) {
      if (attempt >= waits.length || !roleNotYetUsable(error)) throw error;
      await ctx.sleep(waits[attempt]!);
    }
  }
}

function roleNotYetUsable(error: unknown): boolean {
  const cause =
    error instanceof LcronError
      ? (error.cause as { name?: string; message?: string } | undefined)
      : undefined;

  return cause?.name === 'ValidationException' && /role|assume/i.test(cause.message ?? '');
}
