import { describe, expect, it } from 'vitest';

import { UsageError } from '../../src/errors.js';
import { parseExpression, type Expression } from '../../src/core/schedule/expression.js';
import { nextFires, shortestGapSeconds, type FireOptions } from '../../src/core/schedule/fire-times.js';
import {
  checkZone,
  formatLocal,
  localToUtc,
  resolveLocal,
  utcToLocal,
  zoneOffsetMs,
} from '../../src/core/schedule/zone.js';

const t = (iso: string) => Date.parse(iso);
const MINUTE = 60;
const HOUR = 3600;
const DAY = 86_400;

function expr(text: string): Expression {
  return parseExpression(text).expression;
}

/** The next fires as ISO-8601 UTC, for readable expectations. */
function fires(text: string, options: Partial<FireOptions> & { from: number }): string[] {
  const all = { zone: 'UTC', count: 3, ...options };

  return nextFires(expr(text), all).map((ms) => new Date(ms).toISOString());
}

// Calendar facts the expectations rest on, counted from 2026-01-01 (a Thursday):
// 2026 months begin Jan Thu, Feb Sun, Mar Sun, Apr Wed, Jul Wed, Aug Sat, Sep Tue;
// 2027 months begin Jan Fri, Mar Mon, Oct Fri, Nov Mon; 2028 is a leap year.

describe('nextFires: cron in UTC', () => {
  it('fires every quarter hour from the next quarter, and at `from` itself when it is one', () => {
    expect(fires('cron(0/15 * * * ? *)', { from: t('2026-03-10T10:07:30Z'), count: 4 })).toEqual([
      '2026-03-10T10:15:00.000Z',
      '2026-03-10T10:30:00.000Z',
      '2026-03-10T10:45:00.000Z',
      '2026-03-10T11:00:00.000Z',
    ]);
    expect(fires('cron(0/15 * * * ? *)', { from: t('2026-03-10T10:15:00Z'), count: 1 })).toEqual([
      '2026-03-10T10:15:00.000Z',
    ]);
  });

  it('skips the weekend for MON-FRI', () => {
    // 2026-01-02 is a Friday: the next fires are Monday the 5th and Tuesday the 6th.
    expect(fires('cron(0 10 ? * MON-FRI *)', { from: t('2026-01-02T10:00:01Z'), count: 2 })).toEqual([
      '2026-01-05T10:00:00.000Z',
      '2026-01-06T10:00:00.000Z',
    ]);
  });

  it('fires on the last day of each month, Feb 29 in a leap year', () => {
    expect(fires('cron(0 0 L * ? *)', { from: t('2028-02-01T00:00:00Z') })).toEqual([
      '2028-02-29T00:00:00.000Z',
      '2028-03-31T00:00:00.000Z',
      '2028-04-30T00:00:00.000Z',
    ]);
  });

  it('moves 15W to Friday the 14th when the 15th is a Saturday', () => {
    // August 2026 begins on a Saturday, so the 15th is one too; September 15th is a Tuesday.
    expect(fires('cron(0 9 15W * ? *)', { from: t('2026-08-01T00:00:00Z'), count: 2 })).toEqual([
      '2026-08-14T09:00:00.000Z',
      '2026-09-15T09:00:00.000Z',
    ]);
  });

  it('moves 15W to Monday the 16th when the 15th is a Sunday', () => {
    // February and March 2026 begin on a Sunday; April 15th is a Wednesday.
    expect(fires('cron(0 9 15W * ? *)', { from: t('2026-02-01T00:00:00Z') })).toEqual([
      '2026-02-16T09:00:00.000Z',
      '2026-03-16T09:00:00.000Z',
      '2026-04-15T09:00:00.000Z',
    ]);
  });

  it('moves 1W on a Saturday forward to Monday the 3rd, not back into the month before', () => {
    // 2026-08-01 is a Saturday; 2026-09-01 a Tuesday.
    expect(fires('cron(0 9 1W * ? *)', { from: t('2026-07-02T00:00:00Z'), count: 2 })).toEqual([
      '2026-08-03T09:00:00.000Z',
      '2026-09-01T09:00:00.000Z',
    ]);
  });

  it('fires LW on the last weekday', () => {
    // Jan 31 2026 is a Saturday (Friday 30th); Feb 28 a Saturday (Friday 27th); Mar 31 a Tuesday.
    expect(fires('cron(0 9 LW * ? *)', { from: t('2026-01-01T00:00:00Z') })).toEqual([
      '2026-01-30T09:00:00.000Z',
      '2026-02-27T09:00:00.000Z',
      '2026-03-31T09:00:00.000Z',
    ]);
  });

  it('fires 3#2 on the second Tuesday', () => {
    // First Tuesdays of 2026: Jan 6, Feb 3, Mar 3.
    expect(fires('cron(0 9 ? * 3#2 *)', { from: t('2026-01-01T00:00:00Z') })).toEqual([
      '2026-01-13T09:00:00.000Z',
      '2026-02-10T09:00:00.000Z',
      '2026-03-10T09:00:00.000Z',
    ]);
  });

  it('fires 6L on the last Friday', () => {
    // Jan 31 2026 is a Saturday, Feb 28 a Saturday, Mar 31 a Tuesday.
    expect(fires('cron(0 9 ? * 6L *)', { from: t('2026-01-01T00:00:00Z') })).toEqual([
      '2026-01-30T09:00:00.000Z',
      '2026-02-27T09:00:00.000Z',
      '2026-03-27T09:00:00.000Z',
    ]);
  });

  it('reads L alone in day-of-week as Saturday', () => {
    expect(fires('cron(0 9 ? * L *)', { from: t('2026-01-01T00:00:00Z'), count: 2 })).toEqual([
      '2026-01-03T09:00:00.000Z',
      '2026-01-10T09:00:00.000Z',
    ]);
  });

  it('finds the next February 29th years ahead', () => {
    expect(fires('cron(0 0 29 2 ? *)', { from: t('2026-01-01T00:00:00Z'), count: 2 })).toEqual([
      '2028-02-29T00:00:00.000Z',
      '2032-02-29T00:00:00.000Z',
    ]);
  });

  it('stops at the last year EventBridge has', () => {
    expect(fires('cron(0 12 1 1 ? 2199)', { from: t('2026-01-01T00:00:00Z') })).toEqual([
      '2199-01-01T12:00:00.000Z',
    ]);
    expect(fires('cron(0 12 1 1 ? 2026)', { from: t('2026-06-01T00:00:00Z') })).toEqual([]);
  });

  it('keeps fires within start and end, both included', () => {
    const bounds = { from: t('2026-01-01T00:00:00Z'), count: 10 };
    const start = t('2026-01-01T05:30:00Z');
    const end = t('2026-01-01T08:00:00Z');

    expect(fires('cron(0 * * * ? *)', { ...bounds, start, end })).toEqual([
      '2026-01-01T06:00:00.000Z',
      '2026-01-01T07:00:00.000Z',
      '2026-01-01T08:00:00.000Z',
    ]);
  });

  it('gives nothing for a count of 0', () => {
    expect(fires('cron(0 * * * ? *)', { from: 0, count: 0 })).toEqual([]);
  });
});

