import { LogFormatError, type FormatParser, type LogEventSink } from './parser.js';

/** Thrown inside a step when the buffer ends before the step's unit does. */
const NEED_MORE = Symbol('need more input');

const enum State {
  Top,
  ObjectKeyOrEnd,
  ObjectKey,
  ObjectAfterValue,
  EventFirst,
  EventNext,
  EventAfter,
}

const enum Byte {
  Tab = 9,
  Newline = 10,
  Space = 32,
  Quote = 34,
  Comma = 44,
  Minus = 45,
  Dot = 46,
  Zero = 48,
  Nine = 57,
  Colon = 58,
  OpenBracket = 91,
  Backslash = 92,
  CloseBracket = 93,
  OpenBrace = 123,
  CloseBrace = 125,
}

/**
 * `documents`: the JSON that `aws logs filter-log-events` prints, one or
 * more documents with an `events` array (or bare arrays of events).
 * `event-lines`: one event object after another, as in JSON lines.
 */
export type EventJsonLayout = 'documents' | 'event-lines';

/**
 * Which part of a file a parser reads, when a big file is split between
 * threads at an event's start: `whole`; the `head`, which may stop after
 * the comma that ends an event; or the `tail`, which starts at an event
 * inside an events array (of an object document, or a bare array).
 */
export type EventJsonPart = { kind: 'whole' } | { kind: 'head' } | { kind: 'tail' };

const KEY = {
  message: Buffer.from('message'),
  timestamp: Buffer.from('timestamp'),
  logStreamName: Buffer.from('logStreamName'),
  events: Buffer.from('events'),
};
const START = Buffer.from('START RequestId:');
const END = Buffer.from('END RequestId:');
const REPORT = Buffer.from('REPORT RequestId:');
const INIT_REPORT = Buffer.from('INIT_REPORT');
const PLATFORM = Buffer.from('platform.');
const TASK_TIMED_OUT = Buffer.from('Task timed out');
const INVOKE_ERROR = Buffer.from('Invoke Error');
/** How far into a line "Task timed out" or "Invoke Error" can stand: after a time, a request ID, a level. */
const RUNTIME_LINE_REACH = 160;
const RECENT_STREAMS = 8;

/**
 * Streams CloudWatch log events out of JSON in any formatting, working on
 * the bytes. Strings are jumped over with indexOf, so most of the text is
 * never looked at one character at a time; only the messages that may be
 * platform lines are decoded. Memory holds one chunk and a few names.
 */
export class EventJsonParser implements FormatParser {
  private buf: Buffer = Buffer.alloc(0);
  private work: Buffer = Buffer.alloc(0);
  private pos = 0;
  private line = 1;
  private state = State.Top;
  /** Null while a tail part does not know yet (see endEvents). */
  private inBareArray: boolean | null = false;
  private units = 0;
  /** Set by end(): no more input will come. */
  private ended = false;
  private eventArrays = 0;
  /** Where the contents of the string `skipString` last passed begin. */
  private stringFrom = 0;
  private readonly streams = new Map<string, string>();
  private readonly recentStreams: Array<{ raw: Buffer; name: string }> = [];

  constructor(
    private readonly sink: LogEventSink,
    private readonly layout: EventJsonLayout = 'documents',
    private readonly part: EventJsonPart = { kind: 'whole' },
  ) {
    if (part.kind !== 'tail') return;
    this.units = 1;
    // Whether this events array is bare or an object's "events" is told
    // when it closes, by what follows it.
    if (layout === 'documents') this.beginEvents(null);
  }

  /**
   * Takes the next chunk. The chunk is copied behind what is left of the
   * last one into a work buffer kept from chunk to chunk, so the caller may
   * reuse it and no buffer is allocated per chunk.
   */
  push(chunk: Buffer): void {
    const rest = this.buf.length - this.pos;
    if (rest + chunk.length > this.work.length) {
      const grown = Buffer.allocUnsafe(Math.max(rest + chunk.length, this.work.length * 2));
      this.buf.copy(grown, 0, this.pos);
      this.work = grown;
    } else if (rest > 0) {
      this.buf.copy(this.work, 0, this.pos);
    }
    chunk.copy(this.work, rest);
    this.buf = this.work.subarray(0, rest + chunk.length);
    this.pos = 0;
    this.run();
  }

