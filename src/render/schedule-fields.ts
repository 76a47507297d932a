import type { ScheduleField, ScheduleFields } from '../core/schedule/plan.js';
import { formatLocal } from '../core/schedule/zone.js';
import { formatDuration, isoTime } from './format.js';

export const FIELD_LABELS: Record<ScheduleField, string> = {
  expression: 'expression',
  timezone: 'time zone',
  targetArn: 'function',
  roleArn: 'role',
  state: 'state',
  startDate: 'start',
  endDate: 'end',
  windowMinutes: 'flexible window',
  input: 'input',
  retries: 'retries',
  maxEventAgeSeconds: 'max event age',
  dlqArn: 'dead-letter queue',
  description: 'description',
  kmsKeyArn: 'KMS key',
  actionAfterCompletion: 'after last fire',
};

/** One field's value in words; null reads as Scheduler's default for that field. */
export function fieldText(field: ScheduleField, value: ScheduleFields[ScheduleField] | null): string {
  if (value === null || value === '') {
    switch (field) {
      case 'windowMinutes':
        return 'off';
      case 'retries':
        return "Scheduler's default (185)";
      case 'maxEventAgeSeconds':
        return "Scheduler's default (24h)";
      case 'kmsKeyArn':
        return 'AWS owned key';
      case 'actionAfterCompletion':
        return 'keep the schedule';
      default:
        return 'none';
    }
  }
  if (field === 'windowMinutes') return `${value} ${value === 1 ? 'minute' : 'minutes'}`;
  if (field === 'maxEventAgeSeconds') return formatDuration(Number(value) * 1000);
  if (field === 'actionAfterCompletion' && value === 'DELETE') return 'delete the schedule';

  return String(value);
}

/** A fire for people: in the schedule's zone, with UTC beside it. */
export function fireText(ms: number, zone: string): string {
  const utc = isoTime(ms).replace('.000Z', 'Z');

  return zone === 'UTC' ? utc : `${formatLocal(ms, zone)}  (${utc})`;
}
