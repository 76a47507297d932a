import {
  checkAccountRoom,
  readLockTarget,
  writeInvokeConfig,
  writeReservation,
  writeSavedState,
  type LockTarget,
} from '../../aws/lambda-lock.js';
import { listSchedulesTargeting } from '../../aws/schedules.js';
import type { AwsClients } from '../../aws/clients.js';
import type { Context } from '../../cli/context.js';
import { ExitCode } from '../../cli/exit-codes.js';
import { invokeConfigChanges, planLock, planUnlock, type Plan } from '../../core/lock-plan.js';
import { LcronError } from '../../errors.js';
import { lockToJson, type LockReport } from '../../render/lock-json.js';
import { renderLock } from '../../render/lock-text.js';
import { clientsForFunction } from '../function-clients.js';
import { runSteps, type Step } from '../write-steps.js';
import type { LockOptions, UnlockOptions } from './options.js';

export async function runLock(options: LockOptions, ctx: Context): Promise<number> {
  const clients = clientsForFunction(options.global, options.functionRef, ctx);
  const target = await readTarget(clients, options.functionRef, ctx);
  const schedules = await readSchedules(clients, target, ctx);

  const request = { reserved: options.reserved, onBusy: options.onBusy, onDiscard: options.onDiscard };
  const plan = planLock(target.state, request, target.saved);
  // Known before any write where the account's settings could be read.
  const reserving = plan.changes.some((change) => change.setting === 'reservedConcurrency');
  const noRoom = reserving ? checkAccountRoom(target, options.reserved) : null;
  if (noRoom) throw noRoom;

  const written = !options.dryRun && plan.changes.length > 0;
  if (written) await applyLock(clients, target, plan, rerunLock(options, target));

  print(
    {
      command: 'lock',
      target,
      plan,
      schedules,
      dryRun: options.dryRun,
      written,
      saved: target.saved ?? plan.save,
      now: ctx.now(),
    },
    options,
    ctx,
  );

  return ExitCode.Ok;
}

export async function runUnlock(options: UnlockOptions, ctx: Context): Promise<number> {
  const clients = clientsForFunction(options.global, options.functionRef, ctx);
  const target = await readTarget(clients, options.functionRef, ctx);
  const schedules = await readSchedules(clients, target, ctx);

  const plan = planUnlock(target.state, target.saved);
  const written = !options.dryRun && target.saved !== null;
  if (written) await applyUnlock(clients, target, plan);

  const saved = written ? null : target.saved;
  print(
    { command: 'unlock', target, plan, schedules, dryRun: options.dryRun, written, saved, now: ctx.now() },
    options,
    ctx,
  );

  return ExitCode.Ok;
}

async function readTarget(clients: AwsClients, reference: string, ctx: Context): Promise<LockTarget> {
  const target = await readLockTarget(clients, reference);
  if (target.qualifier) {
    ctx.stderr.write(
      `lcron: reserved concurrency applies to the whole function, not to :${target.qualifier}; acting on ${target.functionName}\n`,
    );
  }
  if (target.accountNote) ctx.stderr.write(`lcron: warning: ${target.accountNote}\n`);

  return target;
}

/** A lock that cannot list schedules still locks: it says what it could not see. */
async function readSchedules(clients: AwsClients, target: LockTarget, ctx: Context) {
  try {
    return await listSchedulesTargeting(clients, target.functionArn);
  } catch (error) {
    if (!(error instanceof LcronError)) throw error;
    ctx.stderr.write(
      `lcron: warning: could not list the schedules that target the function: ${error.message}\n`,
    );
    return null;
  }
}

/** The command that finishes a lock that failed halfway: the same one, every flag kept. */
function rerunLock(options: LockOptions, target: LockTarget): string {
  const flags = [`--reserved ${options.reserved}`, `--on-busy ${options.onBusy}`];
  if (options.onDiscard) flags.push(`--on-discard ${options.onDiscard}`);
  if (options.reserved === 0) flags.push('--allow-zero');

  return `lcron lock ${target.reference} ${flags.join(' ')}`;
}

/**
 * The earlier settings are kept first, so that unlock can restore them
 * whatever fails after; then the reservation, then the invoke settings.
 * If the first setting cannot be written, the record is taken back, so
 * that no stale record outlives a lock that never happened.
 */
async function applyLock(clients: AwsClients, target: LockTarget, plan: Plan, rerun: string): Promise<void> {
  const steps: Step[] = [];
  if (plan.before.reservedConcurrency !== plan.after.reservedConcurrency) {
    steps.push(['the reservation', () => writeReservation(clients, target, plan.after.reservedConcurrency)]);
  }
  if (invokeConfigChanges(plan))
    steps.push(['the busy policy', () => writeInvokeConfig(clients, target, plan.after)]);

  if (steps.length === 0) return;
  if (plan.save) await writeSavedState(clients, target, plan.save);
  try {
    await steps[0]![1]();
  } catch (error) {
    if (plan.save) await writeSavedState(clients, target, null).catch(() => {});
    throw error;
  }
  await runSteps(steps.slice(1), [steps[0]![0]], rerun);
}

async function applyUnlock(clients: AwsClients, target: LockTarget, plan: Plan): Promise<void> {
  const steps: Step[] = [];
  if (plan.before.reservedConcurrency !== plan.after.reservedConcurrency) {
    steps.push(['the reservation', () => writeReservation(clients, target, plan.after.reservedConcurrency)]);
  }
  if (invokeConfigChanges(plan))
    steps.push(['the invoke settings', () => writeInvokeConfig(clients, target, plan.after)]);
  // Forgotten last: until then a rerun of unlock still knows what to restore.
  steps.push(['removing the lcron:before-* tags', () => writeSavedState(clients, target, null)]);
  await runSteps(steps, [], `lcron unlock ${target.reference}`);
}

function print(report: LockReport, options: { global: { json: boolean } }, ctx: Context): void {
  ctx.stdout.write(
    options.global.json ? `${JSON.stringify(lockToJson(report), null, 2)}\n` : renderLock(report),
  );
}
