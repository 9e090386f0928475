import type { ReactNode } from "react";
import { Card } from "@/components/ui/card";
import { cn } from "@/lib/cn";
import type { Invoice } from "./invoice-api";
import { formatMoney, formatPercent } from "./money";

export interface Summary {
  subtotalCents: number;
  discountCents: number;
  taxCents: number;
  totalCents: number;
  /** "10%" for a percentage discount. */
  discountLabel?: string | undefined;
  taxExempt: boolean;
}

function Row({
  label,
  value,
  strong,
  muted,
  testId,
}: {
  label: ReactNode;
  value: string;
  strong?: boolean;
  muted?: boolean;
  testId?: string;
}) {
  return (
    <div
      className={cn(
        "flex items-baseline justify-between gap-3",
        strong ? "text-base font-semibold text-ink" : "text-sm",
        muted ? "text-muted" : "text-ink-soft",
      )}
    >
      <dt>{label}</dt>
      <dd className={cn("tabular-nums", strong ? "text-ink" : "text-ink")} data-testid={testId}>
        {value}
      </dd>
    </div>
  );
}

/** What the invoice comes to, live while a draft is edited, then what was paid and is owed. */
export function TotalsCard({
  invoice,
  summary,
  action,
}: {
  invoice: Invoice;
  summary: Summary;
  /** The primary action, under the balance (from tablets up: a phone has it in its bottom bar). */
  action?: ReactNode;
}) {
  const money = (cents: number) => formatMoney(cents, invoice.currency);
  const issued = invoice.status !== "draft" && invoice.status !== "void";
  return (
    <Card>
      <dl className="flex flex-col gap-2 p-4 sm:p-5" aria-label="Totals">
        <Row label="Subtotal" value={money(summary.subtotalCents)} />
        {summary.discountCents ? (
          <Row
            label={`Discount${summary.discountLabel ? ` (${summary.discountLabel})` : ""}`}
            value={money(-summary.discountCents)}
          />
        ) : null}
        <Row
          label={summary.taxExempt ? "Tax (exempt)" : `Tax (${formatPercent(invoice.taxRateBp)})`}
          value={money(summary.taxCents)}
          muted={summary.taxExempt}
        />
        <div className="my-1 border-t border-line" />
        <Row label="Total" value={money(summary.totalCents)} strong testId="invoice-total" />
        {issued ? (
          <>
            <Row label="Paid" value={money(invoice.paidCents)} />
            {invoice.refundedCents ? <Row label="Refunded" value={money(-invoice.refundedCents)} /> : null}
            <div className="my-1 border-t border-line" />
            <Row label="Balance due" value={money(invoice.balanceCents)} strong testId="invoice-balance" />
          </>
        ) : null}
      </dl>
      {action ? <div className="hidden border-t border-line p-4 sm:p-5 md:block">{action}</div> : null}
    </Card>
  );
}
