import type { GlobalOptions } from '../../cli/global-options.js';
import { FUNCTION_REFERENCE } from '../function-reference.js';
import { LOG_FORMATS, type LogFormat } from '../../core/formats/detect-format.js';
import { checkNotFuture, parseDurationMs, parseTimeArgument, resolveWindow } from '../../core/time-window.js';
import type { FailOn } from '../../core/audit-verdict.js';
import { UsageError } from '../../errors.js';
import { parseExpression, type ParsedExpression } from '../../core/schedule/expression.js';
import { checkZone } from '../../core/schedule/zone.js';

export const DEFAULT_SINCE = '24h';

/** `lcron audit`'s options, checked and resolved: nothing here is left to fail later. */
export interface AuditOptions {
  functionRef: string | null;
  file: string | null;
  format: LogFormat | undefined;
  logGroup: string | undefined;
  /** Each side null where the data should decide it (a file without the flag). */
  window: { start: number | null; end: number | null };
  maxConcurrency: number;
  timeoutMs: number | null;
  details: boolean;
  /** The schedule to check the runs against, instead of (or, for a file, for want of) the live ones. */
  expected: { parsed: ParsedExpression; timezone: string; windowMinutes: number } | null;
  /** A fire that started later than this after its time makes the audit fail; null: no limit. */
  maxLateMs: number | null;
  failOn: ReadonlySet<FailOn>;
  /** Write a self-contained HTML picture of the window here. */
  html: string | null;
  global: GlobalOptions;
}

const FAIL_ON: FailOn[] = ['missed', 'late', 'duplicate'];

export interface RawAuditOptions {
  file?: string;
  format?: string;
  logGroup?: string;
  since?: string;
  until?: string;
  maxConcurrency?: string;
  timeout?: string;
  details?: boolean;
  expected?: string;
  tz?: string;
  expectedWindow?: string;
  maxLate?: string;
  failOn?: string;
  html?: string;
}

export function parseAuditOptions(
  functionRef: string | undefined,
  raw: RawAuditOptions,
  global: GlobalOptions,
  now: number,
): AuditOptions {
  const file = raw.file ?? null;
  if (!functionRef && file === null) {
    throw new UsageError('name a function to audit, or pass `--file`', {
      hint: 'for example: lcron audit my-function --since 6h, or lcron audit --file export.json',
    });
  }
  if (functionRef !== undefined && !FUNCTION_REFERENCE.test(functionRef)) {
    throw new UsageError(`${JSON.stringify(functionRef)} is not a Lambda function name or ARN`, {
      hint: 'use a name such as nightly-report (letters, digits, - and _), or its ARN',
    });
  }
  if (file === '') throw new UsageError('`--file` needs a path', { hint: 'pass a path, or - for stdin' });
  if (raw.format !== undefined && file === null) {
    throw new UsageError('`--format` tells how to read a file: it needs `--file`', {
      hint: 'add `--file PATH`, or drop `--format`',
    });
  }
  if (raw.details === true && !global.json) {
    throw new UsageError('`--details` lists every run in the JSON output: it needs `--json`', {
      hint: 'add `--json`',
    });
  }
  if (raw.logGroup !== undefined && file !== null) {
    throw new UsageError('`--log-group` reads CloudWatch Logs and `--file` reads a file: pass one of them', {
      hint: 'drop `--log-group` to audit the file',
    });
  }

  // The values first, so that a bad one is named before a missing --expected.
  const failOn = parseFailOn(raw.failOn);
  const maxLateMs = raw.maxLate === undefined ? null : parseMaxLate(raw.maxLate);

  return {
    functionRef: functionRef ?? null,
    file,
    format: parseFormat(raw.format),
    logGroup: parseLogGroup(raw.logGroup),
    window: parseWindow(raw, file !== null, now),
    maxConcurrency: parseMaxConcurrency(raw.maxConcurrency),
    timeoutMs: parseTimeout(raw.timeout),
    details: raw.details === true,
    expected: checkScheduleGates(parseExpected(raw), file, raw),
    maxLateMs,
    failOn,
    html: parseHtmlPath(raw.html),
    global,
  };
}

function parseExpected(raw: RawAuditOptions): AuditOptions['expected'] {
  if (raw.expected === undefined) {
    for (const [flag, value] of [
      ['--tz', raw.tz],
      ['--expected-window', raw.expectedWindow],
    ] as const) {
      if (value !== undefined) {
        throw new UsageError(`\`${flag}\` describes the schedule of \`--expected\`, which is not given`, {
          hint: "add `--expected '<expression>'`, or drop the flag",
        });
      }
    }
    return null;
  }
  const windowMinutes = raw.expectedWindow === undefined ? 0 : Number(raw.expectedWindow.trim());
  if (!/^\d+$/.test(raw.expectedWindow?.trim() ?? '0') || windowMinutes > 1440) {
    throw new UsageError(`\`--expected-window ${raw.expectedWindow}\` is not a flexible window`, {
      hint: 'pass whole minutes from 0 (off) to 1440',
    });
  }

  return {
    parsed: parseExpression(raw.expected),
    timezone: raw.tz === undefined ? 'UTC' : checkZone(raw.tz),
    windowMinutes,
  };
}

