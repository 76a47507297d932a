import { UsageError } from '../../errors.js';

export type RateUnit = 'minute' | 'hour' | 'day';

/** The EventBridge text of each of a cron expression's six fields. */
export interface CronFields {
  minutes: string;
  hours: string;
  dayOfMonth: string;
  month: string;
  dayOfWeek: string;
  year: string;
}

/** A wall-clock time with no zone: the zone comes from the schedule. */
export interface LocalDateTime {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
}

export type Expression =
  | { kind: 'rate'; value: number; unit: RateUnit }
  | { kind: 'cron'; fields: CronFields }
  | { kind: 'at'; local: LocalDateTime };

export interface ParsedExpression {
  expression: Expression;
  /** The EventBridge form that would be sent, e.g. `rate(5 minutes)`, `cron(0/5 * * * ? *)`. */
  eventBridge: string;
  /** What the user typed, trimmed. */
  input: string;
  /** Set when lcron converted the input: a rate shorthand or a five-field Unix cron. */
  convertedFrom: 'rate-shorthand' | 'unix-cron' | null;
}

/** A schedule expression EventBridge Scheduler would refuse, or lcron cannot convert. */
export class ExpressionError extends UsageError {}

/** Which days of a month a cron fires on, by the one of its two day fields that is not `?`. */
export type DayRule =
  | { kind: 'month-days'; days: number[] }
  | { kind: 'last-day' }
  | { kind: 'last-weekday' }
  | { kind: 'nearest-weekday'; day: number }
  | { kind: 'weekdays'; weekdays: number[] }
  | { kind: 'nth-weekday'; weekday: number; nth: number }
  | { kind: 'last-of-weekday'; weekday: number };

/** A cron's fields as sorted sets of numbers; weekdays count 1 (Sunday) to 7 (Saturday). */
export interface CronPlan {
  minutes: number[];
  hours: number[];
  days: DayRule;
  months: number[];
  years: number[];
}

interface FieldSpec {
  label: string;
  min: number;
  max: number;
  /** The top of `*`, when it differs from the largest value (Unix day-of-week 7 repeats Sunday). */
  starMax?: number;
  stepMax: number;
  names?: readonly string[];
  nameBase?: number;
  steps: 'any' | 'none' | 'after-range';
  hint: string;
}

const MONTH_NAMES = ['JAN', 'FEB', 'MAR', 'APR', 'MAY', 'JUN', 'JUL', 'AUG', 'SEP', 'OCT', 'NOV', 'DEC'];
const DAY_NAMES = ['SUN', 'MON', 'TUE', 'WED', 'THU', 'FRI', 'SAT'];

const MINUTES: FieldSpec = { label: 'minutes', min: 0, max: 59, stepMax: 59, steps: 'any', hint: 'use 0-59' };
const HOURS: FieldSpec = { label: 'hours', min: 0, max: 23, stepMax: 23, steps: 'any', hint: 'use 0-23' };
const DAY_OF_MONTH: FieldSpec = {
  label: 'day-of-month',
  min: 1,
  max: 31,
  stepMax: 31,
  steps: 'any',
  hint: 'use 1-31, L, LW or a day with W such as 15W',
};
const MONTH: FieldSpec = {
  label: 'month',
  min: 1,
  max: 12,
  stepMax: 12,
  names: MONTH_NAMES,
  nameBase: 1,
  steps: 'any',
  hint: 'use 1-12 or JAN-DEC',
};
// EventBridge lists no `/` for day-of-week: only `, - * ? L #`.
const DAY_OF_WEEK: FieldSpec = {
  label: 'day-of-week',
  min: 1,
  max: 7,
  stepMax: 7,
  names: DAY_NAMES,
  nameBase: 1,
  steps: 'none',
  hint: 'use 1-7 (1 is Sunday) or SUN-SAT',
};
const YEAR: FieldSpec = {
  label: 'year',
  min: 1970,
  max: 2199,
  stepMax: 229,
  steps: 'any',
  hint: 'use 1970-2199',
};
// Unix day-of-week: 0 and 7 are Sunday; steps only after `*` or a range, as Vixie cron reads them.
const UNIX_DAY_OF_WEEK: FieldSpec = {
  label: 'day-of-week',
  min: 0,
  max: 7,
  starMax: 6,
  stepMax: 7,
  names: DAY_NAMES,
  nameBase: 0,
  steps: 'after-range',
  hint: 'use 0-7 (0 and 7 are Sunday) or SUN-SAT',
};

