import { format, parseISO } from "date-fns";
import { inZone } from "@/lib/dates";
import { formatMoney, formatPercent } from "../billing/money";
import { formatQuantity } from "../billing/quantity";
import type {
  Balance,
  BillingInterval,
  CreditKind,
  EntryKind,
  LedgerEntry,
  Membership,
  MembershipStatus,
  Plan,
  PlanKind,
  ProductKind,
} from "./api";

/** What a credit is and how much of it: sessions and units in thousandths, money in cents. */
export interface CreditAmount {
  creditKind: CreditKind;
  quantityMilli: number;
  amountCents: number;
  productKind?: ProductKind | undefined;
  /** The service's name, for a service credit (the API's `label`). */
  label?: string | undefined;
}

export const PRODUCT_KINDS: { value: ProductKind; label: string }[] = [
  { value: "neurotoxin", label: "Neurotoxin" },
  { value: "filler", label: "Filler" },
  { value: "biostimulator", label: "Biostimulator" },
  { value: "skin", label: "Skin care" },
  { value: "energy", label: "Energy device" },
  { value: "other", label: "Other products" },
];

const kindLabel = (kind: ProductKind | undefined) =>
  PRODUCT_KINDS.find((k) => k.value === kind)?.label ?? "Product";

export const CREDIT_KINDS: { value: CreditKind; label: string }[] = [
  { value: "service", label: "Sessions of a service" },
  { value: "money", label: "Money to spend" },
  { value: "units", label: "Units of a product" },
];

/** Money without ".00" when it is whole: "$50", "$49.50", "$1,200". */
export function shortMoney(cents: number, currency: string): string {
  const full = formatMoney(cents, currency);
  return cents % 100 === 0 ? full.replace(/\.00(?=\D*$)/, "") : full;
}

const plural = (milli: number, one: string, many: string) =>
  `${formatQuantity(milli)} ${Math.abs(milli) === 1000 ? one : many}`;

/** How much, without what it is for: "2 sessions", "$35.00", "40 units". Never signed. */
export function creditAmount(credit: CreditAmount, currency: string): string {
  const q = Math.abs(credit.quantityMilli);
  if (credit.creditKind === "money") return formatMoney(Math.abs(credit.amountCents), currency);
  if (credit.creditKind === "units") return plural(q, "unit", "units");
  return plural(q, "session", "sessions");
}

/** What a credit is for, as a heading: "HydraFacial", "Credit", "Neurotoxin units". */
export function creditName(credit: CreditAmount): string {
  if (credit.creditKind === "money") return "Credit";
  if (credit.creditKind === "units") return `${kindLabel(credit.productKind)} units`;
  return credit.label ?? "Service";
}

/** What a plan grants, once: "1 HydraFacial", "3 HydraFacial sessions", "$50 credit",
 * "40 units of neurotoxin". */
export function benefitText(credit: CreditAmount, currency: string): string {
  if (credit.creditKind === "money") return `${shortMoney(credit.amountCents, currency)} credit`;
  const q = credit.quantityMilli;
  if (credit.creditKind === "units") {
    return `${plural(q, "unit", "units")} of ${kindLabel(credit.productKind).toLowerCase()}`;
  }
  const name = credit.label ?? "service";
  return q === 1000 ? `1 ${name}` : `${formatQuantity(q)} ${name} sessions`;
}

const PER: Record<BillingInterval, string> = { month: " / month", year: " / year", none: "" };

/** What a plan grants, and how often: "1 HydraFacial / month"; a package's, once. */
export function grantText(credit: CreditAmount, interval: BillingInterval, currency: string): string {
  return `${benefitText(credit, currency)}${PER[interval]}`;
}

/** How long a package's credits last: "1 year", "2 years", "90 days", "1 day". */
export function validityText(days: number): string {
  if (days % 365 === 0) return days === 365 ? "1 year" : `${days / 365} years`;
  return days === 1 ? "1 day" : `${days.toLocaleString("en-US")} days`;
}

type Priced = Pick<Plan, "kind" | "priceCents" | "billingInterval" | "validityDays">;

/** The price and how it is paid: "$99.00 / month", "$450.00 once". */
export function priceText(plan: Priced, currency: string): string {
  const price = formatMoney(plan.priceCents, currency);
  return plan.kind === "package" || plan.billingInterval === "none"
    ? `${price} once`
    : `${price}${PER[plan.billingInterval]}`;
}

/** The rest of a plan's terms: "credits last 1 year", "unused credits roll over 2 months". */
export function termsText(plan: Pick<Plan, "kind" | "validityDays" | "creditRolloverMonths">): string | null {
  if (plan.kind === "package") {
    return plan.validityDays ? `credits last ${validityText(plan.validityDays)}` : null;
  }
  if (!plan.creditRolloverMonths) return "unused credits end with each period";
  const months = plan.creditRolloverMonths === 1 ? "1 month" : `${plan.creditRolloverMonths} months`;
  return `unused credits roll over ${months}`;
}

/** The member discount: "10% off services and products"; null without one. */
export function discountText(
  plan: Pick<Plan, "memberDiscountBp" | "discountServices" | "discountProducts">,
): string | null {
  if (!plan.memberDiscountBp) return null;
  const on = [plan.discountServices ? "services" : null, plan.discountProducts ? "products" : null].filter(
    Boolean,
  );
  const pct = formatPercent(plan.memberDiscountBp);
  return on.length ? `${pct} off ${on.join(" and ")}` : `${pct} member discount`;
}

export const PLAN_KIND_LABELS: Record<PlanKind, string> = { membership: "Membership", package: "Package" };

