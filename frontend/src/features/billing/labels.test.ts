import { describe, expect, it } from "vitest";
import { formatInvoiceDate, invoiceSubject } from "./labels";

describe("invoice labels", () => {
  it("dates an invoice by the clinic's day, with the year only when it isn't this one", () => {
    const now = new Date("2026-06-01T12:00:00Z");
    // 02:30 UTC on 13 May is still 12 May in Los Angeles.
    expect(formatInvoiceDate("2026-05-13T02:30:00Z", "America/Los_Angeles", now)).toBe("12 May");
    expect(formatInvoiceDate("2026-05-13T02:30:00Z", "America/New_York", now)).toBe("12 May");
    expect(formatInvoiceDate("2026-05-13T05:30:00Z", "America/New_York", now)).toBe("13 May");
    expect(formatInvoiceDate("2025-12-31T18:00:00Z", "America/New_York", now)).toBe("31 Dec 2025");
  });

  it("says what an invoice without a service was for", () => {
    expect(invoiceSubject({ serviceName: "Neurotoxin" })).toBe("Neurotoxin");
    expect(invoiceSubject({ appointmentId: "a1" })).toBe("Visit");
    expect(invoiceSubject({})).toBe("Sale at the desk");
  });
});
