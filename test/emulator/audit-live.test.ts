import { writeFileSync } from 'node:fs';
import { join } from 'node:path';

import { beforeAll, describe, expect, it } from 'vitest';

import { awsCli, createFunction, putEvents, scratchDir } from '../helpers/aws-cli.js';
import { run } from '../helpers/context.js';
import { emulatorEndpoint, skipEmulator } from '../helpers/emulator.js';
import { ID, endLine, reportLine, startLine } from '../helpers/log-lines.js';

const FUNCTION = `audit-live-${process.pid}`;
const LOG_GROUP = `/aws/lambda/${FUNCTION}`;
// Recent enough for CloudWatch (and moto) to accept, on a whole minute.
const BASE = Math.floor((Date.now() - 40 * 60_000) / 60_000) * 60_000;
const at = (seconds: number) => BASE + seconds * 1000;
const SINCE = new Date(at(30)).toISOString();
const UNTIL = new Date(at(600)).toISOString();

const text = (id: string, start: number, end: number) => [
  { timestamp: at(start), message: startLine(id) },
  { timestamp: at(end), message: endLine(id) },
  { timestamp: at(end), message: reportLine(id, (end - start) * 1000) },
];
const jsonRun = (id: string, start: number, durationMs: number) => [
  {
    timestamp: at(start),
    message: JSON.stringify({
      time: new Date(at(start)).toISOString(),
      type: 'platform.start',
      record: { requestId: id, version: '$LATEST' },
    }),
  },
  {
    timestamp: at(start) + durationMs + 1,
    message: JSON.stringify({
      time: new Date(at(start) + durationMs).toISOString(),
      type: 'platform.report',
      record: { requestId: id, status: 'success', metrics: { durationMs } },
    }),
  },
];

