import { useQuery } from "@tanstack/react-query";
import { Link } from "@tanstack/react-router";
import { Ticket } from "lucide-react";
import type { components } from "@/api/generated/schema";
import { cn } from "@/lib/cn";
import { formatDateTime } from "@/lib/dates";
import { billingSettingsQuery } from "../billing/invoice-api";
import { ENTRY_LABELS, entrySign, signedAmount } from "./credits";

export type CreditTimelineEntry = components["schemas"]["TimelineCredit"];

/** What happened to a credit, in the timeline's words. */
export function creditTitle(entry: CreditTimelineEntry): string {
  const what =
    entry.entryKind === "adjust"
      ? entrySign(entry) === "minus"
        ? "Credit removed by hand"
        : "Credit added by hand"
      : `Credit ${ENTRY_LABELS[entry.entryKind].toLowerCase()}`;
  return `${what} · ${entry.label}`;
}

/** A grant, use, return, expiry or adjustment of a membership's credits. */
export function CreditTimelineItem({ entry, timeZone }: { entry: CreditTimelineEntry; timeZone: string }) {
  const currency = useQuery(billingSettingsQuery).data?.currency ?? "USD";
  const sign = entrySign(entry);
  const body = (
    <>
      <div className="flex flex-wrap items-center justify-between gap-2">
        <p className="text-sm font-medium text-ink">{creditTitle(entry)}</p>
        <span
          className={cn(
            "text-sm font-semibold tabular-nums",
            sign === "plus" ? "text-success" : sign === "minus" ? "text-ink" : "text-muted",
          )}
        >
          {signedAmount(entry, currency)}
        </span>
      </div>
      <p className="mt-1 text-[13px] text-muted">
        {formatDateTime(entry.at, timeZone)} · {entry.planName}
        {entry.reason ? ` · ${entry.reason}` : ""}
      </p>
    </>
  );
  const card = "min-w-0 flex-1 rounded-xl border border-line bg-surface px-4 py-3";
  return (
    <li className="relative flex gap-4 pb-5 last:pb-0">
      <span className="absolute top-8 bottom-0 left-[15px] w-px bg-line" aria-hidden="true" />
      <span
        className="relative flex size-8 shrink-0 items-center justify-center rounded-full bg-brand-soft text-brand ring-1 ring-line"
        aria-hidden="true"
      >
        <Ticket className="size-4" />
      </span>
      {entry.invoiceId ? (
        <Link
          to="/invoices/$invoiceId"
          params={{ invoiceId: entry.invoiceId }}
          className={cn(card, "transition-colors hover:border-line-strong")}
        >
          {body}
        </Link>
      ) : (
        <div className={card}>{body}</div>
      )}
    </li>
  );
}