describe('nextFires: rate and at', () => {
  it('fires a rate without a start at `from`, then every interval', () => {
    expect(fires('rate(5 minutes)', { from: t('2026-05-01T12:03:20Z') })).toEqual([
      '2026-05-01T12:03:20.000Z',
      '2026-05-01T12:08:20.000Z',
      '2026-05-01T12:13:20.000Z',
    ]);
  });

  it('counts a rate from its start, and shows only fires from `from` on', () => {
    // Start 12:00, from 12:12: the fires at 12:00, 12:05 and 12:10 are past.
    const start = t('2026-05-01T12:00:00Z');
    expect(fires('rate(5 minutes)', { from: t('2026-05-01T12:12:00Z'), start, count: 2 })).toEqual([
      '2026-05-01T12:15:00.000Z',
      '2026-05-01T12:20:00.000Z',
    ]);
  });

  it('waits for a start that lies ahead', () => {
    const start = t('2026-05-01T13:00:00Z');
    expect(fires('rate(1 hour)', { from: t('2026-05-01T12:12:00Z'), start, count: 2 })).toEqual([
      '2026-05-01T13:00:00.000Z',
      '2026-05-01T14:00:00.000Z',
    ]);
  });

  it('counts days as 24 hours, whatever the zone does', () => {
    // Berlin springs forward on 2027-03-28; a rate still fires at 12:00 UTC each day.
    expect(fires('rate(1 day)', { from: t('2027-03-27T12:00:00Z'), zone: 'Europe/Berlin' })).toEqual([
      '2027-03-27T12:00:00.000Z',
      '2027-03-28T12:00:00.000Z',
      '2027-03-29T12:00:00.000Z',
    ]);
  });

  it('stops a rate at its end', () => {
    const end = t('2026-05-01T12:10:00Z');
    expect(fires('rate(5 minutes)', { from: t('2026-05-01T12:00:00Z'), end, count: 10 })).toHaveLength(3);
  });

  it('fires at() once, in the zone, and ignores the start date', () => {
    // 18:00 in Berlin in December is CET, UTC+1.
    const options = { from: t('2026-12-01T00:00:00Z'), zone: 'Europe/Berlin' };

    expect(fires('at(2026-12-24T18:00:00)', options)).toEqual(['2026-12-24T17:00:00.000Z']);
    expect(fires('at(2026-12-24T18:00:00)', { ...options, start: t('2026-12-25T00:00:00Z') })).toEqual([
      '2026-12-24T17:00:00.000Z',
    ]);
    expect(fires('at(2026-12-24T18:00:00)', { ...options, end: t('2026-12-24T16:59:59Z') })).toEqual([]);
    expect(fires('at(2026-12-24T18:00:00)', { ...options, from: t('2026-12-24T17:00:01Z') })).toEqual([]);
  });

  it('never fires an at() in the spring-forward gap, and fires a repeated one at its first occurrence', () => {
    const options = { from: t('2027-01-01T00:00:00Z'), zone: 'Europe/Berlin' };

    expect(fires('at(2027-03-28T02:30:00)', options)).toEqual([]);
    expect(fires('at(2027-10-31T02:30:00)', options)).toEqual(['2027-10-31T00:30:00.000Z']);
  });
});

