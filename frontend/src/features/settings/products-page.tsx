import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { Link } from "@tanstack/react-router";
import { Package, Pencil, Plus, Search } from "lucide-react";
import { type FormEvent, useState } from "react";
import { api, unwrap } from "@/api/client";
import type { components } from "@/api/generated/schema";
import { asProblem } from "@/api/problem";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Card, CardHeader } from "@/components/ui/card";
import { Dialog, DialogContent } from "@/components/ui/dialog";
import { Field } from "@/components/ui/field";
import { Input, Select } from "@/components/ui/input";
import { Skeleton } from "@/components/ui/skeleton";
import { EmptyState, ErrorState } from "@/components/ui/states";
import { useToast } from "@/components/ui/toast";
import { formatDateTime } from "@/lib/dates";
import { clinicRoot, useMe } from "@/lib/session";
import { MoneyInput } from "../billing/controls";
import { formatMoney, moneyInput, parseMoney } from "../billing/money";
import { perUnit } from "../billing/quantity";
import {
  type DoseUnit,
  type Lot,
  type Product,
  productsQuery,
  recallQuery,
  UNIT_LABELS,
} from "../charts/api";
import { billingSettingsQuery } from "./api";

type ProductKind = components["schemas"]["ProductKind"];

const KINDS: { value: ProductKind; label: string }[] = [
  { value: "neurotoxin", label: "Neurotoxin" },
  { value: "filler", label: "Filler" },
  { value: "biostimulator", label: "Biostimulator" },
  { value: "skin", label: "Skin" },
  { value: "energy", label: "Energy device" },
  { value: "other", label: "Other" },
];
const UNITS = Object.keys(UNIT_LABELS) as DoseUnit[];

function day(date: string): string {
  const [y, m, d] = date.split("-").map(Number) as [number, number, number];
  return new Date(y, m - 1, d).toLocaleDateString("en-US", {
    day: "numeric",
    month: "short",
    year: "numeric",
  });
}

function useCatalogueChange<T>(fn: (input: T) => Promise<unknown>) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: fn,
    onSuccess: () => void client.invalidateQueries({ queryKey: productsQuery.queryKey }),
  });
}

/** The clinic's currency, for prices (dollars until the billing settings have loaded). */
function useCurrency() {
  return useQuery(billingSettingsQuery).data?.currency ?? "USD";
}

/** "$14.00 per unit", "$750.00 per mL". */
function priceLabel(product: Product, currency: string): string | null {
  if (product.priceCents === undefined) return null;
  return `${formatMoney(product.priceCents, currency)} ${perUnit(product.defaultUnit)}`;
}

function ProductDialog({ product, onClose }: { product: Product | null; onClose: () => void }) {
  const currency = useCurrency();
  const toast = useToast();
  const [form, setForm] = useState({
    name: product?.name ?? "",
    manufacturer: product?.manufacturer ?? "",
    kind: product?.kind ?? ("neurotoxin" as ProductKind),
    unit: product?.defaultUnit ?? ("units" as DoseUnit),
    price: product?.priceCents === undefined ? "" : moneyInput(product.priceCents),
    retail: product?.retail ?? false,
  });
  const [priceError, setPriceError] = useState<string | undefined>();
  const save = useCatalogueChange((body: components["schemas"]["ProductIn"]) =>
    product
      ? unwrap(api.PUT("/products/{id}", { params: { path: { id: product.id } }, body }))
      : unwrap(api.POST("/products", { body })),
  );
  const problem = save.error ? asProblem(save.error) : null;
  const submit = (e: FormEvent) => {
    e.preventDefault();
    const price = form.price.trim() ? parseMoney(form.price) : undefined;
    if (price === null) {
      setPriceError("Use an amount such as 14 or 750.00.");
      return;
    }
    setPriceError(undefined);
    save.mutate(
      {
        name: form.name,
        manufacturer: form.manufacturer || undefined,
        kind: form.kind,
        defaultUnit: form.unit,
        priceCents: price,
        retail: form.retail,
      },
      {
        onSuccess: () => {
          if (product) toast.success(`${form.name.trim()} saved`);
          onClose();
        },
      },
    );
  };
  return (
    <Dialog open onOpenChange={(o) => !o && onClose()}>
      <DialogContent title={product ? `Edit ${product.name}` : "Add a product"}>
        <form onSubmit={submit} className="flex flex-col gap-4" noValidate>
          <div className="grid grid-cols-2 gap-3">
            <Field label="Name" error={problem?.field("name")}>
              <Input
                autoFocus
                value={form.name}
                onChange={(e) => setForm({ ...form, name: e.target.value })}
                placeholder="Botox"
              />
            </Field>
            <Field label="Manufacturer" optional>
              <Input
                value={form.manufacturer}
                onChange={(e) => setForm({ ...form, manufacturer: e.target.value })}
                placeholder="Allergan"
              />
            </Field>
            <Field label="Kind">
              <Select
                value={form.kind}
                onChange={(e) => setForm({ ...form, kind: e.target.value as ProductKind })}
              >
                {KINDS.map((k) => (
                  <option key={k.value} value={k.value}>
                    {k.label}
                  </option>
                ))}
              </Select>
            </Field>
            <Field label="Charted in">
              <Select
                value={form.unit}
                onChange={(e) => setForm({ ...form, unit: e.target.value as DoseUnit })}
              >
                {UNITS.map((u) => (
                  <option key={u} value={u}>
                    {UNIT_LABELS[u] || "other"}
                  </option>
                ))}
              </Select>
            </Field>
          </div>
          <Field
            label={`Price ${perUnit(form.unit)}`}
            optional
            hint="Checkout bills charted amounts at this price. Leave empty if it isn’t sold by the unit."
            error={priceError ?? problem?.field("priceCents")}
          >
            <MoneyInput
              currency={currency}
              className="sm:w-44"
              value={form.price}
              onChange={(e) => setForm({ ...form, price: e.target.value })}
              placeholder="0.00"
            />
          </Field>
          <label className="flex items-start gap-2.5 text-sm text-ink">
            <input
              type="checkbox"
              className="mt-0.5 size-4 accent-[var(--color-brand)]"
              checked={form.retail}
              onChange={(e) => setForm({ ...form, retail: e.target.checked })}
            />
            <span>
              Sold over the counter (retail)
              <span className="block text-[13px] text-muted">Offered when selling at the desk.</span>
            </span>
          </label>
          {problem && !problem.fields.length ? (
            <p role="alert" className="rounded-lg bg-danger-soft px-3 py-2 text-[13px] text-danger">
              {problem.message}
            </p>
          ) : null}
          <div className="flex justify-end gap-2">
            <Button type="button" variant="ghost" onClick={onClose}>
              Cancel
            </Button>
            <Button type="submit" variant="primary" busy={save.isPending}>
              {product ? "Save" : "Add product"}
            </Button>
          </div>
        </form>
      </DialogContent>
    </Dialog>
  );
}

