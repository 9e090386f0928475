import { Ban, FileSignature } from "lucide-react";
import { useState } from "react";
import { Badge } from "@/components/ui/badge";
import { cn } from "@/lib/cn";
import { formatDateTime } from "@/lib/dates";
import type { ConsentTimelineEntry } from "./api";
import { ConsentViewer } from "./consent-viewer";

/** A consent signed or revoked, on the patient's timeline; it opens the signed copy. */
export function ConsentTimelineItem({ entry, timeZone }: { entry: ConsentTimelineEntry; timeZone: string }) {
  const [open, setOpen] = useState(false);
  const revocation = entry.kind === "consent_revoked";
  const laterRevoked = entry.kind === "consent_signed" && entry.revoked;
  return (
    <li className="relative flex gap-4 pb-5 last:pb-0">
      <span className="absolute top-8 bottom-0 left-[15px] w-px bg-line" aria-hidden="true" />
      <span
        className={cn(
          "relative flex size-8 shrink-0 items-center justify-center rounded-full ring-1 ring-line",
          revocation ? "bg-danger-soft text-danger" : "bg-success-soft text-success",
        )}
        aria-hidden="true"
      >
        {revocation ? <Ban className="size-4" /> : <FileSignature className="size-4" />}
      </span>
      <button
        type="button"
        onClick={() => setOpen(true)}
        className="min-w-0 flex-1 rounded-xl border border-line bg-surface px-4 py-3 text-left transition-colors hover:border-line-strong"
      >
        <div className="flex flex-wrap items-center justify-between gap-2">
          <p className="text-sm font-medium text-ink">
            <span className={cn(laterRevoked && "text-muted line-through")}>{entry.title}</span>{" "}
            {revocation ? "revoked" : "signed"}
          </p>
          {revocation ? (
            <Badge tone="danger">Revoked</Badge>
          ) : laterRevoked ? (
            <Badge>Later revoked</Badge>
          ) : (
            <Badge tone="success">Consent</Badge>
          )}
        </div>
        <p className="mt-1 text-[13px] text-muted">
          {entry.kind === "consent_revoked"
            ? `${formatDateTime(entry.at, timeZone)} by ${entry.revokedByName}: “${entry.reason}”`
            : [
                formatDateTime(entry.at, timeZone),
                `signed by ${entry.signerName}`,
                entry.witnessName ? `witnessed by ${entry.witnessName}` : "on their own phone",
              ].join(" · ")}
        </p>
      </button>
      <ConsentViewer consentId={open ? entry.consentId : null} onClose={() => setOpen(false)} />
    </li>
  );
}