  end(): void {
    this.ended = true;
    this.run();
    this.skipSpace();
    const headEndsBetweenEvents =
      this.part.kind === 'head' && this.state === State.EventNext && this.pos >= this.buf.length;
    if (headEndsBetweenEvents) return;
    if (this.state !== State.Top)
      this.fail('the JSON ends before its events array is closed: is the file cut short?');
    if (this.pos < this.buf.length) {
      this.fail(
        this.layout === 'documents'
          ? 'unexpected text after the JSON document'
          : 'an event object is cut short',
      );
    }
    if (this.units === 0) this.fail('no JSON document was found');
    if (this.layout === 'documents' && this.eventArrays === 0) {
      this.fail('no "events" array: is this the output of `aws logs filter-log-events`?');
    }
  }

  private run(): void {
    for (;;) {
      const mark = this.pos;
      const line = this.line;
      try {
        if (!this.step()) return;
      } catch (error) {
        if (error !== NEED_MORE) throw error;
        this.pos = mark;
        this.line = line;
        return;
      }
    }
  }

  /** Reads one unit; false when the buffer is used up at a unit boundary. */
  private step(): boolean {
    this.skipSpace();
    if (this.pos >= this.buf.length) return false;
    const byte = this.buf[this.pos]!;

    switch (this.state) {
      case State.Top:
        return this.stepTop(byte);
      case State.ObjectKeyOrEnd:
      case State.ObjectKey:
        if (byte === Byte.CloseBrace && this.state === State.ObjectKeyOrEnd) {
          this.pos++;
          this.state = State.Top;
          return true;
        }
        this.readTopLevelMember();
        return true;
      case State.ObjectAfterValue:
        if (byte === Byte.Comma) this.state = State.ObjectKey;
        else if (byte === Byte.CloseBrace) this.state = State.Top;
        else this.fail('expected "," or "}"');
        this.pos++;
        return true;
      case State.EventFirst:
      case State.EventNext:
        if (byte === Byte.CloseBracket && this.state === State.EventFirst) {
          this.pos++;
          this.endEvents();
          return true;
        }
        if (byte !== Byte.OpenBrace) this.fail('expected an event object');
        this.readEvent();
        this.state = State.EventAfter;
        return true;
      case State.EventAfter:
        if (byte !== Byte.Comma && byte !== Byte.CloseBracket)
          this.fail('expected "," or "]" between events');
        this.pos++;
        if (byte === Byte.Comma) this.state = State.EventNext;
        else this.endEvents();
        return true;
    }
  }

  private stepTop(byte: number): boolean {
    if (this.layout === 'event-lines') {
      if (byte !== Byte.OpenBrace) this.fail('expected a JSON event object');
      this.readEvent();
      this.units++;
      return true;
    }
    this.units++;
    if (byte === Byte.OpenBrace) this.state = State.ObjectKeyOrEnd;
    else if (byte === Byte.OpenBracket) this.beginEvents(true);
    else this.fail('expected the JSON of `aws logs filter-log-events`');
    this.pos++;

    return true;
  }

  private beginEvents(bare: boolean | null): void {
    this.eventArrays++;
    this.inBareArray = bare;
    this.state = State.EventFirst;
  }

  /** Called just past the "]" that closes an events array. */
  private endEvents(): void {
    if (this.inBareArray === null) {
      // After an object's events array comes "," or "}"; after a bare one, another document or the end.
      this.skipSpace();
      const next = this.buf[this.pos];
      if (next === undefined && !this.ended) throw NEED_MORE;
      this.inBareArray = next !== Byte.Comma && next !== Byte.CloseBrace;
    }
    this.state = this.inBareArray ? State.Top : State.ObjectAfterValue;
  }

