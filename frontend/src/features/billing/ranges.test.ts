import { describe, expect, it } from "vitest";
import { todayIn } from "../calendar/time";
import { isRangePreset, presetDays, rangeInstants, rangeLabel } from "./ranges";

const NY = "America/New_York";
const LA = "America/Los_Angeles";

describe("invoice date ranges", () => {
  it("covers whole days for each preset", () => {
    // A Wednesday.
    const today = "2026-05-13";
    expect(presetDays("today", today)).toEqual({ first: today, last: today });
    expect(presetDays("week", today)).toEqual({ first: "2026-05-11", last: "2026-05-17" });
    expect(presetDays("month", today)).toEqual({ first: "2026-05-01", last: "2026-05-31" });
    expect(presetDays("last_month", today)).toEqual({ first: "2026-04-01", last: "2026-04-30" });
    expect(presetDays("90d", today)).toEqual({ first: "2026-02-13", last: today });
  });

  it("crosses years and short months", () => {
    expect(presetDays("last_month", "2026-01-15")).toEqual({ first: "2025-12-01", last: "2025-12-31" });
    expect(presetDays("month", "2028-02-10")).toEqual({ first: "2028-02-01", last: "2028-02-29" });
    expect(presetDays("last_month", "2026-03-31")).toEqual({ first: "2026-02-01", last: "2026-02-28" });
    // Sunday belongs to the week that started on Monday.
    expect(presetDays("week", "2026-01-04")).toEqual({ first: "2025-12-29", last: "2026-01-04" });
  });

  it("takes custom days in either order, and leaves out what isn't a day", () => {
    expect(presetDays("custom", "2026-05-13", { from: "2026-05-01", to: "2026-05-07" })).toEqual({
      first: "2026-05-01",
      last: "2026-05-07",
    });
    expect(presetDays("custom", "2026-05-13", { from: "2026-05-07", to: "2026-05-01" })).toEqual({
      first: "2026-05-01",
      last: "2026-05-07",
    });
    expect(presetDays("custom", "2026-05-13", { from: "2026-02-30", to: "2026-05-01" })).toEqual({
      first: undefined,
      last: "2026-05-01",
    });
  });

  it("starts and ends at the clinic's midnights, not the browser's", () => {
    expect(rangeInstants({ first: "2026-05-13", last: "2026-05-13" }, NY)).toEqual({
      from: "2026-05-13T04:00:00.000Z",
      to: "2026-05-14T04:00:00.000Z",
    });
    expect(rangeInstants({ first: "2026-05-01", last: "2026-05-31" }, LA)).toEqual({
      from: "2026-05-01T07:00:00.000Z",
      to: "2026-06-01T07:00:00.000Z",
    });
    expect(rangeInstants({}, NY)).toEqual({});
    expect(rangeInstants({ first: "2026-05-01" }, NY)).toEqual({ from: "2026-05-01T04:00:00.000Z" });
  });

  it("follows daylight saving: March has one hour less", () => {
    const march = rangeInstants(presetDays("month", "2026-03-20"), NY);
    expect(march).toEqual({ from: "2026-03-01T05:00:00.000Z", to: "2026-04-01T04:00:00.000Z" });
  });

  it("knows the clinic's today late in the evening", () => {
    // 11:30 PM in Los Angeles on 12 May is already 13 May in New York and in UTC.
    const now = new Date("2026-05-13T06:30:00Z");
    expect(todayIn(LA, now)).toBe("2026-05-12");
    expect(presetDays("today", todayIn(LA, now))).toEqual({ first: "2026-05-12", last: "2026-05-12" });
    expect(todayIn(NY, now)).toBe("2026-05-13");
  });

  it("says which days are shown", () => {
    expect(rangeLabel({ first: "2026-05-13", last: "2026-05-13" })).toBe("13 May 2026");
    expect(rangeLabel({ first: "2026-05-01", last: "2026-05-31" })).toBe("1–31 May 2026");
    expect(rangeLabel({ first: "2026-04-27", last: "2026-05-03" })).toBe("27 Apr – 3 May 2026");
    expect(rangeLabel({ first: "2025-12-29", last: "2026-01-04" })).toBe("29 Dec 2025 – 4 Jan 2026");
    expect(rangeLabel({ first: "2026-02-03" })).toBe("Since 3 Feb 2026");
    expect(rangeLabel({ last: "2026-02-03" })).toBe("Until 3 Feb 2026");
    expect(rangeLabel({})).toBe("Any date");
  });

  it("recognises presets in the address", () => {
    expect(isRangePreset("month")).toBe(true);
    expect(isRangePreset("year")).toBe(false);
    expect(isRangePreset(undefined)).toBe(false);
  });
});
