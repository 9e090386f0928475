import { Link } from "@tanstack/react-router";
import { ArrowLeft, Ban, Download, Printer } from "lucide-react";
import { type ReactNode, useState } from "react";
import { asProblem } from "@/api/problem";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { useToast } from "@/components/ui/toast";
import { formatDateTime } from "@/lib/dates";
import { useMe } from "@/lib/session";
import {
  downloadInvoicePdf,
  type Invoice,
  refundable,
  STATUS_LABELS,
  STATUS_TONES,
  useVoidInvoice,
} from "./invoice-api";
import { formatMoney } from "./money";
import { ReasonDialog } from "./reason-dialog";
import type { SaveState } from "./use-draft";

export function SaveIndicator({ state }: { state: SaveState }) {
  const text = {
    idle: "",
    saving: "Saving…",
    saved: "Saved",
    invalid: "Not saved: check the highlighted fields",
    error: "Not saved — check your connection",
  }[state];
  return (
    <span
      role="status"
      className={
        state === "invalid" || state === "error" ? "text-[13px] text-danger" : "text-[13px] text-muted"
      }
    >
      {text}
    </span>
  );
}

/** Who, which visit, what state, and what can be done with the invoice as a document. */
export function InvoiceHeader({
  invoice,
  canWrite,
  saveIndicator,
  beforeDownload,
}: {
  invoice: Invoice;
  canWrite: boolean;
  saveIndicator?: ReactNode;
  /** Saves what is typed, so the PDF shows it. */
  beforeDownload?: () => Promise<boolean>;
}) {
  const { clinic } = useMe();
  const toast = useToast();
  const [downloading, setDownloading] = useState(false);
  const [voiding, setVoiding] = useState(false);
  const voidInvoice = useVoidInvoice(invoice.id);
  const owed = refundable(invoice);
  const money = (cents: number) => formatMoney(cents, invoice.currency);

  const download = async () => {
    setDownloading(true);
    try {
      await beforeDownload?.();
      await downloadInvoicePdf(invoice);
    } catch (error) {
      toast.error(error, "Couldn’t download the PDF");
    } finally {
      setDownloading(false);
    }
  };
  const print = async () => {
    await beforeDownload?.();
    window.print();
  };

  const visit = [
    invoice.serviceName,
    invoice.providerName ? `with ${invoice.providerName}` : null,
    invoice.visitStartsAt ? formatDateTime(invoice.visitStartsAt, clinic.timezone) : null,
  ].filter(Boolean);

  return (
    <header className="flex flex-col gap-3">
      <Link
        to="/patients/$patientId"
        params={{ patientId: invoice.patientId }}
        className="flex items-center gap-1.5 self-start text-[13px] font-medium text-muted hover:text-ink"
      >
        <ArrowLeft className="size-4" aria-hidden="true" /> {invoice.patientName}
      </Link>
      <div className="flex flex-wrap items-start justify-between gap-3">
        <div className="min-w-0">
          <div className="flex flex-wrap items-center gap-2.5">
            <h1 className="text-xl font-semibold tracking-tight text-ink tabular-nums sm:text-2xl">
              {invoice.number ?? "Draft invoice"}
            </h1>
            <Badge tone={STATUS_TONES[invoice.status]} data-testid="invoice-status">
              {STATUS_LABELS[invoice.status]}
            </Badge>
            {saveIndicator}
          </div>
          <p className="mt-1 text-sm text-muted">
            <Link
              to="/patients/$patientId"
              params={{ patientId: invoice.patientId }}
              className="font-medium text-ink hover:text-brand"
            >
              {invoice.patientName}
            </Link>
            {visit.length ? ` · ${visit.join(" · ")}` : ""}
          </p>
          <p className="mt-0.5 text-[13px] text-muted">
            {invoice.issuedAt
              ? `Issued ${formatDateTime(invoice.issuedAt, clinic.timezone)}${
                  invoice.issuedByName ? ` by ${invoice.issuedByName}` : ""
                }`
              : `Started ${formatDateTime(invoice.datedAt, clinic.timezone)}`}
          </p>
        </div>
        <div className="flex flex-wrap items-center gap-2">
          <Button size="sm" onClick={() => void download()} busy={downloading}>
            {downloading ? null : <Download className="size-4" aria-hidden="true" />} Download PDF
          </Button>
          <Button size="sm" onClick={() => void print()}>
            <Printer className="size-4" aria-hidden="true" /> Print
          </Button>
          {canWrite && invoice.status !== "void" ? (
            <Button
              size="sm"
              variant="ghost"
              className="text-danger"
              onClick={() => {
                voidInvoice.reset();
                setVoiding(true);
              }}
            >
              <Ban className="size-4" aria-hidden="true" /> Void…
            </Button>
          ) : null}
        </div>
      </div>
      <ReasonDialog
        open={voiding}
        onOpenChange={setVoiding}
        title={`Void ${invoice.number ?? "this draft"}?`}
        description={
          owed
            ? `${money(owed)} has been paid and not refunded: refund it first, then void the invoice.`
            : invoice.number
              ? "It stays on record, marked void with your reason; its number is never used again."
              : "It stays on record, marked void with your reason."
        }
        confirm="Void invoice"
        placeholder="Wrong patient, duplicate, visit cancelled…"
        busy={voidInvoice.isPending}
        problem={voidInvoice.error ? asProblem(voidInvoice.error) : null}
        onSubmit={(reason) =>
          voidInvoice.mutate(reason, {
            onSuccess: () => {
              toast.success(`${invoice.number ?? "Draft"} voided`);
              setVoiding(false);
            },
          })
        }
      />
    </header>
  );
}
