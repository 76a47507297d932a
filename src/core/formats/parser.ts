import { StringDecoder } from 'node:string_decoder';

/** Raised by a format parser for input it cannot read; `line` is 1-based. */
export class LogFormatError extends Error {
  readonly line: number;

  constructor(message: string, where: { line: number }) {
    super(message);
    this.name = 'LogFormatError';
    this.line = where.line;
  }
}

/** Receives each log event a parser reads; `timestamp` is NaN where the source has none. */
export type LogEventSink = (logStream: string | null, timestamp: number, message: string) => void;

/** A push parser: fed the bytes in chunks of any size, then told that it ended. */
export interface FormatParser {
  push(chunk: Buffer): void;
  end(): void;
}

/** Splits pushed UTF-8 into lines, whatever the chunk boundaries. */
export class LineSplitter implements FormatParser {
  private rest = '';
  private readonly decoder = new StringDecoder('utf8');
  lineNumber = 0;

  constructor(private readonly onLine: (line: string, lineNumber: number) => void) {}

  push(chunk: Buffer): void {
    const decoded = this.decoder.write(chunk);
    const text = this.rest === '' ? decoded : this.rest + decoded;
    let from = 0;
    for (let nl = text.indexOf('\n'); nl !== -1; nl = text.indexOf('\n', from)) {
      const end = nl > from && text.charCodeAt(nl - 1) === 13 ? nl - 1 : nl;
      this.onLine(text.slice(from, end), ++this.lineNumber);
      from = nl + 1;
    }
    this.rest = text.slice(from);
  }

  end(): void {
    this.rest += this.decoder.end();
    if (this.rest !== '') this.onLine(this.rest.replace(/\r$/, ''), ++this.lineNumber);
    this.rest = '';
  }
}

/**
 * A copy of `text` that shares no memory with the string it was cut from.
 * V8 keeps a whole chunk alive behind a slice of it; what lcron keeps for
 * the length of a run (request IDs, stream names) must not.
 */
export function flatCopy(text: string): string {
  return (' ' + text).slice(1);
}
