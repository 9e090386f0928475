import type { Plan } from "./api";
import { type PlanForm, planBodyOf, planErrorsFrom, planFormOf } from "./plan-form";

const FACIAL = "00000000-0000-4000-8000-000000000001";

function form(change: Partial<PlanForm> = {}): PlanForm {
  const f = planFormOf();
  const [first] = f.benefits;
  if (!first) throw new Error("a new plan starts with one credit");
  return { ...f, name: "Glow Club", price: "99", benefits: [{ ...first, serviceId: FACIAL }], ...change };
}

describe("plan form", () => {
  it("sends a monthly membership", () => {
    expect(planBodyOf(form({ discount: "10", rolloverMonths: "2" }))).toEqual({
      body: {
        kind: "membership",
        name: "Glow Club",
        description: undefined,
        priceCents: 9900,
        billingInterval: "month",
        validityDays: undefined,
        creditRolloverMonths: 2,
        memberDiscountBp: 1000,
        discountServices: true,
        discountProducts: false,
        benefits: [{ creditKind: "service", serviceId: FACIAL, quantityMilli: 1000, amountCents: 0 }],
      },
    });
  });

  it("sends a unit bank as a package paid once, without rollover", () => {
    const f = form({ kind: "package", price: "$480.00", validityDays: "365", rolloverMonths: "3" });
    const [row] = f.benefits;
    if (!row) throw new Error("fixture");
    const body = planBodyOf({
      ...f,
      benefits: [{ ...row, creditKind: "units", productKind: "neurotoxin", quantity: "40" }],
    }).body;
    expect(body).toMatchObject({
      kind: "package",
      billingInterval: "none",
      validityDays: 365,
      creditRolloverMonths: 0,
      priceCents: 48_000,
      benefits: [{ creditKind: "units", productKind: "neurotoxin", quantityMilli: 40_000, amountCents: 0 }],
    });
  });

  it("sends money credits in cents", () => {
    const [row] = form().benefits;
    if (!row) throw new Error("fixture");
    const body = planBodyOf(form({ benefits: [{ ...row, creditKind: "money", amount: "50" }] })).body;
    expect(body?.benefits).toEqual([{ creditKind: "money", amountCents: 5000, quantityMilli: 0 }]);
  });

  it("checks what the server would refuse, by field", () => {
    const [row] = form().benefits;
    if (!row) throw new Error("fixture");
    const errors = planBodyOf(
      form({
        name: " ",
        price: "abc",
        kind: "package",
        validityDays: "0",
        benefits: [{ ...row, serviceId: "" }],
      }),
    ).errors;
    expect(errors).toMatchObject({
      name: "Name the plan.",
      price: expect.any(String),
      validityDays: "From 1 to 3,650 days.",
      [`benefit.${row.key}`]: "Choose the service.",
    });
    expect(planBodyOf(form({ rolloverMonths: "25" })).errors?.rolloverMonths).toBeDefined();
    expect(planBodyOf(form({ discount: "101" })).errors?.discount).toBeDefined();
  });

  it("wants a credit or a discount, and the discount applied to something", () => {
    expect(planBodyOf(form({ benefits: [] })).errors?.benefits).toMatch(/at least one credit/);
    expect(planBodyOf(form({ benefits: [], discount: "15" })).body?.memberDiscountBp).toBe(1500);
    expect(
      planBodyOf(form({ discount: "10", discountServices: false, discountProducts: false })).errors?.discount,
    ).toBe("Choose what the discount applies to.");
  });

  it("starts from a plan as saved", () => {
    const plan: Plan = {
      id: "p1",
      kind: "membership",
      name: "Glow Club",
      priceCents: 9900,
      billingInterval: "year",
      memberDiscountBp: 1250,
      discountServices: true,
      discountProducts: false,
      creditRolloverMonths: 1,
      benefits: [
        { id: "b1", creditKind: "money", label: "Credit", quantityMilli: 0, amountCents: 5000 },
        {
          id: "b2",
          creditKind: "units",
          productKind: "filler",
          label: "Filler",
          quantityMilli: 1500,
          amountCents: 0,
        },
      ],
      members: 0,
      archived: false,
      createdAt: "2026-01-05T15:00:00Z",
      updatedAt: "2026-01-05T15:00:00Z",
    };
    const f = planFormOf(plan);
    expect(f).toMatchObject({ price: "99.00", interval: "year", discount: "12.5", rolloverMonths: "1" });
    expect(f.benefits.map((b) => [b.creditKind, b.amount, b.quantity, b.productKind])).toEqual([
      ["money", "50.00", "", "neurotoxin"],
      ["units", "", "1.5", "filler"],
    ]);
    // Saved again unchanged, it sends what it was made from.
    expect(planBodyOf(f).body?.benefits).toEqual([
      { creditKind: "money", amountCents: 5000, quantityMilli: 0 },
      { creditKind: "units", productKind: "filler", quantityMilli: 1500, amountCents: 0 },
    ]);
  });

  it("puts the server's problems on the dialog's fields", () => {
    const f = form();
    const second = { ...(f.benefits[0] as PlanForm["benefits"][number]), key: "second" };
    const two = { ...f, benefits: [...f.benefits, second] };
    expect(
      planErrorsFrom(
        [
          { field: "benefits[1]", code: "out_of_range", message: "Each credit is more than 0." },
          { field: "name", code: "taken", message: "A plan with that name already exists." },
          { field: "memberDiscountBp", code: "out_of_range", message: "A discount is 0 to 100 %." },
        ],
        two,
      ),
    ).toEqual({
      "benefit.second": "Each credit is more than 0.",
      name: "A plan with that name already exists.",
      discount: "A discount is 0 to 100 %.",
    });
  });
});
