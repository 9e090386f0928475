import { useState } from "react";
import { Card, CardHeader } from "@/components/ui/card";
import { Field } from "@/components/ui/field";
import { Input, Textarea } from "@/components/ui/input";
import { cn } from "@/lib/cn";
import { MoneyInput, Segmented, Switch } from "./controls";
import type { DiscountKind } from "./invoice-api";
import { formatPercent } from "./money";
import type { DraftEditor } from "./use-draft";

const KINDS: { value: DiscountKind; label: string }[] = [
  { value: "none", label: "None" },
  { value: "percent", label: "%" },
  { value: "amount", label: "Amount" },
];

const QUICK_REASONS = ["Membership", "Promotion", "Loyalty", "Staff", "Goodwill"];

/** The invoice's discount (with why), its tax switch, and notes: one calm card. */
export function Adjustments({
  editor,
  currency,
  taxRateBp,
}: {
  editor: DraftEditor;
  currency: string;
  taxRateBp: number;
}) {
  const { draft, errors, change } = editor;
  // The value field takes focus when someone picks a kind of discount, not when the screen opens.
  const [picked, setPicked] = useState(false);
  const set = (patch: Partial<typeof draft>) => change((d) => ({ ...d, ...patch }));
  return (
    <Card>
      <CardHeader title="Discount, tax and notes" />
      <div className="flex flex-col gap-5 p-4 sm:p-5">
        <fieldset className="flex flex-col gap-3">
          <legend className="mb-1.5 text-[13px] font-medium text-ink-soft">Invoice discount</legend>
          <div className="flex flex-wrap items-start gap-2">
            <Segmented
              label="Kind of discount"
              value={draft.discountKind}
              options={KINDS}
              onChange={(kind) => {
                setPicked(true);
                set({
                  discountKind: kind,
                  discountValue: kind === draft.discountKind ? draft.discountValue : "",
                });
              }}
              className="w-full sm:w-auto"
            />
            {draft.discountKind !== "none" ? (
              <div className="flex w-full flex-col gap-1 sm:w-32">
                {draft.discountKind === "percent" ? (
                  <div className="relative">
                    <Input
                      aria-label="Discount percentage"
                      inputMode="decimal"
                      autoComplete="off"
                      autoFocus={picked}
                      value={draft.discountValue}
                      onChange={(e) => set({ discountValue: e.target.value })}
                      aria-invalid={errors.discountValue ? true : undefined}
                      aria-describedby={errors.discountValue ? "discount-value-error" : undefined}
                      className="pr-7 text-right tabular-nums"
                      placeholder="10"
                    />
                    <span
                      aria-hidden="true"
                      className="pointer-events-none absolute inset-y-0 right-2.5 flex items-center text-sm text-muted"
                    >
                      %
                    </span>
                  </div>
                ) : (
                  <MoneyInput
                    currency={currency}
                    aria-label="Discount amount"
                    autoFocus={picked}
                    value={draft.discountValue}
                    onChange={(e) => set({ discountValue: e.target.value })}
                    aria-invalid={errors.discountValue ? true : undefined}
                    aria-describedby={errors.discountValue ? "discount-value-error" : undefined}
                    placeholder="0.00"
                  />
                )}
                {errors.discountValue ? (
                  <span id="discount-value-error" className="text-[12px] text-danger">
                    {errors.discountValue}
                  </span>
                ) : null}
              </div>
            ) : null}
          </div>
          {draft.discountKind !== "none" ? (
            <div className="flex flex-col gap-2">
              <Field label="Reason for the discount" error={errors.discountReason}>
                <Input
                  value={draft.discountReason}
                  onChange={(e) => set({ discountReason: e.target.value })}
                  maxLength={200}
                  placeholder="Why it was given"
                />
              </Field>
              <div className="flex flex-wrap gap-1.5">
                {QUICK_REASONS.map((r) => (
                  <button
                    key={r}
                    type="button"
                    onClick={() => set({ discountReason: r })}
                    aria-pressed={draft.discountReason === r}
                    className={cn(
                      "h-7 rounded-full border px-2.5 text-[13px]",
                      draft.discountReason === r
                        ? "border-brand bg-brand-soft text-brand-ink"
                        : "border-line text-ink-soft hover:bg-canvas",
                    )}
                  >
                    {r}
                  </button>
                ))}
              </div>
            </div>
          ) : null}
        </fieldset>

        <Switch
          checked={draft.taxExempt}
          onChange={(taxExempt) => set({ taxExempt })}
          label="No tax on this invoice"
          hint={
            taxRateBp
              ? `Otherwise ${formatPercent(taxRateBp)} on taxable lines.`
              : "The clinic charges no tax at the moment."
          }
        />

        <Field label="Notes" optional error={errors.notes}>
          <Textarea
            value={draft.notes}
            onChange={(e) => set({ notes: e.target.value })}
            maxLength={2000}
            placeholder="Printed on the invoice"
            className="min-h-16"
          />
        </Field>
      </div>
    </Card>
  );
}
