import type { GlobalOptions } from '../../cli/global-options.js';
import type { BusyPolicy } from '../../core/lock-plan.js';
import { UsageError } from '../../errors.js';
import { FUNCTION_REFERENCE } from '../function-reference.js';

export interface LockOptions {
  functionRef: string;
  reserved: number;
  onBusy: BusyPolicy;
  onDiscard: string | undefined;
  dryRun: boolean;
  global: GlobalOptions;
}

export interface UnlockOptions {
  functionRef: string;
  dryRun: boolean;
  global: GlobalOptions;
}

export interface RawLockOptions {
  reserved?: string | boolean;
  onBusy?: string;
  onDiscard?: string;
  allowZero?: boolean;
  dryRun?: boolean;
}

// Where Lambda can send a dropped run: a queue, a topic, a function or an event bus.
const DESTINATION = /^arn:aws[a-zA-Z-]*:(?:sqs|sns|lambda|events):[a-z]{2}(?:-[a-z]+)+-\d:\d{12}:\S+$/;

export function parseFunctionRef(functionRef: string): string {
  if (!FUNCTION_REFERENCE.test(functionRef)) {
    throw new UsageError(`${JSON.stringify(functionRef)} is not a Lambda function name or ARN`, {
      hint: 'use a name such as nightly-report (letters, digits, - and _), or its ARN',
    });
  }

  return functionRef;
}

export function parseLockOptions(
  functionRef: string,
  raw: RawLockOptions,
  global: GlobalOptions,
): LockOptions {
  if (raw.reserved === undefined) {
    throw new UsageError('`lcron lock` needs `--reserved`: reserved concurrency is the lock it sets', {
      hint: 'pass `--reserved` (one copy at a time) or `--reserved N`',
    });
  }
  const reserved = raw.reserved === true ? 1 : Number(raw.reserved);
  if (
    typeof raw.reserved === 'string' &&
    (!/^\d+$/.test(raw.reserved.trim()) || !Number.isSafeInteger(reserved))
  ) {
    throw new UsageError(`\`--reserved ${raw.reserved}\` is not a whole number of copies`, {
      hint: 'pass `--reserved` for one copy at a time, or a number such as 2',
    });
  }
  if (reserved === 0 && raw.allowZero !== true) {
    throw new UsageError('`--reserved 0` stops the function entirely: every invocation is throttled', {
      hint: 'add `--allow-zero` if that is what you want, or pass `--reserved 1` for one copy at a time',
    });
  }
  const onBusy = raw.onBusy ?? 'skip';
  if (onBusy !== 'skip' && onBusy !== 'queue') {
    throw new UsageError(`\`--on-busy ${onBusy}\` is not a busy policy`, {
      hint: 'use `--on-busy skip` or `--on-busy queue`',
    });
  }
  if (raw.onDiscard !== undefined && !DESTINATION.test(raw.onDiscard)) {
    throw new UsageError(
      `\`--on-discard ${raw.onDiscard}\` is not the ARN of an SQS queue, SNS topic, Lambda function or event bus`,
      {
        hint: 'pass an ARN such as arn:aws:sqs:eu-west-1:123456789012:skipped-runs',
      },
    );
  }

  return {
    functionRef: parseFunctionRef(functionRef),
    reserved,
    onBusy,
    onDiscard: raw.onDiscard,
    dryRun: raw.dryRun === true,
    global,
  };
}
