import { useQuery } from "@tanstack/react-query";
import { Ban, Download } from "lucide-react";
import { type FormEvent, useEffect, useRef, useState } from "react";
import { asProblem } from "@/api/problem";
import { Button } from "@/components/ui/button";
import { Dialog, DialogContent } from "@/components/ui/dialog";
import { Field } from "@/components/ui/field";
import { Textarea } from "@/components/ui/input";
import { Skeleton } from "@/components/ui/skeleton";
import { ErrorState } from "@/components/ui/states";
import { useToast } from "@/components/ui/toast";
import { formatDateTime } from "@/lib/dates";
import { useCan, useMe } from "@/lib/session";
import { consentQuery, downloadConsentPdf, KIND_LABELS, type SignedConsent, useRevokeConsent } from "./api";
import { RevokedBadge } from "./consent-status";
import { ConsentText } from "./consent-text";
import { SignatureImage } from "./signature-image";

/** Opens a signed copy: the exact text, the signature, who and when, both hashes, the PDF. */
export function ConsentViewer({ consentId, onClose }: { consentId: string | null; onClose: () => void }) {
  return (
    <Dialog open={consentId !== null} onOpenChange={(open) => !open && onClose()}>
      {consentId ? <ViewerBody key={consentId} consentId={consentId} /> : null}
    </Dialog>
  );
}

function ViewerBody({ consentId }: { consentId: string }) {
  const copy = useQuery(consentQuery(consentId));
  if (copy.isPending) {
    return (
      <DialogContent title="Signed consent" className="sm:max-h-[80dvh] sm:max-w-2xl">
        <div className="flex flex-col gap-3" role="status" aria-label="Loading the signed consent">
          <Skeleton className="h-5 w-56" />
          <Skeleton className="h-40 w-full" />
          <Skeleton className="h-24 w-full" />
        </div>
      </DialogContent>
    );
  }
  if (copy.isError) {
    return (
      <DialogContent title="Signed consent" className="sm:max-w-2xl">
        <ErrorState error={copy.error} retry={() => void copy.refetch()} />
      </DialogContent>
    );
  }
  return <Viewer copy={copy.data} />;
}

function Detail({ label, children, mono }: { label: string; children: React.ReactNode; mono?: boolean }) {
  return (
    <div className="min-w-0">
      <dt className="text-xs font-medium text-muted">{label}</dt>
      <dd
        className={mono ? "mt-0.5 font-mono text-[11px] break-all text-ink-soft" : "mt-0.5 text-sm text-ink"}
      >
        {children}
      </dd>
    </div>
  );
}

