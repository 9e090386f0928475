import { useQuery, useQueryClient } from "@tanstack/react-query";
import { Link, useNavigate, useSearch } from "@tanstack/react-router";
import { CalendarDays, DoorClosed } from "lucide-react";
import { useCallback, useEffect, useMemo, useState } from "react";
import { Button } from "@/components/ui/button";
import { Skeleton } from "@/components/ui/skeleton";
import { EmptyState, ErrorState } from "@/components/ui/states";
import { useToast } from "@/components/ui/toast";
import { cn } from "@/lib/cn";
import { useCan, useMe } from "@/lib/session";
import { useMediaQuery } from "@/lib/use-media-query";
import {
  type Appointment,
  type AppointmentStatus,
  type CalendarData,
  providersQuery,
  rangeQuery,
  roomsQuery,
  servicesQuery,
  useChangeAppointment,
} from "./api";
import { AppointmentPanel } from "./appointment-panel";
import { buildLayout, type GroupBy } from "./columns";
import { CalendarGrid, useNow } from "./grid";
import { type Draft, QuickCreatePopover } from "./quick-create";
import { ALL_STATUSES, DEFAULT_STATUSES, movable } from "./status";
import { type Day, daysOf, instantAt, isDay, minuteOn, rangeOf, step, todayIn, type View } from "./time";
import { type CalendarState, CalendarToolbar } from "./toolbar";
import type { Gesture } from "./use-grid-pointer";

export interface CalendarSearch {
  date?: Day | undefined;
  view?: View | undefined;
  by?: GroupBy | undefined;
  /** Comma-separated ids. */
  providers?: string | undefined;
  rooms?: string | undefined;
  statuses?: string | undefined;
  /** The appointment open in the side panel. */
  appt?: string | undefined;
}

const text = (v: unknown) => (typeof v === "string" && v ? v : undefined);

export function validateCalendarSearch(search: Record<string, unknown>): CalendarSearch {
  return {
    date: isDay(search.date) ? search.date : undefined,
    view: search.view === "week" || search.view === "day" ? search.view : undefined,
    by: search.by === "room" || search.by === "provider" ? search.by : undefined,
    providers: text(search.providers),
    rooms: text(search.rooms),
    statuses: text(search.statuses),
    appt: text(search.appt),
  };
}

const STEP_KEY = "contour:calendar-step";
const list = (v: string | undefined) => (v ? v.split(",").filter(Boolean) : []);

function sameSet<T>(a: T[], b: T[]) {
  return a.length === b.length && a.every((x) => b.includes(x));
}

function useTyping() {
  return (e: KeyboardEvent) => {
    const t = e.target as HTMLElement | null;
    return (
      !!t &&
      (t.isContentEditable ||
        ["INPUT", "TEXTAREA", "SELECT"].includes(t.tagName) ||
        !!t.closest("[role=dialog]"))
    );
  };
}

