import { readLockTarget } from '../../aws/lambda-lock.js';
import { readRolePolicies } from '../../aws/schedule-role.js';
import { listSchedulesTargeting } from '../../aws/schedules.js';
import type { AwsClients } from '../../aws/clients.js';
import type { Context } from '../../cli/context.js';
import { ExitCode } from '../../cli/exit-codes.js';
import type { GlobalOptions } from '../../cli/global-options.js';
import {
  diagnose,
  SEVERITY_ORDER,
  worstSeverity,
  type DoctorSchedule,
  type RoleReading,
} from '../../core/doctor.js';
import { extraGrants } from '../../core/role-scope.js';
import { LcronError } from '../../errors.js';
import { doctorToJson, renderDoctor, type DoctorReport } from '../../render/doctor.js';
import { clientsForFunction } from '../function-clients.js';

export interface DoctorOptions {
  functionRef: string;
  strict: boolean;
  global: GlobalOptions;
}

export async function runDoctor(options: DoctorOptions, ctx: Context): Promise<number> {
  const clients = clientsForFunction(options.global, options.functionRef, ctx);
  const target = await readLockTarget(clients, options.functionRef);
  const schedules: DoctorSchedule[] = (await listSchedulesTargeting(clients, target.functionArn)).map(
    (s) => ({
      id: `${s.group}/${s.name}`,
      group: s.group,
      name: s.name,
      fields: s.fields!,
    }),
  );
  schedules.sort((a, b) => a.id.localeCompare(b.id));
  const roles = await readRoles(clients, schedules, target.functionArn);

  const findings = diagnose({
    functionName: target.functionName,
    functionArn: target.functionArn,
    timeoutSeconds: target.timeoutSeconds,
    state: target.state,
    schedules,
    roles,
    now: ctx.now(),
  });
  const report: DoctorReport = { target, schedules, findings };
  ctx.stdout.write(
    options.global.json
      ? `${JSON.stringify(doctorToJson(report), null, 2)}\n`
      : renderDoctor(report, ctx, options.global),
  );

  const failing = SEVERITY_ORDER.indexOf(worstSeverity(findings)) >= SEVERITY_ORDER.indexOf('warning');
  return options.strict && failing ? ExitCode.Findings : ExitCode.Ok;
}

/**
 * Each role once. A role the caller may not read is a finding, not a
 * failure of the whole check; one in another account is not looked up by
 * its name in this one.
 */
async function readRoles(clients: AwsClients, schedules: DoctorSchedule[], functionArn: string) {
  const roles = new Map<string, RoleReading>();
  const account = functionArn.split(':')[4];
  for (const roleArn of new Set(schedules.map((schedule) => schedule.fields.roleArn))) {
    const roleAccount = roleArn.split(':')[4];
    if (roleAccount !== account) {
      roles.set(roleArn, {
        error: `it is in account ${roleAccount}; lcron reads roles of the function's account (${account}) only`,
      });
      continue;
    }
    try {
      const documents = await readRolePolicies(clients, roleArn);
      roles.set(
        roleArn,
        documents === null ? { missing: true } : { extra: extraGrants(documents, functionArn) },
      );
    } catch (error) {
      if (!(error instanceof LcronError)) throw error;
      roles.set(roleArn, { error: error.message });
    }
  }

  return roles;
}
