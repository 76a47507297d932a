import type { PlatformRecord, ReportedStatus } from './platform-record.js';

const UUID = '[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}';
const ISO_UTC = '\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}(?:\\.\\d+)?Z';

const UUID_ONLY = new RegExp(`^${UUID}$`);
// A UUID at lastIndex that ends the line or is followed by space (" Version: ", a tab).
const LOWER_UUID_AT = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}(?=\s|$)/y;
const ANY_UUID_AT = new RegExp(`${UUID}(?=\\s|$)`, 'y');
const INIT_REPORT = /^INIT_REPORT\b/;
const TASK_TIMED_OUT = new RegExp(`^(?:(${ISO_UTC})\\s+)?(${UUID})\\s+Task timed out after`);
// The runtime's own prefix on application lines: Node and Java put the time
// first, Python puts the level first.
const RUNTIME_PREFIX = new RegExp(`^(?:\\[[A-Z]+\\]\\s+)?(${ISO_UTC})\\s+(${UUID})\\s+(.*)`, 's');

// Longer labels first, so "Billed Duration" never reads as "Duration".
const REPORT_LABEL =
  /(?:^|\s)(Billed Restore Duration|Restore Duration|Billed Duration|Init Duration|Max Memory Used|Memory Size|Error Type|Duration|Status):[ \t]*/g;

/**
 * Cheap test for whether a raw event could be a platform line at all,
 * looking where `parseMessage` looks: at the start of the message. Most
 * of a busy function's log fails it on its first character.
 */
export function mayBePlatformText(text: string): boolean {
  switch (text.charCodeAt(0)) {
    case 83 /* S */:
      return text.startsWith('START RequestId:');
    case 69 /* E */:
      return text.startsWith('END RequestId:');
    case 82 /* R */:
      return text.startsWith('REPORT RequestId:');
    case 73 /* I */:
      return text.startsWith('INIT_REPORT');
    case 123 /* { */:
      return text.includes('platform.');
    default:
      return text.includes('Task timed out') || text.includes('Invoke Error');
  }
}

/**
 * Classifies one log event's message. `time` is the event's own timestamp,
 * or NaN where the source has none (text pasted from the console).
 */
export function parseMessage(message: string, time: number): PlatformRecord | null {
  const first = message.charCodeAt(0);
  if (first === 123 /* { */) return parseJsonMessage(message, time);

  let requestId: string | null;
  if (first === 83 /* S */ && (requestId = idAfter(message, 'START RequestId: '))) {
    return { kind: 'start', requestId, time };
  }
  if (first === 69 /* E */ && (requestId = idAfter(message, 'END RequestId: '))) {
    return { kind: 'end', requestId, time };
  }
  if (first === 82 /* R */ && (requestId = idAfter(message, 'REPORT RequestId: '))) {
    return parseReportFields(requestId, message.slice(18 + 36), time);
  }
  if (first === 73 /* I */ && INIT_REPORT.test(message)) {
    return parseInitReport(message, time);
  }

  return parseRuntimeLine(message, time);
}

/** The request ID right after a platform line's label, if the line is one. */
function idAfter(message: string, label: string): string | null {
  if (!message.startsWith(label)) return null;
  const from = label.length;
  // Lambda prints lower case; other case is accepted and folded.
  LOWER_UUID_AT.lastIndex = from;
  if (LOWER_UUID_AT.test(message)) return message.slice(from, from + 36);
  ANY_UUID_AT.lastIndex = from;

  return ANY_UUID_AT.test(message) ? message.slice(from, from + 36).toLowerCase() : null;
}

/**
 * Reads what a REPORT says of its run. Labels are found by name wherever
 * they stand; "Duration" is the one not preceded by Billed, Init or Restore.
 */
function parseReportFields(requestId: string, rest: string, time: number): PlatformRecord {
  const record: PlatformRecord = { kind: 'report', requestId, time };

  const duration = plainDuration(rest);
  if (Number.isFinite(duration)) record.durationMs = duration;

  const status = normaliseStatus(labelValue(rest, 'Status: '));
  if (status) record.status = status;

  const errorType = labelValue(rest, 'Error Type: ');
  if (errorType) record.errorType = errorType;

  return record;
}

