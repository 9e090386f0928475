import { ChevronDown, History } from "lucide-react";
import { useState } from "react";
import { cn } from "@/lib/cn";
import { formatDateTime } from "@/lib/dates";
import { useMe } from "@/lib/session";
import type { TemplateVersion } from "./api";
import { ConsentText } from "./consent-text";

/** Every version of a form's text, newest first; each opens to show exactly what it said. */
export function VersionHistory({ versions }: { versions: TemplateVersion[] }) {
  const { clinic } = useMe();
  const [open, setOpen] = useState<string | null>(null);
  if (!versions.length) return null;
  return (
    <section aria-labelledby="version-history" className="flex flex-col gap-2">
      <h3 id="version-history" className="flex items-center gap-1.5 text-[13px] font-semibold text-ink-soft">
        <History className="size-4 text-muted" aria-hidden="true" /> Version history
      </h3>
      <ol className="divide-y divide-line overflow-hidden rounded-xl border border-line">
        {versions.map((v, i) => {
          const expanded = open === v.id;
          return (
            <li key={v.id}>
              <button
                type="button"
                aria-expanded={expanded}
                aria-controls={`version-${v.id}`}
                onClick={() => setOpen(expanded ? null : v.id)}
                className="flex w-full items-center gap-3 px-3 py-2.5 text-left hover:bg-canvas/70"
              >
                <span className="w-9 shrink-0 text-sm font-semibold text-ink tabular-nums">v{v.version}</span>
                <span className="min-w-0 flex-1">
                  <span className="block truncate text-[13px] text-ink">
                    {v.title}
                    {i === 0 ? (
                      <span className="ml-2 text-[12px] font-medium text-success">Current</span>
                    ) : null}
                  </span>
                  <span className="block truncate text-[12px] text-muted">
                    {formatDateTime(v.createdAt, clinic.timezone)}
                    {v.createdByName ? ` by ${v.createdByName}` : ""}
                  </span>
                </span>
                <span
                  className="hidden font-mono text-[11px] text-faint sm:inline"
                  title="SHA-256 of the text"
                >
                  {v.bodySha256.slice(0, 10)}
                </span>
                <ChevronDown
                  className={cn("size-4 shrink-0 text-muted transition-transform", expanded && "rotate-180")}
                  aria-hidden="true"
                />
              </button>
              {expanded ? (
                <div
                  id={`version-${v.id}`}
                  className="max-h-72 overflow-y-auto border-t border-line bg-canvas/50 px-4 py-3"
                >
                  <ConsentText body={v.body} />
                  <p className="mt-3 font-mono text-[11px] break-all text-faint">SHA-256 {v.bodySha256}</p>
                </div>
              ) : null}
            </li>
          );
        })}
      </ol>
    </section>
  );
}
