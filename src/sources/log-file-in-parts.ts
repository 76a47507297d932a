import { existsSync } from 'node:fs';
import { open, stat } from 'node:fs/promises';
import { Worker } from 'node:worker_threads';

import { detectFormat, type LogFormat } from '../core/formats/detect-format.js';
import type { EventJsonLayout, EventJsonPart } from '../core/formats/event-json.js';
import { findSplitPoint } from '../core/formats/split-point.js';
import { RecordCollector } from '../core/record-collector.js';
import type { PartJob, PartResult } from './parse-worker.js';

const HEAD_BYTES = 64 * 1024;
const SAMPLE_BYTES = 1024 * 1024;
const CHUNK_BYTES = 1024 * 1024;
/** The parse workers' young generation, in MB: see file-audit.ts. */
const YOUNG_GENERATION_MB = 4;

const WORKER = new URL('./parse-worker.js', import.meta.url);

/**
 * Reads a big JSON log in two halves on two threads, cut at an event's
 * start, and merges what they collected in file order. Returns null when
 * the file is small, not JSON, has no safe place to cut, or either half
 * fails: the caller then reads it whole on one thread, which gives the
 * answer (or the error) the file deserves. A cut in the wrong place shows
 * as a first half that does not end between two events.
 */
export async function readJsonLogInParts(
  path: string,
  forced: LogFormat | undefined,
  /** Smaller files are read on one thread: starting workers would cost more than they save. */
  minBytes: number,
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
  const sample = await readAt(path, middle, SAMPLE_BYTES).catch(() => null);
  const split = sample && findSplitPoint(sample, middle, layout);
  if (!split) return null;

  const [first, second] = await Promise.all([
    runPart({ path, start: bom, end: split, layout, part: { kind: 'head' }, chunkBytes: CHUNK_BYTES }),
    runPart({
      path,
      start: split,
      end: size,
      layout,
      part: { kind: 'tail' },
      chunkBytes: CHUNK_BYTES,
    }),
  ]);
  if (!first.ok || !second.ok) return null;

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
