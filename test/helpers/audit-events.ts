import { auditRecords, type AuditParameters } from '../../src/core/audit.js';
import { RecordCollector } from '../../src/core/record-collector.js';
import type { LogEvent } from './log-lines.js';

/** Audits events in memory, as a file audit would, with the defaults of one. */
export function auditEvents(events: LogEvent[], overrides: Partial<AuditParameters> = {}) {
  const collector = new RecordCollector(false);
  for (const e of events) collector.sink(e.logStreamName, e.timestamp, e.message);

  return auditRecords(collector, {
    window: { start: null, end: null },
    readStart: null,
    readEnd: null,
    maxConcurrency: 1,
    timeoutMs: null,
    now: null,
    undated: false,
    ...overrides,
  });
}
