import { describe, expect, it } from 'vitest';

import {
  matchFires,
  onTimeUntil,
  type ExpectedFire,
  type FireMatch,
  type RunStart,
} from '../../src/core/punctuality.js';
import { parseExpression } from '../../src/core/schedule/expression.js';
import { nextFires } from '../../src/core/schedule/fire-times.js';

const t = (iso: string) => Date.parse(iso);
const SECOND = 1_000;
const MINUTE = 60_000;
const TEN = t('2026-03-10T10:00:00Z');

/** `count` fires a minute apart from `from`, as a per-minute schedule gives them. */
function perMinute(from: number, count: number, schedule = 'default/tick'): ExpectedFire[] {
  return Array.from({ length: count }, (_, k) => ({ at: from + k * MINUTE, schedule, windowMinutes: 0 }));
}

function run(requestId: string, start: number, durationMs: number): RunStart {
  return { requestId, start, end: start + durationMs };
}

/** Status and lateness per fire, in minutes after 10:00, for compact expectations. */
function outline(fires: FireMatch[]): [number, string, number | null][] {
  return fires.map((fire) => [(fire.at - TEN) / MINUTE, fire.status, fire.lateMs]);
}

describe('matchFires: one per-minute schedule with 80 s runs', () => {
  it('finds every fire on time when runs overlap freely (no reservation)', () => {
    // Each run starts 0.5 s after its fire and ends 20 s after the next has started.
    const fires = perMinute(TEN, 10);
    const runs = fires.map((fire, k) => run(`r${k}`, fire.at + 500, 80 * SECOND));

    const result = matchFires(fires, runs, { window: { start: TEN, end: TEN + 10 * MINUTE } });

    expect(result.fires.map((fire) => [fire.status, fire.requestId, fire.delayMs, fire.lateMs])).toEqual(
      fires.map((_, k) => ['on-time', `r${k}`, 500, 0]),
    );
    expect(result.extraRuns).toEqual([]);
    expect(result.queued).toBeNull();
    expect(result.summary).toEqual({
      fires: 10,
      onTime: 10,
      late: 0,
      missed: 0,
      duplicates: 0,
      worstLateMs: null,
      medianLateMs: null,
    });
  });

  it('sees lateness grow and a queue build with reservation 1 and the queue policy', () => {
    // Run k (from 1) starts 0.5 s after run k-1 ended: at 0.5 s + 80.5 s·(k-1), so its delay is
    // 0.5 s + 20.5 s·(k-1). The band is 70 s: runs 1-4 (delays 0.5, 21, 41.5, 62 s) are on time,
    // runs 5-15 late by 12.5 s + 20.5 s·(k-5). Run 16 starts at 10:20:08, past the window.
    const fires = perMinute(TEN, 20);
    const runs = Array.from({ length: 16 }, (_, k) => run(`r${k + 1}`, TEN + 500 + k * 80_500, 80 * SECOND));

    const result = matchFires(fires, runs, { window: { start: TEN, end: TEN + 20 * MINUTE } });

    const late = Array.from({ length: 11 }, (_, j) => 12_500 + j * 20_500);
    expect(outline(result.fires)).toEqual([
      ...[0, 1, 2, 3].map((m) => [m, 'on-time', 0]),
      ...late.map((lateMs, j) => [4 + j, 'late', lateMs]),
      // Fires 10:15-10:18 have waited past their bands; 10:19's band runs to 10:20:10, not due.
      ...[15, 16, 17, 18].map((m) => [m, 'missed', null]),
    ]);
    expect(result.fires.slice(0, 15).map((fire) => fire.requestId)).toEqual(
      runs.slice(0, 15).map((r) => r.requestId),
    );
    // Run 15 serves 10:14 and starts at 10:18:47.5: 287.5 s behind. Four fires wait behind it.
    expect(result.queued).toEqual({ runs: 11, firstFire: TEN + 4 * MINUTE, behindMs: 287_500, backlog: 4 });
    expect(result.summary).toEqual({
      fires: 19,
      onTime: 4,
      late: 11,
      missed: 4,
      duplicates: 0,
      worstLateMs: 217_500,
      // The sixth of eleven: 12.5 s + 5·20.5 s.
      medianLateMs: 115_000,
    });
  });

  it('sees every other fire missed and no lateness with reservation 1 and the skip policy', () => {
    // The fire after each run arrives while it is busy and is dropped; the next one starts a run.
    const fires = perMinute(TEN, 10);
    const runs = [0, 2, 4, 6, 8].map((m) => run(`r${m}`, TEN + m * MINUTE + 500, 80 * SECOND));

    const result = matchFires(fires, runs, { window: { start: TEN, end: TEN + 10 * MINUTE } });

    // 10:09's band reaches 10:10:10, past the window, so it is left out.
    expect(outline(result.fires)).toEqual([
      [0, 'on-time', 0],
      [1, 'missed', null],
      [2, 'on-time', 0],
      [3, 'missed', null],
      [4, 'on-time', 0],
      [5, 'missed', null],
      [6, 'on-time', 0],
      [7, 'missed', null],
      [8, 'on-time', 0],
    ]);
    expect(result.queued).toBeNull();
    expect(result.summary).toMatchObject({ fires: 9, onTime: 5, late: 0, missed: 4, duplicates: 0 });
  });

  it('gives the same result for the input in any order', () => {
    const fires = perMinute(TEN, 20);
    const runs = Array.from({ length: 15 }, (_, k) => run(`r${k + 1}`, TEN + 500 + k * 80_500, 80 * SECOND));
    const options = { window: { start: TEN, end: TEN + 20 * MINUTE } };

    const shuffled = matchFires([...fires].reverse(), [...runs.slice(7), ...runs.slice(0, 7)], options);

    expect(shuffled).toEqual(matchFires(fires, runs, options));
  });
});

