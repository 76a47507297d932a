// A worker thread that reads one part of a big JSON log and sends back the
// records it collected, as typed arrays handed over without a copy.
import { open } from 'node:fs/promises';
import { parentPort, workerData } from 'node:worker_threads';

import { EventJsonParser, type EventJsonLayout, type EventJsonPart } from '../core/formats/event-json.js';
import { LogFormatError } from '../core/formats/parser.js';
import { RecordCollector } from '../core/record-collector.js';

export interface PartJob {
  path: string;
  start: number;
  end: number;
  layout: EventJsonLayout;
  part: EventJsonPart;
  chunkBytes: number;
}

export type PartResult =
  | { ok: true; records: ReturnType<RecordCollector['export']> }
  | { ok: false; message: string; line: number | null };

async function readPart(job: PartJob): Promise<PartResult> {
  const collector = new RecordCollector(false);
  const parser = new EventJsonParser(collector.sink, job.layout, job.part);
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

  return { ok: true, records: collector.export() };
}

const job = workerData as PartJob;
try {
  const result = await readPart(job);
  const records = (result as { records: ReturnType<RecordCollector['export']> }).records;
  const buffers = [
    records.idWords.buffer,
    ...records.streams.flatMap((s) => [
      s.times.buffer,
      s.kinds.buffer,
      s.ids.buffer,
      s.durations.buffer,
      s.statuses.buffer,
    ]),
  ];
  parentPort!.postMessage(result, buffers as ArrayBuffer[]);
} catch (error) {
  const line = error instanceof LogFormatError ? error.line : null;
  parentPort!.postMessage({
    ok: false,
    message: error instanceof Error ? error.message : String(error),
    line,
  } satisfies PartResult);
}
