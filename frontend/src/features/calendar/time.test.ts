import { describe, expect, it } from "vitest";
import {
  addDays,
  dayOf,
  daysOf,
  formatMinute,
  formatSpan,
  instantAt,
  isDay,
  minuteOn,
  rangeOf,
  snap,
  todayIn,
  weekStart,
} from "./time";

const LA = "America/Los_Angeles";

describe("calendar time", () => {
  it("does day arithmetic across months and years", () => {
    expect(addDays("2026-12-31", 1)).toBe("2027-01-01");
    expect(addDays("2026-03-01", -1)).toBe("2026-02-28");
    expect(weekStart("2026-12-09")).toBe("2026-12-07");
    expect(weekStart("2026-12-13")).toBe("2026-12-07");
    expect(daysOf("week", "2026-12-09")).toHaveLength(7);
  });

  it("checks day strings", () => {
    expect(isDay("2026-02-28")).toBe(true);
    expect(isDay("2026-02-30")).toBe(false);
    expect(isDay("26-2-1")).toBe(false);
  });

  it("places wall-clock times in the clinic's zone, whatever the browser's", () => {
    const nine = instantAt("2026-12-09", 9 * 60, LA);
    expect(nine.toISOString()).toBe("2026-12-09T17:00:00.000Z");
    expect(minuteOn("2026-12-09", nine, LA)).toBe(540);
    expect(dayOf("2026-12-10T07:30:00Z", LA)).toBe("2026-12-09");
    expect(todayIn(LA, new Date("2026-12-10T07:30:00Z"))).toBe("2026-12-09");
  });

  it("keeps 9:00 on the same line across a DST change", () => {
    // 8 March 2026: clocks go forward at 2:00 in Los Angeles.
    const before = instantAt("2026-03-07", 540, LA);
    const after = instantAt("2026-03-08", 540, LA);
    expect(after.getTime() - before.getTime()).toBe(23 * 3600_000);
    expect(minuteOn("2026-03-08", after, LA)).toBe(540);
    const range = rangeOf("day", "2026-03-08", LA);
    expect(Date.parse(range.to) - Date.parse(range.from)).toBe(23 * 3600_000);
  });

  it("clamps instants outside the day", () => {
    expect(minuteOn("2026-12-09", "2026-12-08T20:00:00Z", LA)).toBe(0);
    expect(minuteOn("2026-12-09", "2026-12-11T20:00:00Z", LA)).toBe(1440);
  });

  it("formats spans, naming AM and PM once unless they differ", () => {
    expect(formatSpan("2026-12-09T15:00:00Z", "2026-12-09T15:45:00Z", "America/New_York")).toBe(
      "10:00–10:45 AM",
    );
    expect(formatSpan("2026-12-09T16:30:00Z", "2026-12-09T17:15:00Z", "America/New_York")).toBe(
      "11:30 AM–12:15 PM",
    );
  });

  it("formats and snaps minutes", () => {
    expect(formatMinute(0)).toBe("12 AM");
    expect(formatMinute(9 * 60 + 30)).toBe("9:30 AM");
    expect(formatMinute(12 * 60)).toBe("12 PM");
    expect(snap(547, 15)).toBe(540);
    expect(snap(553, 15)).toBe(555);
    expect(snap(553, 5)).toBe(555);
  });
});
