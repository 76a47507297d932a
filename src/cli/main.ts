import { Command, CommanderError, Option } from 'commander';

import { auditCommand } from '../commands/audit/command.js';
import { doctorCommand } from '../commands/doctor/command.js';
import { lockCommand, unlockCommand } from '../commands/lock/command.js';
import { nextCommand } from '../commands/next/command.js';
import { scheduleCommand } from '../commands/schedule/command.js';
import { LcronError, UsageError } from '../errors.js';
import { VERSION } from '../version.js';
import type { Context } from './context.js';
import { ExitCode, formatExitCodeTable } from './exit-codes.js';

const ENVIRONMENT = `
Environment:
  AWS_PROFILE, AWS_REGION, AWS_DEFAULT_REGION, AWS_ENDPOINT_URL and the
  SDK's credential variables work as in the AWS CLI; flags win over them.
  AWS_MAX_ATTEMPTS sets the attempts per AWS call (default 5).
  NO_COLOR turns colour off, FORCE_COLOR forces it on; TZ sets the zone of
  times shown to people.
  LCRON_PARALLEL_MIN_BYTES: files this big or bigger are audited on worker
  threads (default 64 MiB).`;

export function buildProgram(ctx: Context, setExitCode: (code: number) => void): Command {
  const program = new Command('lcron')
    .description('Run cron jobs on AWS Lambda one copy at a time, and prove it from the logs.')
    .version(VERSION, '-V, --version', 'print the version')
    .helpOption('-h, --help', 'show help')
    .option('--region <region>', 'AWS Region (default: AWS_REGION, AWS_DEFAULT_REGION, profile)')
    .option('--profile <name>', 'named profile from ~/.aws/config (default: AWS_PROFILE)')
    .option('--endpoint-url <url>', 'send AWS calls to this endpoint, such as a local emulator')
    .addOption(new Option('--output <format>', 'text or json').choices(['text', 'json']))
    .option('--json', 'print JSON (same as --output json)')
    .option('--no-color', 'no colour, even on a terminal')
    .option('--debug', 'log each AWS call and show stack traces on errors')
    .showHelpAfterError(false)
    .exitOverride()
    .configureOutput({
      writeOut: (text) => ctx.stdout.write(text),
      writeErr: (text) => ctx.stderr.write(text),
      outputError: () => {}, // Reported by runCli, in lcron's own words.
    })
    .addHelpText('after', `${ENVIRONMENT}\n\n${formatExitCodeTable()}\n`);

  for (const command of [
    auditCommand,
    scheduleCommand,
    lockCommand,
    unlockCommand,
    doctorCommand,
    nextCommand,
  ]) {
    program.addCommand(configureTree(command(ctx, setExitCode), program));
  }

  return program;
}

/** Subcommands report through lcron too: errors as one line, help with the global options. */
function configureTree(command: Command, program: Command): Command {
  command
    .exitOverride()
    .configureOutput(program.configureOutput())
    .configureHelp({ showGlobalOptions: true });
  for (const sub of command.commands) configureTree(sub, program);

  return command;
}

/** Runs one command line and returns its exit code; never throws. */
export async function runCli(argv: string[], ctx: Context): Promise<number> {
  let exitCode: number = ExitCode.Ok;
  const program = buildProgram(ctx, (code) => (exitCode = code));
  const debug = argv.includes('--debug');

  try {
    if (argv.length === 0) {
      ctx.stderr.write(program.helpInformation());
      return ExitCode.Usage;
    }
    await program.parseAsync(argv, { from: 'user' });
    return exitCode;
  } catch (error) {
    return reportError(error, ctx, debug);
  }
}

function reportError(error: unknown, ctx: Context, debug: boolean): number {
  if (error instanceof CommanderError) {
    if (error.exitCode === 0) return ExitCode.Ok; // --help, --version
    const message = error.message.replace(/^error: /, '').replace(/\.$/, '');
    return reportError(
      new UsageError(message, { hint: 'see `lcron --help` or `lcron <command> --help`' }),
      ctx,
      debug,
    );
  }

  if (error instanceof LcronError) {
    const hint = error.hint ? `; ${error.hint}` : '';
    ctx.stderr.write(`lcron: ${oneLine(error.message)}${oneLine(hint)}\n`);
    if (debug) ctx.stderr.write(`${stackOf(error)}\n`);
    return error.exitCode;
  }

  const message = oneLine(error instanceof Error ? error.message : String(error));
  ctx.stderr.write(
    `lcron: unexpected error: ${message}; ${debug ? 'stack trace below' : 'rerun with --debug for the stack trace'}, and please report it\n`,
  );
  if (debug) ctx.stderr.write(`${stackOf(error)}\n`);

  return ExitCode.Unexpected;
}

/** An error is one line on stderr, whatever a service put in its message. */
function oneLine(text: string): string {
  return text.replace(/\s*\n\s*/g, ' ');
}

function stackOf(error: unknown): string {
  const lines: string[] = [];
  for (let current: unknown = error, depth = 0; current && depth < 5; depth++) {
    lines.push(current instanceof Error ? (current.stack ?? current.message) : String(current));
    current = current instanceof Error ? current.cause : undefined;
    if (current) lines.push('caused by:');
  }

  return lines.join('\n');
}
