import { describe, expect, it } from 'vitest';

import { parseGlobalOptions } from '../../src/cli/global-options.js';
import { parseScheduleSetOptions, parseScheduleTarget } from '../../src/commands/schedule/options.js';
import { run } from '../helpers/context.js';

// The test clock: Thursday 2026-12-03 12:00 UTC.
const NOW = Date.parse('2026-12-03T12:00:00Z');
const global = parseGlobalOptions({});

/** Runs lcron with the test clock and records every AWS call it tries. */
async function lcron(args: string[]) {
  const calls: string[] = [];
  const result = await run(args, { awsHooks: { onCommand: (_s, operation) => calls.push(operation) } });
  return { ...result, calls };
}

describe('lcron schedule: argv to options', () => {
  it('reads every flag into the field it sets', () => {
    const options = parseScheduleSetOptions(
      'nightly:prod',
      '*/15 * * * *',
      {
        tz: 'Europe/Berlin',
        start: '2027-01-01T09:00',
        end: '2027-06-01T00:00:00Z',
        window: '1h',
        retries: '0',
        maxEventAge: '15m',
        dlq: 'arn:aws:sqs:eu-west-1:123456789012:missed',
        input: ' {"job": "nightly"} ',
        description: 'report',
        disabled: true,
        roleArn: 'arn:aws:iam::123456789012:role/path/mine',
      },
      global,
      NOW,
    );

    expect(options).toMatchObject({
      functionRef: 'nightly:prod',
      group: 'default',
      name: 'nightly-prod',
      derivedName: true,
      timezone: 'Europe/Berlin',
      // 09:00 in Berlin in January is 08:00 UTC (CET, UTC+1).
      startDate: { iso: '2027-01-01T08:00:00.000Z' },
      endDate: { iso: '2027-06-01T00:00:00.000Z' },
      windowMinutes: 60,
      retries: 0,
      maxEventAgeSeconds: 900,
      dlqArn: 'arn:aws:sqs:eu-west-1:123456789012:missed',
      input: '{"job": "nightly"}',
      description: 'report',
      state: 'DISABLED',
      roleArn: 'arn:aws:iam::123456789012:role/path/mine',
      dryRun: false,
    });
    expect(options.expression.eventBridge).toBe('cron(*/15 * * * ? *)');
  });

  it("keeps a local time without --tz for the schedule's own zone, read once the schedule is", () => {
    const options = parseScheduleSetOptions('nightly', '5m', { end: '2027-06-01T00:00' }, global, NOW);
    expect(options.endDate).toEqual({
      local: { year: 2027, month: 6, day: 1, hour: 0, minute: 0, second: 0 },
      text: '2027-06-01T00:00',
    });
  });

  it('leaves unasked fields undefined, so that an update keeps them', () => {
    const options = parseScheduleSetOptions('nightly', '5m', {}, global, NOW);
    for (const field of [
      'timezone',
      'startDate',
      'endDate',
      'windowMinutes',
      'retries',
      'dlqArn',
      'input',
      'state',
    ] as const) {
      expect(options[field], field).toBeUndefined();
    }
  });

  it('takes none (and an empty description) as asking to remove a field', () => {
    const options = parseScheduleSetOptions(
      'nightly',
      '5m',
      { dlq: 'none', input: 'none', end: 'none', start: 'NONE', description: '', window: 'off' },
      global,
      NOW,
    );
    expect(options).toMatchObject({
      dlqArn: null,
      input: null,
      endDate: null,
      startDate: null,
      description: null,
      windowMinutes: null,
    });
  });

  it("names the schedule after an ARN's function, and takes --name and --group as given", () => {
    const arn = 'arn:aws:lambda:eu-west-1:123456789012:function:nightly:live';
    expect(parseScheduleTarget(arn, {})).toMatchObject({ name: 'nightly-live', group: 'default' });
    expect(parseScheduleTarget('nightly', { name: 'n1', group: 'jobs' })).toMatchObject({
      name: 'n1',
      group: 'jobs',
      derivedName: false,
    });
  });
});

