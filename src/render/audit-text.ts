import Table from 'cli-table3';

import type { AuditReport, AuditSource } from '../core/audit-report.js';
import type { ConcurrencySummary, Violation } from '../core/concurrency.js';
import { formatDuration, isoTime, localTime, plural } from './format.js';
import type { OutputStyle } from './style.js';
import { scheduleCheckLines, scheduleCheckRows } from './schedule-check.js';
import { renderTimeline } from './timeline.js';

const TABLE_ROWS = 20;

/** The audit for people on a terminal: summary, violations table, timeline. */
export function renderAuditForPeople(report: AuditReport, style: OutputStyle): string {
  const { result } = report;
  const { chalk } = style;
  const lines = [
    chalk.bold(`lcron audit${report.functionName ? ` · ${report.functionName}` : ''}`) +
      ` · ${describeSource(report.source)}`,
  ];

  if (!result.window || result.summary.invocations === 0) {
    const span = result.window ? ` between ${windowText(result.window, style)}` : '';
    lines.push('', `No runs found${span}: nothing to check, no violations.`);
    return `${lines.join('\n')}\n`;
  }
  lines.push(chalk.dim(`window ${windowText(result.window, style)}`), '');
  lines.push(...summaryLines(result.summary, style));
  if (report.schedule) lines.push('', ...scheduleCheckLines(report.schedule, report.functionName, style));

  if (result.violations.length > 0) {
    lines.push('', violationTable(result.violations, style));
    if (result.violations.length > TABLE_ROWS) {
      lines.push(chalk.dim(`… ${result.violations.length - TABLE_ROWS} more violations: see --json for all`));
    }
  }
  for (const anomaly of result.anomalies.slice(0, 5)) {
    lines.push(
      chalk.yellow(
        `! log stream ${anomaly.logStream} shows two runs at once (${anomaly.requestIds.join(', ')}): the input may be merged or duplicated`,
      ),
    );
  }
  const fires = report.schedule?.punctuality.fires ?? [];
  lines.push('', chalk.bold('Timeline'), ...renderTimeline(result, result.window, style, fires));

  return `${lines.join('\n')}\n`;
}

function summaryLines(summary: ConcurrencySummary, style: OutputStyle): string[] {
  const { chalk } = style;
  const verdict =
    summary.violations === 0
      ? chalk.green(
          `✓ no violations: at most ${plural(summary.peakConcurrency, 'run')} at once (limit ${summary.maxConcurrency})`,
        )
      : chalk.red(
          `✗ ${plural(summary.violations, 'violation')}: up to ${summary.peakConcurrency} runs at once (limit ${summary.maxConcurrency}), ${formatDuration(summary.overlapMs)} overlapped in all`,
        );
  const totals = [
    plural(summary.invocations, 'run'),
    `longest ${formatDuration(summary.longestRunMs)}`,
    plural(summary.timeouts, 'timeout'),
    plural(summary.errors, 'error'),
    `${summary.unfinished} unfinished`,
  ];
  if (summary.inProgress > 0) totals.push(`${summary.inProgress} in progress`);
  const lines = [verdict, `  ${totals.join(' · ')}`];
  if (summary.timesInferred)
    lines.push(chalk.yellow("  times inferred from the runs' own log lines and REPORT durations"));
  if (summary.undated > 0)
    lines.push(
      chalk.yellow(`  ${plural(summary.undated, 'run')} had no time to place them and are left out`),
    );
  if (summary.startedBeforeWindow > 0) {
    lines.push(chalk.dim(`  ${plural(summary.startedBeforeWindow, 'run')} began before what was read`));
  }

  return lines;
}

function violationTable(violations: Violation[], style: OutputStyle): string {
  const { chalk } = style;
  const table = new Table({
    head: ['Started', 'Overlap', 'At once', 'Runs (status, duration)'],
    style: { head: style.color ? ['bold'] : [], border: style.color ? ['grey'] : [] },
    wordWrap: true,
    colWidths: [21, 9, 9, Math.max(24, style.columns - 21 - 9 - 9 - 5)],
  });
  for (const violation of violations.slice(0, TABLE_ROWS)) {
    const runs = violation.runs
      .map((run) => {
        const note = run.turnedAway ? chalk.yellow(' turned away') : '';
        return `${run.requestId.slice(0, 8)} ${colourStatus(run.status, style)} ${formatDuration(run.durationMs)}${note}`;
      })
      .join('\n');
    const lock = violation.likelyLockRejection ? `\n${chalk.dim('likely a lock turning runs away')}` : '';
    table.push([
      localTime(violation.start, style.timeZone),
      formatDuration(violation.durationMs),
      String(violation.concurrency),
      runs + lock,
    ]);
  }

  return table.toString();
}

function colourStatus(status: string, style: OutputStyle): string {
  const { chalk } = style;
  if (status === 'success') return chalk.green(status);
  if (status === 'error' || status === 'timeout') return chalk.red(status);

  return chalk.yellow(status);
}

/** The audit for scripts without `--json`: tab-separated, UTC, no colour. */
export function renderAuditForScripts(report: AuditReport): string {
  const { result } = report;
  const { summary } = result;
  const rows: string[][] = [
    ['function', report.functionName ?? ''],
    ['source', ...sourceFields(report.source)],
    [
      'window',
      result.window ? isoTime(result.window.start) : '',
      result.window ? isoTime(result.window.end) : '',
    ],
    ['invocations', String(summary.invocations)],
    ['peak_concurrency', String(summary.peakConcurrency)],
    ['max_concurrency', String(summary.maxConcurrency)],
    ['violations', String(summary.violations)],
    ['overlap_ms', String(Math.round(summary.overlapMs))],
    ['longest_run_ms', String(Math.round(summary.longestRunMs))],
    ['timeouts', String(summary.timeouts)],
    ['errors', String(summary.errors)],
    ['unfinished', String(summary.unfinished)],
    ['in_progress', String(summary.inProgress)],
    ['started_before_window', String(summary.startedBeforeWindow)],
    ['undated', String(summary.undated)],
    ['anomalies', String(summary.anomalies)],
    ['times_inferred', String(summary.timesInferred)],
    ...scheduleCheckRows(report.schedule),
  ];
  const lines = rows.map((row) => row.join('\t'));
  if (result.violations.length > 0) {
    lines.push(
      '',
      ['start', 'end', 'duration_ms', 'concurrency', 'likely_lock_rejection', 'request_ids'].join('\t'),
    );
    for (const v of result.violations) {
      lines.push(
        [
          isoTime(v.start),
          isoTime(v.end),
          Math.round(v.durationMs),
          v.concurrency,
          v.likelyLockRejection,
          v.requestIds.join(','),
        ].join('\t'),
      );
    }
  }

  return `${lines.join('\n')}\n`;
}

function describeSource(source: AuditSource): string {
  if (source.kind === 'file') return `${source.path === '-' ? 'stdin' : source.path} (${source.format})`;

  return `CloudWatch Logs ${source.logGroup}${source.region ? ` (${source.region})` : ''}`;
}

function sourceFields(source: AuditSource): string[] {
  if (source.kind === 'file') return ['file', source.path, source.format];

  return ['cloudwatch-logs', source.logGroup, source.region ?? ''];
}

function windowText(window: { start: number; end: number }, style: OutputStyle): string {
  return `${localTime(window.start, style.timeZone)} → ${localTime(window.end, style.timeZone)} (${style.timeZone})`;
}
