import { spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import { join } from 'node:path';

import { beforeAll, describe, expect, it } from 'vitest';

import { scratchDir } from '../helpers/aws-cli.js';
import { filterLogEventsJson, textRun, type LogEvent } from '../helpers/log-lines.js';

const BIN = 'bin/lcron.js';

/** Three streams taking turns every 20 s; every 50th run lasts 45 s and overlaps the next two. */
function events(runs: number): LogEvent[] {
  const all: LogEvent[] = [];
  const base = Date.parse('2026-12-01T00:00:00.000Z');
  for (let i = 0; i < runs; i++) {
    const id = `00000000-0000-4000-8000-${i.toString(16).padStart(12, '0')}`;
    const start = base + i * 20_000;
    const length = i % 50 === 0 ? 45_000 : 5_000;
    const stream = `2026/12/01/[$LATEST]${'abc'[i % 3]!.repeat(32)}`;
    all.push(...textRun(stream, id, new Date(start).toISOString(), new Date(start + length).toISOString()));
    all.push({
      logStreamName: stream,
      timestamp: start + 1,
      message: `${new Date(start + 1).toISOString()}\t${id}\tINFO\t${'x'.repeat(200)}\n`,
    });
  }

  return all.sort((a, b) => a.timestamp - b.timestamp);
}

function audit(file: string, minBytes: string, extra: string[] = []) {
  const result = spawnSync(
    process.execPath,
    [BIN, 'audit', '--file', file, '--json', '--details', ...extra],
    {
      encoding: 'utf8',
      maxBuffer: 64 * 1024 * 1024,
      env: { PATH: process.env.PATH, TZ: 'UTC', LCRON_PARALLEL_MIN_BYTES: minBytes },
    },
  );

  return {
    code: result.status,
    stderr: result.stderr,
    json: result.stdout ? JSON.parse(result.stdout) : null,
  };
}

/** The same file on two threads and on one: the answers must be the same, errors included. */
function sameBothWays(file: string, extra: string[] = []) {
  const run = (minBytes: string) => {
    const result = spawnSync(process.execPath, [BIN, 'audit', '--file', file, '--json', ...extra], {
      encoding: 'utf8',
      maxBuffer: 64 * 1024 * 1024,
      env: { PATH: process.env.PATH, TZ: 'UTC', LCRON_PARALLEL_MIN_BYTES: minBytes },
    });
    return { code: result.status, stdout: result.stdout, stderr: result.stderr };
  };
  const split = run('1');
  expect(split).toEqual(run(String(Number.MAX_SAFE_INTEGER)));

  return split;
}

describe('big files read in two halves on worker threads', () => {
  const dir = scratchDir();
  const runs = 6_000;
  let fle: string;
  let jsonl: string;

  beforeAll(() => {
    const all = events(runs);
    fle = join(dir, 'big.json');
    jsonl = join(dir, 'big.jsonl');
    writeFileSync(fle, filterLogEventsJson(all));
    writeFileSync(jsonl, `${all.map((e) => JSON.stringify(e)).join('\n')}\n`);
  });

  it.each([
    ['filter-log-events JSON', () => fle],
    ['JSON lines', () => jsonl],
  ])('gives the %s audit that one thread gives', (_name, file) => {
    const split = audit(file(), '1', ['--debug']);
    const whole = audit(file(), String(Number.MAX_SAFE_INTEGER));

    expect(split.code).toBe(1);
    expect(split.stderr).toBe(
      `debug: audited ${file()} on a worker thread, read in two halves on two more\n`,
    );
    // 120 long runs (every 50th of 6 000, 0-45 s) each overlap the next two runs (20-25 s, 40-45 s): 240 violations of 5 s.
    expect(split.json.summary).toMatchObject({
      invocations: runs,
      violations: 240,
      overlapMs: 240 * 5_000,
      peakConcurrency: 2,
    });
    expect(split.json.invocations).toHaveLength(runs);
    expect(split.json).toEqual(whole.json);
  });

  it('names the right line of an error in the second half', () => {
    const lines = `${events(runs)
      .map((e) => JSON.stringify(e))
      .join('\n')}\n`.split('\n');
    const broken = Math.floor(lines.length * 0.9);
    lines[broken] = '{"timestamp": 1, "message": "START RequestId: oops"';
    const file = join(dir, 'broken.jsonl');
    writeFileSync(file, lines.join('\n'));

    const split = audit(file, '1');
    const whole = audit(file, String(Number.MAX_SAFE_INTEGER));

    expect(split.code).toBe(252);
    expect(split.stderr).toBe(whole.stderr);
    // The cut object runs on into the next line, where the parser finds a "{" instead of "," or "}".
    expect(split.stderr).toContain(`line ${broken + 2}: expected "," or "}" in an event`);
  });

  describe('files that could be cut in the wrong place give the one-thread answer', () => {
    const half = () => events(runs / 2);
    const pretty = (list: LogEvent[]) => filterLogEventsJson(list);

    it('a bare array followed by a document, and a document followed by a bare array', () => {
      const bareThenDocument = join(dir, 'mix1.json');
      writeFileSync(bareThenDocument, `${JSON.stringify(half(), null, 4)}\n${pretty(half())}\n`);
      const documentThenBare = join(dir, 'mix2.json');
      writeFileSync(
        documentThenBare,
        `${pretty(half().slice(0, 500))}\n${JSON.stringify(half(), null, 4)}\n`,
      );

      expect(sameBothWays(bareThenDocument).code).toBe(1);
      expect(sameBothWays(documentThenBare).code).toBe(1);
    });

    it('events holding nested objects that look like events', () => {
      const nested = half().map((e) => ({
        ...e,
        related: [
          { message: e.message, timestamp: e.timestamp },
          { message: 'x', timestamp: 1 },
        ],
      }));
      const file = join(dir, 'nested.json');
      writeFileSync(file, JSON.stringify({ events: nested }, null, 4));

      expect(sameBothWays(file).code).toBe(1);
    });

    it('a stray backslash escape in a platform line is one clear error', () => {
      const text = pretty(half());
      const at = text.lastIndexOf('Version: $LATEST');
      const file = join(dir, 'escape.json');
      // A platform line whose text holds "\\q", which JSON does not allow.
      writeFileSync(file, `${text.slice(0, at)}Version: \\q${text.slice(at + 9)}`);

      const result = sameBothWays(file);
      expect(result.code).toBe(252);
      expect(result.stderr).toMatch(/: line \d+: a string holds an escape that JSON does not have/);
    });

    it('a gzip file, even with the format forced', () => {
      const file = join(dir, 'big.jsonl.gz');
      writeFileSync(file, gzipSync(readFileSync(jsonl), { level: 1 }));
      const padded = join(dir, 'padded.gz');
      writeFileSync(padded, Buffer.concat([readFileSync(file), Buffer.alloc(3 * 1024 * 1024, 0x20)]));

      const result = sameBothWays(padded, ['--format', 'jsonl']);
      expect([result.code, result.stderr]).toEqual([
        252,
        `lcron: ${padded} is gzip-compressed; decompress it first: gunzip -c ${padded} | lcron audit --file -\n`,
      ]);
    });
  });
});
