import { useQueryClient } from "@tanstack/react-query";
import { useToast } from "@/components/ui/toast";
import { SellPlanButton } from "../memberships/sell-plan";
import { Adjustments } from "./adjustments";
import { ChartNotice } from "./chart-notice";
import { hasDiscount, numbersOf, totalsOf } from "./draft";
import { type Invoice, invoiceQuery, type PaymentKind, useIssue, useSyncChart } from "./invoice-api";
import { InvoiceHeader, SaveIndicator } from "./invoice-header";
import { InvoiceLayout, PrimaryButton, usePrimaryShortcut } from "./layout";
import { EditableLines } from "./lines-card";
import { formatMoney, formatPercent, parsePercent } from "./money";
import { PaymentsCard } from "./payments-card";
import { PrintView } from "./print-view";
import { quantityWithUnit } from "./quantity";
import { TotalsCard } from "./totals-card";
import { useDraftEditor } from "./use-draft";

/** A draft being checked out: edited in place, saved by itself, charged in one press. */
export function DraftInvoice({
  invoice,
  onPay,
}: {
  invoice: Invoice;
  /** Opens the payment dialog (it outlives this screen, which becomes the issued invoice). */
  onPay: (kind: PaymentKind) => void;
}) {
  const editor = useDraftEditor(invoice);
  const { draft } = editor;
  const totals = totalsOf(draft, invoice.taxRateBp);
  const issue = useIssue(invoice.id);
  const sync = useSyncChart(invoice.id);
  const toast = useToast();
  const money = (cents: number) => formatMoney(cents, invoice.currency);
  const percent = draft.discountKind === "percent" ? parsePercent(draft.discountValue) : null;
  const summary = {
    subtotalCents: totals.subtotalCents,
    discountCents: totals.discountCents,
    taxCents: totals.taxCents,
    totalCents: totals.totalCents,
    discountLabel: percent && hasDiscount(draft) ? formatPercent(percent) : undefined,
    taxExempt: draft.taxExempt,
  };
  const busy = issue.isPending || editor.state === "saving";
  const empty = draft.lines.length === 0;

  const charge = async () => {
    if (empty || issue.isPending) return;
    if (!(await editor.flush())) {
      toast.warning("Not charged: the invoice isn’t saved", "Check the highlighted fields, then try again.");
      return;
    }
    // Awaited rather than a callback: issuing swaps this draft screen for the issued one.
    try {
      const issued = await issue.mutateAsync();
      if (issued.balanceCents > 0) onPay("payment");
      else toast.success(`${issued.number ?? "Invoice"} issued`, "Nothing to pay.");
    } catch (e) {
      toast.error(e, "Couldn’t issue the invoice");
    }
  };
  const updateFromChart = async () => {
    if (!(await editor.flush())) return;
    sync.mutate(undefined, {
      onSuccess: (synced) => {
        editor.reset(synced);
        toast.success("Updated from the chart");
      },
      onError: (e) => toast.error(e, "Couldn’t update from the chart"),
    });
  };
  // A membership sold here is a line the server adds: the draft comes back with it.
  const client = useQueryClient();
  const afterSell = async () => {
    const fresh = await client.fetchQuery({ ...invoiceQuery(invoice.id), staleTime: 0 });
    editor.reset(fresh);
  };
  usePrimaryShortcut(() => void charge(), !empty);

  const label = empty ? "Charge" : totals.totalCents ? `Charge ${money(totals.totalCents)}` : "Issue invoice";
  const action = (
    <PrimaryButton onClick={() => void charge()} busy={issue.isPending} disabled={empty || busy}>
      {label}
    </PrimaryButton>
  );

  return (
    <>
      <InvoiceLayout
        header={
          <InvoiceHeader
            invoice={invoice}
            canWrite
            saveIndicator={<SaveIndicator state={editor.state} />}
            beforeDownload={editor.flush}
          />
        }
        notices={
          <ChartNotice
            differences={invoice.chartDifferences}
            status={invoice.status}
            canWrite
            busy={sync.isPending}
            onSync={() => void updateFromChart()}
          />
        }
        lines={
          <EditableLines
            editor={editor}
            totals={totals}
            currency={invoice.currency}
            more={
              <SellPlanButton
                invoiceId={invoice.id}
                patientId={invoice.patientId}
                patientName={invoice.patientName}
                beforeSell={editor.flush}
                afterSell={afterSell}
              />
            }
          />
        }
        details={<Adjustments editor={editor} currency={invoice.currency} taxRateBp={invoice.taxRateBp} />}
        side={
          <>
            <TotalsCard invoice={invoice} summary={summary} action={action} />
            <PaymentsCard invoice={invoice} canWrite />
          </>
        }
        bar={
          <div className="flex items-center gap-3">
            <div className="min-w-0">
              <p className="text-[12px] text-muted">Total</p>
              <p className="text-base font-semibold text-ink tabular-nums">{money(totals.totalCents)}</p>
            </div>
            <div className="flex-1">{action}</div>
          </div>
        }
      />
      <PrintView
        invoice={invoice}
        summary={summary}
        notes={draft.notes.trim() || undefined}
        lines={draft.lines.map((l, i) => {
          const n = numbersOf(l);
          return {
            key: l.key,
            description: l.description,
            quantity: quantityWithUnit(n.quantityMilli, l.unit),
            unitPriceCents: n.unitPriceCents,
            discountCents: n.discountCents,
            amountCents: totals.lines[i]?.netCents ?? 0,
          };
        })}
      />
    </>
  );
}
