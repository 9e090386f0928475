import {
  bodyOf,
  check,
  type Draft,
  type DraftLine,
  draftOf,
  errorsFrom,
  otherLine,
  productLine,
  totalsOf,
} from "./draft";
import type { Invoice, Product } from "./invoice-api";

const botox: DraftLine = {
  key: "botox",
  kind: "service",
  description: "Botox Cosmetic",
  serviceId: "s1",
  productId: "p1",
  unit: "units",
  taxable: false,
  fromChart: true,
  quantity: "32",
  price: "14.00",
  discount: "",
};

const draft = (patch: Partial<Draft> = {}): Draft => ({
  lines: [botox],
  discountKind: "none",
  discountValue: "",
  discountReason: "",
  taxExempt: false,
  notes: "",
  ...patch,
});

describe("a draft invoice", () => {
  it("is read from the server's invoice, numbers as people type them", () => {
    const invoice = {
      lines: [
        {
          id: "l1",
          kind: "product",
          description: "Sunscreen",
          productId: "p2",
          quantityMilli: 500,
          unit: "ml",
          unitPriceCents: 4800,
          discountCents: 0,
          taxable: true,
          fromChart: false,
          totalCents: 2400,
          invoiceDiscountCents: 0,
          taxCents: 0,
        },
      ],
      discountKind: "percent",
      discountValue: 1250,
      discountReason: "Loyalty",
      taxExempt: false,
    } as unknown as Invoice;
    const d = draftOf(invoice);
    expect(d.lines[0]).toMatchObject({ quantity: "0.5", price: "48.00", discount: "", unit: "ml" });
    expect(d).toMatchObject({
      discountKind: "percent",
      discountValue: "12.5",
      discountReason: "Loyalty",
      notes: "",
    });
  });

  it("totals what is typed, live", () => {
    const t = totalsOf(draft({ discountKind: "percent", discountValue: "10", discountReason: "x" }), 887);
    expect(t.totalCents).toBe(40_320);
  });

  it("asks why a discount was given, and only then", () => {
    expect(check(draft())).toEqual({});
    expect(check(draft({ discountKind: "percent", discountValue: "" }))).toEqual({});
    expect(check(draft({ discountKind: "percent", discountValue: "10" }))).toEqual({
      discountReason: "Say why the discount was given.",
    });
    expect(
      check(draft({ discountKind: "amount", discountValue: "20", discountReason: "Promotion" })),
    ).toEqual({});
    expect(
      check(draft({ discountKind: "percent", discountValue: "120", discountReason: "x" })).discountValue,
    ).toBe("A percentage up to 100.");
  });

  it("finds half-typed numbers and discounts larger than the line", () => {
    const errors = check(
      draft({
        lines: [
          { ...botox, quantity: "0" },
          { ...botox, key: "b", description: " ", price: "abc" },
          { ...botox, key: "c", discount: "500" },
        ],
      }),
    );
    expect(Object.keys(errors).sort()).toEqual([
      "lines.b.description",
      "lines.b.price",
      "lines.botox.quantity",
      "lines.c.discount",
    ]);
  });

  it("goes to the server as integers, without a reason when there's no discount", () => {
    const body = bodyOf(
      draft({
        lines: [{ ...botox, discount: "5" }],
        discountKind: "percent",
        discountValue: "0",
        discountReason: "left over",
        notes: "  ",
      }),
    );
    expect(body).toEqual({
      lines: [
        {
          kind: "service",
          description: "Botox Cosmetic",
          serviceId: "s1",
          productId: "p1",
          quantityMilli: 32_000,
          unit: "units",
          unitPriceCents: 1400,
          discountCents: 500,
          taxable: false,
          fromChart: true,
        },
      ],
      discountKind: "none",
      discountValue: 0,
      discountReason: undefined,
      taxExempt: false,
      notes: undefined,
    });
    const given = bodyOf(draft({ discountKind: "amount", discountValue: "25", discountReason: " Staff " }));
    expect(given).toMatchObject({ discountKind: "amount", discountValue: 2500, discountReason: "Staff" });
  });

  it("names the server's field problems as the screen names its fields", () => {
    const d = draft({ lines: [botox, { ...botox, key: "second" }] });
    expect(
      errorsFrom(
        [
          {
            field: "lines[1]",
            code: "out_of_range",
            message: "A line's discount is at most the line's amount.",
          },
          { field: "lines[0].description", code: "required", message: "Required." },
          { field: "discountReason", code: "required", message: "Say why the discount was given." },
        ],
        d,
      ),
    ).toEqual({
      "lines.second.discount": "A line's discount is at most the line's amount.",
      "lines.botox.description": "Required.",
      discountReason: "Say why the discount was given.",
    });
  });

  it("adds catalogue products taxed as the clinic says", () => {
    const product = {
      id: "p2",
      name: "Sunscreen",
      retail: true,
      defaultUnit: "units",
      priceCents: 4800,
    } as Product;
    expect(productLine(product, { taxProducts: true, taxServices: false })).toMatchObject({
      kind: "product",
      description: "Sunscreen",
      quantity: "1",
      price: "48.00",
      taxable: true,
    });
    expect(
      productLine({ ...product, retail: false }, { taxProducts: true, taxServices: false }).taxable,
    ).toBe(false);
    expect(otherLine({ taxServices: true })).toMatchObject({ kind: "other", description: "", taxable: true });
  });
});