const UNIT_SECONDS: Record<RateUnit, number> = { minute: 60, hour: 3600, day: 86_400 };
const SHORTHAND_UNITS: Record<string, RateUnit> = {
  m: 'minute',
  min: 'minute',
  mins: 'minute',
  minute: 'minute',
  minutes: 'minute',
  h: 'hour',
  hr: 'hour',
  hrs: 'hour',
  hour: 'hour',
  hours: 'hour',
  d: 'day',
  day: 'day',
  days: 'day',
};
const SECOND_UNITS = new Set(['s', 'sec', 'secs', 'second', 'seconds']);
const WEEK_UNITS = new Set(['w', 'week', 'weeks']);

const CALL = /^(rate|cron|at)\s*\((.*)\)$/is;
const SHORTHAND = /^(-?\d+(?:\.\d+)?)\s*([a-z]+)$/i;
const EXAMPLES =
  'use rate(5 minutes) or 5m, cron(0 9 ? * MON-FRI *), a Unix cron such as `0 9 * * 1-5`, or at(2026-12-24T18:00:00)';

function fail(input: string, subject: string, problem: string, hint: string): never {
  throw new ExpressionError(`\`${input}\`: ${subject}: ${problem}`, { hint });
}

/** Reads any form lcron takes and returns it with the EventBridge text it stands for. */
export function parseExpression(text: string): ParsedExpression {
  const input = text.trim();
  const { expression, convertedFrom } = readExpression(input);
  const eventBridge = formatExpression(expression);
  if (eventBridge.length > MAX_EXPRESSION_CHARS) {
    throw new ExpressionError(
      `the expression is ${eventBridge.length} characters; Scheduler takes at most ${MAX_EXPRESSION_CHARS}`,
      { hint: 'use ranges and steps (such as 0-30/5) instead of long lists' },
    );
  }

  return { expression, eventBridge, input, convertedFrom };
}

/** Scheduler's limit on ScheduleExpression. */
const MAX_EXPRESSION_CHARS = 256;

/** The text EventBridge Scheduler takes for an expression. */
export function formatExpression(expression: Expression): string {
  switch (expression.kind) {
    case 'rate':
      return `rate(${expression.value} ${expression.unit}${expression.value === 1 ? '' : 's'})`;
    case 'cron': {
      const f = expression.fields;
      return `cron(${f.minutes} ${f.hours} ${f.dayOfMonth} ${f.month} ${f.dayOfWeek} ${f.year})`;
    }
    case 'at': {
      const { year, month, day, hour, minute, second } = expression.local;
      return `at(${pad(year, 4)}-${pad(month)}-${pad(day)}T${pad(hour)}:${pad(minute)}:${pad(second)})`;
    }
  }
}

/** Validates a cron's six fields and expands them into the sets fire times are walked over. */
export function planCron(fields: CronFields): CronPlan {
  return planFields(fields, formatExpression({ kind: 'cron', fields }));
}

function pad(value: number, width = 2): string {
  return String(value).padStart(width, '0');
}

function readExpression(input: string): Pick<ParsedExpression, 'expression' | 'convertedFrom'> {
  const call = CALL.exec(input);
  if (call) {
    const name = call[1]!.toLowerCase();
    const body = call[2]!;
    if (name === 'rate') return { expression: parseRate(body, input), convertedFrom: null };
    if (name === 'at') return { expression: parseAt(body, input), convertedFrom: null };
    return { expression: { kind: 'cron', fields: parseCronBody(body, input) }, convertedFrom: null };
  }

  const shorthand = SHORTHAND.exec(input);
  if (shorthand) {
    return {
      expression: parseShorthand(shorthand[1]!, shorthand[2]!, input),
      convertedFrom: 'rate-shorthand',
    };
  }

  const parts = input === '' ? [] : input.split(/\s+/);
  if (parts.length === 5 && !input.startsWith('@')) {
    return { expression: { kind: 'cron', fields: convertUnix(parts, input) }, convertedFrom: 'unix-cron' };
  }

  return failUnknown(input, parts);
}

