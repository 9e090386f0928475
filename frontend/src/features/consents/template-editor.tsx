import { useQuery } from "@tanstack/react-query";
import { Info } from "lucide-react";
import { type FormEvent, useId, useState } from "react";
import { asProblem } from "@/api/problem";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Dialog, DialogContent } from "@/components/ui/dialog";
import { Field } from "@/components/ui/field";
import { Input, Select, Textarea } from "@/components/ui/input";
import { Skeleton } from "@/components/ui/skeleton";
import { useToast } from "@/components/ui/toast";
import { cn } from "@/lib/cn";
import { servicesQuery } from "../calendar/api";
import {
  type ConsentKind,
  type ConsentTemplate,
  KIND_LABELS,
  KINDS,
  renewalLabel,
  templateQuery,
  useSaveTemplate,
} from "./api";
import { ConsentText } from "./consent-text";
import { VersionHistory } from "./version-history";

const PLACEHOLDER = `I understand the treatment and its risks, and I have had the chance to ask questions.

## Possible side effects
- Swelling, bruising or tenderness for a few days
- **Rarely**, a blocked blood vessel, treated at once

1. Avoid strenuous exercise for 24 hours
2. Call the clinic with any concern`;

const FORMAT_HINT =
  "# heading · ## subheading · - bullet · 1. numbered · **bold** · blank line between paragraphs";

interface Props {
  template: ConsentTemplate | null;
  readOnly: boolean;
  onClose: () => void;
}

/** Add or change a consent form; for staff who can't edit, the same dialog reads it out. */
export function TemplateEditor({ template, readOnly, onClose }: Props) {
  const detail = useQuery({ ...templateQuery(template?.id ?? ""), enabled: Boolean(template) });
  const versions = detail.data?.versions ?? [];
  const title = template ? (readOnly ? template.name : `Edit ${template.name}`) : "Add a consent form";
  return (
    <Dialog open onOpenChange={(o) => !o && onClose()}>
      <DialogContent
        title={title}
        description={template ? `${KIND_LABELS[template.kind]} · version ${template.version}` : undefined}
        className="sm:top-[6vh] sm:max-h-[88dvh] sm:max-w-4xl"
      >
        {readOnly && template ? (
          <ReadOnly template={template} />
        ) : (
          <EditorForm template={template} onClose={onClose} />
        )}
        {template ? (
          <div className="mt-6 border-t border-line pt-5">
            {detail.isPending ? (
              <Skeleton className="h-24 w-full" />
            ) : detail.isError ? (
              <p role="alert" className="text-[13px] text-danger">
                The version history didn’t load. {asProblem(detail.error).message}
              </p>
            ) : (
              <VersionHistory versions={versions} />
            )}
          </div>
        ) : null}
      </DialogContent>
    </Dialog>
  );
}

function ReadOnly({ template }: { template: ConsentTemplate }) {
  const services = useQuery(servicesQuery);
  const required = template.serviceIds
    .map((id) => services.data?.find((s) => s.id === id)?.name)
    .filter((n): n is string => Boolean(n));
  return (
    <div className="flex flex-col gap-4">
      <div className="flex flex-wrap items-center gap-2 text-[13px] text-muted">
        <Badge tone="brand">{KIND_LABELS[template.kind]}</Badge>
        <span>{renewalLabel(template.renewAfterDays)}</span>
        <span className="text-faint">·</span>
        <span>{required.length ? `Required by ${required.join(", ")}` : "Not required by any service"}</span>
      </div>
      <div className="max-h-[50dvh] overflow-y-auto rounded-xl border border-line bg-canvas/50 px-4 py-3">
        <ConsentText body={template.body} />
      </div>
    </div>
  );
}

