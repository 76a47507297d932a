import { describe, expect, it } from 'vitest';

import { parseGlobalOptions } from '../../src/cli/global-options.js';
import { parseAuditOptions } from '../../src/commands/audit/options.js';
import { run } from '../helpers/context.js';

const NOW = Date.parse('2026-12-03T12:00:00.000Z');
const global = parseGlobalOptions({});
const EXAMPLE = 'examples/overlapping-runs.json';

describe('lcron audit: argv to options', () => {
  it.each([
    [{}, { start: NOW - 86_400_000, end: NOW }],
    [{ since: '90m' }, { start: NOW - 5_400_000, end: NOW }],
    [
      { since: '1h30m', until: '30m' },
      { start: NOW - 5_400_000, end: NOW - 1_800_000 },
    ],
    [
      { since: '2026-12-01T08:00:00Z', until: '2026-12-01T09:00' },
      { start: Date.parse('2026-12-01T08:00:00Z'), end: Date.parse('2026-12-01T09:00:00Z') },
    ],
    [{ since: '2026-12-01T10:00:00+02:00' }, { start: Date.parse('2026-12-01T08:00:00Z'), end: NOW }],
    [{ since: '7d' }, { start: NOW - 7 * 86_400_000, end: NOW }],
  ])('resolves the live window of %o', (raw, window) => {
    expect(parseAuditOptions('nightly', raw, global, NOW).window).toEqual(window);
  });

  it('leaves a file window to the data unless a side is given', () => {
    expect(parseAuditOptions(undefined, { file: 'x.json' }, global, NOW).window).toEqual({
      start: null,
      end: null,
    });
    expect(parseAuditOptions(undefined, { file: 'x.json', since: '1h' }, global, NOW).window).toEqual({
      start: NOW - 3_600_000,
      end: null,
    });
  });

  it('reads --max-concurrency, --timeout, --format and --details', () => {
    const options = parseAuditOptions(
      undefined,
      { file: '-', maxConcurrency: '3', timeout: '90s', format: 'TAIL', details: true },
      parseGlobalOptions({ json: true }),
      NOW,
    );
    expect(options).toMatchObject({
      file: '-',
      maxConcurrency: 3,
      timeoutMs: 90_000,
      format: 'tail',
      details: true,
    });
    expect(parseAuditOptions(undefined, { file: '-', timeout: '300' }, global, NOW).timeoutMs).toBe(300_000);
  });

  it('accepts names, partial ARNs and qualified ARNs', () => {
    for (const ref of [
      'nightly_report-2',
      '123456789012:function:nightly',
      'arn:aws:lambda:eu-west-1:123456789012:function:nightly:prod',
    ]) {
      expect(parseAuditOptions(ref, {}, global, NOW).functionRef).toBe(ref);
    }
  });

  it.each([
    [undefined, {}, /name a function to audit, or pass `--file`/],
    ['bad name!', {}, /"bad name!" is not a Lambda function name or ARN/],
    ['fn', { since: 'yesterday' }, /--since "yesterday" is not a duration or a time/],
    ['fn', { until: '2026-13-45T00:00:00Z' }, /--until "2026-13-45T00:00:00Z" is not a duration or a time/],
    [
      'fn',
      { since: '1h', until: '2h' },
      /the window is empty: --since 2026-12-03T11:00:00.000Z is not before --until 2026-12-03T10:00:00.000Z/,
    ],
    ['fn', { maxConcurrency: '0' }, /`--max-concurrency 0` is not a whole number of at least 1/],
    ['fn', { maxConcurrency: '1.5' }, /`--max-concurrency 1.5`/],
    ['fn', { timeout: '16m' }, /`--timeout 16m` is not a Lambda timeout/],
    ['fn', { logGroup: 'has space' }, /is not a log group name/],
    [undefined, { file: 'x', logGroup: '/aws/lambda/x' }, /pass one of them/],
  ])('rejects %s %o', (ref, raw, message) => {
    expect(() => parseAuditOptions(ref, raw, global, NOW)).toThrow(message);
  });
});

