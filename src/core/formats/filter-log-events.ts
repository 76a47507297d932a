import { mayBePlatformText } from '../parse-message.js';
import { flatCopy, LogFormatError, type FormatParser, type LogEventSink } from './format-error.js';

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

const NUMBER = /-?\d+(?:\.\d+)?(?:[eE][+-]?\d+)?/y;
const LITERAL = /[^,}\]\s]+/y;

/**
 * Streams the JSON that `aws logs filter-log-events` prints: one or more
 * documents with an `events` array (or bare arrays of events), in any
 * formatting. Only the events' own fields are read; each event is decoded
 * only when it may be a platform line, so memory does not grow with the
 * file and most of the text is scanned, not parsed.
 */
export class FilterLogEventsParser implements FormatParser {
  private buf = '';
  private pos = 0;
  private consumedChars = 0;
  private state = State.Top;
  private inBareArray = false;
  private documents = 0;
  private readonly streams = new Map<string, string>();

  constructor(private readonly sink: LogEventSink) {}

  push(chunk: string): void {
    this.buf = this.pos === 0 ? this.buf + chunk : this.buf.slice(this.pos) + chunk;
    this.consumedChars += this.pos;
    this.pos = 0;
    this.run();
  }

  end(): void {
    this.skipSpace();
    if (this.state !== State.Top) this.fail('the JSON ends before its events array is closed: is the file cut short?');
    if (this.pos < this.buf.length) this.fail('unexpected text after the JSON document');
    if (this.documents === 0) this.fail('no JSON document was found');
  }

  private run(): void {
    for (;;) {
      const mark = this.pos;
      try {
        if (!this.step()) return;
      } catch (error) {
        if (error !== NEED_MORE) throw error;
        this.pos = mark;
        return;
      }
    }
  }

  /** Reads one unit; false when the buffer is used up at a unit boundary. */
  private step(): boolean {
    this.skipSpace();
    if (this.pos >= this.buf.length) return false;
    const char = this.buf.charCodeAt(this.pos);

    switch (this.state) {
      case State.Top:
        this.pos++;
        this.documents++;
        if (char === 123 /* { */) this.state = State.ObjectKeyOrEnd;
        else if (char === 91 /* [ */) this.beginEvents(true);
        else this.fail('expected the JSON of `aws logs filter-log-events`');
        return true;
      case State.ObjectKeyOrEnd:
      case State.ObjectKey:
        if (char === 125 /* } */ && this.state === State.ObjectKeyOrEnd) {
          this.pos++;
          this.state = State.Top;
          return true;
        }
        this.readTopLevelMember();
        return true;
      case State.ObjectAfterValue:
        if (char === 44 /* , */) this.state = State.ObjectKey;
        else if (char === 125 /* } */) this.state = State.Top;
        else this.fail('expected "," or "}"');
        this.pos++;
        return true;
      case State.EventFirst:
      case State.EventNext:
        if (char === 93 /* ] */ && this.state === State.EventFirst) {
          this.pos++;
          this.endEvents();
          return true;
        }
        this.readEvent();
        this.state = State.EventAfter;
        return true;
      case State.EventAfter:
        if (char === 44 /* , */) this.state = State.EventNext;
        else if (char === 93 /* ] */) this.endEvents();
        else this.fail('expected "," or "]" between events');
        this.pos++;
        return true;
    }
  }

  private beginEvents(bare: boolean): void {
    this.inBareArray = bare;
    this.state = State.EventFirst;
  }

  private endEvents(): void {
    this.state = this.inBareArray ? State.Top : State.ObjectAfterValue;
  }

  private readTopLevelMember(): void {
    const [from, to] = this.readString();
    const isEvents = to - from === 6 && this.buf.startsWith('events', from);
    this.skipSpace();
    this.expect(58 /* : */, '":" after a key');
    this.skipSpace();
    if (!isEvents) {
      this.skipValue();
      this.state = State.ObjectAfterValue;
      return;
    }
    this.expect(91 /* [ */, 'an array for "events"');
    this.beginEvents(false);
  }

