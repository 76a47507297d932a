import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { describe, expect, it } from 'vitest';

import { run } from '../helpers/context.js';
import { ID, STREAM, event, filterLogEventsJson, startLine, textRun, t } from '../helpers/log-lines.js';

const dir = mkdtempSync(join(tmpdir(), 'lcron-edge-'));
const file = (name: string, content: string | Buffer) => {
  const path = join(dir, name);
  writeFileSync(path, content);
  return path;
};
const EXAMPLE = 'examples/overlapping-runs.json';
const auditJson = async (args: string[]) => {
  const result = await run(['audit', ...args, '--json']);
  return { ...result, json: result.stdout ? JSON.parse(result.stdout) : null };
};

describe('lcron audit: runs the first QA pass got wrong', () => {
  it("counts Node's Invoke Error line in an export as an error, and the fast one as turned away", async () => {
    const path = file(
      'invoke-error.json',
      filterLogEventsJson([
        ...textRun(STREAM.one, ID.a, '2026-12-01T12:00:00.000Z', '2026-12-01T12:01:20.000Z'),
        ...textRun(STREAM.two, ID.b, '2026-12-01T12:01:00.000Z', '2026-12-01T12:01:00.300Z'),
        event(
          STREAM.two,
          '2026-12-01T12:01:00.290Z',
          `2026-12-01T12:01:00.290Z\t${ID.b}\tERROR\tInvoke Error \t{"errorType":"LockHeld"}\n`,
        ),
      ]),
    );
    const { json } = await auditJson(['--file', path]);

    expect(json.summary.errors).toBe(1);
    expect(json.violations[0]).toMatchObject({ durationMs: 300, likelyLockRejection: true });
    expect(json.violations[0].runs[1]).toMatchObject({ requestId: ID.b, status: 'error', turnedAway: true });
  });

  it('reads a line read twice once: the same export concatenated gives the same audit', async () => {
    const once = await auditJson(['--file', EXAMPLE]);
    const twice = await auditJson(['--file', file('twice.json', readFileSync(EXAMPLE, 'utf8').repeat(2))]);

    expect(twice.json.summary).toEqual(once.json.summary);
    expect(twice.json.violations).toEqual(once.json.violations);
  });

  it('reads Status wherever it stands in a space-separated REPORT', async () => {
    const path = file(
      'status-first.txt',
      `2026-12-01T12:00:00 ${startLine(ID.a)}2026-12-01T12:00:30 REPORT RequestId: ${ID.a} Status: timeout Duration: 30000.00 ms Billed Duration: 30000 ms\n`,
    );
    const { json } = await auditJson(['--file', path]);

    expect(json.summary).toMatchObject({ invocations: 1, timeouts: 1 });
  });

  it('skips a UTF-8 byte order mark', async () => {
    const path = file('bom.json', Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), readFileSync(EXAMPLE)]));
    expect((await auditJson(['--file', path])).json.summary.violations).toBe(2);
  });
});

describe('lcron audit: input that cannot be audited is an error, not a clean result', () => {
  it.each([
    ['{}', 'line 1: no "events" array: is this the output of `aws logs filter-log-events`?'],
    ['{"logStreams": [{"logStreamName": "a"}]}', 'line 1: no "events" array'],
  ])('%s', async (content, message) => {
    const path = file('not-events.json', content);
    const result = await run(['audit', '--file', path]);

    expect(result.code).toBe(252);
    expect(result.stderr).toContain(`${path}: ${message}`);
  });

  it('refuses a file with no platform lines, whatever its format', async () => {
    const result = await run(['audit', '--file', EXAMPLE, '--format', 'console']);

    expect(result.code).toBe(252);
    expect(result.stderr).toMatch(
      /^lcron: examples\/overlapping-runs\.json holds no Lambda platform lines \(START, END, REPORT\)/,
    );
  });

  it('refuses UTF-16 without a byte order mark too', async () => {
    const path = file('utf16-no-bom.json', Buffer.from('{"events":[]}', 'utf16le'));
    const result = await run(['audit', '--file', path]);

    expect(result.code).toBe(252);
    expect(result.stderr).toContain(
      'looks like UTF-16 text (a zero byte beside each character); convert it to UTF-8 first',
    );
  });

  it('refuses UTF-16 and says how to convert it', async () => {
    const path = file(
      'utf16.json',
      Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from('{"events":[]}', 'utf16le')]),
    );
    const result = await run(['audit', '--file', path]);

    expect(result.code).toBe(252);
    expect(result.stderr).toContain(
      'is UTF-16 text (as Windows PowerShell writes with >); convert it to UTF-8 first: iconv',
    );
  });
});

