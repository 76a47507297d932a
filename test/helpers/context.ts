import { Readable } from 'node:stream';

import type { Context } from '../../src/cli/context.js';
import { runCli } from '../../src/cli/main.js';

export interface RunResult {
  code: number;
  stdout: string;
  stderr: string;
}

/** A context of in-memory streams and a fixed clock. */
export function testContext(overrides: Partial<Context> & { stdinText?: string } = {}): Context & {
  out: () => string;
  err: () => string;
} {
  let stdout = '';
  let stderr = '';
  const { stdinText, ...rest } = overrides;

  return {
    stdout: { write: (text: string) => (stdout += text) },
    stderr: { write: (text: string) => (stderr += text) },
    stdin: Readable.from(stdinText === undefined ? [] : [Buffer.from(stdinText)]),
    stdoutIsTTY: false,
    stderrIsTTY: false,
    columns: 100,
    env: { TZ: 'UTC', NO_COLOR: '1' },
    now: () => Date.parse('2026-12-03T12:00:00.000Z'),
    sleep: async () => {},
    awsHooks: {},
    ...rest,
    out: () => stdout,
    err: () => stderr,
  };
}

export async function run(
  argv: string[],
  overrides: Parameters<typeof testContext>[0] = {},
): Promise<RunResult> {
  const ctx = testContext(overrides);
  const code = await runCli(argv, ctx);

  return { code, stdout: ctx.out(), stderr: ctx.err() };
}