function failUnknown(input: string, parts: string[]): never {
  const opened = /^(rate|cron|at)\s*\(/i.exec(input);
  if (opened) {
    fail(input, 'expression', 'the closing `)` is missing', `end it with \`)\`, e.g. ${opened[1]}(...)`);
  }
  if (input.startsWith('@')) {
    fail(input, 'expression', 'Unix cron macros such as @daily are not EventBridge syntax', EXAMPLES);
  }
  if (parts.length === 6) {
    // Offer the wrapped form only when it would pass: the day fields must hold one `?`.
    const wrapped = `cron(${parts.join(' ')})`;
    const hint =
      parts[2] !== '?' && parts[4] !== '?'
        ? `wrap them in cron(...) with \`?\` in day-of-month or day-of-week, e.g. cron(${[...parts.slice(0, 4), '?', parts[5]].join(' ')})`
        : `wrap them: ${wrapped}`;
    fail(input, 'expression', "six fields are EventBridge's cron form", hint);
  }
  if (parts.length === 7) {
    fail(
      input,
      'expression',
      'seven fields: EventBridge has no seconds field',
      'write five Unix fields or cron(...) with six',
    );
  }

  return fail(input, 'expression', 'not a schedule expression', EXAMPLES);
}

function parseRate(body: string, input: string): Expression {
  const parts = body.trim().split(/\s+/);
  if (parts.length !== 2) fail(input, 'rate()', 'takes a value and a unit', 'e.g. rate(5 minutes)');

  const [valueText, unitText] = parts as [string, string];
  const unit = readRateUnit(unitText, input);
  const value = readRateValue(valueText, unit, input);
  checkPlural(unitText.toLowerCase(), unit, value, input);

  return { kind: 'rate', value, unit };
}

function readRateUnit(text: string, input: string): RateUnit {
  const lower = text.toLowerCase();
  const singular = lower.replace(/s$/, '');
  if (singular === 'minute' || singular === 'hour' || singular === 'day') return singular;
  if (SECOND_UNITS.has(lower)) {
    fail(
      input,
      `unit \`${text}\``,
      "EventBridge Scheduler's smallest unit is the minute",
      'use rate(1 minute) or longer',
    );
  }
  if (WEEK_UNITS.has(lower)) {
    fail(input, `unit \`${text}\``, 'EventBridge has no weeks', 'use days, e.g. rate(7 days)');
  }

  return fail(input, `unit \`${text}\``, 'not a rate unit', 'use minute(s), hour(s) or day(s)');
}

function readRateValue(text: string, unit: RateUnit, input: string): number {
  if (/^\d+\.\d+$/.test(text)) {
    fail(input, `value \`${text}\``, 'must be a whole number', wholeNumberHint(Number(text), unit));
  }
  if (!/^\d+$/.test(text)) {
    fail(input, `value \`${text}\``, 'must be a positive whole number', 'e.g. rate(5 minutes)');
  }
  const value = Number(text);
  if (value < 1) fail(input, `value \`${text}\``, 'must be 1 or more', 'e.g. rate(1 minute)');
  if (!Number.isSafeInteger(value)) fail(input, `value \`${text}\``, 'is too large', 'use a larger unit');

  return value;
}

/** `1.5 hours` has no EventBridge form, but `90 minutes` does. */
function wholeNumberHint(value: number, unit: RateUnit): string {
  const minutes = (value * UNIT_SECONDS[unit]) / 60;
  const hours = minutes / 60;
  if (unit === 'day' && Number.isInteger(hours)) return `use a smaller unit: rate(${hours} hours)`;
  if (unit !== 'minute' && Number.isInteger(minutes)) return `use a smaller unit: rate(${minutes} minutes)`;

  return 'use a whole number of a smaller unit, e.g. rate(90 minutes) for 1.5 hours';
}

/** EventBridge wants `1 minute` and `5 minutes`, and refuses the other two. */
function checkPlural(text: string, unit: RateUnit, value: number, input: string): void {
  const plural = text.endsWith('s');
  if (value === 1 && plural) {
    fail(
      input,
      `unit \`${text}\``,
      'EventBridge wants the singular',
      `use \`${unit}\` for a value of 1: rate(1 ${unit})`,
    );
  }
  if (value !== 1 && !plural) {
    fail(
      input,
      `unit \`${text}\``,
      'EventBridge wants the plural',
      `use \`${unit}s\` for a value other than 1: rate(${value} ${unit}s)`,
    );
  }
}

function parseShorthand(valueText: string, unitText: string, input: string): Expression {
  const lower = unitText.toLowerCase();
  const unit = SHORTHAND_UNITS[lower];
  if (SECOND_UNITS.has(lower)) {
    fail(
      input,
      `unit \`${unitText}\``,
      "EventBridge Scheduler's smallest unit is the minute",
      'use 1m or longer',
    );
  }
  if (WEEK_UNITS.has(lower)) {
    fail(input, `unit \`${unitText}\``, 'EventBridge has no weeks', 'use days, e.g. 7d');
  }
  if (!unit) return fail(input, 'expression', 'not a schedule expression', EXAMPLES);

  return { kind: 'rate', value: readRateValue(valueText, unit, input), unit };
}

const AT_ZONE = /T\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(Z|[+-]\d{2}(?::?\d{2})?)$/i;
// Made on first use: an Intl formatter loads ICU's locale data, megabytes that most runs never need.
let monthLong: Intl.DateTimeFormat | undefined;
const monthName = (time: number) =>
  (monthLong ??= new Intl.DateTimeFormat('en-US', { month: 'long', timeZone: 'UTC' })).format(time);
const AT_TIME = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})$/;

