import { grownColumn } from './columns.js';
import type { Invocation, InvocationStatus } from './invocation.js';
import type { RequestIdTable } from './request-ids.js';

export const STATUS: InvocationStatus[] = ['success', 'error', 'timeout', 'unfinished', 'in-progress'];
export const enum Status {
  Success,
  Error,
  Timeout,
  Unfinished,
  InProgress,
}

/** What pairing learns of a run, one bit each. */
export const enum RunFlag {
  Ended = 1,
  Reported = 2,
  TimedOut = 4,
  InvokeError = 8,
  /** Nothing in the input dates this run: it is counted but not placed. */
  Undated = 16,
  InitFailed = 32,
  StartedBeforeWindow = 64,
  TimesInferred = 128,
}

/**
 * Every run, column by column: a few dozen bytes a run where an object a
 * run would cost several times that. Times are epoch ms, NaN for none.
 * `invocation(i)` makes the plain object for the few runs that are shown.
 */
export class RunTable {
  length = 0;
  start: Float64Array;
  end: Float64Array;
  reportedDurationMs: Float64Array;
  doneDurationMs: Float64Array;
  requestId: Int32Array;
  stream: Int32Array;
  status: Uint8Array;
  /** The status REPORT or runtimeDone gave: 0 none, else Status + 1. */
  reportedStatus: Uint8Array;
  flags: Uint8Array;
  /** The next run of the same request ID in the same stream (a retry), or -1. */
  sameId: Int32Array;
  readonly errorType = new Map<number, string>();

  /** `capacity`: the runs expected, so that the columns seldom need to grow. */
  constructor(
    readonly ids: RequestIdTable,
    readonly streamNames: Array<string | null>,
    capacity = 1024,
  ) {
    const size = Math.max(16, capacity);
    this.start = new Float64Array(size);
    this.end = new Float64Array(size);
    this.reportedDurationMs = new Float64Array(size);
    this.doneDurationMs = new Float64Array(size);
    this.requestId = new Int32Array(size);
    this.stream = new Int32Array(size);
    this.status = new Uint8Array(size);
    this.reportedStatus = new Uint8Array(size);
    this.flags = new Uint8Array(size);
    this.sameId = new Int32Array(size);
  }

  add(requestId: number, stream: number, start: number): number {
    if (this.length === this.start.length) this.grow();
    const i = this.length++;
    this.start[i] = start;
    this.end[i] = NaN;
    this.reportedDurationMs[i] = NaN;
    this.doneDurationMs[i] = NaN;
    this.requestId[i] = requestId;
    this.stream[i] = stream;
    this.status[i] = Status.Success;
    this.reportedStatus[i] = 0;
    this.flags[i] = 0;
    this.sameId[i] = -1;

    return i;
  }

  has(i: number, flag: RunFlag): boolean {
    return (this.flags[i]! & flag) !== 0;
  }

  set(i: number, flag: RunFlag): void {
    this.flags[i]! |= flag;
  }

  isDated(i: number): boolean {
    return !Number.isNaN(this.start[i]!) && !Number.isNaN(this.end[i]!);
  }

  invocation(i: number): Invocation {
    const start = this.start[i]!;
    const end = this.end[i]!;
    const reported = this.reportedDurationMs[i]!;

    return {
      requestId: this.ids.get(this.requestId[i]!),
      logStream: this.streamNames[this.stream[i]!] ?? null,
      start: Number.isNaN(start) ? null : start,
      end: Number.isNaN(end) ? null : end,
      reportedDurationMs: Number.isNaN(reported) ? null : reported,
      status: STATUS[this.status[i]!]!,
      errorType: this.errorType.get(i) ?? null,
      startedBeforeWindow: this.has(i, RunFlag.StartedBeforeWindow),
      timesInferred: this.has(i, RunFlag.TimesInferred),
      initFailed: this.has(i, RunFlag.InitFailed),
    };
  }

  private grow(): void {
    const size = Math.ceil(this.start.length * 1.5);
    this.start = grownColumn(this.start, size);
    this.end = grownColumn(this.end, size);
    this.reportedDurationMs = grownColumn(this.reportedDurationMs, size);
    this.doneDurationMs = grownColumn(this.doneDurationMs, size);
    this.requestId = grownColumn(this.requestId, size);
    this.stream = grownColumn(this.stream, size);
    this.status = grownColumn(this.status, size);
    this.reportedStatus = grownColumn(this.reportedStatus, size);
    this.flags = grownColumn(this.flags, size);
    this.sameId = grownColumn(this.sameId, size);
  }
}
