import { UsageError } from '../errors.js';

/** The options every command takes, named as the AWS CLI names them. */
export interface GlobalOptions {
  region: string | undefined;
  profile: string | undefined;
  endpointUrl: string | undefined;
  json: boolean;
  color: boolean;
  debug: boolean;
}

export interface RawGlobalOptions {
  region?: string;
  profile?: string;
  endpointUrl?: string;
  output?: string;
  json?: boolean;
  color?: boolean;
  debug?: boolean;
}

export function parseGlobalOptions(raw: RawGlobalOptions): GlobalOptions {
  const output = raw.output?.toLowerCase();
  if (output !== undefined && output !== 'json' && output !== 'text') {
    throw new UsageError(`\`--output ${raw.output}\` is not an output format`, {
      hint: 'use `--output text` or `--output json` (or `--json`)',
    });
  }

  if (raw.json === true && output === 'text') {
    throw new UsageError('`--json` and `--output text` ask for different output', {
      hint: 'pass one of them',
    });
  }

  return {
    region: raw.region,
    profile: raw.profile,
    endpointUrl: raw.endpointUrl,
    json: raw.json === true || output === 'json',
    color: raw.color !== false,
    debug: raw.debug === true,
  };
}
