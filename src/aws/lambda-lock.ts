import type { LockState, SavedState } from '../core/lock-plan.js';
import { SAVED_TAG_KEYS, savedFromTags, tagsFromSaved } from '../core/lock-plan.js';
import { AwsServiceError } from '../errors.js';
import type { AwsClients } from './clients.js';
import { callAws, translateAwsError, type CallDescription } from './errors.js';
import { checkAccount, splitQualifier } from './lambda-function.js';

/** A function as `lcron lock` sees it: what it is, and the settings lock owns. */
export interface LockTarget {
  functionName: string;
  /** How calls name the function: as given, without its qualifier (an ARN keeps its account). */
  reference: string;
  functionArn: string;
  /** The qualifier of the reference given, if any: reserved concurrency ignores it. */
  qualifier: string | null;
  timeoutSeconds: number;
  state: LockState;
  saved: SavedState | null;
  account: { limit: number; unreserved: number } | null;
  /** Why the account's limits are unknown, when the caller may not read them. */
  accountNote: string | null;
}

type Call = Pick<CallDescription, 'operation' | 'action'> & { notFound?: CallDescription['notFound'] };

/** Reads everything lock decides from; every call is a read. */
export async function readLockTarget(clients: AwsClients, reference: string): Promise<LockTarget> {
  const sdk = await import('@aws-sdk/client-lambda');
  const lambda = await clients.lambda();
  // Reserved concurrency is the whole function's: every call names it unqualified.
  const { unqualified: name, qualifier } = splitQualifier(reference);
  const call = <T>(what: Call, send: () => Promise<T>) => sendTranslated(clients, name, what, send);

  const config = await call(
    {
      operation: 'GetFunctionConfiguration',
      action: 'lambda:GetFunctionConfiguration',
      notFound: notFound(clients, reference),
    },
    () => lambda.send(new sdk.GetFunctionConfigurationCommand({ FunctionName: name })),
  );
  checkAccount(reference, config.FunctionArn, clients.settings.region);
  const functionArn = (config.FunctionArn ?? '').replace(/(:function:[^:]+):.*$/, '$1');
  const concurrency = await call(
    { operation: 'GetFunctionConcurrency', action: 'lambda:GetFunctionConcurrency' },
    () => lambda.send(new sdk.GetFunctionConcurrencyCommand({ FunctionName: name })),
  );
  const invoke = await call(
    { operation: 'GetFunctionEventInvokeConfig', action: 'lambda:GetFunctionEventInvokeConfig' },
    () =>
      lambda
        .send(new sdk.GetFunctionEventInvokeConfigCommand({ FunctionName: name }))
        .catch((error: { name?: string }) => {
          // No configuration at all is a state like any other.
          if (error.name === 'ResourceNotFoundException') return null;
          throw error;
        }),
  );
  const tags = await call({ operation: 'ListTags', action: 'lambda:ListTags' }, () =>
    lambda.send(new sdk.ListTagsCommand({ Resource: functionArn })),
  );

  return {
    functionName: config.FunctionName ?? name,
    reference: name,
    functionArn,
    qualifier,
    timeoutSeconds: config.Timeout ?? 3,
    state: {
      reservedConcurrency: concurrency.ReservedConcurrentExecutions ?? null,
      maximumEventAgeSeconds: invoke?.MaximumEventAgeInSeconds ?? null,
      maximumRetryAttempts: invoke?.MaximumRetryAttempts ?? null,
      onFailure: invoke?.DestinationConfig?.OnFailure?.Destination ?? null,
      onSuccess: invoke?.DestinationConfig?.OnSuccess?.Destination ?? null,
    },
    saved: savedFromTags(tags.Tags ?? {}),
    ...(await readAccountLimits(clients)),
  };
}

/** The account's concurrency limits, where the caller may read them. */
async function readAccountLimits(clients: AwsClients): Promise<Pick<LockTarget, 'account' | 'accountNote'>> {
  const { GetAccountSettingsCommand } = await import('@aws-sdk/client-lambda');
  try {
    const settings = await (await clients.lambda()).send(new GetAccountSettingsCommand({}));
    const limit = settings.AccountLimit?.ConcurrentExecutions;
    const unreserved = settings.AccountLimit?.UnreservedConcurrentExecutions;
    const account = limit === undefined || unreserved === undefined ? null : { limit, unreserved };
    return { account, accountNote: null };
  } catch (error) {
    // Denied: say so. Not offered (some emulators): the reservation's write will tell.
    const denied = /AccessDenied|Unauthorized/.test((error as { name?: string }).name ?? '');
    const accountNote = denied
      ? "could not read the account's concurrency limits (lambda:GetAccountSettings denied); a reservation beyond them fails when written"
      : null;
    return { account: null, accountNote };
  }
}

export async function writeReservation(
  clients: AwsClients,
  target: LockTarget,
  reserved: number | null,
): Promise<void> {
  const sdk = await import('@aws-sdk/client-lambda');
  const lambda = await clients.lambda();
  const FunctionName = target.reference;
  if (reserved === null) {
    await sendTranslated(
      clients,
      FunctionName,
      { operation: 'DeleteFunctionConcurrency', action: 'lambda:DeleteFunctionConcurrency' },
      () => lambda.send(new sdk.DeleteFunctionConcurrencyCommand({ FunctionName })),
    );
    return;
  }
  try {
    await lambda.send(
      new sdk.PutFunctionConcurrencyCommand({ FunctionName, ReservedConcurrentExecutions: reserved }),
    );
  } catch (error) {
    throw (
      quotaError(error, target, reserved) ??
      describe(
        clients,
        FunctionName,
        { operation: 'PutFunctionConcurrency', action: 'lambda:PutFunctionConcurrency' },
        error,
      )
    );
  }
}

