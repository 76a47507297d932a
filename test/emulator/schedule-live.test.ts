import { CreateScheduleCommand, SchedulerClient } from '@aws-sdk/client-scheduler';
import { beforeAll, describe, expect, it } from 'vitest';

import { awsCli, createFunction, scratchDir } from '../helpers/aws-cli.js';
import { run } from '../helpers/context.js';
import { emulatorEndpoint, skipEmulator } from '../helpers/emulator.js';
import { faultTransport, type FaultAnswer } from '../helpers/fault-transport.js';

const PREFIX = `sched-${process.pid}`;
const ACCOUNT = '123456789012';
const ARN = (name: string) => `arn:aws:lambda:eu-west-1:${ACCOUNT}:function:${name}`;
const WRITES = /^(Create|Update|Delete|Put|Tag|Untag)/;
const NOW = Date.parse('2026-12-03T12:00:00Z');

const fault = (operation: string, answer: () => FaultAnswer | null) => (request: { operation: string }) =>
  request.operation === operation ? answer() : null;

describe.skipIf(skipEmulator)('lcron schedule against moto', () => {
  let endpoint: string;
  let dir: string;
  let n = 0;
  const fresh = (timeout = 60) => {
    const name = `${PREFIX}-${++n}`;
    createFunction(endpoint, dir, name, timeout);
    return name;
  };

  beforeAll(() => {
    endpoint = emulatorEndpoint();
    dir = scratchDir();
  });

  /** Runs lcron with `--json` and records each AWS operation it sends. */
  const lcron = async (args: string[], options: { requestHandler?: unknown; now?: number } = {}) => {
    const operations: string[] = [];
    const result = await run([...args, '--endpoint-url', endpoint, '--json'], {
      env: { AWS_REGION: 'eu-west-1' },
      now: () => options.now ?? Date.now(),
      awsHooks: {
        requestHandler: options.requestHandler,
        onCommand: (_service, operation) => operations.push(operation),
      },
    });
    return {
      ...result,
      json: result.stdout ? JSON.parse(result.stdout) : null,
      operations,
      writes: operations.filter((op) => WRITES.test(op)),
    };
  };
  const getSchedule = (name: string, group = 'default') =>
    JSON.parse(awsCli(endpoint, ['scheduler', 'get-schedule', '--name', name, '--group-name', group]));
  const scheduleExists = (name: string, group = 'default') => {
    try {
      getSchedule(name, group);
      return true;
    } catch {
      return false;
    }
  };
  const getRole = (name: string) => {
    try {
      return JSON.parse(awsCli(endpoint, ['iam', 'get-role', '--role-name', name])).Role;
    } catch {
      return null;
    }
  };
  const policyOf = (document: unknown) =>
    typeof document === 'string' ? JSON.parse(decodeURIComponent(document)) : document;
  /** Everything but the fields a write is expected to touch. */
  const withoutModified = (schedule: Record<string, unknown>, ...fields: string[]) => {
    const copy: Record<string, unknown> = { ...schedule };
    for (const field of ['LastModificationDate', ...fields]) delete copy[field];
    return copy;
  };

  it('creates a schedule from a Unix cron, with its own role that only Scheduler may assume and only invokes the function', async () => {
    const name = fresh();
    const result = await lcron(['schedule', name, '*/5 * * * *', '--tz', 'Europe/Berlin']);

    expect(result.code).toBe(0);
    expect(result.writes).toEqual(['CreateRole', 'PutRolePolicy', 'CreateSchedule']);
    const schedule = getSchedule(name);
    expect(schedule).toMatchObject({
      Name: name,
      GroupName: 'default',
      ScheduleExpression: 'cron(*/5 * * * ? *)',
      ScheduleExpressionTimezone: 'Europe/Berlin',
      State: 'ENABLED',
      FlexibleTimeWindow: { Mode: 'OFF' },
      Target: { Arn: ARN(name), RoleArn: `arn:aws:iam::${ACCOUNT}:role/lcron/lcron-${name}@default` },
    });

    const role = getRole(`lcron-${name}@default`);
    expect(role.Path).toBe('/lcron/');
    expect(policyOf(role.AssumeRolePolicyDocument)).toEqual({
      Version: '2012-10-17',
      Statement: [
        {
          Effect: 'Allow',
          Principal: { Service: 'scheduler.amazonaws.com' },
          Action: 'sts:AssumeRole',
          Condition: {
            StringEquals: { 'aws:SourceAccount': ACCOUNT },
            ArnEquals: { 'aws:SourceArn': `arn:aws:scheduler:eu-west-1:${ACCOUNT}:schedule-group/default` },
          },
        },
      ],
    });
    const inline = JSON.parse(
      awsCli(endpoint, ['iam', 'list-role-policies', '--role-name', `lcron-${name}@default`]),
    );
    expect(inline.PolicyNames).toEqual(['lcron-invoke-function']);
    const permissions = JSON.parse(
      awsCli(endpoint, [
        'iam',
        'get-role-policy',
        '--role-name',
        `lcron-${name}@default`,
        '--policy-name',
        'lcron-invoke-function',
      ]),
    );
    expect(policyOf(permissions.PolicyDocument)).toEqual({
      Version: '2012-10-17',
      Statement: [
        { Effect: 'Allow', Action: 'lambda:InvokeFunction', Resource: [ARN(name), `${ARN(name)}:*`] },
      ],
    });
    const attached = JSON.parse(
      awsCli(endpoint, ['iam', 'list-attached-role-policies', '--role-name', `lcron-${name}@default`]),
    );
    expect(attached.AttachedPolicies).toEqual([]);
    expect(result.json).toMatchObject({
      action: 'create',
      written: true,
      expression: 'cron(*/5 * * * ? *)',
      convertedFrom: 'unix-cron',
      role: { action: 'create', managed: true },
    });
  });

  it('says up to date and writes nothing when the same command runs again', async () => {
    const name = fresh();
    await lcron(['schedule', name, '15m', '--input', '{"job":"a"}']);
    const before = getSchedule(name);
    const again = await lcron(['schedule', name, '15m', '--input', '{"job":"a"}']);

    expect(again.code).toBe(0);
    expect(again.json).toMatchObject({ action: 'unchanged', written: false, changes: [] });
    expect(again.writes).toEqual([]);
    expect(getSchedule(name)).toEqual(before);
  });

  it('writes nothing on --dry-run, and prints the plan it would carry out', async () => {
    const name = fresh();
    const result = await lcron(['schedule', name, 'rate(1 hour)', '--dry-run']);

    expect(result.code).toBe(0);
    expect(result.writes).toEqual([]);
    expect(scheduleExists(name)).toBe(false);
    expect(getRole(`lcron-${name}@default`)).toBeNull();
    expect(result.json).toMatchObject({
      action: 'create',
      dryRun: true,
      written: false,
      role: { action: 'create' },
    });
    expect(result.json.fields).toMatchObject({ expression: 'rate(1 hour)', function: ARN(name) });
  });

  it('updates only the expression and keeps every other field, as the AWS CLI reads them back', async () => {
    const name = fresh();
    const created = await lcron([
      'schedule',
      name,
      'cron(0 2 * * ? *)',
      '--tz',
      'America/New_York',
      '--window',
      '15',
      '--retries',
      '3',
      '--max-event-age',
      '1h',
      '--dlq',
      `arn:aws:sqs:eu-west-1:${ACCOUNT}:missed`,
      '--input',
      '{"job":"nightly"}',
      '--description',
      'nightly report',
      '--end',
      '2030-01-01T00:00:00Z',
      '--disabled',
    ]);
    expect(created.code).toBe(0);
    const before = getSchedule(name);

    const updated = await lcron(['schedule', name, 'cron(0 3 * * ? *)']);
    expect(updated.code).toBe(0);
    expect(updated.writes).toEqual(['UpdateSchedule']);
    expect(updated.json.changes).toEqual([
      { field: 'expression', before: 'cron(0 2 * * ? *)', after: 'cron(0 3 * * ? *)' },
    ]);
    const after = getSchedule(name);
    expect(after.ScheduleExpression).toBe('cron(0 3 * * ? *)');
    expect(withoutModified(after, 'ScheduleExpression')).toEqual(
      withoutModified(before, 'ScheduleExpression'),
    );
    // Checked by hand too, so that a field lost on create and on update alike is caught.
    expect(after).toMatchObject({
      ScheduleExpressionTimezone: 'America/New_York',
      FlexibleTimeWindow: { Mode: 'FLEXIBLE', MaximumWindowInMinutes: 15 },
      State: 'DISABLED',
      Description: 'nightly report',
      Target: {
        Input: '{"job":"nightly"}',
        RetryPolicy: { MaximumRetryAttempts: 3, MaximumEventAgeInSeconds: 3600 },
        DeadLetterConfig: { Arn: `arn:aws:sqs:eu-west-1:${ACCOUNT}:missed` },
      },
    });
    // The AWS CLI prints Scheduler's dates as epoch seconds.
    expect(after.EndDate * 1000).toBe(Date.parse('2030-01-01T00:00:00Z'));
  });

  it("keeps a schedule's own settings, its KMS key and the user's role when the AWS CLI made it", async () => {
    const name = fresh();
    const userRole = `arn:aws:iam::${ACCOUNT}:role/team-scheduler`;
    awsCli(endpoint, [
      'scheduler',
      'create-schedule',
      '--name',
      name,
      '--schedule-expression',
      'rate(30 minutes)',
      '--flexible-time-window',
      '{"Mode":"FLEXIBLE","MaximumWindowInMinutes":5}',
      '--kms-key-arn',
      `arn:aws:kms:eu-west-1:${ACCOUNT}:key/1234abcd-12ab-34cd-56ef-1234567890ab`,
      '--action-after-completion',
      'NONE',
      '--target',
      JSON.stringify({ Arn: ARN(name), RoleArn: userRole, Input: '{"from":"cli"}' }),
    ]);
    const before = getSchedule(name);

    const result = await lcron([
      'schedule',
      name,
      'rate(20 minutes)',
      '--description',
      'now managed by lcron',
    ]);
    expect(result.code).toBe(0);
    expect(result.writes).toEqual(['UpdateSchedule']);
    expect(result.json.role).toEqual({ arn: userRole, managed: false, action: 'user' });
    const after = getSchedule(name);
    expect(after).toMatchObject({
      ScheduleExpression: 'rate(20 minutes)',
      Description: 'now managed by lcron',
    });
    expect(withoutModified(after, 'ScheduleExpression', 'Description')).toEqual(
      withoutModified(before, 'ScheduleExpression', 'Description'),
    );
    expect(getRole(`lcron-${name}@default`)).toBeNull();
  });

  it('creates a missing group, and a role whose trust names that group', async () => {
    const name = fresh();
    const group = `${PREFIX}-jobs-${n}`;
    const result = await lcron(['schedule', name, '1h', '--group', group, '--name', 'hourly']);

    expect(result.code).toBe(0);
    expect(result.writes).toEqual(['CreateScheduleGroup', 'CreateRole', 'PutRolePolicy', 'CreateSchedule']);
    const groupArn = JSON.parse(awsCli(endpoint, ['scheduler', 'get-schedule-group', '--name', group])).Arn;
    expect(groupArn).toBe(`arn:aws:scheduler:eu-west-1:${ACCOUNT}:schedule-group/${group}`);
    const role = getRole(`lcron-${name}@${group}`);
    expect(policyOf(role.AssumeRolePolicyDocument).Statement[0].Condition.ArnEquals).toEqual({
      'aws:SourceArn': groupArn,
    });
    expect(getSchedule('hourly', group).Target.RoleArn).toBe(role.Arn);
  });

  it('lists the schedules of a function across groups and pages, and none of other functions', async () => {
    const name = fresh();
    const other = fresh();
    const group = `${PREFIX}-list-${n}`;
    awsCli(endpoint, ['scheduler', 'create-schedule-group', '--name', group]);
    const create = (schedule: string, target: string, inGroup = 'default') =>
      awsCli(endpoint, [
        'scheduler',
        'create-schedule',
        '--name',
        schedule,
        '--group-name',
        inGroup,
        '--schedule-expression',
        'cron(0 9 * * ? *)',
        '--flexible-time-window',
        '{"Mode":"OFF"}',
        '--target',
        JSON.stringify({ Arn: target, RoleArn: `arn:aws:iam::${ACCOUNT}:role/r` }),
      ]);
    create(`${name}-a`, ARN(name));
    create(`${name}-b`, `${ARN(name)}:live`, group);
    create(`${other}-x`, ARN(other));
    // moto pages ListSchedules by 50: push the function's schedules past the first page.
    // The filler is made through the SDK directly (not lcron), as 50 CLI runs take half a minute.
    const scheduler = new SchedulerClient({ endpoint, region: 'eu-west-1' });
    for (let i = 0; i < 50; i++) {
      await scheduler.send(
        new CreateScheduleCommand({
          Name: `${other}-fill-${i}`,
          GroupName: group,
          ScheduleExpression: 'rate(1 hour)',
          FlexibleTimeWindow: { Mode: 'OFF' },
          Target: { Arn: ARN(other), RoleArn: `arn:aws:iam::${ACCOUNT}:role/r` },
        }),
      );
    }
    create(`${name}-c`, ARN(name), group);

    const result = await lcron(['schedule', 'list', name]);
    expect(result.code).toBe(0);
    expect(result.operations.filter((op) => op === 'ListSchedules').length).toBeGreaterThan(1);
    const listed = result.json.schedules.map((s: { group: string; name: string }) => `${s.group}/${s.name}`);
    expect(listed).toEqual([`${group}/${name}-b`, `${group}/${name}-c`, `default/${name}-a`].sort());
    const first = result.json.schedules.find((s: { name: string }) => s.name === `${name}-a`);
    // 09:00 UTC daily, counted from the test clock's real now: the next is today's or tomorrow's.
    const next = Date.parse(first.nextFire);
    expect(new Date(next).getUTCHours()).toBe(9);
    expect(next - Date.now()).toBeLessThanOrEqual(86_400_000);
    expect(next).toBeGreaterThan(Date.now() - 60_000);
  });

  it('pauses and resumes by State alone, keeping the rest', async () => {
    const name = fresh();
    await lcron(['schedule', name, '10m', '--input', '{"k":1}', '--window', '5']);
    const before = getSchedule(name);

    const paused = await lcron(['schedule', 'pause', name]);
    expect(paused.code).toBe(0);
    expect(paused.writes).toEqual(['UpdateSchedule']);
    expect(getSchedule(name).State).toBe('DISABLED');
    expect(withoutModified(getSchedule(name), 'State')).toEqual(withoutModified(before, 'State'));

    const again = await lcron(['schedule', 'pause', name]);
    expect(again.writes).toEqual([]);
    expect(again.json).toMatchObject({ changed: false, written: false });

    const resumed = await lcron(['schedule', 'resume', name]);
    expect(resumed.writes).toEqual(['UpdateSchedule']);
    expect(withoutModified(getSchedule(name))).toEqual(withoutModified(before));
  });

  it("deletes a schedule and lcron's role, but keeps the role while another schedule uses it", async () => {
    const name = fresh();
    await lcron(['schedule', name, '1h']);
    await lcron(['schedule', name, '1d', '--name', `${name}-daily`]);
    const roleName = `lcron-${name}@default`;

    const first = await lcron(['schedule', 'delete', name]);
    expect(first.code).toBe(0);
    expect(first.writes).toEqual(['DeleteSchedule']);
    expect(first.json.role).toMatchObject({ action: 'keep', sharedWith: [`default/${name}-daily`] });
    expect(scheduleExists(name)).toBe(false);
    expect(getRole(roleName)).not.toBeNull();

    const second = await lcron(['schedule', 'delete', name, '--name', `${name}-daily`]);
    expect(second.writes).toEqual(['DeleteSchedule', 'DeleteRolePolicy', 'DeleteRole']);
    expect(scheduleExists(`${name}-daily`)).toBe(false);
    expect(getRole(roleName)).toBeNull();

    const gone = await lcron(['schedule', 'delete', name]);
    expect(gone.code).toBe(0);
    expect(gone.writes).toEqual([]);
    expect(gone.json).toMatchObject({ found: false, written: false });
  });

  it('refuses to delete or pause a schedule that invokes another function', async () => {
    const name = fresh();
    const other = fresh();
    await lcron(['schedule', other, '1h', '--name', `shared-${n}`]);

    const result = await lcron(['schedule', 'delete', name, '--name', `shared-${n}`]);
    expect(result.code).toBe(252);
    expect(result.stderr).toContain(`invokes ${ARN(other)}, not ${name}`);
    expect(result.writes).toEqual([]);
    expect(scheduleExists(`shared-${n}`)).toBe(true);
  });

  it('warns on stderr that copies can overlap, and names the lock command, unless the reservation is 1', async () => {
    const name = fresh(400);
    const result = await lcron(['schedule', name, '*/5 * * * *', '--dry-run']);
    expect(result.stderr).toContain('two copies can run at once');
    expect(result.stderr).toContain(`lcron lock ${name} --reserved`);
    expect(result.json.canOverlap).toBe(true);

    awsCli(endpoint, [
      'lambda',
      'put-function-concurrency',
      '--function-name',
      name,
      '--reserved-concurrent-executions',
      '1',
    ]);
    const locked = await lcron(['schedule', name, '*/5 * * * *', '--dry-run']);
    expect(locked.stderr).toBe('');
    expect(locked.json.canOverlap).toBe(false);
  });

  it('does not send back a start date that has passed, and says so', async () => {
    const name = fresh();
    const start = new Date(Date.now() + 3_600_000).toISOString();
    await lcron(['schedule', name, '1h', '--start', start]);
    const { handler, bodies } = faultTransport(() => null, endpoint);

    // A day later, by lcron's clock, the start is past.
    const later = await lcron(['schedule', name, '2h'], {
      requestHandler: handler,
      now: Date.now() + 86_400_000,
    });
    expect(later.code).toBe(0);
    const update = bodies.find((b) => b.operation === 'UpdateSchedule')!.body as Record<string, unknown>;
    expect(update.ScheduleExpression).toBe('rate(2 hours)');
    expect(update).not.toHaveProperty('StartDate');
    expect(later.json.notes[0]).toContain('is past, so it is not sent back');
  });

  it('finishes on a rerun, without a second role, when the schedule failed after the role was made (SDK transport stub)', async () => {
    const name = fresh();
    const denied = (): FaultAnswer => ({ status: 403, errorType: 'AccessDeniedException', message: 'no' });
    const { handler } = faultTransport(fault('CreateSchedule', denied), endpoint);

    const failed = await lcron(['schedule', name, '1h'], { requestHandler: handler });
    expect(failed.code).toBe(254);
    expect(failed.stderr).toContain(
      `role lcron-${name}@default is in place, but schedule default/${name} failed`,
    );
    expect(failed.stderr).toContain('access denied: scheduler:CreateSchedule');
    expect(failed.stderr.trim().split('\n')).toHaveLength(1);
    expect(getRole(`lcron-${name}@default`)).not.toBeNull();

    const rerun = await lcron(['schedule', name, '1h']);
    expect(rerun.code).toBe(0);
    expect(rerun.writes).toEqual(['CreateSchedule']);
    expect(getSchedule(name).Target.RoleArn).toBe(getRole(`lcron-${name}@default`).Arn);
    const roles = JSON.parse(awsCli(endpoint, ['iam', 'list-roles', '--path-prefix', '/lcron/'])).Roles;
    expect(
      roles.filter((role: { RoleName: string }) => role.RoleName === `lcron-${name}@default`),
    ).toHaveLength(1);
  });

  it('updates instead when another run created the schedule first (conflict from the SDK transport stub)', async () => {
    const name = fresh();
    let raced = false;
    const { handler } = faultTransport(
      fault('CreateSchedule', () => {
        if (raced) return null;
        raced = true;
        // The other run wins the race: its schedule is in place when ours arrives.
        awsCli(endpoint, [
          'scheduler',
          'create-schedule',
          '--name',
          name,
          '--schedule-expression',
          'rate(7 minutes)',
          '--flexible-time-window',
          '{"Mode":"OFF"}',
          '--target',
          JSON.stringify({
            Arn: ARN(name),
            RoleArn: `arn:aws:iam::${ACCOUNT}:role/lcron/lcron-${name}@default`,
          }),
        ]);
        return { status: 409, errorType: 'ConflictException', message: `Schedule ${name} already exists.` };
      }),
      endpoint,
    );

    const result = await lcron(['schedule', name, '5m'], { requestHandler: handler });
    expect(result.code).toBe(0);
    expect(result.writes).toEqual(['CreateRole', 'PutRolePolicy', 'CreateSchedule', 'UpdateSchedule']);
    expect(getSchedule(name).ScheduleExpression).toBe('rate(5 minutes)');
  });

  it('ends with the schedule in place when two runs race for real', async () => {
    const name = fresh();
    const [a, b] = await Promise.all([lcron(['schedule', name, '5m']), lcron(['schedule', name, '5m'])]);
    expect([a.code, b.code]).toEqual([0, 0]);
    expect(getSchedule(name).ScheduleExpression).toBe('rate(5 minutes)');
  });

  it('waits for a new role that IAM has not yet made usable (ValidationException from the SDK transport stub)', async () => {
    const name = fresh();
    let refusals = 0;
    const { handler } = faultTransport(
      fault('CreateSchedule', () =>
        refusals++ < 2
          ? {
              status: 400,
              errorType: 'ValidationException',
              message:
                'The execution role you provide must allow AWS EventBridge Scheduler to assume the role.',
            }
          : null,
      ),
      endpoint,
    );

    const result = await lcron(['schedule', name, '5m'], { requestHandler: handler });
    expect(result.code).toBe(0);
    expect(refusals).toBe(3);
    expect(scheduleExists(name)).toBe(true);
  });

  it("passes Scheduler's ValidationException on verbatim after lcron's own words (SDK transport stub)", async () => {
    const name = fresh();
    const message = 'Invalid Schedule Expression cron(0 0 31 2 ? *).';
    const { handler } = faultTransport(
      fault('UpdateSchedule', () => ({ status: 400, errorType: 'ValidationException', message })),
      endpoint,
    );
    await lcron(['schedule', name, '1h']);

    const result = await lcron(['schedule', name, '2h'], { requestHandler: handler });
    expect(result.code).toBe(254);
    expect(result.stderr).toBe(
      `lcron: AWS refused UpdateSchedule on schedule default/${name}: ${message}; lcron checks what it can before sending; fix the value the message names and rerun\n`,
    );
  });

  it('retries throttled calls, and names the operation when throttling persists (SDK transport stub)', async () => {
    const name = fresh();
    let throttled = 0;
    const throttle = (): FaultAnswer => ({
      status: 400,
      errorType: 'ThrottlingException',
      message: 'Rate exceeded',
    });
    const once = faultTransport(
      fault('GetSchedule', () => (throttled++ < 1 ? throttle() : null)),
      endpoint,
    );
    const ok = await lcron(['schedule', name, '1h', '--dry-run'], { requestHandler: once.handler });
    expect(ok.code).toBe(0);
    expect(once.seen.filter((op) => op === 'GetSchedule')).toHaveLength(2);

    const always = faultTransport(fault('GetSchedule', throttle), endpoint);
    const failed = await run(['schedule', name, '1h', '--endpoint-url', endpoint], {
      env: { AWS_REGION: 'eu-west-1', AWS_MAX_ATTEMPTS: '2' },
      awsHooks: { requestHandler: always.handler },
    });
    expect(failed.code).toBe(254);
    expect(failed.stderr).toContain(`AWS throttled GetSchedule on schedule default/${name} after 2 attempts`);
  });

  it('names the IAM action when creating the role is denied, and writes no schedule (SDK transport stub)', async () => {
    const name = fresh();
    const { handler } = faultTransport(
      fault('CreateRole', () => ({ status: 403, errorType: 'AccessDenied', message: 'not allowed' })),
      endpoint,
    );
    const result = await lcron(['schedule', name, '1h'], { requestHandler: handler });

    expect(result.code).toBe(254);
    expect(result.stderr).toContain(`access denied: iam:CreateRole on IAM role lcron-${name}@default`);
    expect(scheduleExists(name)).toBe(false);
  });

  it("refuses a role of lcron's name that lcron did not make, before any write", async () => {
    const name = fresh();
    awsCli(endpoint, [
      'iam',
      'create-role',
      '--role-name',
      `lcron-${name}@default`,
      '--assume-role-policy-document',
      '{"Version":"2012-10-17","Statement":[]}',
    ]);
    const result = await lcron(['schedule', name, '1h']);

    expect(result.code).toBe(252);
    expect(result.stderr).toContain(`IAM role lcron-${name}@default exists but was not made by lcron`);
    expect(result.writes).toEqual([]);
  });

  it('says an unknown function is not found, and writes nothing', async () => {
    const result = await lcron(['schedule', `${PREFIX}-missing`, '1h']);

    expect(result.code).toBe(254);
    expect(result.stderr).toBe(
      `lcron: function ${PREFIX}-missing not found in eu-west-1; check the name, its alias or version, and \`--region\`\n`,
    );
    expect(result.writes).toEqual([]);
  });

  it('schedules an alias, with the role allowed to invoke it', async () => {
    const name = fresh();
    awsCli(endpoint, ['lambda', 'publish-version', '--function-name', name]);
    awsCli(endpoint, [
      'lambda',
      'create-alias',
      '--function-name',
      name,
      '--name',
      'live',
      '--function-version',
      '1',
    ]);
    const result = await lcron(['schedule', `${name}:live`, '1h']);

    expect(result.code).toBe(0);
    expect(getSchedule(`${name}-live`).Target.Arn).toBe(`${ARN(name)}:live`);
  });

  it("refuses a --start after the schedule's end, and reads a local --end in the schedule's own zone", async () => {
    const name = fresh();
    await lcron(['schedule', name, '5m', '--tz', 'America/New_York', '--end', '2030-01-01T00:00:00Z']);

    const late = await lcron(['schedule', name, '5m', '--start', '2030-06-01T00:00:00Z']);
    expect(late.code).toBe(252);
    expect(late.stderr).toContain(
      "the schedule's end 2030-01-01T00:00:00.000Z is not after `--start` 2030-06-01T00:00:00.000Z",
    );
    expect(late.writes).toEqual([]);

    // No --tz: 2029-07-01 00:00 in New York (EDT, UTC-4) is 04:00 UTC.
    const local = await lcron(['schedule', name, '5m', '--end', '2029-07-01T00:00']);
    expect(local.code).toBe(0);
    expect(getSchedule(name).EndDate * 1000).toBe(Date.parse('2029-07-01T04:00:00Z'));
  });

  it('refuses a schedule that would never fire, before any write', async () => {
    const name = fresh();
    for (const [expression, words] of [
      ['0 0 30 2 *', 'no date it names ever comes'],
      ['at(2020-01-01T00:00:00)', 'its time has passed'],
    ]) {
      const result = await lcron(['schedule', name, expression!]);
      expect(result.code, expression).toBe(252);
      expect(result.stderr, expression).toContain(words);
      expect(result.writes, expression).toEqual([]);
    }
    const gap = await lcron(['schedule', name, 'at(2027-03-28T02:30:00)', '--tz', 'Europe/Berlin']);
    expect(gap.stderr).toContain('does not exist in Europe/Berlin');
  });

  it("refuses to move another function's schedule unless --retarget says so", async () => {
    const name = fresh();
    const other = fresh();
    await lcron(['schedule', other, '1h', '--name', `taken-${n}`]);

    const refused = await lcron(['schedule', name, '1h', '--name', `taken-${n}`]);
    expect(refused.code).toBe(252);
    expect(refused.stderr).toContain(`invokes ${ARN(other)}, not ${ARN(name)}`);
    expect(getSchedule(`taken-${n}`).Target.Arn).toBe(ARN(other));

    const moved = await lcron(['schedule', name, '1h', '--name', `taken-${n}`, '--retarget']);
    expect(moved.code).toBe(0);
    expect(getSchedule(`taken-${n}`).Target).toMatchObject({
      Arn: ARN(name),
      // lcron's role for the other function moves to lcron's role for this one.
      RoleArn: `arn:aws:iam::${ACCOUNT}:role/lcron/lcron-${name}@default`,
    });
  });

  it('counts the flexible window in the overlap warning', async () => {
    const name = fresh(900);
    // Hourly, with a 60-minute window: two fires can come a minute apart, and a run lasts up to 15 minutes.
    const result = await lcron(['schedule', name, '1h', '--window', '60', '--dry-run']);
    expect(result.json.canOverlap).toBe(true);
    expect(result.stderr).toContain('(less its 60-minute flexible window)');
  });

  it('gives schedules in group a-b of function c and in group a of function b-c their own roles', async () => {
    const c = `${PREFIX}-c${++n}`;
    const bc = `b-${c}`;
    createFunction(endpoint, dir, c, 30);
    createFunction(endpoint, dir, bc, 30);
    const groupAB = `${PREFIX}-a-b`;
    const groupA = `${PREFIX}-a`;
    await lcron(['schedule', c, '1d', '--group', groupAB]);
    await lcron(['schedule', bc, '1d', '--group', groupA]);

    const roleOf = (fn: string, group: string) => getSchedule(fn, group).Target.RoleArn as string;
    expect(roleOf(c, groupAB)).not.toBe(roleOf(bc, groupA));
    const trust = policyOf(getRole(`lcron-${c}@${groupAB}`).AssumeRolePolicyDocument);
    expect(trust.Statement[0].Condition.ArnEquals['aws:SourceArn']).toMatch(
      new RegExp(`schedule-group/${groupAB}$`),
    );
  });

  it('checks every argument before any AWS call', async () => {
    for (const args of [
      ['schedule', 'fn', 'rate(1 minutes)'],
      ['schedule', 'fn', '1h', '--name', 'has space'],
      ['schedule', 'fn', '1h', '--tz', 'Mars/Olympus'],
      ['schedule', 'fn', '1h', '--input', '{oops'],
      ['schedule', 'fn', '1h', '--start', '2030-01-02T00:00:00Z', '--end', '2030-01-01T00:00:00Z'],
    ]) {
      const result = await lcron(args, { now: NOW });
      expect(result.code, args.join(' ')).toBe(252);
      expect(result.operations, args.join(' ')).toEqual([]);
    }
  });
});
