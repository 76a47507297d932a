import type { AwsClients } from '../../aws/clients.js';
import { listSchedulesTargeting } from '../../aws/schedules.js';
import type { Context } from '../../cli/context.js';
import type { ScheduleCheck } from '../../core/audit-report.js';
import type { AuditResult } from '../../core/audit.js';
import { checkSchedules, type ScheduleToCheck } from '../../core/schedule-check.js';
import { parseExpression } from '../../core/schedule/expression.js';
import { LcronError } from '../../errors.js';
import type { AuditOptions } from './options.js';

/** The `--expected` schedule of the command line, as the check takes it. */
export function expectedFromOptions(options: AuditOptions): ScheduleToCheck[] {
  if (!options.expected) return [];
  const { parsed, timezone, windowMinutes } = options.expected;

  return [
    {
      id: '--expected',
      expression: parsed.eventBridge,
      timezone,
      windowMinutes,
      parsed: parsed.expression,
      startDate: null,
      endDate: null,
      createdAt: null,
    },
  ];
}

/**
 * The enabled schedules that target the function. An audit that cannot
 * list them still audits: it says on stderr what it could not check.
 */
export async function liveSchedules(
  clients: AwsClients,
  functionArn: string,
  ctx: Context,
): Promise<ScheduleToCheck[]> {
  let found;
  try {
    found = await listSchedulesTargeting(clients, functionArn);
  } catch (error) {
    if (!(error instanceof LcronError)) throw error;
    ctx.stderr.write(
      `lcron: warning: could not list the schedules, so fires are not checked: ${error.message}\n`,
    );
    return [];
  }
  const schedules: ScheduleToCheck[] = [];
  for (const schedule of found) {
    const fields = schedule.fields!;
    if (fields.state !== 'ENABLED') continue;
    let parsed;
    try {
      parsed = parseExpression(fields.expression).expression;
    } catch {
      ctx.stderr.write(
        `lcron: warning: cannot read ${fields.expression} of ${schedule.group}/${schedule.name}; its fires are not checked\n`,
      );
      continue;
    }
    schedules.push({
      id: `${schedule.group}/${schedule.name}`,
      expression: fields.expression,
      timezone: fields.timezone,
      windowMinutes: fields.windowMinutes ?? 0,
      parsed,
      startDate: fields.startDate === null ? null : Date.parse(fields.startDate),
      endDate: fields.endDate === null ? null : Date.parse(fields.endDate),
      createdAt: schedule.createdAt ? Date.parse(schedule.createdAt) : null,
    });
  }

  return schedules;
}

export function scheduleCheckOf(schedules: ScheduleToCheck[], result: AuditResult): ScheduleCheck | null {
  if (schedules.length === 0 || !result.window) return null;

  return checkSchedules(schedules, result.runTimes, result.window);
}
