import { describe, expect, it } from 'vitest';

import { detectFormat } from '../../src/core/formats/detect-format.js';
import { EventJsonParser } from '../../src/core/formats/event-json.js';
import { LogFormatError, type FormatParser } from '../../src/core/formats/parser.js';
import { createConsoleParser, createTailParser } from '../../src/core/formats/text-logs.js';
import { ID, STREAM, filterLogEventsJson, startLine, t, textRun } from '../helpers/log-lines.js';

type Seen = Array<[string | null, number, string]>;

/** Feeds `text` as UTF-8 in chunks of `chunk` bytes, as the file reader would. */
function collect(
  make: (sink: (s: string | null, ts: number, m: string) => void) => FormatParser,
  text: string,
  chunk = Buffer.byteLength(text),
): Seen {
  const seen: Seen = [];
  const parser = make((stream, ts, message) => seen.push([stream, ts, message]));
  const bytes = Buffer.from(text);
  for (let i = 0; i < bytes.length; i += chunk) parser.push(bytes.subarray(i, i + chunk));
  parser.end();

  return seen;
}

const events = [
  ...textRun(STREAM.one, ID.a, '2026-12-01T12:00:00.000Z', '2026-12-01T12:00:30.000Z'),
  {
    logStreamName: STREAM.two,
    timestamp: t('2026-12-01T12:00:05.000Z'),
    message: 'plain application line with "quotes" and } braces {\n',
  },
];
// The JSON readers drop the line break that ends each Lambda message.
const platformOnly: Seen = events
  .slice(0, 3)
  .map((e) => [e.logStreamName, e.timestamp, e.message.replace(/\n$/, '')]);

describe('filter-log-events JSON', () => {
  const flep = (sink: ConstructorParameters<typeof EventJsonParser>[0]) => new EventJsonParser(sink);

  it('hands on the platform events of a pretty-printed document, skipping the rest', () => {
    expect(collect(flep, filterLogEventsJson(events))).toEqual(platformOnly);
  });

  it('reads the same whatever the chunk boundaries, down to one character', () => {
    const text = filterLogEventsJson(events);
    for (const size of [1, 2, 7, 64, 1000]) expect(collect(flep, text, size)).toEqual(platformOnly);
  });

  it('reads compact JSON, a bare array, keys in any order and concatenated pages', () => {
    const compact = JSON.stringify({ searchedLogStreams: [{ a: [1, { b: '}' }] }], nextToken: null, events });
    expect(collect(flep, compact)).toEqual(platformOnly);
    expect(collect(flep, JSON.stringify(events))).toEqual(platformOnly);
    expect(collect(flep, `${compact}\n${compact}`)).toEqual([...platformOnly, ...platformOnly]);
  });

  it('decodes UTF-8 and escapes in messages and stream names', () => {
    const text = JSON.stringify({
      events: [
        {
          logStreamName: 'a\\"b',
          timestamp: 5,
          message: `START RequestId: ${ID.a} Version: \u00e9\t$LATEST\n`,
        },
      ],
    });
    expect(collect(flep, text, 3)).toEqual([
      ['a\\"b', 5, `START RequestId: ${ID.a} Version: \u00e9\t$LATEST`],
    ]);
  });

  it('fails on a document cut short, with where it stopped', () => {
    const text = filterLogEventsJson(events);
    const cut = text.slice(0, text.length - 40);
    expect(() => collect(flep, cut)).toThrow(LogFormatError);
    expect(() => collect(flep, cut)).toThrow(/ends before its events array is closed/);
  });

  it('fails on text that is not JSON, naming its line', () => {
    try {
      collect(flep, '{"events": [\n {"timestamp": 1,\n "message": "x"}\n oops ]}', 5);
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(LogFormatError);
      expect((error as LogFormatError).message).toBe('line 4: expected "," or "]" between events');
    }
  });
});

const createJsonLinesParser = (sink: ConstructorParameters<typeof EventJsonParser>[0]) =>
  new EventJsonParser(sink, 'event-lines');

