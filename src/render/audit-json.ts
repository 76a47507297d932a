import type { AuditReport } from '../core/audit-report.js';
import type { Invocation } from '../core/invocation.js';
import { isoTime } from './format.js';
import { scheduleCheckToJson } from './schedule-check.js';

/**
 * The `--json` contract of `lcron audit`. Field names are documented in
 * the README and pinned by a test: add fields, never rename them.
 */
export function auditToJson(report: AuditReport, details: boolean): Record<string, unknown> {
  const { result } = report;
  const json: Record<string, unknown> = {
    function: report.functionName,
    window: {
      start: result.window ? isoTime(result.window.start) : null,
      end: result.window ? isoTime(result.window.end) : null,
    },
    source: report.source,
    summary: {
      ...result.summary,
      overlapMs: ms(result.summary.overlapMs),
      longestRunMs: ms(result.summary.longestRunMs),
    },
    violations: result.violations.map((violation) => ({
      start: isoTime(violation.start),
      end: isoTime(violation.end),
      durationMs: ms(violation.durationMs),
      concurrency: violation.concurrency,
      requestIds: violation.requestIds,
      likelyLockRejection: violation.likelyLockRejection,
      runs: violation.runs.map((run) => ({
        requestId: run.requestId,
        logStream: run.logStream,
        start: isoTime(run.start),
        end: isoTime(run.end),
        durationMs: ms(run.durationMs),
        status: run.status,
        turnedAway: run.turnedAway,
      })),
    })),
    anomalies: result.anomalies.map((anomaly) => ({
      logStream: anomaly.logStream,
      start: isoTime(anomaly.start),
      end: isoTime(anomaly.end),
      requestIds: anomaly.requestIds,
    })),
    schedule: scheduleCheckToJson(report.schedule),
  };
  if (details) json.invocations = result.invocations.map(invocationToJson);

  return json;
}

function invocationToJson(run: Invocation): Record<string, unknown> {
  return {
    requestId: run.requestId,
    start: run.start === null ? null : isoTime(run.start),
    end: run.end === null ? null : isoTime(run.end),
    durationMs: run.start === null || run.end === null ? null : ms(run.end - run.start),
    status: run.status,
    logStream: run.logStream,
    reportedDurationMs: run.reportedDurationMs,
    errorType: run.errorType,
    startedBeforeWindow: run.startedBeforeWindow,
    timesInferred: run.timesInferred,
    initFailed: run.initFailed,
  };
}

/** Milliseconds to three decimals, so float noise never reaches a script. */
function ms(value: number): number {
  return Math.round(value * 1000) / 1000;
}
