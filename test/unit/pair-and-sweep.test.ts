import { describe, expect, it } from 'vitest';

import { auditEvents } from '../helpers/audit-events.js';
import { ID, STREAM, endLine, reportLine, startLine, t, textRun, event } from '../helpers/log-lines.js';

const audit = auditEvents;

describe('pairing runs', () => {
  it('pairs START, END and REPORT per request ID across interleaved streams', () => {
    const result = audit([
      ...textRun(STREAM.one, ID.a, '2026-12-01T12:00:00.000Z', '2026-12-01T12:00:30.000Z'),
      ...textRun(STREAM.two, ID.b, '2026-12-01T12:00:10.000Z', '2026-12-01T12:00:20.000Z'),
    ]);

    expect(result.invocations.map((run) => [run.requestId, run.start, run.end, run.status])).toEqual([
      [ID.a, t('2026-12-01T12:00:00.000Z'), t('2026-12-01T12:00:30.000Z'), 'success'],
      [ID.b, t('2026-12-01T12:00:10.000Z'), t('2026-12-01T12:00:20.000Z'), 'success'],
    ]);
  });

  it('gives separate runs to a request ID that repeats (an async retry)', () => {
    const result = audit([
      ...textRun(STREAM.one, ID.a, '2026-12-01T12:00:00.000Z', '2026-12-01T12:00:03.000Z', 'Status: error'),
      ...textRun(STREAM.one, ID.a, '2026-12-01T12:01:00.000Z', '2026-12-01T12:01:05.000Z'),
    ]);

    expect(result.invocations.map((run) => [run.start, run.end, run.status])).toEqual([
      [t('2026-12-01T12:00:00.000Z'), t('2026-12-01T12:00:03.000Z'), 'error'],
      [t('2026-12-01T12:01:00.000Z'), t('2026-12-01T12:01:05.000Z'), 'success'],
    ]);
  });

  it('gives the same result for the same events in another order', () => {
    const events = [
      ...textRun(STREAM.one, ID.a, '2026-12-01T12:00:00.000Z', '2026-12-01T12:01:20.000Z'),
      ...textRun(STREAM.two, ID.b, '2026-12-01T12:01:00.000Z', '2026-12-01T12:01:30.000Z'),
      ...textRun(STREAM.one, ID.a, '2026-12-01T12:02:00.000Z', '2026-12-01T12:02:10.000Z'),
    ];
    const shuffled = [
      events[5]!,
      events[2]!,
      events[7]!,
      events[0]!,
      events[8]!,
      events[4]!,
      events[1]!,
      events[6]!,
      events[3]!,
    ];

    expect(audit(shuffled)).toEqual(audit(events));
  });

  it('ends a JSON-format run its reported duration after START', () => {
    const json = (type: string, record: object) =>
      JSON.stringify({ time: '2026-12-01T12:00:00.000Z', type, record });
    const result = audit([
      event(STREAM.one, '2026-12-01T12:00:00.000Z', json('platform.start', { requestId: ID.a })),
      event(
        STREAM.one,
        '2026-12-01T12:00:02.600Z',
        json('platform.runtimeDone', {
          requestId: ID.a,
          status: 'success',
          metrics: { durationMs: 2500.25 },
        }),
      ),
      event(
        STREAM.one,
        '2026-12-01T12:00:02.601Z',
        json('platform.report', { requestId: ID.a, status: 'success', metrics: { durationMs: 2500.5 } }),
      ),
    ]);

    expect(result.invocations[0]).toMatchObject({
      start: t('2026-12-01T12:00:00.000Z'),
      end: t('2026-12-01T12:00:00.000Z') + 2500.5,
      status: 'success',
    });
  });

  it('counts a timeout from a Task timed out line that comes after REPORT', () => {
    const result = audit([
      ...textRun(STREAM.one, ID.a, '2026-12-01T12:00:00.000Z', '2026-12-01T12:00:03.000Z'),
      event(
        STREAM.one,
        '2026-12-01T12:00:03.001Z',
        `2026-12-01T12:00:03.001Z ${ID.a} Task timed out after 3.00 seconds\n`,
      ),
    ]);

    expect(result.invocations[0]!.status).toBe('timeout');
    expect(result.summary.timeouts).toBe(1);
  });

  it('marks the run after a failed init in its stream', () => {
    const result = audit([
      event(
        STREAM.one,
        '2026-12-01T11:59:50.000Z',
        'INIT_REPORT Init Duration: 10000.00 ms\tPhase: init\tStatus: timeout\n',
      ),
      ...textRun(STREAM.one, ID.a, '2026-12-01T12:00:00.000Z', '2026-12-01T12:00:03.000Z'),
      ...textRun(STREAM.one, ID.b, '2026-12-01T12:01:00.000Z', '2026-12-01T12:01:03.000Z'),
    ]);

    expect(result.invocations.map((run) => run.initFailed)).toEqual([true, false]);
  });

  it('dates an END and REPORT without START back by the reported duration', () => {
    const result = audit([
      event(STREAM.one, '2026-12-01T12:00:10.000Z', endLine(ID.a)),
      event(STREAM.one, '2026-12-01T12:00:10.000Z', reportLine(ID.a, 4000)),
    ]);

    expect(result.invocations[0]).toMatchObject({
      start: t('2026-12-01T12:00:06.000Z'),
      end: t('2026-12-01T12:00:10.000Z'),
      startedBeforeWindow: true,
    });
  });

  it("bounds an unfinished run by the function's timeout, else by the end of what was read", () => {
    const events = [
      event(STREAM.one, '2026-12-01T12:00:00.000Z', startLine(ID.a)),
      ...textRun(STREAM.two, ID.b, '2026-12-01T12:00:00.000Z', '2026-12-01T12:10:00.000Z'),
    ];

    const bounded = audit(events, { timeoutMs: 60_000 });
    expect(bounded.invocations.find((run) => run.requestId === ID.a)).toMatchObject({
      status: 'unfinished',
      end: t('2026-12-01T12:01:00.000Z'),
    });

    const open = audit(events);
    expect(open.invocations.find((run) => run.requestId === ID.a)).toMatchObject({
      status: 'unfinished',
      end: t('2026-12-01T12:10:00.000Z'),
    });
    expect(open.summary.unfinished).toBe(1);
  });

  it('calls a run that started in the last minutes before now in progress', () => {
    const now = t('2026-12-01T12:05:00.000Z');
    const result = audit([event(STREAM.one, '2026-12-01T12:04:30.000Z', startLine(ID.a))], {
      window: { start: t('2026-12-01T12:00:00.000Z'), end: now },
      now,
      timeoutMs: 60_000,
    });

    expect(result.invocations[0]).toMatchObject({
      status: 'in-progress',
      end: t('2026-12-01T12:05:00.000Z'),
    });
    expect(result.summary.inProgress).toBe(1);
  });
});

