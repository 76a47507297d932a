import type { EventJsonLayout } from './event-json.js';

/**
 * Where a big JSON log can be cut so that two parsers read it side by side:
 * the start of an event object. `sample` is a stretch of the file starting
 * at `sampleOffset`; the answer is a file offset, or null to read it whole.
 *
 * JSON strings hold no raw line break, so every line break lies between
 * tokens. For JSON lines, the line after the first break is an event. For
 * the filter-log-events JSON, an object on its own line that follows a
 * comma and has "message" and "timestamp" keys is an event in an events
 * array (searchedLogStreams' objects have neither).
 */
export function findSplitPoint(sample: Buffer, sampleOffset: number, layout: EventJsonLayout): number | null {
  for (let nl = sample.indexOf(10); nl !== -1; nl = sample.indexOf(10, nl + 1)) {
    let at = nl + 1;
    while (at < sample.length && (sample[at] === 32 || sample[at] === 9 || sample[at] === 13)) at++;
    if (sample[at] !== 123 /* { */) continue;
    if (layout === 'event-lines') return sampleOffset + at;
    if (previousByte(sample, nl) === 44 /* , */ && isEventObject(sample, at)) return sampleOffset + at;
  }

  return null;
}

function previousByte(sample: Buffer, before: number): number | undefined {
  let at = before - 1;
  while (at >= 0 && (sample[at] === 32 || sample[at] === 9 || sample[at] === 13 || sample[at] === 10)) at--;

  return sample[at];
}

/** Whether the flat object at `from` has the keys of a log event, read as far as the sample goes. */
function isEventObject(sample: Buffer, from: number): boolean {
  const keys = new Set<string>();
  let pos = from + 1;
  while (pos < sample.length) {
    const byte = sample[pos]!;
    if (byte === 125 /* } */) return keys.has('message') && keys.has('timestamp');
    if (byte === 123 || byte === 91) return false; // nested: not a CloudWatch event
    if (byte !== 34 /* " */) {
      pos++;
      continue;
    }
    const end = closingQuote(sample, pos + 1);
    if (end === -1) return false;
    let after = end + 1;
    while (
      after < sample.length &&
      (sample[after] === 32 || sample[after] === 9 || sample[after] === 10 || sample[after] === 13)
    )
      after++;
    if (sample[after] === 58 /* : */) keys.add(sample.toString('latin1', pos + 1, end));
    pos = end + 1;
  }

  return false;
}

function closingQuote(sample: Buffer, from: number): number {
  for (let i = from; i < sample.length; i++) {
    if (sample[i] === 92 /* \ */) i++;
    else if (sample[i] === 34) return i;
  }

  return -1;
}
