import type { DoseUnit, Entry } from "./api";

export interface Total {
  label: string;
  unit: DoseUnit;
  doseMilli: number;
}

/** Thousandths back to the shortest decimal: 20000 → "20", 500 → "0.5". */
export function formatDose(milli: number): string {
  const whole = Math.trunc(milli / 1000);
  const fraction = milli % 1000;
  if (fraction === 0) return String(whole);
  return `${whole}.${String(fraction).padStart(3, "0").replace(/0+$/, "")}`;
}

/** "20", "0.5", ".5" → thousandths; anything else (or zero) → null. Same rules as the server. */
export function parseDose(text: string): number | null {
  const t = text.trim();
  const m = /^(\d{0,6})(?:\.(\d{0,3}))?$/.exec(t);
  if (!m || (!m[1] && !m[2])) return null;
  const milli = Number(m[1] || "0") * 1000 + Number((m[2] ?? "").padEnd(3, "0"));
  return milli > 0 && milli <= 100_000_000 ? milli : null;
}

function sum(entries: Entry[], labelOf: (e: Entry) => string): Total[] {
  const totals = new Map<string, Total>();
  for (const e of entries) {
    if (e.doseMilli === undefined || e.doseUnit === undefined) continue;
    const label = labelOf(e);
    const k = `${label}\u0000${e.doseUnit}`;
    const t = totals.get(k) ?? { label, unit: e.doseUnit, doseMilli: 0 };
    t.doseMilli += e.doseMilli;
    totals.set(k, t);
  }
  return [...totals.values()].sort((a, b) => a.label.localeCompare(b.label));
}

/** Totals per product and per area, exact (thousandths), as the chart shows them live. */
export function totals(entries: Entry[]): { byProduct: Total[]; byArea: Total[] } {
  return {
    byProduct: sum(entries, (e) => e.productName ?? "No product"),
    byArea: sum(entries, (e) => e.area),
  };
}
