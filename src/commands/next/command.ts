import { Command } from 'commander';

import type { Context } from '../../cli/context.js';
import { ExitCode } from '../../cli/exit-codes.js';
import { parseGlobalOptions, type RawGlobalOptions } from '../../cli/global-options.js';
import { parseExpression } from '../../core/schedule/expression.js';
import { nextFires } from '../../core/schedule/fire-times.js';
import { checkZone, resolveLocal } from '../../core/schedule/zone.js';
import { UsageError } from '../../errors.js';
import { isoTime } from '../../render/format.js';
import { renderNext } from '../../render/schedule-text.js';
import { parseDateTime } from '../schedule/options.js';

const NEXT_EXAMPLES = `
Examples:
  lcron next 'cron(0 9 ? * MON-FRI *)' --tz Europe/Berlin
  lcron next '30 2 * * *' --tz Europe/Berlin --from 2027-03-27T00:00 -n 3
  lcron next 15m --json

Offline: no AWS call. A rate counts from --from (default now), as a new
schedule does from the moment it is made. In --tz, a time the clocks skip
in spring does not fire that day, and a repeated autumn hour fires once.`;

interface RawNextOptions {
  tz?: string;
  from?: string;
  count?: string;
}

const MAX_FIRES = 1000;

export function nextCommand(ctx: Context, setExitCode: (code: number) => void): Command {
  return new Command('next')
    .summary('print the next fire times of an expression, offline')
    .description(
      'Check an expression as EventBridge Scheduler would, and print when it fires next, in the zone and in UTC.',
    )
    .argument(
      '<expression>',
      "rate(5 minutes), 5m, cron(0 2 * * ? *), '0 2 * * *' or at(2026-12-24T18:00:00)",
    )
    .option('--tz <zone>', 'IANA time zone the expression is read in (default: UTC)')
    .option('--from <time>', 'count from this time: ISO-8601, or local time in --tz (default: now)')
    .option('-n, --count <n>', `how many fires (1-${MAX_FIRES}, default 5)`)
    .addHelpText('after', NEXT_EXAMPLES)
    .action((text: string, raw: RawNextOptions, command: Command) => {
      const global = parseGlobalOptions(command.optsWithGlobals<RawGlobalOptions>());
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
      setExitCode(ExitCode.Ok);
    });
}

function parseCount(text: string | undefined): number {
  if (text === undefined) return 5;
  const count = Number(text.trim());
  if (/^\d+$/.test(text.trim()) && count >= 1 && count <= MAX_FIRES) return count;

  throw new UsageError(`\`--count ${text}\` is not a whole number from 1 to ${MAX_FIRES}`, {
    hint: 'pass such as `-n 10`',
  });
}
