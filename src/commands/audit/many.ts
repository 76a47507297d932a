import { listScheduleSummaries } from '../../aws/schedules.js';
import { FILTER_LOG_EVENTS_PER_SECOND, requestPace } from '../../aws/request-pace.js';
import type { Context } from '../../cli/context.js';
import { ExitCode } from '../../cli/exit-codes.js';
import type { AuditReport } from '../../core/audit-report.js';
import { auditFailures } from '../../core/audit-verdict.js';
import { LcronError } from '../../errors.js';
import { auditToJson } from '../../render/audit-json.js';
import { renderAuditTable, type AuditRow } from '../../render/audit-table.js';
import { clientsForFunction } from '../function-clients.js';
import type { ManyAuditsOptions } from './options.js';
import { auditOne } from './run.js';

// Enough to keep the quota busy; more would only wait on it.
const AT_ONCE = 4;

/**
 * Audits several functions at once within CloudWatch Logs' request quota,
 * and prints one table. One exit code: an error's if any audit failed,
 * else 1 when any found what fails an audit, else 0.
 */
export async function runAudits(many: ManyAuditsOptions, ctx: Context): Promise<number> {
  const refs = many.functionRefs ?? (await scheduledFunctions(many, ctx));
  const pace = requestPace(FILTER_LOG_EVENTS_PER_SECOND, ctx);
  // Progress lines of audits running side by side would write over each other.
  const quiet: Context = { ...ctx, stderrIsTTY: false };

  const rows: AuditRow[] = new Array(refs.length);
  let next = 0;
  const worker = async () => {
    while (next < refs.length) {
      const i = next++;
      rows[i] = await auditRow(refs[i]!, many, quiet, pace);
    }
  };
  await Promise.all(Array.from({ length: Math.min(AT_ONCE, refs.length) }, worker));
  const unique = withoutRepeats(rows);

  if (many.each.global.json) {
    const audits = unique.map((row) =>
      row.report
        ? { ...auditToJson(row.report, many.each.details), failures: row.failures }
        : {
            function: row.functionRef,
            error: { message: row.error!.message, exitCode: row.error!.exitCode },
          },
    );
    ctx.stdout.write(`${JSON.stringify({ audits }, null, 2)}\n`);
  } else {
    ctx.stdout.write(renderAuditTable(unique, ctx, many.each.global));
  }

  const failed = unique.find((row) => row.error);
  if (failed) return failed.error!.exitCode;

  return unique.some((row) => row.failures.length > 0) ? ExitCode.Findings : ExitCode.Ok;
}

/** A function named twice (by name and by ARN) was read twice: the same log group, shown once. */
function withoutRepeats(rows: AuditRow[]): AuditRow[] {
  const seen = new Set<string>();
  return rows.filter((row) => {
    const source = row.report?.source;
    if (source?.kind !== 'cloudwatch-logs') return true;
    const key = `${source.region} ${source.logGroup} ${row.report!.functionName}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

async function auditRow(
  functionRef: string,
  many: ManyAuditsOptions,
  ctx: Context,
  pace: () => Promise<void>,
): Promise<AuditRow> {
  const options = { ...many.each, functionRef };
  try {
    const report: AuditReport = await auditOne(options, ctx, pace);
    return { functionRef, report, failures: auditFailures(report, options), error: null };
  } catch (error) {
    if (!(error instanceof LcronError)) throw error;
    return { functionRef, report: null, failures: [], error };
  }
}

/** Every function a schedule in any group targets, once each, by unqualified ARN. */
async function scheduledFunctions(many: ManyAuditsOptions, ctx: Context): Promise<string[]> {
  const clients = clientsForFunction(many.each.global, '', ctx);
  const region = clients.settings.region;
  const arns = new Set<string>();
  const elsewhere = new Set<string>();
  for (const summary of await listScheduleSummaries(clients)) {
    const match = /^(arn:aws[a-zA-Z-]*:lambda:([^:]+):\d{12}:function:[^:]+)/.exec(summary.targetArn);
    if (!match) continue;
    // Its logs are in its own Region, which this run is not reading.
    if (region && match[2] !== region) elsewhere.add(match[1]!);
    else arns.add(match[1]!);
  }
  for (const arn of elsewhere) {
    ctx.stderr.write(
      `lcron: warning: skipping ${arn}: it is in another Region than ${region}; audit it with \`--region\`\n`,
    );
  }
  if (arns.size === 0)
    ctx.stderr.write(`lcron: no schedule in ${region ?? 'this Region'} targets a Lambda function\n`);

  return [...arns].sort();
}
