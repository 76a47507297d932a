import type { AuditReport, AuditSource, ScheduleCheck } from '../core/audit-report.js';
import type { DatedInvocation, Violation } from '../core/concurrency.js';
import type { InvocationStatus } from '../core/invocation.js';
import { assignLanes } from '../core/lanes.js';
import type { FireMatch, FireStatus, Punctuality, RunStart } from '../core/punctuality.js';
import type { TimeWindow } from '../core/time-window.js';
import { formatCount, formatDuration, localTime, plural } from './format.js';

// Past these the page would grow to many megabytes and draw more marks than there are pixels.
const MAX_RUNS = 5_000;
const MAX_LANES = 60;
const MAX_MARKS = 5_000;
// Request IDs listed in a violation's hover text; a pile-up of hundreds would make it unreadable anyway.
const TITLE_IDS = 10;

const CHART_WIDTH = 1200;
const LABEL_WIDTH = 72;
const PLOT_WIDTH = CHART_WIDTH - LABEL_WIDTH - 16;
const LANE_HEIGHT = 22;
const BAR_HEIGHT = 14;
const FIRE_ROW_HEIGHT = 30;
const AXIS_HEIGHT = 34;
const MIN_BAR_WIDTH = 1.5;
const MIN_BAND_WIDTH = 3;

const STATUS_COLOURS: Record<InvocationStatus, string> = {
  success: '#2f9e5b',
  error: '#e8590c',
  timeout: '#7c4dcc',
  unfinished: '#9aa1a9',
  'in-progress': '#2f7de1',
};

const FIRE_COLOURS: Record<FireStatus, string> = {
  'on-time': '#2f9e5b',
  late: '#e0a100',
  missed: '#d62828',
};

const AXIS_STEPS_MS = [
  1, 2, 5, 10, 15, 30, 60, 120, 300, 600, 900, 1_800, 3_600, 7_200, 10_800, 21_600, 43_200, 86_400, 172_800,
  604_800, 1_209_600, 2_592_000, 7_776_000, 31_536_000,
].map((seconds) => seconds * 1_000);

/** Where things go on the chart: time to x, lane to y. */
interface Layout {
  window: TimeWindow;
  /** The fire row's height; 0 without a schedule. */
  fireRow: number;
  lanes: number;
  height: number;
  x(time: number): number;
  laneY(lane: number): number;
}

/** A run as drawn: clipped to the window, with its lane and what the schedule made of it. */
interface DrawnRun {
  run: DatedInvocation;
  start: number;
  end: number;
  lane: number;
  late: FireMatch | null;
  extra: boolean;
}

interface RunSelection {
  drawn: DrawnRun[];
  laneCount: number;
  total: number;
  /** Runs in lanes past MAX_LANES. */
  hiddenByLane: number;
  /** Runs past MAX_RUNS, the latest ones. */
  hiddenByCount: number;
}

/**
 * The audit as one self-contained HTML page for a CI artifact: runs as bars in lanes,
 * violations as bands, the schedule's fires as ticks, details on hover. Needs no network:
 * styles and drawing are inline, hover text is SVG `<title>`, there is no script.
 */
export function renderAuditHtml(report: AuditReport): string {
  const { result } = report;
  const invocations = result.window ? result.invocations : [];
  const selection = selectRuns(invocations, result.window, report.schedule?.punctuality ?? null);

  const header = renderHeader(report);
  const body = result.window ? renderBody(report, result.window, selection) : renderNoWindow();
  const root = {
    runs: selection.total,
    lanes: selection.laneCount,
    violations: result.violations.length,
    drawnRuns: selection.drawn.length,
  };

  return page(report, root, `${header}\n${body}`);
}

function renderNoWindow(): string {
  return '<p class="empty">No runs found in the input: nothing to draw, nothing to check, no violations.</p>';
}

function renderBody(report: AuditReport, window: TimeWindow, selection: RunSelection): string {
  const parts: string[] = [];
  if (selection.total === 0) {
    parts.push(
      `<p class="empty">No runs found between ${escapeHtml(utc(window.start))} and ${escapeHtml(utc(window.end))} UTC: no violations.</p>`,
    );
  }
  const notes = capNotes(selection, report);
  if (notes.length > 0)
    parts.push(`<ul class="notes">${notes.map((note) => `<li>${note}</li>`).join('')}</ul>`);
  if (selection.total > 0 || (report.schedule?.punctuality.fires.length ?? 0) > 0) {
    parts.push(renderChart(report, window, selection), renderLegend(report.schedule !== null));
  }

  return parts.join('\n');
}

