import type { Balance, LedgerEntry, Membership, Plan } from "./api";
import {
  actionsFor,
  balanceText,
  benefitText,
  creditAmount,
  creditName,
  discountText,
  entryLabel,
  entrySign,
  expiryText,
  grantText,
  leftText,
  planGrants,
  planKindLabel,
  priceText,
  scheduleText,
  shortMoney,
  signedAmount,
  termsText,
  validityText,
} from "./credits";

const FACIAL = "00000000-0000-4000-8000-000000000001";

const plan = (change: Partial<Plan> = {}): Plan => ({
  id: "00000000-0000-4000-8000-0000000000aa",
  kind: "membership",
  name: "Glow Club",
  priceCents: 9900,
  billingInterval: "month",
  memberDiscountBp: 1000,
  discountServices: true,
  discountProducts: true,
  creditRolloverMonths: 0,
  benefits: [
    {
      id: "b1",
      creditKind: "service",
      serviceId: FACIAL,
      label: "HydraFacial",
      quantityMilli: 1000,
      amountCents: 0,
    },
    { id: "b2", creditKind: "money", label: "Credit", quantityMilli: 0, amountCents: 5000 },
  ],
  members: 3,
  archived: false,
  createdAt: "2026-01-05T15:00:00Z",
  updatedAt: "2026-01-05T15:00:00Z",
  ...change,
});

const balance = (change: Partial<Balance>): Balance => ({
  creditKind: "service",
  serviceId: FACIAL,
  label: "HydraFacial",
  quantityMilli: 2000,
  amountCents: 0,
  ...change,
});

const entry = (change: Partial<LedgerEntry>): LedgerEntry => ({
  id: "e1",
  kind: "grant",
  creditKind: "service",
  serviceId: FACIAL,
  label: "HydraFacial",
  quantityMilli: 3000,
  amountCents: 0,
  createdAt: "2026-03-14T15:00:00Z",
  ...change,
});

describe("credits", () => {
  it("says how much, whatever the kind", () => {
    expect(creditAmount(balance({ quantityMilli: 1000 }), "USD")).toBe("1 session");
    expect(creditAmount(balance({ quantityMilli: 2500 }), "USD")).toBe("2.5 sessions");
    expect(creditAmount(balance({ creditKind: "money", quantityMilli: 0, amountCents: 3500 }), "USD")).toBe(
      "$35.00",
    );
    expect(
      creditAmount(balance({ creditKind: "units", productKind: "neurotoxin", quantityMilli: 40_000 }), "USD"),
    ).toBe("40 units");
    // Never signed: the ledger adds the sign.
    expect(creditAmount(balance({ quantityMilli: -1000 }), "USD")).toBe("1 session");
  });

  it("names a credit", () => {
    expect(creditName(balance({}))).toBe("HydraFacial");
    expect(creditName(balance({ creditKind: "money" }))).toBe("Credit");
    expect(creditName(balance({ creditKind: "units", productKind: "filler" }))).toBe("Filler units");
  });

  it("drops .00 from whole amounts only", () => {
    expect(shortMoney(5000, "USD")).toBe("$50");
    expect(shortMoney(4950, "USD")).toBe("$49.50");
    expect(shortMoney(120_000, "USD")).toBe("$1,200");
    expect(shortMoney(4800, "EUR")).toBe("€48");
  });
});

describe("what a plan grants", () => {
  it("describes each benefit", () => {
    const [facial, money] = plan().benefits;
    if (!facial || !money) throw new Error("fixture");
    expect(benefitText(facial, "USD")).toBe("1 HydraFacial");
    expect(benefitText({ ...facial, quantityMilli: 3000 }, "USD")).toBe("3 HydraFacial sessions");
    expect(benefitText(money, "USD")).toBe("$50 credit");
    expect(
      benefitText(
        { creditKind: "units", productKind: "neurotoxin", quantityMilli: 40_000, amountCents: 0 },
        "USD",
      ),
    ).toBe("40 units of neurotoxin");
  });

  it("adds how often for a membership, nothing for a package", () => {
    const [facial, money] = plan().benefits;
    if (!facial || !money) throw new Error("fixture");
    expect(grantText(facial, "month", "USD")).toBe("1 HydraFacial / month");
    expect(grantText(money, "year", "USD")).toBe("$50 credit / year");
    expect(grantText({ ...facial, quantityMilli: 3000 }, "none", "USD")).toBe("3 HydraFacial sessions");
    expect(planGrants(plan(), "USD")).toEqual([
      "1 HydraFacial / month",
      "$50 credit / month",
      "10% off services and products",
    ]);
  });

  it("prices and terms", () => {
    expect(priceText(plan(), "USD")).toBe("$99.00 / month");
    expect(priceText(plan({ billingInterval: "year", priceCents: 99_000 }), "USD")).toBe("$990.00 / year");
    const pkg = plan({ kind: "package", billingInterval: "none", priceCents: 45_000, validityDays: 365 });
    expect(priceText(pkg, "USD")).toBe("$450.00 once");
    expect(termsText(pkg)).toBe("credits last 1 year");
    expect(termsText({ ...pkg, validityDays: 90 })).toBe("credits last 90 days");
    expect(termsText(plan())).toBe("unused credits end with each period");
    expect(termsText(plan({ creditRolloverMonths: 2 }))).toBe("unused credits roll over 2 months");
    expect(validityText(730)).toBe("2 years");
    expect(validityText(1)).toBe("1 day");
  });

  it("describes the member discount", () => {
    expect(discountText(plan())).toBe("10% off services and products");
    expect(discountText(plan({ memberDiscountBp: 1250, discountProducts: false }))).toBe(
      "12.5% off services",
    );
    expect(discountText(plan({ memberDiscountBp: 0 }))).toBeNull();
  });

  it("calls a package of units a unit bank", () => {
    const units = {
      id: "b3",
      creditKind: "units" as const,
      productKind: "neurotoxin" as const,
      label: "Neurotoxin",
      quantityMilli: 40_000,
      amountCents: 0,
    };
    expect(planKindLabel(plan({ kind: "package", benefits: [units] }))).toBe("Unit bank");
    expect(planKindLabel(plan({ kind: "package" }))).toBe("Package");
    expect(planKindLabel(plan({ benefits: [units] }))).toBe("Membership");
  });
});