// EU clocks change on the last Sunday of March and October at 01:00 UTC: in 2027 March 28th
// (02:00 CET becomes 03:00 CEST) and October 31st (03:00 CEST becomes 02:00 CET).
describe('nextFires: DST in Europe/Berlin', () => {
  const zone = 'Europe/Berlin';

  it('skips 02:30 on the spring-forward day rather than moving it', () => {
    // 02:30 CET is 01:30Z; on the 29th 02:30 CEST is 00:30Z.
    expect(fires('cron(30 2 * * ? *)', { zone, from: t('2027-03-27T00:00:00Z'), count: 2 })).toEqual([
      '2027-03-27T01:30:00.000Z',
      '2027-03-29T00:30:00.000Z',
    ]);
  });

  it('jumps from 01:30 CET to 03:00 CEST in the spring', () => {
    // 01:00 CET is 00:00Z; 03:00 CEST is 01:00Z.
    expect(fires('cron(0/30 * * * ? *)', { zone, from: t('2027-03-28T00:00:00Z'), count: 4 })).toEqual([
      '2027-03-28T00:00:00.000Z',
      '2027-03-28T00:30:00.000Z',
      '2027-03-28T01:00:00.000Z',
      '2027-03-28T01:30:00.000Z',
    ]);
  });

  it('fires 02:30 once on the autumn day, at its first occurrence in CEST', () => {
    // 02:30 CEST is 00:30Z; on November 1st 02:30 CET is 01:30Z.
    expect(fires('cron(30 2 * * ? *)', { zone, from: t('2027-10-30T12:00:00Z'), count: 2 })).toEqual([
      '2027-10-31T00:30:00.000Z',
      '2027-11-01T01:30:00.000Z',
    ]);
  });

  it('does not repeat 02:00 and 02:30 when the hour repeats', () => {
    // From 01:00 CEST (23:00Z): 01:00, 01:30, 02:00, 02:30 in CEST, then 03:00 CET (02:00Z).
    expect(fires('cron(0/30 * * * ? *)', { zone, from: t('2027-10-30T23:00:00Z'), count: 6 })).toEqual([
      '2027-10-30T23:00:00.000Z',
      '2027-10-30T23:30:00.000Z',
      '2027-10-31T00:00:00.000Z',
      '2027-10-31T00:30:00.000Z',
      '2027-10-31T02:00:00.000Z',
      '2027-10-31T02:30:00.000Z',
    ]);
  });

  it('does not fire again from inside the second pass of the repeated hour', () => {
    // 01:10Z is 02:10 CET, the second 02:10: 02:30 already fired at 00:30Z.
    expect(fires('cron(30 2,3 * * ? *)', { zone, from: t('2027-10-31T01:10:00Z'), count: 1 })).toEqual([
      '2027-10-31T02:30:00.000Z',
    ]);
  });
});

