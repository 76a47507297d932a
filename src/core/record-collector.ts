import type { LogEventSink } from './formats/format-error.js';
import { flatCopy } from './formats/format-error.js';
import { mayBePlatformText, parseMessage } from './parse-message.js';
import type { PlatformRecord, RecordKind, ReportedStatus } from './platform-record.js';

const KINDS: RecordKind[] = ['start', 'end', 'report', 'runtime-done', 'timeout', 'init-failure', 'app-line', 'invoke-error'];
const KIND_CODE = new Map(KINDS.map((kind, i) => [kind, i]));
const STATUSES: Array<ReportedStatus | undefined> = [undefined, 'success', 'error', 'timeout'];
const STATUS_CODE = new Map(STATUSES.map((status, i) => [status, i]));

/**
 * The records of one log stream, column by column in typed arrays: a
 * million-event log keeps a few bytes a line, not an object a line.
 */
export class StreamRecords {
  length = 0;
  private times = new Float64Array(64);
  private kinds = new Uint8Array(64);
  private ids = new Int32Array(64);
  private durations = new Float64Array(64);
  private statuses = new Uint8Array(64);
  private readonly errorTypes = new Map<number, string>();
  private sorted = true;
  private undated = false;

  constructor(
    readonly logStream: string | null,
    private readonly requestIds: string[],
  ) {}

  push(record: PlatformRecord, idIndex: number): void {
    if (this.length === this.times.length) this.grow();
    const i = this.length++;
    this.times[i] = record.time;
    this.kinds[i] = KIND_CODE.get(record.kind)!;
    this.ids[i] = idIndex;
    this.durations[i] = record.durationMs ?? NaN;
    this.statuses[i] = STATUS_CODE.get(record.status)!;
    if (record.errorType !== undefined) this.errorTypes.set(i, record.errorType);
    if (Number.isNaN(record.time)) this.undated = true;
    else if (i > 0 && !(this.times[i - 1]! <= record.time)) this.sorted = false;
  }

  /** Record `i` as a plain object; `into` is reused to spare an allocation a line. */
  read(i: number, into: PlatformRecord = { kind: 'start', requestId: '', time: 0 }): PlatformRecord {
    into.kind = KINDS[this.kinds[i]!]!;
    into.requestId = this.ids[i]! < 0 ? '' : this.requestIds[this.ids[i]!]!;
    into.time = this.times[i]!;
    const duration = this.durations[i]!;
    into.durationMs = Number.isNaN(duration) ? undefined : duration;
    into.status = STATUSES[this.statuses[i]!];
    into.errorType = this.errorTypes.get(i);

    return into;
  }

  /**
   * Indexes in time order; at the same millisecond a run's lines go in the
   * order Lambda writes them, then in the source's order. Undated records
   * (pasted text) keep the source's order.
   */
  order(): Uint32Array {
    const order = new Uint32Array(this.length);
    for (let i = 0; i < order.length; i++) order[i] = i;
    if (this.undated || (this.sorted && !this.hasTiesOutOfRank())) return order;

    const { times, kinds } = this;
    return order.sort((a, b) => times[a]! - times[b]! || RANK[kinds[a]!]! - RANK[kinds[b]!]! || a - b);
  }

  private hasTiesOutOfRank(): boolean {
    for (let i = 1; i < this.length; i++) {
      if (this.times[i] === this.times[i - 1] && RANK[this.kinds[i]!]! < RANK[this.kinds[i - 1]!]!) return true;
    }

    return false;
  }

  /** Frees the columns once the records are paired. */
  release(): void {
    this.length = 0;
    this.times = new Float64Array(0);
    this.kinds = new Uint8Array(0);
    this.ids = new Int32Array(0);
    this.durations = new Float64Array(0);
    this.statuses = new Uint8Array(0);
    this.errorTypes.clear();
  }

  private grow(): void {
    const size = Math.max(64, this.times.length * 2);
    const grown = <T extends Float64Array | Uint8Array | Int32Array>(from: T, make: new (n: number) => T): T => {
      const to = new make(size);
      to.set(from);
      return to;
    };
    this.times = grown(this.times, Float64Array);
    this.kinds = grown(this.kinds, Uint8Array);
    this.ids = grown(this.ids, Int32Array);
    this.durations = grown(this.durations, Float64Array);
    this.statuses = grown(this.statuses, Uint8Array);
  }
}

// Lambda's own order for the lines of one run, by kind code (see KINDS).
const RANK = [1, 4, 5, 3, 6, 0, 2, 2];

/**
 * Gathers the platform records of every stream as events arrive, keeping
 * nothing else of the events. Request IDs are copied once and shared, so
 * memory grows with the runs, not with the text read.
 */
export class RecordCollector {
  private readonly byStream = new Map<string | null, StreamRecords>();
  private readonly idByHash = new Map<number, number>();
  private readonly idByString = new Map<string, number>();
  private readonly requestIds: string[] = [];
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
    const id = record.requestId === '' ? -1 : this.indexOf(record.requestId);
    if (!Number.isNaN(record.time)) {
      if (record.time < this.firstTime) this.firstTime = record.time;
      if (record.time > this.lastTime) this.lastTime = record.time;
    }
    let stream = this.byStream.get(logStream);
    if (!stream) this.byStream.set(logStream, (stream = new StreamRecords(logStream, this.requestIds)));
    stream.push(record, id);
    this.records++;
  }

  /** The streams' records, for pairing; the ID lookup is no longer needed after this. */
  streams(): StreamRecords[] {
    this.idByHash.clear();
    this.idByString.clear();

    return [...this.byStream.values()];
  }

  *allRecords(): Generator<PlatformRecord> {
    for (const stream of this.byStream.values()) {
      for (let i = 0; i < stream.length; i++) yield stream.read(i);
    }
  }

  /**
   * The index of a request ID in the shared table. Looked up by a 30-bit
   * hash, as a small-integer key is far cheaper than a string cut from a
   * message; the few IDs whose hash is taken go to a map by string.
   */
  private indexOf(id: string): number {
    const hash = hashId(id);
    const index = this.idByHash.get(hash);
    if (index !== undefined && this.requestIds[index] === id) return index;
    if (index !== undefined) return this.indexOfCollided(id);

    const added = this.requestIds.push(flatCopy(id)) - 1;
    this.idByHash.set(hash, added);
    return added;
  }

  private indexOfCollided(id: string): number {
    let index = this.idByString.get(id);
    if (index === undefined) {
      index = this.requestIds.push(flatCopy(id)) - 1;
      this.idByString.set(this.requestIds[index]!, index);
    }

    return index;
  }
}

/** FNV-1a, cut to 30 bits so V8 keeps it a small integer. */
export function hashId(id: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < id.length; i++) hash = Math.imul(hash ^ id.charCodeAt(i), 0x01000193);

  return hash >>> 2;
}
