import { useQuery } from "@tanstack/react-query";
import { Eye, EyeOff, MapPin, MousePointer2, PenLine, Redo2, Save, Trash2, Undo2, X } from "lucide-react";
import { Dialog as D } from "radix-ui";
import { useCallback, useEffect, useMemo, useRef, useState } from "react";
import { asProblem } from "@/api/problem";
import { Button } from "@/components/ui/button";
import { Input } from "@/components/ui/input";
import { Spinner } from "@/components/ui/spinner";
import { useToast } from "@/components/ui/toast";
import { cn } from "@/lib/cn";
import { annotationsQuery, type Overlay, type Photo, photoUrlQuery, useSaveAnnotation } from "./api";
import {
  addLine,
  addPoint,
  commit,
  EMPTY,
  type History,
  moveBy,
  points,
  redo,
  remove,
  setPointDetails,
  startHistory,
  undo,
} from "./overlay";

type Tool = "select" | "point" | "line";

const INK = "#e03131";

/** The drawing itself, in the photo's pixel grid, scaled with the image. */
export function OverlaySvg({
  overlay,
  width,
  height,
  selected,
  className,
}: {
  overlay: Overlay;
  width: number;
  height: number;
  selected?: string | null;
  className?: string;
}) {
  // Marks stay readable whatever the photo's resolution.
  const r = Math.max(width, height) / 55;
  return (
    <svg
      viewBox={`0 0 ${width} ${height}`}
      className={cn("absolute inset-0 h-full w-full", className)}
      aria-hidden="true"
    >
      {overlay.shapes.map((s) =>
        s.type === "line" ? (
          <polyline
            key={s.id}
            data-shape={s.id}
            points={s.points.map((p) => p.join(",")).join(" ")}
            fill="none"
            stroke={s.color}
            strokeWidth={(s.width * Math.max(width, height)) / 1000}
            strokeLinecap="round"
            strokeLinejoin="round"
            className={cn(selected === s.id && "drop-shadow-[0_0_3px_#fff]")}
          />
        ) : (
          <g key={s.id} data-shape={s.id} transform={`translate(${s.x} ${s.y})`}>
            <circle
              r={r}
              fill={INK}
              stroke="#fff"
              strokeWidth={r / 5}
              className={cn(selected === s.id && "stroke-[#1c7ed6]")}
            />
            <text
              textAnchor="middle"
              dominantBaseline="central"
              fontSize={r * 1.1}
              fontWeight={700}
              fill="#fff"
              style={{ pointerEvents: "none" }}
            >
              {s.number}
            </text>
          </g>
        ),
      )}
    </svg>
  );
}

interface Props {
  chartId: string;
  photo: Photo;
  editable: boolean;
  onClose: () => void;
}

