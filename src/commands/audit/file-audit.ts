import { existsSync, statSync } from 'node:fs';
import type { Readable } from 'node:stream';
import { Worker } from 'node:worker_threads';

import type { Context } from '../../cli/context.js';
import { ExitCode } from '../../cli/exit-codes.js';
import { auditRecords } from '../../core/audit.js';
import type { AuditReport } from '../../core/audit-report.js';
import { RecordCollector } from '../../core/record-collector.js';
import { ConfigError, LcronError, UsageError } from '../../errors.js';
import { readLogFile } from '../../sources/log-file.js';
import { readJsonLogInParts } from '../../sources/log-file-in-parts.js';
import type { AuditOptions } from './options.js';

/** A file this big is audited on worker threads; below it a thread's start costs more than it saves. */
export const DEFAULT_PARALLEL_MIN_BYTES = 64 * 1024 * 1024;
/**
 * The audit thread's young generation, in MB. An audit makes a great deal
 * of garbage that dies at once, and a small young generation keeps the
 * peak memory down at no cost in time. V8 takes the setting only when a
 * thread starts, which is one reason big audits run on a worker.
 */
const YOUNG_GENERATION_MB = 2;
const WORKER = new URL('./file-audit-worker.js', import.meta.url);

export interface FileAuditJob {
  options: AuditOptions;
  path: string;
  minBytes: number;
  withInvocations: boolean;
}

export type FileAuditOutcome =
  | { ok: true; report: AuditReport; parts: number }
  | { ok: false; message: string; exitCode: number; hint: string | undefined; stack: string | undefined };

/**
 * Audits a log file. A big file goes to a worker thread, which reads it in
 * two halves on two more; what comes back is the report, with every run
 * only when `withInvocations` asks for them.
 */
export async function auditFile(
  options: AuditOptions,
  path: string,
  ctx: Context,
  withInvocations: boolean,
): Promise<AuditReport> {
  const minBytes = parallelMinBytes(ctx.env.LCRON_PARALLEL_MIN_BYTES);
  const debug = (line: string) => options.global.debug && ctx.stderr.write(`debug: ${line}\n`);
  if (path !== '-' && existsSync(WORKER) && sizeOf(path) >= minBytes) {
    const { report, parts } = await auditFileOnWorker({ options, path, minBytes, withInvocations });
    debug(
      `audited ${path} on a worker thread, read in ${parts === 2 ? 'two halves on two more' : 'one part'}`,
    );
    return report;
  }

  return (await auditFileHere(options, path, ctx.stdin, minBytes)).report;
}

function parallelMinBytes(value: string | undefined): number {
  if (value === undefined || value === '') return DEFAULT_PARALLEL_MIN_BYTES;
  if (/^\d+$/.test(value.trim()) && Number(value) >= 1) return Number(value);

  throw new ConfigError(`LCRON_PARALLEL_MIN_BYTES=${value} is not a whole number of bytes`, {
    hint: `set it to a size in bytes such as ${DEFAULT_PARALLEL_MIN_BYTES}, or unset it`,
  });
}

function sizeOf(path: string): number {
  try {
    return statSync(path).size;
  } catch {
    return 0; // Unreadable: the in-process reader says why.
  }
}

/** The audit itself, on whichever thread runs it. */
export async function auditFileHere(
  options: AuditOptions,
  path: string,
  stdin: Readable,
  minBytes: number,
): Promise<{ report: AuditReport; parts: number }> {
  let collector = new RecordCollector(false);
  const parts = await readJsonLogInParts(path, options.format, minBytes);
  let format = parts?.format;
  if (parts) collector = parts.collector;
  else {
    const read = await readLogFile(path, stdin, options.format, (detected) => {
      collector = new RecordCollector(detected === 'console');
      // The JSON scanner tests each message as the sink would: once is enough.
      return detected === 'filter-log-events' || detected === 'jsonl'
        ? collector.prefilteredSink
        : collector.sink;
    });
    format = read.format;
  }

  if (collector.records === 0) {
    throw new UsageError(
      `${path === '-' ? 'stdin' : path} holds no Lambda platform lines (START, END, REPORT): there is nothing to audit`,
      {
        hint: "export the function's whole log rather than a filtered part, or check `--format`",
      },
    );
  }
  const result = auditRecords(collector, {
    window: options.window,
    readStart: null,
    readEnd: null,
    maxConcurrency: options.maxConcurrency,
    timeoutMs: options.timeoutMs,
    now: null,
    undated: format === 'console',
  });

  const report: AuditReport = {
    functionName: options.functionRef,
    source: { kind: 'file', path, format: format! },
    result,
    // Worked out here, on the thread that holds the runs, so that they need not be copied out;
    // loaded only when asked for, so that a plain audit carries no schedule code.
    schedule: options.expected
      ? await import('./expected.js').then((m) => m.scheduleCheckOf(m.expectedFromOptions(options), result))
      : null,
  };

  return { report, parts: parts ? 2 : 1 };
}

function auditFileOnWorker(job: FileAuditJob): Promise<{ report: AuditReport; parts: number }> {
  return new Promise((resolve, reject) => {
    const worker = new Worker(WORKER, {
      workerData: job,
      resourceLimits: { maxYoungGenerationSizeMb: YOUNG_GENERATION_MB },
    });
    worker.once('message', (outcome: FileAuditOutcome) => {
      if (outcome.ok) return resolve(outcome);
      // The same error again on this thread: lcron's own keep their exit code.
      const error =
        outcome.exitCode === ExitCode.Unexpected
          ? new Error(outcome.message)
          : new LcronError(
              outcome.message,
              outcome.exitCode as LcronError['exitCode'],
              outcome.hint ? { hint: outcome.hint } : {},
            );
      if (outcome.stack) error.stack = outcome.stack;
      reject(error);
    });
    worker.once('error', reject);
    worker.once('exit', (code) => {
      if (code !== 0) reject(new Error(`the audit worker stopped with exit code ${code}`));
    });
  });
}
