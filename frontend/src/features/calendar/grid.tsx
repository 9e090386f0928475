import { memo, useCallback, useEffect, useLayoutEffect, useMemo, useRef, useState } from "react";
import { cn } from "@/lib/cn";
import type { Column } from "./columns";
import { AppointmentTile } from "./tile";
import { type Day, formatMinute } from "./time";
import { type Gesture, type Ghost, useGridPointer } from "./use-grid-pointer";

export type { Column } from "./columns";

interface Props {
  columns: Column[];
  hours: [number, number];
  timeZone: string;
  step: number;
  defaultLength: number;
  /** Minute of the day now, when one of the columns is today. */
  nowMinute: number | null;
  today: Day;
  selectedId: string | null;
  /** A pending new appointment, kept in view while its form is open. */
  selection: Ghost | null;
  canEdit: boolean;
  canCreate: boolean;
  editable: (id: string) => boolean;
  onGesture: (gesture: Gesture) => void;
  /** Where to scroll to first (a minute of the day). */
  scrollTo: number;
  /** Names what is shown (view and day): the grid lands on `scrollTo` once per key, then stays where staff scroll it. */
  scrollKey: string;
  /** Minimum width of a column, so many providers scroll sideways rather than squash. */
  minColumnWidth: number;
}

export const PX_PER_MINUTE = 1.6;

/** Hour lines every hour, fainter ones at the quarters. */
const gridLines = {
  backgroundImage: `linear-gradient(to bottom, var(--color-line) 1px, transparent 1px), linear-gradient(to bottom, rgb(0 0 0 / 0.035) 1px, transparent 1px)`,
  backgroundSize: `100% ${60 * PX_PER_MINUTE}px, 100% ${15 * PX_PER_MINUTE}px`,
};

const ColumnBody = memo(function ColumnBody({
  column,
  index,
  top,
  height,
  timeZone,
  selectedId,
  canEdit,
  editable,
}: {
  column: Column;
  index: number;
  top: (minute: number) => number;
  height: number;
  timeZone: string;
  selectedId: string | null;
  canEdit: boolean;
  editable: (id: string) => boolean;
}) {
  const shaded = column.working !== undefined;
  return (
    <div
      data-col={index}
      className={cn(
        "relative border-l border-line",
        shaded && "bg-[repeating-linear-gradient(135deg,var(--color-canvas)_0_6px,#eeeef1_6px_7px)]",
      )}
      style={{ height }}
    >
      {column.working?.map(([start, end]) => (
        <div
          key={start}
          className="absolute inset-x-0 bg-surface"
          style={{ top: top(start), height: top(end) - top(start) }}
        />
      ))}
      <div className="pointer-events-none absolute inset-0" style={gridLines} />
      {column.blocks.map((b) => (
        <div
          key={`${b.start}-${b.end}`}
          className="absolute inset-x-1 flex items-start rounded-md border border-line bg-[repeating-linear-gradient(135deg,#f3f3f5_0_6px,#e9e9ee_6px_8px)] px-2 py-1 text-[11px] font-medium text-muted"
          style={{ top: top(b.start), height: top(b.end) - top(b.start) }}
        >
          {b.label}
        </div>
      ))}
      {column.tiles.map((tile) => (
        <AppointmentTile
          key={tile.appointment.id}
          tile={tile}
          top={top}
          timeZone={timeZone}
          selected={tile.appointment.id === selectedId}
          editable={canEdit && editable(tile.appointment.id)}
        />
      ))}
    </div>
  );
});

function GhostBox({ ghost, top, columns }: { ghost: Ghost; top: (m: number) => number; columns: number }) {
  const width = 100 / columns;
  return (
    <div
      aria-hidden="true"
      data-ghost={ghost.kind}
      className={cn(
        "pointer-events-none absolute z-20 rounded-md border-2 px-2 py-1 text-[11px] font-semibold tabular-nums shadow-pop",
        ghost.kind === "create"
          ? "border-brand bg-brand-soft/90 text-brand-ink"
          : "border-brand bg-surface/85 text-ink",
      )}
      style={{
        top: top(ghost.start),
        height: Math.max(top(ghost.end) - top(ghost.start), 16),
        left: `calc(${ghost.column * width}% + 3px)`,
        width: `calc(${width}% - 6px)`,
      }}
    >
      {formatMinute(ghost.start)} – {formatMinute(ghost.end)}
    </div>
  );
}

/**
 * The day grid: a time axis and one column per provider, room or day. Plain positioned
 * elements, no calendar library: 150 appointments in 8 columns is a few hundred nodes.
 */
