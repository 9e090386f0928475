import { Ban, CheckCircle2, RotateCcw } from "lucide-react";
import { Card, CardHeader } from "@/components/ui/card";
import { formatDateTime } from "@/lib/dates";
import { useMe } from "@/lib/session";
import { ChartNotice } from "./chart-notice";
import { type Invoice, type PaymentKind, refundable } from "./invoice-api";
import { InvoiceHeader } from "./invoice-header";
import { InvoiceLayout, PrimaryButton, usePrimaryShortcut } from "./layout";
import { ReadOnlyLines } from "./lines-card";
import { formatMoney, formatPercent } from "./money";
import { PaymentsCard } from "./payments-card";
import { PrintView } from "./print-view";
import { quantityWithUnit } from "./quantity";
import { TotalsCard } from "./totals-card";

/** Paid, refunded or void, said plainly at the top. */
function StatusNote({ invoice }: { invoice: Invoice }) {
  const { clinic } = useMe();
  const money = (cents: number) => formatMoney(cents, invoice.currency);
  if (invoice.status === "void") {
    return (
      <div
        role="note"
        className="flex items-start gap-2.5 rounded-xl border border-danger/25 bg-danger-soft px-3.5 py-2.5 text-[13px]"
      >
        <Ban className="mt-0.5 size-4 shrink-0 text-danger" aria-hidden="true" />
        <p>
          <span className="font-semibold text-danger">
            Void{invoice.voidedAt ? ` since ${formatDateTime(invoice.voidedAt, clinic.timezone)}` : ""}.{" "}
          </span>
          <span className="text-ink">“{invoice.voidReason}”</span>
          <span className="block text-ink-soft">Kept on record; it charges nothing and can’t change.</span>
        </p>
      </div>
    );
  }
  if (invoice.status === "paid") {
    const last = invoice.payments.filter((p) => !p.voidedAt && p.kind === "payment").at(-1);
    return (
      <div
        role="note"
        className="flex items-center gap-2.5 rounded-xl border border-success/25 bg-success-soft px-3.5 py-2.5 text-[13px]"
      >
        <CheckCircle2 className="size-4 shrink-0 text-success" aria-hidden="true" />
        <p className="font-semibold text-success">
          Paid in full{last ? ` · ${formatDateTime(last.receivedAt, clinic.timezone)}` : ""}
          {invoice.refundedCents ? ` · ${money(invoice.refundedCents)} refunded` : ""}
        </p>
      </div>
    );
  }
  if (invoice.status === "refunded") {
    return (
      <div
        role="note"
        className="flex items-center gap-2.5 rounded-xl border border-line bg-surface px-3.5 py-2.5 text-[13px]"
      >
        <RotateCcw className="size-4 shrink-0 text-ink-soft" aria-hidden="true" />
        <p className="font-semibold text-ink">
          Refunded {money(invoice.refundedCents)} of {money(invoice.paidCents)} paid
        </p>
      </div>
    );
  }
  return null;
}

/** An issued invoice (or any invoice someone may only read): frozen lines, payments, refunds. */
export function IssuedInvoice({
  invoice,
  canWrite,
  onPay,
}: {
  invoice: Invoice;
  canWrite: boolean;
  onPay: (kind: PaymentKind) => void;
}) {
  const money = (cents: number) => formatMoney(cents, invoice.currency);
  const open = invoice.status !== "void" && invoice.status !== "draft";
  const canPay = canWrite && open && invoice.balanceCents > 0;
  const canRefund = canWrite && open && refundable(invoice) > 0;
  usePrimaryShortcut(() => onPay("payment"), canPay);
  const summary = {
    subtotalCents: invoice.subtotalCents,
    discountCents: invoice.discountCents,
    taxCents: invoice.taxCents,
    totalCents: invoice.totalCents,
    discountLabel: invoice.discountKind === "percent" ? formatPercent(invoice.discountValue) : undefined,
    taxExempt: invoice.taxExempt,
  };
  const actions =
    canPay || canRefund ? (
      <div className="flex flex-col gap-2">
        {canPay ? <PrimaryButton onClick={() => onPay("payment")}>Record payment</PrimaryButton> : null}
        {canRefund ? (
          <PrimaryButton variant="secondary" size="md" onClick={() => onPay("refund")}>
            <RotateCcw className="size-4" aria-hidden="true" /> Refund
          </PrimaryButton>
        ) : null}
      </div>
    ) : null;

  return (
    <>
      <InvoiceLayout
        header={<InvoiceHeader invoice={invoice} canWrite={canWrite} />}
        notices={
          <>
            <StatusNote invoice={invoice} />
            <ChartNotice
              differences={invoice.chartDifferences}
              status={invoice.status}
              canWrite={false}
              busy={false}
              onSync={() => undefined}
            />
          </>
        }
        lines={<ReadOnlyLines invoice={invoice} />}
        details={
          invoice.discountReason || invoice.notes ? (
            <Card>
              <CardHeader title="Discount and notes" />
              <div className="flex flex-col gap-3 p-4 text-sm sm:p-5">
                {invoice.discountReason ? (
                  <p>
                    <span className="text-muted">
                      Discount {summary.discountLabel ?? money(invoice.discountValue)}:{" "}
                    </span>
                    {invoice.discountReason}
                  </p>
                ) : null}
                {invoice.notes ? <p className="whitespace-pre-wrap text-ink">{invoice.notes}</p> : null}
              </div>
            </Card>
          ) : null
        }
        side={
          <>
            <TotalsCard invoice={invoice} summary={summary} action={actions} />
            <PaymentsCard invoice={invoice} canWrite={canWrite} />
          </>
        }
        bar={
          actions ? (
            <div className="flex items-center gap-3">
              <div className="min-w-0">
                <p className="text-[12px] text-muted">Balance due</p>
                <p className="text-base font-semibold text-ink tabular-nums">{money(invoice.balanceCents)}</p>
              </div>
              <div className="flex-1">
                {canPay ? (
                  <PrimaryButton onClick={() => onPay("payment")}>Record payment</PrimaryButton>
                ) : (
                  <PrimaryButton variant="secondary" onClick={() => onPay("refund")}>
                    Refund
                  </PrimaryButton>
                )}
              </div>
            </div>
          ) : undefined
        }
      />
      <PrintView
        invoice={invoice}
        summary={summary}
        notes={invoice.notes}
        lines={invoice.lines.map((l) => ({
          key: l.id,
          description: l.description,
          quantity: quantityWithUnit(l.quantityMilli, l.unit),
          unitPriceCents: l.unitPriceCents,
          discountCents: l.discountCents,
          amountCents: l.totalCents,
        }))}
      />
    </>
  );
}
