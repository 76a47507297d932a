import { getFunctionLogSettings } from '../../aws/lambda-function.js';
import { readLogEvents, type ReadProgress } from '../../aws/log-events.js';
import { ExitCode } from '../../cli/exit-codes.js';
import type { Context } from '../../cli/context.js';
import { auditRecords } from '../../core/audit.js';
import type { AuditReport } from '../../core/audit-report.js';
import { RecordCollector } from '../../core/record-collector.js';
import { clientsForFunction } from '../function-clients.js';
import { auditFile } from './file-audit.js';
import { auditToJson } from '../../render/audit-json.js';
import { formatCount, formatDuration } from '../../render/format.js';
import type { AuditOptions } from './options.js';
import { auditFailures } from '../../core/audit-verdict.js';
import { UsageError } from '../../errors.js';

export async function runAudit(options: AuditOptions, ctx: Context): Promise<number> {
  const report = await auditOne(options, ctx);
  if (!report.schedule && (options.failOn.size > 0 || options.maxLateMs !== null)) {
    ctx.stderr.write(
      `lcron: warning: no enabled schedule targets ${report.functionName}: \`--fail-on\` and \`--max-late\` have no fires to check\n`,
    );
  }

  await printReport(report, options, ctx);
  if (options.html !== null) await writeHtml(report, options.html);

  return auditFailures(report, options).length > 0 ? ExitCode.Findings : ExitCode.Ok;
}

/** One function's audit, from its logs or a file, checked against its schedules where they are known. */
export async function auditOne(
  options: AuditOptions,
  ctx: Context,
  pace?: () => Promise<void>,
): Promise<AuditReport> {
  if (options.file === null) return auditLive(options, ctx, pace);
  // The timeline on a terminal, `--details` and the picture need every run; the schedule check
  // is made where the file is read.
  const withInvocations =
    options.details || (!options.global.json && ctx.stdoutIsTTY) || options.html !== null;

  return auditFile(options, options.file, ctx, withInvocations);
}

async function writeHtml(report: AuditReport, path: string): Promise<void> {
  const [{ writeFile }, { renderAuditHtml }] = await Promise.all([
    import('node:fs/promises'),
    import('../../render/audit-html.js'),
  ]);
  try {
    await writeFile(path, renderAuditHtml(report));
  } catch (error) {
    const reason = (error as NodeJS.ErrnoException).code ?? String(error);
    throw new UsageError(`could not write \`--html ${path}\` (${reason})`, {
      hint: 'pass a path in a folder that exists and can be written',
      cause: error,
    });
  }
}

async function auditLive(
  options: AuditOptions,
  ctx: Context,
  pace?: () => Promise<void>,
): Promise<AuditReport> {
  const clients = clientsForFunction(options.global, options.functionRef!, ctx);
  const target = await getFunctionLogSettings(clients, options.functionRef!);
  const timeoutMs = options.timeoutMs ?? target.timeoutMs;
  const window = { start: options.window.start!, end: options.window.end! };
  const logGroup = options.logGroup ?? target.logGroup;
  // Read one timeout either side, so runs that cross the window's edges are
  // paired with their START and their END.
  const readStart = window.start - (timeoutMs ?? 0);
  const readEnd = Math.min(ctx.now(), window.end + (timeoutMs ?? 0));

  const collector = new RecordCollector(false);
  const progress = progressReporter(ctx, logGroup);
  const read = await readLogEvents(
    clients,
    { logGroup, startTime: readStart, endTime: readEnd },
    collector.sink,
    progress.update,
    pace,
  );
  progress.done();

  const result = auditRecords(collector, {
    window,
    readStart,
    readEnd,
    maxConcurrency: options.maxConcurrency,
    timeoutMs,
    now: ctx.now(),
    undated: false,
  });
  const source = {
    kind: 'cloudwatch-logs' as const,
    logGroup,
    region: clients.settings.region ?? null,
    ...read,
  };

  const { expectedFromOptions, liveSchedules, scheduleCheckOf } = await import('./expected.js');
  const schedules = options.expected
    ? expectedFromOptions(options)
    : target.functionArn
      ? await liveSchedules(clients, target.functionArn.replace(/(:function:[^:]+):.*$/, '$1'), ctx)
      : [];

  return { functionName: target.functionName, source, result, schedule: scheduleCheckOf(schedules, result) };
}

/** Pages, events and elapsed time on stderr, and only where a person watches it. */
function progressReporter(ctx: Context, logGroup: string) {
  const started = ctx.now();
  const line = (progress: ReadProgress) =>
    `reading ${logGroup}: ${formatCount(progress.pages)} pages, ${formatCount(progress.events)} events, ${formatDuration(ctx.now() - started)}`;

  return {
    update: (progress: ReadProgress) => {
      if (ctx.stderrIsTTY) ctx.stderr.write(`\r\x1b[2K${line(progress)}`);
    },
    done: () => {
      if (ctx.stderrIsTTY) ctx.stderr.write('\r\x1b[2K');
    },
  };
}

async function printReport(report: AuditReport, options: AuditOptions, ctx: Context): Promise<void> {
  if (options.global.json) {
    ctx.stdout.write(`${JSON.stringify(auditToJson(report, options.details), null, 2)}\n`);
    return;
  }
  // Tables and colour are loaded only for the text that needs them.
  const [{ decideStyle }, { renderAuditForPeople, renderAuditForScripts }] = await Promise.all([
    import('../../render/style.js'),
    import('../../render/audit-text.js'),
  ]);
  const style = decideStyle({
    colorFlag: options.global.color,
    env: ctx.env,
    isTTY: ctx.stdoutIsTTY,
    columns: ctx.columns,
  });
  ctx.stdout.write(style.forPeople ? renderAuditForPeople(report, style) : renderAuditForScripts(report));
}