export function CalendarGrid(props: Props) {
  const { columns, hours, step, timeZone, nowMinute, selectedId, canEdit, canCreate, editable } = props;
  const scroller = useRef<HTMLDivElement>(null);
  const body = useRef<HTMLDivElement>(null);
  const [ghost, setGhost] = useState<Ghost | null>(null);
  const first = hours[0] * 60;
  const height = (hours[1] - hours[0]) * 60 * PX_PER_MINUTE;
  const top = useCallback((minute: number) => (minute - first) * PX_PER_MINUTE, [first]);

  const tiles = useMemo(() => {
    const byId = new Map<string, { id: string; column: number; start: number; end: number }>();
    columns.forEach((c, column) => {
      for (const t of c.tiles)
        byId.set(t.appointment.id, { id: t.appointment.id, column, start: t.start, end: t.end });
    });
    return byId;
  }, [columns]);

  const { onPointerDown, onClickCapture } = useGridPointer({
    body,
    scroller,
    columns: columns.length,
    firstMinute: first,
    pxPerMinute: PX_PER_MINUTE,
    step,
    defaultLength: props.defaultLength,
    canEdit,
    canCreate,
    tileAt: (id) => tiles.get(id),
    editable,
    onGhost: setGhost,
    onGesture: props.onGesture,
  });

  const onClick = (e: React.MouseEvent) => {
    const id = (e.target as HTMLElement).closest<HTMLElement>("[data-appt]")?.dataset.appt;
    if (id) props.onGesture({ kind: "open", id });
  };

  // Land on the working day (or now) rather than midnight.
  // The clock ticking must not pull the grid back, so it lands once per day shown.
  const { scrollTo, scrollKey } = props;
  const landedOn = useRef<string | null>(null);
  useLayoutEffect(() => {
    const el = scroller.current;
    const key = `${scrollKey}@${first}`;
    if (!el || landedOn.current === key) return;
    landedOn.current = key;
    el.scrollTop = Math.max(top(scrollTo) - 24, 0);
  }, [scrollKey, scrollTo, top, first]);

  const template = `repeat(${columns.length}, minmax(${props.minColumnWidth}px, 1fr))`;
  const shown = ghost ?? props.selection;
  const hourMarks = [];
  for (let h = hours[0]; h < hours[1]; h += 1) hourMarks.push(h);

  return (
    <div
      ref={scroller}
      className="relative min-h-0 flex-1 touch-pan-x touch-pan-y overflow-auto overscroll-contain bg-surface select-none [-webkit-touch-callout:none]"
    >
      <div className="min-w-full" style={{ width: "max-content" }}>
        <div className="sticky top-0 z-30 flex border-b border-line bg-surface/95 backdrop-blur">
          <div className="sticky left-0 z-10 w-14 shrink-0 bg-surface sm:w-16" />
          <div className="grid flex-1" style={{ gridTemplateColumns: template }}>
            {columns.map((c) => (
              <ColumnHeader key={c.key} column={c} today={props.today} />
            ))}
          </div>
        </div>
        <div className="flex">
          <div
            className="sticky left-0 z-20 w-14 shrink-0 border-r border-line bg-surface sm:w-16"
            style={{ height }}
          >
            {hourMarks.map((h) => (
              <span
                key={h}
                data-hour={h}
                className="absolute right-2 -translate-y-1/2 text-[11px] text-muted tabular-nums first:translate-y-0.5"
                style={{ top: top(h * 60) }}
              >
                {formatMinute(h * 60)}
              </span>
            ))}
            {nowMinute !== null && nowMinute >= first && nowMinute <= hours[1] * 60 ? (
              <span
                className="absolute right-1 -translate-y-1/2 rounded bg-danger px-1 text-[10px] font-semibold text-white tabular-nums"
                style={{ top: top(nowMinute) }}
              >
                {formatMinute(Math.floor(nowMinute))}
              </span>
            ) : null}
          </div>
          {/* biome-ignore lint/a11y/noStaticElementInteractions: pointer gestures; every action also has a keyboard path (tiles are buttons, N books, the panel reschedules) */}
          {/* biome-ignore lint/a11y/useKeyWithClickEvents: clicks reach tile buttons, which handle keys themselves */}
          <div
            ref={body}
            className="relative grid flex-1"
            style={{ gridTemplateColumns: template }}
            onPointerDown={onPointerDown}
            onClickCapture={onClickCapture}
            onClick={onClick}
          >
            {columns.map((c, i) => (
              <ColumnBody
                key={c.key}
                column={c}
                index={i}
                top={top}
                height={height}
                timeZone={timeZone}
                selectedId={selectedId}
                canEdit={canEdit}
                editable={editable}
              />
            ))}
            {nowMinute !== null ? (
              <NowLine
                columns={columns}
                today={props.today}
                top={top(nowMinute)}
                visible={nowMinute >= first && nowMinute <= hours[1] * 60}
              />
            ) : null}
            {shown ? <GhostBox ghost={shown} top={top} columns={columns.length} /> : null}
          </div>
        </div>
      </div>
    </div>
  );
}

function ColumnHeader({ column, today }: { column: Column; today: Day }) {
  const isToday = column.day === today;
  return (
    <div
      data-column={column.title}
      className="flex min-w-0 items-center gap-2 border-l border-line px-2.5 py-2"
    >
      {column.color ? (
        <span
          className="size-2.5 shrink-0 rounded-full"
          style={{ backgroundColor: column.color }}
          aria-hidden="true"
        />
      ) : null}
      <div className="min-w-0">
        <p
          className={cn(
            "truncate text-[13px] font-semibold",
            isToday && !column.color ? "text-brand" : "text-ink",
          )}
        >
          {column.title}
        </p>
        {column.subtitle ? <p className="truncate text-[11px] text-muted">{column.subtitle}</p> : null}
      </div>
    </div>
  );
}

function NowLine({
  columns,
  today,
  top,
  visible,
}: {
  columns: Column[];
  today: Day;
  top: number;
  visible: boolean;
}) {
  if (!visible) return null;
  const width = 100 / columns.length;
  const first = columns.findIndex((c) => c.day === today);
  const count = columns.filter((c) => c.day === today).length;
  if (first < 0) return null;
  return (
    <div
      aria-hidden="true"
      data-now-line
      className="pointer-events-none absolute z-10 h-0.5 bg-danger"
      style={{ top, left: `${first * width}%`, width: `${count * width}%` }}
    >
      <span className="absolute -top-[3px] -left-1 size-2 rounded-full bg-danger" />
    </div>
  );
}

/** Re-renders once a minute, for the now-line. */
export function useNow(): Date {
  const [now, setNow] = useState(() => new Date());
  useEffect(() => {
    const timer = window.setInterval(() => setNow(new Date()), 60_000);
    return () => window.clearInterval(timer);
  }, []);
  return now;
}
