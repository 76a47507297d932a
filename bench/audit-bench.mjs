// Benchmark of `lcron audit --file` on a large log export.
//
//   npm run bench        (builds, then runs this script)
//
// It generates a deterministic export of 1,000,000 log events (200,000 runs)
// in the two shapes people feed to `lcron audit --file` — the JSON that
// `aws logs filter-log-events` prints, and JSON lines of the same events —
// then audits each shape three times with the built CLI in a child process,
// measuring wall time and peak RSS. Missed targets are reported, not fatal:
// the script exits 1 only when the audit's output is wrong.
//
// Only Node built-ins are used, so the benchmark measures lcron and nothing else.

import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { createWriteStream, existsSync } from 'node:fs';
import { mkdir, readFile, rename, stat, writeFile } from 'node:fs/promises';
import { dirname, join, relative } from 'node:path';
import { performance } from 'node:perf_hooks';
import { finished } from 'node:stream/promises';
import { fileURLToPath, pathToFileURL } from 'node:url';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
const DATA_DIR = join(ROOT, 'bench', '.data');
const META_PATH = join(DATA_DIR, 'meta.json');
const RSS_REPORTER = join(ROOT, 'bench', 'report-rss.mjs');

// Bump whenever the generated data changes, so stale files are regenerated.
const GENERATOR_VERSION = 1;

const SEED = 0x1c20_2612;
const RUNS = 200_000;
const EVENTS_PER_RUN = 5;
const STREAM_COUNT = 8;
// Runs are dealt to the streams in turn, one every SLOT_MS, so each stream
// starts a run about once a minute.
const SLOT_MS = 7_500;
const JITTER_MS = 1_500;
// A long run outlasts the next slot or several, and so overlaps runs in other
// streams: those overlaps are the violations the audit must find. Runs stay
// under 60 s - 2 * JITTER_MS, so a stream never overlaps itself (which lcron
// would flag as an anomaly of the input, not a violation).
const LONG_RUN_SHARE = 0.01;
const SHORT_RUN_MS = [300, 4_000];
const LONG_RUN_MS = [9_000, 30_000];
// The share of runs logged in Lambda's JSON log format instead of text.
const JSON_RUN_SHARE = 0.03;
const FIRST_START = Date.UTC(2026, 11, 1, 0, 0, 0);

const AUDIT_REPEATS = 3;
const TARGET_WALL_S = 2.5;
const TARGET_RSS_MB = 150;
const MB = 1024 * 1024; // All sizes below are in MB of 2^20 bytes.

const SHAPES = [
  { name: 'filter-log-events', file: 'events.json', args: [] },
  { name: 'jsonl', file: 'events.jsonl', args: [] },
  // The same runs checked against a per-minute schedule: about 25,000 fires for 200,000 runs.
  // No target is set for it: it is measured to be watched, not judged.
  {
    name: 'jsonl + --expected',
    file: 'events.jsonl',
    args: ['--expected', 'cron(* * * * ? *)'],
    judged: false,
  },
];

/** A failure of the audit's output (or of running it): makes the script exit 1. */
class BenchFailure extends Error {}

// ---------------------------------------------------------------------------
// Deterministic randomness

/** mulberry32: tiny, seedable and good enough for test data; Math.random is neither seedable nor repeatable. */
function createRandom(seed) {
  let state = seed >>> 0;
  const float = () => {
    state = (state + 0x6d2b79f5) | 0;
    let t = Math.imul(state ^ (state >>> 15), 1 | state);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };

  return {
    float,
    /** An integer in [min, max], both included. */
    int: (min, max) => min + Math.floor(float() * (max - min + 1)),
    chance: (probability) => float() < probability,
    hex: (digits) => {
      let text = '';
      while (text.length < digits)
        text += Math.floor(float() * 2 ** 32)
          .toString(16)
          .padStart(8, '0');
      return text.slice(0, digits);
    },
  };
}

