export interface Span {
  start: number;
  end: number;
}

/**
 * Puts each span in the first lane that is free by its start, as a
 * timeline draws them: one lane while runs never overlap, a second lane
 * as soon as two do. Returns the lane index of each span, in input order.
 */
export function assignLanes(spans: Span[]): number[] {
  const order = spans.map((_, i) => i).sort((a, b) => spans[a]!.start - spans[b]!.start || a - b);
  const laneEnds: number[] = [];
  const lanes = new Array<number>(spans.length);

  for (const i of order) {
    const span = spans[i]!;
    let lane = laneEnds.findIndex((end) => end <= span.start);
    if (lane === -1) lane = laneEnds.push(span.end) - 1;
    else laneEnds[lane] = span.end;
    lanes[i] = lane;
  }

  return lanes;
}
