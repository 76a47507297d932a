import {
  INVOKE_POLICY_NAME,
  samePolicy,
  type PolicyDocument,
  type RolePolicies,
} from '../core/schedule/role-policy.js';
import { MANAGED_ROLE_PATH } from '../core/schedule/naming.js';
import { UsageError } from '../errors.js';
import type { AwsClients } from './clients.js';
import { callAws } from './errors.js';

/** A role as lcron checks it before a schedule may use it. */
export interface RoleState {
  arn: string;
  /** Made by lcron: under its IAM path. A role of the user's is never changed. */
  managed: boolean;
  trustIsCurrent: boolean;
  permissionsAreCurrent: boolean;
}

const isMissing = (error: { name?: string }) =>
  error.name === 'NoSuchEntityException' || error.name === 'NoSuchEntity';

/** The role and how its policies compare with `wanted`; null when there is no such role. */
export async function readRole(
  clients: AwsClients,
  name: string,
  wanted: RolePolicies,
): Promise<RoleState | null> {
  const { GetRoleCommand, GetRolePolicyCommand } = await import('@aws-sdk/client-iam');
  const iam = await clients.iam();
  const role = await callAws(
    clients.settings,
    `IAM role ${name}`,
    { operation: 'GetRole', action: 'iam:GetRole' },
    () =>
      iam.send(new GetRoleCommand({ RoleName: name })).catch((error) => {
        if (isMissing(error)) return null;
        throw error;
      }),
  );
  if (!role?.Role) return null;

  const policy = await callAws(
    clients.settings,
    `IAM role ${name}`,
    { operation: 'GetRolePolicy', action: 'iam:GetRolePolicy' },
    () =>
      iam
        .send(new GetRolePolicyCommand({ RoleName: name, PolicyName: INVOKE_POLICY_NAME }))
        .catch((error) => {
          if (isMissing(error)) return null;
          throw error;
        }),
  );

  return {
    arn: role.Role.Arn ?? '',
    managed: role.Role.Path === MANAGED_ROLE_PATH,
    trustIsCurrent: samePolicy(role.Role.AssumeRolePolicyDocument, wanted.trust),
    permissionsAreCurrent: samePolicy(policy?.PolicyDocument, wanted.permissions),
  };
}

/** Makes the role; one made meanwhile by a racing run is checked and used. */
export async function createRole(
  clients: AwsClients,
  name: string,
  policies: RolePolicies,
  tags: Record<string, string>,
): Promise<'created' | 'existed'> {
  const { CreateRoleCommand } = await import('@aws-sdk/client-iam');
  const iam = await clients.iam();
  const outcome = await callAws(
    clients.settings,
    `IAM role ${name}`,
    { operation: 'CreateRole', action: 'iam:CreateRole' },
    () =>
      iam
        .send(
          new CreateRoleCommand({
            RoleName: name,
            Path: MANAGED_ROLE_PATH,
            AssumeRolePolicyDocument: JSON.stringify(policies.trust),
            Description: 'Lets EventBridge Scheduler invoke one Lambda function; made by lcron schedule.',
            Tags: Object.entries(tags).map(([Key, Value]) => ({ Key, Value })),
          }),
        )
        .then(
          () => 'created' as const,
          (error: { name?: string }) => {
            if (error.name === 'EntityAlreadyExistsException') return 'existed' as const;
            throw error;
          },
        ),
  );
  if (outcome === 'existed') {
    const role = await readRole(clients, name, policies);
    if (!role?.managed) throw notOurs(name);
    if (!role.trustIsCurrent) await writeTrust(clients, name, policies);
  }
  await writePermissions(clients, name, policies);

  return outcome;
}

export async function writeTrust(clients: AwsClients, name: string, policies: RolePolicies): Promise<void> {
  const { UpdateAssumeRolePolicyCommand } = await import('@aws-sdk/client-iam');
  const iam = await clients.iam();
  await callAws(
    clients.settings,
    `IAM role ${name}`,
    { operation: 'UpdateAssumeRolePolicy', action: 'iam:UpdateAssumeRolePolicy' },
    () =>
      iam.send(
        new UpdateAssumeRolePolicyCommand({ RoleName: name, PolicyDocument: JSON.stringify(policies.trust) }),
      ),
  );
}

export async function writePermissions(
  clients: AwsClients,
  name: string,
  policies: RolePolicies,
): Promise<void> {
  const { PutRolePolicyCommand } = await import('@aws-sdk/client-iam');
  const iam = await clients.iam();
  await callAws(
    clients.settings,
    `IAM role ${name}`,
    { operation: 'PutRolePolicy', action: 'iam:PutRolePolicy' },
    () =>
      iam.send(
        new PutRolePolicyCommand({
          RoleName: name,
          PolicyName: INVOKE_POLICY_NAME,
          PolicyDocument: JSON.stringify(policies.permissions),
        }),
      ),
  );
}

