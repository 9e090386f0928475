import type { components } from "@/api/generated/schema";
import { type Day, isDay } from "../calendar/time";
import { isRangePreset, presetDays, type RangePreset, rangeInstants } from "./ranges";

type InvoiceStatus = components["schemas"]["InvoiceStatus"];

/** The status chips: "Unpaid" gathers what still has money owing, paid in part or not at all. */
export type StatusChip = "draft" | "unpaid" | "paid" | "refunded" | "void";

export const STATUS_CHIPS: { value: StatusChip | undefined; label: string }[] = [
  { value: undefined, label: "All" },
  { value: "draft", label: "Draft" },
  { value: "unpaid", label: "Unpaid" },
  { value: "paid", label: "Paid" },
  { value: "refunded", label: "Refunded" },
  { value: "void", label: "Void" },
];

const CHIP_STATUSES: Record<StatusChip, InvoiceStatus[]> = {
  draft: ["draft"],
  unpaid: ["unpaid", "partially_paid"],
  paid: ["paid"],
  refunded: ["refunded"],
  void: ["void"],
};

export function statusesOf(chip: StatusChip | undefined): InvoiceStatus[] {
  return chip ? CHIP_STATUSES[chip] : [];
}

/** The invoice list's filters, as the address keeps them. */
export interface InvoicesSearch {
  status?: StatusChip | undefined;
  range?: RangePreset | undefined;
  /** Custom range only: first and last day, inclusive. */
  from?: Day | undefined;
  to?: Day | undefined;
  providerId?: string | undefined;
  patientId?: string | undefined;
  q?: string | undefined;
}

const text = (value: unknown) => (typeof value === "string" && value.trim() ? value.trim() : undefined);

export function validateInvoicesSearch(search: Record<string, unknown>): InvoicesSearch {
  const status = STATUS_CHIPS.find((c) => c.value && c.value === search.status)?.value;
  const range = isRangePreset(search.range) ? search.range : undefined;
  return {
    status,
    range,
    from: range === "custom" && isDay(search.from) ? search.from : undefined,
    to: range === "custom" && isDay(search.to) ? search.to : undefined,
    providerId: text(search.providerId),
    patientId: text(search.patientId),
    q: text(search.q),
  };
}

/** What the list asks the API for. */
export interface InvoiceFilter {
  statuses: InvoiceStatus[];
  from?: string;
  to?: string;
  providerId?: string;
  patientId?: string;
  q?: string;
}

/** The API filter for the address's filters, with dates in the clinic's zone. */
export function filterOf(search: InvoicesSearch, timeZone: string, today: Day): InvoiceFilter {
  const days = search.range ? presetDays(search.range, today, { from: search.from, to: search.to }) : {};
  return {
    statuses: statusesOf(search.status),
    ...rangeInstants(days, timeZone),
    ...(search.providerId ? { providerId: search.providerId } : {}),
    ...(search.patientId ? { patientId: search.patientId } : {}),
    ...(search.q ? { q: search.q } : {}),
  };
}