function parseAt(body: string, input: string): Expression {
  const text = body.trim();
  const zone = AT_ZONE.exec(text);
  if (zone) {
    fail(
      input,
      `zone \`${zone[1]}\``,
      'at() takes a local time without a zone or offset',
      `drop \`${zone[1]}\`: Scheduler takes the zone from \`--tz\`, e.g. --tz Europe/Berlin`,
    );
  }

  const match = AT_TIME.exec(text);
  if (!match) fail(input, `time \`${text}\``, 'not yyyy-mm-ddThh:mm:ss', 'e.g. at(2026-12-24T18:00:00)');
  const [year, month, day, hour, minute, second] = match.slice(1).map(Number) as number[];
  const local = { year, month, day, hour, minute, second } as LocalDateTime;
  checkLocal(local, input);

  return { kind: 'at', local };
}

function checkLocal(local: LocalDateTime, input: string): void {
  const { year, month, day } = local;
  if (year < 1970 || year > 2199) {
    fail(input, `year \`${year}\``, 'is outside 1970-2199', 'use a year from 1970 to 2199');
  }
  if (month < 1 || month > 12) {
    fail(input, `month \`${pad(month)}\``, 'is outside 01-12', 'use a month from 01 to 12');
  }
  const days = new Date(Date.UTC(year, month, 0)).getUTCDate();
  if (day < 1 || day > days) {
    fail(
      input,
      `day \`${pad(day)}\``,
      `${monthName(Date.UTC(year, month - 1, 1))} ${year} has ${days} days`,
      'use a real date',
    );
  }
  if (local.hour > 23) fail(input, `hour \`${pad(local.hour)}\``, 'is outside 00-23', 'use 00-23');
  if (local.minute > 59) fail(input, `minute \`${pad(local.minute)}\``, 'is outside 00-59', 'use 00-59');
  if (local.second > 59) fail(input, `second \`${pad(local.second)}\``, 'is outside 00-59', 'use 00-59');
}

function parseCronBody(body: string, input: string): CronFields {
  const parts = body.trim() === '' ? [] : body.trim().toUpperCase().split(/\s+/);
  if (parts.length !== 6) {
    const hint =
      parts.length === 5
        ? 'add the year field, e.g. cron(0/5 * * * ? *), or pass a five-field Unix cron without cron()'
        : parts.length === 7
          ? 'EventBridge has no seconds field: drop it'
          : 'write minutes hours day-of-month month day-of-week year, e.g. cron(0 9 ? * MON-FRI *)';
    fail(input, 'fields', `cron() takes six fields, not ${parts.length}`, hint);
  }

  const [minutes, hours, dayOfMonth, month, dayOfWeek, year] = parts as string[];
  const fields = { minutes, hours, dayOfMonth, month, dayOfWeek, year } as CronFields;
  planFields(fields, input);

  return fields;
}