describe('lcron audit: flags the first QA pass found unchecked', () => {
  it.each([
    [['--file', EXAMPLE, '--since', '1000000000d'], /--since 1000000000d reaches back before 1970/],
    [
      ['--file', EXAMPLE, '--since', '2026-02-30T00:00:00Z'],
      /--since "2026-02-30T00:00:00Z" is not a duration or a time/,
    ],
    [['--file', EXAMPLE, '--since', '2026-12-01T25:00:00Z'], /is not a duration or a time/],
    [['--file', EXAMPLE, '--since', '2099-01-01'], /--since 2099-01-01T00:00:00.000Z is in the future/],
    [['--file', EXAMPLE, '--timeout', '90ms'], /`--timeout 90ms` is not a Lambda timeout/],
    [
      ['--file', EXAMPLE, '--json', '--output', 'text'],
      /`--json` and `--output text` ask for different output/,
    ],
    [['nightly', '--format', 'tail'], /`--format` tells how to read a file: it needs `--file`/],
    [['--file', EXAMPLE, '--details'], /`--details` lists every run in the JSON output: it needs `--json`/],
    [['--file', EXAMPLE, '--output', 'yaml'], /Allowed choices are text, json; see/],
  ])('%j exits 252', async (args, message) => {
    const result = await run(['audit', ...args]);

    expect(result.code).toBe(252);
    expect(result.stderr).toMatch(message);
  });

  it('refuses an ARN whose Region differs from --region', async () => {
    const result = await run([
      'audit',
      'arn:aws:lambda:us-east-1:123456789012:function:job',
      '--region',
      'eu-west-1',
      '--endpoint-url',
      'http://127.0.0.1:9',
    ]);

    expect(result.code).toBe(252);
    expect(result.stderr).toMatch(/^lcron: the function's ARN is in us-east-1 but `--region` is eu-west-1/);
  });

  it.each([
    [{ TZ: 'Nowhere/Bogus' }, /^lcron: TZ=Nowhere\/Bogus is not a time zone/],
    [{ AWS_MAX_ATTEMPTS: 'abc' }, /^lcron: AWS_MAX_ATTEMPTS=abc is not a whole number of at least 1/],
    [
      { LCRON_PARALLEL_MIN_BYTES: '2MiB' },
      /^lcron: LCRON_PARALLEL_MIN_BYTES=2MiB is not a whole number of bytes/,
    ],
  ])('calls %o a configuration error, exit 253', async (env, message) => {
    const args =
      'AWS_MAX_ATTEMPTS' in env
        ? ['audit', 'job', '--endpoint-url', 'http://127.0.0.1:9']
        : ['audit', '--file', EXAMPLE];
    const result = await run(args, { env: { AWS_REGION: 'eu-west-1', ...env }, stdoutIsTTY: true });

    expect(result.code).toBe(253);
    expect(result.stderr).toMatch(message);
  });

  it('names a profile that is in no config file, exit 253', async () => {
    const config = file('config', '[profile other]\nregion = eu-west-1\n');
    const result = await run(['audit', 'job', '--profile', 'nope', '--endpoint-url', 'http://127.0.0.1:9'], {
      env: { AWS_CONFIG_FILE: config, AWS_SHARED_CREDENTIALS_FILE: join(dir, 'none') },
    });

    expect(result.code).toBe(253);
    expect(result.stderr).toMatch(
      /^lcron: profile "nope" not found in .*config or .*none; check `--profile`/,
    );
  });

  it('accepts a profile that is there', async () => {
    const config = file('config2', '[profile other]\nregion = eu-west-1\n');
    const result = await run(['audit', '--file', EXAMPLE, '--profile', 'other'], {
      env: { AWS_CONFIG_FILE: config },
    });

    expect(result.code).toBe(1);
  });
});

describe('the window', () => {
  it('keeps a file window when only --until is given', async () => {
    const { json } = await auditJson(['--file', EXAMPLE, '--until', '2026-12-01T12:03:00Z']);

    expect(json.window).toEqual({ start: '2026-12-01T12:00:00.100Z', end: '2026-12-01T12:03:00.000Z' });
    expect(json.summary).toMatchObject({ invocations: 3, violations: 1 });
    expect(t(json.window.end)).toBe(t('2026-12-01T12:03:00Z'));
  });
});