/** A file names no schedule: without `--expected`, a gate on fires would pass whatever the file holds. */
function checkScheduleGates(
  expected: AuditOptions['expected'],
  file: string | null,
  raw: RawAuditOptions,
): AuditOptions['expected'] {
  const gate = raw.failOn !== undefined ? '--fail-on' : raw.maxLate !== undefined ? '--max-late' : null;
  if (file !== null && expected === null && gate !== null) {
    throw new UsageError(`\`${gate}\` checks fires, and a file audit knows none without \`--expected\``, {
      hint: "add `--expected '<expression>'` (and `--tz`), the schedule the function runs on",
    });
  }

  return expected;
}

function parseMaxLate(value: string): number {
  const ms = /^\d+$/.test(value.trim()) ? Number(value) * 1000 : parseDurationMs(value);
  if (ms === null || !Number.isFinite(ms) || ms < 0) {
    throw new UsageError(`\`--max-late ${value}\` is not a duration`, {
      hint: 'pass seconds or a duration such as 90s, 5m or 1h',
    });
  }

  return ms;
}

function parseFailOn(value: string | undefined): ReadonlySet<FailOn> {
  if (value === undefined) return new Set();
  const asked = value
    .split(',')
    .map((word) => word.trim().toLowerCase())
    .filter(Boolean);
  const unknown = asked.filter((word) => !FAIL_ON.includes(word as FailOn));
  if (unknown.length > 0 || asked.length === 0) {
    throw new UsageError(
      `\`--fail-on ${value}\` names ${unknown.length > 0 ? `no finding ${JSON.stringify(unknown[0])}` : 'nothing'}`,
      {
        hint: `use a comma-separated list of ${FAIL_ON.join(', ')} (or extra)`,
      },
    );
  }

  return new Set(asked as FailOn[]);
}

function parseHtmlPath(value: string | undefined): string | null {
  if (value === undefined) return null;
  if (value.trim() === '' || value === '-') {
    throw new UsageError('`--html` needs a file to write', { hint: 'pass a path such as audit.html' });
  }

  return value;
}

function parseFormat(format: string | undefined): LogFormat | undefined {
  if (format === undefined) return undefined;
  const known = LOG_FORMATS.find((name) => name === format.toLowerCase());
  if (!known) {
    throw new UsageError(`\`--format ${format}\` is not a log format`, {
      hint: `use one of ${LOG_FORMATS.join(', ')}`,
    });
  }

  return known;
}

function parseLogGroup(name: string | undefined): string | undefined {
  if (name === undefined) return undefined;
  if (!/^[\w\-./#]{1,512}$/.test(name)) {
    throw new UsageError(`\`--log-group ${JSON.stringify(name)}\` is not a log group name`, {
      hint: 'use a name such as /aws/lambda/my-function (letters, digits, _ - / . #)',
    });
  }

  return name;
}

function parseWindow(raw: RawAuditOptions, fromFile: boolean, now: number): AuditOptions['window'] {
  if (!fromFile) return resolveWindow(raw.since, raw.until, now, DEFAULT_SINCE);
  if (raw.since !== undefined && raw.until !== undefined)
    return resolveWindow(raw.since, raw.until, now, DEFAULT_SINCE);

  const start = raw.since === undefined ? null : parseTimeArgument('--since', raw.since, now);
  if (start !== null) checkNotFuture('--since', start, now);

  return { start, end: raw.until === undefined ? null : parseTimeArgument('--until', raw.until, now) };
}

function parseMaxConcurrency(value: string | undefined): number {
  if (value === undefined) return 1;
  const n = Number(value);
  if (!/^\d+$/.test(value.trim()) || !Number.isSafeInteger(n) || n < 1) {
    throw new UsageError(`\`--max-concurrency ${value}\` is not a whole number of at least 1`, {
      hint: 'pass how many runs may be in flight at once, such as 1',
    });
  }

  return n;
}

function parseTimeout(value: string | undefined): number | null {
  if (value === undefined) return null;
  const ms = /^\d+$/.test(value.trim()) ? Number(value) * 1000 : parseDurationMs(value);
  if (ms === null || ms < 1000 || ms > 900_000) {
    throw new UsageError(`\`--timeout ${value}\` is not a Lambda timeout`, {
      hint: 'pass seconds (1 to 900) or a duration such as 90s or 15m',
    });
  }

  return ms;
}

/** Several functions audited at once: each with the same flags. */
export interface ManyAuditsOptions {
  /** Null with `--all-scheduled`: found from the schedules. */
  functionRefs: string[] | null;
  /** The options each audit takes, but for its function. */
  each: AuditOptions;
}

export function parseManyAudits(
  functionRefs: string[],
  allScheduled: boolean,
  raw: RawAuditOptions,
  global: GlobalOptions,
  now: number,
): ManyAuditsOptions {
  if (allScheduled && functionRefs.length > 0) {
    throw new UsageError('`--all-scheduled` finds the functions itself: name none, or drop it', {
      hint: 'for example: lcron audit --all-scheduled --since 6h',
    });
  }
  for (const [flag, value] of [
    ['--file', raw.file],
    ['--log-group', raw.logGroup],
    ['--html', raw.html],
    ['--expected', raw.expected],
  ] as const) {
    if (value !== undefined) {
      throw new UsageError(`\`${flag}\` is for one function's audit, not several`, {
        hint: 'audit that function on its own',
      });
    }
  }
  const unique = [...new Set(functionRefs)];
  // Each reference is checked as a single audit would check it.
  const each = parseAuditOptions(unique[0] ?? 'placeholder', raw, global, now);
  for (const ref of unique.slice(1)) parseAuditOptions(ref, raw, global, now);

  return { functionRefs: allScheduled ? null : unique, each };
}
