import type { LogEventSink } from '../core/formats/parser.js';
import type { AwsClients } from './clients.js';
import { translateAwsError } from './errors.js';

export interface LogEventsQuery {
  logGroup: string;
  startTime: number;
  endTime: number;
}

export interface ReadProgress {
  pages: number;
  events: number;
}

/**
 * Asks CloudWatch Logs for the lines that may be platform lines. Lambda
 * writes both log formats, so the pattern ORs the words of each; the
 * parser still checks every line, as a pattern only narrows.
 */
export const PLATFORM_FILTER_PATTERN =
  '?"RequestId:" ?"Task timed out" ?"Invoke Error" ?"platform.start" ?"platform.runtimeDone" ?"platform.report" ?"platform.initReport" ?"INIT_REPORT"';

/**
 * Reads every FilterLogEvents page of the window across all streams. A
 * page may be empty and still carry a token, so only a missing token ends it.
 */
export async function readLogEvents(
  clients: AwsClients,
  query: LogEventsQuery,
  sink: LogEventSink,
  onPage: (progress: ReadProgress) => void = () => {},
  /** Waits before each page, to keep several audits within CloudWatch Logs' request quota. */
  pace: () => Promise<void> = async () => {},
): Promise<ReadProgress> {
  const { FilterLogEventsCommand } = await import('@aws-sdk/client-cloudwatch-logs');
  const progress: ReadProgress = { pages: 0, events: 0 };
  const logs = await clients.logs().catch((error: unknown) => {
    throw describeFailure(error, clients, query);
  });
  let nextToken: string | undefined;
  const seenTokens = new Set<string>();

  do {
    let page;
    await pace();
    try {
      page = await logs.send(
        new FilterLogEventsCommand({
          logGroupName: query.logGroup,
          startTime: query.startTime,
          endTime: query.endTime,
          filterPattern: PLATFORM_FILTER_PATTERN,
          ...(nextToken ? { nextToken } : {}),
        }),
      );
    } catch (error) {
      throw describeFailure(error, clients, query);
    }

    for (const event of page.events ?? []) {
      if (typeof event.timestamp !== 'number' || typeof event.message !== 'string') continue;
      sink(event.logStreamName ?? null, event.timestamp, event.message);
    }
    progress.pages++;
    progress.events += page.events?.length ?? 0;
    onPage(progress);

    nextToken = page.nextToken;
    // A token seen before would loop forever: stop rather than spin.
    if (nextToken && seenTokens.has(nextToken)) break;
    if (nextToken) seenTokens.add(nextToken);
  } while (nextToken);

  return progress;
}

function describeFailure(error: unknown, clients: AwsClients, query: LogEventsQuery) {
  const { region, endpointUrl } = clients.settings;

  return translateAwsError(error, {
    operation: 'FilterLogEvents',
    action: 'logs:FilterLogEvents',
    resource: `log group ${query.logGroup}`,
    region,
    endpointUrl,
    notFound: {
      message: `log group ${query.logGroup} not found${region ? ` in ${region}` : ''}`,
      hint: 'the function may not have run yet; if it logs to another group, pass `--log-group`',
    },
  });
}
