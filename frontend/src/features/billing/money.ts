/** Money on the checkout screen: integer minor units (cents) in, the clinic's currency out. */

const formatters = new Map<string, Intl.NumberFormat>();

function formatter(currency: string): Intl.NumberFormat {
  let f = formatters.get(currency);
  if (!f) {
    try {
      f = new Intl.NumberFormat("en-US", { style: "currency", currency, currencyDisplay: "narrowSymbol" });
    } catch {
      // An unknown code still reads as an amount.
      f = new Intl.NumberFormat("en-US", { minimumFractionDigits: 2, maximumFractionDigits: 2 });
    }
    formatters.set(currency, f);
  }
  return f;
}

/** "$1,234.50", "-$20.00", "€48.00". */
export function formatMoney(cents: number, currency: string): string {
  return formatter(currency).format(cents / 100);
}

/** What a money field starts with: "14.00", "1234.50"; empty for zero when `blankZero`. */
export function moneyInput(cents: number, blankZero = false): string {
  if (blankZero && cents === 0) return "";
  const sign = cents < 0 ? "-" : "";
  const abs = Math.abs(cents);
  return `${sign}${Math.trunc(abs / 100)}.${String(abs % 100).padStart(2, "0")}`;
}

/** "14", "14.5", "$1,234.50", " 0.99 " → cents; anything else → null. Never negative. */
export function parseMoney(text: string): number | null {
  // A leading currency sign is fine; a minus is not.
  const t = text
    .trim()
    .replace(/^[^\d.-]+/, "")
    .replace(/,/g, "");
  const m = /^(\d{0,9})(?:\.(\d{0,2}))?$/.exec(t);
  if (!m || (!m[1] && !m[2])) return null;
  return Number(m[1] || "0") * 100 + Number((m[2] ?? "").padEnd(2, "0"));
}

/** Basis points as a percentage: 887 → "8.87%", 1000 → "10%". */
export function formatPercent(bp: number): string {
  const text = `${Math.trunc(bp / 100)}.${String(bp % 100).padStart(2, "0")}`;
  return `${text.replace(/0+$/, "").replace(/\.$/, "")}%`;
}

/** What a percentage field starts with: 1000 → "10", 1250 → "12.5". */
export function percentInput(bp: number): string {
  return formatPercent(bp).replace("%", "");
}

/** "10", "12.5", "8.87%" → basis points (up to 100 %); anything else → null. */
export function parsePercent(text: string): number | null {
  const t = text.trim().replace(/\s*%$/, "");
  const m = /^(\d{0,3})(?:\.(\d{0,2}))?$/.exec(t);
  if (!m || (!m[1] && !m[2])) return null;
  const bp = Number(m[1] || "0") * 100 + Number((m[2] ?? "").padEnd(2, "0"));
  return bp <= 10_000 ? bp : null;
}

/** The sign an amount field shows in front: "$", "€"; the code when there is no sign. */
export function currencySymbol(currency: string): string {
  const part = formatter(currency)
    .formatToParts(0)
    .find((p) => p.type === "currency");
  return part?.value ?? currency;
}
