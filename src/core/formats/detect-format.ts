export const LOG_FORMATS = ['filter-log-events', 'jsonl', 'tail', 'console'] as const;
export type LogFormat = (typeof LOG_FORMATS)[number];

export type Detection = { format: LogFormat } | { format: null; reason: string; line: number };

const TAIL_PLATFORM =
  /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d+)?(?:Z|[+-]\d{2}:\d{2})? (?:\S+ )?(?:(?:START|END|REPORT) RequestId:|INIT_START|\{.*"platform\.)/;
const TAIL_ANY = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d{6})?[+-]\d{2}:\d{2} \S+/;
const CONSOLE_PLATFORM = /^\s*(?:(?:START|END|REPORT) RequestId:|\{.*"type"\s*:\s*"platform\.)/;

/**
 * Decides a file's format from its first part. JSON is told by its first
 * character and first line; text by the first line that is a platform line.
 */
export function detectFormat(head: string): Detection {
  const start = head.search(/\S/);
  if (start === -1) return { format: null, reason: 'the input is empty', line: 1 };

  const lines = head.split('\n');
  if (head[start] === '[') return { format: 'filter-log-events' };
  if (head[start] === '{') {
    return isEventLine(lines.find((line) => line.trim() !== '') ?? '')
      ? { format: 'jsonl' }
      : { format: 'filter-log-events' };
  }

  // The last line may be cut off by the end of the head.
  const complete = lines.length > 1 ? lines.slice(0, -1) : lines;
  if (complete.some((line) => TAIL_PLATFORM.test(line))) return { format: 'tail' };
  if (complete.some((line) => CONSOLE_PLATFORM.test(line))) return { format: 'console' };
  if (complete.some((line) => TAIL_ANY.test(line))) return { format: 'tail' };

  const first = lines.findIndex((line) => line.trim() !== '');
  return {
    format: null,
    reason: `line ${first + 1} (${preview(lines[first]!)}) is not a Lambda log line, and no START, END or REPORT line follows`,
    line: first + 1,
  };
}

function isEventLine(line: string): boolean {
  try {
    const value = JSON.parse(line) as Record<string, unknown>;
    return typeof value === 'object' && value !== null && 'message' in value && 'timestamp' in value;
  } catch {
    return false;
  }
}

function preview(line: string): string {
  const trimmed = line.trim();

  return JSON.stringify(trimmed.length > 40 ? `${trimmed.slice(0, 40)}…` : trimmed);
}
