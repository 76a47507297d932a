import { describe, expect, it } from 'vitest';

import { checkSchedules, type ScheduleToCheck } from '../../src/core/schedule-check.js';
import { parseExpression } from '../../src/core/schedule/expression.js';

const T = (hhmm: string) => Date.parse(`2026-12-01T${hhmm}:00Z`);
const schedule = (expression: string, more: Partial<ScheduleToCheck> = {}): ScheduleToCheck => ({
  id: 'default/job',
  expression,
  timezone: 'UTC',
  windowMinutes: 0,
  parsed: parseExpression(expression).expression,
  startDate: null,
  endDate: null,
  createdAt: null,
  ...more,
});

describe('the fires an audit expects', () => {
  const window = { start: T('12:00'), end: T('13:00') };

  it('expects no cron fire before the schedule was made', () => {
    // Every 10 minutes, made at 12:25: 12:30, 12:40 and 12:50 are expected, and come with no run.
    const check = checkSchedules([schedule('cron(0/10 * * * ? *)', { createdAt: T('12:25') })], [], window);
    expect(check.punctuality.fires.map((f) => new Date(f.at).toISOString().slice(11, 16))).toEqual([
      '12:30',
      '12:40',
      '12:50',
    ]);
  });

  it('counts a rate from its start date, else its creation', () => {
    const fromStart = checkSchedules(
      [schedule('rate(20 minutes)', { startDate: T('12:05'), createdAt: T('11:00') })],
      [],
      window,
    );
    expect(fromStart.punctuality.fires.map((f) => f.at)).toEqual([T('12:05'), T('12:25'), T('12:45')]);
    // Made at 11:10: fires at 11:10, 11:30, 11:50, 12:10, 12:30, 12:50.
    const fromCreation = checkSchedules(
      [schedule('rate(20 minutes)', { createdAt: T('11:10') })],
      [],
      window,
    );
    expect(fromCreation.punctuality.fires.map((f) => f.at)).toEqual([T('12:10'), T('12:30'), T('12:50')]);
  });

  it('counts a fire just before the window for a run just inside it, and not otherwise', () => {
    const run = { requestId: 'a', start: T('12:00') + 20_000, end: T('12:00') + 40_000 };
    const late = { start: T('12:00') + 10_000, end: T('13:00') };
    // The 12:00 fire is before this window, but its run starts in it.
    expect(checkSchedules([schedule('cron(0 * * * ? *)')], [run], late).punctuality.summary).toMatchObject({
      fires: 1,
      onTime: 1,
      duplicates: 0,
    });
    // With no run, a fire before the window is not counted as missed.
    expect(checkSchedules([schedule('cron(0 * * * ? *)')], [], late).punctuality.summary.fires).toBe(0);
  });
});
