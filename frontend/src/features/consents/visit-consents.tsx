import { useQuery } from "@tanstack/react-query";
import { Link } from "@tanstack/react-router";
import { FileSignature, QrCode } from "lucide-react";
import { useState } from "react";
import { Button } from "@/components/ui/button";
import { Skeleton } from "@/components/ui/skeleton";
import { cn } from "@/lib/cn";
import { formatDateTime, formatTime } from "@/lib/dates";
import { useCan, useMe } from "@/lib/session";
import { dayOf } from "../calendar/time";
import { toSign, type VisitConsents, visitConsentsQuery } from "./api";
import { ConsentStatePill, requirementDetail } from "./consent-status";
import { ConsentViewer } from "./consent-viewer";
import { LinkDialog } from "./link-dialog";
import { SignedCopyRow } from "./signed-copy-row";

/** Where the patient signs the consents still to sign, on this device. */
function signingSearch(visit: VisitConsents) {
  return {
    templates: toSign(visit)
      .map((r) => r.templateId)
      .join(","),
  };
}

/**
 * A visit's consents: each one its service requires with where it stands, the way to collect
 * what is missing (on this iPad, or on the patient's phone), and what was signed at the visit.
 * Shown to anyone with `consents:read`; collecting and revoking need `consents:write`.
 */
export function VisitConsentsSection({
  appointmentId,
  signable = true,
  className,
}: {
  appointmentId: string;
  /** Whether signatures can still be taken (not for a cancelled visit). */
  signable?: boolean;
  className?: string;
}) {
  const canRead = useCan("consents:read");
  if (!canRead) return null;
  return <Section appointmentId={appointmentId} signable={signable} className={className} />;
}

function Section({
  appointmentId,
  signable,
  className,
}: {
  appointmentId: string;
  signable: boolean;
  className?: string | undefined;
}) {
  const [linkOpen, setLinkOpen] = useState(false);
  const visit = useQuery({ ...visitConsentsQuery(appointmentId), refetchInterval: linkOpen ? 4000 : false });
  return (
    <section aria-labelledby={`consents-${appointmentId}`} className={cn("flex flex-col gap-2.5", className)}>
      <div className="flex items-center justify-between gap-2">
        <h3 id={`consents-${appointmentId}`} className="text-[13px] font-semibold text-ink-soft">
          Consents
        </h3>
        {visit.data?.required.length ? (
          <span className={cn("text-[12px]", visit.data.allCurrent ? "text-success" : "text-muted")}>
            {visit.data.allCurrent ? "All signed" : `${toSign(visit.data).length} to sign`}
          </span>
        ) : null}
      </div>
      {visit.isPending ? (
        <div className="flex flex-col gap-2" role="status" aria-label="Loading consents">
          <Skeleton className="h-12 w-full" />
          <Skeleton className="h-12 w-full" />
        </div>
      ) : visit.isError ? (
        <div role="alert" className="rounded-lg bg-danger-soft px-3 py-2 text-[13px] text-danger">
          Consents didn’t load.{" "}
          <button type="button" className="font-medium underline" onClick={() => void visit.refetch()}>
            Try again
          </button>
        </div>
      ) : (
        <VisitConsentsBody
          visit={visit.data}
          signable={signable}
          linkOpen={linkOpen}
          onLinkOpenChange={setLinkOpen}
        />
      )}
    </section>
  );
}

function VisitConsentsBody({
  visit,
  signable,
  linkOpen,
  onLinkOpenChange,
}: {
  visit: VisitConsents;
  signable: boolean;
  linkOpen: boolean;
  onLinkOpenChange: (open: boolean) => void;
}) {
  const { clinic } = useMe();
  const canWrite = useCan("consents:write");
  const [viewing, setViewing] = useState<string | null>(null);
  const missing = toSign(visit);
  // At the visit the day goes without saying.
  const when = (iso: string) =>
    dayOf(iso, clinic.timezone) === dayOf(visit.visitAt, clinic.timezone)
      ? formatTime(iso, clinic.timezone)
      : formatDateTime(iso, clinic.timezone);
  if (!visit.required.length && !visit.signedHere.length) {
    return <p className="text-[13px] text-muted">{visit.serviceName} needs no consent forms.</p>;
  }
  return (
    <>
      {visit.required.length ? (
        <ul className="divide-y divide-line overflow-hidden rounded-xl border border-line">
          {visit.required.map((r) => (
            <li key={r.templateId} className="flex items-center gap-3 px-3 py-2.5">
              <div className="min-w-0 flex-1">
                <p className="truncate text-sm font-medium text-ink">{r.name}</p>
                <p className="truncate text-[12px] text-muted">{requirementDetail(r, clinic.timezone)}</p>
              </div>
              <ConsentStatePill state={r.state} />
            </li>
          ))}
        </ul>
      ) : null}
      {canWrite && signable && missing.length ? (
        <div className="flex flex-wrap gap-2">
          <Button asChild variant="primary" size="sm" className="flex-1 justify-center">
            <Link
              to="/sign/$appointmentId"
              params={{ appointmentId: visit.appointmentId }}
              search={signingSearch(visit)}
            >
              <FileSignature className="size-4" aria-hidden="true" /> Get signatures
            </Link>
          </Button>
          <Button size="sm" className="flex-1 justify-center" onClick={() => onLinkOpenChange(true)}>
            <QrCode className="size-4" aria-hidden="true" /> Sign on phone
          </Button>
        </div>
      ) : null}
      {visit.signedHere.length ? (
        <div className="flex flex-col gap-1.5">
          <h4 className="text-[12px] font-medium text-muted">Signed at this visit</h4>
          <ul className="flex flex-col gap-1.5">
            {visit.signedHere.map((s) => (
              <SignedCopyRow key={s.id} copy={s} when={when(s.signedAt)} onView={setViewing} />
            ))}
          </ul>
        </div>
      ) : null}
      <ConsentViewer consentId={viewing} onClose={() => setViewing(null)} />
      {canWrite ? <LinkDialog visit={visit} open={linkOpen} onOpenChange={onLinkOpenChange} /> : null}
    </>
  );
}
