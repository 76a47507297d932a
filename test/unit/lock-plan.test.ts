import { describe, expect, it } from 'vitest';

import { parseGlobalOptions } from '../../src/cli/global-options.js';
import { parseLockOptions } from '../../src/commands/lock/options.js';
import {
  describeBusy,
  planLock,
  planUnlock,
  savedFromTags,
  tagsFromSaved,
  type LockState,
} from '../../src/core/lock-plan.js';
import { canOverlap } from '../../src/core/schedule-gap.js';

const bare: LockState = {
  reservedConcurrency: null,
  maximumEventAgeSeconds: null,
  maximumRetryAttempts: null,
  onFailure: null,
  onSuccess: null,
};
const queue = 'arn:aws:sqs:eu-west-1:123456789012:dropped';

describe('planLock', () => {
  it('sets the reservation and the skip policy on a bare function, and keeps what was there', () => {
    const plan = planLock(bare, { reserved: 1, onBusy: 'skip', onDiscard: undefined }, null);

    expect(plan.changes).toEqual([
      { setting: 'reservedConcurrency', from: null, to: 1 },
      { setting: 'maximumEventAgeSeconds', from: null, to: 60 },
      { setting: 'maximumRetryAttempts', from: null, to: 0 },
    ]);
    expect(plan.save).toEqual({
      reservedConcurrency: null,
      maximumEventAgeSeconds: null,
      maximumRetryAttempts: null,
      onFailure: null,
    });
  });

  it('changes nothing when all is as asked', () => {
    const locked = { ...bare, reservedConcurrency: 1, maximumEventAgeSeconds: 60, maximumRetryAttempts: 0 };
    const plan = planLock(locked, { reserved: 1, onBusy: 'skip', onDiscard: undefined }, { ...bare });

    expect([plan.changes, plan.save]).toEqual([[], null]);
  });

  it('queues by giving back the event age and retries from before the first lock', () => {
    const locked = { ...bare, reservedConcurrency: 1, maximumEventAgeSeconds: 60, maximumRetryAttempts: 0 };
    const saved = {
      reservedConcurrency: null,
      maximumEventAgeSeconds: 3600,
      maximumRetryAttempts: 1,
      onFailure: null,
    };
    const plan = planLock(locked, { reserved: 1, onBusy: 'queue', onDiscard: undefined }, saved);

    expect(plan.after).toMatchObject({
      reservedConcurrency: 1,
      maximumEventAgeSeconds: 3600,
      maximumRetryAttempts: 1,
    });
    expect(plan.save).toBeNull(); // the first lock's record stays
  });

  it('leaves the event age alone when queueing a function lcron never locked', () => {
    const custom = { ...bare, maximumEventAgeSeconds: 900 };
    expect(planLock(custom, { reserved: 1, onBusy: 'queue', onDiscard: undefined }, null).changes).toEqual([
      { setting: 'reservedConcurrency', from: null, to: 1 },
    ]);
  });

  it('sets the on-failure destination and keeps the on-success one', () => {
    const plan = planLock(
      { ...bare, onSuccess: 'arn:aws:sns:eu-west-1:123456789012:done' },
      { reserved: 2, onBusy: 'skip', onDiscard: queue },
      null,
    );

    expect(plan.after).toMatchObject({
      reservedConcurrency: 2,
      onFailure: queue,
      onSuccess: 'arn:aws:sns:eu-west-1:123456789012:done',
    });
  });
});

describe('planUnlock', () => {
  it('restores every setting from before the first lock', () => {
    const locked = {
      ...bare,
      reservedConcurrency: 1,
      maximumEventAgeSeconds: 60,
      maximumRetryAttempts: 0,
      onFailure: queue,
      onSuccess: 'x',
    };
    const saved = {
      reservedConcurrency: 5,
      maximumEventAgeSeconds: 3600,
      maximumRetryAttempts: 1,
      onFailure: null,
    };

    expect(planUnlock(locked, saved).after).toEqual({ ...saved, onSuccess: 'x' });
  });

  it('does nothing for a function lcron never locked', () => {
    expect(planUnlock({ ...bare, reservedConcurrency: 3 }, null).changes).toEqual([]);
  });
});

describe('the saved state in tags', () => {
  it('goes there and back, absent and set alike', () => {
    const saved = {
      reservedConcurrency: null,
      maximumEventAgeSeconds: 3600,
      maximumRetryAttempts: 0,
      onFailure: queue,
    };
    const tags = tagsFromSaved(saved);

    expect(tags).toEqual({
      'lcron:before-reserved-concurrency': 'none',
      'lcron:before-maximum-event-age': '3600',
      'lcron:before-maximum-retry-attempts': '0',
      'lcron:before-on-failure': queue,
    });
    expect(savedFromTags({ other: 'x', ...tags })).toEqual(saved);
    expect(savedFromTags({ other: 'x' })).toBeNull();
  });
});

