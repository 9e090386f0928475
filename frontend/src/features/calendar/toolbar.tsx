import { CalendarDays, ChevronLeft, ChevronRight, Keyboard, ListFilter, Plus } from "lucide-react";
import { useState } from "react";
import { Button } from "@/components/ui/button";
import { Select } from "@/components/ui/input";
import { Kbd } from "@/components/ui/kbd";
import { Popover, PopoverContent, PopoverTrigger } from "@/components/ui/popover";
import { cn } from "@/lib/cn";
import type { AppointmentStatus, Provider, Room } from "./api";
import type { GroupBy } from "./columns";
import { MonthPicker } from "./date-picker";
import { ALL_STATUSES, DEFAULT_STATUSES, STATUS } from "./status";
import { type Day, daysOf, formatDayAs, step, type View } from "./time";

export interface CalendarState {
  day: Day;
  view: View;
  by: GroupBy;
  providerIds: string[];
  roomIds: string[];
  statuses: AppointmentStatus[];
  step: 5 | 15;
}

interface Props {
  state: CalendarState;
  today: Day;
  providers: Provider[];
  rooms: Room[];
  /** Whether the status filter is anything but the default. */
  filtered: boolean;
  canBook: boolean;
  phone: boolean;
  onChange: (change: Partial<CalendarState>) => void;
  onNew: () => void;
  fetching: boolean;
}

function Segmented<T extends string>({
  value,
  options,
  onChange,
  label,
}: {
  value: T;
  options: { value: T; label: string; hint?: string }[];
  onChange: (value: T) => void;
  label: string;
}) {
  return (
    <fieldset className="flex h-9 items-center rounded-lg border border-line bg-canvas p-0.5">
      <legend className="sr-only">{label}</legend>
      {options.map((o) => (
        <button
          key={o.value}
          type="button"
          aria-pressed={o.value === value}
          title={o.hint}
          onClick={() => onChange(o.value)}
          className={cn(
            "h-full rounded-md px-2.5 text-[13px] font-medium transition-colors",
            o.value === value ? "bg-surface text-ink shadow-card" : "text-muted hover:text-ink",
          )}
        >
          {o.label}
        </button>
      ))}
    </fieldset>
  );
}

function toggle<T>(list: T[], item: T, all: T[]): T[] {
  const base = list.length ? list : all;
  const next = base.includes(item) ? base.filter((x) => x !== item) : [...base, item];
  if (!next.length) return list; // at least one stays shown
  return next.length === all.length ? [] : next;
}

function Check({
  checked,
  onChange,
  children,
}: {
  checked: boolean;
  onChange: () => void;
  children: React.ReactNode;
}) {
  return (
    <label className="flex h-8 cursor-pointer items-center gap-2.5 rounded-md px-2 text-[13px] text-ink hover:bg-black/[0.04]">
      <input
        type="checkbox"
        checked={checked}
        onChange={onChange}
        className="size-4 accent-[var(--color-brand)]"
      />
      {children}
    </label>
  );
}

