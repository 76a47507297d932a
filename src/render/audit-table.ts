import Table from 'cli-table3';

import type { Context } from '../cli/context.js';
import type { GlobalOptions } from '../cli/global-options.js';
import type { AuditReport } from '../core/audit-report.js';
import type { LcronError } from '../errors.js';
import { decideStyle } from './style.js';

/** One function's line in the table of `lcron audit fn1 fn2 ...`. */
export interface AuditRow {
  functionRef: string;
  report: AuditReport | null;
  /** Why the audit fails (violations, and findings named by --fail-on or --max-late). */
  failures: string[];
  error: LcronError | null;
}

const HEAD = ['function', 'runs', 'peak', 'violations', 'fires', 'late', 'missed', 'extra', 'result'];

function cellsOf(row: AuditRow): string[] {
  const name = row.report?.functionName ?? row.functionRef.replace(/^.*:function:/, '');
  // One line whatever the service put in its message: a row must stay a row.
  const error = (row.error?.message ?? '').replace(/\s*\n\s*/g, ' ');
  if (!row.report) return [name, '', '', '', '', '', '', '', `error: ${error}`];
  const { summary } = row.report.result;
  const check = row.report.schedule?.punctuality.summary;
  const count = (n: number | undefined) => (n === undefined ? '-' : String(n));

  return [
    name,
    String(summary.invocations),
    String(summary.peakConcurrency),
    String(summary.violations),
    count(check?.fires),
    count(check?.late),
    count(check?.missed),
    count(check?.duplicates),
    row.failures.length === 0 ? 'ok' : `fail: ${row.failures.join(', ')}`,
  ];
}

/** A table on a terminal; tab-separated rows under a header when piped. */
export function renderAuditTable(rows: AuditRow[], ctx: Context, global: GlobalOptions): string {
  const style = decideStyle({
    colorFlag: global.color,
    env: ctx.env,
    isTTY: ctx.stdoutIsTTY,
    columns: ctx.columns,
  });
  if (!style.forPeople)
    return `${[HEAD, ...rows.map(cellsOf)].map((cells) => cells.join('\t')).join('\n')}\n`;
  if (rows.length === 0) return 'no function to audit: no schedule targets a Lambda function\n';

  const table = new Table({
    head: HEAD.map((h) => h[0]!.toUpperCase() + h.slice(1)),
    style: { head: style.color ? ['bold'] : [], border: style.color ? ['grey'] : [] },
  });
  for (const row of rows) {
    const cells = cellsOf(row);
    const result = cells[8]!;
    cells[8] = result === 'ok' ? style.chalk.green(result) : style.chalk.red(result);
    table.push(cells);
  }

  return `${table.toString()}\n`;
}
