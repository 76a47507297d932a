import { Chalk, type ChalkInstance } from 'chalk';

import { ConfigError } from '../errors.js';

/**
 * How output looks, decided once: `--no-color` first, then NO_COLOR and
 * FORCE_COLOR, then whether stdout is a terminal.
 */
export interface OutputStyle {
  color: boolean;
  /** People get local times, aligned tables and a timeline; scripts get UTC and tabs. */
  forPeople: boolean;
  chalk: ChalkInstance;
  columns: number;
  timeZone: string;
}

export function decideStyle(options: {
  colorFlag: boolean;
  env: NodeJS.ProcessEnv;
  isTTY: boolean;
  columns: number;
}): OutputStyle {
  const { env } = options;
  let level: 0 | 1 | 2 | 3 = options.isTTY && env.TERM !== 'dumb' ? 1 : 0;
  if (env.NO_COLOR !== undefined && env.NO_COLOR !== '') level = 0;
  // FORCE_COLOR is the explicit ask, so it wins over NO_COLOR; `--no-color` wins over both.
  const force = env.FORCE_COLOR;
  if (force !== undefined) {
    const wanted = force === '' || force === 'true' ? 1 : Number(force);
    level = wanted >= 1 && wanted <= 3 ? (Math.trunc(wanted) as 1 | 2 | 3) : 0;
  }
  if (!options.colorFlag) level = 0;

  return {
    color: level > 0,
    forPeople: options.isTTY,
    chalk: new Chalk({ level }),
    columns: Math.max(40, options.columns),
    timeZone: checkedTimeZone(env.TZ),
  };
}

function checkedTimeZone(tz: string | undefined): string {
  // POSIX lets TZ start with ":" before a zone name.
  const zone = tz?.replace(/^:/, '') || Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC';
  try {
    new Intl.DateTimeFormat('en', { timeZone: zone });
    return zone;
  } catch {
    throw new ConfigError(`TZ=${tz} is not a time zone`, {
      hint: 'set TZ to an IANA zone such as Europe/Berlin, or unset it',
    });
  }
}