/** Full-screen photo viewer with markup tools for facial mapping. */
export function PhotoAnnotator({ chartId, photo, editable, onClose }: Props) {
  const url = useQuery(photoUrlQuery(photo.id, "display"));
  const saved = useQuery(annotationsQuery(photo.id));
  const save = useSaveAnnotation(chartId, photo.id);
  const toast = useToast();
  const [history, setHistory] = useState<History | null>(null);
  const [tool, setTool] = useState<Tool>(editable ? "point" : "select");
  const [selected, setSelected] = useState<string | null>(null);
  const [showMarkup, setShowMarkup] = useState(true);
  const [drawing, setDrawing] = useState<[number, number][] | null>(null);
  const svgBox = useRef<HTMLDivElement>(null);
  const drag = useRef<{ id: string; last: [number, number]; start: Overlay } | null>(null);

  const baseVersion = saved.data?.versions.at(-1)?.version;
  useEffect(() => {
    if (saved.data && history === null)
      setHistory(startHistory((saved.data.latest as Overlay | undefined) ?? EMPTY));
  }, [saved.data, history]);
  const overlay = history?.present ?? EMPTY;
  const dirty = history !== null && history.past.length > 0;
  const change = useCallback((next: Overlay) => setHistory((h) => (h ? commit(h, next) : h)), []);

  /** Pointer position in photo pixels. */
  const toPhoto = (e: { clientX: number; clientY: number }): [number, number] => {
    const box = svgBox.current?.getBoundingClientRect();
    if (!box) return [0, 0];
    const x = ((e.clientX - box.left) / box.width) * photo.width;
    const y = ((e.clientY - box.top) / box.height) * photo.height;
    return [Math.min(Math.max(x, 0), photo.width), Math.min(Math.max(y, 0), photo.height)];
  };

  const onPointerDown = (e: React.PointerEvent) => {
    if (!editable || !showMarkup) return;
    const at = toPhoto(e);
    const hit = (e.target as Element).closest("[data-shape]")?.getAttribute("data-shape") ?? null;
    (e.currentTarget as HTMLElement).setPointerCapture(e.pointerId);
    if (tool === "select" || (hit && tool === "point")) {
      setSelected(hit);
      if (hit) drag.current = { id: hit, last: at, start: overlay };
      return;
    }
    if (tool === "point") {
      const { overlay: next, id } = addPoint(overlay, at[0], at[1]);
      change(next);
      setSelected(id);
    } else if (tool === "line") {
      setDrawing([at]);
    }
  };

  const onPointerMove = (e: React.PointerEvent) => {
    const at = toPhoto(e);
    if (drawing) setDrawing([...drawing, at]);
    else if (drag.current) {
      const [dx, dy] = [at[0] - drag.current.last[0], at[1] - drag.current.last[1]];
      if (Math.abs(dx) + Math.abs(dy) < 1) return;
      const id = drag.current.id;
      drag.current.last = at;
      // Moves while dragging replace the present; the drag as a whole is one undo step.
      setHistory((h) =>
        h ? { ...h, present: moveBy(h.present, id, dx, dy, photo.width, photo.height) } : h,
      );
    }
  };

  const onPointerUp = () => {
    if (drawing) {
      change(addLine(overlay, drawing, INK, 4));
      setDrawing(null);
    }
    const moved = drag.current;
    if (moved && history && moved.start !== history.present) {
      setHistory((h) => (h ? { past: [...h.past, moved.start], present: h.present, future: [] } : h));
    }
    drag.current = null;
  };

  const doSave = useCallback(() => {
    save.mutate(
      { overlay, baseVersion },
      {
        onSuccess: (r) => {
          toast.success(`Markup saved (version ${r.version})`);
          setHistory(startHistory(overlay));
        },
        onError: (error) => toast.error(error, "Couldn’t save the markup"),
      },
    );
  }, [save, overlay, baseVersion, toast]);

  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      const typing = (e.target as HTMLElement).closest("input, textarea");
      if (typing) return;
      const mod = e.metaKey || e.ctrlKey;
      if (mod && e.key.toLowerCase() === "z") {
        e.preventDefault();
        setHistory((h) => (h ? (e.shiftKey ? redo(h) : undo(h)) : h));
      } else if (mod && e.key.toLowerCase() === "s" && editable) {
        e.preventDefault();
        doSave();
      } else if (!mod && editable) {
        if (e.key === "v") setTool("select");
        else if (e.key === "p") setTool("point");
        else if (e.key === "l") setTool("line");
        else if ((e.key === "Delete" || e.key === "Backspace") && selected) {
          change(remove(overlay, selected));
          setSelected(null);
        }
      }
    };
    window.addEventListener("keydown", onKey);
    return () => window.removeEventListener("keydown", onKey);
  }, [editable, selected, overlay, change, doSave]);

  const selectedPoint = useMemo(() => points(overlay).find((p) => p.id === selected), [overlay, selected]);
  const shown: Overlay = drawing
    ? {
        ...overlay,
        shapes: [...overlay.shapes, { type: "line", id: "drawing", points: drawing, color: INK, width: 4 }],
      }
    : overlay;

  const close = () => {
    if (dirty && !window.confirm("Leave without saving the markup?")) return;
    onClose();
  };

  const tools: { id: Tool; label: string; icon: typeof MapPin; key: string }[] = [
    { id: "point", label: "Numbered point", icon: MapPin, key: "P" },
    { id: "line", label: "Draw a line", icon: PenLine, key: "L" },
    { id: "select", label: "Select and move", icon: MousePointer2, key: "V" },
  ];

  return (
    <D.Root open onOpenChange={(open) => !open && close()}>
      <D.Portal>
        <D.Overlay className="fixed inset-0 z-40 bg-black/80" />
        <D.Content
          aria-describedby={undefined}
          className="fixed inset-0 z-50 flex flex-col bg-[#111] text-white outline-none"
          onEscapeKeyDown={(e) => {
            e.preventDefault();
            close();
          }}
        >
          <div className="flex flex-wrap items-center gap-2 border-b border-white/10 px-3 py-2">
            <D.Title className="mr-auto text-sm font-semibold">
              {photo.phase === "after" ? "After" : photo.phase === "before" ? "Before" : "Photo"} ·{" "}
              {photo.view.replace("_", " ")}
              {baseVersion ? (
                <span className="ml-2 font-normal text-white/60">markup v{baseVersion}</span>
              ) : null}
            </D.Title>
            {editable ? (
              <div
                className="flex items-center gap-1 rounded-lg bg-white/10 p-0.5"
                role="toolbar"
                aria-label="Tools"
              >
                {tools.map((t) => (
                  <button
                    key={t.id}
                    type="button"
                    aria-pressed={tool === t.id}
                    aria-label={`${t.label} (${t.key})`}
                    title={`${t.label} (${t.key})`}
                    onClick={() => setTool(t.id)}
                    className={cn(
                      "flex h-8 items-center gap-1.5 rounded-md px-2.5 text-[13px]",
                      tool === t.id ? "bg-white text-ink" : "text-white/80 hover:bg-white/10",
                    )}
                  >
                    <t.icon className="size-4" aria-hidden="true" />
                    <span className="hidden sm:inline">{t.label}</span>
                  </button>
                ))}
              </div>
            ) : null}
            {editable ? (
              <>
                <IconButton
                  label="Undo (Ctrl+Z)"
                  onClick={() => setHistory((h) => (h ? undo(h) : h))}
                  disabled={!history?.past.length}
                >
                  <Undo2 className="size-4" />
                </IconButton>
                <IconButton
                  label="Redo (Ctrl+Shift+Z)"
                  onClick={() => setHistory((h) => (h ? redo(h) : h))}
                  disabled={!history?.future.length}
                >
                  <Redo2 className="size-4" />
                </IconButton>
                <IconButton
                  label="Delete the selected mark"
                  onClick={() => {
                    if (selected) change(remove(overlay, selected));
                    setSelected(null);
                  }}
                  disabled={!selected}
                >
                  <Trash2 className="size-4" />
                </IconButton>
              </>
            ) : null}
            <IconButton
              label={showMarkup ? "Hide markup (show the original)" : "Show markup"}
              onClick={() => setShowMarkup((s) => !s)}
            >
              {showMarkup ? <Eye className="size-4" /> : <EyeOff className="size-4" />}
            </IconButton>
            {editable ? (
              <Button variant="primary" size="sm" onClick={doSave} busy={save.isPending} disabled={!dirty}>
                <Save className="size-4" aria-hidden="true" /> Save markup
              </Button>
            ) : null}
            <IconButton label="Close" onClick={close}>
              <X className="size-4" />
            </IconButton>
          </div>

          <div className="flex min-h-0 flex-1 flex-col md:flex-row">
            <div className="flex min-h-0 flex-1 items-center justify-center p-3">
              {url.isError ? (
                <p className="text-sm text-white/70">{asProblem(url.error).message}</p>
              ) : !url.data ? (
                <Spinner className="size-6 text-white/60" />
              ) : (
                <div
                  ref={svgBox}
                  className={cn(
                    "relative max-h-full max-w-full touch-none select-none",
                    editable && showMarkup && (tool === "select" ? "cursor-default" : "cursor-crosshair"),
                  )}
                  style={{
                    aspectRatio: `${photo.width} / ${photo.height}`,
                    height: "min(100%, calc(100dvh - 7rem))",
                  }}
                  onPointerDown={onPointerDown}
                  onPointerMove={onPointerMove}
                  onPointerUp={onPointerUp}
                  data-testid="annotation-surface"
                >
                  <img
                    src={url.data.url}
                    alt="Clinical"
                    draggable={false}
                    className="absolute inset-0 h-full w-full object-contain"
                  />
                  {showMarkup ? (
                    <OverlaySvg
                      overlay={shown}
                      width={photo.width}
                      height={photo.height}
                      selected={selected}
                    />
                  ) : null}
                </div>
              )}
            </div>
            <aside className="w-full shrink-0 overflow-y-auto border-t border-white/10 p-3 md:w-72 md:border-t-0 md:border-l">
              <p className="mb-2 text-xs font-semibold tracking-wide text-white/60 uppercase">
                Points ({points(overlay).length})
              </p>
              {points(overlay).length === 0 ? (
                <p className="text-[13px] text-white/60">
                  {editable
                    ? "Tap the photo to place numbered injection points."
                    : "No points on this photo."}
                </p>
              ) : (
                <ol className="flex flex-col gap-1.5">
                  {points(overlay).map((p) => (
                    <li key={p.id}>
                      <button
                        type="button"
                        onClick={() => setSelected(p.id)}
                        className={cn(
                          "flex w-full items-center gap-2 rounded-md px-2 py-1.5 text-left text-[13px]",
                          selected === p.id ? "bg-white/15" : "hover:bg-white/10",
                        )}
                      >
                        <span className="flex size-5 shrink-0 items-center justify-center rounded-full bg-[#e03131] text-[11px] font-bold">
                          {p.number}
                        </span>
                        <span className="min-w-0 flex-1 truncate">{p.label || "No label"}</span>
                        {p.dose ? <span className="text-white/70">{p.dose}</span> : null}
                      </button>
                    </li>
                  ))}
                </ol>
              )}
              {selectedPoint && editable ? (
                <div className="mt-4 flex flex-col gap-2 rounded-lg bg-white/5 p-2.5">
                  <p className="text-[13px] font-semibold">Point {selectedPoint.number}</p>
                  <Input
                    aria-label={`Point ${selectedPoint.number} label`}
                    placeholder="Label, e.g. Glabella"
                    defaultValue={selectedPoint.label ?? ""}
                    key={`l${selectedPoint.id}`}
                    maxLength={80}
                    className="bg-white text-ink"
                    onBlur={(e) =>
                      change(setPointDetails(overlay, selectedPoint.id, { label: e.target.value }))
                    }
                  />
                  <Input
                    aria-label={`Point ${selectedPoint.number} dose`}
                    placeholder="Dose, e.g. 4 units"
                    defaultValue={selectedPoint.dose ?? ""}
                    key={`d${selectedPoint.id}`}
                    maxLength={40}
                    className="bg-white text-ink"
                    onBlur={(e) =>
                      change(setPointDetails(overlay, selectedPoint.id, { dose: e.target.value }))
                    }
                  />
                </div>
              ) : null}
            </aside>
          </div>
        </D.Content>
      </D.Portal>
    </D.Root>
  );
}

function IconButton({
  label,
  onClick,
  disabled,
  children,
}: {
  label: string;
  onClick: () => void;
  disabled?: boolean;
  children: React.ReactNode;
}) {
  return (
    <button
      type="button"
      aria-label={label}
      title={label}
      onClick={onClick}
      disabled={disabled}
      className="flex size-8 items-center justify-center rounded-md text-white/80 hover:bg-white/10 disabled:opacity-30"
    >
      {children}
    </button>
  );
}