function plainDuration(text: string): number {
  for (let at = text.indexOf('Duration: '); at !== -1; at = text.indexOf('Duration: ', at + 1)) {
    const before = text.charCodeAt(at - 1);
    const word = /(?:Billed|Init|Restore) $/.test(text.slice(Math.max(0, at - 8), at));
    if ((at === 0 || before === 32 || before === 9) && !word) return parseFloat(text.slice(at + 10, at + 40));
  }

  return NaN;
}

/** The one-word value after a label, as Status and Error Type have. */
function labelValue(text: string, label: string): string | undefined {
  const at = text.indexOf(label);
  if (at === -1) return undefined;

  return /^\S+/.exec(text.slice(at + label.length, at + label.length + 200))?.[0];
}

/** Reads `Label: value` pairs separated by tabs or spaces, in any order. */
function readLabelledFields(text: string): Map<string, string> {
  const fields = new Map<string, string>();
  const labels = [...text.matchAll(REPORT_LABEL)];

  labels.forEach((label, i) => {
    const from = label.index + label[0].length;
    const to = labels[i + 1]?.index ?? text.length;
    const value = text.slice(from, to).split('\n')[0]!.trim();
    fields.set(label[1]!, value);
  });

  return fields;
}

function parseInitReport(message: string, time: number): PlatformRecord | null {
  const status = normaliseStatus(readLabelledFields(message).get('Status'));
  if (status !== 'error' && status !== 'timeout') return null;

  return { kind: 'init-failure', requestId: '', time, status };
}

function parseRuntimeLine(message: string, time: number): PlatformRecord | null {
  const timedOut = TASK_TIMED_OUT.exec(message);
  if (timedOut) {
    const printed = timedOut[1] ? Date.parse(timedOut[1]) : NaN;
    return {
      kind: 'timeout',
      requestId: timedOut[2]!.toLowerCase(),
      time: Number.isNaN(time) ? printed : time,
      status: 'timeout',
    };
  }

  const prefixed = RUNTIME_PREFIX.exec(message);
  if (!prefixed) return null;

  const printed = Date.parse(prefixed[1]!);
  const requestId = prefixed[2]!.toLowerCase();
  // Node's runtime logs an uncaught handler error this way.
  const kind = /^ERROR\s+Invoke Error\b/.test(prefixed[3]!) ? 'invoke-error' : 'app-line';

  return { kind, requestId, time: printed };
}

interface JsonPlatformEvent {
  time?: string;
  type?: string;
  record?: {
    requestId?: string;
    status?: string;
    errorType?: string;
    metrics?: { durationMs?: number };
  };
}

const JSON_KIND: Record<string, PlatformRecord['kind']> = {
  'platform.start': 'start',
  'platform.runtimeDone': 'runtime-done',
  'platform.report': 'report',
};

function parseJsonMessage(message: string, time: number): PlatformRecord | null {
  if (!message.includes('"platform.')) return null;

  let event: JsonPlatformEvent;
  try {
    event = JSON.parse(message) as JsonPlatformEvent;
  } catch {
    return null; // An application line that merely looks like JSON.
  }
  if (typeof event !== 'object' || event === null || typeof event.type !== 'string') return null;

  const at = Number.isNaN(time) && event.time ? Date.parse(event.time) : time;
  if (event.type === 'platform.initReport') {
    const status = normaliseStatus(event.record?.status);
    if (status !== 'error' && status !== 'timeout') return null;
    return { kind: 'init-failure', requestId: '', time: at, status };
  }

  const kind = JSON_KIND[event.type];
  const requestId = event.record?.requestId;
  if (!kind || typeof requestId !== 'string' || !UUID_ONLY.test(requestId)) return null;

  const record: PlatformRecord = { kind, requestId: requestId.toLowerCase(), time: at };
  const duration = event.record?.metrics?.durationMs;
  if (typeof duration === 'number' && Number.isFinite(duration)) record.durationMs = duration;
  const status = normaliseStatus(event.record?.status);
  if (status) record.status = status;
  if (event.record?.errorType) record.errorType = event.record.errorType;

  return record;
}

function normaliseStatus(value: string | undefined): ReportedStatus | undefined {
  switch (value?.trim().toLowerCase()) {
    case 'success':
      return 'success';
    case 'timeout':
      return 'timeout';
    case 'error':
    case 'failure':
      return 'error';
    default:
      return undefined;
  }
}
