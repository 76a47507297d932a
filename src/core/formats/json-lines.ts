import { EventJsonParser } from './event-json.js';
import type { FormatParser, LogEventSink } from './parser.js';

/**
 * One CloudWatch event a line, as `jq -c '.events[]'` or a log export
 * writes them: read by the same scanner as the filter-log-events JSON.
 */
export function createJsonLinesParser(sink: LogEventSink): FormatParser {
  return new EventJsonParser(sink, 'event-lines');
}
