import { describe, expect, it } from 'vitest';

import { mayBePlatformText, parseMessage } from '../../src/core/parse-message.js';
import { ID } from '../helpers/log-lines.js';

const T = 1_796_126_400_000;

describe('parseMessage: Text format', () => {
  it('reads START and END with their request IDs', () => {
    expect(parseMessage(`START RequestId: ${ID.a} Version: $LATEST\n`, T)).toEqual({
      kind: 'start',
      requestId: ID.a,
      time: T,
    });
    expect(parseMessage(`END RequestId: ${ID.a}\n`, T)).toEqual({ kind: 'end', requestId: ID.a, time: T });
  });

  it('lower-cases request IDs so one run is one key', () => {
    expect(parseMessage(`END RequestId: ${ID.a.toUpperCase()}`, T)?.requestId).toBe(ID.a);
  });

  it('reads REPORT fields by label, whatever their order and separators', () => {
    const tabbed = `REPORT RequestId: ${ID.a}\tDuration: 1234.56 ms\tBilled Duration: 1235 ms\tMemory Size: 128 MB\tMax Memory Used: 70 MB\tInit Duration: 150.20 ms\n`;
    const spaced = `REPORT RequestId: ${ID.a}  Init Duration: 150.20 ms  Billed Duration: 1235 ms  Duration: 1234.56 ms  Memory Size: 128 MB`;
    for (const line of [tabbed, spaced]) {
      expect(parseMessage(line, T)).toEqual({
        kind: 'report',
        requestId: ID.a,
        time: T,
        durationMs: 1234.56,
      });
    }
  });

  it('reads Status and Error Type, and ignores an XRAY line in the same message', () => {
    const line = `REPORT RequestId: ${ID.b}\tDuration: 3000.00 ms\tBilled Duration: 3000 ms\tMemory Size: 128 MB\tMax Memory Used: 70 MB\tStatus: error\tError Type: Runtime.ExitError\nXRAY TraceId: 1-5e1b4151-5ac6c58f3e4f\tSegmentId: 0a1b\tSampled: true`;
    expect(parseMessage(line, T)).toEqual({
      kind: 'report',
      requestId: ID.b,
      time: T,
      durationMs: 3000,
      status: 'error',
      errorType: 'Runtime.ExitError',
    });
  });

  it('reads a SnapStart REPORT with Restore Duration without mistaking it for Duration', () => {
    const line = `REPORT RequestId: ${ID.a}\tRestore Duration: 400.10 ms\tBilled Restore Duration: 401 ms\tDuration: 12.50 ms\tBilled Duration: 13 ms`;
    expect(parseMessage(line, T)?.durationMs).toBe(12.5);
  });

  it('reads Status: timeout in REPORT', () => {
    const line = `REPORT RequestId: ${ID.a}\tDuration: 3000.00 ms\tBilled Duration: 3000 ms\tStatus: timeout`;
    expect(parseMessage(line, T)?.status).toBe('timeout');
  });

  it('reads a Task timed out line with its printed time and request ID', () => {
    const line = `2026-12-01T12:00:03.005Z ${ID.c} Task timed out after 3.00 seconds\n`;
    expect(parseMessage(line, T)).toEqual({ kind: 'timeout', requestId: ID.c, time: T, status: 'timeout' });
    expect(parseMessage(line, NaN)?.time).toBe(Date.parse('2026-12-01T12:00:03.005Z'));
  });

  it('takes an INIT_REPORT only when init failed', () => {
    expect(parseMessage('INIT_REPORT Init Duration: 10000.00 ms\tPhase: init\tStatus: timeout', T)).toEqual({
      kind: 'init-failure',
      requestId: '',
      time: T,
      status: 'timeout',
    });
    expect(parseMessage('INIT_REPORT Init Duration: 100.00 ms\tPhase: init\tStatus: success', T)).toBeNull();
    expect(parseMessage('INIT_START Runtime Version: nodejs:20.v40', T)).toBeNull();
  });

  it('does not take an application line that quotes a platform line', () => {
    expect(
      parseMessage(`2026-12-01T12:00:00.000Z\t${ID.a}\tINFO\tREPORT RequestId: ${ID.b}\tDuration: 1.00 ms`, T)
        ?.kind,
    ).toBe('app-line');
    expect(parseMessage(`user said: START RequestId: ${ID.a}`, T)).toBeNull();
  });

  it('requires a UUID request ID', () => {
    expect(parseMessage('START RequestId: not-a-uuid Version: $LATEST', T)).toBeNull();
    expect(parseMessage('END RequestId: 1234', T)).toBeNull();
  });

  it("reads the runtime's prefix on application lines, Node and Python style", () => {
    expect(parseMessage(`2026-12-01T12:00:01.250Z\t${ID.a}\tINFO\thello`, NaN)).toEqual({
      kind: 'app-line',
      requestId: ID.a,
      time: Date.parse('2026-12-01T12:00:01.250Z'),
    });
    expect(parseMessage(`[INFO]\t2026-12-01T12:00:01.250Z\t${ID.a}\thello`, NaN)?.time).toBe(
      Date.parse('2026-12-01T12:00:01.250Z'),
    );
  });

  it("marks Node's Invoke Error line", () => {
    expect(
      parseMessage(`2026-12-01T12:00:01.250Z\t${ID.a}\tERROR\tInvoke Error \t{"errorType":"Error"}`, T)?.kind,
    ).toBe('invoke-error');
  });
});

