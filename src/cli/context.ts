import type { Readable } from 'node:stream';

import type { AwsHooks } from '../aws/clients.js';

/** A place to write text: process streams in the CLI, strings in tests. */
export interface TextSink {
  write(text: string): unknown;
}

/**
 * Everything a command may take from its surroundings, built once at
 * start-up. Commands never reach for `process`, the clock or SDK clients
 * themselves, so each one runs in a test with in-memory streams.
 */
export interface Context {
  stdout: TextSink;
  stderr: TextSink;
  stdin: Readable;
  stdoutIsTTY: boolean;
  stderrIsTTY: boolean;
  /** Terminal width for tables and the timeline. */
  columns: number;
  env: NodeJS.ProcessEnv;
  now(): number;
  /** Waits, e.g. for IAM to make a new role usable; tests pass one that does not. */
  sleep(ms: number): Promise<void>;
  /** Seams into every AWS client the command makes. */
  awsHooks: AwsHooks;
}

export function createProcessContext(): Context {
  return {
    stdout: process.stdout,
    stderr: process.stderr,
    stdin: process.stdin,
    stdoutIsTTY: process.stdout.isTTY === true,
    stderrIsTTY: process.stderr.isTTY === true,
    columns: process.stdout.columns || Number(process.env.COLUMNS) || 100,
    env: process.env,
    now: () => Date.now(),
    sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
    awsHooks: {},
  };
}
