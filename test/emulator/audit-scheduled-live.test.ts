import { beforeAll, describe, expect, it } from 'vitest';

import { awsCli, createFunction, putEvents, scratchDir } from '../helpers/aws-cli.js';
import { run } from '../helpers/context.js';
import { emulatorEndpoint, skipEmulator } from '../helpers/emulator.js';
import { endLine, reportLine, startLine } from '../helpers/log-lines.js';

// A Region of its own: --all-scheduled sees every schedule in it, and no other test's.
const REGION = 'eu-central-1';
const PREFIX = `sched-audit-${process.pid}`;
const ARN = (name: string) => `arn:aws:lambda:${REGION}:123456789012:function:${name}`;
// The runs come after the schedules are made, as they would: from the next whole minute on,
// which lcron reads with a clock 15 minutes ahead. CloudWatch (and moto) take events up to two
// hours ahead; a cron fires nothing before its schedule existed.
const T0 = Math.ceil((Date.now() + 60_000) / 60_000) * 60_000;
const LATER = () => Date.now() + 15 * 60_000;
const iso = (ms: number) => new Date(ms).toISOString();
const WINDOW = ['--since', iso(T0), '--until', iso(T0 + 10 * 60_000)];
const id = (name: string, k: number) =>
  `${String(k).padStart(8, '0')}-${name.length.toString(16).padStart(4, '0')}-4111-8111-111111111111`;

/** 80-second runs starting half a second after the minutes given. */
function runsAt(name: string, minutes: number[]) {
  return minutes.flatMap((m, k) => {
    const start = T0 + m * 60_000 + 500;
    const end = start + 80_000;
    const requestId = id(name, k);
    return [
      { timestamp: start, message: startLine(requestId) },
      { timestamp: end, message: endLine(requestId) },
      { timestamp: end, message: reportLine(requestId, 80_000) },
    ];
  });
}

describe.skipIf(skipEmulator)('audits that read the schedules, against moto', () => {
  let endpoint: string;
  let dir: string;
  const skipping = `${PREFIX}-skip`;
  const overlapping = `${PREFIX}-overlap`;

  const cli = (args: string[]) => awsCli(endpoint, args, REGION);
  const lcron = (args: string[]) =>
    run([...args, '--endpoint-url', endpoint, '--region', REGION], { now: LATER });

  beforeAll(() => {
    endpoint = emulatorEndpoint();
    dir = scratchDir();
    for (const name of [skipping, overlapping]) {
      createFunction(endpoint, dir, name, 90, REGION);
      cli(['logs', 'create-log-group', '--log-group-name', `/aws/lambda/${name}`]);
      cli([
        'scheduler',
        'create-schedule',
        '--name',
        `${name}-minutely`,
        '--schedule-expression',
        'cron(* * * * ? *)',
        '--flexible-time-window',
        '{"Mode":"OFF"}',
        '--target',
        JSON.stringify({ Arn: ARN(name), RoleArn: 'arn:aws:iam::123456789012:role/r' }),
      ]);
    }
    // Skip: runs on every other minute only. No reservation: a run every minute, each overlapping the next.
    // Each run in its own stream, as Lambda gives each environment one.
    for (const [name, minutes] of [
      [skipping, [0, 2, 4, 6, 8]],
      [overlapping, [0, 1, 2, 3, 4, 5, 6, 7, 8, 9]],
    ] as const) {
      const events = runsAt(name, [...minutes]);
      for (let k = 0; k < minutes.length; k++) {
        putEvents(
          endpoint,
          dir,
          `/aws/lambda/${name}`,
          `2026/12/03/[$LATEST]${k}`,
          events.slice(k * 3, k * 3 + 3),
          REGION,
        );
      }
    }
  }, 120_000);

  it('matches the runs to the fires of the schedule that targets the function', async () => {
    const result = await lcron(['audit', skipping, ...WINDOW, '--json']);
    const json = JSON.parse(result.stdout);

    expect(result.code).toBe(0);
    expect(json.schedule.schedules).toEqual([
      {
        id: `default/${skipping}-minutely`,
        expression: 'cron(* * * * ? *)',
        timezone: 'UTC',
        windowMinutes: 0,
      },
    ]);
    // Fires at minutes 0..8 are due by minute 10 (minute 9's band ends 10 s past it, and no run came):
    // runs took 0, 2, 4, 6 and 8; 1, 3, 5 and 7 were missed.
    expect(json.schedule.summary).toMatchObject({ fires: 9, onTime: 5, late: 0, missed: 4, duplicates: 0 });

    const failing = await lcron(['audit', skipping, ...WINDOW, '--fail-on', 'missed']);
    expect(failing.code).toBe(1);
    expect(failing.stdout).toContain('missed\t4');
  });

  it('audits several functions at once: one table, one exit code', async () => {
    const result = await lcron(['audit', skipping, overlapping, ...WINDOW]);

    expect(result.code).toBe(1);
    const [head, ...rows] = result.stdout.trimEnd().split('\n');
    expect(head).toBe('function\truns\tpeak\tviolations\tfires\tlate\tmissed\textra\tresult');
    expect(rows.map((row) => row.split('\t').slice(0, 8))).toEqual([
      [skipping, '5', '1', '0', '9', '0', '4', '0'],
      // Ten 80-second runs a minute apart: two at once from each start's 20 s, one violation each time.
      [overlapping, '10', '2', '9', '10', '0', '0', '0'],
    ]);
    expect(rows[0]!.endsWith('\tok')).toBe(true);
    expect(rows[1]).toContain('fail: 9 concurrency violations');
  });

  it('audits a function named twice, by name and by ARN, once', async () => {
    const result = await lcron(['audit', skipping, ARN(skipping), ...WINDOW]);
    expect(result.stdout.trimEnd().split('\n')).toHaveLength(2);
  });

  it('finds every scheduled function with --all-scheduled', async () => {
    const result = await lcron(['audit', '--all-scheduled', ...WINDOW, '--json']);
    const json = JSON.parse(result.stdout);

    expect(json.audits.map((a: { function: string }) => a.function).sort()).toEqual(
      [overlapping, skipping].sort(),
    );
    expect(result.code).toBe(1);
  });

  it("gives an audit that failed its row, and its error's exit code", async () => {
    const result = await lcron(['audit', skipping, `${PREFIX}-missing`, ...WINDOW, '--json']);
    const json = JSON.parse(result.stdout);

    expect(result.code).toBe(254);
    expect(json.audits[1]).toEqual({
      function: `${PREFIX}-missing`,
      error: { message: `function ${PREFIX}-missing not found in ${REGION}`, exitCode: 254 },
    });
    expect(json.audits[0].schedule.summary.missed).toBe(4);
  });
});