describe('describeBusy', () => {
  it('says what happens to a run that fires while one is busy', () => {
    expect(describeBusy(bare).whenBusy).toMatch(/^a run that fires while one is busy runs alongside it/);
    expect(describeBusy({ ...bare, reservedConcurrency: 0 }).whenBusy).toBe(
      'every run is throttled: the function never runs',
    );
    expect(
      describeBusy({ ...bare, reservedConcurrency: 1, maximumEventAgeSeconds: 60, maximumRetryAttempts: 0 }),
    ).toMatchObject({
      maximumWaitSeconds: 60,
      whenBusy: expect.stringMatching(
        /^a run that fires while one is busy is dropped once it has waited a minute; one that fires less than a minute before a busy run ends/,
      ),
    });
    expect(describeBusy({ ...bare, reservedConcurrency: 1 })).toMatchObject({
      maximumWaitSeconds: 21_600,
      whenBusy: expect.stringMatching(/waits for a free copy for up to 6 h and starts late; runs pile up/),
    });
    // With more than one copy allowed, a second run starts at once: only a run beyond them waits or drops.
    expect(
      describeBusy({ ...bare, reservedConcurrency: 3, maximumEventAgeSeconds: 60, maximumRetryAttempts: 0 })
        .whenBusy,
    ).toMatch(
      /^up to 3 copies run at once; a run that fires while all 3 are busy is dropped once it has waited a minute/,
    );
  });
});

describe('can copies overlap', () => {
  const now = Date.parse('2026-12-03T12:00:00Z');
  const minute = [
    { name: 'm', group: 'default', expression: 'rate(1 minute)', timezone: 'UTC', state: 'ENABLED' },
  ];

  it('can overlap when the timeout outlasts the gap and more than one copy may run', () => {
    expect(canOverlap(null, 90, minute, now)).toBe('yes');
    expect(canOverlap(2, 90, minute, now)).toBe('yes');
    expect(canOverlap(1, 90, minute, now)).toBe('no');
    expect(canOverlap(null, 30, minute, now)).toBe('no');
  });

  it('works out cron gaps: every 5 minutes overlaps a 6-minute run, hourly does not', () => {
    const cron = (expression: string) => [{ ...minute[0]!, expression }];
    expect(canOverlap(null, 360, cron('cron(0/5 * * * ? *)'), now)).toBe('yes');
    expect(canOverlap(null, 360, cron('cron(0 * * * ? *)'), now)).toBe('no');
  });

  it('counts a one-time schedule as never overlapping, and two schedules as overlapping', () => {
    expect(canOverlap(null, 900, [{ ...minute[0]!, expression: 'at(2030-01-01T00:00:00)' }], now)).toBe('no');
    expect(canOverlap(null, 1, [...minute, { ...minute[0]!, name: 'n' }], now)).toBe('yes');
  });

  it('says unknown for an expression lcron cannot read', () => {
    expect(canOverlap(null, 30, [{ ...minute[0]!, expression: 'cron(bogus)' }], now)).toBe('unknown');
  });
});

describe('lcron lock: argv to options', () => {
  const global = parseGlobalOptions({});

  it.each([
    [{ reserved: true }, { reserved: 1, onBusy: 'skip' }],
    [
      { reserved: '3', onBusy: 'queue' },
      { reserved: 3, onBusy: 'queue' },
    ],
    [{ reserved: '0', allowZero: true }, { reserved: 0 }],
    [
      { reserved: true, onDiscard: queue, dryRun: true },
      { onDiscard: queue, dryRun: true },
    ],
  ])('reads %o', (raw, expected) => {
    expect(parseLockOptions('nightly', raw, global)).toMatchObject(expected);
  });

  it.each([
    [{}, /`lcron lock` needs `--reserved`/],
    [{ reserved: '0' }, /`--reserved 0` stops the function entirely/],
    [{ reserved: 'two' }, /`--reserved two` is not a whole number/],
    [{ reserved: '-1' }, /`--reserved -1` is not a whole number/],
    [
      { reserved: true, onDiscard: 'arn:aws:s3:::bucket' },
      /is not the ARN of an SQS queue, SNS topic, Lambda function or event bus/,
    ],
  ])('rejects %o', (raw, message) => {
    expect(() => parseLockOptions('nightly', raw, global)).toThrow(message);
  });
});
