import { functionNameOf, readScheduledFunction, splitQualifier } from '../../aws/lambda-function.js';
import { deleteRole } from '../../aws/schedule-role.js';
import {
  deleteSchedule,
  listScheduleSummaries,
  listSchedulesTargeting,
  readSchedule,
  updateSchedule,
  type ScheduleId,
  type StoredSchedule,
} from '../../aws/schedules.js';
import type { AwsClients } from '../../aws/clients.js';
import type { Context } from '../../cli/context.js';
import { ExitCode } from '../../cli/exit-codes.js';
import type { GlobalOptions } from '../../cli/global-options.js';
import { parseExpression } from '../../core/schedule/expression.js';
import { isManagedRoleArn } from '../../core/schedule/naming.js';
import { upcomingFires } from '../../core/schedule/overlap.js';
import { planSchedule, type ScheduleState } from '../../core/schedule/plan.js';
import { AwsServiceError, UsageError } from '../../errors.js';
import { fieldsToJson } from '../../render/schedule-json.js';
import {
  renderDelete,
  renderList,
  renderStateChange,
  type ListedSchedule,
} from '../../render/schedule-text.js';
import { isoTime } from '../../render/format.js';
import { clientsForFunction } from '../function-clients.js';
import { runSteps, type Step } from '../write-steps.js';
import type { ScheduleTarget } from './options.js';

export async function runScheduleList(options: { functionRef: string; global: GlobalOptions }, ctx: Context) {
  const clients = clientsForFunction(options.global, options.functionRef, ctx);
  const fn = await readScheduledFunction(clients, options.functionRef);
  const { qualifier } = splitQualifier(options.functionRef);
  const found = await listSchedulesTargeting(clients, qualifier ? fn.targetArn : fn.functionArn);

  const schedules: ListedSchedule[] = found.map((schedule) => ({
    group: schedule.group,
    name: schedule.name,
    fields: schedule.fields!,
    next: nextFire(schedule.fields!.expression, schedule.fields!, ctx.now()),
  }));
  schedules.sort((a, b) => `${a.group}/${a.name}`.localeCompare(`${b.group}/${b.name}`));
  if (options.global.json) {
    const json = schedules.map((schedule) => ({
      group: schedule.group,
      name: schedule.name,
      ...fieldsToJson(schedule.fields),
      nextFire: schedule.next === null ? null : isoTime(schedule.next),
    }));
    ctx.stdout.write(`${JSON.stringify({ function: fn.functionArn, schedules: json }, null, 2)}\n`);
  } else {
    ctx.stdout.write(renderList(schedules, fn.functionName, ctx, options.global));
  }

  return ExitCode.Ok;
}

/**
 * The next fire, or null when there is none, when the stored expression is
 * not one lcron can read, or for a rate with no start date: its fires count
 * from a moment Scheduler does not report.
 */
function nextFire(expression: string, fields: StoredSchedule['fields'], now: number): number | null {
  if (expression.startsWith('rate(') && fields.startDate === null) return null;
  try {
    return upcomingFires(parseExpression(expression).expression, fields, now, 1)[0] ?? null;
  } catch {
    return null;
  }
}

interface StateOptions extends ScheduleTarget {
  state: ScheduleState;
  dryRun: boolean;
  global: GlobalOptions;
}

/** Pause or resume: an update that sends every field back and changes only the state. */
export async function runScheduleState(options: StateOptions, ctx: Context): Promise<number> {
  const clients = clientsForFunction(options.global, options.functionRef, ctx);
  const id = { group: options.group, name: options.name };
  const stored = await readOwnSchedule(clients, id, options);
  if (!stored) throw missing(id, clients, options);

  const { fields } = stored;
  const request = { expression: fields.expression, targetArn: fields.targetArn, state: options.state };
  const plan = planSchedule(fields, request, fields.roleArn, ctx.now());
  const written = plan.action === 'update' && !options.dryRun;
  if (written) await updateSchedule(clients, id, plan.after, stored, plan.sendStartDate);

  // Named as `--json` names it: `schedule`, as every schedule command does.
  const report = {
    schedule: id,
    state: options.state,
    changed: plan.action === 'update',
    dryRun: options.dryRun,
    written,
  };
  ctx.stdout.write(
    options.global.json
      ? `${JSON.stringify({ ...report, fields: fieldsToJson(plan.after), notes: plan.notes }, null, 2)}\n`
      : renderStateChange(report, plan.notes),
  );

  return ExitCode.Ok;
}