describe.skipIf(skipEmulator)('lcron audit <function> against moto', () => {
  let endpoint: string;
  let dir: string;

  beforeAll(() => {
    endpoint = emulatorEndpoint();
    dir = scratchDir();
    createFunction(endpoint, dir, FUNCTION, 90);
    awsCli(endpoint, ['logs', 'create-log-group', '--log-group-name', LOG_GROUP]);

    // Application chatter, enough for FilterLogEvents to answer in two pages.
    const chatter = Array.from({ length: 12_000 }, (_, i) => ({
      timestamp: at(i % 140),
      message: `working on item ${i}\n`,
    }));
    // one: a 0-80 s and c 120-140 s; two: b 60-90 s and d 130-135 s (JSON format).
    putEvents(endpoint, dir, LOG_GROUP, '2026/12/03/[$LATEST]aaaa', [
      ...text(ID.a, 0, 80),
      ...text(ID.c, 120, 140),
      ...chatter,
    ]);
    putEvents(endpoint, dir, LOG_GROUP, '2026/12/03/[$LATEST]bbbb', [
      ...text(ID.b, 60, 90),
      ...jsonRun(ID.d, 130, 5000),
    ]);
    createFunction(endpoint, dir, `${FUNCTION}-quiet`, 30);
  });

  const audit = (args: string[], env: NodeJS.ProcessEnv = {}) =>
    run(['audit', ...args, '--endpoint-url', endpoint, '--json'], {
      now: () => Date.now(),
      env: { TZ: 'UTC', AWS_REGION: 'eu-west-1', ...env },
    });

  it('finds the overlaps of runs written to two streams, pairing a run begun before the window', async () => {
    const result = await audit([FUNCTION, '--since', SINCE, '--until', UNTIL, '--details']);
    const json = JSON.parse(result.stdout);

    expect(result.code).toBe(1);
    // a and b share 60-80 s (20 000 ms); c and d share 130-135 s (5 000 ms).
    expect(json.summary).toMatchObject({
      invocations: 4,
      peakConcurrency: 2,
      violations: 2,
      overlapMs: 25_000,
      startedBeforeWindow: 0,
    });
    expect(
      json.violations.map((v: { start: string; requestIds: string[] }) => [v.start, v.requestIds]),
    ).toEqual([
      [new Date(at(60)).toISOString(), [ID.a, ID.b]],
      [new Date(at(130)).toISOString(), [ID.c, ID.d]],
    ]);
    // 12 000 lines of chatter, three lines for each Text run (a, b, c), two for the JSON run (d).
    expect(json.source).toEqual({
      kind: 'cloudwatch-logs',
      logGroup: LOG_GROUP,
      region: 'eu-west-1',
      pages: 2,
      events: 12_011,
    });
    expect(json.function).toBe(FUNCTION);
  });

  it('equals the file audit of what aws logs filter-log-events prints for the same window', async () => {
    const live = JSON.parse(
      (await audit([FUNCTION, '--since', SINCE, '--until', UNTIL, '--details'])).stdout,
    );
    const exported = awsCli(endpoint, [
      'logs',
      'filter-log-events',
      '--log-group-name',
      LOG_GROUP,
      '--start-time',
      String(at(30) - 90_000),
      '--end-time',
      String(at(600)),
    ]);
    const file = join(dir, 'export.json');
    writeFileSync(file, exported);
    const fileRun = await run(
      ['audit', '--file', file, '--since', SINCE, '--until', UNTIL, '--timeout', '90', '--json', '--details'],
      { now: () => Date.now() },
    );
    expect(fileRun.stderr).toBe('');
    const fromFile = JSON.parse(fileRun.stdout);

    expect(fromFile.source.format).toBe('filter-log-events');
    for (const key of ['window', 'summary', 'violations', 'anomalies', 'invocations'])
      expect(fromFile[key]).toEqual(live[key]);
  });

  it('reads past --until, so a run that crosses it keeps its END', async () => {
    const until = new Date(at(70)).toISOString();
    const json = JSON.parse(
      (await audit([FUNCTION, '--since', SINCE, '--until', until, '--details'])).stdout,
    );

    // a (0-80 s) ends after the window: still a success; it and b (60-90 s) share 60-70 s inside it.
    expect(json.summary).toMatchObject({ unfinished: 0, violations: 1, overlapMs: 10_000 });
    expect(json.invocations.find((run: { requestId: string }) => run.requestId === ID.a)).toMatchObject({
      status: 'success',
      durationMs: 80_000,
    });
  });

  it('shows progress on stderr only when stderr is a terminal', async () => {
    const args = [
      'audit',
      FUNCTION,
      '--since',
      SINCE,
      '--until',
      UNTIL,
      '--endpoint-url',
      endpoint,
      '--json',
    ];
    const env = { TZ: 'UTC', AWS_REGION: 'eu-west-1' };
    const piped = await run(args, { now: () => Date.now(), env });
    const watched = await run(args, { now: () => Date.now(), env, stderrIsTTY: true });

    expect(piped.stderr).toBe('');
    expect(watched.stderr).toContain(`reading ${LOG_GROUP}: 2 pages, 12,011 events`);
    expect(watched.stdout).toBe(piped.stdout);
  });

  it('finds the function by ARN too', async () => {
    const result = await audit([
      `arn:aws:lambda:eu-west-1:123456789012:function:${FUNCTION}`,
      '--since',
      SINCE,
      '--until',
      UNTIL,
    ]);
    expect(JSON.parse(result.stdout).summary.violations).toBe(2);
  });

  it('reads another log group with --log-group', async () => {
    const result = await audit([
      `${FUNCTION}-quiet`,
      '--log-group',
      LOG_GROUP,
      '--since',
      SINCE,
      '--until',
      UNTIL,
    ]);
    expect(JSON.parse(result.stdout).summary).toMatchObject({ invocations: 4, violations: 2 });
  });

  it('says a function is not found, with exit 254', async () => {
    const result = await audit(['no-such-function']);
    expect([result.code, result.stdout]).toEqual([254, '']);
    expect(result.stderr).toMatch(
      /^lcron: function no-such-function not found in eu-west-1; check the name and `--region`/,
    );
  });

  it('says a log group is missing, with exit 254', async () => {
    const result = await audit([`${FUNCTION}-quiet`]);
    expect(result.code).toBe(254);
    expect(result.stderr).toMatch(
      new RegExp(
        `^lcron: log group /aws/lambda/${FUNCTION}-quiet not found in eu-west-1; the function may not have run yet`,
      ),
    );
  });

  it('says an endpoint is unreachable, with exit 254', async () => {
    const closed = 'http://127.0.0.1:9'; // discard port: nothing listens there
    const result = await run(['audit', FUNCTION, '--endpoint-url', closed], {
      env: { AWS_REGION: 'eu-west-1', AWS_MAX_ATTEMPTS: '1' },
    });
    expect(result.code).toBe(254);
    expect(result.stderr).toMatch(
      /^lcron: could not reach http:\/\/127\.0\.0\.1:9 \(ECONNREFUSED\) for GetFunctionConfiguration/,
    );
  });
});
