import { useQuery } from "@tanstack/react-query";
import { Plus, Trash2 } from "lucide-react";
import { Button } from "@/components/ui/button";
import { Field } from "@/components/ui/field";
import { Input, Select } from "@/components/ui/input";
import { MoneyInput } from "../billing/controls";
import { parseMoney } from "../billing/money";
import { parseQuantity } from "../billing/quantity";
import { type Service, servicesQuery } from "../calendar/api";
import type { BillingInterval, CreditKind, ProductKind } from "./api";
import { CREDIT_KINDS, grantText, PRODUCT_KINDS } from "./credits";
import { type BenefitRow, newBenefit, type PlanErrors } from "./plan-form";

/** Services by category, for a picker: current ones, and the one already chosen if archived. */
function servicesByCategory(services: Service[], chosen: string): [string, Service[]][] {
  const usable = services.filter((s) => !s.archived || s.id === chosen);
  const categories = [...new Set(usable.map((s) => s.category))].sort();
  return categories.map((c) => [c, usable.filter((s) => s.category === c)]);
}

/** What a row grants, once it reads as a credit: "= 1 HydraFacial / month". */
function preview(row: BenefitRow, services: Service[], interval: BillingInterval, currency: string) {
  if (row.creditKind === "money") {
    const cents = parseMoney(row.amount);
    return cents
      ? grantText({ creditKind: "money", amountCents: cents, quantityMilli: 0 }, interval, currency)
      : null;
  }
  const milli = parseQuantity(row.quantity);
  if (!milli) return null;
  if (row.creditKind === "units") {
    return grantText(
      { creditKind: "units", productKind: row.productKind, quantityMilli: milli, amountCents: 0 },
      interval,
      currency,
    );
  }
  const service = services.find((s) => s.id === row.serviceId);
  return service
    ? grantText(
        { creditKind: "service", label: service.name, quantityMilli: milli, amountCents: 0 },
        interval,
        currency,
      )
    : null;
}

/** The credits a plan grants, each period or once: sessions of a service, money, or units. */
export function BenefitsEditor({
  rows,
  onChange,
  interval,
  currency,
  errors,
  disabled,
}: {
  rows: BenefitRow[];
  onChange: (rows: BenefitRow[]) => void;
  interval: BillingInterval;
  currency: string;
  errors: PlanErrors;
  disabled: boolean;
}) {
  const services = useQuery(servicesQuery);
  const all = services.data ?? [];
  const firstService = all.find((s) => !s.archived)?.id ?? "";
  const patch = (key: string, p: Partial<BenefitRow>) =>
    onChange(rows.map((r) => (r.key === key ? { ...r, ...p } : r)));
  return (
    <div className="flex flex-col gap-2.5">
      {rows.map((row, i) => {
        const n = i + 1;
        const error = errors[`benefit.${row.key}`];
        const said = preview(row, all, interval, currency);
        return (
          <fieldset
            key={row.key}
            disabled={disabled}
            className="min-w-0 rounded-xl border border-line bg-canvas/50 p-3"
            aria-describedby={error ? `${row.key}-error` : undefined}
          >
            <legend className="sr-only">Credit {n}</legend>
            <div className="grid grid-cols-2 items-end gap-2.5 sm:grid-cols-[11rem_minmax(0,1fr)_7rem_auto]">
              <Field label="Kind" className="col-span-2 sm:col-span-1">
                <Select
                  aria-label={`Credit ${n}: kind`}
                  value={row.creditKind}
                  onChange={(e) => {
                    const creditKind = e.target.value as CreditKind;
                    const fresh = newBenefit(creditKind, firstService);
                    patch(row.key, {
                      creditKind,
                      serviceId: row.serviceId || fresh.serviceId,
                      quantity: creditKind === row.creditKind ? row.quantity : fresh.quantity,
                    });
                  }}
                >
                  {CREDIT_KINDS.map((k) => (
                    <option key={k.value} value={k.value}>
                      {k.label}
                    </option>
                  ))}
                </Select>
              </Field>
              {row.creditKind === "service" ? (
                <Field label="Service" className="col-span-2 sm:col-span-1">
                  <Select
                    aria-label={`Credit ${n}: service`}
                    value={row.serviceId}
                    onChange={(e) => patch(row.key, { serviceId: e.target.value })}
                    aria-invalid={error && !row.serviceId ? true : undefined}
                  >
                    <option value="" disabled>
                      {services.isPending ? "Loading services…" : "Choose a service"}
                    </option>
                    {servicesByCategory(all, row.serviceId).map(([category, list]) => (
                      <optgroup key={category} label={category}>
                        {list.map((s) => (
                          <option key={s.id} value={s.id}>
                            {s.name}
                            {s.archived ? " (archived)" : ""}
                          </option>
                        ))}
                      </optgroup>
                    ))}
                  </Select>
                </Field>
              ) : row.creditKind === "units" ? (
                <Field label="Product" className="col-span-2 sm:col-span-1">
                  <Select
                    aria-label={`Credit ${n}: kind of product`}
                    value={row.productKind}
                    onChange={(e) => patch(row.key, { productKind: e.target.value as ProductKind })}
                  >
                    {PRODUCT_KINDS.map((k) => (
                      <option key={k.value} value={k.value}>
                        {k.label}
                      </option>
                    ))}
                  </Select>
                </Field>
              ) : (
                <p className="col-span-2 pb-2 text-[13px] text-muted sm:col-span-1">
                  Spent on any service or product at checkout.
                </p>
              )}
              {row.creditKind === "money" ? (
                <Field label="Amount">
                  <MoneyInput
                    currency={currency}
                    aria-label={`Credit ${n}: amount`}
                    value={row.amount}
                    onChange={(e) => patch(row.key, { amount: e.target.value })}
                    aria-invalid={error ? true : undefined}
                    placeholder="50.00"
                  />
                </Field>
              ) : (
                <Field label={row.creditKind === "units" ? "Units" : "Sessions"}>
                  <Input
                    aria-label={`Credit ${n}: ${row.creditKind === "units" ? "units" : "sessions"}`}
                    inputMode="decimal"
                    autoComplete="off"
                    className="text-right tabular-nums"
                    value={row.quantity}
                    onChange={(e) => patch(row.key, { quantity: e.target.value })}
                    aria-invalid={error && parseQuantity(row.quantity) === null ? true : undefined}
                  />
                </Field>
              )}
              <Button
                type="button"
                variant="ghost"
                size="icon"
                className="justify-self-end"
                aria-label={`Remove credit ${n}`}
                onClick={() => onChange(rows.filter((r) => r.key !== row.key))}
              >
                <Trash2 className="size-4" aria-hidden="true" />
              </Button>
            </div>
            {error ? (
              <p id={`${row.key}-error`} className="mt-2 text-[13px] text-danger">
                {error}
              </p>
            ) : said ? (
              <p className="mt-2 text-[13px] text-muted">
                Grants <span className="font-medium text-ink-soft">{said}</span>
              </p>
            ) : null}
          </fieldset>
        );
      })}
      {errors.benefits ? (
        <p id="benefits-error" className="text-[13px] text-danger">
          {errors.benefits}
        </p>
      ) : null}
      {disabled ? null : (
        <Button
          type="button"
          size="sm"
          variant="ghost"
          className="self-start"
          disabled={rows.length >= 20}
          onClick={() => onChange([...rows, newBenefit("service", firstService)])}
        >
          <Plus className="size-4" aria-hidden="true" /> Add a credit
        </Button>
      )}
    </div>
  );
}
