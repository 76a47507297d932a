import type { LogEventSink } from './formats/parser.js';
import { mayBePlatformText, parseMessage } from './parse-message.js';
import type { PlatformRecord } from './platform-record.js';
import { RequestIdTable } from './request-ids.js';
import { StreamRecords, type ExportedRecords } from './stream-records.js';

/**
 * Gathers the platform records of every stream as events arrive, keeping
 * nothing else of the events. Request IDs are copied once and shared, so
 * memory grows with the runs, not with the text read.
 */
export class RecordCollector {
  private readonly byStream = new Map<string | null, StreamRecords>();
  readonly ids = new RequestIdTable();
  firstTime = Infinity;
  lastTime = -Infinity;
  records = 0;
  /** START records: about how many runs pairing will make. */
  starts = 0;

  /** `undated`: the source's events carry no timestamps (pasted console text). */
  constructor(private readonly undated: boolean) {}

  readonly sink: LogEventSink = (logStream, timestamp, message) => {
    if (!this.undated && !mayBePlatformText(message)) return;
    this.prefilteredSink(logStream, timestamp, message);
  };

  /** For readers that have already passed each message through the same test (the JSON scanner). */
  readonly prefilteredSink: LogEventSink = (logStream, timestamp, message) => {
    const record = parseMessage(message, timestamp);
    if (!record) return;
    if (record.kind === 'app-line' && !this.undated) return;
    this.add(logStream, record);
  };

  add(logStream: string | null, record: PlatformRecord): void {
    const id = record.requestId === '' ? -1 : this.ids.indexOf(record.requestId);
    if (!Number.isNaN(record.time)) {
      if (record.time < this.firstTime) this.firstTime = record.time;
      if (record.time > this.lastTime) this.lastTime = record.time;
    }
    let stream = this.byStream.get(logStream);
    if (!stream)
      this.byStream.set(logStream, (stream = new StreamRecords(logStream, this.byStream.size, this.ids)));
    stream.push(record, id);
    this.records++;
    if (record.kind === 'start') this.starts++;
  }

  /** The streams' records, for pairing; the ID lookup is no longer needed after this. */
  streams(): StreamRecords[] {
    this.ids.sealed();

    return [...this.byStream.values()];
  }

  /** Everything collected, for a parent thread to `absorb`; the buffers can be transferred. */
  export(): ExportedRecords {
    return {
      streams: [...this.byStream.values()].map((stream) => stream.export()),
      idWords: this.ids.exportWords(),
      records: this.records,
      starts: this.starts,
      firstTime: this.firstTime,
      lastTime: this.lastTime,
    };
  }

  /** Takes in what another collector read from a later part of the same file. */
  absorb(part: ExportedRecords): void {
    const idMap = new Int32Array(part.idWords.length / 4);
    for (let i = 0; i < idMap.length; i++) idMap[i] = this.ids.indexOfWords(part.idWords, i * 4);
    for (const exported of part.streams) {
      let stream = this.byStream.get(exported.logStream);
      if (!stream)
        this.byStream.set(
          exported.logStream,
          (stream = new StreamRecords(exported.logStream, this.byStream.size, this.ids)),
        );
      stream.append(exported, idMap);
    }
    this.records += part.records;
    this.starts += part.starts;
    this.firstTime = Math.min(this.firstTime, part.firstTime);
    this.lastTime = Math.max(this.lastTime, part.lastTime);
  }

  *allRecords(): Generator<PlatformRecord> {
    for (const stream of this.byStream.values()) {
      for (let i = 0; i < stream.length; i++) yield stream.read(i);
    }
  }
}
