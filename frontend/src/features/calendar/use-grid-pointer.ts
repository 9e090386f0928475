import {
  type PointerEvent as ReactPointerEvent,
  type RefObject,
  useCallback,
  useEffect,
  useRef,
} from "react";
import { snap } from "./time";

/** What a finished gesture on the grid asks for. Columns are indexes into the grid's columns. */
export type Gesture =
  | { kind: "open"; id: string }
  | { kind: "move"; id: string; column: number; start: number }
  | { kind: "resize"; id: string; end: number }
  | { kind: "create"; column: number; start: number; end: number; dragged: boolean };

/** The outline that follows the pointer while dragging. */
export interface Ghost {
  kind: "move" | "resize" | "create";
  column: number;
  start: number;
  end: number;
}

interface TileGeometry {
  id: string;
  column: number;
  start: number;
  end: number;
}

interface Options {
  body: RefObject<HTMLDivElement | null>;
  scroller: RefObject<HTMLDivElement | null>;
  columns: number;
  firstMinute: number;
  pxPerMinute: number;
  step: number;
  /** Length of a click-to-create selection. */
  defaultLength: number;
  canEdit: boolean;
  canCreate: boolean;
  /** The tile's place, looked up when a drag starts. */
  tileAt: (id: string) => TileGeometry | undefined;
  editable: (id: string) => boolean;
  onGhost: (ghost: Ghost | null) => void;
  onGesture: (gesture: Gesture) => void;
}

const DRAG_THRESHOLD = 4;
const TOUCH_SLOP = 8;
const LONG_PRESS_MS = 350;
const EDGE = 48;

interface Press {
  pointerId: number;
  touch: boolean;
  x: number;
  y: number;
  column: number;
  /** The minute under the pointer when pressed. */
  minute: number;
  tile?: TileGeometry;
  resize: boolean;
  element?: HTMLElement;
  active: boolean;
  timer?: number;
  ghost?: Ghost;
}

/**
 * Drag to create, move (across columns) and resize, with the mouse or, after a long press, a
 * finger. One set of listeners for the whole grid; the tiles themselves stay still until the
 * drop, so a drag repaints only the outline.
 */