function Filters({
  state,
  providers,
  rooms,
  onChange,
  active,
}: {
  state: CalendarState;
  providers: Provider[];
  rooms: Room[];
  onChange: (change: Partial<CalendarState>) => void;
  active: number;
}) {
  const providerIds = providers.map((p) => p.userId);
  const roomIds = rooms.map((r) => r.id);
  const shownProvider = (id: string) => !state.providerIds.length || state.providerIds.includes(id);
  const shownRoom = (id: string) => !state.roomIds.length || state.roomIds.includes(id);
  return (
    <Popover>
      <PopoverTrigger asChild>
        <Button size="md" aria-label={active ? `Filters, ${active} on` : "Filters"}>
          <ListFilter className="size-4" aria-hidden="true" />
          <span className="hidden @4xl:inline">Filters</span>
          {active ? (
            <span className="rounded-full bg-brand px-1.5 text-[11px] font-semibold text-white">
              {active}
            </span>
          ) : null}
        </Button>
      </PopoverTrigger>
      <PopoverContent align="end" className="max-h-[70dvh] w-72 overflow-y-auto">
        <p className="px-2 pt-1 pb-1 text-[11px] font-semibold tracking-wide text-faint uppercase">
          Providers
        </p>
        {providers.map((p) => (
          <Check
            key={p.userId}
            checked={shownProvider(p.userId)}
            onChange={() => onChange({ providerIds: toggle(state.providerIds, p.userId, providerIds) })}
          >
            <span className="size-2.5 rounded-full" style={{ backgroundColor: p.color }} aria-hidden="true" />
            {p.displayName}
          </Check>
        ))}
        {state.by === "room" && rooms.length ? (
          <>
            <p className="px-2 pt-3 pb-1 text-[11px] font-semibold tracking-wide text-faint uppercase">
              Rooms
            </p>
            {rooms.map((r) => (
              <Check
                key={r.id}
                checked={shownRoom(r.id)}
                onChange={() => onChange({ roomIds: toggle(state.roomIds, r.id, roomIds) })}
              >
                {r.name}
              </Check>
            ))}
          </>
        ) : null}
        <p className="px-2 pt-3 pb-1 text-[11px] font-semibold tracking-wide text-faint uppercase">
          Statuses
        </p>
        {ALL_STATUSES.map((s) => {
          const Icon = STATUS[s].icon;
          return (
            <Check
              key={s}
              checked={state.statuses.includes(s)}
              onChange={() =>
                onChange({
                  statuses: state.statuses.includes(s)
                    ? state.statuses.filter((x) => x !== s)
                    : ALL_STATUSES.filter((x) => x === s || state.statuses.includes(x)),
                })
              }
            >
              <Icon className="size-3.5 text-muted" aria-hidden="true" />
              {STATUS[s].label}
            </Check>
          );
        })}
        <div className="mt-2 flex items-center justify-between border-t border-line px-2 pt-2.5">
          <p className="text-[13px] text-ink-soft">Drag in steps of</p>
          <Segmented
            label="Snap to"
            value={String(state.step) as "5" | "15"}
            onChange={(v) => onChange({ step: v === "5" ? 5 : 15 })}
            options={[
              { value: "5", label: "5 min" },
              { value: "15", label: "15 min" },
            ]}
          />
        </div>
        {active ? (
          <div className="mt-2 border-t border-line px-2 pt-2">
            <button
              type="button"
              className="text-[13px] font-medium text-brand hover:underline"
              onClick={() => onChange({ providerIds: [], roomIds: [], statuses: DEFAULT_STATUSES })}
            >
              Reset filters
            </button>
          </div>
        ) : null}
      </PopoverContent>
    </Popover>
  );
}

function title(state: CalendarState, short = false): string {
  if (state.view === "day") return formatDayAs(state.day, short ? "EEE d MMM" : "EEEE d MMMM");
  const days = daysOf("week", state.day);
  const first = days[0] ?? state.day;
  const last = days[6] ?? state.day;
  const sameMonth = first.slice(0, 7) === last.slice(0, 7);
  if (short) return `${formatDayAs(first, sameMonth ? "d" : "d MMM")}–${formatDayAs(last, "d MMM")}`;
  return sameMonth
    ? `${formatDayAs(first, "d")} – ${formatDayAs(last, "d MMMM yyyy")}`
    : `${formatDayAs(first, "d MMM")} – ${formatDayAs(last, "d MMM yyyy")}`;
}

export function Shortcuts() {
  const rows: [string, string][] = [
    ["T", "Today"],
    ["← →", "Previous / next"],
    ["D / W", "Day / week"],
    ["R", "Providers / rooms"],
    ["N", "New appointment"],
    ["Esc", "Close"],
  ];
  return (
    <Popover>
      <PopoverTrigger asChild>
        <Button
          variant="ghost"
          size="icon"
          aria-label="Keyboard shortcuts"
          className="hidden @4xl:inline-flex"
        >
          <Keyboard className="size-4" />
        </Button>
      </PopoverTrigger>
      <PopoverContent align="end" className="w-60">
        <p className="px-1 pb-2 text-[13px] font-semibold text-ink">Shortcuts</p>
        <dl className="flex flex-col gap-1.5 px-1 pb-1">
          {rows.map(([keys, what]) => (
            <div key={keys} className="flex items-center justify-between text-[13px] text-ink-soft">
              <dt>{what}</dt>
              <dd className="flex gap-1">
                {keys.split(" ").map((k) => (
                  <Kbd key={k}>{k}</Kbd>
                ))}
              </dd>
            </div>
          ))}
        </dl>
      </PopoverContent>
    </Popover>
  );
}

