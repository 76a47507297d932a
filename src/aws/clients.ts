import { readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';

import type { CloudWatchLogsClient } from '@aws-sdk/client-cloudwatch-logs';
import type { LambdaClient } from '@aws-sdk/client-lambda';
import type { IAMClient } from '@aws-sdk/client-iam';
import type { SchedulerClient } from '@aws-sdk/client-scheduler';

import { ConfigError, UsageError } from '../errors.js';
import { VERSION } from '../version.js';

/** What the global flags and the environment say about reaching AWS. */
export interface AwsSettings {
  region: string | undefined;
  profile: string | undefined;
  endpointUrl: string | undefined;
  /** Attempts per call, retries included; AWS_MAX_ATTEMPTS as the SDK reads it. */
  maxAttempts: number;
}

/** Seams for tests and `--debug`: a transport, and a view of each call made. */
export interface AwsHooks {
  /** Replaces the HTTP transport; tests use it for faults no emulator makes. */
  requestHandler?: unknown;
  /** Told of every command before it is sent, e.g. `Lambda GetFunctionConfiguration`. */
  onCommand?: (service: string, operation: string) => void;
}

export interface AwsClients {
  readonly settings: AwsSettings;
  lambda(): Promise<LambdaClient>;
  logs(): Promise<CloudWatchLogsClient>;
  scheduler(): Promise<SchedulerClient>;
  /** For the execution roles lcron makes for its schedules. */
  iam(): Promise<IAMClient>;
}

const REGION_NAME = /^[a-z]{2}(?:-[a-z]+)+-\d+$/;
const DEFAULT_MAX_ATTEMPTS = 5;

/**
 * Settles the settings by the AWS CLI's precedence, flag before
 * environment, and checks them before any call is made.
 */
export function resolveAwsSettings(
  flags: { region?: string; profile?: string; endpointUrl?: string },
  env: NodeJS.ProcessEnv,
): AwsSettings {
  const region = flags.region ?? nonEmpty(env.AWS_REGION) ?? nonEmpty(env.AWS_DEFAULT_REGION);
  if (region !== undefined && !REGION_NAME.test(region)) {
    throw new ConfigError(`region ${JSON.stringify(region)} is not an AWS Region name`, {
      hint: 'pass a Region such as eu-west-1 with `--region`, or set AWS_REGION',
    });
  }

  const endpointUrl = flags.endpointUrl ?? nonEmpty(env.AWS_ENDPOINT_URL);
  if (endpointUrl !== undefined) checkEndpoint(endpointUrl, flags.endpointUrl !== undefined);

  const profile = flags.profile ?? nonEmpty(env.AWS_PROFILE);
  if (profile !== undefined) checkProfile(profile, flags.profile !== undefined, env);

  return { region, profile, endpointUrl, maxAttempts: maxAttemptsFrom(env.AWS_MAX_ATTEMPTS) };
}

function maxAttemptsFrom(value: string | undefined): number {
  if (value === undefined || value === '') return DEFAULT_MAX_ATTEMPTS;
  const attempts = Number(value);
  if (Number.isInteger(attempts) && attempts >= 1) return attempts;

  throw new ConfigError(`AWS_MAX_ATTEMPTS=${value} is not a whole number of at least 1`, {
    hint: 'set it to how many times to try each AWS call, such as 5, or unset it',
  });
}

/**
 * The SDK reports a missing profile only as missing credentials or Region;
 * look in the config files first so the error names the profile.
 */
function checkProfile(profile: string, fromFlag: boolean, env: NodeJS.ProcessEnv): void {
  const home = env.HOME ?? env.USERPROFILE ?? homedir();
  const files = [
    env.AWS_CONFIG_FILE || join(home, '.aws', 'config'),
    env.AWS_SHARED_CREDENTIALS_FILE || join(home, '.aws', 'credentials'),
  ];
  const escaped = profile.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  const section = new RegExp(`^\\s*\\[\\s*(?:profile\\s+)?${escaped}\\s*\\]`, 'm');
  if (files.some((file) => section.test(readIfThere(file)))) return;

  throw new ConfigError(`profile ${JSON.stringify(profile)} not found in ${files.join(' or ')}`, {
    hint: `check ${fromFlag ? '`--profile`' : 'AWS_PROFILE'}, or create it with aws configure --profile ${profile}`,
  });
}

function readIfThere(file: string): string {
  try {
    return readFileSync(file, 'utf8');
  } catch {
    return '';
  }
}

function checkEndpoint(url: string, fromFlag: boolean): void {
  let parsed: URL | null = null;
  try {
    parsed = new URL(url);
  } catch {
    parsed = null;
  }
  if (parsed && (parsed.protocol === 'http:' || parsed.protocol === 'https:')) return;

  const source = fromFlag ? '`--endpoint-url`' : 'AWS_ENDPOINT_URL';
  throw new UsageError(`${source} ${JSON.stringify(url)} is not an http(s) URL`, {
    hint: 'give a full URL such as http://127.0.0.1:5000',
  });
}

function nonEmpty(value: string | undefined): string | undefined {
  return value === undefined || value === '' ? undefined : value;
}

/**
 * The one place AWS clients are made. Each SDK is imported on first use,
 * so commands that need no AWS (and `--help`) never load it.
 */
export function createAwsClients(settings: AwsSettings, hooks: AwsHooks = {}): AwsClients {
  const config = clientConfig(settings, hooks);
  let lambda: Promise<LambdaClient> | undefined;
  let logs: Promise<CloudWatchLogsClient> | undefined;
  let scheduler: Promise<SchedulerClient> | undefined;
  let iam: Promise<IAMClient> | undefined;

  return {
    settings,
    lambda: () =>
      (lambda ??= import('@aws-sdk/client-lambda').then(({ LambdaClient }) =>
        observe(new LambdaClient(config), 'Lambda', hooks),
      )),
    logs: () =>
      (logs ??= import('@aws-sdk/client-cloudwatch-logs').then(({ CloudWatchLogsClient }) =>
        observe(new CloudWatchLogsClient(config), 'CloudWatchLogs', hooks),
      )),
    scheduler: () =>
      (scheduler ??= import('@aws-sdk/client-scheduler').then(({ SchedulerClient }) =>
        observe(new SchedulerClient(config), 'Scheduler', hooks),
      )),
    iam: () =>
      (iam ??= import('@aws-sdk/client-iam').then(({ IAMClient }) =>
        observe(new IAMClient(config), 'IAM', hooks),
      )),
  };
}

function clientConfig(settings: AwsSettings, hooks: AwsHooks): Record<string, unknown> {
  return {
    ...(settings.region ? { region: settings.region } : {}),
    ...(settings.profile ? { profile: settings.profile } : {}),
    ...(settings.endpointUrl ? { endpoint: settings.endpointUrl } : {}),
    maxAttempts: settings.maxAttempts,
    retryMode: 'standard',
    customUserAgent: `lcron/${VERSION}`,
    requestHandler: hooks.requestHandler ?? { connectionTimeout: 5_000, requestTimeout: 60_000 },
  };
}

interface MiddlewareClient {
  middlewareStack: {
    add(
      middleware: (
        next: (args: unknown) => Promise<unknown>,
        context: { commandName?: string },
      ) => (args: unknown) => Promise<unknown>,
      options: { step: 'initialize'; name: string },
    ): void;
  };
}

function observe<T>(client: T, service: string, hooks: AwsHooks): T {
  const { onCommand } = hooks;
  if (!onCommand) return client;
  (client as unknown as MiddlewareClient).middlewareStack.add(
    (next, context) => (args) => {
      onCommand(service, (context.commandName ?? 'Unknown').replace(/Command$/, ''));
      return next(args);
    },
    { step: 'initialize', name: 'lcronObserveCommand' },
  );

  return client;
}
