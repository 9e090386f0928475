import { formatDateTime } from "@/lib/dates";
import { useClinic, useMe } from "@/lib/session";
import { type Invoice, METHOD_LABELS, STATUS_LABELS } from "./invoice-api";
import { formatMoney, formatPercent } from "./money";
import type { Summary } from "./totals-card";

export interface PrintLine {
  key: string;
  description: string;
  quantity: string;
  unitPriceCents: number;
  discountCents: number;
  amountCents: number;
}

/** The invoice as paper: only this shows when the page is printed (see the print rules in
 * styles.css). The screen's controls never print. */
export function PrintView({
  invoice,
  lines,
  summary,
  notes,
}: {
  invoice: Invoice;
  lines: PrintLine[];
  summary: Summary;
  notes: string | undefined;
}) {
  const me = useMe();
  const clinic = useClinic();
  const tz = me.clinic.timezone;
  const money = (cents: number) => formatMoney(cents, invoice.currency);
  const cell = "border-b border-neutral-300 py-1.5 align-top";
  const payments = invoice.payments.filter((p) => !p.voidedAt);
  return (
    <div data-print-root className="hidden bg-white text-[12px] text-black print:block">
      <div className="flex items-start justify-between gap-6">
        <div>
          <p className="text-[18px] font-semibold">{clinic?.name ?? me.clinic.name}</p>
        </div>
        <div className="text-right">
          <p className="text-[18px] font-semibold">{invoice.number ?? "Draft invoice"}</p>
          <p>{STATUS_LABELS[invoice.status]}</p>
          <p>{formatDateTime(invoice.issuedAt ?? invoice.datedAt, tz)}</p>
        </div>
      </div>
      <div className="mt-6">
        <p className="text-[11px] uppercase tracking-wide text-neutral-600">Bill to</p>
        <p className="font-medium">{invoice.patientName}</p>
        {invoice.serviceName ? (
          <p>
            {invoice.serviceName}
            {invoice.providerName ? ` with ${invoice.providerName}` : ""}
            {invoice.visitStartsAt ? `, ${formatDateTime(invoice.visitStartsAt, tz)}` : ""}
          </p>
        ) : null}
      </div>
      {invoice.status === "void" ? <p className="mt-4 font-semibold">Void: {invoice.voidReason}</p> : null}
      <table className="mt-6 w-full border-collapse text-left">
        <thead>
          <tr>
            <th className={cell}>Item</th>
            <th className={`${cell} text-right`}>Qty</th>
            <th className={`${cell} text-right`}>Unit price</th>
            <th className={`${cell} text-right`}>Discount</th>
            <th className={`${cell} text-right`}>Amount</th>
          </tr>
        </thead>
        <tbody>
          {lines.map((l) => (
            <tr key={l.key}>
              <td className={cell}>{l.description}</td>
              <td className={`${cell} text-right`}>{l.quantity}</td>
              <td className={`${cell} text-right`}>{money(l.unitPriceCents)}</td>
              <td className={`${cell} text-right`}>{l.discountCents ? money(-l.discountCents) : ""}</td>
              <td className={`${cell} text-right`}>{money(l.amountCents)}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <dl className="mt-4 ml-auto flex w-64 flex-col gap-1">
        <div className="flex justify-between">
          <dt>Subtotal</dt>
          <dd>{money(summary.subtotalCents)}</dd>
        </div>
        {summary.discountCents ? (
          <div className="flex justify-between">
            <dt>
              Discount{summary.discountLabel ? ` (${summary.discountLabel})` : ""}
              {invoice.discountReason ? `: ${invoice.discountReason}` : ""}
            </dt>
            <dd>{money(-summary.discountCents)}</dd>
          </div>
        ) : null}
        <div className="flex justify-between">
          <dt>{summary.taxExempt ? "Tax (exempt)" : `Tax (${formatPercent(invoice.taxRateBp)})`}</dt>
          <dd>{money(summary.taxCents)}</dd>
        </div>
        <div className="flex justify-between border-t border-neutral-400 pt-1 font-semibold">
          <dt>Total</dt>
          <dd>{money(summary.totalCents)}</dd>
        </div>
        {payments.map((p) => (
          <div key={p.id} className="flex justify-between">
            <dt>
              {p.kind === "refund" ? "Refund" : "Paid"}, {METHOD_LABELS[p.method].toLowerCase()}
            </dt>
            <dd>{money(p.kind === "refund" ? p.amountCents : -p.amountCents)}</dd>
          </div>
        ))}
        {invoice.status !== "draft" && invoice.status !== "void" ? (
          <div className="flex justify-between border-t border-neutral-400 pt-1 font-semibold">
            <dt>Balance due</dt>
            <dd>{money(invoice.balanceCents)}</dd>
          </div>
        ) : null}
      </dl>
      {notes ? <p className="mt-6 whitespace-pre-wrap">{notes}</p> : null}
    </div>
  );
}