/** Clips the runs to the window, gives each its lane and keeps what fits on the page. */
function selectRuns(
  invocations: DatedInvocation[],
  window: TimeWindow | null,
  punctuality: Punctuality | null,
): RunSelection {
  const clip = window ?? { start: -Infinity, end: Infinity };
  const spans = invocations.map((run) => ({
    start: Math.max(run.start, clip.start),
    end: Math.min(run.end, clip.end),
  }));
  const laneOf = assignLanes(spans);
  // A loop, not Math.max(...lanes): spreading a few hundred thousand arguments overflows the stack.
  const laneCount = laneOf.reduce((most, lane) => Math.max(most, lane + 1), 0);
  const lateByRun = new Map<string, FireMatch>();
  for (const fire of punctuality?.fires ?? []) {
    if (fire.status === 'late') lateByRun.set(runKey(fire.requestId!, fire.at + fire.delayMs!), fire);
  }
  const extras = new Set((punctuality?.extraRuns ?? []).map((run) => runKey(run.requestId, run.start)));

  const drawn: DrawnRun[] = [];
  let hiddenByLane = 0;
  let hiddenByCount = 0;
  invocations.forEach((run, i) => {
    const lane = laneOf[i]!;
    if (lane >= MAX_LANES) hiddenByLane++;
    else if (drawn.length >= MAX_RUNS) hiddenByCount++;
    else {
      const key = runKey(run.requestId, run.start);
      const late = lateByRun.get(key) ?? null;
      drawn.push({ run, ...spans[i]!, lane, late, extra: extras.has(key) });
    }
  });

  return { drawn, laneCount, total: invocations.length, hiddenByLane, hiddenByCount };
}

/** A request ID can repeat (an asynchronous retry): its start tells the runs apart. */
function runKey(requestId: string, start: number): string {
  return `${requestId}@${start}`;
}

/** What is left off the page, said in words: the page must not look complete when it is not. */
function capNotes(selection: RunSelection, report: AuditReport): string[] {
  const notes: string[] = [];
  if (selection.hiddenByCount > 0) {
    const last = selection.drawn.at(-1)?.run.start;
    const after = last === undefined ? '' : ` (those starting after ${escapeHtml(utc(last))} UTC)`;
    notes.push(
      `${plural(selection.hiddenByCount, 'run')} not drawn${after}: the page draws the first ${formatCount(MAX_RUNS)}. See <code>--json</code> for all.`,
    );
  }
  if (selection.hiddenByLane > 0) {
    notes.push(
      `${plural(selection.hiddenByLane, 'run')} in lanes past ${MAX_LANES} not drawn (${selection.laneCount} lanes in all).`,
    );
  }
  const violations = report.result.violations.length;
  if (violations > MAX_MARKS) {
    notes.push(`${formatCount(violations - MAX_MARKS)} of ${formatCount(violations)} violations not drawn.`);
  }
  const fires = report.schedule?.punctuality.fires.length ?? 0;
  if (fires > MAX_MARKS) {
    notes.push(`${formatCount(fires - MAX_MARKS)} of ${formatCount(fires)} fires not drawn.`);
  }

  return notes;
}

function makeLayout(window: TimeWindow, lanes: number, withFires: boolean): Layout {
  const fireRow = withFires ? FIRE_ROW_HEIGHT : 0;
  const shownLanes = Math.max(1, Math.min(lanes, MAX_LANES));
  const span = Math.max(1, window.end - window.start);
  const top = AXIS_HEIGHT + fireRow;

  return {
    window,
    fireRow,
    lanes: shownLanes,
    height: top + shownLanes * LANE_HEIGHT + 8,
    x: (time) => LABEL_WIDTH + ((time - window.start) / span) * PLOT_WIDTH,
    laneY: (lane) => top + lane * LANE_HEIGHT,
  };
}