  private readTopLevelMember(): void {
    const [from, to] = this.readString();
    this.skipSpace();
    this.expect(Byte.Colon, '":" after a key');
    this.skipSpace();
    if (!bytesEqual(this.buf, from, to, KEY.events)) {
      this.skipValue();
      this.state = State.ObjectAfterValue;
      return;
    }
    this.expect(Byte.OpenBracket, 'an array for "events"');
    this.beginEvents(false);
  }

  /** Reads one event object: the loop a big file spends its time in. */
  private readEvent(): void {
    this.pos++; // past "{", which the caller saw
    let stream: string | null = null;
    let timestamp = NaN;
    let messageFrom = -1;
    let messageTo = -1;

    for (let first = true; ; first = false) {
      this.skipSpace();
      if (this.peek() === Byte.CloseBrace && first) {
        this.pos++;
        break;
      }
      const keyTo = this.skipString();
      const keyFrom = this.stringFrom;
      this.skipSpace();
      this.expect(Byte.Colon, '":" after a key');
      this.skipSpace();
      const isString = this.peek() === Byte.Quote;

      if (isString && bytesEqual(this.buf, keyFrom, keyTo, KEY.message)) {
        messageTo = this.skipString();
        messageFrom = this.stringFrom;
      } else if (isString && bytesEqual(this.buf, keyFrom, keyTo, KEY.logStreamName)) {
        const to = this.skipString();
        stream = this.streamName(this.stringFrom, to);
      } else if (bytesEqual(this.buf, keyFrom, keyTo, KEY.timestamp)) {
        timestamp = this.readTimestamp();
      } else if (this.layout === 'event-lines' && bytesEqual(this.buf, keyFrom, keyTo, KEY.events)) {
        this.fail('found an "events" array: this is filter-log-events JSON, not one event a line');
      } else if (isString) {
        this.skipString();
      } else {
        this.skipValue();
      }

      this.skipSpace();
      const after = this.peek();
      if (after !== Byte.CloseBrace && after !== Byte.Comma) this.fail('expected "," or "}" in an event');
      this.pos++;
      if (after === Byte.CloseBrace) break;
    }

    if (messageFrom === -1) this.fail('an event has no "message" string');
    if (Number.isNaN(timestamp)) this.fail('an event has no "timestamp"');
    if (!mayBePlatformBytes(this.buf, messageFrom, messageTo)) return;
    this.sink(stream, timestamp, this.decode(messageFrom, messageTo));
  }

  /** Stream names repeat on every event: compare bytes with the last few first. */
  private streamName(from: number, to: number): string {
    const last = this.buf[to - 1];
    for (const known of this.recentStreams) {
      // Lambda's stream names differ in their last characters: test those first.
      if (known.raw[known.raw.length - 1] === last && bytesEqual(this.buf, from, to, known.raw))
        return known.name;
    }
    const name = this.decode(from, to);
    const shared = this.streams.get(name) ?? name;
    this.streams.set(shared, shared);
    this.recentStreams.unshift({ raw: Buffer.from(this.buf.subarray(from, to)), name: shared });
    if (this.recentStreams.length > RECENT_STREAMS) this.recentStreams.pop();

    return shared;
  }

  private decode(from: number, to: number): string {
    try {
      return decodeString(this.buf, from, to);
    } catch {
      return this.fail('a string holds an escape that JSON does not have (a stray backslash)');
    }
  }

  /** Epoch ms as a number, or an ISO-8601 string as some exports write it. */
  private readTimestamp(): number {
    if (this.peek() !== Byte.Quote) return this.readNumber();
    const [from, to] = this.readString();

    return Date.parse(this.buf.toString('latin1', from, to));
  }

  /** Returns the bounds of a string's contents and moves past its closing quote. */
  private readString(): [number, number] {
    const to = this.skipString();

    return [this.stringFrom, to];
  }

