import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

import { describe, expect, it } from 'vitest';

import { requestPace } from '../../src/aws/request-pace.js';
import { scratchDir } from '../helpers/aws-cli.js';
import { run } from '../helpers/context.js';
import { filterLogEventsJson, textRun, type LogEvent } from '../helpers/log-lines.js';

const BASE = Date.parse('2026-12-01T12:00:00Z');
const iso = (ms: number) => new Date(ms).toISOString();
const id = (k: number) => `${String(k).padStart(8, '0')}-1111-4111-8111-111111111111`;

/** Runs of 80 s, the k-th starting at `startOf(k)`, each in its own stream so overlaps are real. */
function runs(count: number, startOf: (k: number) => number): LogEvent[] {
  return Array.from({ length: count }, (_, k) =>
    textRun(
      `2026/12/01/[$LATEST]${String(k).padStart(32, '0')}`,
      id(k),
      iso(startOf(k)),
      iso(startOf(k) + 80_000),
    ),
  ).flat();
}

function exportFile(events: LogEvent[]): string {
  const path = join(scratchDir(), 'export.json');
  writeFileSync(path, filterLogEventsJson(events));
  return path;
}

const everyMinute = ['--expected', 'cron(* * * * ? *)'];
const window = (minutes: number) => ['--since', iso(BASE), '--until', iso(BASE + minutes * 60_000)];

