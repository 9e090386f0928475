import { useQuery } from "@tanstack/react-query";
import { Lock } from "lucide-react";
import { type FormEvent, type ReactNode, useState } from "react";
import { asProblem } from "@/api/problem";
import { Button } from "@/components/ui/button";
import { Card, CardHeader } from "@/components/ui/card";
import { Field } from "@/components/ui/field";
import { Input, Textarea } from "@/components/ui/input";
import { Skeleton } from "@/components/ui/skeleton";
import { ErrorState } from "@/components/ui/states";
import { useToast } from "@/components/ui/toast";
import { useCan } from "@/lib/session";
import { parsePercent, percentInput } from "../billing/money";
import {
  type BillingSettings,
  type BillingSettingsIn,
  billingSettingsQuery,
  invoiceNumberPreview,
  useSaveBillingSettings,
} from "./api";

const PREFIX = /^[A-Z0-9-]{1,10}$/;

export interface BillingForm {
  taxRate: string;
  taxServices: boolean;
  taxProducts: boolean;
  prefix: string;
  next: string;
  address: string;
  phone: string;
}

export function formOf(settings: BillingSettings): BillingForm {
  return {
    taxRate: percentInput(settings.taxRateBp),
    taxServices: settings.taxServices,
    taxProducts: settings.taxProducts,
    prefix: settings.invoicePrefix,
    next: String(settings.nextInvoiceNumber),
    address: settings.clinicAddress ?? "",
    phone: settings.clinicPhone ?? "",
  };
}

/** What the form sends, or what is wrong with it: a rate in basis points, numbers only forward. */
export function bodyOf(
  form: BillingForm,
  current: Pick<BillingSettings, "nextInvoiceNumber">,
): { body: BillingSettingsIn; errors?: undefined } | { body?: undefined; errors: Record<string, string> } {
  const rate = parsePercent(form.taxRate);
  const next = /^\d+$/.test(form.next.trim()) ? Number(form.next.trim()) : Number.NaN;
  const errors: Record<string, string> = {};
  if (rate === null) errors.taxRate = "Use a rate from 0 to 100, with at most two decimals (8.87).";
  if (!PREFIX.test(form.prefix)) errors.prefix = "Use 1–10 letters, digits or dashes.";
  if (!(next >= current.nextInvoiceNumber)) {
    errors.next = `Numbers only move forward: ${current.nextInvoiceNumber.toLocaleString("en-US")} or more.`;
  }
  if (rate === null || Object.keys(errors).length) return { errors };
  return {
    body: {
      taxRateBp: rate,
      taxServices: form.taxServices,
      taxProducts: form.taxProducts,
      invoicePrefix: form.prefix,
      nextInvoiceNumber: next,
      clinicAddress: form.address.trim() || undefined,
      clinicPhone: form.phone.trim() || undefined,
    },
  };
}

function Section({ title, children }: { title: string; children: ReactNode }) {
  return (
    <section className="flex flex-col gap-4 border-t border-line px-5 py-5 first:border-t-0">
      <h3 className="text-[13px] font-semibold text-ink">{title}</h3>
      {children}
    </section>
  );
}

function Check({
  label,
  hint,
  checked,
  onChange,
}: {
  label: string;
  hint: string;
  checked: boolean;
  onChange: (checked: boolean) => void;
}) {
  return (
    <label className="flex items-start gap-3 rounded-xl border border-line p-3.5">
      <input
        type="checkbox"
        className="mt-0.5 size-4 accent-[var(--color-brand)]"
        checked={checked}
        onChange={(e) => onChange(e.target.checked)}
      />
      <span>
        <span className="block text-sm font-medium text-ink">{label}</span>
        <span className="block text-[13px] text-muted">{hint}</span>
      </span>
    </label>
  );
}

