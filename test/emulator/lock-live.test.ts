import { beforeAll, describe, expect, it } from 'vitest';

import { awsCli, createFunction, scratchDir } from '../helpers/aws-cli.js';
import { run } from '../helpers/context.js';
import { emulatorEndpoint, skipEmulator } from '../helpers/emulator.js';
import { faultTransport, type FaultAnswer } from '../helpers/fault-transport.js';

const PREFIX = `lock-${process.pid}`;
const ARN = (name: string) => `arn:aws:lambda:eu-west-1:123456789012:function:${name}`;
const WRITES = /^(Put|Delete|Tag|Untag|Update|Create)/;

/** A transport rule: `answer` for the requests to `path` with `method`, the rest passed on to moto. */
const on =
  (method: string, path: string, answer: () => FaultAnswer | null) =>
  ({ operation }: { operation: string }) =>
    operation.startsWith(method) && operation.includes(path) ? answer() : null;
const denied = (): FaultAnswer => ({ status: 403, errorType: 'AccessDeniedException', message: 'denied' });

describe.skipIf(skipEmulator)('lcron lock and unlock against moto', () => {
  let endpoint: string;
  let dir: string;
  let n = 0;
  const fresh = (timeout = 90) => {
    const name = `${PREFIX}-${++n}`;
    createFunction(endpoint, dir, name, timeout);
    return name;
  };

  beforeAll(() => {
    endpoint = emulatorEndpoint();
    dir = scratchDir();
  });

  /** Runs lcron and records each AWS operation it sends. */
  const lcron = async (args: string[], hooks: { requestHandler?: unknown } = {}) => {
    const operations: string[] = [];
    const result = await run([...args, '--endpoint-url', endpoint, '--json'], {
      env: { AWS_REGION: 'eu-west-1' },
      awsHooks: { ...hooks, onCommand: (_service, operation) => operations.push(operation) },
    });
    return {
      ...result,
      json: result.stdout ? JSON.parse(result.stdout) : null,
      writes: operations.filter((op) => WRITES.test(op)),
    };
  };
  const concurrency = (name: string) =>
    JSON.parse(awsCli(endpoint, ['lambda', 'get-function-concurrency', '--function-name', name]) || '{}');
  const invokeConfig = (name: string) => {
    try {
      return JSON.parse(
        awsCli(endpoint, ['lambda', 'get-function-event-invoke-config', '--function-name', name]),
      );
    } catch {
      return null;
    }
  };

  it('locks with a reservation of one and the skip policy, as the AWS CLI then reads back', async () => {
    const name = fresh();
    const result = await lcron(['lock', name, '--reserved']);

    expect(result.code).toBe(0);
    expect(result.writes).toEqual(['TagResource', 'PutFunctionConcurrency', 'PutFunctionEventInvokeConfig']);
    expect(concurrency(name)).toEqual({ ReservedConcurrentExecutions: 1 });
    expect(invokeConfig(name)).toMatchObject({ MaximumEventAgeInSeconds: 60, MaximumRetryAttempts: 0 });
    expect(result.json).toMatchObject({ function: name, written: true, busy: { maximumWaitSeconds: 60 } });
    expect(Object.keys(result.json)).toEqual([
      'function',
      'functionArn',
      'dryRun',
      'written',
      'changes',
      'before',
      'after',
      'saved',
      'busy',
      'schedules',
      'canOverlap',
    ]);
  });

  it('writes nothing the second time, or on a dry run', async () => {
    const name = fresh();
    await lcron(['lock', name, '--reserved']);
    const again = await lcron(['lock', name, '--reserved']);
    const dry = await lcron(['lock', name, '--reserved', '3', '--dry-run']);

    expect([again.writes, again.json.changes, again.json.written]).toEqual([[], [], false]);
    expect(dry.writes).toEqual([]);
    expect(dry.json.changes).toEqual([{ setting: 'reservedConcurrency', from: 1, to: 3 }]);
    expect(concurrency(name)).toEqual({ ReservedConcurrentExecutions: 1 });
  });

  it('queues instead of skipping, and sends dropped runs to a destination', async () => {
    const name = fresh();
    const queue = 'arn:aws:sqs:eu-west-1:123456789012:dropped-runs';
    const result = await lcron(['lock', name, '--reserved', '--on-busy', 'queue', '--on-discard', queue]);

    expect(concurrency(name)).toEqual({ ReservedConcurrentExecutions: 1 });
    const config = invokeConfig(name);
    expect(config.DestinationConfig).toEqual({ OnFailure: { Destination: queue } });
    expect(config.MaximumEventAgeInSeconds).toBeUndefined();
    expect(result.json.busy.whenBusy).toMatch(/waits for a free copy for up to 6 h/);
  });

  it('unlocks back to the reservation from before the first lock, and drops the invoke settings lock added', async () => {
    const name = fresh();
    awsCli(endpoint, [
      'lambda',
      'put-function-concurrency',
      '--function-name',
      name,
      '--reserved-concurrent-executions',
      '5',
    ]);

    await lcron(['lock', name, '--reserved']);
    await lcron(['lock', name, '--reserved', '2']); // a second lock keeps the first one's record
    expect(concurrency(name)).toEqual({ ReservedConcurrentExecutions: 2 });

    const unlocked = await lcron(['unlock', name]);
    expect(unlocked.code).toBe(0);
    expect(concurrency(name)).toEqual({ ReservedConcurrentExecutions: 5 });
    expect(invokeConfig(name)).toBeNull();
    const tags = JSON.parse(awsCli(endpoint, ['lambda', 'list-tags', '--resource', ARN(name)])).Tags;
    expect(Object.keys(tags).filter((key) => key.startsWith('lcron:'))).toEqual([]);

    const again = await lcron(['unlock', name]);
    expect([again.code, again.writes]).toEqual([0, []]);
  });

  // moto keeps a function's first invoke configuration when a second Put
  // comes (AWS replaces it), so what lcron writes over an existing one is
  // read off the request; unlock's restore of such settings is planUnlock's
  // unit test, as moto would show unlock the wrong "current" settings.
  it('sets skip over existing invoke settings, keeping on-success (request body checked: moto keeps the first config)', async () => {
    const name = fresh();
    const success = 'arn:aws:sns:eu-west-1:123456789012:done';
    awsCli(endpoint, [
      'lambda',
      'put-function-event-invoke-config',
      '--function-name',
      name,
      '--maximum-event-age-in-seconds',
      '3600',
      '--maximum-retry-attempts',
      '1',
      '--destination-config',
      JSON.stringify({ OnSuccess: { Destination: success } }),
    ]);
    const { handler, bodies } = faultTransport(() => null, endpoint);

    const locked = await lcron(['lock', name, '--reserved'], { requestHandler: handler });

    const puts = bodies.filter(
      ({ operation }) => operation.startsWith('PUT') && operation.includes('event-invoke-config'),
    );
    expect(puts.map(({ body }) => body)).toEqual([
      {
        MaximumEventAgeInSeconds: 60,
        MaximumRetryAttempts: 0,
        DestinationConfig: { OnSuccess: { Destination: success } },
      },
    ]);
    // What unlock will restore was kept, read back by the AWS CLI.
    expect(locked.json.saved).toEqual({
      reservedConcurrency: null,
      maximumEventAgeSeconds: 3600,
      maximumRetryAttempts: 1,
      onFailure: null,
    });
    const tags = JSON.parse(awsCli(endpoint, ['lambda', 'list-tags', '--resource', ARN(name)])).Tags;
    expect(tags['lcron:before-maximum-event-age']).toBe('3600');
    expect(tags['lcron:before-maximum-retry-attempts']).toBe('1');
  });

  it('removes a reservation that was not there before', async () => {
    const name = fresh();
    await lcron(['lock', name, '--reserved']);
    await lcron(['unlock', name]);

    expect(concurrency(name)).toEqual({});
    expect(invokeConfig(name)).toBeNull();
  });

  it('lists the schedules that target the function and says whether copies can overlap', async () => {
    const name = fresh(90);
    const role = `arn:aws:iam::123456789012:role/${name}-role`;
    awsCli(endpoint, [
      'scheduler',
      'create-schedule',
      '--name',
      `${name}-minutely`,
      '--schedule-expression',
      'rate(1 minute)',
      '--flexible-time-window',
      'Mode=OFF',
      '--target',
      JSON.stringify({ Arn: ARN(name), RoleArn: role }),
    ]);

    const dry = await lcron(['lock', name, '--reserved', '2', '--dry-run']);
    // A 90 s timeout and a fire every 60 s: with two copies allowed, they overlap.
    expect(dry.json.schedules).toEqual([
      {
        name: `${name}-minutely`,
        group: 'default',
        state: 'ENABLED',
        expression: 'rate(1 minute)',
        timezone: 'UTC',
      },
    ]);
    expect(dry.json.canOverlap).toBe('yes');
    expect((await lcron(['lock', name, '--reserved', '--dry-run'])).json.canOverlap).toBe('no');
  });

  it('works out whether a cron schedule lets copies overlap', async () => {
    const short = fresh(240);
    const long = fresh(360);
    for (const name of [short, long]) {
      awsCli(endpoint, [
        'scheduler',
        'create-schedule',
        '--name',
        `${name}-every5`,
        '--schedule-expression',
        'cron(0/5 * * * ? *)',
        '--schedule-expression-timezone',
        'Europe/Berlin',
        '--flexible-time-window',
        'Mode=OFF',
        '--target',
        JSON.stringify({ Arn: ARN(name), RoleArn: `arn:aws:iam::123456789012:role/${name}-role` }),
      ]);
    }

    // Fires 300 s apart: a 240 s timeout cannot reach the next fire, a 360 s one can.
    expect((await lcron(['lock', short, '--reserved', '2', '--dry-run'])).json.canOverlap).toBe('no');
    expect((await lcron(['lock', long, '--reserved', '2', '--dry-run'])).json.canOverlap).toBe('yes');
  });

  it('locks the whole function when given a qualified ARN, and says so', async () => {
    const name = fresh();
    const result = await lcron(['lock', `${ARN(name)}:live`, '--reserved']);

    expect(result.stderr).toContain(
      `reserved concurrency applies to the whole function, not to :live; acting on ${name}`,
    );
    expect(concurrency(name)).toEqual({ ReservedConcurrentExecutions: 1 });
  });

  it('locks the function by name:alias too, and finds schedules on the alias', async () => {
    const name = fresh();
    awsCli(endpoint, [
      'scheduler',
      'create-schedule',
      '--name',
      `${name}-alias`,
      '--schedule-expression',
      'rate(1 minute)',
      '--flexible-time-window',
      'Mode=OFF',
      '--target',
      JSON.stringify({ Arn: `${ARN(name)}:prod`, RoleArn: `arn:aws:iam::123456789012:role/${name}-role` }),
    ]);
    const result = await lcron(['lock', `${name}:prod`, '--reserved', '2']);

    expect(result.stderr).toContain(`not to :prod; acting on ${name}`);
    expect(result.json.functionArn).toBe(ARN(name));
    expect(result.json.schedules.map((s: { name: string }) => s.name)).toEqual([`${name}-alias`]);
    expect(concurrency(name)).toEqual({ ReservedConcurrentExecutions: 2 });
  });

  it("refuses an ARN of another account rather than lock the caller's function of that name", async () => {
    const name = fresh();
    const result = await lcron([
      'lock',
      `arn:aws:lambda:eu-west-1:999999999999:function:${name}`,
      '--reserved',
    ]);

    expect(result.code).toBe(254);
    expect(result.stderr).toMatch(
      /^lcron: function arn:aws:lambda:eu-west-1:999999999999:function:\S+ not found: it names account 999999999999, and the credentials are for account 123456789012/,
    );
    expect(result.writes).toEqual([]);
    expect(concurrency(name)).toEqual({});
  });

  it('takes back the record of earlier settings when the first setting cannot be written (SDK transport stub)', async () => {
    const name = fresh();
    const { handler } = faultTransport(on('PUT', '/concurrency', denied), endpoint);
    const failed = await lcron(['lock', name, '--reserved'], { requestHandler: handler });
    expect(failed.code).toBe(254);
    const tags = JSON.parse(awsCli(endpoint, ['lambda', 'list-tags', '--resource', ARN(name)])).Tags;
    expect(Object.keys(tags).filter((key) => key.startsWith('lcron:'))).toEqual([]);

    // So a reservation set by hand afterwards is what a later unlock gives back.
    awsCli(endpoint, [
      'lambda',
      'put-function-concurrency',
      '--function-name',
      name,
      '--reserved-concurrent-executions',
      '7',
    ]);
    await lcron(['lock', name, '--reserved']);
    await lcron(['unlock', name]);
    expect(concurrency(name)).toEqual({ ReservedConcurrentExecutions: 7 });
  });

  it('says a function is not found, exit 254', async () => {
    const result = await lcron(['lock', `${PREFIX}-missing`, '--reserved']);
    expect(result.code).toBe(254);
    expect(result.stderr).toMatch(/^lcron: function lock-\d+-missing not found in eu-west-1/);
  });

  it('explains the account quota when Lambda refuses the reservation (SDK transport stub)', async () => {
    const name = fresh();
    const quota = (): FaultAnswer => ({
      status: 400,
      errorType: 'InvalidParameterValueException',
      message:
        "Specified ReservedConcurrentExecutions for function decreases account's UnreservedConcurrentExecution below its minimum value of [10].",
    });
    const { handler } = faultTransport(on('PUT', '/concurrency', quota), endpoint);
    const result = await lcron(['lock', name, '--reserved'], { requestHandler: handler });

    expect(result.code).toBe(254);
    expect(result.stderr).toMatch(
      new RegExp(
        `^lcron: cannot reserve 1 for ${name}: the account has too little concurrency left to reserve, and Lambda keeps at least 10 unreserved; ask AWS Support`,
      ),
    );
    expect(concurrency(name)).toEqual({});
  });

  it('refuses before any write when the account has no room to reserve (GetAccountSettings through the SDK transport stub)', async () => {
    const name = fresh();
    const full = (): FaultAnswer => ({
      status: 200,
      errorType: '',
      message: '',
      reply: { AccountLimit: { ConcurrentExecutions: 10, UnreservedConcurrentExecutions: 10 } },
    });
    const { handler } = faultTransport(on('GET', 'account-settings', full), endpoint);
    const result = await lcron(['lock', name, '--reserved'], { requestHandler: handler });

    // A limit of 10 keeps all 10 unreserved: nothing can be reserved.
    expect(result.code).toBe(254);
    expect(result.stderr).toMatch(
      new RegExp(
        `^lcron: cannot reserve 1 for ${name}: the account may run 10 copies of all its functions at once, 0 of them reserved already, and Lambda keeps at least 10 unreserved`,
      ),
    );
    expect(result.writes).toEqual([]);
  });

  it('names lambda:PutFunctionConcurrency when it is denied (SDK transport stub)', async () => {
    const name = fresh();
    const { handler } = faultTransport(on('PUT', '/concurrency', denied), endpoint);
    const result = await lcron(['lock', name, '--reserved'], { requestHandler: handler });

    expect(result.code).toBe(254);
    expect(result.stderr).toMatch(
      new RegExp(`^lcron: access denied: lambda:PutFunctionConcurrency on function ${name} in eu-west-1`),
    );
  });

  it('retries a throttled write, then finishes (SDK transport stub)', async () => {
    const name = fresh();
    let throttles = 2;
    const throttled = (): FaultAnswer | null =>
      throttles-- > 0
        ? { status: 429, errorType: 'TooManyRequestsException', message: 'Rate exceeded' }
        : null;
    const { handler } = faultTransport(on('PUT', '/concurrency', throttled), endpoint);
    const result = await lcron(['lock', name, '--reserved'], { requestHandler: handler });

    expect(result.code).toBe(0);
    expect(concurrency(name)).toEqual({ ReservedConcurrentExecutions: 1 });
  });

  it('says which part is in place when the second write fails, and a rerun finishes (SDK transport stub)', async () => {
    const name = fresh();
    const { handler } = faultTransport(on('PUT', 'event-invoke-config', denied), endpoint);
    const failed = await lcron(['lock', name, '--reserved'], { requestHandler: handler });

    expect(failed.code).toBe(254);
    expect(failed.stderr).toMatch(
      /^lcron: the reservation is in place, but the busy policy failed: access denied: lambda:PutFunctionEventInvokeConfig/,
    );
    // The command to rerun keeps every flag: it must finish this lock, not another.
    expect(failed.stderr).toContain(`rerun \`lcron lock ${name} --reserved 1 --on-busy skip\` to finish`);

    const rerun = await lcron(['lock', name, '--reserved', '1', '--on-busy', 'skip']);
    expect(rerun.writes).toEqual(['PutFunctionEventInvokeConfig']);
    expect(invokeConfig(name)).toMatchObject({ MaximumEventAgeInSeconds: 60, MaximumRetryAttempts: 0 });
  });
});