function LotForm({ product }: { product: Product }) {
  const [form, setForm] = useState({ lotNumber: "", expiresOn: "" });
  const toast = useToast();
  const add = useCatalogueChange((body: components["schemas"]["LotIn"]) =>
    unwrap(api.POST("/products/{id}/lots", { params: { path: { id: product.id } }, body })),
  );
  const problem = add.error ? asProblem(add.error) : null;
  return (
    <form
      className="flex flex-wrap items-end gap-2 px-5 pb-4"
      onSubmit={(e) => {
        e.preventDefault();
        add.mutate(form, {
          onSuccess: () => {
            toast.success(`Lot ${form.lotNumber} added`);
            setForm({ lotNumber: "", expiresOn: "" });
          },
        });
      }}
      noValidate
    >
      <Field label="Lot number" error={problem?.field("lotNumber")}>
        <Input
          value={form.lotNumber}
          onChange={(e) => setForm({ ...form, lotNumber: e.target.value })}
          className="w-40"
        />
      </Field>
      <Field label="Expires" error={problem?.field("expiresOn")}>
        <Input
          type="date"
          value={form.expiresOn}
          onChange={(e) => setForm({ ...form, expiresOn: e.target.value })}
          className="w-44"
        />
      </Field>
      <Button type="submit" busy={add.isPending} disabled={!form.lotNumber.trim() || !form.expiresOn}>
        <Plus className="size-4" aria-hidden="true" /> Add lot
      </Button>
    </form>
  );
}

function Recall({ lot, product, onClose }: { lot: Lot; product: Product; onClose: () => void }) {
  const recall = useQuery(recallQuery(lot.id));
  const { clinic } = useMe();
  return (
    <Dialog open onOpenChange={(o) => !o && onClose()}>
      <DialogContent title={`Who received ${product.name} lot ${lot.lotNumber}`} className="sm:max-w-2xl">
        {recall.isPending ? (
          <Skeleton className="h-24 w-full" />
        ) : recall.isError ? (
          <ErrorState error={recall.error} retry={() => void recall.refetch()} />
        ) : recall.data.uses.length === 0 ? (
          <p className="text-sm text-muted">No patient has received this lot.</p>
        ) : (
          <div className="flex flex-col gap-3">
            <p className="text-sm text-ink-soft">
              {recall.data.patientCount} {recall.data.patientCount === 1 ? "patient" : "patients"},{" "}
              {recall.data.uses.length} {recall.data.uses.length === 1 ? "treatment" : "treatments"}
            </p>
            <ul className="divide-y divide-line rounded-lg border border-line">
              {recall.data.uses.map((u) => (
                <li
                  key={`${u.chartId}-${u.area}-${u.chartedAt}`}
                  className="flex flex-wrap items-center gap-x-3 gap-y-0.5 px-3 py-2 text-[13px]"
                >
                  <Link
                    to="/charts/$chartId"
                    params={{ chartId: u.chartId }}
                    className="font-medium text-ink hover:text-brand"
                  >
                    {u.patientName}
                  </Link>
                  <span className="text-muted">{[u.phone, u.email].filter(Boolean).join(" · ")}</span>
                  <span className="ml-auto text-muted">
                    {u.area}
                    {u.dose ? `, ${u.dose} ${u.doseUnit ? UNIT_LABELS[u.doseUnit] : ""}` : ""} ·{" "}
                    {formatDateTime(u.chartedAt, clinic.timezone)}
                  </span>
                </li>
              ))}
            </ul>
          </div>
        )}
      </DialogContent>
    </Dialog>
  );
}

