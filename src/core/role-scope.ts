import type { PolicyDocument } from './schedule/role-policy.js';

/** What a role allows beyond invoking one function: each grant that reaches further. */
export interface ExtraGrant {
  actions: string[];
  resources: string[];
}

interface Statement {
  Effect?: string;
  Action?: string | string[];
  NotAction?: string | string[];
  Resource?: string | string[];
  NotResource?: string | string[];
}

const list = (value: string | string[] | undefined): string[] =>
  value === undefined ? [] : Array.isArray(value) ? value : [value];

/**
 * The Allow statements of a role's policies that grant more than
 * `lambda:InvokeFunction` on the function and its versions and aliases.
 * A wildcard that happens to include the invoke action (`lambda:*`,
 * `lambda:Invoke*`) counts as more: it grants other actions too. Deny
 * statements are not subtracted: this says what the role is allowed in
 * its own words, not what it can do after every policy is weighed.
 */
export function extraGrants(documents: PolicyDocument[], functionArn: string): ExtraGrant[] {
  const extras: ExtraGrant[] = [];
  for (const document of documents) {
    for (const statement of list(document.Statement as never) as unknown as Statement[]) {
      if (statement.Effect !== 'Allow') continue;
      const notAction = list(statement.NotAction);
      const notResource = list(statement.NotResource);
      const actions =
        notAction.length > 0 ? notAction.map((a) => `everything but ${a}`) : list(statement.Action);
      const resources =
        notResource.length > 0 ? notResource.map((r) => `everything but ${r}`) : list(statement.Resource);
      const wideActions =
        notAction.length > 0
          ? actions
          : actions.filter((action) => action.toLowerCase() !== 'lambda:invokefunction');
      const wideResources =
        notResource.length > 0
          ? resources
          : resources.filter((resource) => !ownResource(resource, functionArn));
      if (wideActions.length > 0 || wideResources.length > 0) {
        extras.push({
          actions: wideActions.length > 0 ? wideActions : actions,
          resources: wideResources.length > 0 ? wideResources : resources,
        });
      }
    }
  }

  return extras;
}

/** The function itself, or one of its versions or aliases, named without a wildcard reaching further. */
function ownResource(resource: string, functionArn: string): boolean {
  if (resource === functionArn || resource === `${functionArn}:*`) return true;

  return resource.startsWith(`${functionArn}:`) && !/[*?]/.test(resource.slice(functionArn.length + 1));
}
