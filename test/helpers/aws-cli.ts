import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/**
 * The AWS CLI, pointed at the emulator: a second client, independent of
 * the SDK lcron uses, to set things up and to check what lcron saw.
 */
export function awsCli(endpoint: string, args: string[], region = 'eu-west-1'): string {
  const result = spawnSync(
    'aws',
    ['--endpoint-url', endpoint, '--region', region, '--output', 'json', ...args],
    {
      encoding: 'utf8',
      env: {
        PATH: process.env.PATH,
        HOME: process.env.HOME,
        AWS_ACCESS_KEY_ID: 'testing',
        AWS_SECRET_ACCESS_KEY: 'testing',
        AWS_EC2_METADATA_DISABLED: 'true',
        AWS_CONFIG_FILE: '/dev/null',
        AWS_SHARED_CREDENTIALS_FILE: '/dev/null',
      },
      maxBuffer: 256 * 1024 * 1024,
    },
  );
  if (result.error) throw new Error(`aws CLI could not run: ${result.error.message}`);
  if (result.status !== 0) throw new Error(`aws ${args.slice(0, 2).join(' ')} failed: ${result.stderr}`);

  return result.stdout;
}

export const scratchDir = (): string => mkdtempSync(join(tmpdir(), 'lcron-test-'));

/** A deployable package: moto keeps it and never runs it. */
export function zipFile(dir: string): string {
  const path = join(dir, 'function.zip');
  // A stored (uncompressed) zip of one empty file, written by hand.
  const name = Buffer.from('index.js');
  const local = Buffer.alloc(30);
  local.writeUInt32LE(0x04034b50, 0);
  local.writeUInt16LE(20, 4);
  local.writeUInt16LE(name.length, 26);
  const central = Buffer.alloc(46);
  central.writeUInt32LE(0x02014b50, 0);
  central.writeUInt16LE(20, 4);
  central.writeUInt16LE(20, 6);
  central.writeUInt16LE(name.length, 28);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(1, 8);
  end.writeUInt16LE(1, 10);
  end.writeUInt32LE(central.length + name.length, 12);
  end.writeUInt32LE(local.length + name.length, 16);
  writeFileSync(path, Buffer.concat([local, name, central, name, end]));

  return path;
}

/** Creates a role and a function with the given timeout; returns the function's name. */
export function createFunction(
  endpoint: string,
  dir: string,
  name: string,
  timeoutSeconds: number,
  region = 'eu-west-1',
): void {
  const trust = JSON.stringify({
    Version: '2012-10-17',
    Statement: [
      { Effect: 'Allow', Principal: { Service: 'lambda.amazonaws.com' }, Action: 'sts:AssumeRole' },
    ],
  });
  awsCli(
    endpoint,
    ['iam', 'create-role', '--role-name', `${name}-role`, '--assume-role-policy-document', trust],
    region,
  );
  awsCli(
    endpoint,
    [
      'lambda',
      'create-function',
      '--function-name',
      name,
      '--runtime',
      'nodejs20.x',
      '--handler',
      'index.handler',
      '--role',
      `arn:aws:iam::123456789012:role/${name}-role`,
      '--timeout',
      String(timeoutSeconds),
      '--zip-file',
      `fileb://${zipFile(dir)}`,
    ],
    region,
  );
}

/** Writes events into a stream, in batches as PutLogEvents takes them. */
export function putEvents(
  endpoint: string,
  dir: string,
  logGroup: string,
  logStream: string,
  events: Array<{ timestamp: number; message: string }>,
  region = 'eu-west-1',
): void {
  awsCli(
    endpoint,
    ['logs', 'create-log-stream', '--log-group-name', logGroup, '--log-stream-name', logStream],
    region,
  );
  const sorted = [...events].sort((a, b) => a.timestamp - b.timestamp);
  for (let i = 0; i < sorted.length; i += 5000) {
    const file = join(dir, `batch-${i}.json`);
    writeFileSync(file, JSON.stringify(sorted.slice(i, i + 5000)));
    awsCli(
      endpoint,
      [
        'logs',
        'put-log-events',
        '--log-group-name',
        logGroup,
        '--log-stream-name',
        logStream,
        '--log-events',
        `file://${file}`,
      ],
      region,
    );
  }
}