/** Removes lcron's inline policy, then the role; a role already gone is fine. */
export async function deleteRole(clients: AwsClients, name: string): Promise<void> {
  const { DeleteRoleCommand, DeleteRolePolicyCommand } = await import('@aws-sdk/client-iam');
  const iam = await clients.iam();
  const ignoreMissing = (error: { name?: string }) => {
    if (!isMissing(error)) throw error;
  };
  await callAws(
    clients.settings,
    `IAM role ${name}`,
    { operation: 'DeleteRolePolicy', action: 'iam:DeleteRolePolicy' },
    () =>
      iam
        .send(new DeleteRolePolicyCommand({ RoleName: name, PolicyName: INVOKE_POLICY_NAME }))
        .then(() => undefined, ignoreMissing),
  );
  await callAws(
    clients.settings,
    `IAM role ${name}`,
    { operation: 'DeleteRole', action: 'iam:DeleteRole' },
    () => iam.send(new DeleteRoleCommand({ RoleName: name })).then(() => undefined, ignoreMissing),
  );
}

/** Nothing AWS refused: the name is taken, and lcron does not take over a role it did not make. */
export function notOurs(name: string): UsageError {
  return new UsageError(
    `IAM role ${name} exists but was not made by lcron (it is not under ${MANAGED_ROLE_PATH})`,
    {
      hint: 'pass that role with `--role-arn` to use it as it is, or rename or delete it',
    },
  );
}

/**
 * Every policy document a role's permissions come from: its inline
 * policies and the default version of each attached one; null when there
 * is no such role.
 */
export async function readRolePolicies(
  clients: AwsClients,
  roleArn: string,
): Promise<PolicyDocument[] | null> {
  const sdk = await import('@aws-sdk/client-iam');
  const iam = await clients.iam();
  const name = roleArn.split('/').pop()!;
  const at = `IAM role ${name}`;
  const documents: PolicyDocument[] = [];

  // No such role: null, for the caller to say that every fire on it fails.
  const inline = await callAws(
    clients.settings,
    at,
    { operation: 'ListRolePolicies', action: 'iam:ListRolePolicies' },
    () =>
      iam.send(new sdk.ListRolePoliciesCommand({ RoleName: name })).catch((error) => {
        if (isMissing(error)) return null;
        throw error;
      }),
  );
  if (inline === null) return null;
  for (const policyName of inline.PolicyNames ?? []) {
    const policy = await callAws(
      clients.settings,
      at,
      { operation: 'GetRolePolicy', action: 'iam:GetRolePolicy' },
      () => iam.send(new sdk.GetRolePolicyCommand({ RoleName: name, PolicyName: policyName })),
    );
    documents.push(parsePolicy(policy.PolicyDocument));
  }

  const attached = await callAws(
    clients.settings,
    at,
    { operation: 'ListAttachedRolePolicies', action: 'iam:ListAttachedRolePolicies' },
    () => iam.send(new sdk.ListAttachedRolePoliciesCommand({ RoleName: name })),
  );
  for (const { PolicyArn } of attached.AttachedPolicies ?? []) {
    const policy = await callAws(
      clients.settings,
      `IAM policy ${PolicyArn}`,
      { operation: 'GetPolicy', action: 'iam:GetPolicy' },
      () => iam.send(new sdk.GetPolicyCommand({ PolicyArn })),
    );
    const version = await callAws(
      clients.settings,
      `IAM policy ${PolicyArn}`,
      { operation: 'GetPolicyVersion', action: 'iam:GetPolicyVersion' },
      () =>
        iam.send(new sdk.GetPolicyVersionCommand({ PolicyArn, VersionId: policy.Policy?.DefaultVersionId })),
    );
    documents.push(parsePolicy(version.PolicyVersion?.Document));
  }

  return documents;
}

/** IAM returns documents URL-encoded; an unreadable one counts as granting everything. */
function parsePolicy(text: string | undefined): PolicyDocument {
  try {
    const raw = text ?? '';
    const parsed = JSON.parse(/^\s*%7B/i.test(raw) ? decodeURIComponent(raw) : raw) as PolicyDocument;
    const statements = Array.isArray(parsed.Statement) ? parsed.Statement : [parsed.Statement];
    return { Version: '2012-10-17', Statement: statements };
  } catch {
    return {
      Version: '2012-10-17',
      Statement: [{ Effect: 'Allow', Action: '(unreadable policy)', Resource: '*' }],
    };
  }
}
