import { describe, expect, it } from 'vitest';

import type { AwsClients } from '../../src/aws/clients.js';
import { logSettingsFrom } from '../../src/aws/lambda-function.js';
import { PLATFORM_FILTER_PATTERN, readLogEvents } from '../../src/aws/log-events.js';

describe('logSettingsFrom', () => {
  it("takes the log group from the function's logging config, else Lambda's default", () => {
    expect(
      logSettingsFrom('nightly', {
        FunctionName: 'nightly',
        Timeout: 90,
        LoggingConfig: { LogGroup: '/custom/jobs' },
      }),
    ).toEqual({
      functionName: 'nightly',
      functionArn: null,
      logGroup: '/custom/jobs',
      timeoutMs: 90_000,
    });
    expect(logSettingsFrom('arn:aws:lambda:eu-west-1:123456789012:function:nightly:prod', {}).logGroup).toBe(
      '/aws/lambda/nightly',
    );
  });
});

/**
 * A scripted CloudWatch Logs client, for what no emulator does: a page
 * with no events that still carries a token. Mocked at `send`.
 */
function scriptedLogs(
  pages: Array<{
    events: Array<{ logStreamName: string; timestamp: number; message: string }>;
    nextToken?: string;
  }>,
) {
  const sent: Array<Record<string, unknown>> = [];
  const clients = {
    settings: { region: 'eu-west-1', profile: undefined, endpointUrl: undefined, maxAttempts: 1 },
    logs: async () => ({
      send: async (command: { input: Record<string, unknown> }) => {
        sent.push(command.input);
        return pages[sent.length - 1];
      },
    }),
  } as unknown as AwsClients;

  return { clients, sent };
}

describe('readLogEvents (CloudWatch Logs client mocked at send)', () => {
  it('follows every token, through pages that hold no events', async () => {
    const start = { logStreamName: 's', timestamp: 1, message: 'START RequestId: x' };
    const { clients, sent } = scriptedLogs([
      { events: [], nextToken: 'a' },
      { events: [start], nextToken: 'b' },
      { events: [], nextToken: 'c' },
      { events: [{ ...start, timestamp: 2 }] },
    ]);
    const seen: number[] = [];
    const progress = await readLogEvents(
      clients,
      { logGroup: '/aws/lambda/x', startTime: 0, endTime: 10 },
      (_s, ts) => seen.push(ts),
    );

    expect(progress).toEqual({ pages: 4, events: 2 });
    expect(seen).toEqual([1, 2]);
    expect(sent.map((input) => input.nextToken)).toEqual([undefined, 'a', 'b', 'c']);
    expect(sent[0]).toMatchObject({
      logGroupName: '/aws/lambda/x',
      startTime: 0,
      endTime: 10,
      filterPattern: PLATFORM_FILTER_PATTERN,
    });
  });
});