function renderChart(report: AuditReport, window: TimeWindow, selection: RunSelection): string {
  const punctuality = report.schedule?.punctuality ?? null;
  const layout = makeLayout(window, selection.laneCount, punctuality !== null);
  const laneTop = layout.laneY(0);
  const laneBottom = layout.laneY(layout.lanes);

  const parts = [
    renderAxis(layout, laneBottom),
    renderLaneLabels(layout),
    ...report.result.violations
      .slice(0, MAX_MARKS)
      .map((v) => renderViolation(v, layout, laneTop, laneBottom)),
    ...selection.drawn.map((run) => renderRun(run, layout)),
  ];
  if (punctuality) parts.push(renderFireRow(punctuality, selection, layout));

  return [
    `<div class="chart"><svg viewBox="0 0 ${CHART_WIDTH} ${layout.height}" width="${CHART_WIDTH}" height="${layout.height}" role="img" aria-label="Runs across the audit window">`,
    ...parts,
    '</svg></div>',
  ].join('\n');
}

function renderLaneLabels(layout: Layout): string {
  const labels: string[] = [];
  for (let lane = 0; lane < layout.lanes; lane++) {
    const y = layout.laneY(lane);
    const stripe = lane % 2 === 0 ? 'lane-even' : 'lane-odd';
    labels.push(
      `<rect class="${stripe}" x="${LABEL_WIDTH}" y="${y}" width="${PLOT_WIDTH}" height="${LANE_HEIGHT}"/>`,
      `<text class="label" x="${LABEL_WIDTH - 8}" y="${y + LANE_HEIGHT / 2 + 4}" text-anchor="end">lane ${lane + 1}</text>`,
    );
  }
  if (layout.fireRow > 0) {
    const y = layout.laneY(0) - layout.fireRow / 2 + 4;
    labels.push(`<text class="label" x="${LABEL_WIDTH - 8}" y="${y}" text-anchor="end">fires</text>`);
  }

  return labels.join('\n');
}

function renderViolation(violation: Violation, layout: Layout, top: number, bottom: number): string {
  const x = layout.x(violation.start);
  const width = Math.max(MIN_BAND_WIDTH, layout.x(violation.end) - x);
  const lines = [
    `${violation.concurrency} runs at once from ${utc(violation.start)} UTC for ${formatDuration(violation.durationMs)}`,
  ];
  if (violation.likelyLockRejection) lines.push('likely a lock turning runs away');
  lines.push(...violation.requestIds.slice(0, TITLE_IDS));
  if (violation.requestIds.length > TITLE_IDS)
    lines.push(`… ${violation.requestIds.length - TITLE_IDS} more`);
  const title = lines.join('\n');

  return (
    `<g class="violation" data-concurrency="${violation.concurrency}"><title>${escapeHtml(title)}</title>` +
    `<rect x="${px(x)}" y="${top}" width="${px(width)}" height="${bottom - top}"/></g>`
  );
}

function renderRun(drawn: DrawnRun, layout: Layout): string {
  const { run, lane, late, extra } = drawn;
  const x = layout.x(drawn.start);
  const width = Math.max(MIN_BAR_WIDTH, layout.x(drawn.end) - x);
  const y = layout.laneY(lane) + (LANE_HEIGHT - BAR_HEIGHT) / 2;
  const marks = [late ? 'late' : '', extra ? 'extra' : ''].filter(Boolean).join(' ');
  const attributes = [
    `class="run${marks ? ` ${marks}` : ''}"`,
    `data-lane="${lane}"`,
    `data-request-id="${escapeHtml(run.requestId)}"`,
    `data-status="${escapeHtml(run.status)}"`,
    late ? 'data-late="true"' : '',
    extra ? 'data-extra="true"' : '',
  ].filter(Boolean);

  return (
    `<g ${attributes.join(' ')}><title>${escapeHtml(runTitle(drawn))}</title>` +
    `<rect x="${px(x)}" y="${y}" width="${px(width)}" height="${BAR_HEIGHT}" rx="2" fill="${STATUS_COLOURS[run.status]}"/></g>`
  );
}

function runTitle({ run, late, extra }: DrawnRun): string {
  const lines = [
    `request ${run.requestId}`,
    `start ${utc(run.start)} UTC`,
    `end ${utc(run.end)} UTC${run.status === 'unfinished' ? ' (the latest it can have run to)' : ''}`,
    `duration ${formatDuration(run.end - run.start)}`,
    `status ${run.status}${run.errorType ? ` (${run.errorType})` : ''}`,
  ];
  if (run.logStream) lines.push(`log stream ${run.logStream}`);
  if (run.startedBeforeWindow) lines.push('began before what was read');
  if (late) lines.push(`late for the fire at ${utc(late.at)} UTC by ${formatDuration(late.lateMs!)}`);
  if (extra) lines.push('extra run: matched to no fire (a duplicate delivery or a manual invocation)');

  return lines.join('\n');
}

