import { formatQuantity, parseQuantity, perUnit, quantityWithUnit } from "./quantity";

describe("quantities", () => {
  it("shows thousandths as the shortest decimal", () => {
    expect(formatQuantity(32_000)).toBe("32");
    expect(formatQuantity(500)).toBe("0.5");
    expect(formatQuantity(1250)).toBe("1.25");
    expect(formatQuantity(1)).toBe("0.001");
    expect(formatQuantity(100_000_000)).toBe("100000");
  });

  it("reads up to three decimals, more than zero and at most 100,000", () => {
    expect(parseQuantity("32")).toBe(32_000);
    expect(parseQuantity("0.5")).toBe(500);
    expect(parseQuantity(".5")).toBe(500);
    expect(parseQuantity(" 1.125 ")).toBe(1125);
    expect(parseQuantity("1,000")).toBe(1_000_000);
    expect(parseQuantity("100000")).toBe(100_000_000);
    expect(parseQuantity("100001")).toBeNull();
    expect(parseQuantity("0")).toBeNull();
    expect(parseQuantity("0.0001")).toBeNull();
    expect(parseQuantity("-1")).toBeNull();
    expect(parseQuantity("")).toBeNull();
    expect(parseQuantity("two")).toBeNull();
    for (const milli of [1, 500, 1000, 32_000, 1250, 99_999_999]) {
      expect(parseQuantity(formatQuantity(milli))).toBe(milli);
    }
  });

  it("names the unit, one or many", () => {
    expect(quantityWithUnit(32_000, "units")).toBe("32 units");
    expect(quantityWithUnit(1000, "units")).toBe("1 unit");
    expect(quantityWithUnit(1000, "syringes")).toBe("1 syringe");
    expect(quantityWithUnit(500, "syringes")).toBe("0.5 syringes");
    expect(quantityWithUnit(500, "ml")).toBe("0.5 mL");
    expect(quantityWithUnit(1000, "ml")).toBe("1 mL");
    expect(quantityWithUnit(1000, "passes")).toBe("1 pass");
    expect(quantityWithUnit(12_000, "j_cm2")).toBe("12 J/cm²");
    expect(quantityWithUnit(2000, "other")).toBe("2");
    expect(quantityWithUnit(2000, undefined)).toBe("2");
  });

  it("says what a price is for", () => {
    expect(perUnit("units")).toBe("per unit");
    expect(perUnit("ml")).toBe("per mL");
    expect(perUnit(undefined)).toBe("each");
  });
});
