import { useQuery } from "@tanstack/react-query";
import { Download, FileSignature } from "lucide-react";
import { useState } from "react";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Skeleton } from "@/components/ui/skeleton";
import { EmptyState, ErrorState } from "@/components/ui/states";
import { useToast } from "@/components/ui/toast";
import { cn } from "@/lib/cn";
import { formatDateTime } from "@/lib/dates";
import { useMe } from "@/lib/session";
import { downloadConsentPdf, KIND_LABELS, patientConsentsQuery, type SignedSummary } from "./api";
import { RevokedBadge, signedLine } from "./consent-status";
import { ConsentViewer } from "./consent-viewer";
import { VisitConsentsSection } from "./visit-consents";

/** A patient's consents: where their next visit stands, and every copy they ever signed. */
export function PatientConsents({ patientId }: { patientId: string }) {
  const consents = useQuery(patientConsentsQuery(patientId));
  const { clinic } = useMe();
  const [viewing, setViewing] = useState<string | null>(null);
  if (consents.isPending) {
    return (
      <div className="flex flex-col gap-3 p-5" role="status" aria-label="Loading consents">
        <Skeleton className="h-24 w-full" />
        <Skeleton className="h-14 w-full" />
        <Skeleton className="h-14 w-full" />
      </div>
    );
  }
  if (consents.isError) return <ErrorState error={consents.error} retry={() => void consents.refetch()} />;
  const { signed, nextVisit } = consents.data;
  return (
    <div className="flex flex-col divide-y divide-line">
      {nextVisit ? (
        <div className="px-5 py-4">
          <p className="mb-3 text-[13px] text-muted">
            Next visit: <span className="font-medium text-ink">{nextVisit.serviceName}</span>,{" "}
            {formatDateTime(nextVisit.visitAt, clinic.timezone)}
          </p>
          <VisitConsentsSection appointmentId={nextVisit.appointmentId} className="max-w-xl" />
        </div>
      ) : null}
      <section aria-labelledby="signed-copies" className="px-5 py-4">
        <h3 id="signed-copies" className="mb-3 text-[13px] font-semibold text-ink-soft">
          Signed copies
        </h3>
        {signed.length === 0 ? (
          <EmptyState
            icon={FileSignature}
            title="Nothing signed yet"
            body="Consents signed at a visit, on the clinic’s iPad or the patient’s phone, are kept here."
          />
        ) : (
          <ul className="flex flex-col gap-2">
            {signed.map((s) => (
              <SignedRow key={s.id} copy={s} timeZone={clinic.timezone} onView={() => setViewing(s.id)} />
            ))}
          </ul>
        )}
      </section>
      <ConsentViewer consentId={viewing} onClose={() => setViewing(null)} />
    </div>
  );
}

function SignedRow({
  copy,
  timeZone,
  onView,
}: {
  copy: SignedSummary;
  timeZone: string;
  onView: () => void;
}) {
  const toast = useToast();
  const [busy, setBusy] = useState(false);
  const r = copy.revocation;
  const download = async () => {
    setBusy(true);
    try {
      await downloadConsentPdf(copy.id);
    } catch (error) {
      toast.error(error, "Couldn’t download the PDF");
    } finally {
      setBusy(false);
    }
  };
  return (
    <li className="flex flex-wrap items-center gap-3 rounded-xl border border-line px-4 py-3 sm:flex-nowrap">
      <div className="min-w-0 flex-1">
        <p className="flex flex-wrap items-center gap-2 text-sm font-medium text-ink">
          <span className={cn(r && "text-muted line-through")}>{copy.title}</span>
          <span className="text-[12px] font-normal text-muted">v{copy.version}</span>
          <Badge>{KIND_LABELS[copy.kind]}</Badge>
          {r ? <RevokedBadge /> : null}
        </p>
        <p className={cn("mt-0.5 text-[13px] text-muted", r && "line-through")}>
          {signedLine(copy, formatDateTime(copy.signedAt, timeZone))}
        </p>
        {r ? (
          <p className="mt-0.5 text-[13px] text-danger">
            Revoked {formatDateTime(r.revokedAt, timeZone)} by {r.revokedByName}: “{r.reason}”
          </p>
        ) : null}
      </div>
      <div className="flex shrink-0 items-center gap-1">
        <Button size="sm" variant="ghost" onClick={onView} aria-label={`View ${copy.title}`}>
          View
        </Button>
        <Button
          size="sm"
          variant="ghost"
          busy={busy}
          onClick={() => void download()}
          aria-label={`Download ${copy.title} as PDF`}
        >
          {busy ? null : <Download className="size-4" aria-hidden="true" />}
          PDF
        </Button>
      </div>
    </li>
  );
}
