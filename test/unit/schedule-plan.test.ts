import { describe, expect, it } from 'vitest';

import {
  checkScheduleName,
  defaultScheduleName,
  isManagedRoleArn,
  managedRoleName,
} from '../../src/core/schedule/naming.js';
import { planSchedule, type ScheduleFields } from '../../src/core/schedule/plan.js';
import { rolePolicies, samePolicy } from '../../src/core/schedule/role-policy.js';
import { overlapRisk } from '../../src/core/schedule/overlap.js';
import { parseExpression } from '../../src/core/schedule/expression.js';
import { UsageError } from '../../src/errors.js';

const NOW = Date.parse('2026-12-03T12:00:00Z');
const FN = 'arn:aws:lambda:eu-west-1:123456789012:function:nightly';
const LCRON_ROLE = 'arn:aws:iam::123456789012:role/lcron/lcron-nightly@default';
const USER_ROLE = 'arn:aws:iam::123456789012:role/team-scheduler';

const existing: ScheduleFields = {
  expression: 'cron(0 2 * * ? *)',
  timezone: 'Europe/Berlin',
  startDate: null,
  endDate: '2030-01-01T00:00:00.000Z',
  windowMinutes: 15,
  description: 'nightly report',
  state: 'DISABLED',
  kmsKeyArn: 'arn:aws:kms:eu-west-1:123456789012:key/k',
  actionAfterCompletion: null,
  targetArn: FN,
  roleArn: USER_ROLE,
  input: '{"job":"nightly"}',
  retries: 3,
  maxEventAgeSeconds: 3600,
  dlqArn: 'arn:aws:sqs:eu-west-1:123456789012:missed',
};

describe('planning a schedule', () => {
  it("creates with Scheduler's defaults for what was not asked, and lcron's role", () => {
    const plan = planSchedule(null, { expression: 'rate(5 minutes)', targetArn: FN }, LCRON_ROLE, NOW);

    expect(plan.action).toBe('create');
    expect(plan.after).toEqual({
      expression: 'rate(5 minutes)',
      timezone: 'UTC',
      startDate: null,
      endDate: null,
      windowMinutes: null,
      description: null,
      state: 'ENABLED',
      kmsKeyArn: null,
      actionAfterCompletion: null,
      targetArn: FN,
      roleArn: LCRON_ROLE,
      input: null,
      retries: null,
      maxEventAgeSeconds: null,
      dlqArn: null,
    });
  });

  it('changes only the expression on an update that asks only for it, keeping the user role', () => {
    const plan = planSchedule(existing, { expression: 'cron(0 3 * * ? *)', targetArn: FN }, LCRON_ROLE, NOW);

    expect(plan.action).toBe('update');
    expect(plan.changes).toEqual([
      { field: 'expression', before: 'cron(0 2 * * ? *)', after: 'cron(0 3 * * ? *)' },
    ]);
    expect(plan.after).toEqual({ ...existing, expression: 'cron(0 3 * * ? *)' });
  });

  it('is up to date when every asked field already holds its value', () => {
    const plan = planSchedule(
      existing,
      { expression: existing.expression, targetArn: FN, retries: 3, timezone: 'Europe/Berlin' },
      LCRON_ROLE,
      NOW,
    );

    expect(plan.action).toBe('unchanged');
    expect(plan.changes).toEqual([]);
  });

  it('removes a field asked to be null, and lists the changes in a fixed order', () => {
    const plan = planSchedule(
      existing,
      { expression: existing.expression, targetArn: FN, dlqArn: null, windowMinutes: null, state: 'ENABLED' },
      LCRON_ROLE,
      NOW,
    );

    expect(plan.changes.map((change) => change.field)).toEqual(['state', 'windowMinutes', 'dlqArn']);
    expect(plan.after).toMatchObject({ dlqArn: null, windowMinutes: null, state: 'ENABLED' });
  });

  it("moves a schedule on lcron's role to lcron's role for the new function, but keeps a user's role", () => {
    const other = 'arn:aws:lambda:eu-west-1:123456789012:function:weekly';
    const otherRole = 'arn:aws:iam::123456789012:role/lcron/lcron-weekly@default';
    const onLcron = { ...existing, roleArn: LCRON_ROLE };

    expect(
      planSchedule(onLcron, { expression: existing.expression, targetArn: other }, otherRole, NOW).after
        .roleArn,
    ).toBe(otherRole);
    expect(
      planSchedule(existing, { expression: existing.expression, targetArn: other }, otherRole, NOW).after
        .roleArn,
    ).toBe(USER_ROLE);
  });

  it('does not send back a start date that is past, and says so; a future one is sent', () => {
    const past = { ...existing, startDate: '2026-11-01T00:00:00.000Z' };
    const plan = planSchedule(past, { expression: 'rate(1 hour)', targetArn: FN }, LCRON_ROLE, NOW);
    expect(plan.sendStartDate).toBe(false);
    expect(plan.notes).toHaveLength(1);
    expect(plan.changes.map((change) => change.field)).toEqual(['expression']);

    // Four minutes ago is still inside Scheduler's five-minute allowance.
    const recent = { ...existing, startDate: new Date(NOW - 4 * 60_000).toISOString() };
    expect(
      planSchedule(recent, { expression: 'rate(1 hour)', targetArn: FN }, LCRON_ROLE, NOW).sendStartDate,
    ).toBe(true);
  });
});

