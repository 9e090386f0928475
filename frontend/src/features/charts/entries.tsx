import { useQuery } from "@tanstack/react-query";
import { Plus, Trash2 } from "lucide-react";
import { type FormEvent, useMemo, useState } from "react";
import { type ApiProblem, asProblem } from "@/api/problem";
import { Button } from "@/components/ui/button";
import { Card, CardHeader } from "@/components/ui/card";
import { Field } from "@/components/ui/field";
import { Input, Select } from "@/components/ui/input";
import { useToast } from "@/components/ui/toast";
import { cn } from "@/lib/cn";
import {
  AREA_PRESETS,
  type Chart,
  type DoseUnit,
  type Entry,
  productsQuery,
  UNIT_LABELS,
  useAddEntry,
  useRemoveEntry,
  useSaveChart,
} from "./api";
import { formatDose, parseDose, totals } from "./totals";

const UNITS: DoseUnit[] = ["units", "ml", "syringes", "vials", "pulses", "j_cm2", "passes", "other"];

export function doseText(e: Pick<Entry, "dose" | "doseUnit">): string {
  if (!e.dose) return "—";
  return `${e.dose} ${e.doseUnit ? UNIT_LABELS[e.doseUnit] : ""}`.trim();
}

function formatDay(date: string): string {
  const [y, m, d] = date.split("-").map(Number) as [number, number, number];
  return new Date(y, m - 1, d).toLocaleDateString("en-US", {
    day: "numeric",
    month: "short",
    year: "numeric",
  });
}

/** Areas treated: one tap per common area, or type another. */
export function AreasCard({ chart }: { chart: Chart }) {
  const save = useSaveChart(chart.id);
  const toast = useToast();
  const [custom, setCustom] = useState("");
  const editable = chart.canEdit;
  const presets = AREA_PRESETS[chart.templateKind];
  const all = [...presets, ...chart.areas.filter((a) => !presets.includes(a))];
  const set = (areas: string[]) =>
    save.mutate({ areas }, { onError: (e) => toast.error(e, "Couldn’t save the areas") });
  const toggle = (area: string) =>
    set(chart.areas.includes(area) ? chart.areas.filter((a) => a !== area) : [...chart.areas, area]);
  const add = (e: FormEvent) => {
    e.preventDefault();
    const area = custom.trim();
    if (area && !chart.areas.some((a) => a.toLowerCase() === area.toLowerCase())) set([...chart.areas, area]);
    setCustom("");
  };
  return (
    <Card>
      <CardHeader title="Areas treated" />
      <div className="flex flex-wrap gap-1.5 p-4">
        {(editable ? all : chart.areas).map((area) => {
          const on = chart.areas.includes(area);
          return (
            <button
              key={area}
              type="button"
              disabled={!editable}
              aria-pressed={on}
              onClick={() => toggle(area)}
              className={cn(
                "h-8 rounded-full border px-3 text-[13px] font-medium transition-colors",
                on
                  ? "border-brand bg-brand-soft text-brand-ink"
                  : "border-line text-ink-soft hover:bg-canvas",
                !editable && "cursor-default",
              )}
            >
              {area}
            </button>
          );
        })}
        {!editable && chart.areas.length === 0 ? <p className="text-sm text-muted">None recorded.</p> : null}
        {editable ? (
          <form onSubmit={add} className="flex items-center gap-1">
            <Input
              aria-label="Another area"
              placeholder="Another area"
              value={custom}
              onChange={(e) => setCustom(e.target.value)}
              className="h-8 w-40"
              maxLength={80}
            />
          </form>
        ) : null}
      </div>
    </Card>
  );
}