function EditorForm({ template, onClose }: { template: ConsentTemplate | null; onClose: () => void }) {
  const services = useQuery(servicesQuery);
  const save = useSaveTemplate();
  const toast = useToast();
  const ids = useId();
  const [form, setForm] = useState({
    name: template?.name ?? "",
    kind: (template?.kind ?? "general") as ConsentKind,
    body: template?.body ?? "",
    renews: Boolean(template?.renewAfterDays),
    days: String(template?.renewAfterDays ?? 365),
    serviceIds: template?.serviceIds ?? [],
  });
  const problem = save.error ? asProblem(save.error) : null;
  const textChanged =
    Boolean(template) && (form.name.trim() !== template?.name || form.body.trim() !== template?.body);
  const activeServices = (services.data ?? []).filter((s) => !s.archived || form.serviceIds.includes(s.id));

  const submit = (e: FormEvent) => {
    e.preventDefault();
    save.mutate(
      {
        id: template?.id,
        body: {
          name: form.name.trim(),
          kind: form.kind,
          body: form.body,
          renewAfterDays: form.renews ? Number.parseInt(form.days, 10) || 0 : undefined,
          serviceIds: form.serviceIds,
        },
      },
      {
        onSuccess: (saved) => {
          const t = saved.template;
          toast.success(
            template ? `${t.name} saved` : `${t.name} added`,
            template && t.version !== template.version ? `Now version ${t.version}.` : undefined,
          );
          onClose();
        },
      },
    );
  };

  return (
    <form onSubmit={submit} className="flex flex-col gap-5" noValidate>
      <div className="grid grid-cols-1 gap-3 sm:grid-cols-[1fr_12rem]">
        <Field
          label="Name"
          hint="The title patients see above the text, so the text needn’t repeat it."
          error={problem?.field("name") ?? (problem?.code === "already_exists" ? problem.message : undefined)}
        >
          <Input
            autoFocus={!template}
            value={form.name}
            onChange={(e) => setForm((f) => ({ ...f, name: e.target.value }))}
            placeholder="Dermal filler consent"
            maxLength={120}
          />
        </Field>
        <Field label="Kind" error={problem?.field("kind")}>
          <Select
            value={form.kind}
            onChange={(e) => setForm((f) => ({ ...f, kind: e.target.value as ConsentKind }))}
          >
            {KINDS.map((k) => (
              <option key={k} value={k}>
                {KIND_LABELS[k]}
              </option>
            ))}
          </Select>
        </Field>
      </div>

      <div className="grid grid-cols-1 gap-5 sm:grid-cols-2">
        <fieldset className="flex flex-col gap-2">
          <legend className="mb-1.5 text-[13px] font-medium text-ink-soft">Patients sign it again</legend>
          <label className="flex items-center gap-2.5 text-sm text-ink">
            <input
              type="radio"
              name={`${ids}-renew`}
              className="size-4 accent-[var(--color-brand)]"
              checked={!form.renews}
              onChange={() => setForm((f) => ({ ...f, renews: false }))}
            />
            When the text changes
          </label>
          <div className="flex flex-wrap items-center gap-2.5 text-sm text-ink">
            <label className="flex items-center gap-2.5">
              <input
                type="radio"
                name={`${ids}-renew`}
                className="size-4 accent-[var(--color-brand)]"
                checked={form.renews}
                onChange={() => setForm((f) => ({ ...f, renews: true }))}
              />
              Also every
            </label>
            <Input
              type="number"
              inputMode="numeric"
              min={1}
              max={3650}
              aria-label="Days before it must be signed again"
              aria-invalid={problem?.field("renewAfterDays") ? true : undefined}
              value={form.days}
              disabled={!form.renews}
              onChange={(e) => setForm((f) => ({ ...f, days: e.target.value }))}
              className="w-24"
            />
            days
          </div>
          {problem?.field("renewAfterDays") ? (
            <p className="text-[13px] text-danger">{problem.field("renewAfterDays")}</p>
          ) : (
            <p className="text-[13px] text-muted">A year (365 days) is usual for treatment consents.</p>
          )}
        </fieldset>

        <fieldset className="flex min-w-0 flex-col gap-1.5">
          <legend className="mb-1.5 text-[13px] font-medium text-ink-soft">Required for</legend>
          {services.isPending ? (
            <Skeleton className="h-16 w-full" />
          ) : activeServices.length ? (
            <div className="grid max-h-40 grid-cols-1 gap-1 overflow-y-auto rounded-lg border border-line p-2 sm:grid-cols-2">
              {activeServices.map((s) => (
                <label
                  key={s.id}
                  className="flex min-w-0 items-center gap-2 rounded-md px-1.5 py-1 text-[13px] text-ink hover:bg-canvas"
                >
                  <input
                    type="checkbox"
                    className="size-4 shrink-0 accent-[var(--color-brand)]"
                    checked={form.serviceIds.includes(s.id)}
                    onChange={(e) =>
                      setForm((f) => ({
                        ...f,
                        serviceIds: e.target.checked
                          ? [...f.serviceIds, s.id]
                          : f.serviceIds.filter((x) => x !== s.id),
                      }))
                    }
                  />
                  <span
                    className="size-2 shrink-0 rounded-full"
                    style={{ backgroundColor: s.color }}
                    aria-hidden="true"
                  />
                  <span className="truncate">{s.name}</span>
                </label>
              ))}
            </div>
          ) : (
            <p className="text-[13px] text-muted">Add services first; then choose which need this form.</p>
          )}
          {problem?.field("serviceIds") ? (
            <p className="text-[13px] text-danger">{problem.field("serviceIds")}</p>
          ) : null}
        </fieldset>
      </div>

      <div className="grid grid-cols-1 gap-4 md:grid-cols-2">
        <Field label="Text" hint={FORMAT_HINT} error={problem?.field("body")}>
          <Textarea
            value={form.body}
            onChange={(e) => setForm((f) => ({ ...f, body: e.target.value }))}
            placeholder={PLACEHOLDER}
            spellCheck
            className="min-h-80 font-mono text-[13px]"
          />
        </Field>
        <div className="flex min-w-0 flex-col gap-1.5">
          <p className="text-[13px] font-medium text-ink-soft" id={`${ids}-preview`}>
            What the patient sees
          </p>
          <section
            aria-labelledby={`${ids}-preview`}
            className={cn(
              "max-h-[26rem] min-h-80 overflow-y-auto rounded-lg border border-line bg-canvas/50 px-4 py-3",
              !form.body.trim() && "flex items-center justify-center",
            )}
          >
            {form.body.trim() ? (
              <>
                {form.name.trim() ? (
                  <h2 className="mb-3 text-lg font-semibold text-ink">{form.name}</h2>
                ) : null}
                <ConsentText body={form.body} />
              </>
            ) : (
              <p className="text-[13px] text-faint">The preview appears as you type.</p>
            )}
          </section>
        </div>
      </div>

      {textChanged && template ? (
        <p
          role="status"
          className="flex items-start gap-2 rounded-lg bg-brand-soft px-3 py-2 text-[13px] text-brand-ink"
        >
          <Info className="mt-0.5 size-4 shrink-0" aria-hidden="true" />
          Saving will create version {template.version + 1}; signed copies keep their text. Patients sign the
          new version at their next visit.
        </p>
      ) : null}
      {problem && !problem.fields.length && problem.code !== "already_exists" ? (
        <p role="alert" className="rounded-lg bg-danger-soft px-3 py-2 text-[13px] text-danger">
          {problem.message}
        </p>
      ) : null}
      <div className="sticky -bottom-5 -mx-5 flex justify-end gap-2 border-t border-line bg-surface px-5 py-3 sm:-bottom-6 sm:-mx-6 sm:px-6">
        <Button type="button" variant="ghost" onClick={onClose}>
          Cancel
        </Button>
        <Button type="submit" variant="primary" busy={save.isPending}>
          {template ? (textChanged ? `Save as version ${template.version + 1}` : "Save") : "Add consent form"}
        </Button>
      </div>
    </form>
  );
}
