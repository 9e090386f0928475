/**
 * An invoice's arithmetic, the same as the server's (`src/billing/totals.rs`), so the checkout
 * screen shows exactly what saving will store while people type. Integer cents throughout;
 * each line is rounded half away from zero at each step:
 * 1. a line's amount is its quantity (thousandths) times its unit price, rounded to the cent;
 * 2. its own discount comes off (never below zero), giving the line's net;
 * 3. the invoice discount is shared over the lines: a percentage is taken from each line's
 *    net; an amount (capped at the subtotal) is spread in proportion to the lines' nets, the
 *    cents left over by rounding down going to the lines with the largest remainders (the
 *    earlier line first on a tie), so the shares add up to the amount exactly;
 * 4. tax is the rate on what remains of each taxable line, unless the invoice is tax-exempt.
 */

export interface LineInput {
  /** Thousandths of a unit (0.5 syringe = 500). */
  quantityMilli: number;
  unitPriceCents: number;
  /** The line's own discount, in cents. */
  discountCents: number;
  taxable: boolean;
}

export type InvoiceDiscount =
  | { kind: "none" }
  /** Basis points: 1000 = 10 %. */
  | { kind: "percent"; value: number }
  /** Cents. */
  | { kind: "amount"; value: number };

export interface LineTotals {
  /** Quantity × unit price, rounded. */
  grossCents: number;
  /** Gross less the line's own discount. */
  netCents: number;
  /** This line's share of the invoice discount. */
  invoiceDiscountCents: number;
  taxCents: number;
}

export interface Totals {
  lines: LineTotals[];
  /** Sum of the lines' nets. */
  subtotalCents: number;
  /** The invoice discount actually taken. */
  discountCents: number;
  taxCents: number;
  totalCents: number;
}

/** `a × b`, exactly: as a number while that is exact, as a bigint beyond. */
function product(a: number, b: number): number | bigint {
  const p = a * b;
  return Number.isSafeInteger(p) ? p : BigInt(a) * BigInt(b);
}

/** `numerator / denominator` rounded half away from zero; `denominator` is positive. */
export function divRound(numerator: number | bigint, denominator: number): number {
  if (typeof numerator === "bigint") {
    const d = BigInt(denominator);
    const half = d / 2n;
    return Number(numerator >= 0n ? (numerator + half) / d : -((-numerator + half) / d));
  }
  const half = Math.trunc(denominator / 2);
  return numerator >= 0
    ? Math.trunc((numerator + half) / denominator)
    : -Math.trunc((-numerator + half) / denominator);
}

/** `numerator / denominator` rounded down, and what is left over; both non-negative. */
function divRem(numerator: number | bigint, denominator: number): [number, number] {
  if (typeof numerator === "bigint") {
    const d = BigInt(denominator);
    return [Number(numerator / d), Number(numerator % d)];
  }
  return [Math.trunc(numerator / denominator), numerator % denominator];
}

const clamp = (value: number, low: number, high: number) => Math.min(Math.max(value, low), high);

/** The invoice's totals. Inputs are assumed valid (non-negative; a line's discount at most its
 * amount); anything else is clamped rather than allowed to go negative. */
export function computeTotals(
  lines: readonly LineInput[],
  discount: InvoiceDiscount,
  taxRateBp: number,
  taxExempt: boolean,
): Totals {
  const out: LineTotals[] = lines.map((l) => {
    const gross = Math.max(0, divRound(product(l.quantityMilli, l.unitPriceCents), 1000));
    return {
      grossCents: gross,
      netCents: Math.max(0, gross - Math.max(0, l.discountCents)),
      invoiceDiscountCents: 0,
      taxCents: 0,
    };
  });
  const subtotal = out.reduce((sum, l) => sum + l.netCents, 0);

  if (discount.kind === "percent") {
    const bp = clamp(discount.value, 0, 10_000);
    for (const line of out)
      line.invoiceDiscountCents = Math.max(0, divRound(product(line.netCents, bp), 10_000));
  } else if (discount.kind === "amount") {
    shareAmount(out, clamp(discount.value, 0, subtotal), subtotal);
  }

  const rate = clamp(taxRateBp, 0, 10_000);
  out.forEach((line, i) => {
    if (lines[i]?.taxable && !taxExempt) {
      line.taxCents = Math.max(0, divRound(product(line.netCents - line.invoiceDiscountCents, rate), 10_000));
    }
  });
  const discountCents = out.reduce((sum, l) => sum + l.invoiceDiscountCents, 0);
  const taxCents = out.reduce((sum, l) => sum + l.taxCents, 0);
  return {
    lines: out,
    subtotalCents: subtotal,
    discountCents,
    taxCents,
    totalCents: subtotal - discountCents + taxCents,
  };
}

/** Spreads `amount` (at most `subtotal`) over the lines in proportion to their nets. */
function shareAmount(lines: LineTotals[], amount: number, subtotal: number) {
  if (amount === 0 || subtotal === 0) return;
  const remainders: { rest: number; index: number }[] = [];
  let given = 0;
  lines.forEach((line, index) => {
    const [share, rest] = divRem(product(line.netCents, amount), subtotal);
    line.invoiceDiscountCents = share;
    given += share;
    remainders.push({ rest, index });
  });
  remainders.sort((a, b) => b.rest - a.rest || a.index - b.index);
  for (const { index } of remainders.slice(0, amount - given)) {
    const line = lines[index];
    if (line) line.invoiceDiscountCents += 1;
  }
}
