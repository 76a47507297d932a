import { AwsServiceError, ConfigError, LcronError } from '../errors.js';

/** What an adapter knows about the call that failed, to word the error. */
export interface CallDescription {
  /** The API operation, e.g. `FilterLogEvents`. */
  operation: string;
  /** The IAM action it needs, e.g. `logs:FilterLogEvents`. */
  action: string;
  /** The resource in the domain's words, e.g. `log group /aws/lambda/nightly`. */
  resource: string;
  region: string | undefined;
  endpointUrl: string | undefined;
  /** The message for a missing resource, when the adapter has a better one. */
  notFound?: { message: string; hint: string };
}

interface SdkError {
  name?: string;
  code?: string;
  message?: string;
  $metadata?: { httpStatusCode?: number; attempts?: number };
  $retryable?: unknown;
}

const NETWORK_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ENOTFOUND',
  'EAI_AGAIN',
  'ETIMEDOUT',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'EPIPE',
]);
const THROTTLING = new Set([
  'ThrottlingException',
  'Throttling',
  'TooManyRequestsException',
  'RequestLimitExceeded',
  'ProvisionedThroughputExceededException',
]);
const BAD_CREDENTIALS = new Set([
  'UnrecognizedClientException',
  'InvalidSignatureException',
  'ExpiredTokenException',
  'InvalidClientTokenId',
  'SignatureDoesNotMatch',
]);

/**
 * Turns an SDK exception into lcron's own error, in the domain's words:
 * the operation, the resource and, for access denied, the IAM action.
 */
export function translateAwsError(error: unknown, call: CallDescription): LcronError {
  if (error instanceof LcronError) return error;
  const sdk = (error ?? {}) as SdkError;
  const name = sdk.name ?? 'Error';
  const text = (sdk.message ?? String(error)).trim();
  const where = call.region ? ` in ${call.region}` : '';

  if (name === 'CredentialsProviderError' || /Could not load credentials/i.test(text)) {
    return new ConfigError('no AWS credentials found', {
      hint: 'set AWS_PROFILE (or `--profile`), or AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY; for SSO run aws sso login',
      cause: error,
    });
  }
  if (/Region is missing/i.test(text)) {
    return new ConfigError('no AWS Region is set', {
      hint: 'pass `--region`, set AWS_REGION, or set a region for the profile in ~/.aws/config',
      cause: error,
    });
  }
  if (name === 'ProfileNotFound' || /Profile .* (?:could not be found|not found)/i.test(text)) {
    return new ConfigError(`AWS profile not found: ${text}`, {
      hint: 'check `--profile` or AWS_PROFILE against ~/.aws/config',
      cause: error,
    });
  }

  const network = networkCode(error);
  if (network) {
    const target = call.endpointUrl ?? `the ${call.operation.split(/(?=[A-Z])/)[0]} endpoint${where}`;
    return new AwsServiceError(
      call.operation,
      `could not reach ${target} (${network}) for ${call.operation}`,
      {
        hint: call.endpointUrl
          ? 'check that the endpoint is up, and `--endpoint-url` or AWS_ENDPOINT_URL'
          : 'check the network and `--region`',
        cause: error,
      },
    );
  }
  if (name === 'TimeoutError' || /timed? ?out/i.test(name)) {
    return new AwsServiceError(call.operation, `${call.operation} on ${call.resource} timed out`, {
      hint: 'retry; if it keeps timing out, check the network or narrow the window',
      cause: error,
    });
  }
  if (BAD_CREDENTIALS.has(name)) {
    return new ConfigError(`AWS rejected the credentials for ${call.operation}: ${text}`, {
      hint: 'refresh the credentials (aws sso login, or new access keys) and check `--profile`',
      cause: error,
    });
  }
  if (/AccessDenied|Unauthorized|Forbidden/i.test(name) || sdk.$metadata?.httpStatusCode === 403) {
    return new AwsServiceError(call.operation, `access denied: ${call.action} on ${call.resource}${where}`, {
      hint: `grant ${call.action} to the caller's IAM identity`,
      cause: error,
    });
  }
  if (THROTTLING.has(name)) {
    const attempts = sdk.$metadata?.attempts;
    return new AwsServiceError(
      call.operation,
      `AWS throttled ${call.operation} on ${call.resource}${attempts ? ` after ${attempts} attempts` : ''}`,
      {
        hint: `wait and rerun${call.operation === 'FilterLogEvents' ? ', narrow the window,' : ''} or raise AWS_MAX_ATTEMPTS`,
        cause: error,
      },
    );
  }
  if (name === 'ValidationException') {
    return new AwsServiceError(call.operation, `AWS refused ${call.operation} on ${call.resource}: ${text}`, {
      hint: 'lcron checks what it can before sending; fix the value the message names and rerun',
      cause: error,
    });
  }
  if (name === 'ResourceNotFoundException' && call.notFound) {
    return new AwsServiceError(call.operation, call.notFound.message, {
      hint: call.notFound.hint,
      cause: error,
    });
  }

  return new AwsServiceError(
    call.operation,
    `${call.operation} on ${call.resource} failed: ${name}: ${text}`,
    {
      cause: error,
    },
  );
}

function networkCode(error: unknown): string | undefined {
  for (
    let current = error as { code?: unknown; cause?: unknown } | undefined, depth = 0;
    current && depth < 4;
    depth++
  ) {
    if (typeof current.code === 'string' && NETWORK_CODES.has(current.code)) return current.code;
    current = current.cause as typeof current;
  }
  const errors = (error as { errors?: unknown[] } | undefined)?.errors;
  if (Array.isArray(errors)) return errors.map(networkCode).find(Boolean);

  return undefined;
}

/** The parts of a call an adapter names; the Region and endpoint come from the clients. */
export type AdapterCall = Pick<CallDescription, 'operation' | 'action' | 'notFound'>;

/** Sends one request and translates its failure, naming the resource in the domain's words. */
export async function callAws<T>(
  settings: { region: string | undefined; endpointUrl: string | undefined },
  resource: string,
  call: AdapterCall,
  request: () => Promise<T>,
): Promise<T> {
  try {
    return await request();
  } catch (error) {
    throw translateAwsError(error, {
      ...call,
      resource,
      region: settings.region,
      endpointUrl: settings.endpointUrl,
    });
  }
}