describe('audits that know the schedule', () => {
  it('finds every fire on time, and the overlaps, for a per-minute job of 80 s runs with no reservation', async () => {
    // A run starts half a second after each fire, 12:00 to 12:07; each lasts 80 s, so each overlaps the next.
    const file = exportFile(runs(8, (k) => BASE + k * 60_000 + 500));
    const result = await run(['audit', '--file', file, ...everyMinute, ...window(8), '--json']);

    const json = JSON.parse(result.stdout);
    expect(result.code).toBe(1);
    expect(json.summary.violations).toBeGreaterThan(0);
    // Fires 12:00 to 12:07, each with its run; 12:07's band reaches past the window, but its run came.
    expect(json.schedule.summary).toEqual({
      fires: 8,
      onTime: 8,
      late: 0,
      missed: 0,
      duplicates: 0,
      worstLateMs: null,
      medianLateMs: null,
    });
    expect(json.schedule.queued).toBeNull();
  });

  it('sees the queue with a reservation of 1: back-to-back runs, lateness rising, and points at --on-busy skip', async () => {
    // Run k starts when run k-1 ends: 12:00:00.5 + 80k s, so it is 0.5 + 20k s after fire k.
    // Fire k's band ends 70 s after it (its minute and 10 s for Lambda to start): runs 4..8 are late
    // by 10.5, 30.5, 50.5, 70.5 and 90.5 s.
    const file = exportFile(runs(9, (k) => BASE + k * 80_000 + 500));
    const result = await run(['audit', '--file', file, ...everyMinute, ...window(12), '--json']);

    const json = JSON.parse(result.stdout);
    expect(result.code).toBe(0);
    expect(json.summary.violations).toBe(0);
    // Fires 12:00..12:10 are due; 12:09 and 12:10 are still waiting behind the queue at 12:12.
    expect(json.schedule.summary).toEqual({
      fires: 11,
      onTime: 4,
      late: 5,
      missed: 2,
      duplicates: 0,
      worstLateMs: 90_500,
      medianLateMs: 50_500,
    });
    // The last queued run started 160.5 s after its fire.
    expect(json.schedule.queued).toEqual({
      runs: 5,
      firstFire: iso(BASE + 4 * 60_000),
      behindMs: 160_500,
      backlog: 2,
    });

    const text = await run(['audit', '--file', file, ...everyMinute, ...window(12), '--fail-on', 'late']);
    expect(text.code).toBe(1);
    expect(text.stdout).toContain('queued_runs\t5');

    const people = await run(['audit', '--file', file, ...everyMinute, ...window(12)], {
      stdoutIsTTY: true,
      columns: 100,
    });
    expect(people.stdout).toContain('! runs are being queued behind a busy copy: 5 runs in a row');
    expect(people.stdout).toContain('`lcron lock <function> --reserved --on-busy skip`');
    // The timeline's fire row: | on time, ! late, x missed.
    expect(people.stdout).toMatch(/fire \|.*!.*x/);

    const page = join(scratchDir(), 'audit.html');
    expect((await run(['audit', '--file', file, ...everyMinute, ...window(12), '--html', page])).code).toBe(
      0,
    );
    const html = readFileSync(page, 'utf8');
    expect(html).toContain('data-runs="9"');
    expect(html.match(/class="fire"/g)).toHaveLength(11);
  });

  it("counts a file's first run for the fire just before it, when no --since is given", async () => {
    // Ten 20 s runs, each 1 s after its minute: the window starts at the first run (12:00:01),
    // after its fire (12:00:00), which still counts, as its run is in the window.
    const file = exportFile(
      Array.from({ length: 10 }, (_, k) => {
        const start = BASE + k * 60_000 + 1_000;
        return textRun(`2026/12/01/[$LATEST]${k}`, id(k), iso(start), iso(start + 20_000));
      }).flat(),
    );
    const result = await run(['audit', '--file', file, ...everyMinute, '--json', '--fail-on', 'duplicate']);

    expect(JSON.parse(result.stdout).schedule.summary).toMatchObject({
      fires: 10,
      onTime: 10,
      duplicates: 0,
    });
    expect(result.code).toBe(0);
  });

  it('counts no backlog once a queue has drained and the function went idle', async () => {
    // Eight back-to-back runs from 12:00:00.5 (late from the fifth: 10.5, 30.5, 50.5, 70.5 s), then
    // nothing: the last ends at 12:10:40.5, and the fires to 12:28 are missed, not waiting.
    const file = exportFile(runs(8, (k) => BASE + k * 80_000 + 500));
    const json = JSON.parse(
      (await run(['audit', '--file', file, ...everyMinute, ...window(30), '--json'])).stdout,
    );

    expect(json.schedule.queued).toEqual({
      runs: 4,
      firstFire: iso(BASE + 4 * 60_000),
      behindMs: 140_500,
      backlog: 0,
    });
    expect(json.schedule.summary).toMatchObject({ fires: 29, onTime: 4, late: 4, missed: 21 });
  });

  it('sees every other fire missed and no lateness with the skip policy', async () => {
    // Runs start on 12:00, 12:02, 12:04 and 12:06 only: the fires between came while one was busy.
    const file = exportFile(runs(4, (k) => BASE + k * 120_000 + 500));
    const result = await run(['audit', '--file', file, ...everyMinute, ...window(8), '--json']);

    const summary = JSON.parse(result.stdout).schedule.summary;
    expect(summary).toMatchObject({ fires: 7, onTime: 4, late: 0, missed: 3 });
    expect(
      JSON.parse(result.stdout)
        .schedule.fires.filter((f: { status: string }) => f.status === 'missed')
        .map((f: { at: string }) => f.at),
    ).toEqual([iso(BASE + 60_000), iso(BASE + 180_000), iso(BASE + 300_000)]);

    const failing = await run([
      'audit',
      '--file',
      file,
      ...everyMinute,
      ...window(8),
      '--fail-on',
      'missed,duplicate',
    ]);
    expect(failing.code).toBe(1);
  });

  it('allows for a 15-minute flexible window, and --max-late fails a start later than asked', async () => {
    // Hourly at :00 with a 15-minute window: a run 12 minutes after 12:00 is on time; 13:17 is 2 min past 13:15 + 60 s + 10 s.
    const starts = [BASE + 12 * 60_000, BASE + 3_600_000 + 17 * 60_000];
    const file = exportFile(runs(2, (k) => starts[k]!));
    const args = [
      'audit',
      '--file',
      file,
      '--expected',
      'cron(0 * * * ? *)',
      '--expected-window',
      '15',
      ...window(120),
      '--json',
    ];
    const result = await run(args);

    const fires = JSON.parse(result.stdout).schedule.fires;
    expect(fires.map((f: { status: string }) => f.status)).toEqual(['on-time', 'late']);
    expect(fires[1].lateMs).toBe(17 * 60_000 - (15 * 60_000 + 60_000 + 10_000));
    expect(result.code).toBe(0);
    expect((await run([...args, '--max-late', '20m'])).code).toBe(0);
    expect((await run([...args, '--max-late', '15m'])).code).toBe(1);
  });

  it('reads --expected in --tz across the spring clock change', async () => {
    // 02:30 daily in Berlin: 28 March 2026 at 01:30 UTC (CET), none on the 29th (02:00 jumps to 03:00),
    // 30 March at 00:30 UTC (CEST). The test clock is 3 December 2026, so the window is past.
    const starts = [Date.parse('2026-03-28T01:30:01Z'), Date.parse('2026-03-30T00:30:01Z')];
    const file = exportFile(runs(2, (k) => starts[k]!));
    const result = await run([
      'audit',
      '--file',
      file,
      '--expected',
      '30 2 * * *',
      '--tz',
      'Europe/Berlin',
      '--since',
      '2026-03-28T00:00:00Z',
      '--until',
      '2026-03-31T01:00:00Z',
      '--json',
    ]);

    expect(JSON.parse(result.stdout).schedule.summary).toMatchObject({ fires: 3, onTime: 2, missed: 1 });
    // The third fire, 31 March 00:30 UTC, had no run in the export.
    expect(JSON.parse(result.stdout).schedule.fires.map((f: { at: string }) => f.at)).toEqual([
      '2026-03-28T01:30:00.000Z',
      '2026-03-30T00:30:00.000Z',
      '2026-03-31T00:30:00.000Z',
    ]);
  });

  it('refuses bad schedule flags before reading anything', async () => {
    for (const [args, words] of [
      [['--tz', 'Europe/Berlin'], '`--tz` describes the schedule of `--expected`'],
      [['--expected', 'rate(1 minutes)'], 'use `minute`'],
      [['--expected', '5m', '--expected-window', 'x'], '`--expected-window x`'],
      [['--fail-on', 'late,slow'], 'names no finding "slow"'],
      [['--max-late', 'soon'], '`--max-late soon` is not a duration'],
      [['--html', ''], '`--html` needs a file'],
      [['--fail-on', 'missed'], '`--fail-on` checks fires, and a file audit knows none without `--expected`'],
      [['--max-late', '5m'], '`--max-late` checks fires'],
    ] as const) {
      const result = await run(['audit', '--file', 'missing.json', ...args]);
      expect(result.code, args.join(' ')).toBe(252);
      expect(result.stderr, args.join(' ')).toContain(words);
    }
  });
});

describe('the request pace shared by several audits', () => {
  it('starts no more than five requests in any second, however many callers wait', async () => {
    let now = 0;
    const starts: number[] = [];
    const pace = requestPace(5, { now: () => now, sleep: async (ms) => void (now += ms) });
    // Twelve callers at once, on a clock that moves only when one sleeps.
    for (let i = 0; i < 12; i++) {
      await pace();
      starts.push(now);
    }

    expect(starts).toEqual([0, 200, 400, 600, 800, 1000, 1200, 1400, 1600, 1800, 2000, 2200]);
  });
});
