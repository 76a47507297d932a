import type { GetScheduleOutput, Target } from '@aws-sdk/client-scheduler';

import type { TargetingSchedule } from '../core/schedule-gap.js';
import type { ScheduleFields, ScheduleState } from '../core/schedule/plan.js';
import { AwsServiceError } from '../errors.js';
import type { AwsClients } from './clients.js';
import { callAws, translateAwsError, type CallDescription } from './errors.js';

/** Where a schedule lives: Scheduler names schedules within a group. */
export interface ScheduleId {
  group: string;
  name: string;
}

/** A schedule read back: lcron's view of its fields, and Scheduler's own record. */
export interface StoredSchedule {
  arn: string;
  /** ISO-8601; a rate with no start date counts its fires from here. */
  createdAt: string | null;
  fields: ScheduleFields;
  /** Kept so that target settings lcron does not model are sent back as they were. */
  target: Target;
}

/** CreateSchedule lost a race: the schedule appeared between the read and the write. */
export class ScheduleExistsError extends AwsServiceError {}

const describe = (id: ScheduleId) => `schedule ${id.group}/${id.name}`;

/** The schedule, or null when the group has none of that name (or there is no such group). */
export async function readSchedule(clients: AwsClients, id: ScheduleId): Promise<StoredSchedule | null> {
  const { GetScheduleCommand } = await import('@aws-sdk/client-scheduler');
  const scheduler = await clients.scheduler();
  const output = await callAws(
    clients.settings,
    describe(id),
    { operation: 'GetSchedule', action: 'scheduler:GetSchedule' },
    () =>
      scheduler
        .send(new GetScheduleCommand({ Name: id.name, GroupName: id.group }))
        .catch((error: { name?: string }) => {
          if (error.name === 'ResourceNotFoundException') return null;
          throw error;
        }),
  );

  return output ? storedFrom(output) : null;
}

export function storedFrom(output: GetScheduleOutput): StoredSchedule {
  const target = output.Target ?? { Arn: '', RoleArn: '' };
  const window = output.FlexibleTimeWindow;

  return {
    arn: output.Arn ?? '',
    createdAt: isoOrNull(output.CreationDate),
    target,
    fields: {
      expression: output.ScheduleExpression ?? '',
      timezone: output.ScheduleExpressionTimezone || 'UTC',
      startDate: isoOrNull(output.StartDate),
      endDate: isoOrNull(output.EndDate),
      windowMinutes: window?.Mode === 'FLEXIBLE' ? (window.MaximumWindowInMinutes ?? null) : null,
      description: output.Description || null,
      state: (output.State as ScheduleState | undefined) ?? 'ENABLED',
      kmsKeyArn: output.KmsKeyArn || null,
      actionAfterCompletion:
        output.ActionAfterCompletion && output.ActionAfterCompletion !== 'NONE'
          ? output.ActionAfterCompletion
          : null,
      targetArn: target.Arn ?? '',
      roleArn: target.RoleArn ?? '',
      input: target.Input ?? null,
      retries: target.RetryPolicy?.MaximumRetryAttempts ?? null,
      maxEventAgeSeconds: target.RetryPolicy?.MaximumEventAgeInSeconds ?? null,
      dlqArn: target.DeadLetterConfig?.Arn || null,
    },
  };
}

/** The group's ARN, or null when there is no such group. */
export async function readGroupArn(clients: AwsClients, group: string): Promise<string | null> {
  const { GetScheduleGroupCommand } = await import('@aws-sdk/client-scheduler');
  const scheduler = await clients.scheduler();
  const output = await callAws(
    clients.settings,
    `schedule group ${group}`,
    { operation: 'GetScheduleGroup', action: 'scheduler:GetScheduleGroup' },
    () =>
      scheduler.send(new GetScheduleGroupCommand({ Name: group })).catch((error: { name?: string }) => {
        if (error.name === 'ResourceNotFoundException') return null;
        throw error;
      }),
  );

  return output?.Arn ?? null;
}

