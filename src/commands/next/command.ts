import { Command } from 'commander';

import type { Context } from '../../cli/context.js';
import { parseGlobalOptions, type RawGlobalOptions } from '../../cli/global-options.js';

const NEXT_EXAMPLES = `
Examples:
  lcron next 'cron(0 9 ? * MON-FRI *)' --tz Europe/Berlin
  lcron next '30 2 * * *' --tz Europe/Berlin --from 2027-03-27T00:00 -n 3
  lcron next 15m --json

Offline: no AWS call. A rate counts from --from (default now), as a new
schedule does from the moment it is made. In --tz, a time the clocks skip
in spring does not fire that day, and a repeated autumn hour fires once.`;

export interface RawNextOptions {
  tz?: string;
  from?: string;
  count?: string;
}

export const MAX_FIRES = 1000;

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
    .action(async (text: string, raw: RawNextOptions, command: Command) => {
      const global = parseGlobalOptions(command.optsWithGlobals<RawGlobalOptions>());
      const { runNext } = await import('./run.js');
      setExitCode(runNext(text, raw, global, ctx));
    });
}