  /** Moves past a string; returns where its contents end and leaves their start in `stringFrom`. */
  private skipString(): number {
    this.expect(Byte.Quote, 'a string');
    this.stringFrom = this.pos;
    const quote = stringEnd(this.buf, this.pos);
    this.pos = quote + 1;

    return quote;
  }

  private readNumber(): number {
    const { buf } = this;
    const from = this.pos;
    let pos = from;
    // Epoch milliseconds: whole digits, read without making a string.
    let whole = 0;
    while (pos < buf.length && buf[pos]! >= Byte.Zero && buf[pos]! <= Byte.Nine)
      whole = whole * 10 + buf[pos++]! - Byte.Zero;
    if (pos < buf.length && pos > from && isDelimiter(buf[pos]!)) {
      this.pos = pos;
      return whole;
    }
    pos = from;
    while (pos < buf.length && isNumberByte(buf[pos]!)) pos++;
    // The number may go on in the next chunk.
    if (pos >= buf.length) throw NEED_MORE;
    const text = buf.toString('latin1', from, pos);
    const value = Number(text);
    if (text === '' || !Number.isFinite(value)) this.fail('expected a number');
    this.pos = pos;

    return value;
  }

  private skipValue(): void {
    const byte = this.peek();
    if (byte === Byte.Quote) {
      this.readString();
      return;
    }
    if (byte !== Byte.OpenBrace && byte !== Byte.OpenBracket) {
      this.skipLiteral();
      return;
    }
    for (let depth = 0; ;) {
      this.skipSpace();
      const next = this.peek();
      if (next === Byte.Quote) {
        this.readString();
        continue;
      }
      this.pos++;
      if (next === Byte.OpenBrace || next === Byte.OpenBracket) depth++;
      else if (next === Byte.CloseBrace || next === Byte.CloseBracket) depth--;
      if (depth === 0) return;
    }
  }

  /** A number, true, false or null: up to the next delimiter. */
  private skipLiteral(): void {
    const { buf } = this;
    let pos = this.pos;
    while (pos < buf.length && !isDelimiter(buf[pos]!)) pos++;
    if (pos >= buf.length) throw NEED_MORE;
    if (pos === this.pos) this.fail('expected a value');
    this.pos = pos;
  }

  /** JSON strings hold no raw newline, so lines are counted in the space between tokens. */
  private skipSpace(): void {
    const { buf } = this;
    let { pos } = this;
    while (pos < buf.length) {
      const byte = buf[pos]!;
      if (byte === Byte.Newline) this.line++;
      else if (byte !== Byte.Space && byte !== Byte.Tab && byte !== 13) break;
      pos++;
    }
    this.pos = pos;
  }

  private peek(): number {
    if (this.pos >= this.buf.length) throw NEED_MORE;

    return this.buf[this.pos]!;
  }

  private expect(byte: number, what: string): void {
    if (this.peek() !== byte) this.fail(`expected ${what}`);
    this.pos++;
  }

  private fail(message: string): never {
    throw new LogFormatError(`line ${this.line}: ${message}`, { line: this.line });
  }
}

/** Strings shorter than this are scanned in a loop; longer ones by indexOf. */
const SHORT_STRING = 24;

/**
 * The index of the quote that closes the string whose contents start at
 * `from`. Keys and IDs are short, and a loop beats the cost of a call into
 * Buffer.indexOf; messages are long, and indexOf then wins.
 */
function stringEnd(buf: Buffer, from: number): number {
  const length = buf.length;
  const shortEnd = Math.min(length, from + SHORT_STRING);
  let i = from;
  for (; i < shortEnd; i++) {
    const byte = buf[i]!;
    if (byte === Byte.Quote) return i;
    if (byte === Byte.Backslash) i++;
  }
  if (i >= length) throw NEED_MORE;

  for (let quote = buf.indexOf(Byte.Quote, i); ; quote = buf.indexOf(Byte.Quote, quote + 1)) {
    if (quote === -1) throw NEED_MORE;
    let slashes = 0;
    while (quote - 1 - slashes >= from && buf[quote - 1 - slashes] === Byte.Backslash) slashes++;
    if (slashes % 2 === 0) return quote;
  }
}

