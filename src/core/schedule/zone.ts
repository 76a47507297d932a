import { UsageError } from '../../errors.js';
import type { LocalDateTime } from './expression.js';

const SECOND_MS = 1_000;
const DAY_MS = 86_400_000;
// Centuries of days; past it the cache starts over rather than grow.
const MAX_CACHED_DAYS = 100_000;
// en-US knows US abbreviations, en-GB European ones, en-AU and en-IN theirs; the rest get GMT+n.
const ABBREVIATION_LOCALES = ['en-US', 'en-GB', 'en-AU', 'en-IN'];

/** Where a wall-clock time falls: in a spring-forward gap, once, or twice in a repeated hour. */
export type LocalInstant =
  { kind: 'gap' } | { kind: 'once'; utc: number } | { kind: 'twice'; utc: number; later: number };

/** One UTC day's offset, or the two either side of a transition inside it. */
type DayOffset = number | { at: number; before: number; after: number };

const fieldFormatters = new Map<string, Intl.DateTimeFormat>();
const nameFormatters = new Map<string, Intl.DateTimeFormat>();
const offsetCaches = new Map<string, Map<number, DayOffset>>();

/** Returns the zone's name if Intl knows it as an IANA zone, with its case put right. */
export function checkZone(name: string): string {
  const trimmed = name.trim();
  let resolved: string | undefined;
  try {
    // Newer Intl versions also take offsets such as +01:00; Scheduler takes only names.
    if (trimmed !== '' && !/^[+-]\d/.test(trimmed)) {
      resolved = new Intl.DateTimeFormat('en-US', { timeZone: trimmed }).resolvedOptions().timeZone;
    }
  } catch {
    resolved = undefined;
  }
  if (resolved === undefined) {
    throw new UsageError(`time zone ${JSON.stringify(name)} is not an IANA time zone`, {
      hint: 'pass a name such as Europe/Berlin, America/New_York or UTC',
    });
  }

  // Intl resolves some names to older links (Asia/Kolkata to Asia/Calcutta): keep the user's.
  return resolved.toLowerCase() === trimmed.toLowerCase() ? resolved : trimmed;
}

/** The zone's offset from UTC at an instant, in milliseconds (local minus UTC). */
export function zoneOffsetMs(utcMs: number, zone: string): number {
  const cache = offsetCache(zone);
  const day = Math.floor(utcMs / DAY_MS);
  let entry = cache.get(day);
  if (entry === undefined) {
    if (cache.size >= MAX_CACHED_DAYS) cache.clear();
    entry = measureDay(day, zone);
    cache.set(day, entry);
  }
  if (typeof entry === 'number') return entry;

  return utcMs < entry.at ? entry.before : entry.after;
}

/** The wall-clock time in a zone at an instant. */
export function utcToLocal(utcMs: number, zone: string): LocalDateTime {
  const wall = new Date(utcMs + zoneOffsetMs(utcMs, zone));

  return {
    year: wall.getUTCFullYear(),
    month: wall.getUTCMonth() + 1,
    day: wall.getUTCDate(),
    hour: wall.getUTCHours(),
    minute: wall.getUTCMinutes(),
    second: wall.getUTCSeconds(),
  };
}

/** Finds the instants a wall-clock time names in a zone. */
export function resolveLocal(local: LocalDateTime, zone: string): LocalInstant {
  const wall = Date.UTC(local.year, local.month - 1, local.day, local.hour, local.minute, local.second);

  return resolveWall(wall, zone);
}

/** The first instant a wall-clock time names in a zone, or null when the clocks skip it. */
export function localToUtc(zone: string, local: LocalDateTime): number | null {
  const instant = resolveLocal(local, zone);

  return instant.kind === 'gap' ? null : instant.utc;
}

/**
 * The same, for a wall-clock time given as if it were UTC milliseconds. The
 * offsets a day either side are the only ones that can apply (zones move
 * at most once a day); each is kept if it maps back to this wall time.
 */
