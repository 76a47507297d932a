/** Builders for Lambda log lines, written the way Lambda writes them. */
export const ID = {
  a: '11111111-1111-4111-8111-111111111111',
  b: '22222222-2222-4222-8222-222222222222',
  c: '33333333-3333-4333-8333-333333333333',
  d: '44444444-4444-4444-8444-444444444444',
};

export const STREAM = {
  one: '2026/12/01/[$LATEST]00000000000000000000000000000001',
  two: '2026/12/01/[$LATEST]00000000000000000000000000000002',
  three: '2026/12/01/[$LATEST]00000000000000000000000000000003',
};

export const t = (iso: string): number => Date.parse(iso);

export const startLine = (id: string) => `START RequestId: ${id} Version: $LATEST\n`;
export const endLine = (id: string) => `END RequestId: ${id}\n`;
export const reportLine = (id: string, durationMs: number, extra = '') =>
  `REPORT RequestId: ${id}\tDuration: ${durationMs.toFixed(2)} ms\tBilled Duration: ${Math.ceil(durationMs)} ms\tMemory Size: 128 MB\tMax Memory Used: 70 MB\t${extra}\n`;

export interface LogEvent {
  logStreamName: string;
  timestamp: number;
  message: string;
}

export const event = (logStreamName: string, iso: string, message: string): LogEvent => ({
  logStreamName,
  timestamp: t(iso),
  message,
});

/** START, END and REPORT of one Text-format run. */
export function textRun(
  stream: string,
  id: string,
  startIso: string,
  endIso: string,
  extra = '',
): LogEvent[] {
  const duration = t(endIso) - t(startIso);

  return [
    event(stream, startIso, startLine(id)),
    event(stream, endIso, endLine(id)),
    event(stream, endIso, reportLine(id, duration, extra)),
  ];
}

/** The JSON document `aws logs filter-log-events` prints. */
export function filterLogEventsJson(events: LogEvent[]): string {
  const withIds = events.map((e, i) => ({
    ...e,
    ingestionTime: e.timestamp + 500,
    eventId: String(1e20 + i),
  }));

  return JSON.stringify({ events: withIds, searchedLogStreams: [] }, null, 4);
}
