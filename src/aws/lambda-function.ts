import { AwsServiceError } from '../errors.js';
import type { AwsClients } from './clients.js';
import { callAws, translateAwsError } from './errors.js';

/** What an audit needs to know of a function. */
export interface FunctionLogSettings {
  functionName: string;
  functionArn: string | null;
  logGroup: string;
  timeoutMs: number | null;
}

interface FunctionConfiguration {
  FunctionName?: string;
  FunctionArn?: string;
  Timeout?: number;
  LoggingConfig?: { LogGroup?: string };
}

/** `arn:aws:lambda:eu-west-1:123:function:name[:qualifier]` or `123:function:name`, to `name`. */
export function functionNameOf(reference: string): string {
  const match = /(?:^|:)function:([^:]+)/.exec(reference);

  return match ? match[1]! : reference;
}

/**
 * A reference split into the function (as given, less any qualifier: a name,
 * a partial ARN or an ARN) and its version or alias. `name:alias` counts.
 */
export function splitQualifier(reference: string): { unqualified: string; qualifier: string | null } {
  const arn = /^((?:arn:[^:]+:lambda:[^:]+:)?\d{12}:function:[^:]+)(?::([^:]+))?$/.exec(reference);
  if (arn) return { unqualified: arn[1]!, qualifier: arn[2] ?? null };
  const [name, qualifier] = reference.split(':');

  return { unqualified: name!, qualifier: qualifier ?? null };
}

/** The account a partial or full ARN names, or undefined for a bare name. */
export function accountOf(reference: string): string | undefined {
  return /(?:^|:)(\d{12}):function:/.exec(reference)?.[1];
}

/**
 * Lambda looks a function up by the name in an ARN; an ARN of another
 * account must not quietly stand for the caller's own function of that name.
 */
export function checkAccount(
  reference: string,
  functionArn: string | undefined,
  region: string | undefined,
): void {
  const asked = accountOf(reference);
  const found = functionArn ? accountOf(functionArn) : undefined;
  if (!asked || !found || asked === found) return;

  throw new AwsServiceError(
    'GetFunctionConfiguration',
    `function ${reference} not found: it names account ${asked}, and the credentials are for account ${found}${region ? ` in ${region}` : ''}`,
    {
      hint: 'use credentials (`--profile`) of that account, or pass the function by name',
    },
  );
}

/** The Region a full function ARN names, or undefined for a name or partial ARN. */
export function regionOfArn(reference: string): string | undefined {
  return /^arn:aws[a-zA-Z-]*:lambda:([a-z0-9-]+):/.exec(reference)?.[1];
}

/** Where Lambda writes a function's logs: its logging config, else the default group. */
export function logSettingsFrom(reference: string, config: FunctionConfiguration): FunctionLogSettings {
  const functionName = config.FunctionName ?? functionNameOf(reference);

  return {
    functionName,
    functionArn: config.FunctionArn ?? null,
    logGroup: config.LoggingConfig?.LogGroup || `/aws/lambda/${functionName}`,
    timeoutMs: typeof config.Timeout === 'number' ? config.Timeout * 1000 : null,
  };
}

export async function getFunctionLogSettings(
  clients: AwsClients,
  reference: string,
): Promise<FunctionLogSettings> {
  const { GetFunctionConfigurationCommand } = await import('@aws-sdk/client-lambda');
  const { region, endpointUrl } = clients.settings;
  try {
    const lambda = await clients.lambda();
    const config = await lambda.send(new GetFunctionConfigurationCommand({ FunctionName: reference }));
    checkAccount(reference, config.FunctionArn, region);
    return logSettingsFrom(reference, config);
  } catch (error) {
    throw translateAwsError(error, {
      operation: 'GetFunctionConfiguration',
      action: 'lambda:GetFunctionConfiguration',
      resource: `function ${reference}`,
      region,
      endpointUrl,
      notFound: {
        message: `function ${reference} not found${region ? ` in ${region}` : ''}`,
        hint: 'check the name and `--region`; to audit an exported log instead, pass `--file`',
      },
    });
  }
}

/** A function as a schedule sees it: what to invoke, and what decides whether copies overlap. */
export interface ScheduledFunction {
  functionName: string;
  /** Unqualified. */
  functionArn: string;
  /** What the schedule invokes: the ARN with the alias or version given, if any. */
  targetArn: string;
  timeoutSeconds: number;
  /** Null when none is set. */
  reservedConcurrency: number | null;
}

/** Reads the function (and checks that a named alias or version exists); only reads. */
export async function readScheduledFunction(
  clients: AwsClients,
  reference: string,
): Promise<ScheduledFunction> {
  const { GetFunctionConfigurationCommand, GetFunctionConcurrencyCommand } =
    await import('@aws-sdk/client-lambda');
  const lambda = await clients.lambda();
  const { unqualified, qualifier } = splitQualifier(reference);
  const region = clients.settings.region;
  const config = await callAws(
    clients.settings,
    `function ${reference}`,
    {
      operation: 'GetFunctionConfiguration',
      action: 'lambda:GetFunctionConfiguration',
      notFound: {
        message: `function ${reference} not found${region ? ` in ${region}` : ''}`,
        hint: 'check the name, its alias or version, and `--region`',
      },
    },
    () =>
      lambda.send(
        new GetFunctionConfigurationCommand({
          FunctionName: unqualified,
          ...(qualifier ? { Qualifier: qualifier } : {}),
        }),
      ),
  );
  checkAccount(reference, config.FunctionArn, region);
  const functionArn = (config.FunctionArn ?? '').replace(/(:function:[^:]+):.*$/, '$1');
  const concurrency = await callAws(
    clients.settings,
    `function ${reference}`,
    { operation: 'GetFunctionConcurrency', action: 'lambda:GetFunctionConcurrency' },
    () => lambda.send(new GetFunctionConcurrencyCommand({ FunctionName: unqualified })),
  );

  return {
    functionName: config.FunctionName ?? functionNameOf(unqualified),
    functionArn,
    targetArn: qualifier ? `${functionArn}:${qualifier}` : functionArn,
    timeoutSeconds: config.Timeout ?? 3,
    reservedConcurrency: concurrency.ReservedConcurrentExecutions ?? null,
  };
}