function Viewer({ copy }: { copy: SignedConsent }) {
  const { clinic } = useMe();
  const canRevoke = useCan("consents:write") && !copy.revocation;
  const toast = useToast();
  const [downloading, setDownloading] = useState(false);
  const [revoking, setRevoking] = useState(false);
  const downloadButton = useRef<HTMLButtonElement>(null);
  const [refocus, setRefocus] = useState(false);
  // The form goes away when it is done: focus moves on to what is left to do, not the page.
  useEffect(() => {
    if (!refocus) return;
    downloadButton.current?.focus();
    setRefocus(false);
  }, [refocus]);
  const closeRevoke = () => {
    setRevoking(false);
    setRefocus(true);
  };
  const download = async () => {
    setDownloading(true);
    try {
      await downloadConsentPdf(copy.id);
    } catch (error) {
      toast.error(error, "Couldn’t download the PDF");
    } finally {
      setDownloading(false);
    }
  };
  const r = copy.revocation;
  return (
    <DialogContent
      title={copy.title}
      description={`${KIND_LABELS[copy.kind]} consent · version ${copy.version}`}
      className="sm:max-h-[84dvh] sm:max-w-2xl"
    >
      <div className="flex flex-col gap-5">
        {r ? (
          <div
            role="note"
            className="rounded-xl border border-danger/25 bg-danger-soft px-3.5 py-2.5 text-[13px]"
          >
            <p className="flex items-center gap-2 font-semibold text-danger">
              <RevokedBadge /> {formatDateTime(r.revokedAt, clinic.timezone)} by {r.revokedByName}
            </p>
            <p className="mt-1 text-ink">“{r.reason}”</p>
          </div>
        ) : null}
        <section
          aria-label="The text the patient signed"
          className="max-h-72 overflow-y-auto rounded-xl border border-line bg-canvas/50 px-4 py-3"
        >
          <ConsentText body={copy.body} />
        </section>
        <section aria-label="Signature" className="flex flex-col gap-2">
          {copy.strokes.length ? (
            <SignatureImage strokes={copy.strokes} label={`Signature of ${copy.signerName}`} />
          ) : (
            <p className="rounded-xl border border-line px-4 py-3 text-sm text-ink-soft">
              Signed by typing their full name:{" "}
              <span className="font-medium text-ink">{copy.signerName}</span>
            </p>
          )}
        </section>
        <dl className="grid grid-cols-1 gap-3 sm:grid-cols-2">
          <Detail label="Signed by">{copy.signerName}</Detail>
          <Detail label="Signed at">{formatDateTime(copy.signedAt, clinic.timezone)}</Detail>
          <Detail label="Witness">{copy.witnessName ?? "None: signed on the patient’s own phone"}</Detail>
          <Detail label="How">
            {copy.method === "drawn" ? "Drawn signature" : "Typed name"} ·{" "}
            {copy.channel === "in_clinic" ? "clinic’s device" : "patient’s own device"}
          </Detail>
          <Detail label="Text SHA-256" mono>
            {copy.bodySha256}
          </Detail>
          <Detail label="Signature SHA-256" mono>
            {copy.signatureSha256}
          </Detail>
        </dl>
        {revoking ? (
          <RevokeForm consentId={copy.id} onDone={closeRevoke} />
        ) : (
          <div className="flex flex-wrap justify-end gap-2">
            {canRevoke ? (
              <Button variant="ghost" className="text-danger" onClick={() => setRevoking(true)}>
                <Ban className="size-4" aria-hidden="true" /> Revoke…
              </Button>
            ) : null}
            <Button ref={downloadButton} variant="primary" onClick={() => void download()} busy={downloading}>
              <Download className="size-4" aria-hidden="true" /> Download PDF
            </Button>
          </div>
        )}
      </div>
    </DialogContent>
  );
}

function RevokeForm({ consentId, onDone }: { consentId: string; onDone: () => void }) {
  const revoke = useRevokeConsent();
  const toast = useToast();
  const [reason, setReason] = useState("");
  const problem = revoke.error ? asProblem(revoke.error) : null;
  const submit = (e: FormEvent) => {
    e.preventDefault();
    revoke.mutate(
      { id: consentId, reason: reason.trim() },
      {
        onSuccess: () => {
          toast.success("Consent revoked", "The copy is kept; the visit shows it as missing again.");
          onDone();
        },
      },
    );
  };
  return (
    <form onSubmit={submit} className="flex flex-col gap-3 rounded-xl border border-danger/25 p-4">
      <p className="text-sm text-ink-soft">
        Revoking keeps this copy exactly as signed and records why it no longer counts.
      </p>
      <Field
        label="Reason"
        error={problem?.field("reason") ?? (problem && !problem.fields.length ? problem.message : undefined)}
      >
        <Textarea
          autoFocus
          value={reason}
          onChange={(e) => setReason(e.target.value)}
          maxLength={500}
          placeholder="Signed by the wrong person, the wrong form…"
        />
      </Field>
      <div className="flex justify-end gap-2">
        <Button type="button" variant="ghost" onClick={onDone}>
          Keep it
        </Button>
        <Button type="submit" variant="danger" disabled={!reason.trim()} busy={revoke.isPending}>
          Revoke consent
        </Button>
      </div>
    </form>
  );
}