function SettingsForm({ settings, canWrite }: { settings: BillingSettings; canWrite: boolean }) {
  const initial = formOf(settings);
  const [form, setForm] = useState(initial);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const save = useSaveBillingSettings();
  const toast = useToast();
  const problem = save.error ? asProblem(save.error) : null;
  const dirty = (Object.keys(initial) as (keyof BillingForm)[]).some((k) => form[k] !== initial[k]);
  const next = Number(form.next);
  const nextValid = /^\d+$/.test(form.next.trim()) && next >= settings.nextInvoiceNumber;
  const error = (field: string, api: string) => errors[field] ?? problem?.field(api);
  const set = <K extends keyof BillingForm>(field: K, value: BillingForm[K]) =>
    setForm((f) => ({ ...f, [field]: value }));

  const submit = (e: FormEvent) => {
    e.preventDefault();
    const checked = bodyOf(form, settings);
    setErrors(checked.errors ?? {});
    if (!checked.body) return;
    save.mutate(checked.body, { onSuccess: () => toast.success("Billing settings saved") });
  };

  return (
    <Card>
      <CardHeader
        title="Billing"
        description={`Tax, invoice numbers, and what invoices and receipts show. Amounts are in ${settings.currency}.`}
      />
      {canWrite ? null : (
        <p className="flex items-center gap-2 border-b border-line bg-canvas px-5 py-2.5 text-[13px] text-muted">
          <Lock className="size-3.5 shrink-0" aria-hidden="true" />
          Only the clinic’s owners change these.
        </p>
      )}
      <form onSubmit={submit} noValidate>
        <fieldset disabled={!canWrite} className="min-w-0">
          <legend className="sr-only">Billing settings</legend>
          <Section title="Tax">
            <Field
              label="Tax rate (%)"
              hint={canWrite ? "Up to two decimals, such as 8.87." : undefined}
              error={error("taxRate", "taxRateBp")}
              className="sm:max-w-xs"
            >
              <Input
                inputMode="decimal"
                autoComplete="off"
                value={form.taxRate}
                onChange={(e) => set("taxRate", e.target.value)}
                placeholder="0"
              />
            </Field>
            <div className="grid gap-3 sm:grid-cols-2">
              <Check
                label="Tax services by default"
                hint="Treatments start taxable on a new invoice; each line can still change at checkout."
                checked={form.taxServices}
                onChange={(v) => set("taxServices", v)}
              />
              <Check
                label="Tax retail products by default"
                hint="Products sold over the counter start taxable."
                checked={form.taxProducts}
                onChange={(v) => set("taxProducts", v)}
              />
            </div>
          </Section>
          <Section title="Invoice numbers">
            <div className="grid gap-4 sm:grid-cols-2">
              <Field
                label="Prefix"
                hint={canWrite ? "Letters, digits or dashes." : undefined}
                error={error("prefix", "invoicePrefix")}
              >
                <Input
                  autoComplete="off"
                  autoCapitalize="characters"
                  maxLength={10}
                  className="font-mono uppercase"
                  value={form.prefix}
                  onChange={(e) => set("prefix", e.target.value.toUpperCase().replace(/\s/g, ""))}
                />
              </Field>
              <Field
                label="Next invoice number"
                hint={
                  canWrite ? "It can only move forward: a number once given is never given again." : undefined
                }
                error={error("next", "nextInvoiceNumber")}
              >
                <Input
                  type="number"
                  inputMode="numeric"
                  min={settings.nextInvoiceNumber}
                  step={1}
                  value={form.next}
                  onChange={(e) => set("next", e.target.value)}
                />
              </Field>
            </div>
            <p className="text-[13px] text-muted">
              The next invoice issued will be{" "}
              <span className="font-mono font-medium text-ink">
                {invoiceNumberPreview(
                  PREFIX.test(form.prefix) ? form.prefix : settings.invoicePrefix,
                  nextValid ? next : settings.nextInvoiceNumber,
                )}
              </span>
              .
            </p>
          </Section>
          <Section title="Printed on invoices and receipts">
            <div className="grid gap-4 sm:grid-cols-[minmax(0,3fr)_minmax(0,2fr)]">
              <Field label="Clinic address" optional={canWrite} error={problem?.field("clinicAddress")}>
                <Textarea
                  rows={3}
                  maxLength={300}
                  value={form.address}
                  onChange={(e) => set("address", e.target.value)}
                  placeholder={"120 Madison Ave, Suite 4\nNew York, NY 10016"}
                />
              </Field>
              <Field label="Clinic phone" optional={canWrite} error={problem?.field("clinicPhone")}>
                <Input
                  type="tel"
                  inputMode="tel"
                  maxLength={40}
                  value={form.phone}
                  onChange={(e) => set("phone", e.target.value)}
                  placeholder="(212) 555-0100"
                />
              </Field>
            </div>
          </Section>
        </fieldset>
        {problem && !problem.fields.length ? (
          <p role="alert" className="mx-5 mb-4 rounded-lg bg-danger-soft px-3 py-2 text-[13px] text-danger">
            {problem.message}
          </p>
        ) : null}
        {canWrite ? (
          <div className="flex justify-end gap-2 border-t border-line px-5 py-3.5">
            {dirty ? (
              <Button
                type="button"
                variant="ghost"
                onClick={() => {
                  setForm(initial);
                  setErrors({});
                  save.reset();
                }}
              >
                Undo changes
              </Button>
            ) : null}
            <Button type="submit" variant="primary" disabled={!dirty} busy={save.isPending}>
              Save
            </Button>
          </div>
        ) : null}
      </form>
    </Card>
  );
}

/** Settings → Billing: owners set tax and numbering; those who bill see them. */
export function BillingSettingsPage() {
  const settings = useQuery(billingSettingsQuery);
  const canWrite = useCan("settings:write");
  if (settings.isPending) {
    return (
      <Card className="flex flex-col gap-3 p-5" role="status" aria-label="Loading billing settings">
        <Skeleton className="h-5 w-40" />
        <Skeleton className="h-9 w-48" />
        <Skeleton className="h-16 w-full" />
        <Skeleton className="h-9 w-2/3" />
      </Card>
    );
  }
  if (settings.isError) {
    return (
      <Card>
        <ErrorState error={settings.error} retry={() => void settings.refetch()} />
      </Card>
    );
  }
  return <SettingsForm key={JSON.stringify(settings.data)} settings={settings.data} canWrite={canWrite} />;
}
