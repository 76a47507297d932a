import { Command, InvalidArgumentError, Option } from 'commander';

import type { Context } from '../../cli/context.js';
import { parseGlobalOptions, type RawGlobalOptions } from '../../cli/global-options.js';
import { parseFunctionRef, parseLockOptions, type RawLockOptions } from './options.js';

const LOCK_EXAMPLES = `
Examples:
  lcron lock nightly-report --reserved                one copy at a time; skip a run that fires while busy
  lcron lock nightly-report --reserved --on-busy queue
  lcron lock nightly-report --reserved --on-discard arn:aws:sqs:eu-west-1:123456789012:skipped-runs
  lcron lock nightly-report --reserved --dry-run --json

Reserved concurrency applies to the whole function, whatever version or alias
is named. The earlier settings are kept as lcron:before-* tags on the function,
for \`lcron unlock\` to restore.`;

/** `--reserved` takes an optional number: a word after it is more likely the function, misplaced. */
function reservedArgument(value: string): string {
  if (/^\s*-?\d+(?:\.\d+)?\s*$/.test(value)) return value;

  throw new InvalidArgumentError(
    `"${value}" is not a number of copies: put the function before \`--reserved\`, or give a number`,
  );
}

/** Wiring only: flags, help, validation. The run is loaded on use. */
export function lockCommand(ctx: Context, setExitCode: (code: number) => void): Command {
  return new Command('lock')
    .summary('run one copy at a time: reserved concurrency and a busy policy')
    .description(
      'Set reserved concurrency on a function so that no second copy starts, and decide what happens to a run that fires while one is busy: skip it (the default) or queue it. Prints current -> new for each setting and writes nothing when all is as asked.',
    )
    .argument('<function>', 'function name, partial ARN or ARN')
    .option('--reserved [n]', 'reserve concurrency: n copies at most (default 1)', reservedArgument)
    .addOption(
      new Option('--on-busy <policy>', 'a run that fires while one is busy: skip or queue')
        .choices(['skip', 'queue'])
        .default('skip'),
    )
    .option('--on-discard <arn>', 'send each dropped run to this SQS queue, SNS topic, function or event bus')
    .option('--allow-zero', 'allow --reserved 0, which stops the function entirely')
    .option('--dry-run', 'print the plan; write nothing')
    .addHelpText('after', LOCK_EXAMPLES)
    .action(async (functionRef: string, _raw: RawLockOptions, command: Command) => {
      const all = command.optsWithGlobals<RawLockOptions & RawGlobalOptions>();
      const options = parseLockOptions(functionRef, all, parseGlobalOptions(all));
      const { runLock } = await import('./run.js');
      setExitCode(await runLock(options, ctx));
    });
}

export function unlockCommand(ctx: Context, setExitCode: (code: number) => void): Command {
  return new Command('unlock')
    .summary('undo lcron lock: restore the settings from before it')
    .description(
      'Remove the reservation and the invoke settings `lcron lock` set, and restore what was there before the first lock.',
    )
    .argument('<function>', 'function name, partial ARN or ARN')
    .option('--dry-run', 'print the plan; write nothing')
    .action(async (functionRef: string, raw: { dryRun?: boolean }, command: Command) => {
      const global = parseGlobalOptions(command.optsWithGlobals<RawGlobalOptions>());
      const options = { functionRef: parseFunctionRef(functionRef), dryRun: raw.dryRun === true, global };
      const { runUnlock } = await import('./run.js');
      setExitCode(await runUnlock(options, ctx));
    });
}
