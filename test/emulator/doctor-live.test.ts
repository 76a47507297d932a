import { beforeAll, describe, expect, it } from 'vitest';

import { awsCli, createFunction, scratchDir } from '../helpers/aws-cli.js';
import { run } from '../helpers/context.js';
import { emulatorEndpoint, skipEmulator } from '../helpers/emulator.js';

const PREFIX = `doctor-${process.pid}`;
const ACCOUNT = '123456789012';
const ARN = (name: string) => `arn:aws:lambda:eu-west-1:${ACCOUNT}:function:${name}`;

interface Finding {
  id: string;
  severity: string;
  title: string;
  detail: string;
  fix: string | null;
  schedule: string | null;
}

describe.skipIf(skipEmulator)('lcron doctor against moto', () => {
  let endpoint: string;
  let dir: string;
  let n = 0;
  const fresh = (timeout: number) => {
    const name = `${PREFIX}-${++n}`;
    createFunction(endpoint, dir, name, timeout);
    return name;
  };

  beforeAll(() => {
    endpoint = emulatorEndpoint();
    dir = scratchDir();
  });

  const lcron = async (args: string[]) => {
    const calls: string[] = [];
    const result = await run([...args, '--endpoint-url', endpoint], {
      env: { AWS_REGION: 'eu-west-1' },
      awsHooks: { onCommand: (_s, operation) => calls.push(operation) },
    });
    return { ...result, calls };
  };
  const doctor = async (name: string, ...flags: string[]) => {
    const result = await lcron(['doctor', name, '--json', ...flags]);
    const json = JSON.parse(result.stdout);
    const byId = (id: string) => (json.findings as Finding[]).filter((f) => f.id === id);
    return { ...result, json, one: (id: string) => byId(id)[0]!, byId };
  };
  /** A schedule made with the AWS CLI, on a role that may only invoke the function. */
  const schedule = (name: string, scheduleName: string, expression: string, extra: string[] = []) => {
    const role = `${scheduleName}-role`;
    awsCli(endpoint, [
      'iam',
      'create-role',
      '--role-name',
      role,
      '--assume-role-policy-document',
      '{"Version":"2012-10-17","Statement":[]}',
    ]);
    awsCli(endpoint, [
      'iam',
      'put-role-policy',
      '--role-name',
      role,
      '--policy-name',
      'invoke',
      '--policy-document',
      JSON.stringify({
        Version: '2012-10-17',
        Statement: [{ Effect: 'Allow', Action: 'lambda:InvokeFunction', Resource: ARN(name) }],
      }),
    ]);
    awsCli(endpoint, [
      'scheduler',
      'create-schedule',
      '--name',
      scheduleName,
      '--schedule-expression',
      expression,
      '--flexible-time-window',
      '{"Mode":"OFF"}',
      '--target',
      JSON.stringify({ Arn: ARN(name), RoleArn: `arn:aws:iam::${ACCOUNT}:role/${role}` }),
      ...extra,
    ]);
    return `arn:aws:iam::${ACCOUNT}:role/${role}`;
  };
  const reserve = (name: string, n: number) =>
    awsCli(endpoint, [
      'lambda',
      'put-function-concurrency',
      '--function-name',
      name,
      '--reserved-concurrent-executions',
      String(n),
    ]);

  it('finds that a per-minute job with 80 s runs and no reservation overlaps itself, and names the fix', async () => {
    const name = fresh(90);
    schedule(name, `${name}-minutely`, 'rate(1 minute)');
    const result = await doctor(name);

    expect(result.code).toBe(0);
    // 90 s timeout against 60 s between fires, nothing reserved.
    expect(result.one('overlap')).toMatchObject({
      severity: 'error',
      title: 'two copies can run at once',
      fix: `lcron lock ${name} --reserved`,
      schedule: `default/${name}-minutely`,
    });
    expect(result.one('overlap').detail).toContain('1 min between fires of rate(1 minute)');
    expect(result.one('when-busy')).toMatchObject({
      severity: 'info',
      title: 'a run that fires while one is busy runs alongside it',
    });
    expect(result.one('role-scope')).toMatchObject({ severity: 'ok' });
    expect(result.json.worst).toBe('error');
    // A read-only check: not one write.
    expect(result.calls.filter((op) => /^(Put|Create|Update|Delete|Tag)/.test(op))).toEqual([]);
  });

  it("finds that with a reservation of 1 and Lambda's default queueing, busy runs wait six hours", async () => {
    const name = fresh(90);
    schedule(name, `${name}-minutely`, 'rate(1 minute)');
    reserve(name, 1);
    const result = await doctor(name);

    expect(result.one('overlap')).toMatchObject({ severity: 'ok' });
    expect(result.one('when-busy')).toMatchObject({
      severity: 'warning',
      title: 'a run that fires while one is busy waits up to 6 h and starts late',
      fix: `lcron lock ${name} --reserved --on-busy skip`,
    });
    // Runs are dropped after their six hours, with nowhere to go.
    expect(result.one('dropped-runs')).toMatchObject({
      severity: 'warning',
      title: 'a dropped or failed run leaves no record',
    });
  });

  it('finds busy runs dropped within a minute after lcron lock, and their record once --on-discard is set', async () => {
    const name = fresh(90);
    schedule(name, `${name}-minutely`, 'rate(1 minute)');
    expect((await lcron(['lock', name, '--reserved'])).code).toBe(0);
    const skip = await doctor(name, '--strict');

    expect(skip.one('when-busy')).toMatchObject({
      severity: 'ok',
      title: 'a run that fires while one is busy is dropped within a minute',
    });
    expect(skip.one('dropped-runs').fix).toBe(`lcron lock ${name} --reserved --on-discard <sqs-queue-arn>`);
    expect(skip.code).toBe(1);

    // A fresh function: moto keeps the first invoke configuration a second lock would replace.
    const recordedName = fresh(90);
    schedule(recordedName, `${recordedName}-minutely`, 'rate(1 minute)');
    const queue = `arn:aws:sqs:eu-west-1:${ACCOUNT}:${recordedName}-skipped`;
    expect((await lcron(['lock', recordedName, '--reserved', '--on-discard', queue])).code).toBe(0);
    const recorded = await doctor(recordedName);
    expect(recorded.one('dropped-runs')).toMatchObject({
      severity: 'ok',
      title: `dropped and failed runs are sent to ${queue}`,
    });
  });

  it('finds two schedules on one function, and that they can overlap each other', async () => {
    const name = fresh(30);
    schedule(name, `${name}-a`, 'cron(0 * * * ? *)');
    schedule(name, `${name}-b`, 'cron(30 * * * ? *)');
    const result = await doctor(name);

    expect(result.one('several-schedules')).toMatchObject({
      severity: 'warning',
      title: '2 enabled schedules target the function',
    });
    expect(result.one('overlap').severity).toBe('error');
    expect(result.json.schedules.map((s: { name: string }) => s.name)).toEqual([`${name}-a`, `${name}-b`]);
  });

  it('finds a role that can do more than invoke the function, and lcron schedule --lcron-role fixes it', async () => {
    const name = fresh(30);
    const role = schedule(name, `${name}-hourly`, 'rate(1 hour)');
    awsCli(endpoint, [
      'iam',
      'put-role-policy',
      '--role-name',
      role.split('/').pop()!,
      '--policy-name',
      'too-much',
      '--policy-document',
      JSON.stringify({
        Version: '2012-10-17',
        Statement: [{ Effect: 'Allow', Action: 'lambda:*', Resource: '*' }],
      }),
    ]);
    const wide = await doctor(name);

    expect(wide.one('role-scope')).toMatchObject({
      severity: 'warning',
      title: `the role of default/${name}-hourly can do more than invoke ${name}`,
      fix: `lcron schedule set ${name} 'rate(1 hour)' --group default --name ${name}-hourly --lcron-role`,
    });
    expect(wide.one('role-scope').detail).toContain('lambda:* on *');

    const fixed = await lcron([
      'schedule',
      'set',
      name,
      'rate(1 hour)',
      '--group',
      'default',
      '--name',
      `${name}-hourly`,
      '--lcron-role',
    ]);
    expect(fixed.code).toBe(0);
    expect((await doctor(name)).one('role-scope')).toMatchObject({ severity: 'ok' });
  });

  it('counts the flexible window: a 20-minute rate with a 15-minute window can bring fires 5 minutes apart', async () => {
    const name = fresh(600);
    schedule(name, `${name}-flex`, 'rate(20 minutes)');
    awsCli(endpoint, [
      'scheduler',
      'update-schedule',
      '--name',
      `${name}-flex`,
      '--schedule-expression',
      'rate(20 minutes)',
      '--flexible-time-window',
      '{"Mode":"FLEXIBLE","MaximumWindowInMinutes":15}',
      '--target',
      JSON.stringify({ Arn: ARN(name), RoleArn: `arn:aws:iam::${ACCOUNT}:role/${name}-flex-role` }),
    ]);
    const result = await doctor(name);

    // 10-minute timeout against 20 - 15 = 5 minutes.
    expect(result.one('overlap').severity).toBe('error');
    expect(result.one('overlap').detail).toContain(
      'longer than the 5 min between fires of rate(20 minutes) (20 min less its 15-minute flexible window)',
    );
  });

  it('finds the overlap that only the spring clock change brings: 01:59 then 03:00 in Berlin is one minute', async () => {
    const name = fresh(300);
    schedule(name, `${name}-dst`, 'cron(0,59 1,3 * * ? *)', [
      '--schedule-expression-timezone',
      'Europe/Berlin',
    ]);
    const result = await doctor(name);

    // On 2027-03-28 02:00 CET jumps to 03:00 CEST: 01:59 CET (00:59 UTC) and 03:00 CEST (01:00 UTC) are 60 s apart.
    expect(result.one('overlap').severity).toBe('error');
    expect(result.one('overlap').detail).toContain('the 1 min between fires');
  });

  it('names the alias a schedule invokes in its fixes, and the fix works as printed', async () => {
    const name = fresh(30);
    awsCli(endpoint, ['lambda', 'publish-version', '--function-name', name]);
    awsCli(endpoint, [
      'lambda',
      'create-alias',
      '--function-name',
      name,
      '--name',
      'prod',
      '--function-version',
      '1',
    ]);
    const role = schedule(name, `${name}-alias`, 'rate(1 hour)');
    // Retarget the AWS CLI's schedule at the alias, on the same role.
    awsCli(endpoint, [
      'scheduler',
      'update-schedule',
      '--name',
      `${name}-alias`,
      '--schedule-expression',
      'rate(1 hour)',
      '--flexible-time-window',
      '{"Mode":"OFF"}',
      '--target',
      JSON.stringify({ Arn: `${ARN(name)}:prod`, RoleArn: role }),
    ]);
    const result = await doctor(name);
    const fix = result.one('undelivered-fires').fix!;
    expect(fix).toBe(
      `lcron schedule set ${name}:prod 'rate(1 hour)' --group default --name ${name}-alias --dlq <sqs-queue-arn>`,
    );

    // The printed command, as a shell splits it.
    const dlq = `arn:aws:sqs:eu-west-1:${ACCOUNT}:${name}-dlq`;
    const applied = await lcron([
      'schedule',
      'set',
      `${name}:prod`,
      'rate(1 hour)',
      '--group',
      'default',
      '--name',
      `${name}-alias`,
      '--dlq',
      dlq,
    ]);
    expect(applied.code).toBe(0);
    expect((await doctor(name)).byId('undelivered-fires')).toEqual([]);
  });

  it("keeps the queue in the fix for a queueing function's dropped runs", async () => {
    const name = fresh(90);
    schedule(name, `${name}-minutely`, 'rate(1 minute)');
    expect((await lcron(['lock', name, '--reserved', '--on-busy', 'queue'])).code).toBe(0);
    const result = await doctor(name);

    expect(result.one('dropped-runs')).toMatchObject({
      severity: 'warning',
      fix: `lcron lock ${name} --reserved --on-busy queue --on-discard <sqs-queue-arn>`,
    });
    expect(result.one('dropped-runs').detail).toContain('waited longer than 6 h for a free copy');
  });

  it('suggests removing the second schedule, by name, when a reservation of 1 is already in place', async () => {
    const name = fresh(30);
    schedule(name, `${name}-a`, 'cron(0 * * * ? *)');
    schedule(name, `${name}-b`, 'cron(30 * * * ? *)');
    reserve(name, 1);
    const result = await doctor(name);

    expect(result.one('several-schedules').fix).toBe(
      `lcron schedule delete ${name} --group default --name ${name}-b`,
    );
    expect(result.one('overlap').severity).toBe('ok');
  });

  it("says a schedule's missing role makes every fire fail, and does not judge another account's role by this one's", async () => {
    const name = fresh(30);
    const make = (scheduleName: string, roleArn: string) =>
      awsCli(endpoint, [
        'scheduler',
        'create-schedule',
        '--name',
        scheduleName,
        '--schedule-expression',
        'rate(1 hour)',
        '--flexible-time-window',
        '{"Mode":"OFF"}',
        '--target',
        JSON.stringify({ Arn: ARN(name), RoleArn: roleArn }),
      ]);
    make(`${name}-ghost`, `arn:aws:iam::${ACCOUNT}:role/${name}-ghost`);
    // A role of this name exists here, but the schedule names another account's.
    schedule(name, `${name}-local`, 'rate(2 hours)');
    make(`${name}-foreign`, `arn:aws:iam::999999999999:role/${name}-local-role`);
    const result = await doctor(name);
    const about = (schedule: string) =>
      result.byId('role-scope').find((f) => f.schedule === `default/${schedule}`)!;

    expect(about(`${name}-ghost`)).toMatchObject({
      severity: 'error',
      title: `the role of default/${name}-ghost does not exist: every fire fails`,
    });
    expect(about(`${name}-foreign`)).toMatchObject({
      severity: 'info',
      title: `could not read the role of default/${name}-foreign`,
    });
    expect(about(`${name}-foreign`).detail).toContain('it is in account 999999999999');
    expect(about(`${name}-local`).severity).toBe('ok');
  });

  it('says when no schedule targets the function, and a missing function is exit 254', async () => {
    const name = fresh(30);
    const result = await doctor(name);
    expect(result.one('no-schedule')).toMatchObject({
      severity: 'info',
      fix: `lcron schedule ${name} '<expression>'`,
    });
    expect(result.one('overlap').severity).toBe('ok');

    const missing = await lcron(['doctor', `${PREFIX}-nope`]);
    expect(missing.code).toBe(254);
    expect(missing.stderr).toContain(`function ${PREFIX}-nope not found`);
  });

  it('prints the findings worst first in text, each with its fix', async () => {
    const name = fresh(90);
    schedule(name, `${name}-minutely`, 'rate(1 minute)');
    const result = await lcron(['doctor', name]);

    const lines = result.stdout.split('\n');
    expect(lines[0]).toBe(`doctor ${name}`);
    const first = lines.findIndex((line) => /^(error|warning|info|ok) /.test(line));
    expect(lines[first]).toBe('error    two copies can run at once');
    expect(lines[first + 2]).toBe(`         fix: lcron lock ${name} --reserved`);
  });
});