describe('lcron audit --file: behaviour', () => {
  it('exits 1 and prints the violations for scripts when runs overlapped', async () => {
    const result = await run(['audit', '--file', EXAMPLE]);

    expect(result.code).toBe(1);
    expect(result.stderr).toBe('');
    const lines = result.stdout.split('\n');
    expect(lines).toContain('violations\t2');
    expect(lines).toContain('overlap_ms\t20300');
    expect(lines).toContain(
      '2026-12-01T12:02:00.100Z\t2026-12-01T12:02:20.100Z\t20000\t2\tfalse\t8f14e45f-ceea-467a-9f4b-2d6c0a1e2b02,c9f0f895-fb98-4b91-8b6a-3e2d1c0b9a03',
    );
  });

  it('exits 0 when the limit allows what ran', async () => {
    const result = await run(['audit', '--file', EXAMPLE, '--max-concurrency', '2', '--json']);

    expect(result.code).toBe(0);
    expect(JSON.parse(result.stdout).summary).toMatchObject({
      violations: 0,
      peakConcurrency: 2,
      maxConcurrency: 2,
    });
  });

  it('pins the --json fields', async () => {
    const result = await run(['audit', '--file', EXAMPLE, '--json', '--details']);
    const json = JSON.parse(result.stdout);

    expect(Object.keys(json)).toEqual([
      'function',
      'window',
      'source',
      'summary',
      'violations',
      'anomalies',
      'schedule',
      'invocations',
    ]);
    expect(json.window).toEqual({ start: '2026-12-01T12:00:00.100Z', end: '2026-12-01T12:06:20.100Z' });
    expect(json.source).toEqual({ kind: 'file', path: EXAMPLE, format: 'filter-log-events' });
    expect(json.summary).toEqual({
      invocations: 7,
      peakConcurrency: 2,
      maxConcurrency: 1,
      violations: 2,
      overlapMs: 20_300,
      longestRunMs: 90_000,
      timeouts: 1,
      errors: 1,
      unfinished: 0,
      inProgress: 0,
      startedBeforeWindow: 0,
      undated: 0,
      anomalies: 0,
      timesInferred: false,
    });
    expect(Object.keys(json.violations[0])).toEqual([
      'start',
      'end',
      'durationMs',
      'concurrency',
      'requestIds',
      'likelyLockRejection',
      'runs',
    ]);
    expect(json.violations[1]).toMatchObject({
      start: '2026-12-01T12:05:00.100Z',
      end: '2026-12-01T12:05:00.400Z',
      durationMs: 300,
      concurrency: 2,
      likelyLockRejection: true,
    });
    expect(json.invocations).toHaveLength(7);
    expect(Object.keys(json.invocations[0])).toEqual([
      'requestId',
      'start',
      'end',
      'durationMs',
      'status',
      'logStream',
      'reportedDurationMs',
      'errorType',
      'startedBeforeWindow',
      'timesInferred',
      'initFailed',
    ]);
    expect(json.invocations.map((r: { status: string }) => r.status)).toEqual([
      'success',
      'success',
      'success',
      'success',
      'timeout',
      'error',
      'success',
    ]);
  });

  it('leaves invocations out of --json without --details', async () => {
    const json = JSON.parse((await run(['audit', '--file', EXAMPLE, '--output', 'json'])).stdout);
    expect(json).not.toHaveProperty('invocations');
  });

  it('rebuilds times from pasted console text and says they were inferred', async () => {
    const json = JSON.parse((await run(['audit', '--file', 'examples/console-paste.txt', '--json'])).stdout);

    // First printed line of each run, plus its REPORT duration: 12:02:00.103 + 19 998.80 ms and 12:05:00.390 + 300 ms.
    expect(json.summary).toMatchObject({
      invocations: 7,
      violations: 2,
      overlapMs: 20_298.8,
      timesInferred: true,
    });
    expect(json.violations.map((v: { start: string }) => v.start)).toEqual([
      '2026-12-01T12:02:00.103Z',
      '2026-12-01T12:05:00.390Z',
    ]);
  });

  it('reads stdin with --file -', async () => {
    const { readFileSync } = await import('node:fs');
    const result = await run(['audit', '--file', '-', '--json'], {
      stdinText: readFileSync(EXAMPLE, 'utf8'),
    });

    expect(result.code).toBe(1);
    expect(JSON.parse(result.stdout).source).toEqual({
      kind: 'file',
      path: '-',
      format: 'filter-log-events',
    });
  });

  it('states an empty window plainly and exits 0', async () => {
    const result = await run([
      'audit',
      '--file',
      EXAMPLE,
      '--since',
      '2026-12-02T00:00:00Z',
      '--until',
      '2026-12-03T00:00:00Z',
      '--json',
    ]);

    expect(result.code).toBe(0);
    expect(JSON.parse(result.stdout).summary).toMatchObject({ invocations: 0, violations: 0 });
  });

  it('draws a summary, a table and a timeline for people on a terminal', async () => {
    const result = await run(['audit', '--file', EXAMPLE], { stdoutIsTTY: true, columns: 90 });

    expect(result.stdout).toContain('✗ 2 violations: up to 2 runs at once (limit 1), 20s overlapped in all');
    expect(result.stdout).toContain('7 runs · longest 1m 30s · 1 timeout · 1 error · 0 unfinished');
    expect(result.stdout).toContain('6512bd43 error 300ms turned away');
    expect(result.stdout).toMatch(/Timeline\n +2026-12-01 12:00:00 +2026-12-01 12:06:20\n/);
    expect(result.stdout).not.toMatch(/\x1b\[/); // NO_COLOR is set in the test context
  });

  it('colours the terminal output only when colour is allowed', async () => {
    const coloured = await run(['audit', '--file', EXAMPLE], {
      stdoutIsTTY: true,
      env: { TZ: 'UTC', FORCE_COLOR: '1' },
    });
    expect(coloured.stdout).toMatch(/\x1b\[/);
    const flagged = await run(['audit', '--file', EXAMPLE, '--no-color'], {
      stdoutIsTTY: true,
      env: { TZ: 'UTC', FORCE_COLOR: '1' },
    });
    expect(flagged.stdout).not.toMatch(/\x1b\[/);
  });
});

describe('lcron audit --file: bad input', () => {
  it.each([
    [['audit', '--file', 'test/fixtures/empty.json'], 'lcron: test/fixtures/empty.json is empty'],
    [['audit', '--file', 'no/such/file.json'], 'lcron: cannot read no/such/file.json: no such file'],
    [['audit', '--file', 'test'], 'lcron: cannot read test: it is a directory'],
    [
      ['audit', '--file', 'test/fixtures/not-a-log.txt'],
      'lcron: test/fixtures/not-a-log.txt: unrecognised log format: line 1 ("hello") is not a Lambda log line',
    ],
    [
      ['audit', '--file', 'test/fixtures/truncated.json'],
      'lcron: test/fixtures/truncated.json: line 3: the JSON ends before its events array is closed',
    ],
    [
      ['audit', '--file', EXAMPLE, '--format', 'jsonl'],
      'lcron: examples/overlapping-runs.json: line 2: found an "events" array: this is filter-log-events JSON, not one event a line',
    ],
    [
      ['audit', '--file', EXAMPLE, '--format', 'xml'],
      "lcron: option '--format <format>' argument 'xml' is invalid",
    ],
    [['audit', '--file', EXAMPLE, '--since', 'soon'], 'lcron: --since "soon" is not a duration or a time'],
    [
      ['audit', '--file', EXAMPLE, '--output', 'yaml'],
      "lcron: option '--output <format>' argument 'yaml' is invalid",
    ],
    [['audit', '--bogus'], "lcron: unknown option '--bogus'"],
  ])('%j: one line and exit 252', async (argv, start) => {
    const result = await run(argv);

    expect(result.code).toBe(252);
    expect(result.stdout).toBe('');
    expect(result.stderr.startsWith(start)).toBe(true);
    expect(result.stderr.trimEnd().split('\n')).toHaveLength(1);
  });

  it('reports an empty stdin', async () => {
    const result = await run(['audit', '--file', '-'], { stdinText: '' });
    expect([result.code, result.stderr.split(';')[0]]).toEqual([252, 'lcron: stdin is empty']);
  });

  it('shows the stack only with --debug', async () => {
    const plain = await run(['audit', '--file', 'test/fixtures/empty.json']);
    expect(plain.stderr).not.toMatch(/\n\s+at /);
    const debug = await run(['audit', '--file', 'test/fixtures/empty.json', '--debug']);
    expect(debug.stderr).toMatch(/\n\s+at /);
  });
});
