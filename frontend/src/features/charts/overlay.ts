import type { Overlay, Shape } from "./api";

/** Pure editing of a photo overlay: every change returns a new overlay, so undo is a stack. */

export const EMPTY: Overlay = { version: 1, shapes: [] };

let counter = 0;
export function newId(prefix: string): string {
  counter += 1;
  return `${prefix}${Date.now().toString(36)}${counter.toString(36)}`;
}

export function points(o: Overlay): Extract<Shape, { type: "point" }>[] {
  return o.shapes.filter((s): s is Extract<Shape, { type: "point" }> => s.type === "point");
}

/** The next free point number: one more than the highest. */
export function nextNumber(o: Overlay): number {
  return points(o).reduce((max, p) => Math.max(max, p.number), 0) + 1;
}

export function addPoint(o: Overlay, x: number, y: number): { overlay: Overlay; id: string } {
  const id = newId("p");
  const point: Shape = { type: "point", id, number: nextNumber(o), x: Math.round(x), y: Math.round(y) };
  return { overlay: { ...o, shapes: [...o.shapes, point] }, id };
}

export function addLine(o: Overlay, line: [number, number][], color: string, width: number): Overlay {
  const pts = simplify(line.map(([x, y]) => [Math.round(x), Math.round(y)] as [number, number]));
  if (pts.length < 2) return o;
  return { ...o, shapes: [...o.shapes, { type: "line", id: newId("l"), points: pts, color, width }] };
}

export function remove(o: Overlay, id: string): Overlay {
  return { ...o, shapes: o.shapes.filter((s) => s.id !== id) };
}

export function moveBy(
  o: Overlay,
  id: string,
  dx: number,
  dy: number,
  width: number,
  height: number,
): Overlay {
  const clampX = (x: number) => Math.min(Math.max(Math.round(x), 0), width);
  const clampY = (y: number) => Math.min(Math.max(Math.round(y), 0), height);
  return {
    ...o,
    shapes: o.shapes.map((s) => {
      if (s.id !== id) return s;
      if (s.type === "point") return { ...s, x: clampX(s.x + dx), y: clampY(s.y + dy) };
      return { ...s, points: s.points.map(([x, y]) => [clampX(x + dx), clampY(y + dy)] as [number, number]) };
    }),
  };
}

export function setPointDetails(o: Overlay, id: string, details: { label?: string; dose?: string }): Overlay {
  return {
    ...o,
    shapes: o.shapes.map((s) => {
      if (s.id !== id || s.type !== "point") return s;
      const next: Shape = { type: "point", id: s.id, number: s.number, x: s.x, y: s.y };
      const label = (details.label ?? s.label ?? "").trim();
      const dose = (details.dose ?? s.dose ?? "").trim();
      if (label) next.label = label;
      if (dose) next.dose = dose;
      return next;
    }),
  };
}

/** Drops points closer than 2 px to the previous one: freehand strokes stay light. */
function simplify(pts: [number, number][]): [number, number][] {
  const out: [number, number][] = [];
  for (const p of pts) {
    const last = out[out.length - 1];
    if (!last || Math.hypot(p[0] - last[0], p[1] - last[1]) >= 2) out.push(p);
  }
  return out;
}

/** An undo/redo history of overlays. */
export interface History {
  past: Overlay[];
  present: Overlay;
  future: Overlay[];
}

export function startHistory(o: Overlay): History {
  return { past: [], present: o, future: [] };
}

export function commit(h: History, next: Overlay): History {
  if (next === h.present) return h;
  return { past: [...h.past, h.present].slice(-200), present: next, future: [] };
}

export function undo(h: History): History {
  const prev = h.past[h.past.length - 1];
  if (!prev) return h;
  return { past: h.past.slice(0, -1), present: prev, future: [h.present, ...h.future] };
}

export function redo(h: History): History {
  const next = h.future[0];
  if (!next) return h;
  return { past: [...h.past, h.present], present: next, future: h.future.slice(1) };
}
