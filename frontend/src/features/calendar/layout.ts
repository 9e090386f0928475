/** Placing tiles in a column: overlapping ones share the width side by side. */

export interface Span {
  id: string;
  start: number;
  end: number;
}

export interface Placement {
  lane: number;
  lanes: number;
}

/**
 * Assigns each span a lane. Spans that overlap (directly or through others) form a cluster, and
 * every span in a cluster is as wide as the cluster's widest moment allows.
 */
export function placeInLanes(spans: Span[]): Map<string, Placement> {
  const sorted = [...spans].sort((a, b) => a.start - b.start || b.end - a.end);
  const out = new Map<string, Placement>();
  let cluster: { id: string; lane: number }[] = [];
  let laneEnds: number[] = [];
  let clusterEnd = Number.NEGATIVE_INFINITY;
  const close = () => {
    for (const c of cluster) out.set(c.id, { lane: c.lane, lanes: laneEnds.length });
    cluster = [];
    laneEnds = [];
    clusterEnd = Number.NEGATIVE_INFINITY;
  };
  for (const span of sorted) {
    if (span.start >= clusterEnd) close();
    let lane = laneEnds.findIndex((end) => end <= span.start);
    if (lane === -1) {
      lane = laneEnds.length;
      laneEnds.push(span.end);
    } else {
      laneEnds[lane] = span.end;
    }
    cluster.push({ id: span.id, lane });
    clusterEnd = Math.max(clusterEnd, span.end);
  }
  close();
  return out;
}

/** The hours the grid shows: the working day with a little room, widened to fit every tile. */
export function visibleHours(minutes: number[], fallback: [number, number] = [8, 19]): [number, number] {
  let [first, last] = fallback;
  for (const m of minutes) {
    first = Math.min(first, Math.floor(m / 60));
    last = Math.max(last, Math.ceil(m / 60));
  }
  return [Math.max(0, first), Math.min(24, Math.max(last, first + 1))];
}
