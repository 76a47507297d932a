// A worker thread that audits one big log file: see file-audit.ts.
import { Readable } from 'node:stream';
import { parentPort, workerData } from 'node:worker_threads';

import { ExitCode } from '../../cli/exit-codes.js';
import { LcronError } from '../../errors.js';
import { auditFileHere, type FileAuditJob, type FileAuditOutcome } from './file-audit.js';

const job = workerData as FileAuditJob;
let outcome: FileAuditOutcome;
try {
  const { report, parts } = await auditFileHere(job.options, job.path, Readable.from([]), job.minBytes);
  const { result } = report;
  // A plain copy: the runs are made only when asked for, not by the copy.
  const plain = {
    window: result.window,
    summary: result.summary,
    violations: result.violations,
    anomalies: result.anomalies,
    invocations: job.withInvocations ? result.invocations : [],
    // The schedule check was made on this thread: the main thread needs no run times.
    runTimes: [],
  };
  outcome = { ok: true, report: { ...report, result: plain }, parts };
} catch (error) {
  const known = error instanceof LcronError;
  outcome = {
    ok: false,
    message: error instanceof Error ? error.message : String(error),
    exitCode: known ? error.exitCode : ExitCode.Unexpected,
    hint: known ? error.hint : undefined,
    stack: error instanceof Error ? error.stack : undefined,
  };
}
parentPort!.postMessage(outcome);