/** The treatments: what went where, from which lot, how much. */
export function EntriesCard({ chart }: { chart: Chart }) {
  const remove = useRemoveEntry(chart.id);
  const toast = useToast();
  const injectables = chart.templateKind === "injectables";
  return (
    <Card>
      <CardHeader
        title={injectables ? "Injections" : "Treatments"}
        description={
          injectables ? "Each area with its product, lot and dose." : "Each area with its settings."
        }
      />
      {chart.entries.length ? (
        <div className="overflow-x-auto">
          <table className="w-full text-sm">
            <thead>
              <tr className="border-b border-line text-left text-[12px] text-muted">
                <th className="px-4 py-2 font-medium">Area</th>
                <th className="px-4 py-2 font-medium">Product · lot</th>
                <th className="px-4 py-2 text-right font-medium">Dose</th>
                <th className="px-4 py-2 text-right font-medium">Points</th>
                {chart.canEdit ? <th className="w-10" /> : null}
              </tr>
            </thead>
            <tbody>
              {chart.entries.map((e) => (
                <tr key={e.id} className="border-b border-line last:border-0">
                  <td className="px-4 py-2.5 font-medium text-ink">{e.area}</td>
                  <td className="px-4 py-2.5 text-ink-soft">
                    {e.productName ?? "—"}
                    {e.lotNumber ? (
                      <span className="block text-[12px] text-muted">
                        Lot {e.lotNumber}
                        {e.lotExpiresOn ? ` · exp ${formatDay(e.lotExpiresOn)}` : ""}
                      </span>
                    ) : null}
                  </td>
                  <td className="px-4 py-2.5 text-right tabular-nums">{doseText(e)}</td>
                  <td className="px-4 py-2.5 text-right tabular-nums">{e.injectionPoints ?? "—"}</td>
                  {chart.canEdit ? (
                    <td className="pr-2">
                      <Button
                        variant="ghost"
                        size="icon"
                        aria-label={`Remove ${e.area}`}
                        onClick={() => remove.mutate(e.id, { onError: (err) => toast.error(err) })}
                      >
                        <Trash2 className="size-4" />
                      </Button>
                    </td>
                  ) : null}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : (
        <p className="px-4 pt-4 text-sm text-muted">
          {chart.canEdit ? "Nothing charted yet." : "No treatments recorded."}
        </p>
      )}
      {chart.canEdit ? <AddEntry chart={chart} /> : null}
    </Card>
  );
}

function AddEntry({ chart }: { chart: Chart }) {
  const products = useQuery(productsQuery);
  const add = useAddEntry(chart.id);
  const [problem, setProblem] = useState<ApiProblem | null>(null);
  const available = (products.data ?? []).filter((p) => !p.archived);
  const [form, setForm] = useState({
    area: "",
    productId: "",
    lotId: "",
    dose: "",
    unit: "" as DoseUnit | "",
    points: "",
  });
  const product = available.find((p) => p.id === form.productId);
  const lots = (product?.lots ?? []).filter((l) => !l.archived);
  const unit = form.unit || product?.defaultUnit || "";
  const areaChoices = useMemo(
    () => [...new Set([...chart.areas, ...AREA_PRESETS[chart.templateKind]])],
    [chart.areas, chart.templateKind],
  );
  const listId = `areas-${chart.id}`;
  const doseOk = !form.dose || parseDose(form.dose) !== null;

  const submit = (e: FormEvent) => {
    e.preventDefault();
    setProblem(null);
    add.mutate(
      {
        area: form.area,
        productId: form.productId || undefined,
        lotId: form.lotId || undefined,
        dose: form.dose || undefined,
        doseUnit: form.dose && unit ? unit : undefined,
        injectionPoints: form.points ? Number(form.points) : undefined,
      },
      {
        onSuccess: () => setForm((f) => ({ ...f, area: "", dose: "", points: "" })),
        onError: (err) => setProblem(asProblem(err)),
      },
    );
  };

  return (
    <form
      onSubmit={submit}
      className="grid grid-cols-2 items-start gap-2.5 border-t border-line bg-canvas/50 p-4 sm:grid-cols-12"
      noValidate
    >
      <Field label="Area" className="col-span-2 sm:col-span-4" error={problem?.field("area")}>
        <Input
          list={listId}
          value={form.area}
          onChange={(e) => setForm({ ...form, area: e.target.value })}
          placeholder="Glabella"
        />
      </Field>
      <datalist id={listId}>
        {areaChoices.map((a) => (
          <option key={a} value={a} />
        ))}
      </datalist>
      <Field label="Product" className="col-span-2 sm:col-span-4" error={problem?.field("productId")}>
        <Select
          value={form.productId}
          onChange={(e) => setForm({ ...form, productId: e.target.value, lotId: "", unit: "" })}
        >
          <option value="">{chart.templateKind === "injectables" ? "Choose…" : "None"}</option>
          {available.map((p) => (
            <option key={p.id} value={p.id}>
              {p.name}
            </option>
          ))}
        </Select>
      </Field>
      <Field label="Lot" className="col-span-2 sm:col-span-4" error={problem?.field("lotId")}>
        <Select
          value={form.lotId}
          onChange={(e) => setForm({ ...form, lotId: e.target.value })}
          disabled={!product}
        >
          <option value="">{product ? "Choose…" : "—"}</option>
          {lots.map((l) => (
            <option key={l.id} value={l.id} disabled={l.expired}>
              {l.lotNumber} · {l.expired ? "expired" : `exp ${formatDay(l.expiresOn)}`}
            </option>
          ))}
        </Select>
      </Field>
      <Field
        label="Dose"
        className="col-span-1 sm:col-span-3"
        error={problem?.field("dose") ?? (doseOk ? undefined : "A number, like 20 or 0.5")}
      >
        <Input
          inputMode="decimal"
          value={form.dose}
          onChange={(e) => setForm({ ...form, dose: e.target.value })}
          placeholder="20"
        />
      </Field>
      <Field label="Unit" className="col-span-1 sm:col-span-3" error={problem?.field("doseUnit")}>
        <Select value={unit} onChange={(e) => setForm({ ...form, unit: e.target.value as DoseUnit })}>
          <option value="">—</option>
          {UNITS.map((u) => (
            <option key={u} value={u}>
              {UNIT_LABELS[u] || "other"}
            </option>
          ))}
        </Select>
      </Field>
      <Field
        label="Points"
        optional
        className="col-span-1 sm:col-span-3"
        error={problem?.field("injectionPoints")}
      >
        <Input
          inputMode="numeric"
          value={form.points}
          onChange={(e) => setForm({ ...form, points: e.target.value.replace(/\D/g, "") })}
          placeholder="5"
        />
      </Field>
      <div className="col-span-1 flex justify-end sm:col-span-3 sm:pt-6">
        <Button
          type="submit"
          busy={add.isPending}
          disabled={!form.area.trim() || !doseOk}
          className="w-full justify-center"
        >
          <Plus className="size-4" aria-hidden="true" /> Add to chart
        </Button>
      </div>
      {problem && !problem.fields.length ? (
        <p role="alert" className="col-span-full text-[13px] text-danger">
          {problem.message}
        </p>
      ) : null}
    </form>
  );
}

/** Totals summed from the entries as they are now. */
export function TotalsCard({ entries }: { entries: Entry[] }) {
  const t = totals(entries);
  if (!t.byProduct.length) return null;
  const line = (label: string, milli: number, unit: DoseUnit) => (
    <div key={`${label}${unit}`} className="flex items-baseline justify-between gap-3 py-1 text-sm">
      <span className="text-ink-soft">{label}</span>
      <span className="font-semibold text-ink tabular-nums">
        {formatDose(milli)} {UNIT_LABELS[unit]}
      </span>
    </div>
  );
  return (
    <Card>
      <CardHeader title="Totals" />
      <div className="p-4">
        <p className="text-[11px] font-semibold tracking-wide text-muted uppercase">By product</p>
        <div data-testid="totals-by-product">
          {t.byProduct.map((x) => line(x.label, x.doseMilli, x.unit))}
        </div>
        <p className="mt-3 text-[11px] font-semibold tracking-wide text-muted uppercase">By area</p>
        {t.byArea.map((x) => line(x.label, x.doseMilli, x.unit))}
      </div>
    </Card>
  );
}