describe("balances", () => {
  it("says what is left and when the soonest of it ends", () => {
    const b = balance({ nextExpiryOn: "2027-03-14", nextExpiryAmount: 1000 });
    expect(balanceText(b, "USD")).toBe("2 sessions left · 1 ends 14 Mar 2027");
    expect(expiryText({ ...b, nextExpiryAmount: 2000 }, "USD")).toBe("all end 14 Mar 2027");
    expect(expiryText({ ...b, quantityMilli: 1000 }, "USD")).toBe("ends 14 Mar 2027");
    expect(balanceText(balance({}), "USD")).toBe("2 sessions left");
  });

  it("reads money and units in their own terms", () => {
    const money = balance({
      creditKind: "money",
      quantityMilli: 0,
      amountCents: 3500,
      nextExpiryOn: "2026-12-31",
      nextExpiryAmount: 2000,
    });
    expect(balanceText(money, "USD")).toBe("$35.00 left · $20.00 ends 31 Dec 2026");
    const units = balance({
      creditKind: "units",
      productKind: "neurotoxin",
      quantityMilli: 28_000,
      nextExpiryOn: "2027-01-09",
      nextExpiryAmount: 12_000,
    });
    expect(balanceText(units, "USD")).toBe("28 units left · 12 end 9 Jan 2027");
  });

  it("says none are left, without an expiry", () => {
    const b = balance({ quantityMilli: 0, nextExpiryOn: "2027-03-14", nextExpiryAmount: 0 });
    expect(leftText(b, "USD")).toBe("None left");
    expect(balanceText(b, "USD")).toBe("None left");
  });
});

describe("the ledger", () => {
  it("signs each change", () => {
    expect(signedAmount(entry({}), "USD")).toBe("+3 sessions");
    expect(signedAmount(entry({ kind: "use", quantityMilli: -1000 }), "USD")).toBe("\u22121 session");
    expect(
      signedAmount(entry({ creditKind: "money", quantityMilli: 0, amountCents: -2500, kind: "use" }), "USD"),
    ).toBe("\u2212$25.00");
    expect(
      signedAmount(entry({ creditKind: "units", productKind: "neurotoxin", quantityMilli: 12_000 }), "USD"),
    ).toBe("+12 units");
    expect(entrySign(entry({ kind: "expire", quantityMilli: -2000 }))).toBe("minus");
    expect(entrySign(entry({ kind: "reverse", quantityMilli: 1000 }))).toBe("plus");
  });

  it("says what happened, adjustments by direction", () => {
    expect(entryLabel(entry({}))).toBe("Granted");
    expect(entryLabel(entry({ kind: "reverse" }))).toBe("Given back");
    expect(entryLabel(entry({ kind: "adjust", quantityMilli: 1000 }))).toBe("Added by hand");
    expect(entryLabel(entry({ kind: "adjust", quantityMilli: -1000 }))).toBe("Removed by hand");
  });
});

describe("a membership's state", () => {
  const m = (change: Partial<Membership>): Membership => ({
    id: "m1",
    patientId: "p1",
    planId: "pl1",
    planName: "Glow Club",
    planKind: "membership",
    status: "active",
    startedOn: "2026-03-03",
    overdue: false,
    balances: [],
    entries: [],
    createdAt: "2026-03-03T15:00:00Z",
    ...change,
  });

  it("says where it stands in time, in the clinic's days", () => {
    const tz = "America/New_York";
    expect(scheduleText(m({ nextRenewalOn: "2026-04-03" }), tz)).toBe(
      "Started 3 Mar 2026 · renews 3 Apr 2026",
    );
    expect(scheduleText(m({ planKind: "package", expiresOn: "2027-03-02" }), tz)).toBe(
      "Started 3 Mar 2026 · last day 2 Mar 2027",
    );
    expect(scheduleText(m({ status: "paused", pausedOn: "2026-05-01" }), tz)).toBe(
      "Started 3 Mar 2026 · paused since 1 May 2026",
    );
    // Late evening in New York is already the next day in UTC.
    expect(scheduleText(m({ status: "cancelled", cancelledAt: "2026-06-02T02:30:00Z" }), tz)).toBe(
      "Started 3 Mar 2026 · cancelled 1 Jun 2026",
    );
  });

  it("offers only the actions that apply", () => {
    expect(actionsFor({ status: "active", planKind: "membership" })).toEqual({
      pause: true,
      resume: false,
      cancel: true,
      adjust: true,
    });
    expect(actionsFor({ status: "active", planKind: "package" }).pause).toBe(false);
    expect(actionsFor({ status: "paused", planKind: "membership" })).toMatchObject({
      pause: false,
      resume: true,
    });
    expect(actionsFor({ status: "cancelled", planKind: "membership" })).toMatchObject({
      cancel: false,
      adjust: true,
    });
    expect(actionsFor({ status: "ended", planKind: "package" }).adjust).toBe(false);
  });
});