describe('JSON lines', () => {
  const text = events.map((e) => JSON.stringify(e)).join('\n') + '\n';

  it('hands on platform events, whatever the chunking', () => {
    for (const size of [1, 13, text.length])
      expect(collect(createJsonLinesParser, text, size)).toEqual(platformOnly);
  });

  it('names the line that is not JSON', () => {
    const cut = `${JSON.stringify(events[0])}\n{"timestamp": 1, "message": "START RequestId: ${ID.a}"\n`;
    expect(() => collect(createJsonLinesParser, cut)).toThrow('line 2: an event object is cut short');
    expect(() => collect(createJsonLinesParser, `${JSON.stringify(events[0])}\nhello\n`)).toThrow(
      'line 2: expected a JSON event object',
    );
    expect(() => collect(createJsonLinesParser, `{"timestamp": 1}\n`)).toThrow(
      'line 1: an event has no "message"',
    );
  });
});

describe('aws logs tail output', () => {
  it('reads the detailed format: time, stream, message', () => {
    const text = `2026-12-01T12:00:00.123000+00:00 ${STREAM.one} ${startLine(ID.a)}2026-12-01T12:00:01.000000+00:00 ${STREAM.one} END RequestId: ${ID.a}\n`;
    expect(collect(createTailParser, text)).toEqual([
      [STREAM.one, t('2026-12-01T12:00:00.123Z'), startLine(ID.a).trimEnd()],
      [STREAM.one, t('2026-12-01T12:00:01.000Z'), `END RequestId: ${ID.a}`],
    ]);
  });

  it('reads the short format, where times are UTC to the second and there is no stream', () => {
    const text = `2026-12-01T12:00:00 ${startLine(ID.a)}2026-12-01T12:00:00 2026-12-01T12:00:00.500Z ${ID.a} Task timed out after 3.00 seconds\n`;
    expect(collect(createTailParser, text)).toEqual([
      [null, t('2026-12-01T12:00:00Z'), startLine(ID.a).trimEnd()],
      [null, t('2026-12-01T12:00:00Z'), `2026-12-01T12:00:00.500Z ${ID.a} Task timed out after 3.00 seconds`],
    ]);
  });

  it('keeps the lines of a multi-line message together', () => {
    const text = `2026-12-01T12:00:00.000000+00:00 ${STREAM.one} \n{\n    "type": "platform.start",\n    "record": {"requestId": "${ID.a}"}\n}\n2026-12-01T12:00:01.000000+00:00 ${STREAM.one} Error: boom\n    at handler (/var/task/index.js:3:9)\n`;
    const seen = collect(createTailParser, text);
    expect(seen).toHaveLength(2);
    expect(JSON.parse(seen[0]![2])).toEqual({ type: 'platform.start', record: { requestId: ID.a } });
    expect(seen[1]![2]).toBe('Error: boom\n    at handler (/var/task/index.js:3:9)');
  });
});

describe('console text', () => {
  it('hands on each non-empty line as an undated message', () => {
    expect(collect(createConsoleParser, `  ${startLine(ID.a)}\n\nEND RequestId: ${ID.a}\r\n`)).toEqual([
      [null, NaN, startLine(ID.a).trimEnd()],
      [null, NaN, `END RequestId: ${ID.a}`],
    ]);
  });
});

describe('detectFormat', () => {
  it('tells each format from its first part', () => {
    expect(detectFormat(filterLogEventsJson(events))).toEqual({ format: 'filter-log-events' });
    expect(detectFormat(`${JSON.stringify(events[0])}\n${JSON.stringify(events[1])}\n`)).toEqual({
      format: 'jsonl',
    });
    expect(detectFormat('[{"timestamp": 1')).toEqual({ format: 'filter-log-events' });
    expect(detectFormat(`2026-12-01T12:00:00.123000+00:00 ${STREAM.one} ${startLine(ID.a)}`)).toEqual({
      format: 'tail',
    });
    expect(detectFormat(`2026-12-01T12:00:00 ${startLine(ID.a)}`)).toEqual({ format: 'tail' });
    expect(detectFormat(`2026-12-01T12:00:00.100Z\t${ID.a}\tINFO\tearly line\n${startLine(ID.a)}`)).toEqual({
      format: 'console',
    });
  });

  it('names the first line when nothing is recognised', () => {
    expect(detectFormat('\nhello world\nmore\n')).toEqual({
      format: null,
      reason: 'line 2 ("hello world") is not a Lambda log line, and no START, END or REPORT line follows',
      line: 2,
    });
    expect(detectFormat('   \n')).toMatchObject({ format: null, reason: 'the input is empty' });
  });
});
