import { mayBePlatformText } from '../parse-message.js';
import { flatCopy, LineSplitter, LogFormatError, type FormatParser, type LogEventSink } from './format-error.js';

interface JsonLineEvent {
  timestamp?: unknown;
  message?: unknown;
  logStreamName?: unknown;
}

/**
 * One CloudWatch event a line, as `jq -c '.events[]'` or a log export
 * writes them. Lines that cannot be platform lines are not parsed at all:
 * that is most of a busy function's log.
 */
export function createJsonLinesParser(sink: LogEventSink): FormatParser {
  const streams = new Map<string, string>();

  return new LineSplitter((line, lineNumber) => {
    const first = firstNonSpace(line);
    if (first === -1) return;
    if (line.charCodeAt(first) !== 123 /* { */) {
      throw new LogFormatError(`line ${lineNumber} is not a JSON object`, { line: lineNumber });
    }
    if (!mayBePlatformText(line)) return;

    let event: JsonLineEvent;
    try {
      event = JSON.parse(line) as JsonLineEvent;
    } catch (error) {
      throw new LogFormatError(`line ${lineNumber} is not valid JSON (${(error as Error).message})`, {
        line: lineNumber,
      });
    }
    const { timestamp, message } = event;
    if (typeof message !== 'string' || (typeof timestamp !== 'number' && typeof timestamp !== 'string')) {
      throw new LogFormatError(`line ${lineNumber} has no "timestamp" and "message" of a log event`, {
        line: lineNumber,
      });
    }

    const time = typeof timestamp === 'number' ? timestamp : Date.parse(timestamp);
    sink(internStream(streams, event.logStreamName), time, message);
  });
}

export function internStream(streams: Map<string, string>, name: unknown): string | null {
  if (typeof name !== 'string') return null;
  let interned = streams.get(name);
  if (interned === undefined) streams.set(name, (interned = flatCopy(name)));

  return interned;
}

function firstNonSpace(line: string): number {
  for (let i = 0; i < line.length; i++) {
    const code = line.charCodeAt(i);
    if (code !== 32 && code !== 9) return i;
  }

  return -1;
}