// US clocks change at 02:00 local on the second Sunday of March and the first Sunday of
// November: in 2027 March 14th (02:00 EST becomes 03:00 EDT, 07:00Z) and November 7th
// (02:00 EDT becomes 01:00 EST, 06:00Z).
describe('nextFires: DST in America/New_York', () => {
  const zone = 'America/New_York';

  it('skips 02:30 on the spring-forward day', () => {
    // 02:30 EST (UTC-5) is 07:30Z; 02:30 EDT (UTC-4) is 06:30Z.
    expect(fires('cron(30 2 * * ? *)', { zone, from: t('2027-03-13T00:00:00Z'), count: 2 })).toEqual([
      '2027-03-13T07:30:00.000Z',
      '2027-03-15T06:30:00.000Z',
    ]);
  });

  it('jumps from 01:30 EST to 03:00 EDT in the spring', () => {
    // 01:00 EST is 06:00Z; 03:00 EDT is 07:00Z.
    expect(fires('cron(0/30 * * * ? *)', { zone, from: t('2027-03-14T06:00:00Z'), count: 4 })).toEqual([
      '2027-03-14T06:00:00.000Z',
      '2027-03-14T06:30:00.000Z',
      '2027-03-14T07:00:00.000Z',
      '2027-03-14T07:30:00.000Z',
    ]);
  });

  it('fires 01:30 once on the autumn day, in EDT', () => {
    // 01:30 EDT is 05:30Z; on November 8th 01:30 EST is 06:30Z.
    expect(fires('cron(30 1 * * ? *)', { zone, from: t('2027-11-06T12:00:00Z'), count: 2 })).toEqual([
      '2027-11-07T05:30:00.000Z',
      '2027-11-08T06:30:00.000Z',
    ]);
  });

  it('does not repeat 01:00 and 01:30 when the hour repeats', () => {
    // From 00:00 EDT (04:00Z): 00:00, 00:30, 01:00, 01:30 in EDT, then 02:00 EST (07:00Z).
    expect(fires('cron(0/30 * * * ? *)', { zone, from: t('2027-11-07T04:00:00Z'), count: 6 })).toEqual([
      '2027-11-07T04:00:00.000Z',
      '2027-11-07T04:30:00.000Z',
      '2027-11-07T05:00:00.000Z',
      '2027-11-07T05:30:00.000Z',
      '2027-11-07T07:00:00.000Z',
      '2027-11-07T07:30:00.000Z',
    ]);
  });
});

describe('shortestGapSeconds', () => {
  const from = t('2027-01-01T00:00:00Z');

  it('is the interval for a rate and Infinity for at()', () => {
    expect(shortestGapSeconds(expr('rate(5 minutes)'), 'UTC', from)).toBe(5 * MINUTE);
    expect(shortestGapSeconds(expr('rate(2 days)'), 'UTC', from)).toBe(2 * DAY);
    expect(shortestGapSeconds(expr('at(2027-06-01T00:00:00)'), 'UTC', from)).toBe(Infinity);
  });

  it('walks a cron', () => {
    expect(shortestGapSeconds(expr('cron(0 */2 * * ? *)'), 'UTC', from)).toBe(2 * HOUR);
    expect(shortestGapSeconds(expr('cron(0 9 ? * MON-FRI *)'), 'UTC', from)).toBe(DAY);
    expect(shortestGapSeconds(expr('cron(* * * * ? *)'), 'UTC', from)).toBe(MINUTE);
  });

  it('is Infinity for a cron that fires once, and years for one that fires every leap year', () => {
    expect(shortestGapSeconds(expr('cron(0 12 1 1 ? 2199)'), 'UTC', from)).toBe(Infinity);
    // 2028-02-29 to 2032-02-29: four years of 365 days and one leap day.
    expect(shortestGapSeconds(expr('cron(0 0 29 2 ? *)'), 'UTC', from)).toBe(1461 * DAY);
  });

  it('finds the hour DST takes out of a two-hour gap', () => {
    // On 2027-03-28, 01:30 CET is 00:30Z and 03:30 CEST is 01:30Z: one hour apart, not two.
    expect(shortestGapSeconds(expr('cron(30 1,3 * * ? *)'), 'Europe/Berlin', from)).toBe(HOUR);
    // On 2027-03-14, 01:30 EST is 06:30Z and 03:30 EDT is 07:30Z.
    expect(shortestGapSeconds(expr('cron(30 1,3 * * ? *)'), 'America/New_York', from)).toBe(HOUR);
    // A daily 03:30 in Berlin: 02:30Z on March 27th, 01:30Z on the 28th, 23 hours later.
    expect(shortestGapSeconds(expr('cron(30 3 * * ? *)'), 'Europe/Berlin', from)).toBe(23 * HOUR);
  });

  it('walks a two-minute cron over 400 days well within a second', () => {
    const began = performance.now();

    expect(shortestGapSeconds(expr('cron(0/2 * * * ? *)'), 'Europe/Berlin', from)).toBe(2 * MINUTE);
    expect(performance.now() - began).toBeLessThan(1000);
  });
});