describe('matchFires: fires from a schedule in a zone with DST', () => {
  const expression = parseExpression('cron(30 2 * * ? *)').expression;
  const zone = 'Europe/Berlin';

  it('expects no fire on the spring day 02:30 does not exist, so misses none', () => {
    // 2027-03-28 is the last Sunday of March: Berlin goes from 02:00 to 03:00. 02:30 is 01:30Z
    // under CET before, 00:30Z under CEST after.
    const at = nextFires(expression, { zone, from: t('2027-03-26T00:00:00Z'), count: 4 });
    const fires = at.map((fire) => ({ at: fire, schedule: 'default/nightly', windowMinutes: 0 }));
    const runs = at.map((fire, k) => run(`r${k}`, fire + SECOND, 20 * SECOND));

    const result = matchFires(fires, runs, {
      window: { start: t('2027-03-26T00:00:00Z'), end: t('2027-03-31T00:00:00Z') },
    });

    expect(result.fires.map((fire) => [new Date(fire.at).toISOString(), fire.status])).toEqual([
      ['2027-03-26T01:30:00.000Z', 'on-time'],
      ['2027-03-27T01:30:00.000Z', 'on-time'],
      ['2027-03-29T00:30:00.000Z', 'on-time'],
      ['2027-03-30T00:30:00.000Z', 'on-time'],
    ]);
    expect(result.summary.missed).toBe(0);
  });

  it('expects one fire on the autumn day 02:30 comes twice, so a run at the second is extra', () => {
    // 2027-10-31 is the last Sunday of October: 02:30 CEST (00:30Z) comes first, then 02:30 CET (01:30Z).
    const at = nextFires(expression, { zone, from: t('2027-10-30T00:00:00Z'), count: 3 });
    const fires = at.map((fire) => ({ at: fire, schedule: 'default/nightly', windowMinutes: 0 }));
    const second = run('repeat', t('2027-10-31T01:30:01Z'), 20 * SECOND);
    const runs = [...at.map((fire, k) => run(`r${k}`, fire + SECOND, 20 * SECOND)), second];

    const result = matchFires(fires, runs, {
      window: { start: t('2027-10-30T00:00:00Z'), end: t('2027-11-02T00:00:00Z') },
    });

    expect(result.fires.map((fire) => [new Date(fire.at).toISOString(), fire.status])).toEqual([
      ['2027-10-30T00:30:00.000Z', 'on-time'],
      ['2027-10-31T00:30:00.000Z', 'on-time'],
      ['2027-11-01T01:30:00.000Z', 'on-time'],
    ]);
    expect(result.extraRuns).toEqual([second]);
  });
});