function bytesEqual(buf: Buffer, from: number, to: number, expected: Buffer): boolean {
  const length = expected.length;
  if (to - from !== length) return false;
  for (let i = 0; i < length; i++) if (buf[from + i] !== expected[i]) return false;

  return true;
}

function startsWithBytes(buf: Buffer, from: number, to: number, prefix: Buffer): boolean {
  return to - from >= prefix.length && bytesEqual(buf, from, from + prefix.length, prefix);
}

function containsBytes(buf: Buffer, from: number, to: number, needle: Buffer): boolean {
  const first = needle[0]!;
  for (let i = from; i + needle.length <= to; i++) {
    if (buf[i] === first && bytesEqual(buf, i, i + needle.length, needle)) return true;
  }

  return false;
}

/** Whether an application line says "Task timed out" or "Invoke Error": one pass over its start. */
function runtimeLineMatters(buf: Buffer, from: number, to: number): boolean {
  for (let i = from; i < to; i++) {
    const byte = buf[i];
    if (
      byte === 84 /* T */ &&
      i + TASK_TIMED_OUT.length <= to &&
      bytesEqual(buf, i, i + TASK_TIMED_OUT.length, TASK_TIMED_OUT)
    )
      return true;
    if (
      byte === 73 /* I */ &&
      i + INVOKE_ERROR.length <= to &&
      bytesEqual(buf, i, i + INVOKE_ERROR.length, INVOKE_ERROR)
    )
      return true;
  }

  return false;
}

/**
 * The byte-level twin of `mayBePlatformText`: whether a raw message could
 * be a platform line, decided mostly from its first byte.
 */
function mayBePlatformBytes(buf: Buffer, from: number, to: number): boolean {
  switch (buf[from]) {
    case 83 /* S */:
      return startsWithBytes(buf, from, to, START);
    case 69 /* E */:
      return startsWithBytes(buf, from, to, END);
    case 82 /* R */:
      return startsWithBytes(buf, from, to, REPORT);
    case 73 /* I */:
      return startsWithBytes(buf, from, to, INIT_REPORT);
    case Byte.OpenBrace:
      return containsBytes(buf, from, to, PLATFORM);
    default:
      return runtimeLineMatters(buf, from, Math.min(to, from + RUNTIME_LINE_REACH));
  }
}

/**
 * The string a raw JSON string body stands for, UTF-8 decoded, escapes
 * undone, and without the line break Lambda ends each message with, which
 * carries nothing. Most platform lines are ASCII ending in that one `\n`:
 * they are read as latin1 and skip JSON.parse.
 */
function decodeString(buf: Buffer, from: number, to: number): string {
  // A loop rather than subarray().indexOf(): no object a message.
  let slash = -1;
  for (let i = from; i < to; i++) {
    if (buf[i] === Byte.Backslash) {
      slash = i;
      break;
    }
  }
  if (slash === -1) return buf.toString('utf8', from, to);
  if (slash === to - 2 && buf[to - 1] === 110 /* n */) return buf.toString('utf8', from, to - 2);
  const text = JSON.parse(`"${buf.toString('utf8', from, to)}"`) as string;

  return text.endsWith('\n') ? text.slice(0, -1) : text;
}

function isNumberByte(byte: number): boolean {
  return (
    (byte >= Byte.Zero && byte <= Byte.Nine) ||
    byte === Byte.Minus ||
    byte === Byte.Dot ||
    byte === 43 ||
    byte === 101 ||
    byte === 69
  );
}

function isDelimiter(byte: number): boolean {
  return byte === Byte.Comma || byte === Byte.CloseBrace || byte === Byte.CloseBracket || byte <= Byte.Space;
}