describe('names lcron gives', () => {
  it('names a schedule after its function and alias', () => {
    expect(defaultScheduleName('nightly', null)).toBe('nightly');
    expect(defaultScheduleName('nightly', 'prod')).toBe('nightly-prod');
    expect(defaultScheduleName('nightly', '$LATEST')).toBe('nightly-LATEST');
  });

  it('gives no two group and function pairs one role, though both names may hold dashes', () => {
    expect(managedRoleName('a-b', 'c')).toBe('lcron-c@a-b');
    expect(managedRoleName('a', 'b-c')).toBe('lcron-b-c@a');
  });

  it('keeps long names within 64 characters and distinct', () => {
    const a = defaultScheduleName('f'.repeat(64), 'one');
    const b = defaultScheduleName('f'.repeat(64), 'two');
    expect(a).toHaveLength(64);
    expect(a).not.toBe(b);
    const role = managedRoleName('g'.repeat(64), 'f'.repeat(64));
    expect(role).toHaveLength(64);
    expect(role.startsWith('lcron-fff')).toBe(true);
  });

  it('refuses names Scheduler would refuse, naming the flag', () => {
    expect(checkScheduleName('ok_name-1.2', '--name')).toBe('ok_name-1.2');
    expect(() => checkScheduleName('has space', '--name')).toThrow(UsageError);
    expect(() => checkScheduleName('', '--group')).toThrow(/1 to 64 characters/);
    expect(() => checkScheduleName('x'.repeat(65), '--name')).toThrow(/1 to 64 characters/);
    expect(() => checkScheduleName('a/b', '--group')).toThrow(
      expect.objectContaining({
        message: expect.stringContaining('group name "a/b"'),
        hint: expect.stringContaining('`--group`'),
      }),
    );
  });

  it("tells lcron's roles by their path", () => {
    expect(isManagedRoleArn(LCRON_ROLE)).toBe(true);
    expect(isManagedRoleArn(USER_ROLE)).toBe(false);
    expect(isManagedRoleArn('arn:aws:iam::123456789012:role/lcron/deeper/x')).toBe(false);
  });
});

describe("the role's policies", () => {
  const policies = rolePolicies(
    '123456789012',
    'arn:aws:scheduler:eu-west-1:123456789012:schedule-group/default',
    FN,
  );

  it('compares a stored policy by value: IAM URL-encodes and reorders keys', () => {
    const stored = encodeURIComponent(
      JSON.stringify({
        Statement: [{ Resource: [FN, `${FN}:*`], Action: 'lambda:InvokeFunction', Effect: 'Allow' }],
        Version: '2012-10-17',
      }),
    );
    expect(samePolicy(stored, policies.permissions)).toBe(true);
    expect(samePolicy(JSON.stringify(policies.trust), policies.trust)).toBe(true);
  });

  it('finds a policy that grants more, or is missing, not current', () => {
    const wider = JSON.stringify({
      Version: '2012-10-17',
      Statement: [{ Effect: 'Allow', Action: 'lambda:*', Resource: '*' }],
    });
    expect(samePolicy(wider, policies.permissions)).toBe(false);
    expect(samePolicy(undefined, policies.permissions)).toBe(false);
    expect(samePolicy('%7Bnot json', policies.permissions)).toBe(false);
  });
});

describe('can two copies overlap', () => {
  const every5 = parseExpression('cron(0/5 * * * ? *)').expression;
  const utc = { timezone: 'UTC', windowMinutes: null };

  it('flags a timeout longer than the gap without a reservation of 1', () => {
    expect(overlapRisk(every5, utc, 360, null, NOW)).toEqual({
      gapSeconds: 300,
      windowMinutes: null,
      timeoutSeconds: 360,
      reservedConcurrency: null,
    });
    expect(overlapRisk(every5, utc, 360, 5, NOW)?.reservedConcurrency).toBe(5);
  });

  it('takes the flexible window off the gap: hourly with a 60-minute window can fire twice in a minute', () => {
    const hourly = parseExpression('rate(1 hour)').expression;
    expect(overlapRisk(hourly, { timezone: 'UTC', windowMinutes: 60 }, 900, null, NOW)?.gapSeconds).toBe(0);
    expect(overlapRisk(hourly, { timezone: 'UTC', windowMinutes: 40 }, 900, null, NOW)).toBeNull();
    // 3600 - 50 * 60 = 600 s, shorter than a 900 s timeout.
    expect(overlapRisk(hourly, { timezone: 'UTC', windowMinutes: 50 }, 900, null, NOW)?.gapSeconds).toBe(600);
  });

  it('does not flag a reservation of 1, or a run shorter than the gap', () => {
    expect(overlapRisk(every5, utc, 360, 1, NOW)).toBeNull();
    expect(overlapRisk(every5, utc, 300, null, NOW)).toBeNull();
    expect(
      overlapRisk(parseExpression('at(2027-01-01T00:00:00)').expression, utc, 900, null, NOW),
    ).toBeNull();
  });
});
