import { UsageError } from '../../errors.js';

// Scheduler's rule for schedule and group names.
const SCHEDULER_NAME = /^[0-9a-zA-Z._-]{1,64}$/;
const ROLE_NAME_LIMIT = 64;

/**
 * The name lcron gives a function's schedule when `--name` is not passed:
 * the function's own name, with its alias or version (`nightly:prod` is
 * `nightly-prod`), so that rerunning the same command finds the same schedule.
 */
export function defaultScheduleName(functionName: string, qualifier: string | null): string {
  const name = (qualifier ? `${functionName}-${qualifier}` : functionName).replace(/[^0-9a-zA-Z._-]/g, '');

  return name.length <= 64 ? name : `${name.slice(0, 55)}-${shortHash(name)}`;
}

export function checkScheduleName(name: string, flag: '--name' | '--group'): string {
  if (SCHEDULER_NAME.test(name)) return name;
  const what = flag === '--name' ? 'schedule name' : 'schedule group name';
  const why =
    name.length === 0 || name.length > 64
      ? 'must be 1 to 64 characters'
      : 'has a character Scheduler refuses';

  throw new UsageError(`${what} ${JSON.stringify(name)} ${why}`, {
    hint: `use letters, digits, '.', '-' and '_' only, at most 64 characters, in \`${flag}\``,
  });
}

/**
 * The execution role lcron makes for one function's schedules in one
 * group: one role per pair, so that its only permission can be to invoke
 * that function. Neither name can hold `@`, so no two pairs share a role
 * (`lcron-a-b-c` could be group `a-b` and function `c`, or `a` and `b-c`).
 */
export function managedRoleName(group: string, functionName: string): string {
  const name = `lcron-${functionName}@${group}`;
  if (name.length <= ROLE_NAME_LIMIT) return name;

  return `${name.slice(0, ROLE_NAME_LIMIT - 9)}-${shortHash(name)}`;
}

/** lcron's roles live under this IAM path, which is how it tells them from the user's. */
export const MANAGED_ROLE_PATH = '/lcron/';

export function isManagedRoleArn(roleArn: string | null): boolean {
  return roleArn !== null && /^arn:aws[a-zA-Z-]*:iam::\d{12}:role\/lcron\/[^/]+$/.test(roleArn);
}

/** Eight hex digits of FNV-1a: keeps truncated names distinct and stable. */
function shortHash(text: string): string {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }

  return hash.toString(16).padStart(8, '0');
}
