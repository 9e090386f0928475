import { Link } from "@tanstack/react-router";
import { FileSignature, ShieldAlert, TriangleAlert } from "lucide-react";
import { type FormEvent, useEffect, useState } from "react";
import type { ApiProblem } from "@/api/problem";
import { Button } from "@/components/ui/button";
import { Card, CardHeader } from "@/components/ui/card";
import { Dialog, DialogContent } from "@/components/ui/dialog";
import { Field } from "@/components/ui/field";
import { Textarea } from "@/components/ui/input";
import { formatDateTime } from "@/lib/dates";
import { useCan, useMe } from "@/lib/session";
import type { ChartConsents, RequiredConsent } from "./api";
import { ConsentStatePill, requirementDetail } from "./consent-status";
import { ConsentViewer } from "./consent-viewer";
import { SignedCopyRow } from "./signed-copy-row";

export function notCurrent(consents: ChartConsents | undefined): RequiredConsent[] {
  return consents?.required.filter((r) => r.state !== "current") ?? [];
}

/**
 * On a draft chart whose visit lacks a required consent: what is missing, and the way to get it
 * signed before treatment (patient signing mode, back to this chart afterwards).
 */
export function ChartConsentsWarning({
  chartId,
  appointmentId,
  consents,
}: {
  chartId: string;
  appointmentId: string | undefined;
  consents: ChartConsents;
}) {
  const { clinic } = useMe();
  const canCollect = useCan("consents:write");
  const missing = notCurrent(consents);
  if (!missing.length) return null;
  return (
    <div
      role="alert"
      className="flex flex-wrap items-start gap-3 rounded-xl border border-warning/35 bg-warning-soft px-4 py-3"
    >
      <TriangleAlert className="mt-0.5 size-5 shrink-0 text-warning" aria-hidden="true" />
      <div className="min-w-0 flex-1">
        <p className="text-sm font-semibold text-ink">
          {missing.length === 1 ? "A consent isn’t signed" : `${missing.length} consents aren’t signed`} for
          this visit
        </p>
        <ul className="mt-1.5 flex flex-col gap-1">
          {missing.map((r) => (
            <li key={r.templateId} className="flex flex-wrap items-center gap-2 text-[13px] text-ink-soft">
              <ConsentStatePill state={r.state} />
              <span className="font-medium text-ink">{r.name}</span>
              <span className="text-muted">{requirementDetail(r, clinic.timezone)}</span>
            </li>
          ))}
        </ul>
      </div>
      {canCollect && appointmentId ? (
        <Button asChild variant="primary" size="sm" className="self-center">
          <Link
            to="/sign/$appointmentId"
            params={{ appointmentId }}
            search={{ templates: missing.map((r) => r.templateId).join(","), returnTo: `/charts/${chartId}` }}
          >
            <FileSignature className="size-4" aria-hidden="true" /> Get signatures
          </Link>
        </Button>
      ) : null}
    </div>
  );
}

/** The reason a provider went ahead without every consent, shown to whoever reviews the chart. */
export function OverrideReason({ reason }: { reason: string }) {
  return (
    <div
      role="note"
      className="flex items-start gap-3 rounded-xl border border-danger/25 bg-danger-soft px-4 py-3 text-[13px]"
    >
      <ShieldAlert className="mt-0.5 size-5 shrink-0 text-danger" aria-hidden="true" />
      <div>
        <p className="text-sm font-semibold text-danger">Submitted without every required consent</p>
        <p className="mt-0.5 text-ink">
          <span className="text-muted">Provider’s reason: </span>“{reason}”
        </p>
      </div>
    </div>
  );
}

/** The consents a chart rests on: fixed at submission, and covered by the director's signature. */
export function ChartConsentsCard({ consents, draft }: { consents: ChartConsents; draft: boolean }) {
  const { clinic } = useMe();
  const [viewing, setViewing] = useState<string | null>(null);
  if (!consents.required.length && !consents.reliedOn.length) return null;
  return (
    <Card role="region" aria-label="Consents">
      <CardHeader
        title="Consents"
        description={draft ? "What this chart will rest on when submitted." : "What this chart rests on."}
      />
      <div className="flex flex-col gap-3 p-4">
        {consents.required.length ? (
          <ul className="flex flex-col gap-1.5" aria-label="Required for this visit">
            {consents.required.map((r) => (
              <li key={r.templateId} className="flex items-center gap-2">
                <span className="min-w-0 flex-1 truncate text-[13px] text-ink">{r.name}</span>
                <ConsentStatePill state={r.state} />
              </li>
            ))}
          </ul>
        ) : null}
        {consents.reliedOn.length ? (
          <ul className="flex flex-col gap-1.5" aria-label="Signed copies">
            {consents.reliedOn.map((s) => (
              <SignedCopyRow
                key={s.id}
                copy={s}
                when={formatDateTime(s.signedAt, clinic.timezone)}
                onView={setViewing}
              />
            ))}
          </ul>
        ) : (
          <p className="text-[13px] text-muted">No signed consents.</p>
        )}
      </div>
      <ConsentViewer consentId={viewing} onClose={() => setViewing(null)} />
    </Card>
  );
}

/** Asked before submitting a chart whose consents aren't all current: why go ahead anyway. */
export function ConsentOverrideDialog({
  open,
  onOpenChange,
  missing,
  busy,
  problem,
  onSubmit,
}: {
  open: boolean;
  onOpenChange: (open: boolean) => void;
  missing: string[];
  busy: boolean;
  problem: ApiProblem | null;
  onSubmit: (reason: string) => void;
}) {
  const [reason, setReason] = useState("");
  useEffect(() => {
    if (open) setReason("");
  }, [open]);
  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (reason.trim()) onSubmit(reason.trim());
  };
  const fieldError =
    problem?.code === "consent_missing" ? undefined : problem?.field("consentOverrideReason");
  const general = problem && problem.code !== "consent_missing" && !fieldError ? problem.message : undefined;
  return (
    <Dialog open={open} onOpenChange={onOpenChange}>
      <DialogContent
        title="Submit without every consent?"
        description="The medical director sees your reason with the chart, and it is kept in the audit log."
      >
        <form onSubmit={submit} className="flex flex-col gap-4">
          {missing.length ? (
            <div className="rounded-lg bg-warning-soft px-3 py-2 text-[13px] text-ink">
              <p className="font-medium">Not signed and current:</p>
              <ul className="mt-1 list-disc pl-5">
                {missing.map((m) => (
                  <li key={m}>{m}</li>
                ))}
              </ul>
            </div>
          ) : problem?.code === "consent_missing" ? (
            <p className="rounded-lg bg-warning-soft px-3 py-2 text-[13px] text-ink">{problem.message}</p>
          ) : null}
          <Field label="Why did treatment go ahead?" error={fieldError ?? general}>
            <Textarea
              autoFocus
              value={reason}
              onChange={(e) => setReason(e.target.value)}
              maxLength={1000}
              placeholder="Patient consented verbally; paper form scanned to the record…"
            />
          </Field>
          <div className="flex justify-end gap-2">
            <Button type="button" variant="ghost" onClick={() => onOpenChange(false)}>
              Cancel
            </Button>
            <Button type="submit" variant="primary" disabled={!reason.trim()} busy={busy}>
              Submit with this reason
            </Button>
          </div>
        </form>
      </DialogContent>
    </Dialog>
  );
}
