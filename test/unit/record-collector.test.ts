import { describe, expect, it } from 'vitest';

import { auditEvents } from '../helpers/audit-events.js';
import { RecordCollector } from '../../src/core/record-collector.js';
import { hashId } from '../../src/core/request-ids.js';
import { STREAM, textRun } from '../helpers/log-lines.js';

/** Deterministic, well-spread UUIDs, to search for two that share a 30-bit hash. */
function uuid(n: number): string {
  const word = (k: number) =>
    (Math.imul(n + 1, 0x9e3779b1 + k * 0x632be5ab) >>> 0).toString(16).padStart(8, '0');
  const hex = word(0) + word(1) + word(2) + word(3);
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

function findCollision(): [string, string] {
  const seen = new Map<number, string>();
  for (let n = 0; ; n++) {
    const id = uuid(n);
    const other = seen.get(hashId(id));
    if (other) return [other, id];
    seen.set(hashId(id), id);
  }
}

describe('RecordCollector', () => {
  it('keeps two request IDs apart when their hashes collide', () => {
    const [a, b] = findCollision();
    expect(a).not.toBe(b);
    expect(hashId(a)).toBe(hashId(b));

    const result = auditEvents([
      ...textRun(STREAM.one, a, '2026-12-01T12:00:00.000Z', '2026-12-01T12:00:10.000Z'),
      ...textRun(STREAM.two, b, '2026-12-01T12:00:05.000Z', '2026-12-01T12:00:20.000Z'),
      ...textRun(STREAM.one, b, '2026-12-01T12:01:00.000Z', '2026-12-01T12:01:10.000Z'),
    ]);

    expect(result.invocations.map((run) => [run.requestId, run.logStream, run.status])).toEqual([
      [a, STREAM.one, 'success'],
      [b, STREAM.two, 'success'],
      [b, STREAM.one, 'success'],
    ]);
    // a (0-10 s) and b (5-20 s) overlap for 5 s.
    expect(result.violations.map((v) => [v.durationMs, v.requestIds])).toEqual([[5_000, [a, b]]]);
  });

  it('ignores application lines of dated sources and keeps them for undated ones', () => {
    const line = '2026-12-01T12:00:00.000Z\t11111111-1111-4111-8111-111111111111\tINFO\thello';
    const dated = new RecordCollector(false);
    dated.sink('s', 1, line);
    const undated = new RecordCollector(true);
    undated.sink(null, NaN, line);

    expect([dated.records, undated.records]).toEqual([0, 1]);
  });
});

describe('RequestIdTable', () => {
  it('gives back each ID in lower case, once, whatever case it was read in', async () => {
    const { RequestIdTable } = await import('../../src/core/request-ids.js');
    const table = new RequestIdTable();
    const a = table.indexOf('0a1b2c3d-4e5f-4071-8293-a4b5c6d7e8f9');
    const b = table.indexOf('FFFFFFFF-0000-4000-8000-000000000001');

    expect(table.indexOf('0A1B2C3D-4E5F-4071-8293-A4B5C6D7E8F9')).toBe(a);
    expect([table.get(a), table.get(b), table.size]).toEqual([
      '0a1b2c3d-4e5f-4071-8293-a4b5c6d7e8f9',
      'ffffffff-0000-4000-8000-000000000001',
      2,
    ]);
    expect(Math.sign(table.compare(a, b))).toBe(-1);
  });
});