/** Creates the group; one that appeared meanwhile is as good. Returns its ARN. */
export async function createGroup(clients: AwsClients, group: string): Promise<string> {
  const { CreateScheduleGroupCommand } = await import('@aws-sdk/client-scheduler');
  const scheduler = await clients.scheduler();
  const created = await callAws(
    clients.settings,
    `schedule group ${group}`,
    { operation: 'CreateScheduleGroup', action: 'scheduler:CreateScheduleGroup' },
    () =>
      scheduler.send(new CreateScheduleGroupCommand({ Name: group })).catch((error: { name?: string }) => {
        if (error.name === 'ConflictException') return null;
        throw error;
      }),
  );
  if (created?.ScheduleGroupArn) return created.ScheduleGroupArn;

  return (await readGroupArn(clients, group)) ?? '';
}

export async function createSchedule(
  clients: AwsClients,
  id: ScheduleId,
  fields: ScheduleFields,
): Promise<void> {
  const { CreateScheduleCommand } = await import('@aws-sdk/client-scheduler');
  const scheduler = await clients.scheduler();
  const input = { Name: id.name, GroupName: id.group, ...scheduleBody(fields, {}, true) };
  try {
    await scheduler.send(new CreateScheduleCommand(input));
  } catch (error) {
    if ((error as { name?: string }).name === 'ConflictException') {
      throw new ScheduleExistsError('CreateSchedule', `${describe(id)} already exists`, { cause: error });
    }
    const { region, endpointUrl } = clients.settings;
    throw translateAwsError(error, {
      operation: 'CreateSchedule',
      action: 'scheduler:CreateSchedule and iam:PassRole',
      resource: describe(id),
      notFound: groupNotFound(clients, id),
      region,
      endpointUrl,
    });
  }
}

/**
 * Sends every field, changed or not: UpdateSchedule resets what it is not
 * sent. Target settings lcron does not model go back as they were read.
 */
export async function updateSchedule(
  clients: AwsClients,
  id: ScheduleId,
  fields: ScheduleFields,
  stored: StoredSchedule,
  sendStartDate: boolean,
): Promise<void> {
  const { UpdateScheduleCommand } = await import('@aws-sdk/client-scheduler');
  const scheduler = await clients.scheduler();
  const input = { Name: id.name, GroupName: id.group, ...scheduleBody(fields, stored.target, sendStartDate) };
  await callAws(
    clients.settings,
    describe(id),
    {
      operation: 'UpdateSchedule',
      action: 'scheduler:UpdateSchedule and iam:PassRole',
      notFound: {
        message: `${describe(id)} was deleted while lcron was updating it`,
        hint: 'rerun the command to create it again',
      },
    },
    () => scheduler.send(new UpdateScheduleCommand(input)),
  );
}

/** True when it was deleted, false when it was already gone. */
export async function deleteSchedule(clients: AwsClients, id: ScheduleId): Promise<boolean> {
  const { DeleteScheduleCommand } = await import('@aws-sdk/client-scheduler');
  const scheduler = await clients.scheduler();

  return callAws(
    clients.settings,
    describe(id),
    { operation: 'DeleteSchedule', action: 'scheduler:DeleteSchedule' },
    () =>
      scheduler.send(new DeleteScheduleCommand({ Name: id.name, GroupName: id.group })).then(
        () => true,
        (error: { name?: string }) => {
          if (error.name === 'ResourceNotFoundException') return false;
          throw error;
        },
      ),
  );
}

