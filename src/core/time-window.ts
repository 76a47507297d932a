import { UsageError } from '../errors.js';

/** A closed-open interval of epoch milliseconds. */
export interface TimeWindow {
  start: number;
  end: number;
}

const UNIT_MS: Record<string, number> = {
  ms: 1,
  s: 1_000,
  m: 60_000,
  h: 3_600_000,
  d: 86_400_000,
  w: 604_800_000,
};

const DURATION = /^(\d+(?:\.\d+)?)(ms|s|m|h|d|w)$/;
const COMPOUND_DURATION = /^(?:\d+(?:\.\d+)?(?:ms|s|m|h|d|w))+$/;
// A date, optionally a time, optionally a zone: what people paste from logs.
const ISO_TIME = /^\d{4}-\d{2}-\d{2}(?:[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d{1,9})?)?)?(?:Z|[+-]\d{2}:?\d{2})?$/i;

const EARLIEST = 0;
const LATEST = Date.parse('9999-12-31T23:59:59Z');

/** Rejects what Date.parse would quietly move: February 30th, hour 25. */
function isRealDate(value: string): boolean {
  const [, y, m, d, hh, mm, ss] =
    /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2}))?)?/i.exec(value) ?? [];
  const year = Number(y);
  const month = Number(m);
  const day = Number(d);
  const daysInMonth = new Date(Date.UTC(year, month, 0)).getUTCDate();

  return (
    month >= 1 &&
    month <= 12 &&
    day >= 1 &&
    day <= daysInMonth &&
    Number(hh ?? 0) <= 23 &&
    Number(mm ?? 0) <= 59 &&
    Number(ss ?? 0) <= 59
  );
}

/** Parses `90m`, `6h`, `1h30m`, `7d` into milliseconds, or returns null. */
export function parseDurationMs(text: string): number | null {
  const value = text.trim().toLowerCase();
  if (!COMPOUND_DURATION.test(value)) return null;

  let total = 0;
  for (const part of value.match(/\d+(?:\.\d+)?(?:ms|s|m|h|d|w)/g) ?? []) {
    const [, amount, unit] = DURATION.exec(part) ?? [];
    total += Number(amount) * (UNIT_MS[unit ?? ''] ?? NaN);
  }

  return Number.isFinite(total) ? total : null;
}

/**
 * Reads a `--since`/`--until` value: a duration back from `now`, `now`
 * itself, or an ISO-8601 time. A time without a zone is taken as UTC, as
 * CloudWatch and Lambda logs are.
 */
export function parseTimeArgument(flag: string, text: string, now: number): number {
  const value = text.trim();
  if (value.toLowerCase() === 'now') return now;

  const duration = parseDurationMs(value);
  if (duration !== null) {
    if (now - duration < EARLIEST) {
      throw new UsageError(`${flag} ${text} reaches back before 1970`, {
        hint: 'pass a shorter duration, such as 7d',
      });
    }
    return now - duration;
  }

  if (ISO_TIME.test(value) && isRealDate(value)) {
    const hasZone = /(?:Z|[+-]\d{2}:?\d{2})$/i.test(value) && value.length > 10;
    const normal = value.replace(' ', 'T');
    const parsed = Date.parse(hasZone || value.length <= 10 ? normal : `${normal}Z`);
    if (Number.isFinite(parsed) && parsed >= EARLIEST && parsed <= LATEST) return parsed;
  }

  throw new UsageError(`${flag} ${JSON.stringify(text)} is not a duration or a time`, {
    hint: `use a duration such as 90m, 6h or 7d, or an ISO-8601 time such as 2026-12-01T08:00:00Z`,
  });
}

/** `--since` must lie in the past: there is nothing to read after now. */
export function checkNotFuture(flag: string, time: number, now: number): void {
  if (time <= now) return;

  throw new UsageError(`${flag} ${new Date(time).toISOString()} is in the future`, {
    hint: 'pass a time before now, or a duration back from now such as 6h',
  });
}

export function resolveWindow(
  since: string | undefined,
  until: string | undefined,
  now: number,
  defaultSince: string,
): TimeWindow {
  const end = until === undefined ? now : parseTimeArgument('--until', until, now);
  const start = parseTimeArgument('--since', since ?? defaultSince, now);
  checkNotFuture('--since', start, now);
  if (start >= end) {
    throw new UsageError(
      `the window is empty: --since ${new Date(start).toISOString()} is not before --until ${new Date(end).toISOString()}`,
      { hint: 'pass a --since that is earlier than --until' },
    );
  }

  return { start, end };
}
