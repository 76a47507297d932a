import type { ConcurrencyAnalysis } from '../core/concurrency.js';
import { assignLanes } from '../core/lanes.js';
import type { FireMatch } from '../core/punctuality.js';
import type { TimeWindow } from '../core/time-window.js';
import { localTime } from './format.js';
import type { OutputStyle } from './style.js';

const MAX_LANES = 8;
const LABEL_WIDTH = 4;

type Cell = 0 | 1 | 2; // idle, running, running while over the limit

/**
 * Draws the runs as bars in lanes across the window, one character per
 * slice of time, with the slices over the limit marked underneath.
 */
export function renderTimeline(
  analysis: Pick<ConcurrencyAnalysis, 'invocations' | 'violations'>,
  window: TimeWindow,
  style: OutputStyle,
  fires: ReadonlyArray<Pick<FireMatch, 'at' | 'status'>> = [],
): string[] {
  const width = Math.max(20, style.columns - LABEL_WIDTH - 2);
  // Each character stands for this slice of time; runs closer than that merge into one bar.
  const span = Math.max(1, window.end - window.start);
  const column = (time: number) =>
    Math.min(width - 1, Math.max(0, Math.floor(((time - window.start) / span) * width)));

  const over = new Array<boolean>(width).fill(false);
  for (const violation of analysis.violations) {
    for (let c = column(violation.start); c <= column(violation.end - 1); c++) over[c] = true;
  }

  const runs = analysis.invocations.map((run) => ({
    start: Math.max(run.start, window.start),
    end: Math.min(run.end, window.end),
  }));
  const laneOf = assignLanes(runs);
  // A loop, not Math.max(...): spreading a big audit's runs overflows the stack.
  const laneCount = laneOf.reduce((most, lane) => Math.max(most, lane + 1), 0);
  const rows = Array.from({ length: Math.min(laneCount, MAX_LANES) }, () => new Array<Cell>(width).fill(0));
  runs.forEach((run, i) => {
    const row = rows[laneOf[i]!];
    if (!row) return;
    for (let c = column(run.start); c <= column(Math.max(run.start, run.end - 1)); c++) {
      row[c] = over[c] ? 2 : 1;
    }
  });

  const { chalk } = style;
  const lines = [
    `${' '.repeat(LABEL_WIDTH)} ${axis(window, width, style)}`,
    ...(fires.length > 0 ? [`${'fire'.padStart(LABEL_WIDTH)} ${fireRow(fires, width, column, chalk)}`] : []),
    ...rows.map((row, lane) => `${String(lane + 1).padStart(LABEL_WIDTH - 1)}  ${drawRow(row, chalk)}`),
  ];
  if (laneCount > MAX_LANES)
    lines.push(`${' '.repeat(LABEL_WIDTH + 1)}… ${laneCount - MAX_LANES} more lanes`);
  if (over.some(Boolean)) {
    const marks = over
      .map((flag) => (flag ? '^' : ' '))
      .join('')
      .trimEnd();
    lines.push(
      `${' '.repeat(LABEL_WIDTH + 1)}${chalk.red(marks)}`,
      `${' '.repeat(LABEL_WIDTH + 1)}${chalk.dim('^ more runs at once than allowed')}`,
    );
  }

  return lines;
}

/**
 * The expected fires as ticks above the lanes: `|` on time, `!` late, `x`
 * missed; where several share a character, the worst shows.
 */
function fireRow(
  fires: ReadonlyArray<Pick<FireMatch, 'at' | 'status'>>,
  width: number,
  column: (time: number) => number,
  chalk: OutputStyle['chalk'],
): string {
  const rank = { 'on-time': 1, late: 2, missed: 3 } as const;
  const cells = new Array<number>(width).fill(0);
  for (const fire of fires) {
    const c = column(fire.at);
    cells[c] = Math.max(cells[c]!, rank[fire.status]);
  }

  return cells
    .map((cell) =>
      cell === 0 ? ' ' : cell === 1 ? chalk.green('|') : cell === 2 ? chalk.yellow('!') : chalk.red('x'),
    )
    .join('')
    .trimEnd();
}

/** A lane's cells, each stretch of one kind coloured once. */
function drawRow(row: Cell[], chalk: OutputStyle['chalk']): string {
  let text = '';
  for (let from = 0; from < row.length;) {
    let to = from;
    while (to < row.length && row[to] === row[from]) to++;
    text += drawCells(row[from]!, to - from, chalk);
    from = to;
  }

  return text;
}

function drawCells(cell: Cell, count: number, chalk: OutputStyle['chalk']): string {
  if (cell === 0) return chalk.dim('·'.repeat(count));
  if (cell === 1) return chalk.cyan('█'.repeat(count));

  return chalk.red('█'.repeat(count));
}

function axis(window: TimeWindow, width: number, style: OutputStyle): string {
  const left = localTime(window.start, style.timeZone);
  const right = localTime(window.end, style.timeZone);
  const gap = width - left.length - right.length;

  return gap >= 2 ? `${left}${' '.repeat(gap)}${right}` : left;
}
