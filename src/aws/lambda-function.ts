import type { AwsClients } from './clients.js';
import { translateAwsError } from './errors.js';

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