function renderFireRow(punctuality: Punctuality, selection: RunSelection, layout: Layout): string {
  const rowTop = layout.laneY(0) - layout.fireRow;
  const parts = [
    `<rect class="fire-row" x="${LABEL_WIDTH}" y="${rowTop}" width="${PLOT_WIDTH}" height="${layout.fireRow}"/>`,
  ];
  for (const drawn of selection.drawn) {
    if (drawn.late) parts.push(renderLateLink(drawn, layout, rowTop));
  }
  for (const fire of punctuality.fires.slice(0, MAX_MARKS)) parts.push(renderFire(fire, layout, rowTop));
  for (const run of punctuality.extraRuns.slice(0, MAX_MARKS))
    parts.push(renderExtraMark(run, layout, rowTop));

  return parts.join('\n');
}

/** A dashed line from a late fire's tick down to where its run began. */
function renderLateLink(drawn: DrawnRun, layout: Layout, rowTop: number): string {
  const from = layout.x(drawn.late!.at);
  const to = layout.x(drawn.run.start);
  const y = layout.laneY(drawn.lane) + LANE_HEIGHT / 2;

  return `<path class="late-link" d="M${px(from)} ${rowTop + layout.fireRow - 6} L${px(to)} ${y}"/>`;
}

function renderFire(fire: FireMatch, layout: Layout, rowTop: number): string {
  const x = layout.x(fire.at);
  const lines = [`fire ${utc(fire.at)} UTC`, `schedule ${fire.schedule}`, `status ${fire.status}`];
  if (fire.requestId) lines.push(`run ${fire.requestId}, started ${delayText(fire.delayMs!)}`);
  if (fire.status === 'late') lines.push(`late by ${formatDuration(fire.lateMs!)}`);

  return (
    `<g class="fire" data-status="${fire.status}"><title>${escapeHtml(lines.join('\n'))}</title>` +
    `<rect x="${px(x - 1.5)}" y="${rowTop + 6}" width="3" height="${layout.fireRow - 12}" fill="${FIRE_COLOURS[fire.status]}"/></g>`
  );
}

/** Runs may start a little before their fire: log and Scheduler clocks disagree by a second or two. */
function delayText(delayMs: number): string {
  return delayMs < 0 ? `${formatDuration(-delayMs)} before it` : `${formatDuration(delayMs)} after it`;
}

function renderExtraMark(run: RunStart, layout: Layout, rowTop: number): string {
  const x = layout.x(run.start);
  const y = rowTop + layout.fireRow / 2;
  const title = `extra run ${run.requestId} at ${utc(run.start)} UTC: matched to no fire`;

  return (
    `<g class="extra-run"><title>${escapeHtml(title)}</title>` +
    `<path d="M${px(x)} ${y - 5} L${px(x + 5)} ${y} L${px(x)} ${y + 5} L${px(x - 5)} ${y} Z"/></g>`
  );
}

/** Gridlines at a round step, labelled in UTC; the date only where it changes. */
function renderAxis(layout: Layout, bottom: number): string {
  const { start, end } = layout.window;
  const span = Math.max(1, end - start);
  const step = AXIS_STEPS_MS.find((ms) => span / ms <= 8) ?? AXIS_STEPS_MS.at(-1)!;
  const parts = [`<text class="label" x="${LABEL_WIDTH - 8}" y="14" text-anchor="end">UTC</text>`];
  let lastDay = '';
  for (let time = Math.ceil(start / step) * step; time <= end; time += step) {
    const x = layout.x(time);
    const [day, clock] = utc(time).split(' ') as [string, string];
    const label = tickLabel(day, clock, step, day !== lastDay);
    lastDay = day;
    parts.push(
      `<line class="grid" x1="${px(x)}" y1="20" x2="${px(x)}" y2="${bottom}"/>`,
      `<text class="tick" x="${px(x)}" y="14" text-anchor="${tickAnchor(x)}">${label}</text>`,
    );
  }

  return parts.join('\n');
}

