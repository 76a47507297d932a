import { createAwsClients, resolveAwsSettings, type AwsClients } from '../aws/clients.js';
import { regionOfArn } from '../aws/lambda-function.js';
import type { Context } from '../cli/context.js';
import type { GlobalOptions } from '../cli/global-options.js';
import { UsageError } from '../errors.js';

/**
 * AWS clients for a command about one function: the global flags, then
 * the environment, except that a full ARN's own Region wins over the
 * environment's. `--debug` logs each call.
 */
export function clientsForFunction(global: GlobalOptions, functionRef: string, ctx: Context): AwsClients {
  const settings = resolveAwsSettings(global, ctx.env);
  const arnRegion = regionOfArn(functionRef);
  if (arnRegion && global.region && arnRegion !== global.region) {
    throw new UsageError(`the function's ARN is in ${arnRegion} but \`--region\` is ${global.region}`, {
      hint: "drop `--region` to use the ARN's, or pass the function by name",
    });
  }
  if (arnRegion) settings.region = arnRegion;
  const observe = ctx.awsHooks.onCommand;
  const onCommand = (service: string, operation: string) => {
    observe?.(service, operation);
    if (global.debug) ctx.stderr.write(`debug: ${service} ${operation}\n`);
  };

  return createAwsClients(settings, { ...ctx.awsHooks, onCommand });
}
