import type { FieldProblem } from "@/api/problem";
import { parseMoney } from "../billing/money";
import { parseQuantity } from "../billing/quantity";
import type { AdjustIn, Balance, CreditKind, Membership, ProductKind } from "./api";
import { creditName } from "./credits";

/** A kind of credit an adjustment can add to or take from. */
export interface CreditChoice {
  key: string;
  creditKind: CreditKind;
  serviceId?: string | undefined;
  productKind?: ProductKind | undefined;
  name: string;
  balance?: Balance | undefined;
}

export const creditKey = (c: { creditKind: CreditKind; serviceId?: string; productKind?: ProductKind }) =>
  `${c.creditKind}:${c.serviceId ?? c.productKind ?? ""}`;

/** The membership's own credits, then money (which any membership can be given). */
export function creditChoices(m: Pick<Membership, "balances">): CreditChoice[] {
  const choices: CreditChoice[] = m.balances.map((b) => ({
    key: creditKey(b),
    creditKind: b.creditKind,
    serviceId: b.serviceId,
    productKind: b.productKind,
    name: creditName(b),
    balance: b,
  }));
  if (!choices.some((c) => c.creditKind === "money")) {
    choices.push({ key: creditKey({ creditKind: "money" }), creditKind: "money", name: "Credit" });
  }
  return choices;
}

export interface AdjustForm {
  credit: string;
  direction: "add" | "remove";
  /** Sessions, units or money, as typed. */
  amount: string;
  /** The last day an added credit can be used ("" for none). */
  expiresOn: string;
  reason: string;
}

export type AdjustErrors = Partial<Record<"credit" | "amount" | "expiresOn" | "reason", string>>;

/** What the dialog sends, or what is wrong: positive adds, negative removes. */
export function adjustBodyOf(
  form: AdjustForm,
  choices: CreditChoice[],
): { body: AdjustIn; errors?: undefined } | { body?: undefined; errors: AdjustErrors } {
  const errors: AdjustErrors = {};
  const choice = choices.find((c) => c.key === form.credit);
  if (!choice) errors.credit = "Choose which credit.";
  const money = choice?.creditKind === "money";
  const size = money ? parseMoney(form.amount) : parseQuantity(form.amount);
  if (!size) errors.amount = money ? "An amount above 0, like 20.00." : "A number above 0.";
  const reason = form.reason.trim();
  if (!reason) errors.reason = "Say why: it is kept with the ledger.";
  else if (reason.length > 500) errors.reason = "Up to 500 characters.";
  const adding = form.direction === "add";
  if (!choice || !size || Object.keys(errors).length) return { errors };
  const signed = adding ? size : -size;
  return {
    body: {
      creditKind: choice.creditKind,
      serviceId: choice.serviceId,
      productKind: choice.productKind,
      quantityMilli: money ? 0 : signed,
      amountCents: money ? signed : 0,
      reason,
      expiresOn: adding && form.expiresOn ? form.expiresOn : undefined,
    },
  };
}

/** The server's field problems, on the dialog's fields. */
export function adjustErrorsFrom(fields: FieldProblem[]): AdjustErrors {
  const names: Record<string, keyof AdjustErrors> = {
    creditKind: "credit",
    quantityMilli: "amount",
    amountCents: "amount",
    expiresOn: "expiresOn",
    reason: "reason",
  };
  const errors: AdjustErrors = {};
  for (const f of fields) errors[names[f.field] ?? "amount"] = f.message;
  return errors;
}