function tickLabel(day: string, clock: string, step: number, newDay: boolean): string {
  if (step >= 86_400_000) return day;
  const shown = step < 60_000 ? clock : clock.slice(0, 5);

  return newDay ? `${day} ${shown}` : shown;
}

/** Labels at the chart's edges lean inwards, so none is cut off or runs into the lane labels. */
function tickAnchor(x: number): string {
  if (x - LABEL_WIDTH < 60) return 'start';
  if (LABEL_WIDTH + PLOT_WIDTH - x < 60) return 'end';

  return 'middle';
}

function renderLegend(withSchedule: boolean): string {
  const swatch = (colour: string, label: string) =>
    `<span class="key"><span class="swatch" style="background:${colour}"></span>${label}</span>`;
  const items = (Object.entries(STATUS_COLOURS) as [InvocationStatus, string][]).map(([status, colour]) =>
    swatch(colour, status),
  );
  items.push('<span class="key"><span class="swatch band"></span>more runs at once than allowed</span>');
  if (withSchedule) {
    items.push(
      ...(Object.entries(FIRE_COLOURS) as [FireStatus, string][]).map(([status, colour]) =>
        swatch(colour, `fire ${status}`),
      ),
      '<span class="key"><span class="swatch late-key"></span>late start (dashed from its fire)</span>',
      '<span class="key"><span class="swatch extra-key"></span>extra run (no fire)</span>',
    );
  }

  return `<div class="legend">${items.join('')}</div>`;
}

function renderHeader(report: AuditReport): string {
  const { result } = report;
  const name = report.functionName ? ` · ${escapeHtml(report.functionName)}` : '';
  const lines = [
    `<header><h1>lcron audit${name}</h1>`,
    `<p class="meta">${escapeHtml(describeSource(report.source))}</p>`,
  ];
  if (result.window) {
    const { start, end } = result.window;
    lines.push(
      `<p class="meta">window ${escapeHtml(utc(start))} → ${escapeHtml(utc(end))} UTC (${formatDuration(end - start)})</p>`,
    );
  }
  lines.push(renderStats(report));
  if (report.schedule) lines.push(...renderScheduleLines(report.schedule));
  lines.push('</header>');

  return lines.join('\n');
}

function renderStats(report: AuditReport): string {
  const { summary } = report.result;
  const verdict = summary.violations === 0 ? 'ok' : 'bad';
  const stats: [string, string, string?][] = [
    ['runs', formatCount(summary.invocations)],
    ['peak concurrency', `${summary.peakConcurrency} (limit ${summary.maxConcurrency})`],
    ['violations', formatCount(summary.violations), verdict],
  ];
  const punctuality = report.schedule?.punctuality.summary;
  if (punctuality) {
    stats.push(
      ['fires', formatCount(punctuality.fires)],
      ['on time', formatCount(punctuality.onTime)],
      ['late', formatCount(punctuality.late), punctuality.late > 0 ? 'warn' : undefined],
      ['missed', formatCount(punctuality.missed), punctuality.missed > 0 ? 'bad' : undefined],
      ['duplicates', formatCount(punctuality.duplicates), punctuality.duplicates > 0 ? 'warn' : undefined],
      ['worst late', punctuality.worstLateMs === null ? '-' : formatDuration(punctuality.worstLateMs)],
    );
  }
  const items = stats.map(
    ([label, value, tone]) =>
      `<div class="stat${tone ? ` ${tone}` : ''}"><dt>${label}</dt><dd>${escapeHtml(value)}</dd></div>`,
  );

  return `<dl class="stats">${items.join('')}</dl>`;
}

function renderScheduleLines(check: ScheduleCheck): string[] {
  const lines = check.schedules.map((schedule) => {
    const flexible = schedule.windowMinutes > 0 ? `, flexible window ${schedule.windowMinutes} min` : '';
    const text = `schedule ${schedule.id}: ${schedule.expression} (${schedule.timezone}${flexible})`;

    return `<p class="meta">${escapeHtml(text)}</p>`;
  });
  const { queued } = check.punctuality;
  if (queued) {
    const backlog = queued.backlog > 0 ? `, ${plural(queued.backlog, 'fire')} still waiting at the end` : '';
    const text =
      `runs are being queued behind a busy copy: ${queued.runs} late runs in a row from the fire at ` +
      `${utc(queued.firstFire)} UTC, ${formatDuration(queued.behindMs)} behind the schedule by the last${backlog}. ` +
      'Each run takes longer than the gap between fires.';
    lines.push(`<p class="queued">${escapeHtml(text)}</p>`);
  }

  return lines;
}

