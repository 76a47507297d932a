import type { GlobalOptions } from '../../cli/global-options.js';
import {
  parseExpression,
  type LocalDateTime,
  type ParsedExpression,
} from '../../core/schedule/expression.js';
import { checkScheduleName, defaultScheduleName } from '../../core/schedule/naming.js';
import { PAST_START_SLACK_MS, type ScheduleState } from '../../core/schedule/plan.js';
import { checkZone, resolveLocal } from '../../core/schedule/zone.js';
import { parseDurationMs } from '../../core/time-window.js';
import { UsageError } from '../../errors.js';
import { functionNameOf, splitQualifier } from '../../aws/lambda-function.js';
import { parseFunctionRef } from '../lock/options.js';

/** Which schedule a subcommand acts on: `--group` and `--name`, or the name derived from the function. */
export interface ScheduleTarget {
  functionRef: string;
  group: string;
  name: string;
  /** True when the name came from the function, not from `--name`. */
  derivedName: boolean;
}

/**
 * A date from the command line: a moment, or a local time whose zone is
 * known only once the schedule is read (`--tz`, else the schedule's own).
 */
export type DateAsked = { iso: string } | { local: LocalDateTime; text: string };

export interface ScheduleSetOptions extends ScheduleTarget {
  expression: ParsedExpression;
  /** Each field is undefined when not asked for; null asks to remove it. */
  timezone: string | undefined;
  startDate: DateAsked | null | undefined;
  endDate: DateAsked | null | undefined;
  windowMinutes: number | null | undefined;
  retries: number | undefined;
  maxEventAgeSeconds: number | undefined;
  dlqArn: string | null | undefined;
  input: string | null | undefined;
  description: string | null | undefined;
  state: ScheduleState | undefined;
  roleArn: string | undefined;
  /** Move the schedule to lcron's own role for the function (made when missing). */
  lcronRole: boolean;
  /** Let an existing schedule of another function (or alias) move to this one. */
  retarget: boolean;
  dryRun: boolean;
  global: GlobalOptions;
}

export interface RawScheduleTarget {
  name?: string;
  group?: string;
}

export interface RawScheduleSetOptions extends RawScheduleTarget {
  tz?: string;
  start?: string;
  end?: string;
  window?: string;
  retries?: string;
  maxEventAge?: string;
  dlq?: string;
  input?: string;
  description?: string;
  disabled?: boolean;
  roleArn?: string;
  lcronRole?: boolean;
  retarget?: boolean;
  dryRun?: boolean;
}

const SQS_ARN = /^arn:aws[a-zA-Z-]*:sqs:[a-z]{2}(?:-[a-z]+)+-\d:\d{12}:[\w-]{1,80}(?:\.fifo)?$/;
const ROLE_ARN = /^arn:aws[a-zA-Z-]*:iam::\d{12}:role\/(?:[\w+=,.@-]+\/)*[\w+=,.@-]{1,64}$/;
const MAX_INPUT_CHARS = 8192;

export function parseScheduleTarget(functionRef: string, raw: RawScheduleTarget): ScheduleTarget {
  parseFunctionRef(functionRef);
  const group = checkScheduleName(raw.group ?? 'default', '--group');
  if (raw.name !== undefined) {
    return { functionRef, group, name: checkScheduleName(raw.name, '--name'), derivedName: false };
  }
  const { unqualified, qualifier } = splitQualifier(functionRef);

  return {
    functionRef,
    group,
    name: defaultScheduleName(functionNameOf(unqualified), qualifier),
    derivedName: true,
  };
}

