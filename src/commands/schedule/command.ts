import { Command } from 'commander';

import type { Context } from '../../cli/context.js';
import { parseGlobalOptions, type RawGlobalOptions } from '../../cli/global-options.js';
import type { RawScheduleSetOptions, RawScheduleTarget } from './options.js';

const SCHEDULE_EXAMPLES = `
Examples:
  lcron schedule nightly-report 'cron(0 2 * * ? *)' --tz Europe/Berlin
  lcron schedule nightly-report '*/5 * * * *'          Unix cron, converted and printed
  lcron schedule nightly-report 15m --window 5 --retries 0 --dry-run
  lcron schedule list nightly-report
  lcron schedule pause nightly-report
  lcron schedule delete nightly-report

\`lcron schedule <function> <expression>\` is short for \`lcron schedule set\`.
Expressions: rate(5 minutes) or 5m, 1h, 1d; cron(0/5 * * * ? *) with six
fields, or five-field Unix cron; at(2026-12-24T18:00:00) once, in --tz.
An update reads the schedule and changes only the fields asked for.`;

const NAME_HELP = 'schedule name (default: the function name, with its alias)';
const GROUP_HELP = 'schedule group (default: default)';
const SET_GROUP_HELP = 'schedule group (default: default; created when missing)';

type SetExit = (code: number) => void;

/** Wiring only: flags, help, validation. The runs are loaded on use. */
export function scheduleCommand(ctx: Context, setExitCode: SetExit): Command {
  const schedule = new Command('schedule')
    .summary('create, update, list, pause or delete the schedules that run a function')
    .description(
      'Make EventBridge Scheduler run a function on a schedule. Prints the plan (create, update field by field, or up to date) before writing, and the next fire times.',
    )
    .addHelpText('after', SCHEDULE_EXAMPLES);

  schedule.addCommand(setCommand(ctx, setExitCode), { isDefault: true });
  schedule.addCommand(listCommand(ctx, setExitCode));
  schedule.addCommand(stateCommand('pause', ctx, setExitCode));
  schedule.addCommand(stateCommand('resume', ctx, setExitCode));
  schedule.addCommand(deleteCommand(ctx, setExitCode));

  return schedule;
}

function setCommand(ctx: Context, setExitCode: SetExit): Command {
  return withTarget(new Command('set'), SET_GROUP_HELP)
    .summary('create the schedule, or update it (the default subcommand)')
    .description(
      'Create a schedule that invokes the function, or update the one of that name: fields not asked for are kept as they are.',
    )
    .argument('<function>', 'function name, name:alias, partial ARN or ARN')
    .argument(
      '<expression>',
      "rate(5 minutes), 5m, cron(0 2 * * ? *), '0 2 * * *' or at(2026-12-24T18:00:00)",
    )
    .option('--tz <zone>', 'IANA time zone the expression is read in (default: UTC)')
    .option('--start <time>', 'first possible fire: ISO-8601, or local time in --tz; none removes it')
    .option('--end <time>', 'no fires after this: ISO-8601, or local time in --tz; none removes it')
    .option('--window <minutes>', 'flexible time window: off, or minutes (1-1440) Scheduler may delay a fire')
    .option('--retries <n>', "attempts to deliver a fire that fails (0-185; default Scheduler's 185)")
    .option('--max-event-age <age>', "give up on a fire after this long (60s-24h; default Scheduler's 24h)")
    .option('--dlq <sqs-arn>', 'SQS queue for fires Scheduler could not deliver; none removes it')
    .option('--input <json>', 'the event the function receives (JSON); none removes it')
    .option('--description <text>', "the schedule's description; '' removes it")
    .option('--disabled', 'create or leave the schedule paused')
    .option(
      '--role-arn <arn>',
      'execution role to use as it is (default: a role lcron makes for this function)',
    )
    .option('--lcron-role', "use lcron's own role for this function (made when missing), not the schedule's")
    .option('--retarget', 'let a schedule of that name that invokes another function invoke this one')
    .option('--dry-run', 'print the plan; write nothing')
    .action(
      async (functionRef: string, expression: string, _raw: RawScheduleSetOptions, command: Command) => {
        const all = command.optsWithGlobals<RawScheduleSetOptions & RawGlobalOptions>();
        const { parseScheduleSetOptions } = await import('./options.js');
        const options = parseScheduleSetOptions(
          functionRef,
          expression,
          all,
          parseGlobalOptions(all),
          ctx.now(),
        );
        const { runScheduleSet } = await import('./run.js');
        setExitCode(await runScheduleSet(options, ctx));
      },
    );
}

function listCommand(ctx: Context, setExitCode: SetExit): Command {
  return new Command('list')
    .summary('list the schedules that target a function, in every group')
    .argument('<function>', 'function name, name:alias, partial ARN or ARN')
    .action(async (functionRef: string, _raw: unknown, command: Command) => {
      const global = parseGlobalOptions(command.optsWithGlobals<RawGlobalOptions>());
      const { parseScheduleTarget } = await import('./options.js');
      const target = parseScheduleTarget(functionRef, {});
      const { runScheduleList } = await import('./manage.js');
      setExitCode(await runScheduleList({ functionRef: target.functionRef, global }, ctx));
    });
}

function stateCommand(verb: 'pause' | 'resume', ctx: Context, setExitCode: SetExit): Command {
  return withTarget(new Command(verb))
    .summary(verb === 'pause' ? 'stop the schedule firing, keeping it' : 'let a paused schedule fire again')
    .argument('<function>', 'function name, name:alias, partial ARN or ARN')
    .option('--dry-run', 'print the plan; write nothing')
    .action(async (functionRef: string, raw: RawScheduleTarget & { dryRun?: boolean }, command: Command) => {
      const global = parseGlobalOptions(command.optsWithGlobals<RawGlobalOptions>());
      const { parseScheduleTarget } = await import('./options.js');
      const target = parseScheduleTarget(functionRef, raw);
      const { runScheduleState } = await import('./manage.js');
      const state = verb === 'pause' ? 'DISABLED' : 'ENABLED';
      setExitCode(await runScheduleState({ ...target, state, dryRun: raw.dryRun === true, global }, ctx));
    });
}

function deleteCommand(ctx: Context, setExitCode: SetExit): Command {
  return withTarget(new Command('delete'))
    .summary("delete the schedule, and lcron's role for it when no other schedule uses it")
    .argument('<function>', 'function name, name:alias, partial ARN or ARN')
    .option('--keep-role', "keep lcron's role even when no schedule uses it any more")
    .option('--dry-run', 'print the plan; write nothing')
    .action(
      async (
        functionRef: string,
        raw: RawScheduleTarget & { dryRun?: boolean; keepRole?: boolean },
        command: Command,
      ) => {
        const global = parseGlobalOptions(command.optsWithGlobals<RawGlobalOptions>());
        const { parseScheduleTarget } = await import('./options.js');
        const target = parseScheduleTarget(functionRef, raw);
        const { runScheduleDelete } = await import('./manage.js');
        const options = { ...target, dryRun: raw.dryRun === true, keepRole: raw.keepRole === true, global };
        setExitCode(await runScheduleDelete(options, ctx));
      },
    );
}

function withTarget(command: Command, groupHelp = GROUP_HELP): Command {
  return command.option('--name <name>', NAME_HELP).option('--group <group>', groupHelp);
}
