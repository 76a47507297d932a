import { existsSync } from 'node:fs';
import { open, stat } from 'node:fs/promises';
import { Worker } from 'node:worker_threads';

import { UsageError } from '../errors.js';
import { detectFormat, type LogFormat } from '../core/formats/detect-format.js';
import type { EventJsonLayout, EventJsonPart } from '../core/formats/event-json.js';
import { findSplitPoint } from '../core/formats/split-point.js';
import { RecordCollector } from '../core/record-collector.js';
import type { PartJob, PartResult } from './parse-worker.js';

/** Below this a file is read on one thread: a worker's start costs more than it saves. */
const DEFAULT_MIN_BYTES = 64 * 1024 * 1024;
const HEAD_BYTES = 64 * 1024;
const SAMPLE_BYTES = 1024 * 1024;
const CHUNK_BYTES = 1024 * 1024;
/**
 * A worker's young generation, in MB. The parse makes a great deal of
 * garbage that dies at once: a small young generation keeps the peak
 * memory down at no cost in time.
 */
const YOUNG_GENERATION_MB = 4;

const WORKER = new URL('./parse-worker.js', import.meta.url);

/**
 * Reads a big JSON log in two halves on two threads, cut at an event's
 * start, and merges what they collected in file order. Returns null when
 * the file is small, not JSON, or has no safe place to cut: the caller
 * then reads it on one thread. `minBytes` comes from LCRON_PARALLEL_MIN_BYTES.
 */
export async function readJsonLogInParts(
  path: string,
  forced: LogFormat | undefined,
  minBytes: number = DEFAULT_MIN_BYTES,
): Promise<{ format: LogFormat; collector: RecordCollector; bytes: number } | null> {
  if (path === '-' || !existsSync(WORKER)) return null;
  const size = await stat(path).then(
    (info) => (info.isFile() ? info.size : 0),
    () => 0,
  );
  if (size < Math.max(minBytes, 2 * SAMPLE_BYTES)) return null;

  const head = await readAt(path, 0, HEAD_BYTES);
  const bom = head[0] === 0xef && head[1] === 0xbb && head[2] === 0xbf ? 3 : 0;
  const format = forced ?? detectFormat(head.subarray(bom).toString('utf8')).format;
  if (format !== 'filter-log-events' && format !== 'jsonl') return null;
  const layout: EventJsonLayout = format === 'jsonl' ? 'event-lines' : 'documents';

  const middle = Math.floor(size / 2);
  const split = findSplitPoint(await readAt(path, middle, SAMPLE_BYTES), middle, layout);
  if (split === null) return null;
  const bareArray = head.subarray(bom).toString('latin1').trimStart().startsWith('[');

  const [first, second] = await Promise.all([
    runPart({ path, start: bom, end: split, layout, part: { kind: 'head' }, chunkBytes: CHUNK_BYTES }),
    runPart({
      path,
      start: split,
      end: size,
      layout,
      part: { kind: 'tail', bareArray, firstLine: 1 },
      chunkBytes: CHUNK_BYTES,
    }),
  ]);
  if (!first.ok) throw formatError(path, first, 0);
  if (!second.ok) throw formatError(path, second, await countLines(path, split));

  const collector = new RecordCollector(false);
  collector.absorb(first.records);
  collector.absorb(second.records);

  return { format, collector, bytes: size };
}

function runPart(job: PartJob): Promise<PartResult> {
  return new Promise((resolve, reject) => {
    const worker = new Worker(WORKER, {
      workerData: job,
      resourceLimits: { maxYoungGenerationSizeMb: YOUNG_GENERATION_MB },
    });
    worker.once('message', (result: PartResult) => resolve(result));
    worker.once('error', reject);
    worker.once('exit', (code) => {
      if (code !== 0) reject(new Error(`the parse worker stopped with exit code ${code}`));
    });
  });
}

function formatError(
  path: string,
  result: Extract<PartResult, { ok: false }>,
  linesBefore: number,
): UsageError {
  const message =
    result.line === null
      ? result.message
      : `line ${result.line + linesBefore}: ${result.message.replace(/^line \d+: /, '')}`;

  return new UsageError(`${path}: ${message}`, {
    hint: 'check that the file is complete, or force the format with --format',
  });
}

async function readAt(path: string, position: number, length: number): Promise<Buffer> {
  const file = await open(path, 'r');
  try {
    const buffer = Buffer.alloc(length);
    const { bytesRead } = await file.read(buffer, 0, length, position);
    return buffer.subarray(0, bytesRead);
  } finally {
    await file.close();
  }
}

/** Line breaks before `end`: only to name the line of an error in the second half. */
async function countLines(path: string, end: number): Promise<number> {
  let lines = 0;
  for (let at = 0; at < end; at += CHUNK_BYTES) {
    const chunk = await readAt(path, at, Math.min(CHUNK_BYTES, end - at));
    for (let nl = chunk.indexOf(10); nl !== -1; nl = chunk.indexOf(10, nl + 1)) lines++;
  }

  return lines;
}
