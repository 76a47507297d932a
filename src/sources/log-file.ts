import { open } from 'node:fs/promises';
import type { Readable } from 'node:stream';

import { UsageError } from '../errors.js';
import { detectFormat, type LogFormat } from '../core/formats/detect-format.js';
import { EventJsonParser } from '../core/formats/event-json.js';
import { LogFormatError, type FormatParser, type LogEventSink } from '../core/formats/parser.js';
import { createConsoleParser, createTailParser } from '../core/formats/text-logs.js';

/** Enough of a file to tell its format, and small next to a chunk. */
const HEAD_BYTES = 64 * 1024;
const CHUNK_BYTES = 1024 * 1024;

export interface LogFileReadResult {
  format: LogFormat;
  bytes: number;
}

export function createParser(format: LogFormat, sink: LogEventSink): FormatParser {
  switch (format) {
    case 'filter-log-events':
      return new EventJsonParser(sink, 'documents');
    case 'jsonl':
      return new EventJsonParser(sink, 'event-lines');
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
  const input = path === '-' ? (stdin as AsyncIterable<Buffer>) : fileChunks(path);
  const head: Buffer[] = [];
  let headBytes = 0;
  let reader: Reader | null = null;
  let bytes = 0;

  try {
    for await (let chunk of input) {
      if (bytes === 0) {
        bytes += chunk.length;
        chunk = chunk.subarray(checkEncoding(chunk, label, path));
      } else {
        bytes += chunk.length;
      }
      if (reader) {
        feed(reader, chunk, label);
        continue;
      }
      // Copied: a file's chunks share one buffer.
      head.push(Buffer.from(chunk));
      headBytes += chunk.length;
      if (headBytes >= HEAD_BYTES) reader = openReader(Buffer.concat(head), label, forced, onFormat);
    }
  } catch (error) {
    throw asReadError(error, label);
  }

  reader ??= openReader(Buffer.concat(head), label, forced, onFormat);
  finish(reader.parser, label);

  return { format: reader.format, bytes };
}

/**
 * A file's bytes in chunks, read into one buffer that is reused for each:
 * the parsers copy what they keep, and a big file then costs no allocation
 * a chunk.
 */
async function* fileChunks(path: string): AsyncGenerator<Buffer> {
  const file = await open(path, 'r');
  try {
    const buffer = Buffer.allocUnsafe(CHUNK_BYTES);
    for (;;) {
      const { bytesRead } = await file.read(buffer, 0, CHUNK_BYTES, null);
      if (bytesRead === 0) return;
      yield buffer.subarray(0, bytesRead);
    }
  } finally {
    await file.close();
  }
}

interface Reader {
  format: LogFormat;
  parser: FormatParser;
}

/** Settles the format from the first part of the input and feeds that part. */
function openReader(
  head: Buffer,
  label: string,
  forced: LogFormat | undefined,
  onFormat: (format: LogFormat) => LogEventSink,
): Reader {
  const headText = head.toString('utf8');
  if (headText.trim() === '') {
    throw new UsageError(`${label} is empty`, {
      hint:
        label === 'stdin'
          ? 'pipe a log export into it, such as: aws logs tail GROUP | lcron audit --file -'
          : 'export some log events into it first, or check the path',
    });
  }
  const format = forced ?? decide(label, headText);
  const reader = { format, parser: createParser(format, onFormat(format)) };
  feed(reader, head, label);

  return reader;
}

/** Refuses what lcron cannot read, saying how to convert it; returns the bytes to skip (a UTF-8 BOM). */
function checkEncoding(chunk: Buffer, label: string, path: string): number {
  if (chunk[0] === 0x1f && chunk[1] === 0x8b) {
    throw new UsageError(`${label} is gzip-compressed`, {
      hint: `decompress it first: gunzip -c ${path} | lcron audit --file -`,
    });
  }
  if ((chunk[0] === 0xff && chunk[1] === 0xfe) || (chunk[0] === 0xfe && chunk[1] === 0xff)) {
    throw new UsageError(`${label} is UTF-16 text (as Windows PowerShell writes with >)`, {
      hint: `convert it to UTF-8 first: iconv -f UTF-16 -t UTF-8 ${path} | lcron audit --file -`,
    });
  }

  // Without a byte order mark, UTF-16 shows as a zero byte beside each ASCII one.
  if (
    (chunk[1] === 0 && chunk[3] === 0 && chunk[0] !== 0) ||
    (chunk[0] === 0 && chunk[2] === 0 && chunk[1] !== 0)
  ) {
    throw new UsageError(`${label} looks like UTF-16 text (a zero byte beside each character)`, {
      hint: `convert it to UTF-8 first: iconv -f UTF-16 -t UTF-8 ${path} | lcron audit --file -`,
    });
  }

  return chunk[0] === 0xef && chunk[1] === 0xbb && chunk[2] === 0xbf ? 3 : 0;
}

function decide(label: string, head: string): LogFormat {
  const detection = detectFormat(head);
  if (detection.format) return detection.format;

  throw new UsageError(`${label}: unrecognised log format: ${detection.reason}`, {
    hint: 'expected aws logs filter-log-events JSON, JSON lines, aws logs tail output or text copied from the console; force one with --format',
  });
}

function feed(reader: Reader, chunk: Buffer, label: string): void {
  try {
    reader.parser.push(chunk);
  } catch (error) {
    throw asFormatError(error, label);
  }
}

function finish(parser: FormatParser, label: string): void {
  try {
    parser.end();
  } catch (error) {
    throw asFormatError(error, label);
  }
}

function asFormatError(error: unknown, label: string): unknown {
  if (!(error instanceof LogFormatError)) return error;

  return new UsageError(`${label}: ${error.message}`, {
    hint: 'check that the file is complete, or force the format with --format',
    cause: error,
  });
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