function scheduleBody(fields: ScheduleFields, keptTarget: Partial<Target>, sendStartDate: boolean) {
  const retryPolicy = {
    ...(fields.retries !== null ? { MaximumRetryAttempts: fields.retries } : {}),
    ...(fields.maxEventAgeSeconds !== null ? { MaximumEventAgeInSeconds: fields.maxEventAgeSeconds } : {}),
  };
  const target: Target = {
    ...keptTarget,
    Arn: fields.targetArn,
    RoleArn: fields.roleArn,
    Input: fields.input ?? undefined,
    RetryPolicy: Object.keys(retryPolicy).length > 0 ? retryPolicy : undefined,
    DeadLetterConfig: fields.dlqArn ? { Arn: fields.dlqArn } : undefined,
  };

  return {
    ScheduleExpression: fields.expression,
    ScheduleExpressionTimezone: fields.timezone,
    FlexibleTimeWindow:
      fields.windowMinutes === null
        ? { Mode: 'OFF' as const }
        : { Mode: 'FLEXIBLE' as const, MaximumWindowInMinutes: fields.windowMinutes },
    Target: target,
    State: fields.state,
    ...(fields.startDate && sendStartDate ? { StartDate: new Date(fields.startDate) } : {}),
    ...(fields.endDate ? { EndDate: new Date(fields.endDate) } : {}),
    ...(fields.description ? { Description: fields.description } : {}),
    ...(fields.kmsKeyArn ? { KmsKeyArn: fields.kmsKeyArn } : {}),
    ...(fields.actionAfterCompletion
      ? { ActionAfterCompletion: fields.actionAfterCompletion as 'NONE' | 'DELETE' }
      : {}),
  };
}

/** Each schedule's name and target, in one group or in all of them, across every page. */
export async function listScheduleSummaries(
  clients: AwsClients,
  group?: string,
): Promise<Array<ScheduleId & { targetArn: string }>> {
  const { ListSchedulesCommand } = await import('@aws-sdk/client-scheduler');
  const scheduler = await clients.scheduler();
  const summaries: Array<ScheduleId & { targetArn: string }> = [];
  const call = { operation: 'ListSchedules', action: 'scheduler:ListSchedules' };
  let NextToken: string | undefined;
  do {
    const page = await callAws(clients.settings, group ? `schedule group ${group}` : 'schedules', call, () =>
      scheduler.send(
        new ListSchedulesCommand({
          ...(group ? { GroupName: group } : {}),
          ...(NextToken ? { NextToken } : {}),
        }),
      ),
    );
    for (const summary of page.Schedules ?? []) {
      summaries.push({
        name: summary.Name ?? '',
        group: summary.GroupName ?? 'default',
        targetArn: summary.Target?.Arn ?? '',
      });
    }
    NextToken = page.NextToken;
  } while (NextToken);

  return summaries;
}

/** Whether a target ARN is the function or one of its versions or aliases. */
export function targetsFunction(targetArn: string, functionArn: string): boolean {
  return targetArn === functionArn || targetArn.startsWith(`${functionArn}:`);
}

/**
 * The schedules, in every group, whose target is the function or one of
 * its versions or aliases. ListSchedules names each schedule's target;
 * GetSchedule gives the rest of the few that match.
 */
export async function listSchedulesTargeting(
  clients: AwsClients,
  functionArn: string,
): Promise<TargetingSchedule[]> {
  const matching = (await listScheduleSummaries(clients)).filter((summary) =>
    targetsFunction(summary.targetArn, functionArn),
  );

  const schedules: TargetingSchedule[] = [];
  for (const id of matching) {
    const stored = await readSchedule(clients, id);
    // Deleted between the list and the read: no longer targets anything.
    if (!stored) continue;
    schedules.push({
      name: id.name,
      group: id.group,
      expression: stored.fields.expression,
      timezone: stored.fields.timezone,
      state: stored.fields.state,
      fields: stored.fields,
      createdAt: stored.createdAt,
    });
  }

  return schedules;
}

function groupNotFound(clients: AwsClients, id: ScheduleId): CallDescription['notFound'] {
  const region = clients.settings.region;
  return {
    message: `schedule group ${id.group} not found${region ? ` in ${region}` : ''}`,
    hint: 'check `--group`; lcron creates a missing group when it plans the schedule, so rerun',
  };
}

function isoOrNull(value: Date | string | undefined): string | null {
  if (value === undefined || value === null) return null;
  const date = value instanceof Date ? value : new Date(value);

  return Number.isNaN(date.getTime()) ? null : date.toISOString();
}
