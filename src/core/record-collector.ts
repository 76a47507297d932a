import type { LogEventSink } from './formats/format-error.js';
import { flatCopy } from './formats/format-error.js';
import type { StreamRecords } from './pair-invocations.js';
import { mayBePlatformText, parseMessage } from './parse-message.js';
import type { PlatformRecord } from './platform-record.js';

/**
 * Gathers the platform records of every stream as events arrive, keeping
 * nothing else of the events. Request IDs are copied and shared, so
 * memory grows with the runs, not with the text read.
 */
export class RecordCollector {
  private readonly byStream = new Map<string | null, PlatformRecord[]>();
  private readonly requestIds = new Map<string, string>();
  firstTime = Infinity;
  lastTime = -Infinity;
  records = 0;

  /** `undated`: the source's events carry no timestamps (pasted console text). */
  constructor(private readonly undated: boolean) {}

  readonly sink: LogEventSink = (logStream, timestamp, message) => {
    if (!this.undated && !mayBePlatformText(message)) return;
    const record = parseMessage(message, timestamp);
    if (!record) return;
    if (record.kind === 'app-line' && !this.undated) return;
    this.add(logStream, record);
  };

  add(logStream: string | null, record: PlatformRecord): void {
    if (record.requestId !== '') record.requestId = this.shareRequestId(record.requestId);
    if (!Number.isNaN(record.time)) {
      if (record.time < this.firstTime) this.firstTime = record.time;
      if (record.time > this.lastTime) this.lastTime = record.time;
    }
    let list = this.byStream.get(logStream);
    if (!list) this.byStream.set(logStream, (list = []));
    list.push(record);
    this.records++;
  }

  streams(): StreamRecords[] {
    return [...this.byStream].map(([logStream, records]) => ({ logStream, records }));
  }

  allRecords(): PlatformRecord[] {
    return [...this.byStream.values()].flat();
  }

  private shareRequestId(id: string): string {
    let shared = this.requestIds.get(id);
    if (shared === undefined) this.requestIds.set(id, (shared = flatCopy(id)));

    return shared;
  }
}
