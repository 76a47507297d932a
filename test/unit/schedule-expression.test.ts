import { describe, expect, it } from 'vitest';

import { ExitCode } from '../../src/cli/exit-codes.js';
import { UsageError } from '../../src/errors.js';
import {
  ExpressionError,
  formatExpression,
  parseExpression,
  planCron,
} from '../../src/core/schedule/expression.js';

/** The one line lcron prints for an expression it refuses: message, then hint. */
function refusal(text: string): string {
  try {
    parseExpression(text);
  } catch (error) {
    if (!(error instanceof ExpressionError)) throw error;
    return `${error.message}; ${error.hint}`;
  }
  throw new Error(`${text} was accepted`);
}

describe('parseExpression: EventBridge forms', () => {
  it.each([
    ['rate(5 minutes)', 'rate(5 minutes)'],
    ['rate(1 minute)', 'rate(1 minute)'],
    ['rate(1 hour)', 'rate(1 hour)'],
    ['rate(2 days)', 'rate(2 days)'],
    ['  rate(  10   minutes )  ', 'rate(10 minutes)'],
    ['cron(0/5 * * * ? *)', 'cron(0/5 * * * ? *)'],
    ['cron(*/5 * * * ? *)', 'cron(*/5 * * * ? *)'],
    ['cron(0 9 ? * MON-FRI *)', 'cron(0 9 ? * MON-FRI *)'],
    ['cron(0 9 ? * mon-fri *)', 'cron(0 9 ? * MON-FRI *)'],
    ['cron(0 0 L * ? *)', 'cron(0 0 L * ? *)'],
    ['cron(0 9 LW * ? *)', 'cron(0 9 LW * ? *)'],
    ['cron(0 9 15W * ? *)', 'cron(0 9 15W * ? *)'],
    ['cron(0 9 ? * 3#2 *)', 'cron(0 9 ? * 3#2 *)'],
    ['cron(0 9 ? * 6L *)', 'cron(0 9 ? * 6L *)'],
    ['cron(0 9 ? * L *)', 'cron(0 9 ? * L *)'],
    ['cron(0 12 1 1 ? 2199)', 'cron(0 12 1 1 ? 2199)'],
    ['cron(15 10 ? JAN-MAR,JUL 2-6 2026-2030/2)', 'cron(15 10 ? JAN-MAR,JUL 2-6 2026-2030/2)'],
    ['at(2026-12-24T18:00:00)', 'at(2026-12-24T18:00:00)'],
    ['at(2028-02-29T00:00:00)', 'at(2028-02-29T00:00:00)'],
  ])('takes %j as %s', (text, eventBridge) => {
    const parsed = parseExpression(text);

    expect(parsed.eventBridge).toBe(eventBridge);
    expect(parsed.input).toBe(text.trim());
    expect(parsed.convertedFrom).toBeNull();
  });

  it('keeps each cron field as EventBridge text', () => {
    expect(parseExpression('cron(0/15 8-17 ? * MON-FRI *)').expression).toEqual({
      kind: 'cron',
      fields: {
        minutes: '0/15',
        hours: '8-17',
        dayOfMonth: '?',
        month: '*',
        dayOfWeek: 'MON-FRI',
        year: '*',
      },
    });
  });

  it('reads at() as a local time with no zone', () => {
    expect(parseExpression('at(2026-12-24T18:05:09)').expression).toEqual({
      kind: 'at',
      local: { year: 2026, month: 12, day: 24, hour: 18, minute: 5, second: 9 },
    });
  });
});

describe('parseExpression: rate shorthands', () => {
  it.each([
    ['5m', 'rate(5 minutes)'],
    ['1m', 'rate(1 minute)'],
    ['1h', 'rate(1 hour)'],
    ['1d', 'rate(1 day)'],
    ['5min', 'rate(5 minutes)'],
    ['5 minutes', 'rate(5 minutes)'],
    ['2 hours', 'rate(2 hours)'],
    ['1 day', 'rate(1 day)'],
    ['90M', 'rate(90 minutes)'],
    ['12 Hours', 'rate(12 hours)'],
  ])('sends %j as %s', (text, eventBridge) => {
    const parsed = parseExpression(text);

    expect([parsed.eventBridge, parsed.convertedFrom]).toEqual([eventBridge, 'rate-shorthand']);
  });

  it('keeps what the user typed, trimmed', () => {
    expect(parseExpression('  15m ').input).toBe('15m');
  });
});

