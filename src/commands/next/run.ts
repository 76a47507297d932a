import type { Context } from '../../cli/context.js';
import { ExitCode } from '../../cli/exit-codes.js';
import type { GlobalOptions } from '../../cli/global-options.js';
import { parseExpression } from '../../core/schedule/expression.js';
import { nextFires } from '../../core/schedule/fire-times.js';
import { checkZone, resolveLocal } from '../../core/schedule/zone.js';
import { UsageError } from '../../errors.js';
import { isoTime } from '../../render/format.js';
import { renderNext } from '../../render/schedule-text.js';
import { parseDateTime } from '../schedule/options.js';
import { MAX_FIRES, type RawNextOptions } from './command.js';

/** `lcron next`: offline, so checking and printing are all it does. */
export function runNext(text: string, raw: RawNextOptions, global: GlobalOptions, ctx: Context): number {
  const parsed = parseExpression(text);
  const zone = raw.tz === undefined ? 'UTC' : checkZone(raw.tz);
  const from = raw.from === undefined ? ctx.now() : Date.parse(parseDateTime('--from', raw.from, zone));
  const count = parseCount(raw.count);
  if (parsed.expression.kind === 'at' && resolveLocal(parsed.expression.local, zone).kind === 'gap') {
    throw new UsageError(`${parsed.eventBridge} does not exist in ${zone}: the clocks skip that time`, {
      hint: 'pick a time outside the daylight-saving jump',
    });
  }

  const fires = nextFires(parsed.expression, { zone, from, count });
  const json = { expression: parsed.eventBridge, timezone: zone, fires: fires.map(isoTime) };
  ctx.stdout.write(
    global.json
      ? `${JSON.stringify(json, null, 2)}\n`
      : renderNext(parsed, zone, fires, raw.from !== undefined),
  );

  return ExitCode.Ok;
}

function parseCount(text: string | undefined): number {
  if (text === undefined) return 5;
  const count = Number(text.trim());
  if (/^\d+$/.test(text.trim()) && count >= 1 && count <= MAX_FIRES) return count;

  throw new UsageError(`\`--count ${text}\` is not a whole number from 1 to ${MAX_FIRES}`, {
    hint: 'pass such as `-n 10`',
  });
}
