import { useQuery } from "@tanstack/react-query";
import { Link } from "@tanstack/react-router";
import { Banknote, Receipt, RotateCcw } from "lucide-react";
import type { ReactNode } from "react";
import { Badge } from "@/components/ui/badge";
import { cn } from "@/lib/cn";
import { formatDateTime } from "@/lib/dates";
import { billingSettingsQuery, METHOD_LABELS } from "./invoice-api";
import type { InvoiceTimelineEntry, PaymentTimelineEntry } from "./list-api";
import { formatMoney } from "./money";
import { InvoiceStatusBadge } from "./status-badge";

/** The clinic's currency (the timeline's amounts don't carry it). */
function useCurrency() {
  return useQuery(billingSettingsQuery).data?.currency ?? "USD";
}

function Item({
  icon,
  iconClass,
  invoiceId,
  children,
}: {
  icon: ReactNode;
  iconClass: string;
  invoiceId: string;
  children: ReactNode;
}) {
  return (
    <li className="relative flex gap-4 pb-5 last:pb-0">
      <span className="absolute top-8 bottom-0 left-[15px] w-px bg-line" aria-hidden="true" />
      <span
        className={cn(
          "relative flex size-8 shrink-0 items-center justify-center rounded-full ring-1 ring-line",
          iconClass,
        )}
        aria-hidden="true"
      >
        {icon}
      </span>
      <Link
        to="/invoices/$invoiceId"
        params={{ invoiceId }}
        className="min-w-0 flex-1 rounded-xl border border-line bg-surface px-4 py-3 transition-colors hover:border-line-strong"
      >
        {children}
      </Link>
    </li>
  );
}

/** An invoice on the patient's timeline: its number, status, total and what is still due. */
export function InvoiceTimelineItem({ entry, timeZone }: { entry: InvoiceTimelineEntry; timeZone: string }) {
  const currency = useCurrency();
  return (
    <Item
      icon={<Receipt className="size-4" />}
      iconClass="bg-canvas text-ink-soft"
      invoiceId={entry.invoiceId}
    >
      <div className="flex flex-wrap items-center justify-between gap-2">
        <p className="text-sm font-medium text-ink">
          {entry.number ? (
            <>
              Invoice <span className="font-mono text-[13px]">{entry.number}</span>
            </>
          ) : (
            "Draft invoice"
          )}
          {entry.serviceName ? ` · ${entry.serviceName}` : ""}
        </p>
        <InvoiceStatusBadge status={entry.status} />
      </div>
      <p className="mt-1 text-[13px] text-muted tabular-nums">
        {formatDateTime(entry.at, timeZone)} ·{" "}
        <span className={cn(entry.status === "void" && "line-through")}>
          total {formatMoney(entry.totalCents, currency)}
        </span>
        {entry.balanceCents > 0 ? (
          <>
            {" · "}
            <span className="font-medium text-warning">{formatMoney(entry.balanceCents, currency)} due</span>
          </>
        ) : null}
      </p>
    </Item>
  );
}

/** A payment or refund recorded against an invoice; struck through once voided. */
export function PaymentTimelineItem({ entry, timeZone }: { entry: PaymentTimelineEntry; timeZone: string }) {
  const currency = useCurrency();
  const refund = entry.paymentKind === "refund";
  const what = refund ? "Refund" : "Payment";
  const amount = formatMoney(entry.amountCents, currency);
  return (
    <Item
      icon={refund ? <RotateCcw className="size-4" /> : <Banknote className="size-4" />}
      iconClass={
        entry.voided
          ? "bg-canvas text-muted"
          : refund
            ? "bg-warning-soft text-warning"
            : "bg-success-soft text-success"
      }
      invoiceId={entry.invoiceId}
    >
      <div className="flex flex-wrap items-center justify-between gap-2">
        <p className="text-sm font-medium text-ink">
          {what} · {METHOD_LABELS[entry.method]}
        </p>
        <div className="flex items-center gap-2">
          {entry.voided ? <Badge>Voided</Badge> : null}
          <span
            className={cn(
              "text-sm font-semibold tabular-nums",
              entry.voided ? "font-normal text-muted line-through" : "text-ink",
            )}
          >
            {refund ? `−${amount}` : amount}
          </span>
        </div>
      </div>
      <p className="mt-1 text-[13px] text-muted">
        {formatDateTime(entry.at, timeZone)}
        {entry.number ? (
          <>
            {" · "}
            {refund ? "from" : "on"} invoice <span className="font-mono">{entry.number}</span>
          </>
        ) : null}
      </p>
    </Item>
  );
}