function planFields(fields: CronFields, input: string): CronPlan {
  const minutes = expandList(fields.minutes, MINUTES, input);
  const hours = expandList(fields.hours, HOURS, input);
  checkQuestionMarks(fields, input);
  const days =
    fields.dayOfMonth === '?'
      ? planDayOfWeek(fields.dayOfWeek, input)
      : planDayOfMonth(fields.dayOfMonth, input);
  const months = expandList(fields.month, MONTH, input);
  const years = expandList(fields.year, YEAR, input);

  return { minutes, hours, days, months, years };
}

/** EventBridge cannot combine a day of the month with a day of the week: exactly one is `?`. */
function checkQuestionMarks(fields: CronFields, input: string): void {
  const { dayOfMonth, dayOfWeek } = fields;
  if (dayOfMonth === '?' && dayOfWeek === '?') {
    fail(
      input,
      'day-of-month field `?` and day-of-week field `?`',
      'only one of them may be `?`',
      'put a value or * in the other, e.g. cron(0 9 * * ? *)',
    );
  }
  if (dayOfMonth !== '?' && dayOfWeek !== '?') {
    const example = {
      ...fields,
      ...(dayOfWeek !== '*' && dayOfMonth === '*' ? { dayOfMonth: '?' } : { dayOfWeek: '?' }),
    };
    fail(
      input,
      `day-of-month field \`${dayOfMonth}\` and day-of-week field \`${dayOfWeek}\``,
      'one of them must be `?`',
      `EventBridge cannot combine the two: write ? in one, e.g. ${formatExpression({ kind: 'cron', fields: example })}`,
    );
  }
}

function planDayOfMonth(text: string, input: string): DayRule {
  const subject = `day-of-month field \`${text}\``;
  if (text === 'L') return { kind: 'last-day' };
  if (text === 'LW') return { kind: 'last-weekday' };
  if (/^L-\d+$/.test(text)) {
    fail(
      input,
      subject,
      'EventBridge documents no offset from the last day',
      'use L (last day) or LW (last weekday)',
    );
  }
  const nearest = /^(\d+)W$/.exec(text);
  if (nearest) return { kind: 'nearest-weekday', day: readValue(nearest[1]!, DAY_OF_MONTH, text, input) };
  if (text.includes('#')) {
    fail(input, subject, '`#` works only in day-of-week', 'e.g. cron(0 9 ? * 3#2 *), the second Tuesday');
  }
  if (/^\d+L$/.test(text)) {
    fail(input, subject, `\`${text}\` works only in day-of-week`, 'e.g. cron(0 9 ? * 6L *), the last Friday');
  }

  return { kind: 'month-days', days: expandList(text, DAY_OF_MONTH, input) };
}

function planDayOfWeek(text: string, input: string): DayRule {
  const subject = `day-of-week field \`${text}\``;
  // `L` alone is the last day of the week: Saturday.
  if (text === 'L') return { kind: 'weekdays', weekdays: [7] };
  const last = /^(\w+)L$/.exec(text);
  if (last) return { kind: 'last-of-weekday', weekday: readValue(last[1]!, DAY_OF_WEEK, text, input) };
  const nth = /^(\w+)#([^,]*)$/.exec(text);
  if (nth) {
    const weekday = readValue(nth[1]!, DAY_OF_WEEK, text, input);
    if (!/^[1-5]$/.test(nth[2]!)) {
      fail(
        input,
        subject,
        `\`#${nth[2]}\` must be #1 to #5, the week of the month`,
        'e.g. 3#2, the second Tuesday',
      );
    }
    return { kind: 'nth-weekday', weekday, nth: Number(nth[2]) };
  }
  if (text.includes('#')) {
    fail(
      input,
      subject,
      '`#` takes one day, not a list',
      'make one schedule per day, e.g. cron(0 9 ? * 3#1 *)',
    );
  }
  if (/(^|[,-])(\d+W|LW)($|[,-])/.test(text)) {
    fail(
      input,
      subject,
      '`W` works only in day-of-month',
      'e.g. cron(0 9 15W * ? *), the weekday nearest the 15th',
    );
  }

  return { kind: 'weekdays', weekdays: expandList(text, DAY_OF_WEEK, input) };
}

