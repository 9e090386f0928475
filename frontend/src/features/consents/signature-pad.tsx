import { type PointerEvent as ReactPointerEvent, useCallback, useEffect, useRef, useState } from "react";
import { cn } from "@/lib/cn";
import { type Box, begin, end, extend, hasInk, type Stroke, toCanvas, toPad } from "./pad";

const INK = "#1b2a4a";

/** Draws strokes (pad coordinates) on a canvas whose backing store is `dpr` times its CSS size. */
function paint(canvas: HTMLCanvasElement, strokes: Stroke[], cssWidth: number, dpr: number) {
  const ctx = canvas.getContext("2d");
  if (!ctx) return;
  ctx.setTransform(dpr, 0, 0, dpr, 0, 0);
  ctx.clearRect(0, 0, canvas.width, canvas.height);
  ctx.strokeStyle = INK;
  ctx.fillStyle = INK;
  ctx.lineCap = "round";
  ctx.lineJoin = "round";
  const width = Math.max(1.75, cssWidth / 340);
  ctx.lineWidth = width;
  for (const stroke of strokes) {
    const points = stroke.map((p) => toCanvas(p, cssWidth));
    const first = points[0];
    if (!first) continue;
    if (points.length === 1) {
      ctx.beginPath();
      ctx.arc(first[0], first[1], width / 2, 0, Math.PI * 2);
      ctx.fill();
      continue;
    }
    // Through the midpoints between samples: a smooth line from the same points.
    ctx.beginPath();
    ctx.moveTo(first[0], first[1]);
    for (let i = 1; i < points.length - 1; i += 1) {
      const [x, y] = points[i] as [number, number];
      const [nx, ny] = points[i + 1] as [number, number];
      ctx.quadraticCurveTo(x, y, (x + nx) / 2, (y + ny) / 2);
    }
    const last = points.at(-1) as [number, number];
    ctx.lineTo(last[0], last[1]);
    ctx.stroke();
  }
}

export interface SignaturePadProps {
  /** The strokes drawn so far; set to `[]` to clear the pad. */
  value: Stroke[];
  /** Called when a stroke ends (not on every move). */
  onChange: (strokes: Stroke[]) => void;
  /** The pad's accessible name. */
  label: string;
  /** The id of the instructions beside the pad. */
  describedBy?: string;
  disabled?: boolean;
  className?: string;
}

/**
 * A signature pad for finger, pen or mouse (Pointer Events). The signature is kept as vector
 * strokes in pad coordinates and redrawn whenever the pad changes size or pixel density, so
 * rotating an iPad never loses it. The box is always 3:1, the pad's own shape.
 */
