import { Command, Option } from 'commander';

import type { Context } from '../../cli/context.js';
import { parseGlobalOptions, type RawGlobalOptions } from '../../cli/global-options.js';
import { LOG_FORMATS } from '../../core/formats/detect-format.js';
import { parseAuditOptions, type RawAuditOptions } from './options.js';

const EXAMPLES = `
Examples:
  lcron audit nightly-report                   last 24 hours from CloudWatch Logs
  lcron audit nightly-report --since 7d --json
  lcron audit --file examples/overlapping-runs.json
  aws logs tail /aws/lambda/nightly-report --since 1h | lcron audit --file -

Exits 1 when runs overlapped beyond --max-concurrency, 0 when none did.`;

/** Wiring only: flags, help, validation. The run itself is loaded on use. */
export function auditCommand(ctx: Context, setExitCode: (code: number) => void): Command {
  return new Command('audit')
    .summary('find runs of a function that overlapped')
    .description(
      "Read a function's CloudWatch Logs, or an exported log file, pair each run's START, END and REPORT lines, and report every interval in which more runs were in flight than allowed.",
    )
    .argument('[function]', 'function name, partial ARN or ARN (not needed with --file)')
    .option('--file <path>', 'read an exported log instead of CloudWatch Logs (- for stdin)')
    .addOption(
      new Option('--format <format>', 'force the file format instead of detecting it').choices(LOG_FORMATS),
    )
    .option('--log-group <name>', "read this log group instead of the function's own")
    .option(
      '--since <time>',
      'window start: a duration back from now (90m, 6h, 7d) or an ISO-8601 time',
      undefined,
    )
    .option('--until <time>', 'window end: a duration back from now or an ISO-8601 time (default: now)')
    .option('--max-concurrency <n>', 'runs allowed in flight at once', '1')
    .option(
      '--timeout <duration>',
      "the function's timeout, for a file (seconds or 90s, 15m); bounds unfinished runs",
    )
    .option('--details', 'list every run in --json output (invocations[])')
    .addHelpText('after', EXAMPLES)
    .action(async (functionRef: string | undefined, _raw: RawAuditOptions, command: Command) => {
      const all = command.optsWithGlobals<RawAuditOptions & RawGlobalOptions>();
      const options = parseAuditOptions(functionRef, all, parseGlobalOptions(all), ctx.now());
      const { runAudit } = await import('./run.js');
      setExitCode(await runAudit(options, ctx));
    });
}
