import { describe, expect, it } from "vitest";
import { type CreditTimelineEntry, creditTitle } from "./timeline-item";

const entry = (over: Partial<CreditTimelineEntry>): CreditTimelineEntry => ({
  at: "2026-12-01T17:00:00Z",
  entryId: "e1",
  membershipId: "m1",
  planName: "Sample Facial Trio",
  entryKind: "grant",
  creditKind: "service",
  label: "Sample Facial",
  quantityMilli: 3000,
  amountCents: 0,
  ...over,
});

describe("creditTitle", () => {
  it("names what happened and to which credit", () => {
    expect(creditTitle(entry({}))).toBe("Credit granted · Sample Facial");
    expect(creditTitle(entry({ entryKind: "use", quantityMilli: -1000 }))).toBe(
      "Credit used · Sample Facial",
    );
    expect(creditTitle(entry({ entryKind: "reverse" }))).toBe("Credit given back · Sample Facial");
  });

  it("tells additions and removals by hand apart", () => {
    expect(creditTitle(entry({ entryKind: "adjust", quantityMilli: 1000 }))).toBe(
      "Credit added by hand · Sample Facial",
    );
    expect(creditTitle(entry({ entryKind: "adjust", quantityMilli: -1000 }))).toBe(
      "Credit removed by hand · Sample Facial",
    );
  });
});