interface DeleteOptions extends ScheduleTarget {
  keepRole: boolean;
  dryRun: boolean;
  global: GlobalOptions;
}

/**
 * Deletes the schedule, then lcron's role for it unless another schedule
 * still uses that role. Deleting what is already gone is success: a rerun
 * of a delete that stopped halfway finishes it.
 */
export async function runScheduleDelete(options: DeleteOptions, ctx: Context): Promise<number> {
  const clients = clientsForFunction(options.global, options.functionRef, ctx);
  const id = { group: options.group, name: options.name };
  const stored = await readOwnSchedule(clients, id, options);

  const roleArn = stored?.fields.roleArn ?? null;
  const managed = isManagedRoleArn(roleArn);
  const sharedWith = managed && !options.keepRole ? await otherUsers(clients, id, roleArn!, stored!) : [];
  const deleteTheRole = managed && !options.keepRole && sharedWith.length === 0;
  const roleAction = !stored ? null : !managed ? 'user' : deleteTheRole ? 'delete' : 'keep';

  if (stored && !options.dryRun) {
    const steps: Step[] = [
      [`deleting schedule ${id.group}/${id.name}`, async () => void (await deleteSchedule(clients, id))],
    ];
    if (deleteTheRole)
      steps.push([`deleting role ${roleArn}`, () => deleteRole(clients, roleArn!.split('/').pop()!)]);
    await runSteps(
      steps,
      [],
      `lcron schedule delete ${options.functionRef} --group ${id.group} --name ${id.name}`,
    );
  }

  const report = {
    schedule: id,
    found: stored !== null,
    role: roleArn === null ? null : { arn: roleArn, managed, action: roleAction, sharedWith },
    dryRun: options.dryRun,
    written: stored !== null && !options.dryRun,
  };
  ctx.stdout.write(options.global.json ? `${JSON.stringify(report, null, 2)}\n` : renderDelete(report));

  return ExitCode.Ok;
}

/** The other schedules in the group that run on the same role of lcron's. */
async function otherUsers(clients: AwsClients, id: ScheduleId, roleArn: string, stored: StoredSchedule) {
  const functionName = functionNameOf(stored.fields.targetArn);
  const candidates = (await listScheduleSummaries(clients, id.group)).filter(
    (summary) => summary.name !== id.name && functionNameOf(summary.targetArn) === functionName,
  );
  const users: string[] = [];
  for (const candidate of candidates) {
    const other = await readSchedule(clients, candidate);
    if (other?.fields.roleArn === roleArn) users.push(`${candidate.group}/${candidate.name}`);
  }

  return users;
}

/**
 * The schedule, checked to invoke the function named: a delete or pause
 * must not act on another function's schedule because the names collide.
 * The check is by name, so it works when the function itself is gone.
 */
async function readOwnSchedule(
  clients: AwsClients,
  id: ScheduleId,
  options: ScheduleTarget,
): Promise<StoredSchedule | null> {
  const stored = await readSchedule(clients, id);
  if (!stored) return null;
  const wanted = splitQualifier(options.functionRef);
  const actual = splitQualifier(stored.fields.targetArn);
  const sameFunction = functionNameOf(actual.unqualified) === functionNameOf(wanted.unqualified);
  const sameQualifier = wanted.qualifier === null || wanted.qualifier === actual.qualifier;
  if (sameFunction && sameQualifier) return stored;

  throw new UsageError(
    `schedule ${id.group}/${id.name} invokes ${stored.fields.targetArn || 'no Lambda function'}, not ${options.functionRef}`,
    { hint: 'name the function it invokes, or pick the schedule with `--name` and `--group`' },
  );
}

function missing(id: ScheduleId, clients: AwsClients, options: ScheduleTarget) {
  const region = clients.settings.region;
  return new AwsServiceError(
    'GetSchedule',
    `schedule ${id.group}/${id.name} not found${region ? ` in ${region}` : ''}`,
    {
      hint: `see \`lcron schedule list ${options.functionRef}\`; pass \`--name\` and \`--group\` for a schedule lcron did not name`,
    },
  );
}
