import { Info } from "lucide-react";
import { type FormEvent, useState } from "react";
import { asProblem } from "@/api/problem";
import { Button } from "@/components/ui/button";
import { Dialog, DialogContent } from "@/components/ui/dialog";
import { Field } from "@/components/ui/field";
import { Input, Textarea } from "@/components/ui/input";
import { useToast } from "@/components/ui/toast";
import { MoneyInput, Segmented, Switch } from "../billing/controls";
import { type Plan, type PlanKind, useCurrency, useSavePlan } from "./api";
import { BenefitsEditor } from "./benefits-editor";
import { type PlanErrors, type PlanForm, planBodyOf, planErrorsFrom, planFormOf } from "./plan-form";

const KINDS: { value: PlanKind; label: string }[] = [
  { value: "membership", label: "Membership" },
  { value: "package", label: "Package" },
];

const INTERVALS: { value: PlanForm["interval"]; label: string }[] = [
  { value: "month", label: "Monthly" },
  { value: "year", label: "Yearly" },
];

const KIND_HINTS: Record<PlanKind, string> = {
  membership: "Billed every month or year; grants its credits each period, with a member discount.",
  package: "Paid once; its credits last a number of days. A package of units is a unit bank.",
};

const IN_USE =
  "Patients have enrolled in this plan, so what it grants and how often it is billed can’t change: " +
  "they are back as they were, and the rest can still be saved. To change them, archive this plan " +
  "and make a new one; its members keep what they have.";

