import { type FormEvent, useState } from "react";
import { asProblem } from "@/api/problem";
import { Button } from "@/components/ui/button";
import { Dialog, DialogContent } from "@/components/ui/dialog";
import { Field } from "@/components/ui/field";
import { Input } from "@/components/ui/input";
import { useToast } from "@/components/ui/toast";
import { cn } from "@/lib/cn";
import { MoneyInput } from "./controls";
import {
  type Invoice,
  METHOD_LABELS,
  METHODS,
  type PaymentKind,
  type PaymentMethod,
  refundable,
  useRecordPayment,
} from "./invoice-api";
import { formatMoney, moneyInput, parseMoney } from "./money";

/** A key for one payment: the same for retries and double taps, new for each dialog opening. */
function newIdempotencyKey(): string {
  if (typeof crypto.randomUUID === "function") return crypto.randomUUID();
  return Array.from(crypto.getRandomValues(new Uint8Array(16)), (b) => b.toString(16).padStart(2, "0")).join(
    "",
  );
}

/** Records a payment (or a refund) taken elsewhere: the amount, how, and a reference. */
export function PaymentDialog({
  invoice,
  kind,
  open,
  onOpenChange,
}: {
  invoice: Invoice;
  kind: PaymentKind;
  open: boolean;
  onOpenChange: (open: boolean) => void;
}) {
  return (
    <Dialog open={open} onOpenChange={onOpenChange}>
      {open ? <PaymentForm invoice={invoice} kind={kind} onDone={() => onOpenChange(false)} /> : null}
    </Dialog>
  );
}

function PaymentForm({ invoice, kind, onDone }: { invoice: Invoice; kind: PaymentKind; onDone: () => void }) {
  const most = kind === "refund" ? refundable(invoice) : invoice.balanceCents;
  const [amount, setAmount] = useState(() => moneyInput(most));
  const [method, setMethod] = useState<PaymentMethod>("card");
  const [reference, setReference] = useState("");
  // Made once per opening, so sending again (a double tap, a retry) records one payment.
  const [key] = useState(newIdempotencyKey);
  const record = useRecordPayment(invoice.id);
  const toast = useToast();
  const [typed, setTyped] = useState(false);
  const cents = parseMoney(amount);
  const problem = record.error ? asProblem(record.error) : null;
  const money = (c: number) => formatMoney(c, invoice.currency);

  const amountError =
    typed && (cents === null || cents === 0)
      ? "Enter an amount above zero."
      : cents !== null && cents > most
        ? kind === "refund"
          ? `At most ${money(most)} can be refunded.`
          : `The balance due is ${money(most)}.`
        : (problem?.field("amountCents") ??
          (problem && (problem.code === "overpayment" || problem.code === "refund_exceeds_paid")
            ? problem.message
            : undefined));

  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (cents === null || cents === 0 || cents > most) {
      setTyped(true);
      return;
    }
    record.mutate(
      {
        idempotencyKey: key,
        body: { kind, method, amountCents: cents, reference: reference.trim() || undefined },
      },
      {
        onSuccess: () => {
          const how = METHOD_LABELS[method].toLowerCase();
          toast.success(
            kind === "refund" ? `Refunded ${money(cents)}` : `${money(cents)} ${how} payment recorded`,
          );
          onDone();
        },
      },
    );
  };

  const label = kind === "refund" ? "Refund" : "Record payment";
  return (
    <DialogContent
      title={label}
      description={`${invoice.number ?? "Invoice"} · ${invoice.patientName} · ${
        kind === "refund" ? `${money(most)} refundable` : `${money(most)} due`
      }`}
    >
      <form onSubmit={submit} className="flex flex-col gap-4" noValidate>
        <Field label="Amount" error={amountError}>
          <MoneyInput
            currency={invoice.currency}
            autoFocus
            onFocus={(e) => e.currentTarget.select()}
            value={amount}
            onChange={(e) => {
              setAmount(e.target.value);
              setTyped(true);
              if (record.error) record.reset();
            }}
            className="h-11 text-lg font-semibold"
          />
        </Field>
        <fieldset className="flex flex-col gap-1.5">
          <legend className="mb-1.5 text-[13px] font-medium text-ink-soft">Method</legend>
          <div className="grid grid-cols-2 gap-1.5 sm:grid-cols-4">
            {METHODS.map((m) => (
              <button
                key={m}
                type="button"
                aria-pressed={method === m}
                onClick={() => setMethod(m)}
                className={cn(
                  "h-9 rounded-lg border px-2 text-[13px] font-medium transition-colors",
                  method === m
                    ? "border-brand bg-brand-soft text-brand-ink"
                    : "border-line text-ink-soft hover:bg-canvas",
                  m === "membership_credit" && "col-span-2",
                )}
              >
                {METHOD_LABELS[m]}
              </button>
            ))}
          </div>
        </fieldset>
        <Field label="Reference" optional hint="Card’s last four digits, check number, gift card code…">
          <Input value={reference} onChange={(e) => setReference(e.target.value)} maxLength={120} />
        </Field>
        {problem && !amountError ? (
          <p role="alert" className="text-[13px] text-danger">
            {problem.message}
          </p>
        ) : null}
        <div className="flex justify-end gap-2">
          <Button type="button" variant="ghost" onClick={onDone}>
            Cancel
          </Button>
          <Button type="submit" variant={kind === "refund" ? "danger" : "primary"} busy={record.isPending}>
            {kind === "refund" ? `Refund ${cents ? money(cents) : ""}` : "Record payment"}
          </Button>
        </div>
      </form>
    </DialogContent>
  );
}
