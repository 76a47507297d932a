import { Command } from 'commander';

import type { Context } from '../../cli/context.js';
import { parseGlobalOptions, type RawGlobalOptions } from '../../cli/global-options.js';
import { parseFunctionRef } from '../lock/options.js';

const DOCTOR_EXAMPLES = `
Examples:
  lcron doctor nightly-report
  lcron doctor nightly-report --strict --json     in CI: exit 1 on any warning

Reads the function's timeout, reserved concurrency and asynchronous invoke
settings, every schedule that targets it (all groups) and those schedules'
roles; writes nothing.`;

export function doctorCommand(ctx: Context, setExitCode: (code: number) => void): Command {
  return new Command('doctor')
    .summary('can two copies of a scheduled function run at once, and what happens to a busy run')
    .description(
      'Check everything that decides whether a scheduled function can overlap itself, and what becomes of a run that fires while one is busy: one finding each, with its severity and the lcron command that fixes it.',
    )
    .argument('<function>', 'function name, partial ARN or ARN')
    .option('--strict', 'exit 1 when any finding is a warning or worse')
    .addHelpText('after', DOCTOR_EXAMPLES)
    .action(async (functionRef: string, raw: { strict?: boolean }, command: Command) => {
      const global = parseGlobalOptions(command.optsWithGlobals<RawGlobalOptions>());
      const options = { functionRef: parseFunctionRef(functionRef), strict: raw.strict === true, global };
      const { runDoctor } = await import('./run.js');
      setExitCode(await runDoctor(options, ctx));
    });
}
