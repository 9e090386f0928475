import { describe, expect, it } from "vitest";
import { invoiceNumberPreview } from "./api";
import { type BillingForm, bodyOf, formOf } from "./billing-page";

const SETTINGS = {
  currency: "USD",
  taxRateBp: 887,
  taxServices: false,
  taxProducts: true,
  invoicePrefix: "INV",
  nextInvoiceNumber: 42,
};

const form = (change: Partial<BillingForm> = {}): BillingForm => ({ ...formOf(SETTINGS), ...change });

describe("billing settings", () => {
  it("shows the rate as a percentage", () => {
    expect(formOf(SETTINGS).taxRate).toBe("8.87");
    expect(formOf({ ...SETTINGS, taxRateBp: 1000 }).taxRate).toBe("10");
    expect(formOf({ ...SETTINGS, taxRateBp: 0 }).taxRate).toBe("0");
  });

  it("sends the rate in basis points, and blank address and phone as absent", () => {
    expect(bodyOf(form({ taxRate: "8.88", address: "  ", phone: " (212) 555-0100 " }), SETTINGS)).toEqual({
      body: {
        taxRateBp: 888,
        taxServices: false,
        taxProducts: true,
        invoicePrefix: "INV",
        nextInvoiceNumber: 42,
        clinicAddress: undefined,
        clinicPhone: "(212) 555-0100",
      },
    });
    expect(bodyOf(form({ taxRate: "8.5%" }), SETTINGS).body?.taxRateBp).toBe(850);
  });

  it("refuses a rate with three decimals or above 100 %", () => {
    expect(bodyOf(form({ taxRate: "8.875" }), SETTINGS).errors?.taxRate).toMatch(/two decimals/);
    expect(bodyOf(form({ taxRate: "101" }), SETTINGS).errors?.taxRate).toBeDefined();
    expect(bodyOf(form({ taxRate: "" }), SETTINGS).errors?.taxRate).toBeDefined();
  });

  it("lets invoice numbers only move forward", () => {
    expect(bodyOf(form({ next: "41" }), SETTINGS).errors?.next).toBe(
      "Numbers only move forward: 42 or more.",
    );
    expect(bodyOf(form({ next: "1e3" }), SETTINGS).errors?.next).toBeDefined();
    expect(bodyOf(form({ next: "1000" }), SETTINGS).body?.nextInvoiceNumber).toBe(1000);
  });

  it("checks the prefix", () => {
    expect(bodyOf(form({ prefix: "" }), SETTINGS).errors?.prefix).toBeDefined();
    expect(bodyOf(form({ prefix: "LUMEN-2026X" }), SETTINGS).errors?.prefix).toBeDefined();
    expect(bodyOf(form({ prefix: "2026-" }), SETTINGS).body?.invoicePrefix).toBe("2026-");
  });

  it("previews the next number as invoices print it", () => {
    expect(invoiceNumberPreview("INV", 42)).toBe("INV-00042");
    expect(invoiceNumberPreview("2026-", 42)).toBe("2026-00042");
    expect(invoiceNumberPreview("LS", 123456)).toBe("LS-123456");
  });
});