/** A lower-case version 4 UUID, as Lambda's request IDs are. */
function uuid(random) {
  const hex = random.hex(32);
  const variant = '89ab'[random.int(0, 3)];

  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-${variant}${hex.slice(17, 20)}-${hex.slice(20)}`;
}

// ---------------------------------------------------------------------------
// The simulated function: runs and their log events

function streamNames(random) {
  return Array.from({ length: STREAM_COUNT }, () => `2026/12/01/[$LATEST]${random.hex(32)}`);
}

/** When and where run `index` happens; `end` is where lcron will place its end. */
function planRun(random, index, streams, coldStreams) {
  const streamIndex = index % STREAM_COUNT;
  // Offset by JITTER_MS so the first run does not start before FIRST_START.
  const start = FIRST_START + JITTER_MS + index * SLOT_MS + random.int(-JITTER_MS, JITTER_MS);
  const [min, max] = random.chance(LONG_RUN_SHARE) ? LONG_RUN_MS : SHORT_RUN_MS;
  const elapsedMs = random.int(min, max); // START to END, in whole ms like event timestamps
  // Lambda reports a duration a little under the time between START and END.
  const reportedMs = round2(elapsedMs - random.float());
  const json = random.chance(JSON_RUN_SHARE);
  // The first run in each environment is a cold start: its REPORT has an Init Duration.
  const cold = !coldStreams.has(streamIndex);
  coldStreams.add(streamIndex);

  return {
    requestId: uuid(random),
    logStream: streams[streamIndex],
    start,
    // Text runs end at their END line; JSON runs have none, so lcron ends them
    // at START plus the reported duration.
    end: json ? start + reportedMs : start + elapsedMs,
    elapsedMs,
    reportedMs,
    json,
    initMs: cold ? round2(random.int(150, 400) + random.float()) : null,
    accounts: random.int(800, 1_500),
    maxMemoryMb: random.int(80, 120),
  };
}

/** The run's five log events as [timestamp, message], in time order. */
function runEvents(run, random) {
  const begun = run.start + random.int(1, 5);
  const done = run.start + run.elapsedMs - random.int(1, 10);
  const end = run.start + run.elapsedMs;

  return run.json ? jsonFormatEvents(run, begun, done, end) : textFormatEvents(run, begun, done, end);
}

/** Lambda's default text log format; every message ends with a newline, as Lambda's do. */
function textFormatEvents(run, begun, done, end) {
  const id = run.requestId;
  const report = [
    `REPORT RequestId: ${id}`,
    `Duration: ${run.reportedMs.toFixed(2)} ms`,
    `Billed Duration: ${Math.ceil(run.reportedMs)} ms`,
    'Memory Size: 256 MB',
    `Max Memory Used: ${run.maxMemoryMb} MB`,
    ...(run.initMs === null ? [] : [`Init Duration: ${run.initMs.toFixed(2)} ms`]),
  ];

  return [
    [run.start, `START RequestId: ${id} Version: $LATEST\n`],
    [begun, `${iso(begun)}\t${id}\tINFO\tsyncing ${run.accounts} accounts\n`],
    [done, `${iso(done)}\t${id}\tINFO\tsynced ${run.accounts} accounts\n`],
    [end, `END RequestId: ${id}\n`],
    // Lambda ends a REPORT with a tab before the newline.
    [end, `${report.join('\t')}\t\n`],
  ];
}

/**
 * Lambda's JSON log format: each message is one JSON object and there is no
 * END line, so platform.runtimeDone takes its place to keep five events a run.
 * These messages get no trailing newline: the runtime writes one JSON object
 * per event and the object is the whole message.
 */
function jsonFormatEvents(run, begun, done, end) {
  const { requestId } = run;
  const appLine = (time, message) =>
    JSON.stringify({ timestamp: iso(time), level: 'INFO', requestId, message });
  const metrics = {
    durationMs: run.reportedMs,
    billedDurationMs: Math.ceil(run.reportedMs),
    memorySizeMB: 256,
    maxMemoryUsedMB: run.maxMemoryMb,
    ...(run.initMs === null ? {} : { initDurationMs: run.initMs }),
  };

  return [
    [
      run.start,
      JSON.stringify({
        time: iso(run.start),
        type: 'platform.start',
        record: { requestId, version: '$LATEST' },
      }),
    ],
    [begun, appLine(begun, `syncing ${run.accounts} accounts`)],
    [done, appLine(done, `synced ${run.accounts} accounts`)],
    [
      end,
      JSON.stringify({
        time: iso(end),
        type: 'platform.runtimeDone',
        record: {
          requestId,
          status: 'success',
          metrics: { durationMs: round2(run.reportedMs - 0.5), producedBytes: 0 },
        },
      }),
    ],
    [
      end,
      JSON.stringify({
        time: iso(end),
        type: 'platform.report',
        record: { requestId, metrics, status: 'success' },
      }),
    ],
  ];
}

/**
 * Yields every log event of the export in timestamp order across streams,
 * as filter-log-events returns them. Runs overlap, so their events interleave;
 * runs are planned in start order, so any event earlier than the next run's
 * START can no longer be overtaken and is released. Only a few runs' events
 * are held at a time. `spans` receives each run's [start, end].
 */
function* exportEvents(spans) {
  const random = createRandom(SEED);
  const streams = streamNames(random);
  const coldStreams = new Set();
  let pending = []; // [timestamp, message, logStream], kept in time order
  let eventNumber = 0;

  const toEvent = ([timestamp, message, logStreamName]) => ({
    logStreamName,
    timestamp,
    message,
    ingestionTime: timestamp + random.int(150, 900),
    // filter-log-events event IDs are 56 decimal digits.
    eventId: `37${String(eventNumber++).padStart(54, '0')}`,
  });

  for (let index = 0; index < RUNS; index++) {
    const run = planRun(random, index, streams, coldStreams);
    spans.push([run.start, run.end]);

    let released = 0;
    while (released < pending.length && pending[released][0] < run.start) released++;
    for (const event of pending.slice(0, released)) yield toEvent(event);
    pending = pending.slice(released);

    for (const [timestamp, message] of runEvents(run, random))
      pending.push([timestamp, message, run.logStream]);
    // A stable sort keeps the events of one instant in the order they were logged.
    pending.sort((a, b) => a[0] - b[0]);
  }
  for (const event of pending) yield toEvent(event);

  return streams;
}

function iso(ms) {
  return new Date(ms).toISOString();
}

function round2(value) {
  return Math.round(value * 100) / 100;
}

// ---------------------------------------------------------------------------
// What a correct audit must report, worked out from the runs themselves

/**
 * Sweeps the planned runs the way lcron defines a violation: a maximal
 * interval with more than one run in flight, where a run ending at the
 * instant another starts does not overlap it. Streams never overlap
 * themselves here, so runs in flight are environments in flight.
 */
function expectedFindings(spans) {
  const edges = [];
  for (const [start, end] of spans) edges.push([start, 1], [end, -1]);
  edges.sort((a, b) => a[0] - b[0] || a[1] - b[1]);

  let inFlight = 0;
  let peak = 0;
  let violations = 0;
  let open = false;
  for (let i = 0; i < edges.length;) {
    const time = edges[i][0];
    for (; i < edges.length && edges[i][0] === time; i++) inFlight += edges[i][1];
    peak = Math.max(peak, inFlight);
    if (inFlight > 1 && !open) violations++;
    open = inFlight > 1;
  }

  return { invocations: spans.length, violations, peakConcurrency: peak };
}

// ---------------------------------------------------------------------------
// Writing the two files

/** Collects text and writes it in large chunks, waiting when the disk falls behind. */
class ChunkedFileWriter {
  static CHUNK_CHARS = 4 * MB;

  constructor(path) {
    this.path = path;
    // Written under a temporary name, so an interrupted run never leaves a
    // truncated file that looks reusable.
    this.partPath = `${path}.part`;
    this.stream = createWriteStream(this.partPath);
    this.parts = [];
    this.chars = 0;
  }

  async write(text) {
    this.parts.push(text);
    this.chars += text.length;
    if (this.chars >= ChunkedFileWriter.CHUNK_CHARS) await this.flush();
  }

  async flush() {
    const chunk = this.parts.join('');
    this.parts = [];
    this.chars = 0;
    if (!this.stream.write(chunk)) await once(this.stream, 'drain');
  }

  async close() {
    await this.flush();
    this.stream.end();
    await finished(this.stream);
    await rename(this.partPath, this.path);
  }
}

/**
 * One event as `aws logs filter-log-events` prints it inside its events
 * array (Python's json.dumps with indent=4, which JSON.stringify matches).
 */
function prettyEvent(event) {
  return `        {
            "logStreamName": ${JSON.stringify(event.logStreamName)},
            "timestamp": ${event.timestamp},
            "message": ${JSON.stringify(event.message)},
            "ingestionTime": ${event.ingestionTime},
            "eventId": ${JSON.stringify(event.eventId)}
        }`;
}

/** The lines after the first of pretty-printed JSON, shifted right to nest it. */
function indentJson(json, spaces) {
  return json.replaceAll('\n', `\n${' '.repeat(spaces)}`);
}

/** Generates both files in one pass over the events; returns what the audit must find. */
async function generateData(paths) {
  const pretty = new ChunkedFileWriter(paths.json);
  const lines = new ChunkedFileWriter(paths.jsonl);
  const spans = [];

  const events = exportEvents(spans);
  await pretty.write('{\n    "events": [\n');
  let separator = '';
  let next = events.next();
  for (; !next.done; next = events.next()) {
    await pretty.write(separator + prettyEvent(next.value));
    await lines.write(`${JSON.stringify(next.value)}\n`);
    separator = ',\n';
  }
  const searched = next.value.map((logStreamName) => ({ logStreamName, searchedCompletely: true }));
  await pretty.write(
    `\n    ],\n    "searchedLogStreams": ${indentJson(JSON.stringify(searched, null, 4), 4)}\n}\n`,
  );

  await Promise.all([pretty.close(), lines.close()]);

  return expectedFindings(spans);
}

/**
 * Returns the data files, generating them unless files of this generator
 * version are already there: generating takes far longer than auditing.
 */
async function ensureData() {
  const paths = { json: join(DATA_DIR, 'events.json'), jsonl: join(DATA_DIR, 'events.jsonl') };
  const stamp = {
    generatorVersion: GENERATOR_VERSION,
    seed: SEED,
    runs: RUNS,
    events: RUNS * EVENTS_PER_RUN,
  };

  const previous = await readMeta();
  if (previous && sameStamp(previous.stamp, stamp) && (await filesMatch(paths, previous.bytes))) {
    return { paths, expected: previous.expected, generatedMs: null, previousMs: previous.generatedMs };
  }

  await mkdir(DATA_DIR, { recursive: true });
  console.log(
    `Generating ${stamp.events.toLocaleString('en-US')} events (${RUNS.toLocaleString('en-US')} runs) into ${relative(ROOT, DATA_DIR)}/ …`,
  );
  const began = performance.now();
  const expected = await generateData(paths);
  const generatedMs = performance.now() - began;

  const bytes = { json: (await stat(paths.json)).size, jsonl: (await stat(paths.jsonl)).size };
  await writeFile(META_PATH, `${JSON.stringify({ stamp, bytes, expected, generatedMs }, null, 2)}\n`);

  return { paths, expected, generatedMs, previousMs: null };
}

async function readMeta() {
  if (!existsSync(META_PATH)) return null;
  try {
    return JSON.parse(await readFile(META_PATH, 'utf8'));
  } catch {
    return null; // A damaged sidecar just means regenerating.
  }
}

function sameStamp(a, b) {
  return JSON.stringify(a) === JSON.stringify(b);
}

async function filesMatch(paths, bytes) {
  for (const key of Object.keys(paths)) {
    if (!existsSync(paths[key]) || (await stat(paths[key])).size !== bytes?.[key]) return false;
  }

  return true;
}

// ---------------------------------------------------------------------------
// Running and checking the audit

/** One `lcron audit` in a child process, so its time and memory are its own. */
async function runAudit(path, extraArgs) {
  const args = [
    '--import',
    pathToFileURL(RSS_REPORTER).href,
    'bin/lcron.js',
    'audit',
    '--file',
    relative(ROOT, path),
    ...extraArgs,
    '--json',
  ];
  const began = performance.now();
  const child = spawn(process.execPath, args, { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
  const stdout = [];
  const stderr = [];
  child.stdout.on('data', (chunk) => stdout.push(chunk));
  child.stderr.on('data', (chunk) => stderr.push(chunk));
  const [code, signal] = await once(child, 'close');
  const wallS = (performance.now() - began) / 1000;

  const errorText = Buffer.concat(stderr).toString('utf8');
  // One marker, from the main thread; the highest, should a preload in a worker print one too.
  const markers = [...errorText.matchAll(/^LCRON_BENCH_MAX_RSS_KB=(\d+)$/gm)].map((m) => Number(m[1]));
  const rss = markers.length > 0 ? [null, Math.max(...markers)] : null;

  return {
    code,
    signal,
    wallS,
    rssMb: rss ? Number(rss[1]) / 1024 : null,
    stdout: Buffer.concat(stdout).toString('utf8'),
    stderr: errorText.replace(/\n?LCRON_BENCH_MAX_RSS_KB=\d+\n?/g, '').trim(),
    command: `node ${args.join(' ')}`,
  };
}

/** Throws a BenchFailure unless the audit ran cleanly and found what the data holds. */
function checkAudit(result, expected) {
  const fail = (why) => {
    const stderr = result.stderr ? `\n  stderr: ${result.stderr.split('\n').join('\n          ')}` : '';
    throw new BenchFailure(`${why}\n  command: ${result.command}${stderr}`);
  };

  if (result.signal) fail(`the audit was killed by ${result.signal}`);
  // 1 means violations were found, which this data is built to have.
  if (result.code !== 0 && result.code !== 1) fail(`the audit exited ${result.code}, not 0 or 1`);

  let json;
  try {
    json = JSON.parse(result.stdout);
  } catch (error) {
    fail(
      `the audit's stdout is not JSON (${error.message}); it begins ${JSON.stringify(result.stdout.slice(0, 200))}`,
    );
  }
  const summary = json?.summary;
  for (const key of ['invocations', 'violations', 'peakConcurrency']) {
    if (summary?.[key] !== expected[key])
      fail(`summary.${key} is ${summary?.[key]}, expected ${expected[key]}`);
  }
  if (result.code !== (summary.violations > 0 ? 1 : 0)) {
    fail(`the audit exited ${result.code} but reported ${summary.violations} violations`);
  }
  if (result.rssMb === null) fail('the child printed no LCRON_BENCH_MAX_RSS_KB line');
  const check = json.schedule?.summary;
  // Every run the window holds is some fire's, or an extra run: none may be lost.
  if (check && check.onTime + check.late + check.duplicates !== summary.invocations) {
    fail(
      `the schedule check accounts for ${check.onTime + check.late + check.duplicates} runs, not ${summary.invocations}`,
    );
  }

  return summary;
}