export function CalendarPage() {
  const search = useSearch({ from: "/app/calendar" });
  const navigate = useNavigate({ from: "/calendar" });
  const queryClient = useQueryClient();
  const toast = useToast();
  const me = useMe();
  const timeZone = me.clinic.timezone;
  const now = useNow();
  const today = todayIn(timeZone, now);
  const phone = useMediaQuery("(max-width: 639px)");
  const canBook = useCan("appointments:write");
  const canSetUp = useCan("settings:write");
  const [stepMinutes, setStepMinutes] = useState<5 | 15>(() =>
    localStorage.getItem(STEP_KEY) === "5" ? 5 : 15,
  );
  const [draft, setDraft] = useState<Draft | null>(null);
  const [focusProvider, setFocusProvider] = useState<string | null>(null);

  const statuses = useMemo(() => {
    const picked = list(search.statuses).filter((s): s is AppointmentStatus =>
      (ALL_STATUSES as string[]).includes(s),
    );
    return picked.length ? picked : DEFAULT_STATUSES;
  }, [search.statuses]);
  const state: CalendarState = {
    day: search.date ?? today,
    view: phone ? "day" : (search.view ?? "day"),
    by: phone ? "provider" : (search.by ?? "provider"),
    providerIds: list(search.providers),
    roomIds: list(search.rooms),
    statuses,
    step: stepMinutes,
  };

  const change = useCallback(
    (next: Partial<CalendarState>) => {
      if (next.step) {
        localStorage.setItem(STEP_KEY, String(next.step));
        setStepMinutes(next.step);
      }
      setDraft(null);
      void navigate({
        search: (s: CalendarSearch) => {
          const out: CalendarSearch = { ...s };
          if (next.day !== undefined) out.date = next.day === today ? undefined : next.day;
          if (next.view !== undefined) out.view = next.view === "day" ? undefined : next.view;
          if (next.by !== undefined) out.by = next.by === "provider" ? undefined : next.by;
          if (next.providerIds !== undefined) out.providers = next.providerIds.join(",") || undefined;
          if (next.roomIds !== undefined) out.rooms = next.roomIds.join(",") || undefined;
          if (next.statuses !== undefined)
            out.statuses = sameSet(next.statuses, DEFAULT_STATUSES) ? undefined : next.statuses.join(",");
          return out;
        },
        replace: next.day === undefined,
      });
    },
    [navigate, today],
  );

  const providers = useQuery(providersQuery);
  const rooms = useQuery(roomsQuery);
  const services = useQuery(servicesQuery);
  const activeProviders = useMemo(() => (providers.data ?? []).filter((p) => p.active), [providers.data]);
  const activeRooms = useMemo(() => (rooms.data ?? []).filter((r) => !r.archived), [rooms.data]);

  const rangeFor = useCallback(
    (day: Day) => ({
      ...rangeOf(state.view, day, timeZone),
      providerIds: state.providerIds.length ? state.providerIds : undefined,
      roomIds: state.by === "room" && state.roomIds.length ? state.roomIds : undefined,
      statuses: statuses.length === ALL_STATUSES.length ? undefined : statuses,
    }),
    [state.view, state.providerIds, state.roomIds, state.by, statuses, timeZone],
  );
  const range = useQuery(rangeQuery(rangeFor(state.day)));

  // The next and previous day or week are one click away: have them ready.
  useEffect(() => {
    if (!range.isSuccess) return;
    for (const direction of [1, -1] as const) {
      void queryClient.prefetchQuery(rangeQuery(rangeFor(step(state.view, state.day, direction))));
    }
  }, [range.isSuccess, queryClient, rangeFor, state.view, state.day]);

  const shownProviders = useMemo(() => {
    const filtered = activeProviders.filter(
      (p) => !state.providerIds.length || state.providerIds.includes(p.userId),
    );
    if (!phone) return filtered;
    const focus = filtered.find((p) => p.userId === focusProvider) ?? filtered[0];
    return focus ? [focus] : [];
  }, [activeProviders, state.providerIds, phone, focusProvider]);
  const shownRooms = useMemo(
    () => activeRooms.filter((r) => !state.roomIds.length || state.roomIds.includes(r.id)),
    [activeRooms, state.roomIds],
  );

  const data: CalendarData | undefined = range.data;
  const layout = useMemo(
    () =>
      data
        ? buildLayout({
            view: state.view,
            by: state.by,
            day: state.day,
            timeZone,
            providers: shownProviders,
            rooms: shownRooms,
            data,
          })
        : null,
    [data, state.view, state.by, state.day, timeZone, shownProviders, shownRooms],
  );
  const byId = useMemo(() => new Map((data?.appointments ?? []).map((a) => [a.id, a])), [data]);
  const editable = useCallback(
    (id: string) => {
      const a = byId.get(id);
      return !!a && movable(a.status);
    },
    [byId],
  );

  const changeAppointment = useChangeAppointment();
  const refused = useCallback(
    (error: unknown) => toast.error(error, "That time didn’t work, so the appointment stayed put"),
    [toast],
  );
  const warnIfOutside = useCallback(
    (booked: { outsideWorkingHours: boolean; appointment: Appointment }) => {
      if (booked.outsideWorkingHours) {
        toast.warning(
          "Moved outside working hours",
          `${booked.appointment.providerName} isn’t scheduled then.`,
        );
      }
    },
    [toast],
  );

  const onGesture = useCallback(
    (g: Gesture) => {
      const columns = layout?.columns ?? [];
      if (g.kind === "open") {
        setDraft(null);
        void navigate({ search: (s: CalendarSearch) => ({ ...s, appt: g.id }) });
        return;
      }
      if (g.kind === "create") {
        const column = columns[g.column];
        if (column && canBook) setDraft({ column, start: g.start, end: g.end, dragged: g.dragged });
        return;
      }
      const a = byId.get(g.id);
      if (!a) return;
      const startsMs = Date.parse(a.startsAt);
      const length = Date.parse(a.endsAt) - startsMs;
      const buffer = Date.parse(a.blockedUntil) - Date.parse(a.endsAt);
      if (g.kind === "move") {
        const column = columns[g.column];
        if (!column) return;
        const starts = instantAt(column.day, g.start, timeZone);
        const ends = new Date(starts.getTime() + length);
        const provider =
          column.providerId && column.providerId !== a.providerId ? column.providerId : undefined;
        const roomChange =
          state.by === "room" && state.view === "day" && (column.roomId ?? null) !== (a.roomId ?? null);
        const room = activeRooms.find((r) => r.id === column.roomId);
        changeAppointment.mutate(
          {
            id: a.id,
            patch: {
              startsAt: starts.toISOString(),
              ...(provider ? { providerId: provider } : {}),
              ...(roomChange ? { roomId: column.roomId ?? null } : {}),
            },
            optimistic: {
              startsAt: starts.toISOString(),
              endsAt: ends.toISOString(),
              blockedUntil: new Date(ends.getTime() + buffer).toISOString(),
              ...(provider
                ? {
                    providerId: provider,
                    providerName:
                      activeProviders.find((p) => p.userId === provider)?.displayName ?? a.providerName,
                  }
                : {}),
              ...(roomChange ? { roomId: column.roomId, roomName: room?.name } : {}),
            },
          },
          { onError: refused, onSuccess: warnIfOutside },
        );
        return;
      }
      const column = columns.find((c) => c.tiles.some((t) => t.appointment.id === a.id));
      if (!column) return;
      const ends = instantAt(column.day, g.end, timeZone);
      changeAppointment.mutate(
        {
          id: a.id,
          patch: { endsAt: ends.toISOString() },
          optimistic: {
            endsAt: ends.toISOString(),
            blockedUntil: new Date(ends.getTime() + buffer).toISOString(),
          },
        },
        { onError: refused, onSuccess: warnIfOutside },
      );
    },
    [
      layout,
      byId,
      canBook,
      navigate,
      timeZone,
      state.by,
      state.view,
      activeRooms,
      activeProviders,
      changeAppointment,
      refused,
      warnIfOutside,
    ],
  );

  const closePanel = useCallback(
    () => void navigate({ search: (s: CalendarSearch) => ({ ...s, appt: undefined }) }),
    [navigate],
  );

  /** A new appointment at the next free-looking moment: now on today, else the working day's start. */
  const startNew = useCallback(() => {
    const column = layout?.columns.find((c) => c.day === today) ?? layout?.columns[0];
    if (!column || !layout) return;
    const minute =
      column.day === today
        ? Math.ceil(minuteOn(today, now, timeZone) / stepMinutes) * stepMinutes
        : layout.firstWorkingMinute;
    const start = Math.min(minute, 1440 - 30);
    setDraft({ column, start, end: start + 30, dragged: false });
  }, [layout, today, now, timeZone, stepMinutes]);

  const typing = useTyping();
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.metaKey || e.ctrlKey || e.altKey || typing(e) || draft) return;
      const k = e.key;
      if (k === "Escape" && search.appt) closePanel();
      else if (k === "t") change({ day: today });
      else if (k === "ArrowLeft" || k === "j") change({ day: step(state.view, state.day, -1) });
      else if (k === "ArrowRight" || k === "k") change({ day: step(state.view, state.day, 1) });
      else if (k === "d" && !phone) change({ view: "day" });
      else if (k === "w" && !phone) change({ view: "week" });
      else if (k === "r" && state.view === "day" && !phone)
        change({ by: state.by === "room" ? "provider" : "room" });
      else if (k === "n" && canBook) startNew();
      else return;
      e.preventDefault();
    };
    window.addEventListener("keydown", onKey);
    return () => window.removeEventListener("keydown", onKey);
  }, [
    typing,
    draft,
    search.appt,
    closePanel,
    change,
    today,
    state.view,
    state.day,
    state.by,
    phone,
    canBook,
    startNew,
  ]);

  const columns = layout?.columns ?? [];
  const selection = draft
    ? {
        kind: "create" as const,
        column: Math.max(
          columns.findIndex((c) => c.key === draft.column.key),
          0,
        ),
        start: draft.start,
        end: draft.end,
      }
    : null;
  const scrollTo =
    state.day === today || daysOf(state.view, state.day).includes(today)
      ? Math.max(minuteOn(today, now, timeZone) - 90, layout?.hours[0] ? layout.hours[0] * 60 : 0)
      : (layout?.firstWorkingMinute ?? 540) - 30;
  const showsToday = columns.some((c) => c.day === today);
  const nowMinute = showsToday ? minuteOn(today, now, timeZone) : null;

  const loadError = providers.error ?? rooms.error ?? range.error;
  let body: React.ReactNode;
  if (loadError && !data) {
    body = (
      <ErrorState
        error={loadError}
        retry={() => {
          void providers.refetch();
          void rooms.refetch();
          void range.refetch();
        }}
      />
    );
  } else if (!layout || providers.isPending || rooms.isPending) {
    body = <GridSkeleton />;
  } else if (activeProviders.length === 0) {
    body = (
      <EmptyState
        icon={CalendarDays}
        title="No one is on the calendar yet"
        body={
          canSetUp
            ? "Add your providers, their working hours and the services they perform, and the calendar fills in."
            : "Ask the clinic owner to add providers and their hours in Settings."
        }
        action={
          canSetUp ? (
            <Button asChild variant="primary">
              <Link to="/settings/providers">Set up providers</Link>
            </Button>
          ) : undefined
        }
      />
    );
  } else if (state.view === "day" && state.by === "room" && columns.length === 0) {
    body = (
      <EmptyState
        icon={DoorClosed}
        title="No rooms yet"
        body="Add your treatment rooms in Settings to see the day room by room."
        action={
          canSetUp ? (
            <Button asChild>
              <Link to="/settings/rooms">Add rooms</Link>
            </Button>
          ) : undefined
        }
      />
    );
  } else {
    body = (
      <CalendarGrid
        columns={columns}
        hours={layout.hours}
        timeZone={timeZone}
        step={stepMinutes}
        defaultLength={30}
        nowMinute={nowMinute}
        today={today}
        selectedId={search.appt ?? null}
        selection={selection}
        canEdit={canBook}
        canCreate={canBook && !draft}
        editable={editable}
        onGesture={onGesture}
        scrollTo={scrollTo}
        scrollKey={`${state.view}:${state.day}`}
        minColumnWidth={state.view === "week" ? 120 : phone ? 260 : 168}
      />
    );
  }

  return (
    <div className="flex h-[calc(100dvh-3.5rem)] min-h-0 lg:h-dvh">
      <div className="flex min-w-0 flex-1 flex-col">
        <CalendarToolbar
          state={state}
          today={today}
          providers={activeProviders}
          rooms={activeRooms}
          filtered={!sameSet(statuses, DEFAULT_STATUSES)}
          canBook={canBook && columns.length > 0}
          phone={phone}
          onChange={change}
          onNew={startNew}
          fetching={range.isFetching && !range.isPending}
        />
        {phone && activeProviders.length > 1 ? (
          <div
            className="flex gap-1.5 overflow-x-auto border-b border-line bg-surface px-3 py-2"
            role="tablist"
            aria-label="Provider"
          >
            {activeProviders.map((p) => {
              const on = shownProviders[0]?.userId === p.userId;
              return (
                <button
                  key={p.userId}
                  type="button"
                  role="tab"
                  aria-selected={on}
                  onClick={() => setFocusProvider(p.userId)}
                  className={cn(
                    "flex h-8 shrink-0 items-center gap-1.5 rounded-full border px-3 text-[13px] font-medium",
                    on ? "border-brand bg-brand-soft text-brand-ink" : "border-line text-ink-soft",
                  )}
                >
                  <span
                    className="size-2 rounded-full"
                    style={{ backgroundColor: p.color }}
                    aria-hidden="true"
                  />
                  {p.displayName}
                </button>
              );
            })}
          </div>
        ) : null}
        {body}
      </div>
      {search.appt ? (
        <AppointmentPanel
          key={search.appt}
          id={search.appt}
          cached={byId.get(search.appt)}
          timeZone={timeZone}
          providers={activeProviders}
          rooms={activeRooms}
          onClose={closePanel}
        />
      ) : null}
      {draft ? (
        <QuickCreatePopover
          open
          draft={draft}
          timeZone={timeZone}
          providers={activeProviders}
          rooms={activeRooms}
          services={services.data ?? []}
          onClose={() => setDraft(null)}
          onBooked={(a) => {
            setDraft(null);
            void navigate({ search: (s: CalendarSearch) => ({ ...s, appt: a.id }) });
          }}
        />
      ) : null}
    </div>
  );
}

function GridSkeleton() {
  return (
    <div
      role="status"
      aria-busy="true"
      aria-label="Loading the calendar"
      className="flex flex-1 gap-px overflow-hidden bg-line/40 p-px"
    >
      <div className="w-16 bg-surface" />
      {[0, 1, 2, 3].map((i) => (
        <div key={i} className="flex flex-1 flex-col gap-3 bg-surface p-3">
          <Skeleton className="h-4 w-24" />
          <Skeleton className="mt-10 h-16 w-full" />
          <Skeleton className="h-10 w-full" />
          <Skeleton className="mt-8 h-24 w-full" />
        </div>
      ))}
    </div>
  );
}
