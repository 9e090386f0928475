import {
  Banknote,
  CreditCard,
  Gift,
  Landmark,
  type LucideIcon,
  Receipt,
  RotateCcw,
  Sparkles,
} from "lucide-react";
import { useState } from "react";
import { asProblem } from "@/api/problem";
import { Button } from "@/components/ui/button";
import { Card, CardHeader } from "@/components/ui/card";
import { useToast } from "@/components/ui/toast";
import { cn } from "@/lib/cn";
import { formatDateTime } from "@/lib/dates";
import { useMe } from "@/lib/session";
import { type Invoice, METHOD_LABELS, type Payment, type PaymentMethod, useVoidPayment } from "./invoice-api";
import { formatMoney } from "./money";
import { ReasonDialog } from "./reason-dialog";

const METHOD_ICONS: Record<PaymentMethod, LucideIcon> = {
  card: CreditCard,
  cash: Banknote,
  check: Receipt,
  gift_card: Gift,
  bank_transfer: Landmark,
  membership_credit: Sparkles,
  other: Receipt,
};

/** Payments and refunds recorded against the invoice, oldest first; a mistake is voided with a reason. */
export function PaymentsCard({ invoice, canWrite }: { invoice: Invoice; canWrite: boolean }) {
  const { clinic } = useMe();
  const [voiding, setVoiding] = useState<Payment | null>(null);
  const voidPayment = useVoidPayment(invoice.id);
  const toast = useToast();
  const money = (cents: number) => formatMoney(cents, invoice.currency);
  const paymentLabel = (p: Payment) =>
    `${METHOD_LABELS[p.method].toLowerCase()} ${p.kind === "refund" ? "refund" : "payment"} of ${money(p.amountCents)}`;

  return (
    <Card>
      <CardHeader title="Payments" />
      {invoice.payments.length === 0 ? (
        <p className="px-5 py-4 text-sm text-muted">
          {invoice.status === "draft" ? "Payments are recorded once the invoice is issued." : "None yet."}
        </p>
      ) : (
        <ul aria-label="Payments and refunds" className="flex flex-col">
          {invoice.payments.map((p) => {
            const Icon = p.kind === "refund" ? RotateCcw : METHOD_ICONS[p.method];
            const voided = Boolean(p.voidedAt);
            return (
              <li
                key={p.id}
                className="flex items-start gap-3 border-b border-line px-4 py-3 last:border-b-0"
              >
                <span
                  className={cn(
                    "mt-0.5 flex size-8 shrink-0 items-center justify-center rounded-lg",
                    voided
                      ? "bg-canvas text-faint"
                      : p.kind === "refund"
                        ? "bg-warning-soft text-warning"
                        : "bg-success-soft text-success",
                  )}
                >
                  <Icon className="size-4" aria-hidden="true" />
                </span>
                <div className="min-w-0 flex-1">
                  <p className={cn("text-sm font-medium text-ink", voided && "text-muted line-through")}>
                    {p.kind === "refund" ? "Refund" : METHOD_LABELS[p.method]}
                    {p.kind === "refund" ? ` · ${METHOD_LABELS[p.method]}` : ""}
                    {p.reference ? <span className="font-normal text-muted"> · {p.reference}</span> : null}
                  </p>
                  <p className="text-[12px] text-muted">
                    {formatDateTime(p.receivedAt, clinic.timezone)} · {p.recordedByName}
                  </p>
                  {voided ? <p className="mt-0.5 text-[12px] text-danger">Voided: {p.voidReason}</p> : null}
                </div>
                <div className="flex flex-col items-end gap-1">
                  <span
                    className={cn(
                      "text-sm font-semibold tabular-nums",
                      voided ? "text-faint line-through" : p.kind === "refund" ? "text-warning" : "text-ink",
                    )}
                  >
                    {money(p.kind === "refund" ? -p.amountCents : p.amountCents)}
                  </span>
                  {canWrite && !voided && invoice.status !== "void" ? (
                    <Button
                      size="sm"
                      variant="ghost"
                      className="-mr-2 h-7 text-[12px] text-muted"
                      onClick={() => {
                        voidPayment.reset();
                        setVoiding(p);
                      }}
                      aria-label={`Void ${paymentLabel(p)}`}
                    >
                      Void
                    </Button>
                  ) : null}
                </div>
              </li>
            );
          })}
        </ul>
      )}
      <ReasonDialog
        open={voiding !== null}
        onOpenChange={(open) => !open && setVoiding(null)}
        title={voiding?.kind === "refund" ? "Void this refund?" : "Void this payment?"}
        description={
          voiding
            ? `The ${paymentLabel(voiding)} stays on record, struck through, and the balance changes back.`
            : ""
        }
        confirm="Void it"
        placeholder="Recorded twice, wrong amount, wrong invoice…"
        busy={voidPayment.isPending}
        problem={voidPayment.error ? asProblem(voidPayment.error) : null}
        onSubmit={(reason) =>
          voiding &&
          voidPayment.mutate(
            { paymentId: voiding.id, reason },
            {
              onSuccess: () => {
                toast.success(voiding.kind === "refund" ? "Refund voided" : "Payment voided");
                setVoiding(null);
              },
            },
          )
        }
      />
    </Card>
  );
}