/** A package of units only ("40 units of neurotoxin") is what clinics call a unit bank. */
export function planKindLabel(plan: Pick<Plan, "kind" | "benefits">): string {
  if (
    plan.kind === "package" &&
    plan.benefits.length > 0 &&
    plan.benefits.every((b) => b.creditKind === "units")
  ) {
    return "Unit bank";
  }
  return PLAN_KIND_LABELS[plan.kind];
}

/** A calendar date (no time zone): "14 Mar 2027". */
export function formatDate(date: string): string {
  return format(parseISO(date), "d MMM yyyy");
}

/** The day an instant fell on in the clinic: "14 Mar 2027". */
export function formatDayOf(iso: string, timeZone: string): string {
  return format(inZone(iso, timeZone), "d MMM yyyy");
}

const amountOf = (b: Pick<CreditAmount, "creditKind" | "quantityMilli" | "amountCents">) =>
  b.creditKind === "money" ? b.amountCents : b.quantityMilli;

/** What is left: "2 sessions left", "$35.00 left", "None left". */
export function leftText(balance: Balance, currency: string): string {
  if (amountOf(balance) <= 0) return "None left";
  return `${creditAmount(balance, currency)} left`;
}

/** When the soonest of it ends: "1 ends 14 Mar 2027", "all end 14 Mar 2027", "ends 14 Mar 2027". */
export function expiryText(balance: Balance, currency: string): string | null {
  const left = amountOf(balance);
  const ending = balance.nextExpiryAmount;
  if (left <= 0 || !balance.nextExpiryOn || ending === undefined || ending <= 0) return null;
  const day = formatDate(balance.nextExpiryOn);
  if (ending >= left) {
    return balance.creditKind === "money" || left === 1000 ? `ends ${day}` : `all end ${day}`;
  }
  if (balance.creditKind === "money") return `${formatMoney(ending, currency)} ends ${day}`;
  return `${formatQuantity(ending)} ${ending === 1000 ? "ends" : "end"} ${day}`;
}

/** "2 sessions left · 1 ends 14 Mar 2027". */
export function balanceText(balance: Balance, currency: string): string {
  return [leftText(balance, currency), expiryText(balance, currency)].filter(Boolean).join(" · ");
}

const MINUS = "\u2212";

/** Whether an entry added to the balance or took from it. */
export function entrySign(entry: Pick<LedgerEntry, "creditKind" | "quantityMilli" | "amountCents">) {
  const n = amountOf(entry);
  return n > 0 ? "plus" : n < 0 ? "minus" : "none";
}

/** An entry's change, signed: "+3 sessions", "−1 session", "+$50.00", "−12 units". */
export function signedAmount(entry: CreditAmount, currency: string): string {
  const sign = entrySign(entry);
  return `${sign === "plus" ? "+" : sign === "minus" ? MINUS : ""}${creditAmount(entry, currency)}`;
}

export const ENTRY_LABELS: Record<EntryKind, string> = {
  grant: "Granted",
  use: "Used",
  expire: "Expired",
  reverse: "Given back",
  adjust: "Adjusted",
};

/** What happened, for the ledger: "Granted", "Used", "Added by hand", "Removed by hand". */
export function entryLabel(entry: LedgerEntry): string {
  if (entry.kind === "adjust") return entrySign(entry) === "minus" ? "Removed by hand" : "Added by hand";
  return ENTRY_LABELS[entry.kind];
}

export const STATUS_LABELS: Record<MembershipStatus, string> = {
  active: "Active",
  paused: "Paused",
  cancelled: "Cancelled",
  ended: "Ended",
};

export const STATUS_TONES = {
  active: "success",
  paused: "warning",
  cancelled: "neutral",
  ended: "neutral",
} as const satisfies Record<MembershipStatus, string>;

/** Where a membership stands in time: "Renews 14 Apr 2026", "Last day 14 Mar 2027", … */
export function scheduleText(m: Membership, timeZone: string): string {
  const started = `Started ${formatDate(m.startedOn)}`;
  const parts = [started];
  if (m.status === "cancelled") {
    if (m.cancelledAt) parts.push(`cancelled ${formatDayOf(m.cancelledAt, timeZone)}`);
  } else if (m.status === "paused") {
    if (m.pausedOn) parts.push(`paused since ${formatDate(m.pausedOn)}`);
  } else if (m.status === "ended") {
    if (m.expiresOn) parts.push(`ended ${formatDate(m.expiresOn)}`);
  } else if (m.nextRenewalOn) {
    parts.push(`renews ${formatDate(m.nextRenewalOn)}`);
  } else if (m.expiresOn) {
    parts.push(`last day ${formatDate(m.expiresOn)}`);
  }
  return parts.join(" · ");
}

/** Which of a membership's actions apply now (the server decides; this hides the pointless). */
export function actionsFor(m: Pick<Membership, "status" | "planKind">) {
  const open = m.status === "active" || m.status === "paused";
  return {
    pause: m.planKind === "membership" && m.status === "active",
    resume: m.status === "paused",
    cancel: open,
    adjust: m.status !== "ended",
  };
}

/** Everything a plan gives, as short phrases: its credits, then its discount. */
export function planGrants(
  plan: Pick<
    Plan,
    "benefits" | "billingInterval" | "memberDiscountBp" | "discountServices" | "discountProducts"
  >,
  currency: string,
): string[] {
  const discount = discountText(plan);
  return [
    ...plan.benefits.map((b) => grantText(b, plan.billingInterval, currency)),
    ...(discount ? [discount] : []),
  ];
}