describe('zone', () => {
  it('accepts IANA names and UTC, putting their case right', () => {
    expect(checkZone('Europe/Berlin')).toBe('Europe/Berlin');
    expect(checkZone('UTC')).toBe('UTC');
    expect(checkZone('europe/berlin')).toBe('Europe/Berlin');
    expect(checkZone('Asia/Kolkata')).toBe('Asia/Kolkata');
  });

  it.each(['Mars/Olympus_Mons', '+01:00', 'CET+1', ''])('refuses %j with an example', (name) => {
    expect(() => checkZone(name)).toThrow(UsageError);
    expect(() => checkZone(name)).toThrow(`time zone ${JSON.stringify(name)} is not an IANA time zone`);
    try {
      checkZone(name);
    } catch (error) {
      expect((error as UsageError).hint).toContain('Europe/Berlin');
    }
  });

  it('tells a gap, a single time and a repeated one apart', () => {
    const local = (day: number, month: number, hour: number, minute: number) => ({
      year: 2027,
      month,
      day,
      hour,
      minute,
      second: 0,
    });

    expect(resolveLocal(local(28, 3, 2, 30), 'Europe/Berlin')).toEqual({ kind: 'gap' });
    expect(resolveLocal(local(28, 3, 3, 0), 'Europe/Berlin')).toEqual({
      kind: 'once',
      utc: t('2027-03-28T01:00:00Z'),
    });
    expect(resolveLocal(local(31, 10, 2, 30), 'Europe/Berlin')).toEqual({
      kind: 'twice',
      utc: t('2027-10-31T00:30:00Z'),
      later: t('2027-10-31T01:30:00Z'),
    });
    expect(localToUtc('Europe/Berlin', local(28, 3, 2, 30))).toBeNull();
    expect(localToUtc('America/New_York', local(7, 11, 1, 30))).toBe(t('2027-11-07T05:30:00Z'));
  });

  // Lord Howe Island moves half an hour, at 02:00 local: on 2027-10-03 (the first Sunday of
  // October) 02:00 at UTC+10:30 (15:30Z) becomes 02:30 at UTC+11; on 2027-04-04 (the first
  // Sunday of April) 02:00 at UTC+11 (15:00Z) becomes 01:30 at UTC+10:30.
  it('is exact for half-hour transitions in the middle of a UTC hour', () => {
    const zone = 'Australia/Lord_Howe';

    expect(zoneOffsetMs(t('2027-10-02T15:29:59Z'), zone)).toBe(10.5 * HOUR * 1000);
    expect(zoneOffsetMs(t('2027-10-02T15:30:00Z'), zone)).toBe(11 * HOUR * 1000);
    expect(resolveLocal({ year: 2027, month: 10, day: 3, hour: 2, minute: 15, second: 0 }, zone)).toEqual({
      kind: 'gap',
    });
    expect(resolveLocal({ year: 2027, month: 4, day: 4, hour: 1, minute: 45, second: 0 }, zone)).toEqual({
      kind: 'twice',
      utc: t('2027-04-03T14:45:00Z'),
      later: t('2027-04-03T15:15:00Z'),
    });
    expect(utcToLocal(t('2027-10-02T15:30:00Z'), zone)).toEqual({
      year: 2027,
      month: 10,
      day: 3,
      hour: 2,
      minute: 30,
      second: 0,
    });
  });

  it('formats a time for people with the zone abbreviation', () => {
    expect(formatLocal(t('2026-12-24T17:00:00Z'), 'Europe/Berlin')).toBe('2026-12-24 18:00 CET');
    expect(formatLocal(t('2026-07-01T06:05:00Z'), 'Europe/Berlin')).toBe('2026-07-01 08:05 CEST');
    expect(formatLocal(t('2026-12-24T17:00:00Z'), 'America/New_York')).toBe('2026-12-24 12:00 EST');
    expect(formatLocal(t('2026-12-24T17:00:00Z'), 'UTC')).toBe('2026-12-24 17:00 UTC');
    // Kolkata is UTC+5:30 all year.
    expect(formatLocal(t('2026-12-24T17:00:00Z'), 'Asia/Kolkata')).toBe('2026-12-24 22:30 IST');
  });
});