export function SignaturePad({
  value,
  onChange,
  label,
  describedBy,
  disabled,
  className,
}: SignaturePadProps) {
  const canvasRef = useRef<HTMLCanvasElement>(null);
  const strokes = useRef<Stroke[]>(value);
  const active = useRef<number | null>(null);
  const box = useRef<Box>({ left: 0, top: 0, width: 0, height: 0 });
  const frame = useRef<number | null>(null);
  const [inked, setInked] = useState(value.length > 0);

  const redraw = useCallback(() => {
    frame.current = null;
    const canvas = canvasRef.current;
    if (!canvas) return;
    const cssWidth = canvas.clientWidth;
    const dpr = window.devicePixelRatio || 1;
    const w = Math.round(cssWidth * dpr);
    const h = Math.round((cssWidth / 3) * dpr);
    if (canvas.width !== w || canvas.height !== h) {
      canvas.width = w;
      canvas.height = h;
    }
    paint(canvas, strokes.current, cssWidth, dpr);
  }, []);

  const schedule = useCallback(() => {
    if (frame.current === null) frame.current = window.requestAnimationFrame(redraw);
  }, [redraw]);

  // A new value from outside (cleared, or a different consent) replaces what is drawn.
  useEffect(() => {
    if (value === strokes.current) return;
    strokes.current = value;
    setInked(value.length > 0);
    schedule();
  }, [value, schedule]);

  // Redraw at the new size on resize and rotation, and when the window moves to a screen of
  // another pixel density.
  useEffect(() => {
    const canvas = canvasRef.current;
    if (!canvas) return;
    const observer = new ResizeObserver(() => redraw());
    observer.observe(canvas);
    let density: MediaQueryList | null = null;
    const watchDensity = () => {
      density?.removeEventListener("change", onDensity);
      density = window.matchMedia(`(resolution: ${window.devicePixelRatio || 1}dppx)`);
      density.addEventListener("change", onDensity);
    };
    const onDensity = () => {
      redraw();
      watchDensity();
    };
    watchDensity();
    redraw();
    return () => {
      observer.disconnect();
      density?.removeEventListener("change", onDensity);
      if (frame.current !== null) window.cancelAnimationFrame(frame.current);
      frame.current = null;
    };
  }, [redraw]);

  const finish = (at: [number, number] | null) => {
    if (active.current === null) return;
    active.current = null;
    if (at) strokes.current = end(strokes.current, at);
    schedule();
    onChange(strokes.current);
  };

  const onPointerDown = (e: ReactPointerEvent<HTMLCanvasElement>) => {
    if (disabled || active.current !== null) return;
    if (e.pointerType === "mouse" && e.button !== 0) return;
    e.preventDefault();
    const canvas = e.currentTarget;
    canvas.setPointerCapture(e.pointerId);
    active.current = e.pointerId;
    const r = canvas.getBoundingClientRect();
    box.current = { left: r.left, top: r.top, width: r.width, height: r.height };
    strokes.current = begin(strokes.current, toPad(e.clientX, e.clientY, box.current));
    setInked(true);
    schedule();
  };

  const onPointerMove = (e: ReactPointerEvent<HTMLCanvasElement>) => {
    if (e.pointerId !== active.current) return;
    const native = e.nativeEvent;
    const samples = native.getCoalescedEvents?.() ?? [];
    for (const s of samples.length ? samples : [native]) {
      strokes.current = extend(strokes.current, toPad(s.clientX, s.clientY, box.current));
    }
    schedule();
  };

  const onPointerUp = (e: ReactPointerEvent<HTMLCanvasElement>) => {
    if (e.pointerId !== active.current) return;
    finish(toPad(e.clientX, e.clientY, box.current));
  };

  const onPointerCancel = (e: ReactPointerEvent<HTMLCanvasElement>) => {
    if (e.pointerId === active.current) finish(null);
  };

  return (
    <div
      className={cn(
        "relative aspect-[3/1] w-full overflow-hidden rounded-2xl border-2 border-dashed bg-surface",
        disabled ? "border-line bg-canvas" : "border-line-strong",
        className,
      )}
    >
      <div
        aria-hidden="true"
        className="pointer-events-none absolute inset-x-[6%] bottom-[24%] flex items-end gap-3"
      >
        <span className="text-2xl leading-none text-faint">×</span>
        <span className="mb-0.5 h-px flex-1 bg-line-strong" />
      </div>
      {inked ? null : (
        <p
          aria-hidden="true"
          className="pointer-events-none absolute inset-0 flex items-center justify-center pb-[8%] text-lg text-faint"
        >
          Sign here
        </p>
      )}
      <canvas
        ref={canvasRef}
        role="img"
        aria-label={label}
        aria-describedby={describedBy}
        aria-disabled={disabled || undefined}
        data-testid="signature-pad"
        className={cn(
          "absolute inset-0 h-full w-full touch-none select-none",
          !disabled && "cursor-crosshair",
        )}
        style={{ touchAction: "none" }}
        onPointerDown={onPointerDown}
        onPointerMove={onPointerMove}
        onPointerUp={onPointerUp}
        onPointerCancel={onPointerCancel}
        onLostPointerCapture={onPointerCancel}
        onContextMenu={(e) => e.preventDefault()}
      />
      <span className="sr-only" role="status">
        {hasInk(value) ? "Signature drawn." : ""}
      </span>
    </div>
  );
}