describe('lcron schedule: bad input is refused before any AWS call', () => {
  it.each([
    [['schedule', 'fn', 'rate(1 minutes)'], 'use `minute` for a value of 1'],
    [['schedule', 'fn', '0 0 1 * 1'], 'day-of-month'],
    [['schedule', 'fn', 'every day'], '`every day`: expression: not a schedule expression'],
    [['schedule', 'fn', '1h', '--tz', 'Mars/Olympus'], 'time zone "Mars/Olympus" is not an IANA time zone'],
    [['schedule', 'fn', '1h', '--input', '{"job":'], '`--input` is not valid JSON'],
    [
      ['schedule', 'fn', '1h', '--start', '2027-01-02T00:00:00Z', '--end', '2027-01-01T00:00:00Z'],
      'is not after `--start`',
    ],
    [['schedule', 'fn', '1h', '--end', '2026-01-01T00:00:00Z'], 'is in the past'],
    [['schedule', 'fn', '1h', '--start', '2026-11-01T00:00:00Z'], 'is in the past'],
    [['schedule', 'fn', '1h', '--start', 'tomorrow'], 'is not a date-time'],
    [['schedule', 'fn', '1h', '--start', '2027-03-28T02:30', '--tz', 'Europe/Berlin'], 'the clocks skip it'],
    [['schedule', 'fn', '1h', '--window', '2000'], '`--window 2000` is not a flexible window'],
    [['schedule', 'fn', '1h', '--retries', '186'], 'from 0 to 185'],
    [['schedule', 'fn', '1h', '--max-event-age', '30s'], 'from 60 seconds to 24 hours'],
    [
      ['schedule', 'fn', '1h', '--dlq', 'arn:aws:sns:eu-west-1:123456789012:topic'],
      'is not an SQS queue ARN',
    ],
    [['schedule', 'fn', '1h', '--role-arn', 'scheduler-role'], 'is not an IAM role ARN'],
    [['schedule', 'fn', '1h', '--name', 'bad name'], 'schedule name "bad name"'],
    [['schedule', 'fn', '1h', '--group', 'a'.repeat(65)], 'must be 1 to 64 characters'],
    [['schedule', 'no such fn!', '1h'], 'is not a Lambda function name or ARN'],
    [['schedule', 'fn'], "missing required argument 'expression'"],
    [['schedule', 'delete', 'fn', '--name', 'a/b'], 'schedule name "a/b"'],
    [['next', 'rate(5 minutes)', '-n', '0'], '`--count 0`'],
    [['next', 'at(2027-03-28T02:30:00)', '--tz', 'Europe/Berlin'], 'the clocks skip that time'],
    [['schedule', 'fn', `cron(${Array(200).fill('0').join(',')} * * * ? *)`], 'Scheduler takes at most 256'],
    [['schedule', 'fn', '0 0 */2 * 1'], 'fires only on days that match both'],
    [
      ['schedule', 'fn', '1h', '--role-arn', 'arn:aws:iam::123456789012:role/r', '--lcron-role'],
      'name two different roles',
    ],
    [['next', '5m', '--from', 'yesterday'], '`--from` "yesterday"'],
  ])('%j: one line on stderr, exit 252', async (args, words) => {
    const result = await lcron(args);

    expect(result.code).toBe(252);
    expect(result.calls).toEqual([]);
    expect(result.stdout).toBe('');
    expect(result.stderr).toContain(words);
    expect(result.stderr.trimEnd().split('\n')).toHaveLength(1);
    expect(result.stderr).not.toMatch(/\n\s+at /);
  });
});

describe('lcron next: offline fire times', () => {
  it('prints the EventBridge form and the next fires in UTC as JSON', async () => {
    const result = await lcron(['next', '0 9 * * 1-5', '--tz', 'Europe/Berlin', '-n', '3', '--json']);

    // Thursday 13:00 in Berlin: the next weekday 09:00 CET are Fri 4, Mon 7 and Tue 8 December, at 08:00 UTC.
    expect(result.code).toBe(0);
    expect(JSON.parse(result.stdout)).toEqual({
      expression: 'cron(0 9 ? * MON-FRI *)',
      timezone: 'Europe/Berlin',
      fires: ['2026-12-04T08:00:00.000Z', '2026-12-07T08:00:00.000Z', '2026-12-08T08:00:00.000Z'],
    });
    expect(result.calls).toEqual([]);
  });

  it('skips a time the spring clock change leaves out, counting from --from in the zone', async () => {
    const result = await lcron([
      'next',
      '30 2 * * *',
      '--tz',
      'Europe/Berlin',
      '--from',
      '2027-03-27T00:00',
      '-n',
      '3',
      '--json',
    ]);

    // 02:30 does not exist in Berlin on 28 March 2027 (02:00 jumps to 03:00).
    expect(JSON.parse(result.stdout).fires).toEqual([
      '2027-03-27T01:30:00.000Z',
      '2027-03-29T00:30:00.000Z',
      '2027-03-30T00:30:00.000Z',
    ]);
  });

  it('counts a rate from now, and says so in text', async () => {
    const json = await lcron(['next', '5m', '-n', '2', '--json']);
    expect(JSON.parse(json.stdout)).toEqual({
      expression: 'rate(5 minutes)',
      timezone: 'UTC',
      fires: ['2026-12-03T12:00:00.000Z', '2026-12-03T12:05:00.000Z'],
    });

    const text = await lcron(['next', '5m', '-n', '2']);
    expect(text.stdout).toBe(
      [
        'rate(5 minutes)   (from "5m")   in UTC',
        'a rate counts from the moment its schedule is made; these count from now',
        '  2026-12-03T12:00:00Z',
        '  2026-12-03T12:05:00Z',
        '',
      ].join('\n'),
    );
  });

  it("shows a zone's local time beside UTC", async () => {
    const text = await lcron(['next', 'at(2026-12-24T18:00:00)', '--tz', 'America/New_York']);
    expect(text.stdout).toBe(
      [
        'at(2026-12-24T18:00:00)   in America/New_York',
        '  2026-12-24 18:00 EST  (2026-12-24T23:00:00Z)',
        '',
      ].join('\n'),
    );
  });
});
