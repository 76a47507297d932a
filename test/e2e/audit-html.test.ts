import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import type { AuditReport } from '../../src/core/audit-report.js';
import { matchFires, type ExpectedFire } from '../../src/core/punctuality.js';
import { renderAuditHtml } from '../../src/render/audit-html.js';
import { auditEvents } from '../helpers/audit-events.js';
import { dumpDom, requireChromium, screenshot, skipBrowser } from '../helpers/chromium.js';
import { ID, STREAM, t, textRun, type LogEvent } from '../helpers/log-lines.js';

const WINDOW = { start: t('2026-12-01T12:00:00.000Z'), end: t('2026-12-01T12:20:00.000Z') };
// Names from the data that would be markup if the page did not escape them.
const HOSTILE_NAME = 'nightly</title><script>document.title="owned"</script>';
const HOSTILE_STREAM = '2026/12/01/[$LATEST]<img src="x" onerror="alert(1)">';

/**
 * Four runs against a schedule firing every 5 minutes: B and C overlap (two lanes, one
 * violation, C an extra run as B already took the 12:05 fire), D starts after the 12:10
 * fire's band (late) and nothing comes for 12:15 (missed).
 */
function scheduledReport(): AuditReport {
  const events: LogEvent[] = [
    ...textRun(STREAM.one, ID.a, '2026-12-01T12:00:05.000Z', '2026-12-01T12:00:40.000Z'),
    ...textRun(STREAM.one, ID.b, '2026-12-01T12:05:20.000Z', '2026-12-01T12:06:30.000Z'),
    ...textRun(HOSTILE_STREAM, ID.c, '2026-12-01T12:05:50.000Z', '2026-12-01T12:06:00.000Z', 'Status: error'),
    ...textRun(STREAM.one, ID.d, '2026-12-01T12:12:30.000Z', '2026-12-01T12:13:00.000Z'),
  ];
  const result = auditEvents(events, { window: WINDOW, maxConcurrency: 1 });
  const fires: ExpectedFire[] = ['12:00', '12:05', '12:10', '12:15'].map((hhmm) => ({
    at: t(`2026-12-01T${hhmm}:00.000Z`),
    schedule: 'default/every-5',
    windowMinutes: 0,
  }));
  const runs = result.invocations.map(({ requestId, start, end }) => ({ requestId, start, end }));
  const punctuality = matchFires(fires, runs, { window: WINDOW });

  return {
    functionName: HOSTILE_NAME,
    source: { kind: 'file', path: 'logs.json', format: 'filter-log-events' },
    result,
    schedule: {
      schedules: [
        { id: 'default/every-5', expression: 'rate(5 minutes)', timezone: 'UTC', windowMinutes: 0 },
      ],
      punctuality,
    },
  };
}

type Attributes = Record<string, string>;

/** The attributes of every element whose class list holds `name`, from serialised HTML. */
function elementsWithClass(html: string, name: string): Attributes[] {
  const found: Attributes[] = [];
  for (const [, attributes] of html.matchAll(/<[a-z]+\s([^>]*)>/g)) {
    const parsed = Object.fromEntries(
      [...attributes!.matchAll(/([\w-]+)="([^"]*)"/g)].map(([, key, value]) => [key!, value!]),
    );
    if (parsed.class?.split(' ').includes(name)) found.push(parsed);
  }

  return found;
}

function countBy(elements: Attributes[], key: string): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const element of elements) counts[element[key]!] = (counts[element[key]!] ?? 0) + 1;

  return counts;
}

