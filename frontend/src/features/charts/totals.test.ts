import { describe, expect, it } from "vitest";
import type { Entry } from "./api";
import { formatDose, parseDose, totals } from "./totals";

const entry = (area: string, product: string | undefined, doseMilli?: number): Entry => ({
  id: `${area}${doseMilli}`,
  position: 0,
  area,
  productName: product,
  doseMilli,
  dose: doseMilli === undefined ? undefined : formatDose(doseMilli),
  doseUnit: doseMilli === undefined ? undefined : "units",
});

describe("doses", () => {
  it("parse and print exactly, like the server", () => {
    expect(parseDose("20")).toBe(20_000);
    expect(parseDose(".5")).toBe(500);
    expect(parseDose("1.25")).toBe(1_250);
    for (const bad of ["", ".", "0", "1.2345", "-1", "abc", "1e3"]) expect(parseDose(bad)).toBeNull();
    expect(formatDose(20_000)).toBe("20");
    expect(formatDose(1_250)).toBe("1.25");
    expect(formatDose(30_500)).toBe("30.5");
  });

  it("add up per product and per area without floating-point drift", () => {
    const t = totals([
      entry("Glabella", "Botox", 20_000),
      entry("Forehead", "Botox", 10_100),
      entry("Glabella", "Botox", 200),
      entry("Lips", "Juvederm"),
    ]);
    expect(t.byProduct).toEqual([{ label: "Botox", unit: "units", doseMilli: 30_300 }]);
    expect(t.byArea.map((a) => [a.label, formatDose(a.doseMilli)])).toEqual([
      ["Forehead", "10.1"],
      ["Glabella", "20.2"],
    ]);
  });
});
