import type { FieldProblem } from "@/api/problem";
import { moneyInput, parseMoney, parsePercent, percentInput } from "../billing/money";
import { formatQuantity, parseQuantity } from "../billing/quantity";
import type { CreditKind, Plan, PlanBenefitIn, PlanIn, PlanKind, ProductKind } from "./api";

/** One credit as the dialog edits it: numbers as typed. */
export interface BenefitRow {
  /** Stable while editing, so errors and focus follow the row. */
  key: string;
  creditKind: CreditKind;
  serviceId: string;
  productKind: ProductKind;
  /** Sessions or units, as typed ("1", "40"). */
  quantity: string;
  /** Money, as typed ("50.00"). */
  amount: string;
}

export interface PlanForm {
  kind: PlanKind;
  name: string;
  description: string;
  price: string;
  interval: "month" | "year";
  validityDays: string;
  rolloverMonths: string;
  discount: string;
  discountServices: boolean;
  discountProducts: boolean;
  benefits: BenefitRow[];
}

/** Problems by field: `name`, `price`, `validityDays`, `benefits`, `benefit.<key>`, … */
export type PlanErrors = Record<string, string>;

let nextKey = 1;

export function newBenefit(creditKind: CreditKind = "service", serviceId = ""): BenefitRow {
  return {
    key: `benefit-${nextKey++}`,
    creditKind,
    serviceId,
    productKind: "neurotoxin",
    quantity: creditKind === "units" ? "20" : creditKind === "service" ? "1" : "",
    amount: "",
  };
}

export function planFormOf(plan?: Plan | null): PlanForm {
  if (!plan) {
    return {
      kind: "membership",
      name: "",
      description: "",
      price: "",
      interval: "month",
      validityDays: "365",
      rolloverMonths: "0",
      discount: "",
      discountServices: true,
      discountProducts: false,
      benefits: [newBenefit()],
    };
  }
  return {
    kind: plan.kind,
    name: plan.name,
    description: plan.description ?? "",
    price: moneyInput(plan.priceCents),
    interval: plan.billingInterval === "year" ? "year" : "month",
    validityDays: String(plan.validityDays ?? 365),
    rolloverMonths: String(plan.creditRolloverMonths),
    discount: plan.memberDiscountBp ? percentInput(plan.memberDiscountBp) : "",
    discountServices: plan.discountServices,
    discountProducts: plan.discountProducts,
    benefits: plan.benefits.map((b) => ({
      ...newBenefit(b.creditKind, b.serviceId ?? ""),
      productKind: b.productKind ?? "neurotoxin",
      quantity: b.creditKind === "money" ? "" : formatQuantity(b.quantityMilli),
      amount: b.creditKind === "money" ? moneyInput(b.amountCents) : "",
    })),
  };
}

const MAX_CENTS = 100_000_000;
const whole = (text: string) => (/^\d+$/.test(text.trim()) ? Number(text.trim()) : Number.NaN);

function benefitOf(row: BenefitRow): { benefit?: PlanBenefitIn; error?: string } {
  if (row.creditKind === "money") {
    const cents = parseMoney(row.amount);
    if (cents === null || cents <= 0 || cents > MAX_CENTS) return { error: "An amount above 0, like 50.00." };
    return { benefit: { creditKind: "money", amountCents: cents, quantityMilli: 0 } };
  }
  const milli = parseQuantity(row.quantity);
  const what = row.creditKind === "service" ? "sessions" : "units";
  if (milli === null) return { error: `How many ${what}: a number above 0.` };
  if (row.creditKind === "service") {
    if (!row.serviceId) return { error: "Choose the service." };
    return {
      benefit: { creditKind: "service", serviceId: row.serviceId, quantityMilli: milli, amountCents: 0 },
    };
  }
  return {
    benefit: { creditKind: "units", productKind: row.productKind, quantityMilli: milli, amountCents: 0 },
  };
}

/** What the dialog sends, or what is wrong with it: the server's rules, checked first. */
export function planBodyOf(
  form: PlanForm,
): { body: PlanIn; errors?: undefined } | { body?: undefined; errors: PlanErrors } {
  const errors: PlanErrors = {};
  const name = form.name.trim();
  if (!name) errors.name = "Name the plan.";
  else if (name.length > 80) errors.name = "Up to 80 characters.";
  if (form.description.trim().length > 1000) errors.description = "Up to 1,000 characters.";
  const price = parseMoney(form.price);
  if (price === null || price > MAX_CENTS) errors.price = "A price, like 99.00 (0 for free).";
  const membership = form.kind === "membership";
  const days = whole(form.validityDays);
  if (!membership && !(days >= 1 && days <= 3650)) errors.validityDays = "From 1 to 3,650 days.";
  const rollover = form.rolloverMonths.trim() ? whole(form.rolloverMonths) : 0;
  if (membership && !(rollover >= 0 && rollover <= 24)) errors.rolloverMonths = "From 0 to 24 months.";
  const discount = form.discount.trim() ? parsePercent(form.discount) : 0;
  if (discount === null) errors.discount = "A percentage from 0 to 100, like 10.";
  else if (discount > 0 && !form.discountServices && !form.discountProducts) {
    errors.discount = "Choose what the discount applies to.";
  }
  const benefits: PlanBenefitIn[] = [];
  for (const row of form.benefits) {
    const { benefit, error } = benefitOf(row);
    if (error) errors[`benefit.${row.key}`] = error;
    else if (benefit) benefits.push(benefit);
  }
  if (form.benefits.length > 20) errors.benefits = "Up to 20 credits.";
  if (!form.benefits.length && !discount) {
    errors.benefits = "Grant at least one credit, or give members a discount.";
  }
  if (Object.keys(errors).length || price === null || discount === null) return { errors };
  return {
    body: {
      kind: form.kind,
      name,
      description: form.description.trim() || undefined,
      priceCents: price,
      billingInterval: membership ? form.interval : "none",
      validityDays: membership ? undefined : days,
      creditRolloverMonths: membership ? rollover : 0,
      memberDiscountBp: discount,
      discountServices: form.discountServices,
      discountProducts: form.discountProducts,
      benefits,
    },
  };
}

const FIELDS: Record<string, string> = {
  kind: "kind",
  name: "name",
  description: "description",
  priceCents: "price",
  billingInterval: "interval",
  validityDays: "validityDays",
  creditRolloverMonths: "rolloverMonths",
  memberDiscountBp: "discount",
  benefits: "benefits",
};

/** The server's field problems, named as the dialog names its fields ("benefits[1]" is the
 * second credit's row). */
export function planErrorsFrom(fields: FieldProblem[], form: PlanForm): PlanErrors {
  const errors: PlanErrors = {};
  for (const f of fields) {
    const m = /^benefits\[(\d+)\]/.exec(f.field);
    const row = m ? form.benefits[Number(m[1])] : undefined;
    if (row) errors[`benefit.${row.key}`] = f.message;
    else errors[FIELDS[f.field] ?? f.field] = f.message;
  }
  return errors;
}