/** Writes the whole invoke configuration (Put replaces it), or deletes it when nothing is left set. */
export async function writeInvokeConfig(
  clients: AwsClients,
  target: LockTarget,
  state: LockState,
): Promise<void> {
  const sdk = await import('@aws-sdk/client-lambda');
  const lambda = await clients.lambda();
  const FunctionName = target.reference;
  const empty =
    state.maximumEventAgeSeconds === null &&
    state.maximumRetryAttempts === null &&
    state.onFailure === null &&
    state.onSuccess === null;
  if (empty) {
    await sendTranslated(
      clients,
      FunctionName,
      { operation: 'DeleteFunctionEventInvokeConfig', action: 'lambda:DeleteFunctionEventInvokeConfig' },
      () =>
        lambda
          .send(new sdk.DeleteFunctionEventInvokeConfigCommand({ FunctionName }))
          .catch((error: { name?: string }) => {
            if (error.name !== 'ResourceNotFoundException') throw error;
          }),
    );
    return;
  }
  const destinations = {
    ...(state.onFailure ? { OnFailure: { Destination: state.onFailure } } : {}),
    ...(state.onSuccess ? { OnSuccess: { Destination: state.onSuccess } } : {}),
  };
  await sendTranslated(
    clients,
    FunctionName,
    { operation: 'PutFunctionEventInvokeConfig', action: 'lambda:PutFunctionEventInvokeConfig' },
    () =>
      lambda.send(
        new sdk.PutFunctionEventInvokeConfigCommand({
          FunctionName,
          ...(state.maximumEventAgeSeconds !== null
            ? { MaximumEventAgeInSeconds: state.maximumEventAgeSeconds }
            : {}),
          ...(state.maximumRetryAttempts !== null
            ? { MaximumRetryAttempts: state.maximumRetryAttempts }
            : {}),
          ...(Object.keys(destinations).length > 0 ? { DestinationConfig: destinations } : {}),
        }),
      ),
  );
}

/** Keeps what was there before the first lock, or (null) forgets it after an unlock. */
export async function writeSavedState(
  clients: AwsClients,
  target: LockTarget,
  saved: SavedState | null,
): Promise<void> {
  const sdk = await import('@aws-sdk/client-lambda');
  const lambda = await clients.lambda();
  const Resource = target.functionArn;
  if (saved) {
    await sendTranslated(
      clients,
      target.functionName,
      { operation: 'TagResource', action: 'lambda:TagResource' },
      () => lambda.send(new sdk.TagResourceCommand({ Resource, Tags: tagsFromSaved(saved) })),
    );
    return;
  }
  await sendTranslated(
    clients,
    target.functionName,
    { operation: 'UntagResource', action: 'lambda:UntagResource' },
    () => lambda.send(new sdk.UntagResourceCommand({ Resource, TagKeys: SAVED_TAG_KEYS })),
  );
}

/**
 * Lambda refuses a reservation that would leave the account less unreserved
 * concurrency than its minimum (100, or the whole limit when that is less).
 * Where the account's settings could be read, this is known before any write.
 */
export function checkAccountRoom(target: LockTarget, reserved: number): AwsServiceError | null {
  if (!target.account) return null;
  const { limit, unreserved } = target.account;
  const minimum = Math.min(100, limit);
  const left = unreserved - (reserved - (target.state.reservedConcurrency ?? 0));
  if (left >= minimum) return null;

  return accountError(target, reserved, minimum);
}

function quotaError(error: unknown, target: LockTarget, reserved: number): AwsServiceError | null {
  const message = (error as { message?: string } | undefined)?.message ?? '';
  const minimum = /below its minimum value of \[(\d+)\]/.exec(message);

  return minimum ? accountError(target, reserved, Number(minimum[1]), error) : null;
}

function accountError(
  target: LockTarget,
  reserved: number,
  minimum: number,
  cause?: unknown,
): AwsServiceError {
  const account = target.account
    ? `the account may run ${target.account.limit} copies of all its functions at once, ${target.account.limit - target.account.unreserved} of them reserved already`
    : 'the account has too little concurrency left to reserve';

  return new AwsServiceError(
    'PutFunctionConcurrency',
    `cannot reserve ${reserved} for ${target.functionName}: ${account}, and Lambda keeps at least ${minimum} unreserved`,
    {
      hint: 'ask AWS Support (Service Quotas, "Concurrent executions") to raise the account limit; new accounts often have 10 and cannot reserve any',
      cause,
    },
  );
}

function notFound(clients: AwsClients, reference: string): CallDescription['notFound'] {
  const { region } = clients.settings;

  return {
    message: `function ${reference} not found${region ? ` in ${region}` : ''}`,
    hint: 'check the name and `--region`',
  };
}

async function sendTranslated<T>(
  clients: AwsClients,
  name: string,
  call: Call,
  send: () => Promise<T>,
): Promise<T> {
  return callAws(clients.settings, `function ${name}`, call, send);
}

function describe(clients: AwsClients, name: string, call: Call, error: unknown) {
  const { region, endpointUrl } = clients.settings;

  return translateAwsError(error, { ...call, resource: `function ${name}`, region, endpointUrl });
}