/** Audits one file AUDIT_REPEATS times; the median wall time damps noise, the max RSS is the worst case. */
async function benchShape(shape, path, expected) {
  const walls = [];
  const rss = [];
  let summary = null;
  for (let i = 0; i < AUDIT_REPEATS; i++) {
    const result = await runAudit(path, shape.args);
    summary = checkAudit(result, expected);
    walls.push(result.wallS);
    rss.push(result.rssMb);
  }

  return {
    shape: shape.name,
    judged: shape.judged,
    sizeMb: (await stat(path)).size / MB,
    walls,
    medianWallS: median(walls),
    peakRssMb: Math.max(...rss),
    summary,
  };
}

function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);

  return sorted.length % 2 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}

// ---------------------------------------------------------------------------
// Report

function printTable(rows) {
  const verdict = (value, target, judged) => (judged === false ? '-' : value <= target ? 'PASS' : 'FAIL');
  const table = [
    [
      'shape',
      'file MB',
      'median wall s',
      'peak RSS MB',
      `wall ≤ ${TARGET_WALL_S} s`,
      `RSS ≤ ${TARGET_RSS_MB} MB`,
    ],
    ...rows.map((row) => [
      row.shape,
      row.sizeMb.toFixed(1),
      row.medianWallS.toFixed(2),
      row.peakRssMb.toFixed(1),
      verdict(row.medianWallS, TARGET_WALL_S, row.judged),
      verdict(row.peakRssMb, TARGET_RSS_MB, row.judged),
    ]),
  ];
  const widths = table[0].map((_, column) => Math.max(...table.map((cells) => cells[column].length)));
  const line = (cells) =>
    cells
      .map((cell, column) => (column === 0 ? cell.padEnd(widths[column]) : cell.padStart(widths[column])))
      .join('  ');

  console.log(line(table[0]));
  console.log(widths.map((width) => '-'.repeat(width)).join('  '));
  for (const cells of table.slice(1)) console.log(line(cells));
  console.log(`(MB = 2^20 bytes; wall is the median of ${AUDIT_REPEATS} runs, RSS the highest)`);
}

