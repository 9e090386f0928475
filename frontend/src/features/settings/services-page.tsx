import { useQuery } from "@tanstack/react-query";
import { DoorClosed, Globe, Pencil, Plus, Sparkles } from "lucide-react";
import { type FormEvent, useId, useState } from "react";
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
import { roomsQuery, type Service, servicesQuery } from "../calendar/api";
import {
  CHART_KINDS,
  type ChartKind,
  PRICING,
  type Pricing,
  SWATCHES,
  useArchiveService,
  useSaveService,
} from "./api";
import { ColorField } from "./color-field";

export function formatPrice(cents: number): string {
  return new Intl.NumberFormat("en-US", { style: "currency", currency: "USD" }).format(cents / 100);
}

function ServiceDialog({
  service,
  categories,
  onClose,
}: {
  service: Service | null;
  categories: string[];
  onClose: () => void;
}) {
  const rooms = useQuery(roomsQuery);
  const save = useSaveService();
  const toast = useToast();
  const listId = useId();
  const [form, setForm] = useState({
    name: service?.name ?? "",
    category: service?.category ?? categories[0] ?? "",
    description: service?.description ?? "",
    durationMinutes: String(service?.durationMinutes ?? 30),
    bufferAfterMinutes: String(service?.bufferAfterMinutes ?? 0),
    price: service ? (service.priceCents / 100).toFixed(2) : "",
    color: service?.color ?? SWATCHES[0] ?? "#6d5bd0",
    needsRoom: service?.needsRoom ?? true,
    bookableOnline: service?.bookableOnline ?? true,
    chartKind: (service?.chartKind ?? "general") as ChartKind,
    pricing: (service?.pricing ?? "fixed") as Pricing,
    roomIds: service?.roomIds ?? [],
  });
  const problem = save.error ? asProblem(save.error) : null;
  const set = (field: keyof typeof form) => (e: { target: { value: string } }) =>
    setForm((f) => ({ ...f, [field]: e.target.value }));
  const submit = (e: FormEvent) => {
    e.preventDefault();
    const price = Number.parseFloat(form.price || "0");
    save.mutate(
      {
        id: service?.id,
        body: {
          name: form.name,
          category: form.category,
          description: form.description || undefined,
          durationMinutes: Number(form.durationMinutes),
          bufferAfterMinutes: Number(form.bufferAfterMinutes || 0),
          priceCents: Number.isFinite(price) ? Math.round(price * 100) : -1,
          color: form.color,
          needsRoom: form.needsRoom,
          bookableOnline: form.bookableOnline,
          chartKind: form.chartKind,
          pricing: form.pricing,
          roomIds: form.needsRoom ? form.roomIds : [],
        },
      },
      {
        onSuccess: (saved) => {
          toast.success(service ? `${saved.name} saved` : `${saved.name} added`);
          onClose();
        },
      },
    );
  };
  const activeRooms = (rooms.data ?? []).filter((r) => !r.archived);
  return (
    <Dialog open onOpenChange={(o) => !o && onClose()}>
      <DialogContent title={service ? "Edit service" : "Add a service"} className="sm:max-w-xl">
        <form onSubmit={submit} className="flex flex-col gap-4" noValidate>
          <div className="grid grid-cols-1 gap-3 sm:grid-cols-2">
            <Field
              label="Name"
              error={
                problem?.field("name") ?? (problem?.code === "already_exists" ? problem.message : undefined)
              }
            >
              <Input autoFocus value={form.name} onChange={set("name")} placeholder="Neurotoxin" />
            </Field>
            <Field label="Category" error={problem?.field("category")}>
              <Input
                list={listId}
                value={form.category}
                onChange={set("category")}
                placeholder="Injectables"
              />
            </Field>
            <datalist id={listId}>
              {categories.map((c) => (
                <option key={c} value={c} />
              ))}
            </datalist>
          </div>
          <div className="grid grid-cols-3 gap-3">
            <Field label="Minutes" error={problem?.field("durationMinutes")}>
              <Input
                type="number"
                inputMode="numeric"
                min={5}
                step={5}
                value={form.durationMinutes}
                onChange={set("durationMinutes")}
              />
            </Field>
            <Field label="Clean-up after" error={problem?.field("bufferAfterMinutes")}>
              <Input
                type="number"
                inputMode="numeric"
                min={0}
                step={5}
                value={form.bufferAfterMinutes}
                onChange={set("bufferAfterMinutes")}
              />
            </Field>
            <Field label="Price ($)" error={problem?.field("priceCents")}>
              <Input
                type="number"
                inputMode="decimal"
                min={0}
                step="0.01"
                value={form.price}
                onChange={set("price")}
                placeholder="0.00"
              />
            </Field>
          </div>
          <Field
            label="Billing"
            hint={PRICING.find((p) => p.value === form.pricing)?.hint}
            error={problem?.field("pricing")}
          >
            <Select
              value={form.pricing}
              onChange={(e) => setForm((f) => ({ ...f, pricing: e.target.value as Pricing }))}
            >
              {PRICING.map((p) => (
                <option key={p.value} value={p.value}>
                  {p.label}
                </option>
              ))}
            </Select>
          </Field>
          <Field label="Description" optional error={problem?.field("description")}>
            <Input
              value={form.description}
              onChange={set("description")}
              placeholder="Shown on the booking page"
            />
          </Field>
          <Field label="Chart" hint="The charting template providers fill in for this service.">
            <Select
              value={form.chartKind}
              onChange={(e) => setForm((f) => ({ ...f, chartKind: e.target.value as ChartKind }))}
            >
              {CHART_KINDS.map((k) => (
                <option key={k.value} value={k.value}>
                  {k.label}
                </option>
              ))}
            </Select>
          </Field>
          <ColorField
            label="Colour on the calendar"
            value={form.color}
            onChange={(color) => setForm((f) => ({ ...f, color }))}
          />
          {problem?.field("color") ? (
            <p className="-mt-2 text-[13px] text-danger">{problem.field("color")}</p>
          ) : null}
          <div className="flex flex-col gap-2">
            <label className="flex items-center gap-2.5 text-sm text-ink">
              <input
                type="checkbox"
                className="size-4 accent-[var(--color-brand)]"
                checked={form.bookableOnline}
                onChange={(e) => setForm((f) => ({ ...f, bookableOnline: e.target.checked }))}
              />
              Patients can book it online
            </label>
            <label className="flex items-center gap-2.5 text-sm text-ink">
              <input
                type="checkbox"
                className="size-4 accent-[var(--color-brand)]"
                checked={form.needsRoom}
                onChange={(e) => setForm((f) => ({ ...f, needsRoom: e.target.checked }))}
              />
              Needs a treatment room
            </label>
            {form.needsRoom && activeRooms.length ? (
              <fieldset className="ml-6 flex flex-col gap-1 rounded-lg bg-canvas p-2.5">
                <legend className="sr-only">Rooms it can use</legend>
                <p className="text-[12px] text-muted">Rooms it can use (none ticked: any room)</p>
                {activeRooms.map((r) => (
                  <label key={r.id} className="flex items-center gap-2 text-[13px] text-ink">
                    <input
                      type="checkbox"
                      className="size-4 accent-[var(--color-brand)]"
                      checked={form.roomIds.includes(r.id)}
                      onChange={(e) =>
                        setForm((f) => ({
                          ...f,
                          roomIds: e.target.checked
                            ? [...f.roomIds, r.id]
                            : f.roomIds.filter((x) => x !== r.id),
                        }))
                      }
                    />
                    {r.name}
                  </label>
                ))}
              </fieldset>
            ) : null}
          </div>
          {problem && !problem.fields.length && problem.code !== "already_exists" ? (
            <p role="alert" className="rounded-lg bg-danger-soft px-3 py-2 text-[13px] text-danger">
              {problem.message}
            </p>
          ) : null}
          <div className="flex justify-end gap-2">
            <Button type="button" variant="ghost" onClick={onClose}>
              Cancel
            </Button>
            <Button type="submit" variant="primary" busy={save.isPending}>
              {service ? "Save" : "Add service"}
            </Button>
          </div>
        </form>
      </DialogContent>
    </Dialog>
  );
}

