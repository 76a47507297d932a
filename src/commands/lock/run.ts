import {
  checkAccountRoom,
  readLockTarget,
  writeInvokeConfig,
  writeReservation,
  writeSavedState,
  type LockTarget,
} from '../../aws/lambda-lock.js';
import { listSchedulesTargeting } from '../../aws/schedules.js';
import type { Context } from '../../cli/context.js';
import { ExitCode } from '../../cli/exit-codes.js';
import { invokeConfigChanges, planLock, planUnlock, type Plan } from '../../core/lock-plan.js';
import { LcronError } from '../../errors.js';
import { lockToJson, type LockReport } from '../../render/lock-json.js';
import { renderLock } from '../../render/lock-text.js';
import { clientsForFunction } from '../function-clients.js';
import type { LockOptions, UnlockOptions } from './options.js';

export async function runLock(options: LockOptions, ctx: Context): Promise<number> {
  const clients = clientsForFunction(options.global, options.functionRef, ctx);
  const target = await readLockTarget(clients, options.functionRef);
  const schedules = await readSchedules(clients, target, ctx);
  if (target.qualifier) {
    ctx.stderr.write(
      `lcron: reserved concurrency applies to the whole function, not to :${target.qualifier}; locking ${target.functionName}\n`,
    );
  }

  const plan = planLock(
    target.state,
    { reserved: options.reserved, onBusy: options.onBusy, onDiscard: options.onDiscard },
    target.saved,
  );
  const written = !options.dryRun && plan.changes.length > 0;
  // Known before any write where the account's settings could be read.
  const noRoom =
    plan.after.reservedConcurrency === null ? null : checkAccountRoom(target, plan.after.reservedConcurrency);
  if (noRoom && plan.changes.some((change) => change.setting === 'reservedConcurrency')) throw noRoom;
  if (written) await applyLock(clients, target, plan);

  print(
    { command: 'lock', target, plan, schedules, dryRun: options.dryRun, written },
    options.global.json,
    ctx,
  );

  return ExitCode.Ok;
}

export async function runUnlock(options: UnlockOptions, ctx: Context): Promise<number> {
  const clients = clientsForFunction(options.global, options.functionRef, ctx);
  const target = await readLockTarget(clients, options.functionRef);
  const schedules = await readSchedules(clients, target, ctx);

  const plan = planUnlock(target.state, target.saved);
  const written = !options.dryRun && target.saved !== null;
  if (written) await applyUnlock(clients, target, plan);

  print(
    { command: 'unlock', target, plan, schedules, dryRun: options.dryRun, written },
    options.global.json,
    ctx,
  );

  return ExitCode.Ok;
}

/** A lock that cannot list schedules still locks: it says what it could not see. */
async function readSchedules(
  clients: Parameters<typeof listSchedulesTargeting>[0],
  target: LockTarget,
  ctx: Context,
) {
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

/**
 * The earlier settings are kept first, so that unlock can restore them
 * whatever fails after; then the reservation, then the invoke settings.
 */
async function applyLock(
  clients: Parameters<typeof writeReservation>[0],
  target: LockTarget,
  plan: Plan,
): Promise<void> {
  if (plan.save) await writeSavedState(clients, target, plan.save);
  const steps: Array<[string, () => Promise<void>]> = [];
  if (plan.before.reservedConcurrency !== plan.after.reservedConcurrency) {
    steps.push(['the reservation', () => writeReservation(clients, target, plan.after.reservedConcurrency)]);
  }
  if (invokeConfigChanges(plan))
    steps.push(['the busy policy', () => writeInvokeConfig(clients, target, plan.after)]);
  await runSteps(steps, `lcron lock ${target.functionName}`);
}

async function applyUnlock(
  clients: Parameters<typeof writeReservation>[0],
  target: LockTarget,
  plan: Plan,
): Promise<void> {
  const steps: Array<[string, () => Promise<void>]> = [];
  if (plan.before.reservedConcurrency !== plan.after.reservedConcurrency) {
    steps.push(['the reservation', () => writeReservation(clients, target, plan.after.reservedConcurrency)]);
  }
  if (invokeConfigChanges(plan))
    steps.push(['the invoke settings', () => writeInvokeConfig(clients, target, plan.after)]);
  // Forgotten last: until then a rerun of unlock still knows what to restore.
  steps.push(['forgetting the earlier settings', () => writeSavedState(clients, target, null)]);
  await runSteps(steps, `lcron unlock ${target.functionName}`);
}

/** Runs writes in order; when one fails, says which are in place and that a rerun completes the job. */
async function runSteps(steps: Array<[string, () => Promise<void>]>, rerun: string): Promise<void> {
  const done: string[] = [];
  for (const [what, step] of steps) {
    try {
      await step();
      done.push(what);
    } catch (error) {
      if (!(error instanceof LcronError) || done.length === 0) throw error;
      throw new LcronError(
        `${done.join(' and ')} ${done.length === 1 ? 'is' : 'are'} in place, but ${what} failed: ${error.message}`,
        error.exitCode,
        {
          hint: `fix that, then rerun \`${rerun}\` to finish${error.hint ? ` (${error.hint})` : ''}`,
          cause: error,
        },
      );
    }
  }
}

function print(report: LockReport, json: boolean, ctx: Context): void {
  ctx.stdout.write(json ? `${JSON.stringify(lockToJson(report), null, 2)}\n` : renderLock(report));
}
