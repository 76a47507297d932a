import { createReadStream, readFileSync } from 'node:fs';
import { StringDecoder } from 'node:string_decoder';
import type { Readable } from 'node:stream';

import { UsageError } from '../errors.js';
import { detectFormat, type LogFormat } from '../core/formats/detect-format.js';
import { FilterLogEventsParser } from '../core/formats/filter-log-events.js';
import { LogFormatError, type FormatParser, type LogEventSink } from '../core/formats/format-error.js';
import { createJsonLinesParser } from '../core/formats/json-lines.js';
import { createConsoleParser, createTailParser } from '../core/formats/text-logs.js';

/** Enough of a file to tell its format, and small next to a chunk. */
const HEAD_CHARS = 64 * 1024;
const CHUNK_BYTES = 1024 * 1024;

export interface LogFileReadResult {
  format: LogFormat;
  bytes: number;
}

export function createParser(format: LogFormat, sink: LogEventSink): FormatParser {
  switch (format) {
    case 'filter-log-events':
      return new FilterLogEventsParser(sink);
    case 'jsonl':
      return createJsonLinesParser(sink);
    case 'tail':
      return createTailParser(sink);
    case 'console':
      return createConsoleParser(sink);
  }
}

/**
 * Streams a log file (or stdin, as `-`) into a sink, detecting its format
 * from its first part unless one is forced. Memory stays flat: only the
 * current chunk and the parser's small state are held.
 */
export async function readLogFile(
  path: string,
  stdin: Readable,
  forced: LogFormat | undefined,
  onFormat: (format: LogFormat) => LogEventSink,
): Promise<LogFileReadResult> {
  const label = path === '-' ? 'stdin' : path;
  const input = path === '-' ? stdin : createReadStream(path, { highWaterMark: CHUNK_BYTES });
  const decoder = new StringDecoder('utf8');
  let head = '';
  let parser: FormatParser | null = null;
  let format: LogFormat | null = forced ?? null;
  let bytes = 0;

  const begin = (text: string) => {
    if (format === null) format = decide(label, text);
    parser = createParser(format, onFormat(format));
    feed(parser, text, label, path);
  };

  try {
    for await (const chunk of input as AsyncIterable<Buffer>) {
      if (bytes === 0 && chunk[0] === 0x1f && chunk[1] === 0x8b) {
        throw new UsageError(`${label} is gzip-compressed`, {
          hint: `decompress it first: gunzip -c ${path} | lcron audit --file -`,
        });
      }
      bytes += chunk.length;
      const text = decoder.write(chunk);
      if (parser) feed(parser, text, label, path);
      else if ((head += text).length >= HEAD_CHARS) {
        begin(head);
        head = '';
      }
    }
  } catch (error) {
    throw asReadError(error, label);
  }

  const rest = head + decoder.end();
  if (bytes === 0 || (!parser && rest.trim() === '')) {
    throw new UsageError(`${label} is empty`, { hint: 'export some log events into it first, or check the path' });
  }
  if (!parser) begin(rest);
  else if (rest !== '') feed(parser, rest, label, path);
  finish(parser!, label, path);

  return { format: format!, bytes };
}

function decide(label: string, head: string): LogFormat {
  const detection = detectFormat(head);
  if (detection.format) return detection.format;

  throw new UsageError(`${label}: unrecognised log format: ${detection.reason}`, {
    hint: 'expected aws logs filter-log-events JSON, JSON lines, aws logs tail output or text copied from the console; force one with --format',
  });
}

function feed(parser: FormatParser, text: string, label: string, path: string): void {
  try {
    parser.push(text);
  } catch (error) {
    throw asFormatError(error, label, path);
  }
}

function finish(parser: FormatParser, label: string, path: string): void {
  try {
    parser.end();
  } catch (error) {
    throw asFormatError(error, label, path);
  }
}

function asFormatError(error: unknown, label: string, path: string): unknown {
  if (!(error instanceof LogFormatError)) return error;
  const where =
    error.line !== undefined
      ? `line ${error.line}`
      : path === '-'
        ? `character ${error.offset}`
        : `line ${lineAtOffset(path, error.offset ?? 0)}`;
  const message = error.message.startsWith('line ') ? error.message : `${where}: ${error.message}`;

  return new UsageError(`${label}: ${message}`, {
    hint: 'check that the file is complete, or force the format with --format',
    cause: error,
  });
}

/** Finds the line of a character offset by reading the file again: errors only. */
function lineAtOffset(path: string, offset: number): number {
  // Synchronous on purpose: this runs once, on the way out with an error.
  const text = readFileSync(path, 'utf8').slice(0, offset);
  let line = 1;
  for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) line++;

  return line;
}

function asReadError(error: unknown, label: string): unknown {
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  const reasons: Record<string, string> = {
    ENOENT: 'no such file',
    EACCES: 'permission denied',
    EISDIR: 'it is a directory',
    EPERM: 'permission denied',
  };
  if (code && reasons[code]) {
    return new UsageError(`cannot read ${label}: ${reasons[code]}`, {
      hint: 'pass the path of a log export with --file, or - for stdin',
      cause: error,
    });
  }

  return error;
}
