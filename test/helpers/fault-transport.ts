import { Readable } from 'node:stream';

/**
 * A stand-in for the SDK's HTTP transport, for the faults an emulator
 * cannot make (throttling, access denied). Each request is offered to the
 * rules in turn; the first that answers wins, else it is forwarded to
 * `forwardTo` or refused.
 */
export interface FaultRequest {
  operation: string;
}

export interface FaultAnswer {
  status: number;
  errorType: string;
  message: string;
  /** A successful answer's JSON body instead of an error (for what moto does not offer). */
  reply?: unknown;
}

interface SdkRequest {
  protocol: string;
  hostname: string;
  port?: number;
  path: string;
  query?: Record<string, string | string[] | null>;
  method: string;
  headers: Record<string, string>;
  body?: unknown;
}

export function faultTransport(rule: (request: FaultRequest) => FaultAnswer | null, forwardTo?: string) {
  const seen: string[] = [];
  /** Each request's operation and JSON body, as the SDK serialised it. */
  const bodies: Array<{ operation: string; body: unknown }> = [];

  const handler = {
    metadata: { handlerProtocol: 'http/1.1' },
    async handle(request: SdkRequest) {
      const text = bodyText(request.body);
      const query = isQueryProtocol(request);
      const operation = query ? (new URLSearchParams(text).get('Action') ?? 'Unknown') : operationOf(request);
      seen.push(operation);
      if (text !== '')
        bodies.push({
          operation,
          body: query ? Object.fromEntries(new URLSearchParams(text)) : JSON.parse(text),
        });
      const fault = rule({ operation });
      if (fault) return { response: query ? queryErrorResponse(fault) : errorResponse(fault) };
      if (!forwardTo) throw new Error(`no rule for ${operation} and nowhere to forward it`);

      return { response: await forward(request, forwardTo) };
    },
    updateHttpClientConfig() {},
    httpHandlerConfigs: () => ({}),
    destroy() {},
  };

  return { handler, seen, bodies };
}

/** IAM speaks the query protocol: a form body naming the Action, XML errors. */
function isQueryProtocol(request: SdkRequest): boolean {
  const type =
    Object.entries(request.headers).find(([key]) => key.toLowerCase() === 'content-type')?.[1] ?? '';

  return type.startsWith('application/x-www-form-urlencoded');
}

function queryErrorResponse(fault: FaultAnswer) {
  const body = `<ErrorResponse><Error><Type>Sender</Type><Code>${fault.errorType}</Code><Message>${fault.message}</Message></Error><RequestId>fault</RequestId></ErrorResponse>`;

  return {
    statusCode: fault.status,
    reason: 'fault',
    headers: { 'content-type': 'text/xml', 'x-amzn-requestid': 'fault' },
    body: Readable.from([Buffer.from(body)]),
  };
}

function bodyText(body: unknown): string {
  if (typeof body === 'string') return body;
  if (body instanceof Uint8Array) return new TextDecoder().decode(body);

  return '';
}

/** `Logs_20140328.FilterLogEvents` for JSON protocols, the REST path for Lambda. */
function operationOf(request: SdkRequest): string {
  const target = request.headers['x-amz-target'] ?? request.headers['X-Amz-Target'];
  if (target) return target.split('.').pop()!;
  if (/\/functions\/[^/]+\/configuration$/.test(request.path)) return 'GetFunctionConfiguration';
  const scheduler = /^\/(schedules|schedule-groups)(\/[^/]+)?$/.exec(request.path);
  if (scheduler) {
    const noun = scheduler[1] === 'schedules' ? 'Schedule' : 'ScheduleGroup';
    if (!scheduler[2]) return `List${noun}s`;
    const verb = { GET: 'Get', POST: 'Create', PUT: 'Update', DELETE: 'Delete' }[request.method];
    if (verb) return `${verb}${noun}`;
  }

  return `${request.method} ${request.path}`;
}

function errorResponse(fault: FaultAnswer) {
  if (fault.reply !== undefined) {
    return {
      statusCode: fault.status,
      reason: 'OK',
      headers: { 'content-type': 'application/json', 'x-amzn-requestid': 'stub' },
      body: Readable.from([Buffer.from(JSON.stringify(fault.reply))]),
    };
  }
  const body = JSON.stringify({ __type: fault.errorType, message: fault.message });

  return {
    statusCode: fault.status,
    reason: 'fault',
    headers: {
      'content-type': 'application/x-amz-json-1.1',
      'x-amzn-errortype': fault.errorType,
      'x-amzn-requestid': 'fault',
    },
    body: Readable.from([Buffer.from(body)]),
  };
}

async function forward(request: SdkRequest, endpoint: string) {
  const url = new URL(request.path, endpoint);
  for (const [key, value] of Object.entries(request.query ?? {})) {
    for (const item of [value].flat()) if (item !== null) url.searchParams.append(key, item);
  }
  const headers = Object.fromEntries(
    Object.entries(request.headers).filter(([key]) => key.toLowerCase() !== 'host'),
  );
  const response = await fetch(url, {
    method: request.method,
    headers,
    ...(request.body === undefined || request.method === 'GET' ? {} : { body: request.body as string }),
  });

  return {
    statusCode: response.status,
    reason: response.statusText,
    headers: Object.fromEntries(response.headers.entries()),
    body: Readable.from([Buffer.from(await response.arrayBuffer())]),
  };
}
