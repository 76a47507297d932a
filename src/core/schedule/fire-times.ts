import { planCron, type CronPlan, type DayRule, type Expression, type RateUnit } from './expression.js';
import { resolveLocal, resolveWall, utcToLocal, type LocalInstant } from './zone.js';

export interface FireOptions {
  zone: string;
  from: number;
  count: number;
  start?: number | null;
  end?: number | null;
}

const UNIT_MS: Record<RateUnit, number> = { minute: 60_000, hour: 3_600_000, day: 86_400_000 };
const DAY_MS = 86_400_000;
// EventBridge's years end with 2199: a cron's year field stops there, and a rate stops with it.
const LAST_YEAR = 2199;
const AFTER_LAST_YEAR = Date.UTC(LAST_YEAR + 1, 0, 1);
// Over a year, so both of a zone's DST transitions fall inside.
const GAP_HORIZON_MS = 400 * DAY_MS;
// Scheduler fires at most once a minute: no gap can be shorter.
const SHORTEST_POSSIBLE_GAP_SECONDS = 60;

/** UTC milliseconds of the next `count` fires at or after `from` (and within start/end). */
export function nextFires(expression: Expression, options: FireOptions): number[] {
  const fires: number[] = [];
  if (options.count <= 0) return fires;

  for (const fire of fireTimes(expression, options)) {
    fires.push(fire);
    if (fires.length >= options.count) break;
  }

  return fires;
}

/**
 * Shortest time between two consecutive fires (seconds) within a horizon, Infinity for at() or
 * a cron that fires at most once; used to decide whether a function whose timeout is longer can
 * overlap itself.
 */
export function shortestGapSeconds(expression: Expression, zone: string, from: number): number {
  if (expression.kind === 'at') return Infinity;
  if (expression.kind === 'rate') return (expression.value * UNIT_MS[expression.unit]) / 1000;

  let shortest = Infinity;
  let previous: number | null = null;
  let horizon = Infinity;
  for (const fire of cronFires(planCron(expression.fields), zone, from, Infinity)) {
    if (previous === null) horizon = fire + GAP_HORIZON_MS;
    else shortest = Math.min(shortest, (fire - previous) / 1000);
    // The fire past the horizon still counts, so a cron every few years has a gap.
    if (fire > horizon || shortest <= SHORTEST_POSSIBLE_GAP_SECONDS) break;
    previous = fire;
  }

  return shortest;
}

function fireTimes(expression: Expression, options: FireOptions): Iterable<number> {
  const start = options.start ?? null;
  const end = options.end ?? Infinity;
  const from = Math.max(options.from, start ?? -Infinity);

  switch (expression.kind) {
    case 'rate':
      // Without a start date, Scheduler fires a rate as soon as it is created.
      return rateFires(
        UNIT_MS[expression.unit] * expression.value,
        start ?? options.from,
        from,
        Math.min(end, AFTER_LAST_YEAR - 1),
      );
    case 'cron':
      return cronFires(planCron(expression.fields), options.zone, from, end);
    case 'at':
      // Scheduler ignores a one-time schedule's start date.
      return atFires(resolveLocal(expression.local, options.zone), options.from, end);
  }
}

function* rateFires(intervalMs: number, anchor: number, from: number, end: number): Generator<number> {
  let k = Math.max(0, Math.ceil((from - anchor) / intervalMs));
  for (let fire = anchor + k * intervalMs; fire <= end; fire = anchor + ++k * intervalMs) yield fire;
}

function atFires(instant: LocalInstant, from: number, end: number): number[] {
  // Like a cron, a time in the spring-forward gap never comes; a repeated one comes first.
  if (instant.kind === 'gap' || instant.utc < from || instant.utc > end) return [];

  return [instant.utc];
}

/**
 * Walks the local calendar year by year, month by month, day by day, over
 * only the values the fields allow, so sparse expressions cost little.
 * Local order is UTC order, with gap times skipped and repeated times at
 * their first occurrence; times before `from` (in a repeated hour) are dropped.
 */
function* cronFires(plan: CronPlan, zone: string, from: number, end: number): Generator<number> {
  const begin = utcToLocal(from, zone);

  for (const year of plan.years) {
    if (year < begin.year) continue;
    if (Date.UTC(year, 0, 1) - DAY_MS > end) return;
    const inFirstYear = year === begin.year;

    for (const month of plan.months) {
      if (inFirstYear && month < begin.month) continue;
      const inFirstMonth = inFirstYear && month === begin.month;

      for (const day of daysOfMonth(plan.days, year, month)) {
        if (inFirstMonth && day < begin.day) continue;
        const onFirstDay = inFirstMonth && day === begin.day;

        for (const hour of plan.hours) {
          if (onFirstDay && hour < begin.hour) continue;
          const inFirstHour = onFirstDay && hour === begin.hour;

          for (const minute of plan.minutes) {
            if (inFirstHour && minute < begin.minute) continue;
            const instant = resolveWall(Date.UTC(year, month - 1, day, hour, minute), zone);
            if (instant.kind === 'gap' || instant.utc < from) continue;
            if (instant.utc > end) return;
            yield instant.utc;
          }
        }
      }
    }
  }
}

/** The days of a month a day rule picks, in order. */
function daysOfMonth(rule: DayRule, year: number, month: number): number[] {
  const length = new Date(Date.UTC(year, month, 0)).getUTCDate();
  // 1 is Sunday, as in EventBridge.
  const firstWeekday = new Date(Date.UTC(year, month - 1, 1)).getUTCDay() + 1;
  const weekdayOf = (day: number) => ((firstWeekday - 1 + day - 1) % 7) + 1;

  switch (rule.kind) {
    case 'month-days':
      return rule.days.filter((day) => day <= length);
    case 'last-day':
      return [length];
    case 'last-weekday':
      return [nearestWeekday(length, length, weekdayOf(length))];
    case 'nearest-weekday':
      return rule.day > length ? [] : [nearestWeekday(rule.day, length, weekdayOf(rule.day))];
    case 'weekdays': {
      const days: number[] = [];
      for (let day = 1; day <= length; day++) if (rule.weekdays.includes(weekdayOf(day))) days.push(day);
      return days;
    }
    case 'nth-weekday': {
      const day = 1 + ((rule.weekday - firstWeekday + 7) % 7) + 7 * (rule.nth - 1);
      return day <= length ? [day] : [];
    }
    case 'last-of-weekday':
      return [length - ((weekdayOf(length) - rule.weekday + 7) % 7)];
  }
}

/** The weekday nearest a day without leaving the month: Saturday the 1st moves to Monday the 3rd. */
function nearestWeekday(day: number, length: number, weekday: number): number {
  if (weekday === 7) return day === 1 ? day + 2 : day - 1;
  if (weekday === 1) return day === length ? day - 2 : day + 1;

  return day;
}