describe('parseExpression: five-field Unix cron', () => {
  it.each([
    // Unix 1-5 is Monday to Friday; EventBridge numbers them 2-6.
    ['0 9 * * 1-5', 'cron(0 9 ? * MON-FRI *)'],
    ['0 9 * * mon-fri', 'cron(0 9 ? * MON-FRI *)'],
    ['0 0 * * 0', 'cron(0 0 ? * SUN *)'],
    ['0 0 * * 7', 'cron(0 0 ? * SUN *)'],
    ['0 0 * * sun', 'cron(0 0 ? * SUN *)'],
    ['0 0 * * 0,6', 'cron(0 0 ? * SUN,SAT *)'],
    // Friday, Saturday and Sunday (7): no wrap-around range, so a list in EventBridge's order.
    ['0 0 * * 5-7', 'cron(0 0 ? * SUN,FRI,SAT *)'],
    // */2 over 0-6: 0, 2, 4, 6.
    ['0 0 * * */2', 'cron(0 0 ? * SUN,TUE,THU,SAT *)'],
    ['0 0 * * 1-5/2', 'cron(0 0 ? * MON,WED,FRI *)'],
    ['0 0 * * 0-2,6', 'cron(0 0 ? * SUN-TUE,SAT *)'],
    ['0 0 * * 6,0,3', 'cron(0 0 ? * SUN,WED,SAT *)'],
    ['0 0 * * 0-6', 'cron(0 0 ? * * *)'],
    ['*/5 * * * *', 'cron(*/5 * * * ? *)'],
    ['0 */2 * * *', 'cron(0 */2 * * ? *)'],
    ['0 0 1 * *', 'cron(0 0 1 * ? *)'],
    ['30 4 1,15 * *', 'cron(30 4 1,15 * ? *)'],
    ['0 12 1 jan,jul *', 'cron(0 12 1 JAN,JUL ? *)'],
    ['0 12 * JAN-MAR 1', 'cron(0 12 ? JAN-MAR MON *)'],
  ])('converts %j to %s', (text, eventBridge) => {
    const parsed = parseExpression(text);

    expect([parsed.eventBridge, parsed.convertedFrom]).toEqual([eventBridge, 'unix-cron']);
  });

  it('refuses both day fields restricted, which Unix reads as either, and offers two schedules', () => {
    expect(refusal('0 0 1 * 1')).toBe(
      '`0 0 1 * 1`: day-of-month field `1` and day-of-week field `1`: Unix cron fires when either matches, ' +
        'which EventBridge cannot express; create two schedules: cron(0 0 1 * ? *) and cron(0 0 ? * MON *)',
    );
  });

  it.each([
    ['0 0 ? * 1', 'day-of-month field `?`'],
    ['0 0 L * *', 'day-of-month field `L`'],
    ['0 0 15W * *', 'day-of-month field `15W`'],
    ['0 0 * * 5#2', 'day-of-week field `5#2`'],
    ['0 0 * * 5L', 'day-of-week field `5L`'],
  ])('sends EventBridge-only syntax in %j to the six-field form', (text, field) => {
    const line = refusal(text);

    expect(line).toContain(`\`${text}\`: ${field}`);
    expect(line).toContain('is EventBridge syntax, not Unix cron');
    expect(line).toContain('cron(minutes hours day-of-month month day-of-week year)');
  });

  it.each([
    ['60 * * * *', 'minutes field `60`: 60 is outside 0-59'],
    ['0 24 * * *', 'hours field `24`: 24 is outside 0-23'],
    ['0 0 32 * *', 'day-of-month field `32`: 32 is outside 1-31'],
    ['0 0 1 13 *', 'month field `13`: 13 is outside 1-12'],
    ['0 0 * * 8', 'day-of-week field `8`: 8 is outside 0-7'],
    ['0 0 * * 5-1', 'day-of-week field `5-1`: range `5-1` runs backwards'],
    ['0 0 * * 1/2', 'day-of-week field `1/2`: `1/2` needs a range before `/`'],
    ['0 0 * * fun', 'day-of-week field `FUN`: `FUN` is not a day-of-week value'],
  ])('names the field in %j', (text, problem) => {
    expect(refusal(text)).toContain(`\`${text}\`: ${problem}`);
  });

  it('refuses macros such as @daily', () => {
    expect(refusal('@daily')).toMatch(/^`@daily`: expression: Unix cron macros/);
  });
});

