import { beforeAll, describe, expect, it } from 'vitest';

import { awsCli, createFunction, putEvents, scratchDir } from '../helpers/aws-cli.js';
import { run } from '../helpers/context.js';
import { emulatorEndpoint, skipEmulator } from '../helpers/emulator.js';
import { faultTransport } from '../helpers/fault-transport.js';
import { ID, endLine, reportLine, startLine } from '../helpers/log-lines.js';

const FUNCTION = `audit-faults-${process.pid}`;
const BASE = Math.floor((Date.now() - 20 * 60_000) / 60_000) * 60_000;

const throttled = { status: 400, errorType: 'ThrottlingException', message: 'Rate exceeded' };
const denied = (action: string) => ({
  status: 403,
  errorType: 'AccessDeniedException',
  message: `User is not authorized to perform: ${action}`,
});

describe.skipIf(skipEmulator)('lcron audit: faults moto cannot make, through a stubbed SDK transport', () => {
  let endpoint: string;

  beforeAll(() => {
    endpoint = emulatorEndpoint();
    const dir = scratchDir();
    createFunction(endpoint, dir, FUNCTION, 60);
    awsCli(endpoint, ['logs', 'create-log-group', '--log-group-name', `/aws/lambda/${FUNCTION}`]);
    putEvents(endpoint, dir, `/aws/lambda/${FUNCTION}`, 's1', [
      { timestamp: BASE, message: startLine(ID.a) },
      { timestamp: BASE + 70_000, message: endLine(ID.a) },
      { timestamp: BASE + 70_000, message: reportLine(ID.a, 70_000) },
    ]);
    putEvents(endpoint, dir, `/aws/lambda/${FUNCTION}`, 's2', [
      { timestamp: BASE + 60_000, message: startLine(ID.b) },
      { timestamp: BASE + 65_000, message: endLine(ID.b) },
      { timestamp: BASE + 65_000, message: reportLine(ID.b, 5_000) },
    ]);
  });

  const audit = (handler: unknown, env: NodeJS.ProcessEnv = {}) =>
    run(['audit', FUNCTION, '--since', '1h', '--endpoint-url', endpoint, '--json'], {
      now: () => Date.now(),
      env: { AWS_REGION: 'eu-west-1', ...env },
      awsHooks: { requestHandler: handler },
    });

  it('retries a throttled FilterLogEvents and then reads it whole (SDK transport stub)', async () => {
    let throttles = 2;
    const { handler, seen } = faultTransport(
      ({ operation }) => (operation === 'FilterLogEvents' && throttles-- > 0 ? throttled : null),
      endpoint,
    );
    const result = await audit(handler);

    expect(result.code).toBe(1);
    // Then the schedules that target the function, to check the fires: as many pages as the
    // shared emulator holds schedules of other tests.
    expect(seen.filter((op) => op !== 'ListSchedules')).toEqual([
      'GetFunctionConfiguration',
      'FilterLogEvents',
      'FilterLogEvents',
      'FilterLogEvents',
    ]);
    expect(seen.slice(4).every((op) => op === 'ListSchedules')).toBe(true);
    // b (60-65 s) runs inside a (0-70 s): 5 000 ms at two.
    expect(JSON.parse(result.stdout).summary).toMatchObject({
      invocations: 2,
      violations: 1,
      overlapMs: 5_000,
    });
  });

  it('gives up on throttling after AWS_MAX_ATTEMPTS, with exit 254 (SDK transport stub)', async () => {
    const { handler, seen } = faultTransport(
      ({ operation }) => (operation === 'FilterLogEvents' ? throttled : null),
      endpoint,
    );
    const result = await audit(handler, { AWS_MAX_ATTEMPTS: '2' });

    expect(seen.filter((op) => op === 'FilterLogEvents')).toHaveLength(2);
    expect([result.code, result.stdout]).toEqual([254, '']);
    expect(result.stderr).toBe(
      `lcron: AWS throttled FilterLogEvents on log group /aws/lambda/${FUNCTION} after 2 attempts; wait and rerun, narrow the window, or raise AWS_MAX_ATTEMPTS\n`,
    );
  });

  it('names the IAM action when Lambda denies access (SDK transport stub)', async () => {
    const { handler } = faultTransport(() => denied('lambda:GetFunctionConfiguration'));
    const result = await audit(handler);

    expect(result.code).toBe(254);
    expect(result.stderr).toBe(
      `lcron: access denied: lambda:GetFunctionConfiguration on function ${FUNCTION} in eu-west-1; grant lambda:GetFunctionConfiguration to the caller's IAM identity\n`,
    );
  });

  it('names the IAM action when CloudWatch Logs denies access (SDK transport stub)', async () => {
    const { handler } = faultTransport(
      ({ operation }) => (operation === 'FilterLogEvents' ? denied('logs:FilterLogEvents') : null),
      endpoint,
    );
    const result = await audit(handler);

    expect(result.code).toBe(254);
    expect(result.stderr).toMatch(
      new RegExp(
        `^lcron: access denied: logs:FilterLogEvents on log group /aws/lambda/${FUNCTION} in eu-west-1;`,
      ),
    );
  });

  it('calls rejected credentials a configuration error, exit 253 (SDK transport stub)', async () => {
    const { handler } = faultTransport(() => ({
      status: 403,
      errorType: 'UnrecognizedClientException',
      message: 'The security token included in the request is invalid.',
    }));
    const result = await audit(handler);

    expect(result.code).toBe(253);
    expect(result.stderr).toMatch(
      /^lcron: AWS rejected the credentials for GetFunctionConfiguration: The security token included in the request is invalid\.;/,
    );
  });
});