/** Expands `1,5-10,30/15` into the sorted values it names. */
function expandList(text: string, spec: FieldSpec, input: string): number[] {
  const values = new Set<number>();
  for (const item of text.split(',')) {
    for (const value of expandItem(item, spec, text, input)) values.add(value);
  }

  return [...values].sort((a, b) => a - b);
}

function expandItem(item: string, spec: FieldSpec, field: string, input: string): number[] {
  const subject = `${spec.label} field \`${field}\``;
  const [rangeText, stepText, extra] = item.split('/') as [string, string | undefined, string | undefined];
  if (extra !== undefined) fail(input, subject, `\`${item}\` has more than one \`/\``, spec.hint);
  if (stepText !== undefined && spec.steps === 'none') {
    fail(
      input,
      subject,
      `EventBridge takes no \`/\` in ${spec.label}`,
      'list the days instead, e.g. MON,WED,FRI',
    );
  }
  const step = stepText === undefined ? 1 : readStep(stepText, spec, field, input);

  const [firstText, lastText, more] = rangeText.split('-') as [
    string,
    string | undefined,
    string | undefined,
  ];
  if (more !== undefined) fail(input, subject, `\`${rangeText}\` is not a range`, spec.hint);
  let first = spec.min;
  let last = spec.starMax ?? spec.max;
  if (firstText !== '*' || lastText !== undefined) {
    first = readValue(firstText, spec, field, input);
    last =
      lastText === undefined
        ? stepText === undefined
          ? first
          : spec.max
        : readValue(lastText, spec, field, input);
  }
  if (stepText !== undefined && lastText === undefined && firstText !== '*' && spec.steps === 'after-range') {
    fail(
      input,
      subject,
      `\`${item}\` needs a range before \`/\``,
      `e.g. ${firstText}-${spec.max}/${stepText}`,
    );
  }
  if (first > last) {
    fail(
      input,
      subject,
      `range \`${rangeText}\` runs backwards`,
      'write the smaller value first: ranges do not wrap around',
    );
  }

  const values: number[] = [];
  for (let value = first; value <= last; value += step) values.push(value);

  return values;
}

function readStep(text: string, spec: FieldSpec, field: string, input: string): number {
  const step = /^\d+$/.test(text) ? Number(text) : NaN;
  if (!(step >= 1 && step <= spec.stepMax)) {
    fail(
      input,
      `${spec.label} field \`${field}\``,
      `step \`/${text}\` is not 1-${spec.stepMax}`,
      spec.steps === 'none'
        ? `list the values instead, e.g. ${spec.label === 'day-of-week' ? 'MON,WED,FRI' : '1,3,5'}`
        : `e.g. */${Math.min(15, spec.stepMax)}`,
    );
  }

  return step;
}

function readValue(token: string, spec: FieldSpec, field: string, input: string): number {
  const subject = `${spec.label} field \`${field}\``;
  let value: number | undefined;
  if (/^\d+$/.test(token)) value = Number(token);
  else if (spec.names?.includes(token)) value = spec.names.indexOf(token) + (spec.nameBase ?? 0);
  if (value === undefined) {
    const [problem, hint] = tokenProblem(token, spec);
    return fail(input, subject, problem, hint);
  }
  if (value < spec.min || value > spec.max) {
    fail(input, subject, `${token} is outside ${spec.min}-${spec.max}`, spec.hint);
  }

  return value;
}

/** Says why a token is not a value, naming the wildcard when one is misplaced. */
function tokenProblem(token: string, spec: FieldSpec): [string, string] {
  if (token === '') return ['a value is missing', spec.hint];
  if (token.includes('?')) {
    return ['`?` stands alone, and only in day-of-month or day-of-week', 'e.g. cron(0 9 * * ? *)'];
  }
  const special = /^\d*(L|LW|W)$|#/.test(token);
  if (special && (spec === DAY_OF_MONTH || spec === DAY_OF_WEEK)) {
    return [`\`${token}\` stands alone: no lists, ranges or steps with it`, 'make one schedule for each'];
  }
  if (special) {
    return [
      '`L`, `W` and `#` work only in day-of-month and day-of-week',
      'L, LW and 15W go in day-of-month; L, 6L and 3#2 in day-of-week',
    ];
  }

  return [`\`${token}\` is not a ${spec.label} value`, spec.hint];
}

