import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

import { describe, expect, it } from 'vitest';

import { scratchDir } from '../helpers/aws-cli.js';

const BIN = 'bin/lcron.js';
const EXAMPLE = 'examples/overlapping-runs.json';
const manifest = JSON.parse(readFileSync('package.json', 'utf8')) as { version: string };

/** Runs the built binary with only the environment given: nothing leaks in from the test runner. */
function lcron(args: string[], env: NodeJS.ProcessEnv = {}, nodeArgs: string[] = []) {
  const result = spawnSync(process.execPath, [...nodeArgs, BIN, ...args], {
    encoding: 'utf8',
    env: {
      PATH: process.env.PATH,
      TZ: 'UTC',
      AWS_EC2_METADATA_DISABLED: 'true',
      AWS_CONFIG_FILE: '/dev/null',
      AWS_SHARED_CREDENTIALS_FILE: '/dev/null',
      ...env,
    },
  });

  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

describe('the built lcron binary', () => {
  it('is built', () => {
    expect(existsSync('dist/cli/bin.js')).toBe(true);
  });

  it('prints help with the exit codes, and loads no AWS SDK code for it', () => {
    const trace = join(scratchDir(), 'imports.txt');
    const help = lcron(['--help'], { LCRON_TRACE_FILE: trace }, [
      '--import',
      './test/helpers/trace-sdk-imports.mjs',
    ]);

    expect(help.code).toBe(0);
    expect(help.stdout).toContain(
      'Exit codes:\n  0    success; an audit found no violations\n  1    an audit found violations; doctor --strict found a warning',
    );
    expect(help.stdout).toContain('252  usage error');
    expect(existsSync(trace) ? readFileSync(trace, 'utf8') : '').toBe('');
  });

  it('prints its version, and loads no AWS SDK code for it', () => {
    const trace = join(scratchDir(), 'imports.txt');
    const version = lcron(['--version'], { LCRON_TRACE_FILE: trace }, [
      '--import',
      './test/helpers/trace-sdk-imports.mjs',
    ]);

    expect([version.code, version.stdout]).toEqual([0, `${manifest.version}\n`]);
    expect(existsSync(trace) ? readFileSync(trace, 'utf8') : '').toBe('');
  });

  it('audits a file without AWS: data on stdout, nothing on stderr, exit 1 for violations', () => {
    const trace = join(scratchDir(), 'imports.txt');
    const result = lcron(['audit', '--file', EXAMPLE, '--json'], { LCRON_TRACE_FILE: trace }, [
      '--import',
      './test/helpers/trace-sdk-imports.mjs',
    ]);

    expect(result.code).toBe(1);
    expect(result.stderr).toBe('');
    const json = JSON.parse(result.stdout);
    expect(Object.keys(json.summary)).toEqual(
      expect.arrayContaining([
        'invocations',
        'peakConcurrency',
        'maxConcurrency',
        'violations',
        'overlapMs',
        'timeouts',
        'errors',
        'unfinished',
        'timesInferred',
      ]),
    );
    expect(json.summary).toMatchObject({ invocations: 7, violations: 2, overlapMs: 20_300 });
    expect(existsSync(trace) ? readFileSync(trace, 'utf8') : '').toBe('');
  });

  it('prints lock help without loading AWS SDK code', () => {
    const trace = join(scratchDir(), 'imports.txt');
    const help = lcron(['lock', '--help'], { LCRON_TRACE_FILE: trace }, [
      '--import',
      './test/helpers/trace-sdk-imports.mjs',
    ]);

    expect(help.code).toBe(0);
    expect(help.stdout).toContain('--on-busy <policy>');
    expect(existsSync(trace) ? readFileSync(trace, 'utf8') : '').toBe('');
  });

  it.each([
    [['lock', 'fn'], /^lcron: `lcron lock` needs `--reserved`/],
    [['lock', 'fn', '--reserved', '0'], /^lcron: `--reserved 0` stops the function entirely/],
    [
      ['lock', 'fn', '--reserved', '--on-busy', 'later'],
      /^lcron: option '--on-busy <policy>' argument 'later' is invalid/,
    ],
    [['unlock'], /^lcron: missing required argument 'function'/],
    [
      ['lock', '--reserved', 'fn'],
      /^lcron: option '--reserved \[n\]' argument 'fn' is invalid\. "fn" is not a number of copies: put the function before `--reserved`/,
    ],
  ])('lock: %j exits 252 with one line, before any AWS call', (args, message) => {
    const result = lcron(args);

    expect([result.code, result.stdout]).toEqual([252, '']);
    expect(result.stderr).toMatch(message);
    expect(result.stderr.trimEnd().split('\n')).toHaveLength(1);
  });

  it('prints next fire times offline as JSON, and loads no AWS SDK code for it', () => {
    const trace = join(scratchDir(), 'imports.txt');
    const next = lcron(
      ['next', 'cron(0 12 ? * 3#2 *)', '--from', '2027-01-01T00:00:00Z', '-n', '2', '--json'],
      { LCRON_TRACE_FILE: trace },
      ['--import', './test/helpers/trace-sdk-imports.mjs'],
    );

    // The second Tuesday of January 2027 is the 12th, of February the 9th.
    expect([next.code, next.stderr]).toEqual([0, '']);
    expect(JSON.parse(next.stdout)).toEqual({
      expression: 'cron(0 12 ? * 3#2 *)',
      timezone: 'UTC',
      fires: ['2027-01-12T12:00:00.000Z', '2027-02-09T12:00:00.000Z'],
    });
    expect(existsSync(trace) ? readFileSync(trace, 'utf8') : '').toBe('');
  });

  it('lists the schedule subcommands in its help without loading AWS SDK code', () => {
    const trace = join(scratchDir(), 'imports.txt');
    const help = lcron(['schedule', '--help'], { LCRON_TRACE_FILE: trace }, [
      '--import',
      './test/helpers/trace-sdk-imports.mjs',
    ]);

    expect(help.code).toBe(0);
    for (const sub of ['set', 'list', 'pause', 'resume', 'delete'])
      expect(help.stdout).toMatch(new RegExp(`\\n  ${sub} `));
    expect(existsSync(trace) ? readFileSync(trace, 'utf8') : '').toBe('');
  });

  it.each([
    [['schedule', 'fn', 'rate(5 minute)'], /^lcron: `rate\(5 minute\)`: .*use `minutes`/],
    [['schedule', 'fn', 'cron(0 9 * * * *)'], /^lcron: `cron\(0 9 \* \* \* \*\)`: .*\?/],
    [['schedule', 'fn', 'at(2026-12-24T18:00:00Z)'], /^lcron: `at\(2026-12-24T18:00:00Z\)`: .*--tz/],
    [['schedule', 'fn', '1h', '--tz', 'Berlin'], /^lcron: time zone "Berlin" is not an IANA time zone/],
    [['schedule', 'list'], /^lcron: missing required argument 'function'/],
  ])('schedule: %j exits 252 with one line, before any AWS call', (args, message) => {
    // No credentials and no region: a call would fail with 253, not 252.
    const result = lcron(args);

    expect([result.code, result.stdout]).toEqual([252, '']);
    expect(result.stderr).toMatch(message);
    expect(result.stderr.trimEnd().split('\n')).toHaveLength(1);
  });

  it('exits 0 for a clean audit', () => {
    expect(lcron(['audit', '--file', EXAMPLE, '--max-concurrency', '2']).code).toBe(0);
  });

  it('reads stdin', () => {
    const result = spawnSync(process.execPath, [BIN, 'audit', '--file', '-', '--json'], {
      input: readFileSync(EXAMPLE),
      encoding: 'utf8',
      env: { PATH: process.env.PATH },
    });
    expect(result.status).toBe(1);
    expect(JSON.parse(result.stdout).summary.violations).toBe(2);
  });

  it.each([
    [['audit'], 252, /^lcron: name a function to audit, or pass `--file`/],
    [['nonsense'], 252, /^lcron: unknown command 'nonsense'/],
    [['audit', '--file', 'missing.json'], 252, /^lcron: cannot read missing.json: no such file/],
    [
      ['audit', 'fn', '--endpoint-url', 'ftp://127.0.0.1'],
      252,
      /^lcron: `--endpoint-url` "ftp:\/\/127.0.0.1" is not an http\(s\) URL/,
    ],
    [
      ['audit', 'fn', '--region', 'moon-1', '--endpoint-url', 'http://127.0.0.1:9'],
      253,
      /^lcron: region "moon-1" is not an AWS Region name/,
    ],
  ])('%j exits %i with one line on stderr', (args, code, message) => {
    const result = lcron(args);

    expect(result.code).toBe(code);
    expect(result.stdout).toBe('');
    expect(result.stderr).toMatch(message);
    expect(result.stderr.trimEnd().split('\n')).toHaveLength(1);
  });

  it('says when no credentials are found, exit 253, before any call leaves', () => {
    const result = lcron(['audit', 'fn', '--region', 'eu-west-1', '--endpoint-url', 'http://127.0.0.1:9']);

    expect(result.code).toBe(253);
    expect(result.stderr).toMatch(/^lcron: no AWS credentials found; set AWS_PROFILE/);
  });

  it('says when no region is set, exit 253', () => {
    const result = lcron(['audit', 'fn', '--endpoint-url', 'http://127.0.0.1:9'], {
      AWS_ACCESS_KEY_ID: 'testing',
      AWS_SECRET_ACCESS_KEY: 'testing',
    });

    expect(result.code).toBe(253);
    expect(result.stderr).toMatch(/^lcron: no AWS Region is set; pass `--region`/);
  });

  it('takes the region from AWS_DEFAULT_REGION as the AWS CLI does', () => {
    const result = lcron(['audit', 'fn', '--endpoint-url', 'http://127.0.0.1:9'], {
      AWS_ACCESS_KEY_ID: 'testing',
      AWS_SECRET_ACCESS_KEY: 'testing',
      AWS_DEFAULT_REGION: 'eu-central-1',
      AWS_MAX_ATTEMPTS: '1',
    });

    // It got as far as the (closed) endpoint: the region was accepted.
    expect(result.code).toBe(254);
    expect(result.stderr).toMatch(/^lcron: could not reach http:\/\/127\.0\.0\.1:9 \(ECONNREFUSED\)/);
  });

  it('keeps the exit code when the reader closes the pipe early', () => {
    const result = spawnSync(
      'bash',
      [
        '-c',
        `"${process.execPath}" ${BIN} audit --file ${EXAMPLE} --json | head -c 10 >/dev/null; echo "\${PIPESTATUS[0]}"`,
      ],
      { encoding: 'utf8' },
    );
    expect(result.stdout.trim()).toBe('1');
  });

  it('says so in one line, exit 255, when the output cannot be written', () => {
    const result = spawnSync(
      'bash',
      ['-c', `"${process.execPath}" ${BIN} audit --file ${EXAMPLE} --json > /dev/full`],
      { encoding: 'utf8' },
    );
    expect(result.status).toBe(255);
    expect(result.stderr).toBe(
      'lcron: cannot write the output: ENOSPC; check the disk or the file stdout goes to\n',
    );
  });

  it('prints usage to stderr and exits 252 with no arguments', () => {
    const result = lcron([]);
    expect([result.code, result.stdout]).toEqual([252, '']);
    expect(result.stderr).toContain('Usage: lcron');
    expect(result.stderr).not.toContain('lcron: ');
  });
});