/** Everything is checked here, offline, before any AWS call. */
export function parseScheduleSetOptions(
  functionRef: string,
  expressionText: string,
  raw: RawScheduleSetOptions,
  global: GlobalOptions,
  now: number,
): ScheduleSetOptions {
  const target = parseScheduleTarget(functionRef, raw);
  const expression = parseExpression(expressionText);
  const timezone = raw.tz === undefined ? undefined : checkZone(raw.tz);
  const startDate = optionalTime('--start', raw.start, timezone);
  const endDate = optionalTime('--end', raw.end, timezone);
  const known = (date: DateAsked | null | undefined) => (date && 'iso' in date ? date.iso : null);
  checkScheduleDates({ start: known(startDate), end: known(endDate), startAsked: true, endAsked: true }, now);
  if (raw.roleArn !== undefined && raw.lcronRole) {
    throw new UsageError('`--role-arn` and `--lcron-role` name two different roles', {
      hint: "pass `--role-arn` for a role of your own, or `--lcron-role` for lcron's",
    });
  }

  return {
    ...target,
    expression,
    timezone,
    startDate,
    endDate,
    windowMinutes: raw.window === undefined ? undefined : parseWindow(raw.window),
    retries: raw.retries === undefined ? undefined : wholeNumber('--retries', raw.retries, 0, 185),
    maxEventAgeSeconds: raw.maxEventAge === undefined ? undefined : parseEventAge(raw.maxEventAge),
    dlqArn: optionalArn('--dlq', raw.dlq, SQS_ARN, 'arn:aws:sqs:eu-west-1:123456789012:missed-runs'),
    input: raw.input === undefined ? undefined : parseInput(raw.input),
    description: raw.description === undefined ? undefined : parseDescription(raw.description),
    state: raw.disabled ? 'DISABLED' : undefined,
    roleArn:
      optionalArn('--role-arn', raw.roleArn, ROLE_ARN, 'arn:aws:iam::123456789012:role/scheduler-invoke') ??
      undefined,
    lcronRole: raw.lcronRole === true,
    retarget: raw.retarget === true,
    dryRun: raw.dryRun === true,
    global,
  };
}

/**
 * `--start`/`--end`: an ISO-8601 time with `Z` or an offset, or a local
 * date-time, read in `--tz` when given and else in the schedule's zone
 * once it is read; `none` removes the date.
 */
function optionalTime(flag: string, text: string | undefined, zone: string | undefined) {
  if (text === undefined) return undefined;
  if (text.trim().toLowerCase() === 'none') return null;
  const date = readDateTime(flag, text, `; \`${flag} none\` removes it`);

  return zone === undefined || 'iso' in date ? date : { iso: resolveDate(flag, date, zone) };
}

/** An ISO-8601 time with `Z` or an offset, or a local date-time read in `zone` (UTC when none). */
export function parseDateTime(flag: string, text: string, zone: string | undefined): string {
  return resolveDate(flag, readDateTime(flag, text), zone ?? 'UTC');
}

/** The moment a date stands for: a local time in `zone`, refused when the clocks skip it. */
export function resolveDate(flag: string, date: DateAsked, zone: string): string {
  if ('iso' in date) return date.iso;
  const instant = resolveLocal(date.local, zone);
  if (instant.kind !== 'gap') return new Date(instant.utc).toISOString();

  throw new UsageError(`\`${flag}\` ${date.text} does not exist in ${zone}: the clocks skip it`, {
    hint: 'pick a time outside the daylight-saving jump',
  });
}

function readDateTime(flag: string, text: string, more = ''): DateAsked {
  const value = text.trim();
  const match =
    /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.\d{1,9})?)?)?(Z|[+-]\d{2}:?\d{2})?$/i.exec(
      value,
    );
  if (match) {
    const [, y, mo, d, h = '00', mi = '00', s = '00', offset] = match;
    const local = { year: +y!, month: +mo!, day: +d!, hour: +h, minute: +mi, second: +s };
    const valid = isCalendarTime(local);
    if (valid && offset) {
      const parsed = Date.parse(`${y}-${mo}-${d}T${h}:${mi}:${s}${offset.toUpperCase()}`);
      if (Number.isFinite(parsed)) return { iso: new Date(parsed).toISOString() };
    }
    if (valid && !offset) return { local, text: value };
  }

  throw new UsageError(`\`${flag}\` ${JSON.stringify(text)} is not a date-time`, {
    hint: `use ISO-8601 such as 2026-12-24T18:00:00Z, or a local time such as 2026-12-24T18:00 read in \`--tz\`${more}`,
  });
}

function isCalendarTime(t: LocalDateTime) {
  const date = new Date(Date.UTC(t.year, t.month - 1, t.day, t.hour, t.minute, t.second));

  return (
    t.year >= 1970 &&
    date.getUTCFullYear() === t.year &&
    date.getUTCMonth() === t.month - 1 &&
    date.getUTCDate() === t.day &&
    t.hour <= 23 &&
    t.minute <= 59 &&
    t.second <= 59
  );
}

/**
 * A start asked for must not be past (Scheduler refuses one), an end asked
 * for must be ahead, and the end must come after the start, whichever of
 * the two was asked for and whichever the schedule already had.
 */