/** Makes or changes a plan (owners). What it grants is locked once somebody has enrolled. */
export function PlanDialog({ plan, onClose }: { plan: Plan | null; onClose: () => void }) {
  const currency = useCurrency();
  const save = useSavePlan();
  const toast = useToast();
  const [form, setForm] = useState(() => planFormOf(plan));
  const [errors, setErrors] = useState<PlanErrors>({});
  const problem = save.error ? asProblem(save.error) : null;
  // The member count covers active and paused members; the server also knows past ones.
  const locked = Boolean(plan && plan.members > 0) || problem?.code === "plan_in_use";
  const membership = form.kind === "membership";
  const set = <K extends keyof PlanForm>(field: K, value: PlanForm[K]) => {
    setForm((f) => ({ ...f, [field]: value }));
    // What the discount applies to is part of the discount's problem.
    const shown = field === "discountServices" || field === "discountProducts" ? "discount" : field;
    setErrors(({ [shown]: _gone, ...rest }) => rest);
  };

  const submit = (e: FormEvent) => {
    e.preventDefault();
    const checked = planBodyOf(form);
    setErrors(checked.errors ?? {});
    if (!checked.body) return;
    save.mutate(
      { id: plan?.id, body: checked.body },
      {
        onSuccess: (saved) => {
          toast.success(plan ? `${saved.name} saved` : `${saved.name} added`);
          onClose();
        },
        onError: (error) => {
          const problem = asProblem(error);
          setErrors(planErrorsFrom(problem.fields, form));
          // What it grants goes back as it was, so the rest (name, price, discount) can be saved.
          if (problem.code === "plan_in_use" && plan) {
            const saved = planFormOf(plan);
            setForm((f) => ({ ...f, interval: saved.interval, benefits: saved.benefits }));
          }
        },
      },
    );
  };

  const general =
    problem && !problem.fields.length ? (problem.code === "plan_in_use" ? IN_USE : problem.message) : null;

  return (
    <Dialog open onOpenChange={(o) => !o && onClose()}>
      <DialogContent
        title={plan ? `Edit ${plan.name}` : "New membership or package"}
        description={plan ? undefined : "What patients buy, what it grants, and what members save."}
        className="sm:max-w-2xl"
      >
        <form onSubmit={submit} className="flex flex-col gap-5" noValidate>
          {plan && plan.members > 0 ? (
            <p className="flex gap-2 rounded-lg bg-canvas px-3 py-2.5 text-[13px] text-ink-soft">
              <Info className="mt-0.5 size-4 shrink-0 text-muted" aria-hidden="true" />
              <span>
                {plan.members === 1 ? "1 patient is" : `${plan.members} patients are`} enrolled: its name,
                description, price and discount can change for new sales and renewals, but not what it grants
                or how often. For that, archive it and make a new plan.
              </span>
            </p>
          ) : null}

          <div className="flex flex-col gap-1.5">
            <span className="text-[13px] font-medium text-ink-soft" aria-hidden="true">
              Kind
            </span>
            <Segmented
              label="Kind of plan"
              value={form.kind}
              options={KINDS}
              onChange={(kind) => set("kind", kind)}
              // A plan stays a membership or a package for good.
              disabled={Boolean(plan)}
              className="sm:max-w-xs"
            />
            {errors.kind ? (
              <p className="text-[13px] text-danger">{errors.kind}</p>
            ) : (
              <p className="text-[13px] text-muted">{KIND_HINTS[form.kind]}</p>
            )}
          </div>

          <div className="grid gap-4 sm:grid-cols-2">
            <Field label="Name" error={errors.name}>
              <Input
                autoFocus
                maxLength={80}
                value={form.name}
                onChange={(e) => set("name", e.target.value)}
                placeholder={membership ? "Glow Club" : "Facial trio"}
              />
            </Field>
            <Field label="Price" error={errors.price}>
              <MoneyInput
                currency={currency}
                value={form.price}
                onChange={(e) => set("price", e.target.value)}
                placeholder="0.00"
              />
            </Field>
          </div>

          <Field
            label="Description"
            optional
            hint="Shown to staff when they pick a plan."
            error={errors.description}
          >
            <Textarea
              rows={2}
              maxLength={1000}
              className="min-h-14"
              value={form.description}
              onChange={(e) => set("description", e.target.value)}
            />
          </Field>

          {membership ? (
            <div className="grid gap-4 sm:grid-cols-2">
              <div className="flex flex-col gap-1.5">
                <span className="text-[13px] font-medium text-ink-soft" aria-hidden="true">
                  Billed
                </span>
                <Segmented
                  label="Billed"
                  value={form.interval}
                  options={INTERVALS}
                  onChange={(interval) => set("interval", interval)}
                  disabled={locked}
                />
                {errors.interval ? <p className="text-[13px] text-danger">{errors.interval}</p> : null}
              </div>
              <Field
                label="Unused credits roll over (months)"
                hint="0: each period’s credits end with it. Up to 24."
                error={errors.rolloverMonths}
              >
                <Input
                  type="number"
                  inputMode="numeric"
                  min={0}
                  max={24}
                  step={1}
                  value={form.rolloverMonths}
                  onChange={(e) => set("rolloverMonths", e.target.value)}
                />
              </Field>
            </div>
          ) : (
            <Field
              label="Credits last (days)"
              hint="Counting the day of purchase: 365 is a year."
              error={errors.validityDays}
              className="sm:max-w-xs"
            >
              <Input
                type="number"
                inputMode="numeric"
                min={1}
                max={3650}
                step={1}
                value={form.validityDays}
                onChange={(e) => set("validityDays", e.target.value)}
              />
            </Field>
          )}

          <fieldset className="flex min-w-0 flex-col gap-2">
            <legend className="mb-1 text-[13px] font-medium text-ink-soft">
              {membership ? `Credits each ${form.interval}` : "Credits"}
            </legend>
            <BenefitsEditor
              rows={form.benefits}
              onChange={(benefits) => {
                // A row's problem goes away as the row is changed; the others' stay in view.
                const changed = new Set(benefits.filter((b) => !form.benefits.includes(b)).map((b) => b.key));
                setForm((f) => ({ ...f, benefits }));
                setErrors((shown) =>
                  Object.fromEntries(
                    Object.entries(shown).filter(
                      ([k]) => k !== "benefits" && !changed.has(k.replace(/^benefit\./, "")),
                    ),
                  ),
                );
              }}
              interval={membership ? form.interval : "none"}
              currency={currency}
              errors={errors}
              disabled={locked}
            />
          </fieldset>

          <fieldset className="flex flex-col gap-3">
            <legend className="mb-1 text-[13px] font-medium text-ink-soft">Member discount</legend>
            <Field
              label="Discount (%)"
              optional
              hint="Taken off members’ invoices at checkout."
              error={errors.discount}
              className="sm:max-w-48"
            >
              <Input
                inputMode="decimal"
                autoComplete="off"
                value={form.discount}
                onChange={(e) => set("discount", e.target.value)}
                placeholder="0"
              />
            </Field>
            <div className="grid gap-3 sm:grid-cols-2">
              <Switch
                label="On services"
                checked={form.discountServices}
                onChange={(v) => set("discountServices", v)}
              />
              <Switch
                label="On products"
                checked={form.discountProducts}
                onChange={(v) => set("discountProducts", v)}
              />
            </div>
          </fieldset>

          {general ? (
            <p role="alert" className="rounded-lg bg-danger-soft px-3 py-2 text-[13px] text-danger">
              {general}
            </p>
          ) : null}
          <div className="flex justify-end gap-2">
            <Button type="button" variant="ghost" onClick={onClose}>
              Cancel
            </Button>
            <Button type="submit" variant="primary" busy={save.isPending}>
              {plan ? "Save" : "Add plan"}
            </Button>
          </div>
        </form>
      </DialogContent>
    </Dialog>
  );
}