  private readEvent(): void {
    this.expect(123 /* { */, 'an event object');
    let stream: string | null = null;
    let timestamp = NaN;
    let messageFrom = -1;
    let messageTo = -1;

    for (let first = true; ; first = false) {
      this.skipSpace();
      const char = this.peek();
      if (char === 125 /* } */ && first) {
        this.pos++;
        break;
      }
      const [keyFrom, keyTo] = this.readString();
      this.skipSpace();
      this.expect(58 /* : */, '":" after a key');
      this.skipSpace();

      const key = this.keyAt(keyFrom, keyTo);
      if (key === 'message' && this.peek() === 34) [messageFrom, messageTo] = this.readString();
      else if (key === 'logStreamName' && this.peek() === 34) stream = this.readStreamName();
      else if (key === 'timestamp') timestamp = this.readNumber();
      else this.skipValue();

      this.skipSpace();
      const after = this.peek();
      if (after !== 125 /* } */ && after !== 44 /* , */) this.fail('expected "," or "}" in an event');
      this.pos++;
      if (after === 125 /* } */) break;
    }

    if (messageFrom === -1) return;
    if (Number.isNaN(timestamp)) this.fail('an event has no numeric "timestamp"');
    const raw = this.buf.slice(messageFrom, messageTo);
    if (!mayBePlatformText(raw)) return;
    this.sink(stream, timestamp, decodeString(raw));
  }

  private keyAt(from: number, to: number): string | null {
    const length = to - from;
    if (length === 7 && this.buf.startsWith('message', from)) return 'message';
    if (length === 9 && this.buf.startsWith('timestamp', from)) return 'timestamp';
    if (length === 13 && this.buf.startsWith('logStreamName', from)) return 'logStreamName';

    return null;
  }

  private readStreamName(): string {
    const [from, to] = this.readString();
    const raw = this.buf.slice(from, to);
    let name = this.streams.get(raw);
    if (name === undefined) {
      name = decodeString(raw);
      // Copy the key so the map does not keep this whole buffer alive.
      this.streams.set(flatCopy(raw), name);
    }

    return name;
  }

  /** Returns the bounds of a string's contents, after its closing quote. */
  private readString(): [number, number] {
    this.expect(34 /* " */, 'a string');
    const from = this.pos;
    let quote = this.buf.indexOf('"', from);
    for (;;) {
      if (quote === -1) throw NEED_MORE;
      let slashes = 0;
      while (this.buf.charCodeAt(quote - 1 - slashes) === 92 /* \ */) slashes++;
      if (slashes % 2 === 0) break;
      quote = this.buf.indexOf('"', quote + 1);
    }
    this.pos = quote + 1;

    return [from, quote];
  }

  private readNumber(): number {
    NUMBER.lastIndex = this.pos;
    const match = NUMBER.exec(this.buf);
    // "-" alone at the end of the buffer may be the start of a number.
    if (!match && this.buf.length - this.pos < 2) throw NEED_MORE;
    if (!match) this.fail('expected a number');
    const end = this.pos + match[0].length;
    if (end >= this.buf.length) throw NEED_MORE;
    this.pos = end;

    return Number(match[0]);
  }

  private skipValue(): void {
    const char = this.peek();
    if (char === 34 /* " */) {
      this.readString();
      return;
    }
    if (char !== 123 && char !== 91) {
      // A number, true, false or null: up to the next delimiter.
      LITERAL.lastIndex = this.pos;
      const match = LITERAL.exec(this.buf);
      if (!match) this.fail('expected a value');
      const end = this.pos + match[0].length;
      if (end >= this.buf.length) throw NEED_MORE;
      this.pos = end;
      return;
    }
    let depth = 0;
    const structural = /["{}[\]]/g;
    for (;;) {
      structural.lastIndex = this.pos;
      const match = structural.exec(this.buf);
      if (!match) throw NEED_MORE;
      this.pos = match.index;
      const found = this.buf.charCodeAt(this.pos);
      if (found === 34) {
        this.readString();
        continue;
      }
      this.pos++;
      depth += found === 123 || found === 91 ? 1 : -1;
      if (depth === 0) return;
    }
  }

  private skipSpace(): void {
    const { buf } = this;
    let { pos } = this;
    while (pos < buf.length) {
      const code = buf.charCodeAt(pos);
      if (code !== 32 && code !== 10 && code !== 13 && code !== 9) break;
      pos++;
    }
    this.pos = pos;
  }

  private peek(): number {
    if (this.pos >= this.buf.length) throw NEED_MORE;

    return this.buf.charCodeAt(this.pos);
  }

  private expect(code: number, what: string): void {
    if (this.peek() !== code) this.fail(`expected ${what}`);
    this.pos++;
  }

  private fail(message: string): never {
    throw new LogFormatError(message, { offset: this.consumedChars + this.pos });
  }
}

function decodeString(raw: string): string {
  return raw.includes('\\') ? (JSON.parse(`"${raw}"`) as string) : raw;
}
