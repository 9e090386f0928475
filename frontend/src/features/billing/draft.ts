import type { FieldProblem } from "@/api/problem";
import type { DiscountKind, Invoice, InvoiceDraftIn, LineKind, Product } from "./invoice-api";
import { moneyInput, parseMoney, parsePercent, percentInput } from "./money";
import { type DoseUnit, formatQuantity, parseQuantity } from "./quantity";
import { computeTotals, type InvoiceDiscount, type Totals } from "./totals";

/** A line as the checkout screen edits it: numbers as typed, parsed when needed. */
export interface DraftLine {
  /** Stable while editing (the server gives lines new ids on every save). */
  key: string;
  kind: LineKind;
  description: string;
  serviceId?: string | undefined;
  productId?: string | undefined;
  unit?: DoseUnit | undefined;
  taxable: boolean;
  fromChart: boolean;
  quantity: string;
  price: string;
  discount: string;
}

export interface Draft {
  lines: DraftLine[];
  discountKind: DiscountKind;
  /** A percentage ("10") or an amount ("25.00"), as typed. */
  discountValue: string;
  discountReason: string;
  taxExempt: boolean;
  notes: string;
}

/** What went wrong where: `lines.<key>.quantity`, `discountReason`, … */
export type DraftErrors = Record<string, string>;

let nextKey = 1;
export const newKey = () => `line-${nextKey++}`;

export function draftOf(invoice: Invoice): Draft {
  return {
    lines: invoice.lines.map((l) => ({
      key: newKey(),
      kind: l.kind,
      description: l.description,
      serviceId: l.serviceId,
      productId: l.productId,
      unit: l.unit,
      taxable: l.taxable,
      fromChart: l.fromChart,
      quantity: formatQuantity(l.quantityMilli),
      price: moneyInput(l.unitPriceCents),
      discount: moneyInput(l.discountCents, true),
    })),
    discountKind: invoice.discountKind,
    discountValue:
      invoice.discountKind === "percent"
        ? percentInput(invoice.discountValue)
        : invoice.discountKind === "amount"
          ? moneyInput(invoice.discountValue)
          : "",
    discountReason: invoice.discountReason ?? "",
    taxExempt: invoice.taxExempt,
    notes: invoice.notes ?? "",
  };
}

/** A product added from the catalogue: its price for one of its unit, taxed as the clinic says. */
export function productLine(
  product: Product,
  settings: { taxProducts: boolean; taxServices: boolean } | undefined,
): DraftLine {
  return {
    key: newKey(),
    kind: "product",
    description: product.name,
    productId: product.id,
    unit: product.defaultUnit,
    // Retail is taxed as products; a treatment product as part of the service.
    taxable: product.retail ? Boolean(settings?.taxProducts) : Boolean(settings?.taxServices),
    fromChart: false,
    quantity: "1",
    price: moneyInput(product.priceCents ?? 0),
    discount: "",
  };
}

/** A free-text line ("Late cancellation fee"). */
export function otherLine(settings: { taxServices: boolean } | undefined): DraftLine {
  return {
    key: newKey(),
    kind: "other",
    description: "",
    taxable: Boolean(settings?.taxServices),
    fromChart: false,
    quantity: "1",
    price: "",
    discount: "",
  };
}

const quantityOf = (l: DraftLine) => parseQuantity(l.quantity) ?? 0;
const priceOf = (l: DraftLine) => parseMoney(l.price || "0") ?? 0;
const lineDiscountOf = (l: DraftLine) => parseMoney(l.discount || "0") ?? 0;

/** A line's numbers as they stand (what doesn't parse counts as zero). */
export function numbersOf(l: DraftLine) {
  return { quantityMilli: quantityOf(l), unitPriceCents: priceOf(l), discountCents: lineDiscountOf(l) };
}

function discountOf(draft: Draft): InvoiceDiscount {
  if (draft.discountKind === "percent")
    return { kind: "percent", value: parsePercent(draft.discountValue) ?? 0 };
  if (draft.discountKind === "amount") return { kind: "amount", value: parseMoney(draft.discountValue) ?? 0 };
  return { kind: "none" };
}

