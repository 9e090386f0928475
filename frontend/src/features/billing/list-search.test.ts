import { describe, expect, it } from "vitest";
import { filterOf, statusesOf, validateInvoicesSearch } from "./list-search";

const NY = "America/New_York";

describe("the invoice list's address", () => {
  it("keeps only filters it knows", () => {
    expect(
      validateInvoicesSearch({
        status: "unpaid",
        range: "month",
        from: "2026-05-01",
        providerId: " p1 ",
        patientId: "",
        q: "  42 ",
        extra: "x",
      }),
    ).toEqual({
      status: "unpaid",
      range: "month",
      from: undefined,
      to: undefined,
      providerId: "p1",
      patientId: undefined,
      q: "42",
    });
    expect(validateInvoicesSearch({ status: "partially_paid", range: "year" })).toEqual({
      status: undefined,
      range: undefined,
      from: undefined,
      to: undefined,
      providerId: undefined,
      patientId: undefined,
      q: undefined,
    });
  });

  it("keeps custom days only for a custom range, and only real days", () => {
    expect(validateInvoicesSearch({ range: "custom", from: "2026-05-01", to: "2026-13-01" })).toMatchObject({
      range: "custom",
      from: "2026-05-01",
      to: undefined,
    });
  });

  it("asks for both unpaid statuses under Unpaid, and every status under All", () => {
    expect(statusesOf("unpaid")).toEqual(["unpaid", "partially_paid"]);
    expect(statusesOf("paid")).toEqual(["paid"]);
    expect(statusesOf(undefined)).toEqual([]);
  });

  it("turns the address into the API's filter, dates in the clinic's zone", () => {
    expect(
      filterOf({ status: "draft", range: "today", providerId: "p1", q: "Ava" }, NY, "2026-11-02"),
    ).toEqual({
      statuses: ["draft"],
      from: "2026-11-02T05:00:00.000Z",
      to: "2026-11-03T05:00:00.000Z",
      providerId: "p1",
      q: "Ava",
    });
    expect(filterOf({ patientId: "pt" }, NY, "2026-11-02")).toEqual({ statuses: [], patientId: "pt" });
    expect(filterOf({ range: "custom", from: "2026-10-31" }, NY, "2026-11-02")).toEqual({
      statuses: [],
      from: "2026-10-31T04:00:00.000Z",
    });
  });
});
