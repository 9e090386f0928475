import { type FormEvent, useState } from "react";
import { asProblem } from "@/api/problem";
import { Button } from "@/components/ui/button";
import { Dialog, DialogContent } from "@/components/ui/dialog";
import { Field } from "@/components/ui/field";
import { Input, Select, Textarea } from "@/components/ui/input";
import { useToast } from "@/components/ui/toast";
import { MoneyInput, Segmented } from "../billing/controls";
import {
  type AdjustErrors,
  type AdjustForm,
  adjustBodyOf,
  adjustErrorsFrom,
  creditChoices,
} from "./adjust-form";
import { type Membership, useChangeMembership, useCurrency } from "./api";
import { leftText, signedAmount } from "./credits";

const DIRECTIONS: { value: AdjustForm["direction"]; label: string }[] = [
  { value: "add", label: "Add" },
  { value: "remove", label: "Remove" },
];

/** Adds or removes credit by hand, with the reason kept in the ledger. */
export function AdjustDialog({ membership, onClose }: { membership: Membership; onClose: () => void }) {
  const currency = useCurrency();
  const change = useChangeMembership(membership.id);
  const toast = useToast();
  const choices = creditChoices(membership);
  const [form, setForm] = useState<AdjustForm>({
    credit: choices[0]?.key ?? "",
    direction: "add",
    amount: "",
    expiresOn: "",
    reason: "",
  });
  const [errors, setErrors] = useState<AdjustErrors>({});
  const choice = choices.find((c) => c.key === form.credit);
  const money = choice?.creditKind === "money";
  const problem = change.error ? asProblem(change.error) : null;
  const set = <K extends keyof AdjustForm>(field: K, value: AdjustForm[K]) => {
    setForm((f) => ({ ...f, [field]: value }));
    setErrors((e) => ({ ...e, [field === "credit" || field === "direction" ? "amount" : field]: undefined }));
  };

  const submit = (e: FormEvent) => {
    e.preventDefault();
    const checked = adjustBodyOf(form, choices);
    setErrors(checked.errors ?? {});
    if (!checked.body) return;
    const body = checked.body;
    change.mutate(
      { action: "adjust", body },
      {
        onSuccess: () => {
          toast.success(
            `${choice?.name ?? "Credit"}: ${signedAmount(body, currency)}`,
            "Recorded in the ledger.",
          );
          onClose();
        },
        onError: (error) => setErrors(adjustErrorsFrom(asProblem(error).fields)),
      },
    );
  };

  const amountLabel = money ? "Amount" : choice?.creditKind === "units" ? "Units" : "Sessions";
  const general =
    problem && !problem.fields.length
      ? problem.code === "credit_unavailable"
        ? "There isn’t that much of this credit left to remove (some may have just been used or expired)."
        : problem.message
      : null;

  return (
    <Dialog open onOpenChange={(o) => !o && onClose()}>
      <DialogContent
        title={`Adjust ${membership.planName}`}
        description="Add credit as a goodwill gesture or correct a mistake. Removing takes from what ends soonest."
      >
        <form onSubmit={submit} className="flex flex-col gap-4" noValidate>
          <Field
            label="Credit"
            hint={choice?.balance ? `${leftText(choice.balance, currency)} now.` : undefined}
            error={errors.credit}
          >
            <Select value={form.credit} onChange={(e) => set("credit", e.target.value)}>
              {choices.map((c) => (
                <option key={c.key} value={c.key}>
                  {c.name}
                </option>
              ))}
            </Select>
          </Field>
          <div className="grid gap-4 sm:grid-cols-2">
            <div className="flex flex-col gap-1.5">
              <span className="text-[13px] font-medium text-ink-soft" aria-hidden="true">
                Add or remove
              </span>
              <Segmented
                label="Add or remove"
                value={form.direction}
                options={DIRECTIONS}
                onChange={(direction) => set("direction", direction)}
              />
            </div>
            <Field label={amountLabel} error={errors.amount}>
              {money ? (
                <MoneyInput
                  currency={currency}
                  value={form.amount}
                  onChange={(e) => set("amount", e.target.value)}
                  placeholder="20.00"
                />
              ) : (
                <Input
                  inputMode="decimal"
                  autoComplete="off"
                  className="text-right tabular-nums"
                  value={form.amount}
                  onChange={(e) => set("amount", e.target.value)}
                  placeholder="1"
                />
              )}
            </Field>
          </div>
          {form.direction === "add" ? (
            <Field
              label="Last day it can be used"
              optional
              hint="Left empty, it doesn’t expire."
              error={errors.expiresOn}
              className="sm:max-w-xs"
            >
              <Input type="date" value={form.expiresOn} onChange={(e) => set("expiresOn", e.target.value)} />
            </Field>
          ) : null}
          <Field label="Reason" error={errors.reason}>
            <Textarea
              className="min-h-16"
              maxLength={500}
              value={form.reason}
              onChange={(e) => set("reason", e.target.value)}
              placeholder="Session missed because of our scheduling error…"
            />
          </Field>
          {general ? (
            <p role="alert" className="rounded-lg bg-danger-soft px-3 py-2 text-[13px] text-danger">
              {general}
            </p>
          ) : null}
          <div className="flex justify-end gap-2">
            <Button type="button" variant="ghost" onClick={onClose}>
              Cancel
            </Button>
            <Button type="submit" variant="primary" busy={change.isPending}>
              {form.direction === "add" ? "Add credit" : "Remove credit"}
            </Button>
          </div>
        </form>
      </DialogContent>
    </Dialog>
  );
}