describe('parseExpression: refusals', () => {
  it.each([
    ['rate(0 minutes)', 'value `0`: must be 1 or more'],
    ['rate(1 minutes)', 'unit `minutes`: EventBridge wants the singular; use `minute` for a value of 1'],
    ['rate(1 hours)', 'use `hour` for a value of 1: rate(1 hour)'],
    ['rate(5 minute)', 'unit `minute`: EventBridge wants the plural; use `minutes` for a value other than 1'],
    ['rate(2 day)', 'use `days` for a value other than 1: rate(2 days)'],
    ['rate(5 seconds)', "unit `seconds`: EventBridge Scheduler's smallest unit is the minute"],
    ['rate(2 weeks)', 'unit `weeks`: EventBridge has no weeks; use days, e.g. rate(7 days)'],
    ['rate(5 fortnights)', 'unit `fortnights`: not a rate unit'],
    // 1.5 hours is 90 minutes; 0.5 days is 12 hours.
    ['rate(1.5 hours)', 'value `1.5`: must be a whole number; use a smaller unit: rate(90 minutes)'],
    ['rate(0.5 days)', 'use a smaller unit: rate(12 hours)'],
    ['rate(-5 minutes)', 'value `-5`: must be a positive whole number'],
    ['rate(5)', 'rate(): takes a value and a unit'],
    ['0m', 'value `0`: must be 1 or more'],
    ['1.5h', 'value `1.5`: must be a whole number'],
    ['30s', "unit `s`: EventBridge Scheduler's smallest unit is the minute"],
    ['2w', 'unit `w`: EventBridge has no weeks'],
    ['cron(0/5 * * * ?)', 'fields: cron() takes six fields, not 5; add the year field'],
    ['cron(0 0/5 * * * ? *)', 'fields: cron() takes six fields, not 7; EventBridge has no seconds field'],
    ['cron()', 'fields: cron() takes six fields, not 0'],
    ['cron(60 * * * ? *)', 'minutes field `60`: 60 is outside 0-59'],
    ['cron(0-60 * * * ? *)', 'minutes field `0-60`: 60 is outside 0-59'],
    ['cron(0/0 * * * ? *)', 'minutes field `0/0`: step `/0` is not 1-59'],
    ['cron(0/60 * * * ? *)', 'minutes field `0/60`: step `/60` is not 1-59'],
    ['cron(5,,10 * * * ? *)', 'minutes field `5,,10`: a value is missing'],
    ['cron(0 24 * * ? *)', 'hours field `24`: 24 is outside 0-23'],
    ['cron(0 18-6 * * ? *)', 'hours field `18-6`: range `18-6` runs backwards'],
    ['cron(0 0 0 * ? *)', 'day-of-month field `0`: 0 is outside 1-31'],
    ['cron(0 0 32 * ? *)', 'day-of-month field `32`: 32 is outside 1-31'],
    ['cron(0 0 32W * ? *)', 'day-of-month field `32W`: 32 is outside 1-31'],
    ['cron(0 0 1 0 ? *)', 'month field `0`: 0 is outside 1-12'],
    ['cron(0 0 1 13 ? *)', 'month field `13`: 13 is outside 1-12'],
    ['cron(0 0 1 JANUARY ? *)', 'month field `JANUARY`: `JANUARY` is not a month value; use 1-12 or JAN-DEC'],
    // EventBridge counts the week from 1 (Sunday): Unix's 0 is not one of its days.
    ['cron(0 0 ? * 0 *)', 'day-of-week field `0`: 0 is outside 1-7; use 1-7 (1 is Sunday) or SUN-SAT'],
    ['cron(0 0 ? * 8 *)', 'day-of-week field `8`: 8 is outside 1-7'],
    ['cron(0 0 ? * FRI-MON *)', 'day-of-week field `FRI-MON`: range `FRI-MON` runs backwards'],
    ['cron(0 0 ? * 1/2 *)', 'day-of-week field `1/2`: EventBridge takes no `/` in day-of-week'],
    ['cron(0 0 * * ? 1969)', 'year field `1969`: 1969 is outside 1970-2199'],
    ['cron(0 0 * * ? 2200)', 'year field `2200`: 2200 is outside 1970-2199'],
    ['cron(0 0 ? * ? *)', 'day-of-month field `?` and day-of-week field `?`: only one of them may be `?`'],
    ['cron(0 0 * * * *)', 'one of them must be `?`; EventBridge cannot combine the two: write ? in one'],
    ['cron(0 0 1 * MON *)', 'day-of-month field `1` and day-of-week field `MON`: one of them must be `?`'],
    ['cron(? 0 * * ? *)', 'minutes field `?`: `?` stands alone, and only in day-of-month or day-of-week'],
    ['cron(0 0 * ? ? *)', 'month field `?`'],
    ['cron(0 0 1,? * ? *)', 'day-of-month field `1,?`'],
    ['cron(0 L * * ? *)', 'hours field `L`: `L`, `W` and `#` work only in day-of-month and day-of-week'],
    ['cron(0 0 * L ? *)', 'month field `L`'],
    ['cron(0 0 * * ? L)', 'year field `L`'],
    ['cron(0 0 ? * 15W *)', 'day-of-week field `15W`: `W` works only in day-of-month'],
    ['cron(0 0 ? * LW *)', 'day-of-week field `LW`: `W` works only in day-of-month'],
    ['cron(0 0 3#2 * ? *)', 'day-of-month field `3#2`: `#` works only in day-of-week'],
    ['cron(0 0 6L * ? *)', 'day-of-month field `6L`: `6L` works only in day-of-week'],
    ['cron(0 0 L-3 * ? *)', 'day-of-month field `L-3`: EventBridge documents no offset from the last day'],
    ['cron(0 0 1,L * ? *)', 'day-of-month field `1,L`: `L` stands alone'],
    ['cron(0 0 ? * 3#6 *)', 'day-of-week field `3#6`: `#6` must be #1 to #5'],
    ['cron(0 0 ? * 8#1 *)', 'day-of-week field `8#1`: 8 is outside 1-7'],
    ['cron(0 0 ? * 3#1,6#3 *)', 'day-of-week field `3#1,6#3`: `#` takes one day, not a list'],
    ['cron(0 0 ? * 8L *)', 'day-of-week field `8L`: 8 is outside 1-7'],
    ['at(2026-12-24T18:00:00Z)', 'zone `Z`: at() takes a local time without a zone or offset'],
    ['at(2026-12-24T18:00:00+01:00)', 'zone `+01:00`: at() takes a local time'],
    ['at(2026-02-30T00:00:00)', 'day `30`: February 2026 has 28 days'],
    ['at(2027-02-29T00:00:00)', 'day `29`: February 2027 has 28 days'],
    ['at(2026-13-01T00:00:00)', 'month `13`: is outside 01-12'],
    ['at(2026-12-24T24:00:00)', 'hour `24`: is outside 00-23'],
    ['at(2026-12-24T18:60:00)', 'minute `60`: is outside 00-59'],
    ['at(2026-12-24T18:00:60)', 'second `60`: is outside 00-59'],
    ['at(2200-01-01T00:00:00)', 'year `2200`: is outside 1970-2199'],
    ['at(2026-12-24T18:00)', 'time `2026-12-24T18:00`: not yyyy-mm-ddThh:mm:ss'],
    ['at(2026-12-24 18:00:00)', 'time `2026-12-24 18:00:00`: not yyyy-mm-ddThh:mm:ss'],
    ['0 9 * * ? *', "expression: six fields are EventBridge's cron form; wrap them: cron(0 9 * * ? *)"],
    ['0 0 9 * * ? *', 'expression: seven fields: EventBridge has no seconds field'],
    ['every day', 'expression: not a schedule expression'],
    ['hourly', 'expression: not a schedule expression'],
    ['5x', 'expression: not a schedule expression'],
    ['cron(0 9 * * ? *', 'expression: the closing `)` is missing'],
    ['', 'expression: not a schedule expression'],
  ])('refuses %j, naming the field', (text, problem) => {
    const line = refusal(text);

    expect(line.startsWith(`\`${text}\`: `)).toBe(true);
    expect(line).toContain(problem);
  });

  it('says what the zone-free at() wants: the zone from --tz', () => {
    expect(refusal('at(2026-12-24T18:00:00Z)')).toContain('Scheduler takes the zone from `--tz`');
  });

  it('is a usage error, on one line, with a hint', () => {
    let caught: unknown;
    try {
      parseExpression('rate(1 minutes)');
    } catch (error) {
      caught = error;
    }

    expect(caught).toBeInstanceOf(UsageError);
    expect(caught).toMatchObject({ name: 'ExpressionError', exitCode: ExitCode.Usage });
    expect((caught as ExpressionError).hint).toBe('use `minute` for a value of 1: rate(1 minute)');
    expect(refusal('cron(0 0 ? * 8 *)')).not.toContain('\n');
  });
});

