import { type FormEvent, useEffect, useState } from "react";
import { asProblem } from "@/api/problem";
import { Button } from "@/components/ui/button";
import { Dialog, DialogContent } from "@/components/ui/dialog";
import { Field } from "@/components/ui/field";
import { Input } from "@/components/ui/input";
import { useToast } from "@/components/ui/toast";
import { formatMoney } from "../billing/money";
import { useCurrency, useEnrol } from "./api";
import { PlanPicker, useSellablePlans } from "./plan-picker";

/** Enrols a patient from their profile: the sale gets an invoice of its own, issued at once. */
export function EnrolDialog({
  patientId,
  patientName,
  open,
  onOpenChange,
}: {
  patientId: string;
  patientName: string;
  open: boolean;
  onOpenChange: (open: boolean) => void;
}) {
  const plans = useSellablePlans();
  const currency = useCurrency();
  const enrol = useEnrol(patientId);
  const toast = useToast();
  const [planId, setPlanId] = useState("");
  const [startsOn, setStartsOn] = useState("");
  const [missing, setMissing] = useState(false);
  const reset = enrol.reset;
  useEffect(() => {
    if (!open) return;
    setPlanId("");
    setStartsOn("");
    setMissing(false);
    reset();
  }, [open, reset]);
  const plan = plans.sellable.find((p) => p.id === planId);
  const problem = enrol.error ? asProblem(enrol.error) : null;
  const general =
    problem && !problem.field("startsOn") && !problem.field("planId")
      ? (problem.fields[0]?.message ?? problem.message)
      : null;

  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (!plan) {
      setMissing(true);
      return;
    }
    enrol.mutate(
      { planId: plan.id, startsOn: startsOn || undefined },
      {
        onSuccess: (m) => {
          toast.success(
            `${patientName} enrolled in ${m.planName}`,
            plan.priceCents
              ? "Its invoice is issued: take payment from the patient’s Billing tab."
              : undefined,
          );
          onOpenChange(false);
        },
      },
    );
  };

  return (
    <Dialog open={open} onOpenChange={onOpenChange}>
      <DialogContent
        title="Enrol in a membership or package"
        description={`What ${patientName} buys. Its first credits are given at once.`}
        className="sm:max-w-xl"
      >
        <form onSubmit={submit} className="flex flex-col gap-4" noValidate>
          <PlanPicker
            plans={plans}
            value={planId}
            currency={currency}
            onChange={(p) => {
              setPlanId(p.id);
              setMissing(false);
            }}
            error={missing ? "Choose a plan." : problem?.field("planId")}
          />
          <Field
            label="Starts on"
            optional
            hint="Today when left empty. A membership renews on the same day each period."
            error={problem?.field("startsOn")}
            className="sm:max-w-xs"
          >
            <Input type="date" value={startsOn} onChange={(e) => setStartsOn(e.target.value)} />
          </Field>
          {plan ? (
            <p className="rounded-lg bg-canvas px-3 py-2 text-[13px] text-ink-soft">
              {plan.priceCents
                ? `An invoice for ${formatMoney(plan.priceCents, currency)} is issued now, to be paid at the desk.`
                : "It costs nothing: its invoice is issued as paid."}
              {plan.kind === "membership" ? " Each renewal is invoiced the same way." : ""}
            </p>
          ) : null}
          {general ? (
            <p role="alert" className="rounded-lg bg-danger-soft px-3 py-2 text-[13px] text-danger">
              {general}
            </p>
          ) : null}
          <div className="flex justify-end gap-2">
            <Button type="button" variant="ghost" onClick={() => onOpenChange(false)}>
              Cancel
            </Button>
            <Button type="submit" variant="primary" busy={enrol.isPending} disabled={!plans.sellable.length}>
              Enrol
            </Button>
          </div>
        </form>
      </DialogContent>
    </Dialog>
  );
}
