import type { components } from "@/api/generated/schema";

export type DoseUnit = components["schemas"]["DoseUnit"];

/** How a unit reads after a number, as the server prints it: "20 units", "1.5 mL". */
export const UNIT_LABELS: Record<DoseUnit, string> = {
  units: "units",
  ml: "mL",
  syringes: "syringes",
  vials: "vials",
  pulses: "pulses",
  j_cm2: "J/cm²",
  passes: "passes",
  other: "",
};

/** The largest quantity a line takes, in thousandths (100,000). */
export const MAX_QUANTITY_MILLI = 100_000_000;

/** Thousandths as people write them: 32000 → "32", 500 → "0.5", 1250 → "1.25". */
export function formatQuantity(milli: number): string {
  const whole = Math.trunc(milli / 1000);
  const fraction = milli % 1000;
  if (fraction === 0) return String(whole);
  return `${whole}.${String(fraction).padStart(3, "0").replace(/0+$/, "")}`;
}

/** "32", "0.5", ".5", "1,000" → thousandths; zero, negatives, more than three decimals or more
 * than 100,000 → null. The same rules as the server. */
export function parseQuantity(text: string): number | null {
  const t = text.trim().replace(/,/g, "");
  const m = /^(\d{0,6})(?:\.(\d{0,3}))?$/.exec(t);
  if (!m || (!m[1] && !m[2])) return null;
  const milli = Number(m[1] || "0") * 1000 + Number((m[2] ?? "").padEnd(3, "0"));
  return milli > 0 && milli <= MAX_QUANTITY_MILLI ? milli : null;
}

/** The unit's name for one of it: "unit", "syringe", "pass". */
function singular(unit: DoseUnit): string {
  if (unit === "passes") return "pass";
  if (unit === "units" || unit === "syringes" || unit === "vials" || unit === "pulses") {
    return UNIT_LABELS[unit].replace(/s$/, "");
  }
  return UNIT_LABELS[unit];
}

/** "32 units", "1 syringe", "0.5 mL", "2" (no unit). */
export function quantityWithUnit(milli: number, unit: DoseUnit | undefined): string {
  const n = formatQuantity(milli);
  if (!unit || unit === "other") return n;
  return `${n} ${milli === 1000 ? singular(unit) : UNIT_LABELS[unit]}`;
}

/** The unit a price is for: "per unit", "per mL", "each". */
export function perUnit(unit: DoseUnit | undefined): string {
  if (!unit || unit === "other") return "each";
  return `per ${singular(unit)}`;
}
