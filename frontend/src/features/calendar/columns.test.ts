import { describe, expect, it } from "vitest";
import type { Appointment, CalendarData, Provider, Room } from "./api";
import { buildLayout } from "./columns";

const TZ = "America/New_York";

function provider(userId: string, displayName: string): Provider {
  return {
    userId,
    displayName,
    active: true,
    color: "#6d5bd0",
    bookableOnline: true,
    sortOrder: 0,
    serviceIds: [],
    hours: [],
  };
}

const room = (id: string, name: string): Room => ({ id, name, sortOrder: 0, archived: false });

let n = 0;
function appt(
  providerId: string,
  startsAt: string,
  endsAt: string,
  extra: Partial<Appointment> = {},
): Appointment {
  n += 1;
  return {
    id: `a${n}`,
    patientId: `p${n}`,
    patientFirstName: "Ava",
    patientLastName: `Test${n}`,
    providerId,
    providerName: providerId,
    serviceId: "s",
    serviceName: "Consultation",
    serviceColor: "#868e96",
    startsAt,
    endsAt,
    blockedUntil: endsAt,
    status: "booked",
    source: "staff",
    ...extra,
  };
}

const riley = provider("riley", "Riley Quinn");
const jordan = provider("jordan", "Jordan Vale");

// Wednesday 9 December 2026 in New York is UTC-5.
const data: CalendarData = {
  appointments: [
    appt("riley", "2026-12-09T15:00:00Z", "2026-12-09T15:30:00Z", { roomId: "r1", roomName: "Room 1" }),
    appt("jordan", "2026-12-09T15:00:00Z", "2026-12-09T16:00:00Z"),
    appt("riley", "2026-12-10T14:00:00Z", "2026-12-10T14:45:00Z", { status: "cancelled" }),
  ],
  workingHours: [
    { providerId: "riley", startsAt: "2026-12-09T14:00:00Z", endsAt: "2026-12-09T22:00:00Z" },
    { providerId: "jordan", startsAt: "2026-12-09T17:00:00Z", endsAt: "2026-12-10T01:00:00Z" },
  ],
  timeOff: [
    {
      id: "t",
      providerId: "jordan",
      startsAt: "2026-12-09T19:00:00Z",
      endsAt: "2026-12-09T20:00:00Z",
      reason: "Training",
    },
  ],
};

describe("buildLayout", () => {
  it("gives each provider a column with their own day", () => {
    const layout = buildLayout({
      view: "day",
      by: "provider",
      day: "2026-12-09",
      timeZone: TZ,
      providers: [riley, jordan],
      rooms: [],
      data,
    });
    expect(layout.columns.map((c) => c.title)).toEqual(["Riley Quinn", "Jordan Vale"]);
    const [r, j] = layout.columns;
    expect(r?.tiles.map((t) => [t.start, t.end])).toEqual([[600, 630]]);
    expect(r?.working).toEqual([[540, 1020]]);
    expect(r?.subtitle).toBe("1 appointment");
    expect(j?.blocks).toEqual([{ start: 840, end: 900, label: "Time off · Training" }]);
    expect(j?.working).toEqual([[720, 1200]]);
    // 9:00 working start less an hour, to Jordan's 20:00 end plus one.
    expect(layout.hours).toEqual([8, 21]);
    expect(layout.firstWorkingMinute).toBe(540);
  });

  it("puts appointments in their rooms, with a column for those without one", () => {
    const layout = buildLayout({
      view: "day",
      by: "room",
      day: "2026-12-09",
      timeZone: TZ,
      providers: [riley, jordan],
      rooms: [room("r1", "Room 1"), room("r2", "Room 2")],
      data,
    });
    expect(layout.columns.map((c) => [c.title, c.tiles.length])).toEqual([
      ["Room 1", 1],
      ["Room 2", 0],
      ["No room", 1],
    ]);
    expect(layout.columns[0]?.roomId).toBe("r1");
    expect(layout.columns[2]?.roomId).toBeUndefined();
  });

  it("shows a week for one provider with their hours, or everyone's together", () => {
    const one = buildLayout({
      view: "week",
      by: "provider",
      day: "2026-12-09",
      timeZone: TZ,
      providers: [riley],
      rooms: [],
      data,
    });
    expect(one.columns).toHaveLength(7);
    expect(one.columns[2]?.title).toBe("Wed 9");
    expect(one.columns[2]?.providerId).toBe("riley");
    expect(one.columns[3]?.tiles).toHaveLength(1);
    expect(one.columns[3]?.subtitle).toBe("No appointments");
    const all = buildLayout({
      view: "week",
      by: "provider",
      day: "2026-12-09",
      timeZone: TZ,
      providers: [riley, jordan],
      rooms: [],
      data,
    });
    expect(all.columns[2]?.providerId).toBeUndefined();
    expect(all.columns[2]?.tiles.map((t) => t.lanes)).toEqual([2, 2]);
    expect(all.columns[2]?.working).toEqual([[540, 1200]]);
  });
});
