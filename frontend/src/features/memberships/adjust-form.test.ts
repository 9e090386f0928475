import { type AdjustForm, adjustBodyOf, adjustErrorsFrom, creditChoices } from "./adjust-form";

const FACIAL = "00000000-0000-4000-8000-000000000001";

const choices = creditChoices({
  balances: [
    { creditKind: "service", serviceId: FACIAL, label: "HydraFacial", quantityMilli: 2000, amountCents: 0 },
    {
      creditKind: "units",
      productKind: "neurotoxin",
      label: "Neurotoxin units",
      quantityMilli: 0,
      amountCents: 0,
    },
  ],
});

const form = (change: Partial<AdjustForm> = {}): AdjustForm => ({
  credit: `service:${FACIAL}`,
  direction: "add",
  amount: "1",
  expiresOn: "",
  reason: "Missed because of our scheduling error",
  ...change,
});

describe("adjusting credits", () => {
  it("offers the membership's credits, then money", () => {
    expect(choices.map((c) => [c.key, c.name])).toEqual([
      [`service:${FACIAL}`, "HydraFacial"],
      ["units:neurotoxin", "Neurotoxin units"],
      ["money:", "Credit"],
    ]);
  });

  it("adds as a positive amount, with a last day when given", () => {
    expect(adjustBodyOf(form({ expiresOn: "2026-12-31" }), choices).body).toEqual({
      creditKind: "service",
      serviceId: FACIAL,
      productKind: undefined,
      quantityMilli: 1000,
      amountCents: 0,
      reason: "Missed because of our scheduling error",
      expiresOn: "2026-12-31",
    });
  });

  it("removes as a negative amount, never with a last day", () => {
    const body = adjustBodyOf(
      form({ credit: "units:neurotoxin", direction: "remove", amount: "12", expiresOn: "2026-12-31" }),
      choices,
    ).body;
    expect(body).toMatchObject({ creditKind: "units", productKind: "neurotoxin", quantityMilli: -12_000 });
    expect(body?.expiresOn).toBeUndefined();
  });

  it("sends money in cents", () => {
    const body = adjustBodyOf(form({ credit: "money:", amount: "$20" }), choices).body;
    expect(body).toMatchObject({ creditKind: "money", amountCents: 2000, quantityMilli: 0 });
  });

  it("wants an amount and a reason", () => {
    expect(adjustBodyOf(form({ amount: "0", reason: " " }), choices).errors).toEqual({
      amount: "A number above 0.",
      reason: "Say why: it is kept with the ledger.",
    });
    expect(adjustBodyOf(form({ credit: "money:", amount: "-5" }), choices).errors?.amount).toMatch(/amount/);
  });

  it("puts the server's problems on the dialog's fields", () => {
    expect(
      adjustErrorsFrom([
        { field: "expiresOn", code: "invalid", message: "Only an added credit has a last day." },
        { field: "quantityMilli", code: "out_of_range", message: "An adjustment adds or removes something." },
      ]),
    ).toEqual({
      expiresOn: "Only an added credit has a last day.",
      amount: "An adjustment adds or removes something.",
    });
  });
});