const UNIX_LABELS = ['minutes', 'hours', 'day-of-month', 'month', 'day-of-week'];

/**
 * Turns `m h dom mon dow` into EventBridge's six fields. The day of week is
 * renumbered (Unix 0 is Sunday, EventBridge 1) and `?` goes in the day
 * field the Unix expression leaves as `*`.
 */
function convertUnix(parts: string[], input: string): CronFields {
  const upper = parts.map((part) => part.toUpperCase());
  const [minutes, hours, dayOfMonth, month, dayOfWeek] = upper as [string, string, string, string, string];
  rejectEventBridgeOnly(upper, input);
  const weekdays =
    dayOfWeek === '*'
      ? '?'
      : renderWeekdays(expandList(dayOfWeek, UNIX_DAY_OF_WEEK, input).map((day) => (day % 7) + 1));

  if (dayOfMonth !== '*' && dayOfWeek !== '*') {
    const byDate = formatExpression({
      kind: 'cron',
      fields: { minutes, hours, dayOfMonth, month, dayOfWeek: '?', year: '*' },
    });
    const byDay = formatExpression({
      kind: 'cron',
      fields: { minutes, hours, dayOfMonth: '?', month, dayOfWeek: weekdays, year: '*' },
    });
    // Vixie cron and cronie OR the two day fields only when neither starts with `*`;
    // a field such as `*/2` makes the day match both, which EventBridge cannot say either.
    if (dayOfMonth.startsWith('*') || dayOfWeek.startsWith('*')) {
      fail(
        input,
        `day-of-month field \`${dayOfMonth}\` and day-of-week field \`${dayOfWeek}\``,
        'Unix cron fires only on days that match both, which EventBridge cannot express',
        'restrict one of the day fields only, and leave the other `*`',
      );
    }
    fail(
      input,
      `day-of-month field \`${dayOfMonth}\` and day-of-week field \`${dayOfWeek}\``,
      'Unix cron fires when either matches, which EventBridge cannot express',
      `create two schedules: ${byDate} and ${byDay}`,
    );
  }

  const fields: CronFields = {
    minutes,
    hours,
    dayOfMonth: dayOfWeek === '*' ? dayOfMonth : '?',
    month,
    dayOfWeek: weekdays,
    year: '*',
  };
  planFields(fields, input);

  return fields;
}

/** `?`, `L`, `W` and `#` are EventBridge's, not Unix cron's: ask for the six-field form. */
function rejectEventBridgeOnly(parts: string[], input: string): void {
  parts.forEach((part, i) => {
    const names = i === 3 ? MONTH_NAMES : i === 4 ? DAY_NAMES : [];
    const token = part.split(/[,\-/]/).find((t) => !names.includes(t) && /[?#]|^\d*L$|^LW$|^\d+W$/.test(t));
    if (token === undefined) return;
    fail(
      input,
      `${UNIX_LABELS[i]} field \`${part}\``,
      `\`${token}\` is EventBridge syntax, not Unix cron`,
      "write EventBridge's six fields instead: cron(minutes hours day-of-month month day-of-week year)",
    );
  });
}

/** Writes weekdays 1-7 as `MON-FRI`, `SUN,SAT`, `SUN-TUE,SAT`: runs of three or more as ranges. */
function renderWeekdays(days: number[]): string {
  const sorted = [...new Set(days)].sort((a, b) => a - b);
  if (sorted.length === 7) return '*';

  const parts: string[] = [];
  let i = 0;
  while (i < sorted.length) {
    let j = i;
    while (j + 1 < sorted.length && sorted[j + 1] === sorted[j]! + 1) j++;
    const names = sorted.slice(i, j + 1).map((day) => DAY_NAMES[day - 1]!);
    parts.push(names.length >= 3 ? `${names[0]}-${names[names.length - 1]}` : names.join(','));
    i = j + 1;
  }

  return parts.join(',');
}