function runTitles(html: string): Map<string, string> {
  const titles = new Map<string, string>();
  for (const [, id, title] of html.matchAll(
    /<g class="run[^"]*"[^>]*data-request-id="([^"]+)"[^>]*><title>([^<]*)<\/title>/g,
  )) {
    titles.set(id!, title!);
  }

  return titles;
}

describe.skipIf(skipBrowser)('the HTML audit page in headless Chromium', () => {
  let dir: string;
  let html: string;
  let dom: string;
  let png: string;

  beforeAll(async () => {
    requireChromium();
    dir = mkdtempSync(join(tmpdir(), 'lcron-audit-html-'));
    const page = join(dir, 'audit.html');
    png = join(dir, 'audit.png');
    html = renderAuditHtml(scheduledReport());
    writeFileSync(page, html);

    [dom] = await Promise.all([dumpDom(page), screenshot(page, png)]);
  });

  afterAll(() => {
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('draws a bar per run, in as many lanes as runs were at once', () => {
    const runs = elementsWithClass(dom, 'run');

    expect(runs).toHaveLength(4);
    expect(new Set(runs.map((run) => run['data-lane'])).size).toBe(2);
    expect(countBy(runs, 'data-status')).toEqual({ success: 3, error: 1 });
    expect(dom).toMatch(/<html [^>]*data-runs="4" data-lanes="2" data-violations="1"/);
  });

  it('marks the one stretch with more runs than allowed as a violation band', () => {
    expect(elementsWithClass(dom, 'violation')).toHaveLength(1);
  });

  it('draws each expected fire as a tick with its status', () => {
    const fires = elementsWithClass(dom, 'fire');

    expect(countBy(fires, 'data-status')).toEqual({ 'on-time': 2, late: 1, missed: 1 });
  });

  it('marks the late start and the extra run on their bars', () => {
    const runs = elementsWithClass(dom, 'run');

    expect(runs.filter((run) => run['data-late'] === 'true').map((run) => run['data-request-id'])).toEqual([
      ID.d,
    ]);
    expect(runs.filter((run) => run['data-extra'] === 'true').map((run) => run['data-request-id'])).toEqual([
      ID.c,
    ]);
    expect(elementsWithClass(dom, 'late-link')).toHaveLength(1);
  });

  it("names each run's request ID, times, duration and status in its hover title", () => {
    const titles = runTitles(dom);

    expect([...titles.keys()].sort()).toEqual([ID.a, ID.b, ID.c, ID.d]);
    expect(titles.get(ID.b)).toContain(`request ${ID.b}`);
    expect(titles.get(ID.b)).toContain('start 2026-12-01 12:05:20 UTC');
    expect(titles.get(ID.b)).toContain('end 2026-12-01 12:06:30 UTC');
    expect(titles.get(ID.b)).toContain('duration 1m 10s');
    expect(titles.get(ID.c)).toContain('status error');
  });

  it('keeps names from the data as text, never as markup', () => {
    expect(dom).not.toMatch(/<script/i);
    expect(dom).not.toMatch(/<img/i);
    expect(dom).toContain('nightly&lt;/title&gt;&lt;script&gt;');
    expect(dom).toContain('[$LATEST]&lt;img src="x" onerror="alert(1)"&gt;');
    expect(dom).toMatch(/<title>lcron audit · nightly&lt;\/title&gt;/);
  });

  it('shows the window and the summary numbers in the header', () => {
    const text = dom.replace(/<[^>]+>/g, ' ').replace(/\s+/g, ' ');

    expect(text).toContain('window 2026-12-01 12:00:00 → 2026-12-01 12:20:00 UTC');
    expect(text).toContain('fires 4 on time 2 late 1 missed 1 duplicates 1 worst late 1m 20s');
  });

  it("names each fire's time, schedule and status in its hover title", () => {
    const late = dom.match(/<g class="fire" data-status="late"><title>([^<]*)<\/title>/)?.[1];

    expect(late).toContain('fire 2026-12-01 12:10:00 UTC');
    expect(late).toContain('schedule default/every-5');
    expect(late).toContain('status late');
    expect(late).toContain(`run ${ID.d}`);
  });

  it('refers to nothing on the network', () => {
    expect(html).not.toMatch(/https?:\/\//);
    expect(dom).not.toMatch(/https?:\/\//);
  });

  it('renders to a screenshot', () => {
    const bytes = readFileSync(png);

    expect(bytes.subarray(1, 4).toString()).toBe('PNG');
    expect(statSync(png).size).toBeGreaterThan(8_000);
  });
});

describe('the HTML audit page without a browser', () => {
  const source = { kind: 'file', path: 'logs.txt', format: 'console' } as const;

  it('says there were no runs when the input had none', () => {
    const result = auditEvents([]);
    const html = renderAuditHtml({ functionName: 'nightly', source, result, schedule: null });

    expect(html).toContain('No runs found in the input');
    expect(html).toMatch(/<html [^>]*data-runs="0" data-lanes="0" data-violations="0"/);
    expect(elementsWithClass(html, 'run')).toHaveLength(0);
  });

  it('says there were no runs in a window that held none', () => {
    const result = auditEvents([], { window: WINDOW });
    const html = renderAuditHtml({ functionName: null, source, result, schedule: null });

    expect(html).toContain('No runs found between 2026-12-01 12:00:00 and 2026-12-01 12:20:00 UTC');
    expect(html).toMatch(/data-runs="0"/);
  });

  it('says in plain words when runs are queued behind a busy copy', () => {
    const report = scheduledReport();
    const queued = { runs: 3, firstFire: t('2026-12-01T12:05:00.000Z'), behindMs: 240_000, backlog: 2 };
    const html = renderAuditHtml({
      ...report,
      schedule: { ...report.schedule!, punctuality: { ...report.schedule!.punctuality, queued } },
    });

    expect(html).toContain(
      'runs are being queued behind a busy copy: 3 late runs in a row from the fire at 2026-12-01 12:05:00 UTC, 4m 0s behind the schedule by the last, 2 fires still waiting at the end.',
    );
  });

  it('draws at most 5,000 runs and says how many it left out', () => {
    const events: LogEvent[] = [];
    const base = t('2026-12-01T00:00:00.000Z');
    for (let i = 0; i < 6_000; i++) {
      const id = `00000000-0000-4000-8000-${i.toString(16).padStart(12, '0')}`;
      const start = new Date(base + i * 20_000).toISOString();
      const end = new Date(base + i * 20_000 + 5_000).toISOString();
      events.push(...textRun(STREAM.one, id, start, end));
    }
    const result = auditEvents(events);
    const html = renderAuditHtml({ functionName: 'busy', source, result, schedule: null });

    expect(elementsWithClass(html, 'run')).toHaveLength(5_000);
    expect(html).toMatch(/<html [^>]*data-runs="6000" data-lanes="1"/);
    expect(html).toContain('1,000 runs not drawn');
    expect(html.length).toBeLessThan(4_000_000);
  });
});