describe('parseMessage: JSON format', () => {
  const json = (value: unknown) => JSON.stringify(value);

  it('reads platform.start, platform.runtimeDone and platform.report', () => {
    expect(
      parseMessage(
        json({
          time: '2026-12-01T12:00:00.000Z',
          type: 'platform.start',
          record: { requestId: ID.a, version: '$LATEST' },
        }),
        T,
      ),
    ).toEqual({
      kind: 'start',
      requestId: ID.a,
      time: T,
    });
    expect(
      parseMessage(
        json({
          type: 'platform.report',
          record: {
            requestId: ID.a,
            status: 'timeout',
            metrics: { durationMs: 3000.5, billedDurationMs: 3001 },
          },
        }),
        T,
      ),
    ).toEqual({ kind: 'report', requestId: ID.a, time: T, durationMs: 3000.5, status: 'timeout' });
    expect(
      parseMessage(
        json({
          type: 'platform.runtimeDone',
          record: { requestId: ID.a, status: 'failure', metrics: { durationMs: 5 } },
        }),
        T,
      ),
    ).toEqual({
      kind: 'runtime-done',
      requestId: ID.a,
      time: T,
      durationMs: 5,
      status: 'error',
    });
  });

  it("uses the record's own time when the event has none", () => {
    const line = json({
      time: '2026-12-01T12:00:07.500Z',
      type: 'platform.start',
      record: { requestId: ID.a },
    });
    expect(parseMessage(line, NaN)?.time).toBe(Date.parse('2026-12-01T12:00:07.500Z'));
  });

  it('reads a failed platform.initReport as an init failure', () => {
    expect(
      parseMessage(json({ type: 'platform.initReport', record: { status: 'error', phase: 'init' } }), T)
        ?.kind,
    ).toBe('init-failure');
  });

  it('ignores JSON application logs and broken JSON', () => {
    expect(
      parseMessage(json({ level: 'INFO', requestId: ID.a, message: 'platform.start is a word' }), T),
    ).toBeNull();
    expect(parseMessage('{"type":"platform.start", broken', T)).toBeNull();
  });
});

describe('mayBePlatformText', () => {
  it('passes every kind of platform line and rejects plain application text', () => {
    expect(mayBePlatformText(`START RequestId: ${ID.a}`)).toBe(true);
    expect(mayBePlatformText('{"type":"platform.report"}')).toBe(true);
    expect(mayBePlatformText(`x ${ID.a} Task timed out after 3.00 seconds`)).toBe(true);
    expect(mayBePlatformText('INIT_REPORT Init Duration: 1 ms')).toBe(true);
    expect(mayBePlatformText('processed 100 rows')).toBe(false);
  });
});
