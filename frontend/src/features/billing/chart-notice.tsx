import { ClipboardList, RefreshCw } from "lucide-react";
import { Button } from "@/components/ui/button";
import type { ChartDifference, InvoiceStatus } from "./invoice-api";
import { quantityWithUnit } from "./quantity";

/** "Charted 42 units, billed 32 units of Botox Cosmetic". */
export function differenceText(d: ChartDifference): string {
  return `Charted ${quantityWithUnit(d.chartedMilli, d.unit)}, billed ${quantityWithUnit(
    d.billedMilli,
    d.unit,
  )} of ${d.productName}`;
}

/** Where the visit's chart and the invoice disagree: a draft can take the chart's quantities;
 * an issued invoice can't change, so the way forward is said plainly. */
export function ChartNotice({
  differences,
  status,
  canWrite,
  busy,
  onSync,
}: {
  differences: ChartDifference[];
  status: InvoiceStatus;
  canWrite: boolean;
  busy: boolean;
  onSync: () => void;
}) {
  if (!differences.length || status === "void") return null;
  const draft = status === "draft";
  return (
    <div
      role="note"
      aria-label="Chart and invoice differ"
      className="flex flex-wrap items-start gap-3 rounded-xl border border-warning/30 bg-warning-soft px-3.5 py-3"
    >
      <ClipboardList className="mt-0.5 size-4 shrink-0 text-warning" aria-hidden="true" />
      <div className="min-w-0 flex-1 text-[13px]">
        <ul className="font-medium text-ink">
          {differences.map((d) => (
            <li key={`${d.productId}${d.unit}`}>{differenceText(d)}</li>
          ))}
        </ul>
        <p className="mt-0.5 text-ink-soft">
          {draft
            ? "What was injected is what is billed, unless you mean to bill differently."
            : "This invoice is issued and can’t change. To bill what was charted, void it (refund any payments first) and check out the visit again for a new invoice."}
        </p>
      </div>
      {draft && canWrite ? (
        <Button size="sm" onClick={onSync} busy={busy}>
          <RefreshCw className="size-4" aria-hidden="true" /> Update from chart
        </Button>
      ) : null}
    </div>
  );
}
