import { describe, expect, it } from 'vitest';

import { extraGrants } from '../../src/core/role-scope.js';
import type { PolicyDocument } from '../../src/core/schedule/role-policy.js';

const FN = 'arn:aws:lambda:eu-west-1:123456789012:function:nightly';
const doc = (...Statement: Array<Record<string, unknown>>): PolicyDocument => ({
  Version: '2012-10-17',
  Statement,
});

describe('what a schedule role may do beyond invoking its function', () => {
  it('finds nothing more in invoke on the function, its aliases and versions', () => {
    expect(
      extraGrants(
        [
          doc({
            Effect: 'Allow',
            Action: ['lambda:InvokeFunction'],
            Resource: [FN, `${FN}:*`, `${FN}:live`, `${FN}:7`],
          }),
        ],
        FN,
      ),
    ).toEqual([]);
  });

  it('counts wildcards that include invoke as more, and names them', () => {
    expect(extraGrants([doc({ Effect: 'Allow', Action: 'lambda:*', Resource: FN })], FN)).toEqual([
      { actions: ['lambda:*'], resources: [FN] },
    ]);
    expect(extraGrants([doc({ Effect: 'Allow', Action: 'lambda:Invoke*', Resource: FN })], FN)).toHaveLength(
      1,
    );
  });

  it('counts other functions and wildcard resources as more', () => {
    const other = 'arn:aws:lambda:eu-west-1:123456789012:function:nightly-other';
    expect(
      extraGrants([doc({ Effect: 'Allow', Action: 'lambda:InvokeFunction', Resource: other })], FN),
    ).toEqual([{ actions: ['lambda:InvokeFunction'], resources: [other] }]);
    // `nightly*` also matches nightly-other, so it is more than this function.
    expect(
      extraGrants([doc({ Effect: 'Allow', Action: 'lambda:InvokeFunction', Resource: `${FN}*` })], FN),
    ).toHaveLength(1);
    expect(
      extraGrants([doc({ Effect: 'Allow', Action: 'lambda:InvokeFunction', Resource: `${FN}:prod-*` })], FN),
    ).toHaveLength(1);
  });

  it('reads NotAction and NotResource as granting everything else', () => {
    expect(extraGrants([doc({ Effect: 'Allow', NotAction: 'iam:*', Resource: FN })], FN)).toEqual([
      { actions: ['everything but iam:*'], resources: [FN] },
    ]);
    expect(
      extraGrants([doc({ Effect: 'Allow', Action: 'lambda:InvokeFunction', NotResource: FN })], FN),
    ).toEqual([{ actions: ['lambda:InvokeFunction'], resources: [`everything but ${FN}`] }]);
  });

  it('leaves Deny statements out, and looks at every document', () => {
    const deny = doc({ Effect: 'Deny', Action: '*', Resource: '*' });
    const wide = doc({ Effect: 'Allow', Action: 's3:GetObject', Resource: '*' });
    expect(extraGrants([deny], FN)).toEqual([]);
    expect(extraGrants([deny, wide], FN)).toEqual([{ actions: ['s3:GetObject'], resources: ['*'] }]);
  });
});
