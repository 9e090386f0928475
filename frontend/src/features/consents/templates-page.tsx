import { useQuery } from "@tanstack/react-query";
import { Eye, FileSignature, Pencil, Plus } from "lucide-react";
import { useState } from "react";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Card, CardHeader } from "@/components/ui/card";
import { Skeleton } from "@/components/ui/skeleton";
import { EmptyState, ErrorState } from "@/components/ui/states";
import { useToast } from "@/components/ui/toast";
import { cn } from "@/lib/cn";
import { useCan } from "@/lib/session";
import { servicesQuery } from "../calendar/api";
import { type ConsentTemplate, KIND_LABELS, renewalLabel, templatesQuery, useArchiveTemplate } from "./api";
import { TemplateEditor } from "./template-editor";

/** Settings → Consent forms: owners write them; everyone who takes or reads consents sees them. */
export function ConsentFormsPage() {
  const templates = useQuery(templatesQuery);
  const services = useQuery(servicesQuery);
  const canWrite = useCan("consent_templates:write");
  const archive = useArchiveTemplate();
  const toast = useToast();
  const [open, setOpen] = useState<ConsentTemplate | "new" | null>(null);
  const [showArchived, setShowArchived] = useState(false);
  const all = templates.data ?? [];
  const archivedCount = all.filter((t) => t.archived).length;
  const shown = all.filter((t) => showArchived || !t.archived);
  const serviceName = (id: string) => services.data?.find((s) => s.id === id)?.name;

  let body: React.ReactNode;
  if (templates.isPending) {
    body = (
      <div className="flex flex-col gap-3 p-5" role="status" aria-label="Loading consent forms">
        <Skeleton className="h-5 w-64" />
        <Skeleton className="h-5 w-52" />
        <Skeleton className="h-5 w-60" />
      </div>
    );
  } else if (templates.isError) {
    body = <ErrorState error={templates.error} retry={() => void templates.refetch()} />;
  } else if (all.length === 0) {
    body = (
      <EmptyState
        icon={FileSignature}
        title="No consent forms yet"
        body={
          canWrite
            ? "Write the forms patients sign before treatment, and choose the services that need each one."
            : "An owner writes the clinic’s consent forms. They will appear here."
        }
        action={
          canWrite ? (
            <Button variant="primary" onClick={() => setOpen("new")}>
              <Plus className="size-4" aria-hidden="true" /> Add a consent form
            </Button>
          ) : undefined
        }
      />
    );
  } else {
    body = (
      <ul className="divide-y divide-line">
        {shown.map((t) => {
          const required = t.serviceIds.map(serviceName).filter((n): n is string => Boolean(n));
          return (
            <li key={t.id} className="flex flex-wrap items-center gap-x-3 gap-y-2 px-5 py-3.5 sm:flex-nowrap">
              <div className="min-w-0 flex-1">
                <p className="flex flex-wrap items-center gap-2 text-sm font-medium text-ink">
                  <span className={cn(t.archived && "text-muted")}>{t.name}</span>
                  <Badge tone="brand">{KIND_LABELS[t.kind]}</Badge>
                  <span className="text-[12px] font-normal text-muted tabular-nums">v{t.version}</span>
                  {t.archived ? <Badge>Archived</Badge> : null}
                </p>
                <p className="mt-0.5 text-[13px] text-muted">
                  {renewalLabel(t.renewAfterDays)}
                  <span className="mx-1.5 text-faint">·</span>
                  {t.archived
                    ? "Not required while archived"
                    : required.length
                      ? `Required by ${required.join(", ")}`
                      : "Not required by any service yet"}
                </p>
              </div>
              <div className="flex shrink-0 items-center gap-1">
                <Button
                  variant="ghost"
                  size="sm"
                  onClick={() => setOpen(t)}
                  aria-label={`${canWrite ? "Edit" : "View"} ${t.name}`}
                >
                  {canWrite ? (
                    <Pencil className="size-3.5" aria-hidden="true" />
                  ) : (
                    <Eye className="size-3.5" aria-hidden="true" />
                  )}
                  {canWrite ? "Edit" : "View"}
                </Button>
                {canWrite ? (
                  <Button
                    variant="ghost"
                    size="sm"
                    busy={archive.isPending && archive.variables?.id === t.id}
                    onClick={() =>
                      archive.mutate(
                        { id: t.id, archive: !t.archived },
                        {
                          onSuccess: () =>
                            toast.success(t.archived ? `${t.name} restored` : `${t.name} archived`),
                          onError: (e) => toast.error(e),
                        },
                      )
                    }
                  >
                    {t.archived ? "Restore" : "Archive"}
                  </Button>
                ) : null}
              </div>
            </li>
          );
        })}
      </ul>
    );
  }

  return (
    <Card className="overflow-hidden">
      <CardHeader
        title="Consent forms"
        description="What patients sign before treatment. Signed copies always keep the exact text they signed."
        action={
          canWrite && all.length ? (
            <Button size="sm" variant="primary" onClick={() => setOpen("new")}>
              <Plus className="size-3.5" aria-hidden="true" /> Add form
            </Button>
          ) : null
        }
      />
      {body}
      {archivedCount ? (
        <div className="border-t border-line px-5 py-2.5">
          <label className="flex items-center gap-2 text-[13px] text-ink-soft">
            <input
              type="checkbox"
              className="size-4 accent-[var(--color-brand)]"
              checked={showArchived}
              onChange={(e) => setShowArchived(e.target.checked)}
            />
            Show archived ({archivedCount})
          </label>
        </div>
      ) : null}
      {open ? (
        <TemplateEditor
          key={open === "new" ? "new" : open.id}
          template={open === "new" ? null : open}
          readOnly={!canWrite}
          onClose={() => setOpen(null)}
        />
      ) : null}
    </Card>
  );
}