export function ServicesPage() {
  const services = useQuery(servicesQuery);
  const archive = useArchiveService();
  const toast = useToast();
  const [editing, setEditing] = useState<Service | null | "new">(null);
  const all = services.data ?? [];
  const categories = [...new Set(all.map((s) => s.category))].sort();

  let body: React.ReactNode;
  if (services.isPending) {
    body = (
      <div className="flex flex-col gap-3 p-5">
        <Skeleton className="h-5 w-56" />
        <Skeleton className="h-5 w-48" />
      </div>
    );
  } else if (services.isError) {
    body = <ErrorState error={services.error} retry={() => void services.refetch()} />;
  } else if (all.length === 0) {
    body = (
      <EmptyState
        icon={Sparkles}
        title="No services yet"
        body="Add what the clinic offers, with how long it takes and what it costs."
        action={
          <Button variant="primary" onClick={() => setEditing("new")}>
            <Plus className="size-4" aria-hidden="true" /> Add a service
          </Button>
        }
      />
    );
  } else {
    body = categories.map((category) => (
      <section key={category} aria-label={category}>
        <h3 className="border-b border-line bg-canvas/60 px-5 py-1.5 text-[11px] font-semibold tracking-wide text-muted uppercase">
          {category}
        </h3>
        <ul className="divide-y divide-line">
          {all
            .filter((s) => s.category === category)
            .map((s) => (
              <li key={s.id} className="flex items-center gap-3 px-5 py-3">
                <span
                  className="size-3 shrink-0 rounded-full"
                  style={{ backgroundColor: s.color }}
                  aria-hidden="true"
                />
                <div className="min-w-0 flex-1">
                  <p className="flex flex-wrap items-center gap-2 text-sm font-medium text-ink">
                    {s.name}
                    {s.archived ? <Badge>Archived</Badge> : null}
                  </p>
                  <p className="flex flex-wrap items-center gap-x-3 text-[13px] text-muted tabular-nums">
                    <span>
                      {s.durationMinutes} min
                      {s.bufferAfterMinutes ? ` + ${s.bufferAfterMinutes} clean-up` : ""}
                    </span>
                    <span>{formatPrice(s.priceCents)}</span>
                    {s.pricing === "per_unit" ? <span>Billed per unit charted</span> : null}
                    {s.needsRoom ? (
                      <span className="flex items-center gap-1">
                        <DoorClosed className="size-3.5" aria-hidden="true" /> Room
                      </span>
                    ) : null}
                    {s.bookableOnline ? (
                      <span className="flex items-center gap-1">
                        <Globe className="size-3.5" aria-hidden="true" /> Online
                      </span>
                    ) : null}
                  </p>
                </div>
                <Button variant="ghost" size="sm" onClick={() => setEditing(s)} aria-label={`Edit ${s.name}`}>
                  <Pencil className="size-3.5" aria-hidden="true" /> Edit
                </Button>
                <Button
                  variant="ghost"
                  size="sm"
                  onClick={() =>
                    archive.mutate(
                      { id: s.id, archive: !s.archived },
                      {
                        onSuccess: () =>
                          toast.success(s.archived ? `${s.name} restored` : `${s.name} archived`),
                        onError: (e) => toast.error(e),
                      },
                    )
                  }
                >
                  {s.archived ? "Restore" : "Archive"}
                </Button>
              </li>
            ))}
        </ul>
      </section>
    ));
  }

  return (
    <Card className="overflow-hidden">
      <CardHeader
        title="Services"
        description="What can be booked, for how long, and at what price."
        action={
          all.length ? (
            <Button size="sm" variant="primary" onClick={() => setEditing("new")}>
              <Plus className="size-3.5" aria-hidden="true" /> Add service
            </Button>
          ) : null
        }
      />
      {body}
      {editing ? (
        <ServiceDialog
          key={editing === "new" ? "new" : editing.id}
          service={editing === "new" ? null : editing}
          categories={categories}
          onClose={() => setEditing(null)}
        />
      ) : null}
    </Card>
  );
}