/** Whether the draft gives a discount (a kind with a value above zero). */
export function hasDiscount(draft: Draft): boolean {
  const d = discountOf(draft);
  return d.kind !== "none" && d.value > 0;
}

/** The totals as saving would store them, while people type. */
export function totalsOf(draft: Draft, taxRateBp: number): Totals {
  return computeTotals(
    draft.lines.map((l) => ({
      quantityMilli: quantityOf(l),
      unitPriceCents: priceOf(l),
      discountCents: lineDiscountOf(l),
      taxable: l.taxable,
    })),
    discountOf(draft),
    taxRateBp,
    draft.taxExempt,
  );
}

const MAX_CENTS = 100_000_000;

/** The server's rules, checked before saving so a half-typed field never goes out. */
export function check(draft: Draft): DraftErrors {
  const errors: DraftErrors = {};
  for (const l of draft.lines) {
    const at = `lines.${l.key}`;
    const description = l.description.trim();
    if (!description) errors[`${at}.description`] = "Describe the line.";
    else if (description.length > 200) errors[`${at}.description`] = "Up to 200 characters.";
    const quantity = parseQuantity(l.quantity);
    if (quantity === null) errors[`${at}.quantity`] = "A number above 0, up to 3 decimals.";
    const price = parseMoney(l.price || "0");
    if (price === null || price > MAX_CENTS) errors[`${at}.price`] = "An amount, like 14.00.";
    const discount = parseMoney(l.discount || "0");
    if (discount === null) errors[`${at}.discount`] = "An amount, like 5.00.";
    else if (quantity !== null && price !== null) {
      const gross = computeTotals(
        [{ quantityMilli: quantity, unitPriceCents: price, discountCents: 0, taxable: false }],
        { kind: "none" },
        0,
        false,
      ).subtotalCents;
      if (discount > gross) errors[`${at}.discount`] = "At most the line’s amount.";
    }
  }
  if (draft.discountKind !== "none" && draft.discountValue.trim()) {
    const value =
      draft.discountKind === "percent" ? parsePercent(draft.discountValue) : parseMoney(draft.discountValue);
    if (value === null || value > MAX_CENTS) {
      errors.discountValue =
        draft.discountKind === "percent" ? "A percentage up to 100." : "An amount, like 25.00.";
    }
  }
  if (hasDiscount(draft) && !draft.discountReason.trim()) {
    errors.discountReason = "Say why the discount was given.";
  } else if (draft.discountReason.trim().length > 200) {
    errors.discountReason = "Up to 200 characters.";
  }
  if (draft.notes.length > 2000) errors.notes = "Up to 2,000 characters.";
  return errors;
}

/** The draft as the server takes it. Assumes `check` found nothing. */
export function bodyOf(draft: Draft): InvoiceDraftIn {
  const discount = discountOf(draft);
  const value = discount.kind === "none" ? 0 : discount.value;
  const given = value > 0;
  return {
    lines: draft.lines.map((l) => ({
      kind: l.kind,
      description: l.description.trim(),
      serviceId: l.serviceId,
      productId: l.productId,
      quantityMilli: quantityOf(l),
      unit: l.unit,
      unitPriceCents: priceOf(l),
      discountCents: lineDiscountOf(l),
      taxable: l.taxable,
      fromChart: l.fromChart,
    })),
    discountKind: given ? discount.kind : "none",
    discountValue: value,
    discountReason: given ? draft.discountReason.trim() : undefined,
    taxExempt: draft.taxExempt,
    notes: draft.notes.trim() || undefined,
  };
}

/** The server's field problems, named as the screen names its fields. */
export function errorsFrom(fields: FieldProblem[], draft: Draft): DraftErrors {
  const errors: DraftErrors = {};
  for (const f of fields) {
    const m = /^lines\[(\d+)\](?:\.(\w+))?$/.exec(f.field);
    const line = m ? draft.lines[Number(m[1])] : undefined;
    if (m && line) {
      const part =
        m[2] === "description"
          ? "description"
          : /discount/i.test(f.message)
            ? "discount"
            : /price/i.test(f.message)
              ? "price"
              : "quantity";
      errors[`lines.${line.key}.${part}`] = f.message;
    } else {
      errors[f.field] = f.message;
    }
  }
  return errors;
}
