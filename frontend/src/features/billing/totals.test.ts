import { computeTotals, divRound, type InvoiceDiscount, type LineInput } from "./totals";

const line = (quantityMilli: number, unitPriceCents: number, discountCents: number, taxable: boolean) => ({
  quantityMilli,
  unitPriceCents,
  discountCents,
  taxable,
});
const none: InvoiceDiscount = { kind: "none" };

describe("invoice totals", () => {
  it("rounds each line half away from zero", () => {
    // 0.5 × $0.05 = 2.5 cents → 3; 1.5 × $0.01 = 1.5 → 2.
    const t = computeTotals([line(500, 5, 0, false), line(1500, 1, 0, false)], none, 0, false);
    expect(t.lines.map((l) => l.grossCents)).toEqual([3, 2]);
    expect(t.totalCents).toBe(5);
    expect(divRound(-5, 2)).toBe(-3);
    expect(divRound(5, 2)).toBe(3);
    expect(divRound(-4, 3)).toBe(-1);
  });

  it("a neurotoxin visit with 10 % off and taxed retail", () => {
    // 32 units at $14, a $48 sunscreen taxed at 8.87 %, 10 % off everything.
    const lines = [line(32_000, 1400, 0, false), line(1000, 4800, 0, true)];
    const t = computeTotals(lines, { kind: "percent", value: 1000 }, 887, false);
    expect(t.subtotalCents).toBe(44_800 + 4800);
    expect(t.discountCents).toBe(4480 + 480);
    // (4800 − 480) × 8.87 % = 383.18 → 383
    expect(t.taxCents).toBe(383);
    expect(t.totalCents).toBe(49_600 - 4960 + 383);
    const exempt = computeTotals(lines, { kind: "percent", value: 1000 }, 887, true);
    expect(exempt.taxCents).toBe(0);
  });

  it("an amount discount is shared exactly and capped", () => {
    const lines = [line(1000, 100, 0, true), line(1000, 100, 0, true), line(1000, 100, 0, true)];
    const t = computeTotals(lines, { kind: "amount", value: 100 }, 0, false);
    expect(t.lines.map((l) => l.invoiceDiscountCents)).toEqual([34, 33, 33]);
    const capped = computeTotals(lines, { kind: "amount", value: 1_000_000 }, 1000, false);
    expect(capped.discountCents).toBe(300);
    expect(capped.totalCents).toBe(0);
  });

  it("a line discount never makes a line negative", () => {
    const t = computeTotals([line(1000, 500, 900, true)], none, 1000, false);
    expect(t.lines[0]?.netCents).toBe(0);
    expect(t.totalCents).toBe(0);
  });

  it("stays exact where products pass 2^53", () => {
    // 100,000 units at $1,000,000 each: the largest line the server takes.
    const big = computeTotals(
      [line(100_000_000, 100_000_000, 0, true), line(1000, 1, 0, true)],
      { kind: "amount", value: 99_999_999 },
      887,
      false,
    );
    expect(big.subtotalCents).toBe(10_000_000_000_001);
    expect(big.discountCents).toBe(99_999_999);
    expect(big.totalCents).toBe(big.subtotalCents - big.discountCents + big.taxCents);
  });
});

/** A small seeded generator, so a failure can be replayed. */
function random(seed: number) {
  let s = seed >>> 0;
  return (low: number, high: number) => {
    s = (Math.imul(s ^ (s >>> 15), 0x2c1b3c6d) + 0x6d2b79f5) >>> 0;
    s ^= s + Math.imul(s ^ (s >>> 7), 61);
    const unit = ((s ^ (s >>> 14)) >>> 0) / 4_294_967_296;
    return low + Math.floor(unit * (high - low + 1));
  };
}

describe("invoice totals, for any input", () => {
  it("the total is the lines less discounts plus tax, and never negative", () => {
    for (let seed = 1; seed <= 500; seed += 1) {
      const r = random(seed);
      const lines: LineInput[] = Array.from({ length: r(0, 30) }, () => {
        const q = r(1, 1_000_000);
        const price = r(0, 10_000_000);
        const gross = divRound(q * price, 1000);
        return line(q, price, Math.trunc((gross * r(0, 100)) / 100), r(0, 1) === 1);
      });
      const which = r(0, 2);
      const discount: InvoiceDiscount =
        which === 0
          ? none
          : which === 1
            ? { kind: "percent", value: r(0, 10_000) }
            : { kind: "amount", value: r(0, 100_000_000) };
      const rate = r(0, 10_000);
      const exempt = r(0, 1) === 1;
      const t = computeTotals(lines, discount, rate, exempt);
      const sum = (f: (l: (typeof t.lines)[number]) => number) => t.lines.reduce((a, l) => a + f(l), 0);

      expect(t.lines).toHaveLength(lines.length);
      expect(t.subtotalCents).toBe(sum((l) => l.netCents));
      expect(t.discountCents).toBe(sum((l) => l.invoiceDiscountCents));
      expect(t.taxCents).toBe(sum((l) => l.taxCents));
      expect(t.totalCents).toBe(t.subtotalCents - t.discountCents + t.taxCents);
      expect(t.totalCents).toBeGreaterThanOrEqual(0);
      expect(t.discountCents).toBeLessThanOrEqual(t.subtotalCents);
      t.lines.forEach((l, i) => {
        expect(l.netCents).toBeGreaterThanOrEqual(0);
        expect(l.invoiceDiscountCents).toBeLessThanOrEqual(l.netCents);
        expect(l.taxCents).toBeGreaterThanOrEqual(0);
        if (!lines[i]?.taxable || exempt) expect(l.taxCents).toBe(0);
        expect(Number.isSafeInteger(l.grossCents)).toBe(true);
      });
      if (discount.kind === "amount") {
        expect(t.discountCents).toBe(Math.min(discount.value, t.subtotalCents));
      }
      if (lines.every((l) => !l.taxable) || exempt || rate === 0) expect(t.taxCents).toBe(0);
    }
  });
});
