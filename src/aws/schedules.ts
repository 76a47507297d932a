import type { TargetingSchedule } from '../core/schedule-gap.js';
import type { AwsClients } from './clients.js';
import { translateAwsError } from './errors.js';

/**
 * The schedules, in every group, whose target is the function or one of
 * its versions or aliases. ListSchedules names each schedule's target;
 * GetSchedule gives the expression of the few that match.
 */
export async function listSchedulesTargeting(
  clients: AwsClients,
  functionArn: string,
): Promise<TargetingSchedule[]> {
  const { ListSchedulesCommand, GetScheduleCommand } = await import('@aws-sdk/client-scheduler');
  const scheduler = await clients.scheduler();
  const matching: Array<{ name: string; group: string; state: string }> = [];
  let NextToken: string | undefined;
  try {
    do {
      const page = await scheduler.send(new ListSchedulesCommand({ ...(NextToken ? { NextToken } : {}) }));
      for (const summary of page.Schedules ?? []) {
        const arn = summary.Target?.Arn ?? '';
        if (arn === functionArn || arn.startsWith(`${functionArn}:`)) {
          matching.push({
            name: summary.Name ?? '',
            group: summary.GroupName ?? 'default',
            state: summary.State ?? 'ENABLED',
          });
        }
      }
      NextToken = page.NextToken;
    } while (NextToken);

    const schedules: TargetingSchedule[] = [];
    for (const found of matching) {
      const schedule = await scheduler.send(
        new GetScheduleCommand({ Name: found.name, GroupName: found.group }),
      );
      schedules.push({ ...found, expression: schedule.ScheduleExpression ?? '' });
    }
    return schedules;
  } catch (error) {
    const { region, endpointUrl } = clients.settings;
    throw translateAwsError(error, {
      operation: 'ListSchedules',
      action: 'scheduler:ListSchedules and scheduler:GetSchedule',
      resource: `schedules of ${functionArn}`,
      region,
      endpointUrl,
    });
  }
}
