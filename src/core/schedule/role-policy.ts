/**
 * The two policies of a role lcron makes for a schedule group: Scheduler
 * may assume it only for schedules of this account and this group, and
 * the role may only invoke one function (any version or alias of it).
 */
export interface RolePolicies {
  trust: PolicyDocument;
  permissions: PolicyDocument;
}

export interface PolicyDocument {
  Version: '2012-10-17';
  Statement: Array<Record<string, unknown>>;
}

export const INVOKE_POLICY_NAME = 'lcron-invoke-function';

export function rolePolicies(account: string, groupArn: string, functionArn: string): RolePolicies {
  return {
    trust: {
      Version: '2012-10-17',
      Statement: [
        {
          Effect: 'Allow',
          Principal: { Service: 'scheduler.amazonaws.com' },
          Action: 'sts:AssumeRole',
          Condition: {
            StringEquals: { 'aws:SourceAccount': account },
            ArnEquals: { 'aws:SourceArn': groupArn },
          },
        },
      ],
    },
    permissions: {
      Version: '2012-10-17',
      Statement: [
        {
          Effect: 'Allow',
          Action: 'lambda:InvokeFunction',
          Resource: [functionArn, `${functionArn}:*`],
        },
      ],
    },
  };
}

/**
 * IAM hands policies back URL-encoded, with its own spacing and key order:
 * two documents are the same when their parsed values are.
 */
export function samePolicy(stored: string | undefined, wanted: PolicyDocument): boolean {
  if (!stored) return false;
  try {
    const text = /^\s*%7B/i.test(stored) ? decodeURIComponent(stored) : stored;
    return canonical(JSON.parse(text)) === canonical(wanted);
  } catch {
    return false;
  }
}

function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  if (value && typeof value === 'object') {
    const entries = Object.entries(value).sort(([a], [b]) => (a < b ? -1 : 1));
    return `{${entries.map(([key, inner]) => `${JSON.stringify(key)}:${canonical(inner)}`).join(',')}}`;
  }

  return JSON.stringify(value);
}
