import { Command, Option } from 'commander';

import type { Context } from '../../cli/context.js';
import { parseGlobalOptions, type RawGlobalOptions } from '../../cli/global-options.js';
import { LOG_FORMATS } from '../../core/formats/detect-format.js';
import type { RawAuditOptions } from './options.js';

const EXAMPLES = `
Examples:
  lcron audit nightly-report                   last 24 hours from CloudWatch Logs
  lcron audit nightly-report --since 7d --json
  lcron audit --file examples/overlapping-runs.json
  aws logs tail /aws/lambda/nightly-report --since 1h | lcron audit --file -
  lcron audit nightly-report --fail-on missed,late --html audit.html
  lcron audit --file export.json --expected 'cron(0/5 * * * ? *)' --tz Europe/Berlin
  lcron audit ingest report cleanup                  several functions, one table
  lcron audit --all-scheduled --since 6h

Live audits check the runs against the schedules that target the function.\nExits 1 when runs overlapped beyond --max-concurrency (or a finding named by\n--fail-on or --max-late was found), 0 otherwise.`;

/** Wiring only: flags, help, validation. The run itself is loaded on use. */
export function auditCommand(ctx: Context, setExitCode: (code: number) => void): Command {
  return new Command('audit')
    .summary('find runs of a function that overlapped')
    .description(
      "Read a function's CloudWatch Logs, or an exported log file, pair each run's START, END and REPORT lines, and report every interval in which more runs were in flight than allowed.",
    )
    .argument('[functions...]', 'function names, partial ARNs or ARNs (none with --file or --all-scheduled)')
    .option('--all-scheduled', 'audit every function an EventBridge Scheduler schedule targets')
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
    .option(
      '--expected <expression>',
      "check the runs against this schedule instead of (for a file, for want of) the function's own",
    )
    .option('--tz <zone>', 'the IANA zone of --expected (default: UTC)')
    .option('--expected-window <minutes>', 'the flexible window of --expected (default: 0, off)')
    .option('--max-late <duration>', 'exit 1 when a fire started later than this after its time (90s, 5m)')
    .option(
      '--fail-on <findings>',
      'exit 1 on these schedule findings: missed, late, duplicate (comma-separated)',
    )
    .option('--html <file>', 'write a self-contained HTML picture of the window to this file')
    .addHelpText('after', EXAMPLES)
    .action(async (functionRefs: string[], _raw: RawAuditOptions, command: Command) => {
      const all = command.optsWithGlobals<RawAuditOptions & RawGlobalOptions & { allScheduled?: boolean }>();
      const global = parseGlobalOptions(all);
      // Loaded on use: a command line that runs another command never parses an expression.
      const { parseAuditOptions, parseManyAudits } = await import('./options.js');
      if (functionRefs.length <= 1 && !all.allScheduled) {
        const options = parseAuditOptions(functionRefs[0], all, global, ctx.now());
        const { runAudit } = await import('./run.js');
        setExitCode(await runAudit(options, ctx));
        return;
      }
      const many = parseManyAudits(functionRefs, all.allScheduled === true, all, global, ctx.now());
      const { runAudits } = await import('./many.js');
      setExitCode(await runAudits(many, ctx));
    });
}
