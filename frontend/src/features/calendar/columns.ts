import type { Appointment, CalendarData, Provider, Room } from "./api";
import { placeInLanes, visibleHours } from "./layout";
import type { Tile } from "./tile";
import { type Day, daysOf, formatDayAs, minuteOn, type View } from "./time";

export interface Column {
  key: string;
  day: Day;
  /** Set when everything in the column is one provider's: drops here go to them. */
  providerId?: string | undefined;
  /** Set for room columns: drops here go to the room. */
  roomId?: string | undefined;
  title: string;
  subtitle?: string | undefined;
  color?: string | undefined;
  /** Working time as wall-clock minute spans; the rest is shaded. None: nothing is shaded. */
  working?: [number, number][] | undefined;
  blocks: { start: number; end: number; label: string }[];
  tiles: Tile[];
}

export type GroupBy = "provider" | "room";

export interface Layout {
  columns: Column[];
  hours: [number, number];
  /** Where the working day starts, to scroll to. */
  firstWorkingMinute: number;
}

interface Input {
  view: View;
  by: GroupBy;
  day: Day;
  timeZone: string;
  /** The providers to show, in order. */
  providers: Provider[];
  /** The rooms to show, in order (room view). */
  rooms: Room[];
  data: CalendarData;
}

const NO_ROOM = "none";

function tilesFor(appointments: Appointment[], day: Day, timeZone: string): Tile[] {
  const spans = appointments.map((a) => ({
    a,
    start: minuteOn(day, a.startsAt, timeZone),
    end: minuteOn(day, a.endsAt, timeZone),
    blockedEnd: minuteOn(day, a.blockedUntil, timeZone),
  }));
  // Tiles shorter than 15 minutes still take that much room, so they never hide each other.
  const lanes = placeInLanes(
    spans.map((s) => ({ id: s.a.id, start: s.start, end: Math.max(s.end, s.start + 15) })),
  );
  return spans.map((s) => ({
    appointment: s.a,
    start: s.start,
    end: s.end,
    blockedEnd: s.blockedEnd,
    ...(lanes.get(s.a.id) ?? { lane: 0, lanes: 1 }),
  }));
}

/** Merges overlapping spans, for a column that stands for several providers. */
function union(spans: [number, number][]): [number, number][] {
  const sorted = [...spans].sort((a, b) => a[0] - b[0]);
  const out: [number, number][] = [];
  for (const s of sorted) {
    const last = out[out.length - 1];
    if (last && s[0] <= last[1]) last[1] = Math.max(last[1], s[1]);
    else out.push([s[0], s[1]]);
  }
  return out;
}

function countLabel(n: number): string {
  return n === 0 ? "No appointments" : n === 1 ? "1 appointment" : `${n} appointments`;
}

/** Lays out the calendar: which columns, what falls in each, and the hours to show. */
export function buildLayout({ view, by, day, timeZone, providers, rooms, data }: Input): Layout {
  const days = daysOf(view, day);
  const byDay = new Map<Day, Appointment[]>(days.map((d) => [d, []]));
  for (const a of data.appointments) {
    const d = days.find(
      (x) => minuteOn(x, a.startsAt, timeZone) < 1440 && minuteOn(x, a.endsAt, timeZone) > 0,
    );
    if (d) byDay.get(d)?.push(a);
  }
  const working = (providerIds: Set<string>, d: Day): [number, number][] =>
    data.workingHours
      .filter((w) => providerIds.has(w.providerId))
      .map((w) => [minuteOn(d, w.startsAt, timeZone), minuteOn(d, w.endsAt, timeZone)] as [number, number])
      .filter(([s, e]) => e > s);
  const timeOff = (providerId: string, d: Day) =>
    data.timeOff
      .filter((t) => t.providerId === providerId)
      .map((t) => ({
        start: minuteOn(d, t.startsAt, timeZone),
        end: minuteOn(d, t.endsAt, timeZone),
        label: t.reason ? `Time off · ${t.reason}` : "Time off",
      }))
      .filter((b) => b.end > b.start);
  const live = (list: Appointment[]) => list.filter((a) => a.status !== "cancelled").length;

  let columns: Column[];
  if (view === "day" && by === "provider") {
    const list = byDay.get(day) ?? [];
    columns = providers.map((p) => {
      const mine = list.filter((a) => a.providerId === p.userId);
      return {
        key: `${day}|p:${p.userId}`,
        day,
        providerId: p.userId,
        title: p.displayName,
        subtitle: countLabel(live(mine)),
        color: p.color,
        working: working(new Set([p.userId]), day),
        blocks: timeOff(p.userId, day),
        tiles: tilesFor(mine, day, timeZone),
      };
    });
  } else if (view === "day") {
    const list = byDay.get(day) ?? [];
    const shown = new Set(providers.map((p) => p.userId));
    const mine = list.filter((a) => shown.has(a.providerId));
    columns = rooms.map((r) => {
      const here = mine.filter((a) => a.roomId === r.id);
      return {
        key: `${day}|r:${r.id}`,
        day,
        roomId: r.id,
        title: r.name,
        subtitle: countLabel(live(here)),
        blocks: [],
        tiles: tilesFor(here, day, timeZone),
      };
    });
    const roomless = mine.filter((a) => !a.roomId);
    if (roomless.length) {
      columns.push({
        key: `${day}|r:${NO_ROOM}`,
        day,
        title: "No room",
        subtitle: countLabel(live(roomless)),
        blocks: [],
        tiles: tilesFor(roomless, day, timeZone),
      });
    }
  } else {
    const only = providers.length === 1 ? providers[0] : undefined;
    const ids = new Set(providers.map((p) => p.userId));
    columns = days.map((d) => {
      const list = (byDay.get(d) ?? []).filter((a) => ids.has(a.providerId));
      return {
        key: `${d}|w`,
        day: d,
        providerId: only?.userId,
        title: formatDayAs(d, "EEE d"),
        subtitle: countLabel(live(list)),
        working: union(working(ids, d)),
        blocks: only ? timeOff(only.userId, d) : [],
        tiles: tilesFor(list, d, timeZone),
      };
    });
  }

  const minutes: number[] = [];
  let firstWorking = Number.POSITIVE_INFINITY;
  for (const c of columns) {
    for (const [s, e] of c.working ?? []) {
      minutes.push(s - 60, e + 60);
      firstWorking = Math.min(firstWorking, s);
    }
    for (const t of c.tiles) minutes.push(t.start, t.blockedEnd);
  }
  const hours = visibleHours(minutes);
  return {
    columns,
    hours,
    firstWorkingMinute: Number.isFinite(firstWorking) ? firstWorking : hours[0] * 60,
  };
}