describe('sweeping for overlaps', () => {
  it('finds the interval two runs share, with its length in ms', () => {
    const result = audit([
      ...textRun(STREAM.one, ID.a, '2026-12-01T12:00:00.000Z', '2026-12-01T12:01:20.000Z'),
      ...textRun(STREAM.two, ID.b, '2026-12-01T12:01:00.000Z', '2026-12-01T12:01:30.000Z'),
    ]);

    // 12:01:00 to 12:01:20: 20 000 ms with both in flight.
    expect(result.violations).toHaveLength(1);
    expect(result.violations[0]).toMatchObject({
      start: t('2026-12-01T12:01:00.000Z'),
      end: t('2026-12-01T12:01:20.000Z'),
      durationMs: 20_000,
      concurrency: 2,
      requestIds: [ID.a, ID.b],
      likelyLockRejection: false,
    });
    expect(result.summary).toMatchObject({
      invocations: 2,
      peakConcurrency: 2,
      violations: 1,
      overlapMs: 20_000,
      longestRunMs: 80_000,
    });
  });

  it('does not count runs that only touch end to start', () => {
    const result = audit([
      ...textRun(STREAM.one, ID.a, '2026-12-01T12:00:00.000Z', '2026-12-01T12:01:00.000Z'),
      ...textRun(STREAM.two, ID.b, '2026-12-01T12:01:00.000Z', '2026-12-01T12:02:00.000Z'),
    ]);

    expect(result.summary).toMatchObject({ peakConcurrency: 1, violations: 0, overlapMs: 0 });
  });

  it('reports the peak of three runs and one violation for the whole stretch above the limit', () => {
    // a 0-60 s, b 10-40 s, c 20-30 s: above 1 from 10 s to 40 s, three at once from 20 s to 30 s.
    const result = audit([
      ...textRun(STREAM.one, ID.a, '2026-12-01T12:00:00.000Z', '2026-12-01T12:01:00.000Z'),
      ...textRun(STREAM.two, ID.b, '2026-12-01T12:00:10.000Z', '2026-12-01T12:00:40.000Z'),
      ...textRun(STREAM.three, ID.c, '2026-12-01T12:00:20.000Z', '2026-12-01T12:00:30.000Z'),
    ]);

    expect(result.violations.map((v) => [v.durationMs, v.concurrency, v.requestIds.length])).toEqual([
      [30_000, 3, 3],
    ]);
    expect(result.summary.peakConcurrency).toBe(3);

    // With two allowed, only 20-30 s is a violation.
    const relaxed = audit(
      [
        ...textRun(STREAM.one, ID.a, '2026-12-01T12:00:00.000Z', '2026-12-01T12:01:00.000Z'),
        ...textRun(STREAM.two, ID.b, '2026-12-01T12:00:10.000Z', '2026-12-01T12:00:40.000Z'),
        ...textRun(STREAM.three, ID.c, '2026-12-01T12:00:20.000Z', '2026-12-01T12:00:30.000Z'),
      ],
      { maxConcurrency: 2 },
    );
    expect(relaxed.violations.map((v) => [v.start, v.durationMs])).toEqual([
      [t('2026-12-01T12:00:20.000Z'), 10_000],
    ]);
  });

  it('tells a run turned away within a second from two copies doing the work', () => {
    const result = audit([
      ...textRun(STREAM.one, ID.a, '2026-12-01T12:00:00.000Z', '2026-12-01T12:01:20.000Z'),
      ...textRun(
        STREAM.two,
        ID.b,
        '2026-12-01T12:01:00.000Z',
        '2026-12-01T12:01:00.250Z',
        'Status: error\tError Type: Runtime.ExitError',
      ),
    ]);

    expect(result.violations[0]).toMatchObject({ durationMs: 250, likelyLockRejection: true });
    expect(
      result.violations[0]!.runs.map((run) => [run.requestId, run.status, run.durationMs, run.turnedAway]),
    ).toEqual([
      [ID.a, 'success', 80_000, false],
      [ID.b, 'error', 250, true],
    ]);
  });

  it('reports two runs in one stream at once as an anomaly, not a violation', () => {
    const result = audit([
      ...textRun(STREAM.one, ID.a, '2026-12-01T12:00:00.000Z', '2026-12-01T12:00:30.000Z'),
      ...textRun(STREAM.one, ID.b, '2026-12-01T12:00:10.000Z', '2026-12-01T12:00:20.000Z'),
    ]);

    expect(result.violations).toEqual([]);
    expect(result.anomalies).toEqual([
      {
        logStream: STREAM.one,
        start: t('2026-12-01T12:00:10.000Z'),
        end: t('2026-12-01T12:00:20.000Z'),
        requestIds: [ID.a, ID.b],
      },
    ]);
  });

  it('clips runs and overlaps to the window', () => {
    const result = audit(
      [
        ...textRun(STREAM.one, ID.a, '2026-12-01T11:59:00.000Z', '2026-12-01T12:00:30.000Z'),
        ...textRun(STREAM.two, ID.b, '2026-12-01T11:59:30.000Z', '2026-12-01T12:00:10.000Z'),
        ...textRun(STREAM.two, ID.c, '2026-12-01T11:50:00.000Z', '2026-12-01T11:51:00.000Z'),
      ],
      { window: { start: t('2026-12-01T12:00:00.000Z'), end: t('2026-12-01T13:00:00.000Z') } },
    );

    // c ended before the window; a and b overlap inside it from 12:00:00 to 12:00:10.
    expect(result.summary.invocations).toBe(2);
    expect(result.violations.map((v) => [v.start, v.durationMs])).toEqual([
      [t('2026-12-01T12:00:00.000Z'), 10_000],
    ]);
  });

  it('states an empty window plainly', () => {
    const result = audit([]);

    expect(result.window).toBeNull();
    expect(result.summary).toMatchObject({ invocations: 0, violations: 0, peakConcurrency: 0 });
  });
});
