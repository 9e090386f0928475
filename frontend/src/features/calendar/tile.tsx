import { AlertTriangle, Globe } from "lucide-react";
import { memo } from "react";
import { cn } from "@/lib/cn";
import type { Appointment } from "./api";
import { STATUS } from "./status";
import { formatIn, formatSpan } from "./time";

export interface Tile {
  appointment: Appointment;
  /** Wall-clock minutes on the column's day. */
  start: number;
  end: number;
  /** Where the service's clean-up buffer ends. */
  blockedEnd: number;
  lane: number;
  lanes: number;
}

interface Props {
  tile: Tile;
  top: (minute: number) => number;
  timeZone: string;
  selected: boolean;
  /** Whether it can be dragged and resized. */
  editable: boolean;
}

export function patientLabel(
  a: Pick<Appointment, "patientFirstName" | "patientLastName" | "patientPreferredName">,
) {
  const first = a.patientPreferredName || a.patientFirstName;
  return `${first} ${a.patientLastName}`;
}

/** One appointment on the grid. Pointer handling lives on the grid, found by `data-appt`. */
export const AppointmentTile = memo(function AppointmentTile({
  tile,
  top,
  timeZone,
  selected,
  editable,
}: Props) {
  const a = tile.appointment;
  const look = STATUS[a.status];
  const y = top(tile.start);
  const height = Math.max(top(tile.end) - y, 20);
  const buffer = top(tile.blockedEnd) - top(tile.end);
  const width = 100 / tile.lanes;
  // Short tiles say less: a name, then the service and time on one line, then three lines.
  const lines = height < 36 ? 1 : height < 60 ? 2 : 3;
  const time = formatSpan(a.startsAt, a.endsAt, timeZone);
  const name = patientLabel(a);
  return (
    <div
      className="absolute px-px"
      style={{
        top: y,
        left: `${tile.lane * width}%`,
        width: `${width}%`,
        height: height + Math.max(buffer, 0),
      }}
    >
      <button
        type="button"
        data-appt={a.id}
        data-status={a.status}
        aria-label={`${name}, ${a.serviceName} with ${a.providerName}, ${time}, ${look.label}${a.hasAllergies ? ", has allergies" : ""}`}
        aria-pressed={selected}
        className={cn(
          "group relative flex w-full flex-col overflow-hidden rounded-md border border-l-[3px] border-line-strong pr-1 pl-1.5 text-left text-ink shadow-card",
          "transition-shadow hover:shadow-pop focus-visible:z-10 data-[dragging=true]:opacity-40",
          look.tile,
          selected && "z-10 ring-2 ring-brand",
          editable ? "cursor-grab active:cursor-grabbing" : "cursor-pointer",
          lines === 1 ? "justify-center py-0" : "py-1",
        )}
        style={{ height, borderLeftColor: a.serviceColor }}
      >
        <span className="flex min-w-0 items-center gap-1 text-[12px] leading-4 font-semibold">
          <look.icon className="size-3 shrink-0 text-ink-soft" aria-hidden="true" />
          {a.hasAllergies ? (
            <AlertTriangle className="size-3 shrink-0 text-danger" aria-hidden="true" />
          ) : null}
          <span className="truncate">{name}</span>
          {a.source === "online" ? <Globe className="size-3 shrink-0 text-muted" aria-hidden="true" /> : null}
        </span>
        {lines === 2 ? (
          <span className="truncate text-[11px] leading-4 text-ink-soft">
            <span className="tabular-nums">{formatIn(a.startsAt, timeZone, "h:mm")}</span> · {a.serviceName}
          </span>
        ) : null}
        {lines === 3 ? (
          <>
            <span className="truncate text-[11px] leading-4 text-ink-soft">{a.serviceName}</span>
            <span className="truncate text-[11px] leading-4 text-muted tabular-nums">{time}</span>
          </>
        ) : null}
        {editable ? (
          <span
            data-resize={a.id}
            aria-hidden="true"
            className="absolute inset-x-0 bottom-0 h-2 cursor-ns-resize opacity-0 group-hover:opacity-100"
          >
            <span className="mx-auto mt-0.5 block h-1 w-6 rounded-full bg-ink/25" />
          </span>
        ) : null}
      </button>
      {buffer > 0 ? (
        <div
          aria-hidden="true"
          className="rounded-b-md bg-[repeating-linear-gradient(135deg,transparent_0_4px,rgb(0_0_0/0.06)_4px_6px)]"
          style={{ height: buffer }}
        />
      ) : null}
    </div>
  );
});