/** The product and lot catalogue for charting, with recall lookups. */
export function ProductsPage() {
  const products = useQuery(productsQuery);
  const toast = useToast();
  const client = useQueryClient();
  const currency = useCurrency();
  const [editing, setEditing] = useState<Product | "new" | null>(null);
  const [recall, setRecall] = useState<{ lot: Lot; product: Product } | null>(null);
  const archiveLot = useMutation({
    mutationFn: (id: string) => unwrap(api.POST("/lots/{id}/archive", { params: { path: { id } } })),
    onSuccess: () => void client.invalidateQueries({ queryKey: [clinicRoot, "products"] }),
  });

  if (products.isPending) return <Skeleton className="h-40 w-full" />;
  if (products.isError) return <ErrorState error={products.error} retry={() => void products.refetch()} />;
  return (
    <div className="flex flex-col gap-4">
      <div className="flex items-center justify-between">
        <p className="text-sm text-muted">Products and their lots, for charting and recalls.</p>
        <Button variant="primary" size="sm" onClick={() => setEditing("new")}>
          <Plus className="size-3.5" aria-hidden="true" /> Add product
        </Button>
      </div>
      {products.data.length === 0 ? (
        <Card>
          <EmptyState
            icon={Package}
            title="No products yet"
            body="Add the products you chart, then their lots as they arrive."
          />
        </Card>
      ) : null}
      {products.data.map((p) => (
        <Card key={p.id} className="overflow-hidden">
          <CardHeader
            title={p.name}
            description={[
              p.manufacturer,
              KINDS.find((k) => k.value === p.kind)?.label,
              `charted in ${UNIT_LABELS[p.defaultUnit] || "other units"}`,
              priceLabel(p, currency),
            ]
              .filter(Boolean)
              .join(" · ")}
            action={
              <div className="flex shrink-0 items-center gap-2">
                {p.retail ? <Badge tone="brand">Retail</Badge> : null}
                {p.archived ? <Badge>Archived</Badge> : null}
                <Button size="sm" variant="ghost" onClick={() => setEditing(p)} aria-label={`Edit ${p.name}`}>
                  <Pencil className="size-3.5" aria-hidden="true" /> Edit
                </Button>
              </div>
            }
          />
          {p.lots.length ? (
            <ul className="divide-y divide-line">
              {p.lots.map((l) => (
                <li key={l.id} className="flex flex-wrap items-center gap-3 px-5 py-2.5 text-sm">
                  <span className="font-mono text-[13px] font-medium text-ink">{l.lotNumber}</span>
                  <span className={l.expired ? "text-danger" : "text-muted"}>
                    {l.expired ? "Expired" : "Expires"} {day(l.expiresOn)}
                  </span>
                  {l.archived ? <Badge>Archived</Badge> : null}
                  <span className="ml-auto text-[13px] text-muted">
                    {l.uses} {l.uses === 1 ? "use" : "uses"}
                  </span>
                  <Button size="sm" variant="ghost" onClick={() => setRecall({ lot: l, product: p })}>
                    <Search className="size-3.5" aria-hidden="true" /> Recall
                  </Button>
                  {!l.archived ? (
                    <Button
                      size="sm"
                      variant="ghost"
                      onClick={() => archiveLot.mutate(l.id, { onError: (e) => toast.error(e) })}
                    >
                      Archive
                    </Button>
                  ) : null}
                </li>
              ))}
            </ul>
          ) : (
            <p className="px-5 pt-3 text-sm text-muted">No lots yet.</p>
          )}
          {!p.archived ? <LotForm product={p} /> : null}
        </Card>
      ))}
      {editing ? (
        <ProductDialog
          key={editing === "new" ? "new" : editing.id}
          product={editing === "new" ? null : editing}
          onClose={() => setEditing(null)}
        />
      ) : null}
      {recall ? <Recall lot={recall.lot} product={recall.product} onClose={() => setRecall(null)} /> : null}
    </div>
  );
}
