import { formatDateTime, formatTime } from "./dates";

describe("clinic time zone", () => {
  it("shows instants in the clinic's zone, not the browser's", () => {
    // 2026-03-08 is the day US clocks spring forward; 10:30 UTC is 3:30 in Los Angeles (PDT).
    expect(formatTime("2026-03-08T10:30:00Z", "America/Los_Angeles")).toBe("3:30 AM");
    expect(formatTime("2026-03-08T10:30:00Z", "America/New_York")).toBe("6:30 AM");
    expect(formatTime("2026-03-08T09:30:00Z", "America/Los_Angeles")).toBe("1:30 AM");
  });

  it("leaves out the year for this year's dates only", () => {
    const now = new Date("2026-06-01T12:00:00Z");
    expect(formatDateTime("2026-11-24T17:00:00Z", "America/Los_Angeles", now)).toBe("Tue 24 Nov, 9:00 AM");
    expect(formatDateTime("2025-11-24T17:00:00Z", "America/Los_Angeles", now)).toBe("24 Nov 2025, 9:00 AM");
  });
});