describe('matchFires: bands, extra runs and the window', () => {
  it('widens the band by a 15-minute flexible window', () => {
    // The band is 1 min + 15 min + 10 s of start grace: 16 min 10 s, or 970 s.
    const fires = [0, 60].map((m) => ({ at: TEN + m * MINUTE, schedule: 'default/flex', windowMinutes: 15 }));
    const runs = [run('a', TEN + 12 * MINUTE, 30 * SECOND), run('b', TEN + 77 * MINUTE, 30 * SECOND)];

    const result = matchFires(fires, runs, { window: { start: TEN, end: TEN + 120 * MINUTE } });

    expect(onTimeUntil(fires[0]!)).toBe(TEN + 970 * SECOND);
    expect(result.fires.map((fire) => [fire.requestId, fire.status, fire.delayMs, fire.lateMs])).toEqual([
      ['a', 'on-time', 720_000, 0],
      // 17 min after its fire: 1020 s - 970 s = 50 s past the band.
      ['b', 'late', 1_020_000, 50_000],
    ]);
  });

  it('takes the start grace from the options', () => {
    // With no grace the band of 10:00 ends at 10:01:00, so a run at 10:01:04 is 4 s late.
    const result = matchFires(perMinute(TEN, 1), [run('a', TEN + 64 * SECOND, SECOND)], {
      window: { start: TEN, end: TEN + 10 * MINUTE },
      startGraceMs: 0,
    });

    expect(result.fires[0]).toMatchObject({ status: 'late', delayMs: 64_000, lateMs: 4_000 });
  });

  it('counts a second run within one fire and a run with no fire as extra runs', () => {
    // b is a second delivery of 10:00, 40 s in; c at 10:30 is a manual invocation.
    const fires = [0, 60].map((m) => ({
      at: TEN + m * MINUTE,
      schedule: 'default/hourly',
      windowMinutes: 0,
    }));
    const a = run('a', TEN + SECOND, 2 * SECOND);
    const b = run('b', TEN + 40 * SECOND, 2 * SECOND);
    const c = run('c', TEN + 30 * MINUTE, 2 * SECOND);
    const d = run('d', TEN + 60 * MINUTE + 2 * SECOND, 2 * SECOND);

    const result = matchFires(fires, [d, c, b, a], { window: { start: TEN, end: TEN + 120 * MINUTE } });

    expect(result.fires.map((fire) => [fire.requestId, fire.status])).toEqual([
      ['a', 'on-time'],
      ['d', 'on-time'],
    ]);
    expect(result.extraRuns).toEqual([b, c]);
    expect(result.summary.duplicates).toBe(2);
  });

  it('counts a run that starts up to 2 s before its fire for it', () => {
    const result = matchFires(perMinute(TEN, 1), [run('a', TEN - 1_500, SECOND)], {
      window: { start: TEN - MINUTE, end: TEN + 10 * MINUTE },
    });

    expect(result.fires[0]).toMatchObject({ status: 'on-time', requestId: 'a', delayMs: -1_500, lateMs: 0 });
  });

  it('gives two schedules that fire in the same minute a run each', () => {
    // a starts idle and takes the first by name; b starts while a runs and takes the other.
    const fires = [
      { at: TEN, schedule: 'b/second', windowMinutes: 0 },
      { at: TEN, schedule: 'a/first', windowMinutes: 0 },
    ];
    const runs = [run('a', TEN + SECOND, 30 * SECOND), run('b', TEN + 3 * SECOND, 30 * SECOND)];

    const result = matchFires(fires, runs, { window: { start: TEN, end: TEN + 10 * MINUTE } });

    expect(result.fires.map((fire) => [fire.schedule, fire.requestId, fire.status])).toEqual([
      ['a/first', 'a', 'on-time'],
      ['b/second', 'b', 'on-time'],
    ]);
    expect(result.extraRuns).toEqual([]);
  });

  it('keeps an older fire pending while its flexible window lets Scheduler still deliver it', () => {
    // x at 10:05:01 takes 10:05, the newest; 10:00 with 15 minutes can come until 10:16, and does at 10:07.
    const fires = [
      { at: TEN, schedule: 'a/flex', windowMinutes: 15 },
      { at: TEN + 5 * MINUTE, schedule: 'b/tick', windowMinutes: 0 },
    ];
    const runs = [run('x', TEN + 5 * MINUTE + SECOND, 10 * SECOND), run('y', TEN + 7 * MINUTE, 10 * SECOND)];

    const result = matchFires(fires, runs, { window: { start: TEN, end: TEN + 30 * MINUTE } });

    expect(result.fires.map((fire) => [fire.schedule, fire.requestId, fire.status])).toEqual([
      ['a/flex', 'y', 'on-time'],
      ['b/tick', 'x', 'on-time'],
    ]);
    expect(result.extraRuns).toEqual([]);
  });

  it('reads a run right after one that began before the window as queued behind it', () => {
    // The 09:59:30 run ends at 10:01:05, so x (10:01:05.5) is queued and serves 10:00, 65.5 s in;
    // y starts 4.5 s after x ends and serves 10:01. Taken as idle, x would drop 10:00 instead.
    const early = run('early', TEN - 30 * SECOND, 95 * SECOND);
    const x = run('x', TEN + 65_500, 40 * SECOND);
    const y = run('y', TEN + 110 * SECOND, 10 * SECOND);

    const result = matchFires(perMinute(TEN, 3), [early, x, y], {
      window: { start: TEN, end: TEN + 3 * MINUTE },
    });

    // 10:02's band reaches 10:03:10, past the window.
    expect(result.fires.map((fire) => [fire.requestId, fire.status, fire.delayMs])).toEqual([
      ['x', 'on-time', 65_500],
      ['y', 'on-time', 50_000],
    ]);
    expect(result.extraRuns).toEqual([]);
  });

  it('leaves out fires whose band reaches past the window end and misses the rest', () => {
    // Runs cover 10:00-10:03. 10:04's band ends at 10:05:10, inside the window (to 10:05:30),
    // so it is missed; 10:05's ends at 10:06:10 and is not yet due.
    const fires = perMinute(TEN, 6);
    const runs = fires.slice(0, 4).map((fire, k) => run(`r${k}`, fire.at + 500, 10 * SECOND));

    const result = matchFires(fires, runs, { window: { start: TEN, end: TEN + 5 * MINUTE + 30 * SECOND } });

    expect(outline(result.fires)).toEqual([
      [0, 'on-time', 0],
      [1, 'on-time', 0],
      [2, 'on-time', 0],
      [3, 'on-time', 0],
      [4, 'missed', null],
    ]);
    expect(result.summary).toMatchObject({ fires: 5, missed: 1 });
  });

  it('does not expect a flexible-window fire until its window has passed', () => {
    // 10:00 with 15 minutes: due at 10:16:10.
    const fires = [{ at: TEN, schedule: 'default/flex', windowMinutes: 15 }];

    expect(matchFires(fires, [], { window: { start: TEN, end: TEN + 10 * MINUTE } }).fires).toEqual([]);
    expect(matchFires(fires, [], { window: { start: TEN, end: TEN + 20 * MINUTE } }).summary.missed).toBe(1);
  });

  it('ignores fires and runs outside the window', () => {
    const fires = perMinute(TEN - 2 * MINUTE, 5);
    const runs = [
      run('before', TEN - 2 * MINUTE + 500, SECOND),
      run('after', TEN + 3 * MINUTE + 500, SECOND),
    ];

    const result = matchFires(fires, runs, { window: { start: TEN, end: TEN + 3 * MINUTE } });

    // Fires 10:00 and 10:01 remain in the window, with bands over by 10:03, and no run.
    expect(outline(result.fires)).toEqual([
      [0, 'missed', null],
      [1, 'missed', null],
    ]);
    expect(result.extraRuns).toEqual([]);
  });

  it('returns empty results for empty inputs', () => {
    const window = { start: TEN, end: TEN + 10 * MINUTE };

    expect(matchFires([], [], { window })).toEqual({
      fires: [],
      extraRuns: [],
      queued: null,
      summary: {
        fires: 0,
        onTime: 0,
        late: 0,
        missed: 0,
        duplicates: 0,
        worstLateMs: null,
        medianLateMs: null,
      },
    });
    expect(matchFires([], [run('a', TEN, SECOND)], { window }).extraRuns.map((r) => r.requestId)).toEqual([
      'a',
    ]);
  });
});