async function main() {
  if (!existsSync(join(ROOT, 'dist', 'cli', 'bin.js'))) {
    throw new BenchFailure('lcron is not built: run `npm run bench` (which builds first) or `npm run build`');
  }

  const data = await ensureData();
  if (data.generatedMs !== null) console.log(`Generated in ${(data.generatedMs / 1000).toFixed(1)} s`);
  else
    console.log(
      `Reusing ${relative(ROOT, DATA_DIR)}/ (generator v${GENERATOR_VERSION}; generating took ${((data.previousMs ?? NaN) / 1000).toFixed(1)} s)`,
    );
  console.log(
    `Expected: ${data.expected.invocations} invocations, ${data.expected.violations} violations, peak concurrency ${data.expected.peakConcurrency}\n`,
  );

  const rows = [];
  const failures = [];
  for (const shape of SHAPES) {
    const path = join(DATA_DIR, shape.file);
    try {
      rows.push(await benchShape(shape, path, data.expected));
    } catch (error) {
      if (!(error instanceof BenchFailure)) throw error;
      failures.push(`${shape.name}: ${error.message}`);
    }
  }

  if (rows.length > 0) {
    printTable(rows);
    console.log();
    for (const row of rows) {
      const walls = row.walls.map((wall) => wall.toFixed(2)).join(', ');
      console.log(
        `${row.shape}: ${row.summary.invocations} invocations, ${row.summary.violations} violations (walls ${walls} s)`,
      );
    }
  }
  if (failures.length > 0) {
    for (const failure of failures) console.error(`\nFAILED ${failure}`);
    process.exitCode = 1;
  }
}

try {
  await main();
} catch (error) {
  console.error(error instanceof BenchFailure ? `FAILED ${error.message}` : error);
  process.exitCode = 1;
}