export function checkScheduleDates(
  dates: { start: string | null; end: string | null; startAsked: boolean; endAsked: boolean },
  now: number,
): void {
  const { start, end } = dates;
  if (dates.startAsked && start !== null && Date.parse(start) < now - PAST_START_SLACK_MS) {
    throw new UsageError(
      `\`--start\` ${start} is in the past: Scheduler takes no start more than 5 minutes old`,
      {
        hint: 'pass a later time, or leave `--start` out to start now',
      },
    );
  }
  if (dates.endAsked && end !== null && Date.parse(end) <= now) {
    throw new UsageError(`\`--end\` ${end} is in the past: the schedule would never fire`, {
      hint: 'pass a time after now, or `--end none` to remove the end',
    });
  }
  if (start !== null && end !== null && Date.parse(end) <= Date.parse(start)) {
    const endWord = dates.endAsked ? '`--end`' : "the schedule's end";
    const startWord = dates.startAsked ? '`--start`' : "the schedule's start";
    throw new UsageError(`${endWord} ${end} is not after ${startWord} ${start}`, {
      hint:
        dates.endAsked && dates.startAsked
          ? 'swap them, or pass an end after the start'
          : 'pass `--end` and `--start` that fit, or `--end none`',
    });
  }
}

/** `off`, or the window's length: minutes (`15`), or a duration (`15m`, `1h`), 1 minute to 24 hours. */
function parseWindow(text: string): number | null {
  const value = text.trim().toLowerCase();
  if (value === 'off' || value === '0') return null;
  const ms = /^\d+$/.test(value) ? Number(value) * 60_000 : parseDurationMs(value);
  const minutes = ms === null ? NaN : ms / 60_000;
  if (Number.isInteger(minutes) && minutes >= 1 && minutes <= 1440) return minutes;

  throw new UsageError(`\`--window ${text}\` is not a flexible window`, {
    hint: 'pass `--window off`, or whole minutes from 1 to 1440 (such as 15 or 1h)',
  });
}

/** Scheduler's limits: 60 seconds to 24 hours. */
function parseEventAge(text: string): number {
  const value = text.trim();
  const ms = /^\d+$/.test(value) ? Number(value) * 1000 : parseDurationMs(value);
  const seconds = ms === null ? NaN : ms / 1000;
  if (Number.isInteger(seconds) && seconds >= 60 && seconds <= 86_400) return seconds;

  throw new UsageError(`\`--max-event-age ${text}\` is not from 60 seconds to 24 hours`, {
    hint: 'pass seconds (such as 3600) or a duration (such as 15m or 1h)',
  });
}

function wholeNumber(flag: string, text: string, min: number, max: number): number {
  const value = Number(text.trim());
  if (/^\d+$/.test(text.trim()) && value >= min && value <= max) return value;

  throw new UsageError(`\`${flag} ${text}\` is not a whole number from ${min} to ${max}`, {
    hint: `pass such as \`${flag} 0\` to not retry, or \`${flag} 3\``,
  });
}

function optionalArn(flag: string, text: string | undefined, shape: RegExp, example: string) {
  if (text === undefined) return undefined;
  const value = text.trim();
  if (value.toLowerCase() === 'none' && flag === '--dlq') return null;
  if (shape.test(value)) return value;

  const what = flag === '--dlq' ? 'an SQS queue ARN' : 'an IAM role ARN';
  throw new UsageError(`\`${flag} ${text}\` is not ${what}`, {
    hint: `pass one such as ${example}${flag === '--dlq' ? ', or `--dlq none` to remove it' : ''}`,
  });
}

/** Scheduler passes the text as the event; lcron makes sure it is JSON, as Lambda expects. */
function parseInput(text: string): string | null {
  const value = text.trim();
  if (value.toLowerCase() === 'none') return null;
  try {
    JSON.parse(value);
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new UsageError(`\`--input\` is not valid JSON: ${reason}`, {
      hint: `quote it for the shell, such as --input '{"job":"nightly"}'; \`--input none\` removes it`,
    });
  }
  if (value.length > MAX_INPUT_CHARS) {
    throw new UsageError(
      `\`--input\` is ${value.length} characters; Scheduler takes at most ${MAX_INPUT_CHARS}`,
      {
        hint: 'pass a smaller event, and let the function read the rest from S3 or SSM',
      },
    );
  }

  return value;
}

function parseDescription(text: string): string | null {
  // Characters as people count them, not UTF-16 code units.
  const length = [...text].length;
  if (length > 512) {
    throw new UsageError(`\`--description\` is ${length} characters; Scheduler takes at most 512`, {
      hint: 'shorten it',
    });
  }

  return text === '' ? null : text;
}