export function useGridPointer(options: Options) {
  const opts = useRef(options);
  opts.current = options;
  const press = useRef<Press | null>(null);
  const suppressClick = useRef(false);

  /** Column index and minute under a viewport point. */
  const locate = useCallback((clientX: number, clientY: number) => {
    const o = opts.current;
    const body = o.body.current;
    if (!body) return { column: 0, minute: 0 };
    const rect = body.getBoundingClientRect();
    const width = rect.width / Math.max(o.columns, 1);
    const column = Math.min(o.columns - 1, Math.max(0, Math.floor((clientX - rect.left) / width)));
    const minute = o.firstMinute + (clientY - rect.top) / o.pxPerMinute;
    return { column, minute };
  }, []);

  const ghostFor = useCallback(
    (p: Press, clientX: number, clientY: number): Ghost => {
      const o = opts.current;
      const at = locate(clientX, clientY);
      if (p.tile && !p.resize) {
        const length = p.tile.end - p.tile.start;
        const grabbed = p.minute - p.tile.start;
        const start = Math.min(Math.max(snap(at.minute - grabbed, o.step), 0), 1440 - length);
        return { kind: "move", column: at.column, start, end: start + length };
      }
      if (p.tile) {
        const end = Math.min(Math.max(snap(at.minute, o.step), p.tile.start + o.step), 1440);
        return { kind: "resize", column: p.tile.column, start: p.tile.start, end };
      }
      const anchor = Math.floor(p.minute / o.step) * o.step;
      const here = snap(at.minute, o.step);
      const start = Math.max(Math.min(anchor, here), 0);
      const end = Math.min(Math.max(anchor + o.step, here), 1440);
      return { kind: "create", column: p.column, start, end };
    },
    [locate],
  );

  const finish = useCallback(() => {
    const p = press.current;
    if (!p) return;
    window.clearTimeout(p.timer);
    if (p.element) delete p.element.dataset.dragging;
    press.current = null;
    opts.current.onGhost(null);
  }, []);

  const begin = useCallback(
    (p: Press, clientX: number, clientY: number) => {
      p.active = true;
      if (p.element) p.element.dataset.dragging = "true";
      p.ghost = ghostFor(p, clientX, clientY);
      opts.current.onGhost(p.ghost);
      if (p.touch) navigator.vibrate?.(10);
    },
    [ghostFor],
  );

  const autoScroll = useCallback((clientX: number, clientY: number) => {
    const scroller = opts.current.scroller.current;
    if (!scroller) return;
    const r = scroller.getBoundingClientRect();
    if (clientY > r.bottom - EDGE) scroller.scrollTop += 14;
    else if (clientY < r.top + EDGE + 40) scroller.scrollTop -= 14;
    if (clientX > r.right - EDGE) scroller.scrollLeft += 14;
    else if (clientX < r.left + EDGE + 64) scroller.scrollLeft -= 14;
  }, []);

  useEffect(() => {
    let frame = 0;
    let last: { x: number; y: number } | null = null;
    const paint = () => {
      frame = 0;
      const p = press.current;
      if (!p?.active || !last) return;
      autoScroll(last.x, last.y);
      const ghost = ghostFor(p, last.x, last.y);
      const g = p.ghost;
      if (!g || g.column !== ghost.column || g.start !== ghost.start || g.end !== ghost.end) {
        p.ghost = ghost;
        opts.current.onGhost(ghost);
      }
    };
    const move = (e: PointerEvent) => {
      const p = press.current;
      if (!p || e.pointerId !== p.pointerId) return;
      const distance = Math.hypot(e.clientX - p.x, e.clientY - p.y);
      if (!p.active) {
        if (p.touch) {
          // Moving before the long press fires means the finger is scrolling.
          if (distance > TOUCH_SLOP) finish();
          return;
        }
        if (distance < DRAG_THRESHOLD) return;
        begin(p, e.clientX, e.clientY);
      }
      last = { x: e.clientX, y: e.clientY };
      if (!frame) frame = requestAnimationFrame(paint);
    };
    const up = (e: PointerEvent) => {
      const p = press.current;
      if (!p || e.pointerId !== p.pointerId) return;
      const o = opts.current;
      if (p.active) {
        const g = ghostFor(p, e.clientX, e.clientY);
        suppressClick.current = true;
        if (g.kind === "move" && p.tile) {
          if (g.column !== p.tile.column || g.start !== p.tile.start) {
            o.onGesture({ kind: "move", id: p.tile.id, column: g.column, start: g.start });
          }
        } else if (g.kind === "resize" && p.tile) {
          if (g.end !== p.tile.end) o.onGesture({ kind: "resize", id: p.tile.id, end: g.end });
        } else if (g.kind === "create") {
          o.onGesture({ kind: "create", column: g.column, start: g.start, end: g.end, dragged: true });
        }
      } else if (!p.tile && o.canCreate) {
        // A click (or tap) on empty time: a selection of the default length.
        suppressClick.current = true;
        const start = Math.floor(p.minute / o.step) * o.step;
        o.onGesture({
          kind: "create",
          column: p.column,
          start,
          end: Math.min(start + o.defaultLength, 1440),
          dragged: false,
        });
      }
      finish();
    };
    const cancel = (e: PointerEvent) => {
      if (press.current && e.pointerId === press.current.pointerId) finish();
    };
    const key = (e: KeyboardEvent) => {
      if (e.key === "Escape" && press.current?.active) {
        suppressClick.current = true;
        finish();
      }
    };
    // While a finger drags, the page must not scroll under it.
    const touchMove = (e: TouchEvent) => {
      if (press.current?.active) e.preventDefault();
    };
    const scroller = options.scroller.current;
    window.addEventListener("pointermove", move);
    window.addEventListener("pointerup", up);
    window.addEventListener("pointercancel", cancel);
    window.addEventListener("keydown", key);
    scroller?.addEventListener("touchmove", touchMove, { passive: false });
    return () => {
      cancelAnimationFrame(frame);
      window.removeEventListener("pointermove", move);
      window.removeEventListener("pointerup", up);
      window.removeEventListener("pointercancel", cancel);
      window.removeEventListener("keydown", key);
      scroller?.removeEventListener("touchmove", touchMove);
    };
  }, [autoScroll, begin, finish, ghostFor, options.scroller]);

  const onPointerDown = useCallback(
    (e: ReactPointerEvent<HTMLDivElement>) => {
      if (e.button !== 0 || press.current) return;
      const o = opts.current;
      const target = e.target as HTMLElement;
      const tileEl = target.closest<HTMLElement>("[data-appt]");
      const id = tileEl?.dataset.appt;
      const tile = id ? o.tileAt(id) : undefined;
      if (tileEl && (!tile || !o.canEdit || !o.editable(tile.id))) return; // a click opens it
      if (!tileEl && !o.canCreate) return;
      if (!target.closest("[data-col]")) return;
      const at = locate(e.clientX, e.clientY);
      const p: Press = {
        pointerId: e.pointerId,
        touch: e.pointerType === "touch",
        x: e.clientX,
        y: e.clientY,
        column: tile?.column ?? at.column,
        minute: at.minute,
        resize: Boolean(target.closest("[data-resize]")),
        active: false,
        ...(tile ? { tile } : {}),
        ...(tileEl ? { element: tileEl } : {}),
      };
      press.current = p;
      if (p.touch) {
        const { clientX, clientY } = e;
        p.timer = window.setTimeout(() => {
          if (press.current === p) begin(p, clientX, clientY);
        }, LONG_PRESS_MS);
      } else if (!tileEl) {
        e.preventDefault(); // no text selection while dragging out a new appointment
      }
    },
    [begin, locate],
  );

  /** Swallows the click that follows a drag, so dropping a tile doesn't also open it. */
  const onClickCapture = useCallback((e: React.MouseEvent) => {
    if (suppressClick.current) {
      suppressClick.current = false;
      e.stopPropagation();
      e.preventDefault();
    }
  }, []);

  return { onPointerDown, onClickCapture };
}
