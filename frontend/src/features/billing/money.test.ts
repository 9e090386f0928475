import { formatMoney, formatPercent, moneyInput, parseMoney, parsePercent, percentInput } from "./money";

describe("money", () => {
  it("formats cents in the clinic's currency", () => {
    expect(formatMoney(123_450, "USD")).toBe("$1,234.50");
    expect(formatMoney(-2000, "USD")).toBe("-$20.00");
    expect(formatMoney(0, "USD")).toBe("$0.00");
    expect(formatMoney(4800, "EUR")).toBe("€48.00");
    expect(formatMoney(4800, "GBP")).toBe("£48.00");
    expect(formatMoney(4800, "CAD")).toBe("$48.00");
  });

  it("still shows an amount for a code it doesn't know", () => {
    expect(formatMoney(4800, "nope")).toBe("48.00");
  });

  it("reads what people type into a money field", () => {
    expect(parseMoney("14")).toBe(1400);
    expect(parseMoney("14.5")).toBe(1450);
    expect(parseMoney("$1,234.50")).toBe(123_450);
    expect(parseMoney(" 0.99 ")).toBe(99);
    expect(parseMoney(".5")).toBe(50);
    expect(parseMoney("0")).toBe(0);
    expect(parseMoney("")).toBeNull();
    expect(parseMoney("1.234")).toBeNull();
    expect(parseMoney("abc")).toBeNull();
    expect(parseMoney("-5")).toBeNull();
  });

  it("writes cents back for a field", () => {
    expect(moneyInput(1400)).toBe("14.00");
    expect(moneyInput(123_405)).toBe("1234.05");
    expect(moneyInput(0)).toBe("0.00");
    expect(moneyInput(0, true)).toBe("");
    expect(parseMoney(moneyInput(98_765))).toBe(98_765);
  });

  it("shows and reads percentages in basis points", () => {
    expect(formatPercent(887)).toBe("8.87%");
    expect(formatPercent(1000)).toBe("10%");
    expect(formatPercent(1250)).toBe("12.5%");
    expect(formatPercent(0)).toBe("0%");
    expect(percentInput(1250)).toBe("12.5");
    expect(parsePercent("10")).toBe(1000);
    expect(parsePercent("12.5 %")).toBe(1250);
    expect(parsePercent("8.87")).toBe(887);
    expect(parsePercent("100")).toBe(10_000);
    expect(parsePercent("100.01")).toBeNull();
    expect(parsePercent("1.234")).toBeNull();
    expect(parsePercent("")).toBeNull();
  });
});