interface RootCounts {
  runs: number;
  lanes: number;
  violations: number;
  drawnRuns: number;
}

function page(report: AuditReport, root: RootCounts, body: string): string {
  const title = `lcron audit${report.functionName ? ` · ${report.functionName}` : ''}`;
  const data = `data-runs="${root.runs}" data-lanes="${root.lanes}" data-violations="${root.violations}" data-drawn-runs="${root.drawnRuns}"`;

  return [
    '<!doctype html>',
    `<html lang="en" ${data}>`,
    '<head>',
    '<meta charset="utf-8">',
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    `<title>${escapeHtml(title)}</title>`,
    `<style>${STYLES}</style>`,
    '</head>',
    `<body>\n${body}\n</body>`,
    '</html>',
    '',
  ].join('\n');
}

function describeSource(source: AuditSource): string {
  if (source.kind === 'file') return `${source.path === '-' ? 'stdin' : source.path} (${source.format})`;

  return `CloudWatch Logs ${source.logGroup}${source.region ? ` (${source.region})` : ''}`;
}

/** `2026-12-01 12:00:00`, always UTC: the page is read far from where it was made. */
function utc(ms: number): string {
  return localTime(ms, 'UTC');
}

function px(n: number): string {
  return String(Math.round(n * 10) / 10);
}

const HTML_ESCAPES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};

/** For text and attribute values alike. */
function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => HTML_ESCAPES[c]!);
}

const STYLES = `
:root { color-scheme: light; font: 14px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; color: #1d2430; }
body { margin: 24px; background: #fff; }
h1 { font-size: 20px; margin: 0 0 4px; }
.meta { margin: 2px 0; color: #5b6472; }
code { font-family: ui-monospace, Menlo, Consolas, monospace; }
.stats { display: flex; flex-wrap: wrap; gap: 8px; margin: 14px 0; padding: 0; }
.stat { border: 1px solid #dde1e6; border-radius: 6px; padding: 6px 12px; min-width: 90px; }
.stat dt { font-size: 12px; color: #5b6472; }
.stat dd { margin: 0; font-size: 18px; font-weight: 600; }
.stat.ok dd { color: #2f9e5b; }
.stat.warn dd { color: #b07d00; }
.stat.bad dd { color: #d62828; }
.queued { background: #fff4d6; border-left: 4px solid #e0a100; padding: 8px 12px; margin: 10px 0; }
.empty { font-size: 16px; margin: 20px 0; }
.notes { color: #8a5a00; }
.chart { overflow-x: auto; border: 1px solid #dde1e6; border-radius: 6px; padding: 8px 0; }
svg { display: block; font-size: 11px; }
.label, .tick { fill: #5b6472; }
.grid { stroke: #e3e6ea; stroke-width: 1; }
.lane-even { fill: #f7f8fa; }
.lane-odd { fill: #fff; }
.fire-row { fill: #f1f3f6; }
.violation rect { fill: rgba(214, 40, 40, 0.18); stroke: #d62828; stroke-width: 1; }
.run rect { stroke: rgba(0, 0, 0, 0.25); stroke-width: 0.5; }
.run.late rect { stroke: #e0a100; stroke-width: 2; }
.run.extra rect { stroke: #1d2430; stroke-width: 1.5; stroke-dasharray: 3 2; }
.run:hover rect, .fire:hover rect, .extra-run:hover path { stroke: #000; stroke-width: 2; }
.late-link { stroke: #e0a100; stroke-width: 1.5; stroke-dasharray: 4 3; fill: none; }
.extra-run path { fill: #fff; stroke: #1d2430; stroke-width: 1.5; }
.legend { display: flex; flex-wrap: wrap; gap: 14px; margin: 10px 0; color: #3a4350; }
.key { display: inline-flex; align-items: center; gap: 6px; }
.swatch { display: inline-block; width: 14px; height: 10px; border-radius: 2px; }
.swatch.band { background: rgba(214, 40, 40, 0.18); border: 1px solid #d62828; }
.swatch.late-key { border: 2px solid #e0a100; width: 10px; height: 6px; }
.swatch.extra-key { border: 1.5px dashed #1d2430; width: 11px; height: 7px; }
`;
