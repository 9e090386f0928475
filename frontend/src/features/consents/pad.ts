/**
 * A drawn signature as the server keeps it: strokes of whole-number points on a 3000 × 1000 pad,
 * y growing downwards. The screen maps into that box whatever its size, so a signature drawn on a
 * phone redraws the same on an iPad, in the PDF and in the chart.
 */

export const PAD_WIDTH = 3000;
export const PAD_HEIGHT = 1000;
/** Points closer than this to the last one kept add nothing a reader could see. */
export const MIN_GAP = 4;
/** The server's limits: beyond them a signature is refused, so the pad stops taking ink. */
export const MAX_STROKES = 200;
export const MAX_POINTS = 10_000;

export type Point = [number, number];
export type Stroke = Point[];

export interface Box {
  left: number;
  top: number;
  width: number;
  height: number;
}

const clamp = (value: number, max: number) => Math.min(max, Math.max(0, Math.round(value)));

/** Where a pointer at (clientX, clientY) falls on the pad, for an element drawn at `box`. */
export function toPad(clientX: number, clientY: number, box: Box): Point {
  if (box.width <= 0 || box.height <= 0) return [0, 0];
  return [
    clamp(((clientX - box.left) / box.width) * PAD_WIDTH, PAD_WIDTH),
    clamp(((clientY - box.top) / box.height) * PAD_HEIGHT, PAD_HEIGHT),
  ];
}

/** A pad point in the pixels of a canvas `width` wide (the height follows from the 3:1 box). */
export function toCanvas([x, y]: Point, width: number): Point {
  const scale = width / PAD_WIDTH;
  return [x * scale, y * scale];
}

function far(a: Point, b: Point) {
  return Math.hypot(a[0] - b[0], a[1] - b[1]) >= MIN_GAP;
}

function pointCount(strokes: Stroke[]): number {
  return strokes.reduce((n, s) => n + s.length, 0);
}

/** Whether the pad takes another point. */
function hasRoom(strokes: Stroke[]): boolean {
  return pointCount(strokes) < MAX_POINTS;
}

/** A new stroke at a pen-down, if there is room for one. */
export function begin(strokes: Stroke[], at: Point): Stroke[] {
  if (strokes.length >= MAX_STROKES || !hasRoom(strokes)) return strokes;
  return [...strokes, [at]];
}

/** The last stroke continued to `at`, unless that is too close to its last point to matter. */
export function extend(strokes: Stroke[], at: Point): Stroke[] {
  const last = strokes.at(-1);
  const tip = last?.at(-1);
  if (!last || !tip || !far(tip, at) || !hasRoom(strokes)) return strokes;
  return [...strokes.slice(0, -1), [...last, at]];
}

/** The last stroke ended at `at`: the lift point is kept even when close, so a line ends where the
 * pen left the glass, unless it is exactly where the stroke already ends. */
export function end(strokes: Stroke[], at: Point): Stroke[] {
  const last = strokes.at(-1);
  const tip = last?.at(-1);
  if (!last || !tip || (tip[0] === at[0] && tip[1] === at[1]) || !hasRoom(strokes)) return strokes;
  return [...strokes.slice(0, -1), [...last, at]];
}

/** Enough ink to be a signature: at least one stroke that is a line rather than a dot (the
 * server's rule too). */
export function hasInk(strokes: Stroke[]): boolean {
  return strokes.some((s) => s.length >= 2);
}