describe('formatExpression', () => {
  it('writes the singular unit for 1 and pads at() fields', () => {
    expect(formatExpression({ kind: 'rate', value: 1, unit: 'day' })).toBe('rate(1 day)');
    expect(formatExpression({ kind: 'rate', value: 36, unit: 'hour' })).toBe('rate(36 hours)');
    expect(
      formatExpression({
        kind: 'at',
        local: { year: 2027, month: 3, day: 8, hour: 7, minute: 5, second: 0 },
      }),
    ).toBe('at(2027-03-08T07:05:00)');
  });
});

describe('planCron', () => {
  it('expands steps, ranges and names into sorted values', () => {
    const plan = planCron({
      minutes: '10/20',
      hours: '22,1-3',
      dayOfMonth: '?',
      month: 'NOV-DEC,1',
      dayOfWeek: 'MON,SUN',
      year: '2026-2030/2',
    });

    expect(plan).toEqual({
      minutes: [10, 30, 50],
      hours: [1, 2, 3, 22],
      days: { kind: 'weekdays', weekdays: [1, 2] },
      months: [1, 11, 12],
      years: [2026, 2028, 2030],
    });
  });

  it('reads the day wildcards', () => {
    const days = (dayOfMonth: string, dayOfWeek: string) =>
      planCron({ minutes: '0', hours: '0', dayOfMonth, month: '*', dayOfWeek, year: '*' }).days;

    expect(days('L', '?')).toEqual({ kind: 'last-day' });
    expect(days('LW', '?')).toEqual({ kind: 'last-weekday' });
    expect(days('15W', '?')).toEqual({ kind: 'nearest-weekday', day: 15 });
    expect(days('?', 'FRI#3')).toEqual({ kind: 'nth-weekday', weekday: 6, nth: 3 });
    expect(days('?', '6L')).toEqual({ kind: 'last-of-weekday', weekday: 6 });
    // L alone in day-of-week is the last day of the week: Saturday.
    expect(days('?', 'L')).toEqual({ kind: 'weekdays', weekdays: [7] });
  });
});