export function CalendarToolbar(props: Props) {
  const { state, onChange, today } = props;
  const [picking, setPicking] = useState(false);
  const activeFilters =
    (state.providerIds.length ? 1 : 0) + (state.roomIds.length ? 1 : 0) + (props.filtered ? 1 : 0);
  return (
    <div className="@container border-b border-line bg-surface">
      <div className="flex flex-wrap items-center gap-2 px-3 py-2.5 sm:px-4">
        <Button
          onClick={() => onChange({ day: today })}
          disabled={state.day === today && state.view === "day"}
        >
          Today
        </Button>
        <div className="flex items-center">
          <Button
            variant="ghost"
            size="icon"
            aria-label={state.view === "day" ? "Previous day" : "Previous week"}
            onClick={() => onChange({ day: step(state.view, state.day, -1) })}
          >
            <ChevronLeft className="size-4" />
          </Button>
          <Button
            variant="ghost"
            size="icon"
            aria-label={state.view === "day" ? "Next day" : "Next week"}
            onClick={() => onChange({ day: step(state.view, state.day, 1) })}
          >
            <ChevronRight className="size-4" />
          </Button>
        </div>
        <Popover open={picking} onOpenChange={setPicking}>
          <PopoverTrigger asChild>
            <button
              type="button"
              className="flex min-w-0 items-center gap-2 rounded-lg px-2 py-1 text-left hover:bg-black/[0.04]"
              aria-label={`Choose a date, showing ${title(state)}`}
            >
              <h1 className="truncate text-[15px] font-semibold tracking-tight text-ink sm:text-lg">
                <span className="@4xl:hidden">{title(state, true)}</span>
                <span className="hidden @4xl:inline">{title(state)}</span>
              </h1>
              <CalendarDays className="size-4 shrink-0 text-muted" aria-hidden="true" />
              {props.fetching ? (
                <span className="size-1.5 animate-pulse rounded-full bg-brand" aria-hidden="true" />
              ) : null}
            </button>
          </PopoverTrigger>
          <PopoverContent className="w-auto">
            <MonthPicker
              value={state.day}
              today={today}
              onPick={(day) => {
                onChange({ day });
                setPicking(false);
              }}
            />
          </PopoverContent>
        </Popover>
        <div className="ml-auto flex items-center gap-2">
          {props.phone ? null : (
            <Segmented
              label="View"
              value={state.view}
              onChange={(view) => onChange({ view })}
              options={[
                { value: "day", label: "Day", hint: "Day (D)" },
                { value: "week", label: "Week", hint: "Week (W)" },
              ]}
            />
          )}
          {state.view === "week" && props.providers.length > 1 ? (
            <Select
              aria-label="Whose week"
              className="w-auto min-w-40"
              value={state.providerIds.length === 1 ? state.providerIds[0] : ""}
              onChange={(e) => onChange({ providerIds: e.target.value ? [e.target.value] : [] })}
            >
              <option value="">All providers</option>
              {props.providers.map((p) => (
                <option key={p.userId} value={p.userId}>
                  {p.displayName}
                </option>
              ))}
            </Select>
          ) : null}
          {state.view === "day" && !props.phone ? (
            <Segmented
              label="Columns"
              value={state.by}
              onChange={(by) => onChange({ by })}
              options={[
                { value: "provider", label: "Providers", hint: "One column per provider (R)" },
                { value: "room", label: "Rooms", hint: "One column per room (R)" },
              ]}
            />
          ) : null}
          <Filters
            state={state}
            providers={props.providers}
            rooms={props.rooms}
            onChange={onChange}
            active={activeFilters}
          />
          <Shortcuts />
          {props.canBook ? (
            <Button variant="primary" onClick={props.onNew} aria-label="New appointment">
              <Plus className="size-4" aria-hidden="true" />
              <span className="hidden @4xl:inline">New</span>
            </Button>
          ) : null}
        </div>
      </div>
    </div>
  );
}
