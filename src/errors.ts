import { ExitCode } from './cli/exit-codes.js';

/**
 * Every failure lcron expects carries the exit code it maps to, a one-line
 * message for stderr and, where useful, a hint printed on the next line.
 */
export class LcronError extends Error {
  readonly exitCode: ExitCode;
  readonly hint: string | undefined;

  constructor(message: string, exitCode: ExitCode, options: { hint?: string; cause?: unknown } = {}) {
    super(message, { cause: options.cause });
    this.name = new.target.name;
    this.exitCode = exitCode;
    this.hint = options.hint;
  }
}

/** A flag, argument or input file is wrong: the user can fix the command. */
export class UsageError extends LcronError {
  constructor(message: string, options: { hint?: string; cause?: unknown } = {}) {
    super(message, ExitCode.Usage, options);
  }
}

/** Region, credentials, profile or endpoint are missing or unusable. */
export class ConfigError extends LcronError {
  constructor(message: string, options: { hint?: string; cause?: unknown } = {}) {
    super(message, ExitCode.Config, options);
  }
}

/** An AWS call failed: named operation, resource and, for access denied, the action. */
export class AwsServiceError extends LcronError {
  readonly operation: string;

  constructor(operation: string, message: string, options: { hint?: string; cause?: unknown } = {}) {
    super(message, ExitCode.Service, options);
    this.operation = operation;
  }
}
