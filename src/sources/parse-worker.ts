// A worker thread that reads one part of a big JSON log and sends back the
// records it collected, as typed arrays handed over without a copy.
import { open } from 'node:fs/promises';
import { parentPort, workerData } from 'node:worker_threads';

import { EventJsonParser, type EventJsonLayout, type EventJsonPart } from '../core/formats/event-json.js';
import { RecordCollector } from '../core/record-collector.js';
import type { ExportedRecords } from '../core/stream-records.js';

export interface PartJob {
  path: string;
  start: number;
  end: number;
  layout: EventJsonLayout;
  part: EventJsonPart;
  chunkBytes: number;
}

/** A part that fails says no more than that: the whole file is then read on one thread. */
export type PartResult = { ok: true; records: ExportedRecords } | { ok: false };

async function readPart(job: PartJob): Promise<ExportedRecords> {
  const collector = new RecordCollector(false);
  const parser = new EventJsonParser(collector.prefilteredSink, job.layout, job.part);
  const file = await open(job.path, 'r');
  try {
    const buffer = Buffer.allocUnsafe(job.chunkBytes);
    for (let at = job.start; at < job.end;) {
      const { bytesRead } = await file.read(buffer, 0, Math.min(job.chunkBytes, job.end - at), at);
      if (bytesRead === 0) break;
      parser.push(buffer.subarray(0, bytesRead));
      at += bytesRead;
    }
    parser.end();
  } finally {
    await file.close();
  }

  return collector.export();
}

try {
  const records = await readPart(workerData as PartJob);
  const columns = records.streams.flatMap((s) => [s.times, s.kinds, s.ids, s.durations, s.statuses]);
  const transfer = [records.idWords, ...columns].map((column) => column.buffer as ArrayBuffer);
  parentPort!.postMessage({ ok: true, records } satisfies PartResult, transfer);
} catch {
  parentPort!.postMessage({ ok: false } satisfies PartResult);
}