export function resolveWall(wall: number, zone: string): LocalInstant {
  const earlier = zoneOffsetMs(wall - DAY_MS, zone);
  const later = zoneOffsetMs(wall + DAY_MS, zone);
  const first = wall - earlier;
  const second = wall - later;
  const firstFits = zoneOffsetMs(first, zone) === earlier;
  const secondFits = earlier !== later && zoneOffsetMs(second, zone) === later;

  if (firstFits && secondFits) {
    return { kind: 'twice', utc: Math.min(first, second), later: Math.max(first, second) };
  }
  if (firstFits) return { kind: 'once', utc: first };
  if (secondFits) return { kind: 'once', utc: second };

  return { kind: 'gap' };
}

/** `2026-12-24 18:00 CET`: a time for people, in the zone's own abbreviation where Intl has one. */
export function formatLocal(utcMs: number, zone: string): string {
  const local = utcToLocal(utcMs, zone);
  const date = `${local.year}-${pad(local.month)}-${pad(local.day)}`;

  return `${date} ${pad(local.hour)}:${pad(local.minute)} ${zoneAbbreviation(utcMs, zone)}`;
}

function pad(value: number): string {
  return String(value).padStart(2, '0');
}

function zoneAbbreviation(utcMs: number, zone: string): string {
  let fallback = '';
  for (const locale of ABBREVIATION_LOCALES) {
    const name = nameFormatter(locale, zone)
      .formatToParts(utcMs)
      .find((part) => part.type === 'timeZoneName')?.value;
    if (name === undefined) continue;
    if (!/^(GMT|UTC)[+-]/.test(name)) return name;
    fallback ||= name;
  }

  return fallback;
}

function nameFormatter(locale: string, zone: string): Intl.DateTimeFormat {
  const key = `${locale} ${zone}`;
  let formatter = nameFormatters.get(key);
  if (!formatter) {
    formatter = new Intl.DateTimeFormat(locale, { timeZone: checkZone(zone), timeZoneName: 'short' });
    nameFormatters.set(key, formatter);
  }

  return formatter;
}

function offsetCache(zone: string): Map<number, DayOffset> {
  let cache = offsetCaches.get(zone);
  if (!cache) {
    cache = new Map();
    offsetCaches.set(zone, cache);
  }

  return cache;
}

/**
 * Measures a UTC day's offset at its first and last second: two Intl calls
 * a day keep a year of minute-by-minute fires cheap. When they differ the
 * day holds a transition (zones move at most once a day), found to the
 * second by halving, so a half-hour one as in Australia/Lord_Howe is exact.
 */
function measureDay(day: number, zone: string): DayOffset {
  let low = day * DAY_MS;
  let high = low + DAY_MS - SECOND_MS;
  const before = measureOffset(low, zone);
  const after = measureOffset(high, zone);
  if (before === after) return before;

  while (high - low > SECOND_MS) {
    const middle = low + Math.floor((high - low) / 2 / SECOND_MS) * SECOND_MS;
    if (measureOffset(middle, zone) === before) low = middle;
    else high = middle;
  }

  return { at: high, before, after };
}

function measureOffset(utcMs: number, zone: string): number {
  const parts = fieldFormatter(zone).formatToParts(utcMs);
  const field = (type: Intl.DateTimeFormatPartTypes) =>
    Number(parts.find((part) => part.type === type)?.value);
  const wall = Date.UTC(
    field('year'),
    field('month') - 1,
    field('day'),
    field('hour'),
    field('minute'),
    field('second'),
  );

  return wall - Math.floor(utcMs / SECOND_MS) * SECOND_MS;
}

function fieldFormatter(zone: string): Intl.DateTimeFormat {
  let formatter = fieldFormatters.get(zone);
  if (!formatter) {
    formatter = new Intl.DateTimeFormat('en-US', {
      timeZone: checkZone(zone),
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
    });
    fieldFormatters.set(zone, formatter);
  }

  return formatter;
}
