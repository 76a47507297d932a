import { flatCopy, LineSplitter, LogFormatError, type FormatParser, type LogEventSink } from './parser.js';

const TAIL_TIME = /^(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d+)?(?:Z|[+-]\d{2}:\d{2})?) (.*)$/s;
const PLATFORM_WORD = /^(?:START|END|REPORT|INIT_START|INIT_REPORT|EXTENSION|TELEMETRY)$/;
const TIME_OR_ID = /^(?:\d{4}-\d{2}-\d{2}T|[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-)/;

/**
 * What `aws logs tail` prints: `TIME STREAM MESSAGE` (detailed) or
 * `TIME MESSAGE` (short), where a message's further lines follow without a
 * prefix. Each event is handed on once its last line is read.
 */
export function createTailParser(sink: LogEventSink): FormatParser {
  let pending: { stream: string | null; time: number; lines: string[] } | null = null;
  const streams = new Map<string, string>();

  const flush = () => {
    if (pending) sink(pending.stream, pending.time, pending.lines.join('\n').trimStart());
    pending = null;
  };

  const splitter = new LineSplitter((line, lineNumber) => {
    const match = TAIL_TIME.exec(line);
    if (!match) {
      if (pending) pending.lines.push(line);
      else if (line.trim() !== '') {
        throw new LogFormatError(`line ${lineNumber} does not start with a timestamp`, { line: lineNumber });
      }
      return;
    }
    flush();
    const time = parseTailTime(match[1]!);
    if (Number.isNaN(time)) {
      throw new LogFormatError(`line ${lineNumber} has an invalid timestamp`, { line: lineNumber });
    }
    const { stream, message } = splitStream(match[2]!, streams);
    pending = { stream, time, lines: [message] };
  });

  return {
    push: (chunk: Buffer) => splitter.push(chunk),
    end: () => {
      splitter.end();
      flush();
    },
  };
}

/** The short format prints UTC without a zone; the detailed one adds it. */
function parseTailTime(text: string): number {
  const zoned = /(?:Z|[+-]\d{2}:\d{2})$/.test(text) ? text : `${text}Z`;

  return Date.parse(zoned);
}

function splitStream(rest: string, streams: Map<string, string>): { stream: string | null; message: string } {
  const space = rest.indexOf(' ');
  const first = space === -1 ? rest : rest.slice(0, space);
  if (first === '' || first.startsWith('{') || PLATFORM_WORD.test(first) || TIME_OR_ID.test(first)) {
    return { stream: null, message: rest };
  }
  let stream = streams.get(first);
  if (stream === undefined) streams.set(first, (stream = flatCopy(first)));

  return { stream, message: space === -1 ? '' : rest.slice(space + 1) };
}

/**
 * Text as copied from the console or pasted into a ticket: each line is a
 * message, START, END and REPORT carry no timestamp, and lines of a
 * multi-line message are simply lines that match nothing.
 */
export function createConsoleParser(sink: LogEventSink): FormatParser {
  return new LineSplitter((line) => {
    const message = line.trimStart();
    if (message !== '') sink(null, NaN, message);
  });
}
