import { grownColumn } from './columns.js';
import type { PlatformRecord, RecordKind, ReportedStatus } from './platform-record.js';
import type { RequestIdTable } from './request-ids.js';

const KINDS: RecordKind[] = [
  'start',
  'end',
  'report',
  'runtime-done',
  'timeout',
  'init-failure',
  'app-line',
  'invoke-error',
];
const KIND_CODE = new Map(KINDS.map((kind, i) => [kind, i]));
const STATUSES: Array<ReportedStatus | undefined> = [undefined, 'success', 'error', 'timeout'];
const STATUS_CODE = new Map(STATUSES.map((status, i) => [status, i]));
const NO_DURATION = 0xffffffff;
const MAX_DURATION = NO_DURATION - 1;

/** One stream's records as plain typed arrays, as a worker thread sends them. */
export interface ExportedStream {
  logStream: string | null;
  length: number;
  times: Float64Array;
  kinds: Uint8Array;
  ids: Int32Array;
  durations: Uint32Array;
  statuses: Uint8Array;
  errorTypes: Array<[number, string]>;
  sorted: boolean;
  undated: boolean;
}

/** What a worker thread collected from its part of a file. */
export interface ExportedRecords {
  streams: ExportedStream[];
  idWords: Int32Array;
  records: number;
  starts: number;
  firstTime: number;
  lastTime: number;
}

/**
 * The records of one log stream, column by column in typed arrays: a
 * million-event log keeps a few bytes a line, not an object a line.
 */
export class StreamRecords {
  length = 0;
  private times: Float64Array<ArrayBufferLike> = new Float64Array(64);
  private kinds: Uint8Array<ArrayBufferLike> = new Uint8Array(64);
  private idColumn: Int32Array<ArrayBufferLike> = new Int32Array(64);
  /** Whole microseconds, NO_DURATION for none: Lambda's durations fit, with the precision lcron prints. */
  private durations: Uint32Array<ArrayBufferLike> = new Uint32Array(64);
  private statuses: Uint8Array<ArrayBufferLike> = new Uint8Array(64);
  private readonly errorTypes = new Map<number, string>();
  private sorted = true;
  private undated = false;

  constructor(
    readonly logStream: string | null,
    /** This stream's place in the collector's list of streams. */
    readonly index: number,
    private readonly ids: RequestIdTable,
  ) {}

  push(record: PlatformRecord, idIndex: number): void {
    if (this.length === this.times.length) this.grow();
    const i = this.length++;
    this.times[i] = record.time;
    this.kinds[i] = KIND_CODE.get(record.kind)!;
    this.idColumn[i] = idIndex;
    this.durations[i] =
      record.durationMs === undefined
        ? NO_DURATION
        : Math.min(MAX_DURATION, Math.round(record.durationMs * 1000));
    this.statuses[i] = STATUS_CODE.get(record.status)!;
    if (record.errorType !== undefined) this.errorTypes.set(i, record.errorType);
    if (Number.isNaN(record.time)) this.undated = true;
    else if (i > 0 && !(this.times[i - 1]! <= record.time)) this.sorted = false;
  }

  /** Record `i` as a plain object; `into` is reused to spare an allocation a line. */
  read(i: number, into: PlatformRecord = { kind: 'start', requestId: '', time: 0 }): PlatformRecord {
    into.kind = KINDS[this.kinds[i]!]!;
    into.requestId = this.idColumn[i]! < 0 ? '' : this.ids.get(this.idColumn[i]!);
    into.time = this.times[i]!;
    const duration = this.durationAt(i);
    into.durationMs = Number.isNaN(duration) ? undefined : duration;
    into.status = STATUSES[this.statuses[i]!];
    into.errorType = this.errorTypes.get(i);

    return into;
  }

  kindAt(i: number): RecordKind {
    return KINDS[this.kinds[i]!]!;
  }

  kindCodeAt(i: number): number {
    return this.kinds[i]!;
  }

  timeAt(i: number): number {
    return this.times[i]!;
  }

  /** The request ID's index in the collector's table; -1 for none. */
  idAt(i: number): number {
    return this.idColumn[i]!;
  }

  /** Milliseconds; NaN when the record gives none. */
  durationAt(i: number): number {
    const micros = this.durations[i]!;

    return micros === NO_DURATION ? NaN : micros / 1000;
  }

  statusAt(i: number): ReportedStatus | undefined {
    return STATUSES[this.statuses[i]!];
  }

  errorTypeAt(i: number): string | undefined {
    return this.errorTypes.get(i);
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
      if (this.times[i] === this.times[i - 1] && RANK[this.kinds[i]!]! < RANK[this.kinds[i - 1]!]!)
        return true;
    }

    return false;
  }

  /** The columns themselves (not copies: this stream is done with), for another thread to take over. */
  export(): ExportedStream {
    return {
      logStream: this.logStream,
      length: this.length,
      times: this.times,
      kinds: this.kinds,
      ids: this.idColumn,
      durations: this.durations,
      statuses: this.statuses,
      errorTypes: [...this.errorTypes],
      sorted: this.sorted,
      undated: this.undated,
    };
  }

  /**
   * Appends records read by another parser; `idMap` maps its ID indexes to
   * this table's. Into an empty stream the columns are taken over as they
   * are, without a copy.
   */
  append(part: ExportedStream, idMap: Int32Array): void {
    const from = this.length;
    const n = part.length;
    for (let i = 0; i < n; i++) part.ids[i] = part.ids[i]! < 0 ? -1 : idMap[part.ids[i]!]!;
    if (from === 0) {
      this.times = part.times;
      this.kinds = part.kinds;
      this.idColumn = part.ids;
      this.durations = part.durations;
      this.statuses = part.statuses;
    } else {
      while (this.times.length < from + n) this.grow();
      this.times.set(part.times.subarray(0, n), from);
      this.kinds.set(part.kinds.subarray(0, n), from);
      this.idColumn.set(part.ids.subarray(0, n), from);
      this.durations.set(part.durations.subarray(0, n), from);
      this.statuses.set(part.statuses.subarray(0, n), from);
    }
    for (const [i, errorType] of part.errorTypes) this.errorTypes.set(from + i, errorType);
    const inOrder = from === 0 || n === 0 || this.times[from - 1]! <= this.times[from]!;
    this.sorted = this.sorted && part.sorted && inOrder;
    this.undated = this.undated || part.undated;
    this.length += n;
  }

  /** Frees the columns once the records are paired. */
  release(): void {
    this.length = 0;
    this.times = new Float64Array(0);
    this.kinds = new Uint8Array(0);
    this.idColumn = new Int32Array(0);
    this.durations = new Uint32Array(0);
    this.statuses = new Uint8Array(0);
    this.errorTypes.clear();
  }

  private grow(): void {
    // Grow by half: less slack than doubling, for columns that hold most of the memory.
    const size = Math.max(64, Math.ceil(this.times.length * 1.5));
    this.times = grownColumn(this.times, size);
    this.kinds = grownColumn(this.kinds, size);
    this.idColumn = grownColumn(this.idColumn, size);
    this.durations = grownColumn(this.durations, size);
    this.statuses = grownColumn(this.statuses, size);
  }
}

// Lambda's own order for the lines of one run, by kind code (see KINDS).
const RANK = [1, 4, 5, 3, 6, 0, 2, 2];
