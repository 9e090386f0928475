import { useQuery, useQueryClient } from "@tanstack/react-query";
import { Eraser, RefreshCw } from "lucide-react";
import { type FormEvent, useId, useState } from "react";
import { asProblem } from "@/api/problem";
import { Button } from "@/components/ui/button";
import { Input } from "@/components/ui/input";
import { Skeleton } from "@/components/ui/skeleton";
import { ErrorState } from "@/components/ui/states";
import { clinicRoot } from "@/lib/session";
import { type RequiredConsent, type SignedSummary, templateQuery, useSignConsent } from "./api";
import { ConsentText } from "./consent-text";
import { hasInk, type Stroke } from "./pad";
import { SignaturePad } from "./signature-pad";

/**
 * One consent for the patient: its text, their typed full name and their signature. The text is
 * exactly the version the visit requires; if the clinic changes it meanwhile the server refuses
 * the signature, and the new text is shown to read and sign instead.
 */
export function SigningStep({
  appointmentId,
  requirement,
  name,
  onNameChange,
  onSigned,
}: {
  appointmentId: string;
  requirement: RequiredConsent;
  name: string;
  onNameChange: (name: string) => void;
  onSigned: (signed: SignedSummary) => void;
}) {
  const client = useQueryClient();
  const template = useQuery(templateQuery(requirement.templateId));
  const sign = useSignConsent(appointmentId);
  const [strokes, setStrokes] = useState<Stroke[]>([]);
  const [changed, setChanged] = useState(false);
  const ids = useId();

  const version =
    template.data?.versions.find((v) => v.id === requirement.currentVersionId) ??
    (template.data?.template.versionId === requirement.currentVersionId
      ? {
          id: template.data.template.versionId,
          title: template.data.template.name,
          body: template.data.template.body,
          version: template.data.template.version,
        }
      : undefined);

  const problem = sign.error ? asProblem(sign.error) : null;
  const ready = name.trim().length > 1 && hasInk(strokes) && Boolean(version) && !sign.isPending;

  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (!version || !ready) return;
    sign.mutate(
      { templateVersionId: version.id, signerName: name.trim(), strokes },
      {
        onSuccess: onSigned,
        onError: (error) => {
          if (asProblem(error).code !== "consent_version_changed") return;
          // The clinic changed the text: show the new one, and ask for a fresh signature on it.
          setChanged(true);
          setStrokes([]);
          void client.invalidateQueries({ queryKey: [clinicRoot, "consents", "visit", appointmentId] });
          void client.invalidateQueries({ queryKey: templateQuery(requirement.templateId).queryKey });
        },
      },
    );
  };

  if (template.isError) {
    return <ErrorState error={template.error} retry={() => void template.refetch()} />;
  }

  return (
    <form onSubmit={submit} className="flex min-h-0 flex-1 flex-col gap-5" aria-labelledby={`${ids}-title`}>
      <div>
        <h1 id={`${ids}-title`} className="text-2xl font-semibold tracking-tight text-ink sm:text-3xl">
          {version?.title ?? requirement.name}
        </h1>
        <p className="mt-1 text-base text-muted">Please read it carefully before you sign.</p>
      </div>
      {changed ? (
        <p
          role="alert"
          className="flex items-start gap-2 rounded-xl border border-warning/30 bg-warning-soft px-4 py-3 text-base text-ink"
        >
          <RefreshCw className="mt-1 size-4 shrink-0 text-warning" aria-hidden="true" />
          The clinic has just updated this form. Please read the new text below and sign again.
        </p>
      ) : null}
      <section
        aria-label="Consent text"
        // biome-ignore lint/a11y/noNoninteractiveTabindex: the text scrolls on its own, and a scrolling region must take focus to scroll by keyboard
        tabIndex={0}
        className="min-h-48 flex-1 overflow-y-auto overscroll-contain rounded-2xl border border-line bg-surface px-6 py-5 shadow-card"
      >
        {version ? (
          <ConsentText body={version.body} size="lg" headingLevel={2} />
        ) : (
          <div className="flex flex-col gap-3" role="status" aria-label="Loading the consent">
            <Skeleton className="h-6 w-2/3" />
            <Skeleton className="h-4 w-full" />
            <Skeleton className="h-4 w-full" />
            <Skeleton className="h-4 w-5/6" />
          </div>
        )}
      </section>
      <div className="flex flex-col gap-2">
        <label htmlFor={`${ids}-name`} className="text-base font-medium text-ink">
          Your full name
        </label>
        <Input
          id={`${ids}-name`}
          value={name}
          onChange={(e) => onNameChange(e.target.value)}
          autoComplete="off"
          autoCapitalize="words"
          spellCheck={false}
          maxLength={200}
          aria-invalid={problem?.field("signerName") ? true : undefined}
          aria-describedby={problem?.field("signerName") ? `${ids}-name-error` : undefined}
          className="h-14 rounded-xl px-4 text-xl"
        />
        {problem?.field("signerName") ? (
          <p id={`${ids}-name-error`} className="text-base text-danger">
            {problem.field("signerName")}
          </p>
        ) : null}
      </div>
      <div className="flex flex-col gap-2">
        <div className="flex items-end justify-between gap-3">
          <div>
            <p id={`${ids}-pad-label`} className="text-base font-medium text-ink">
              Your signature
            </p>
            <p id={`${ids}-pad-help`} className="text-sm text-muted">
              Sign with your finger or a stylus inside the box.
            </p>
          </div>
          <Button
            type="button"
            size="lg"
            variant="ghost"
            onClick={() => setStrokes([])}
            disabled={!strokes.length}
          >
            <Eraser className="size-5" aria-hidden="true" /> Clear
          </Button>
        </div>
        <SignaturePad
          value={strokes}
          onChange={setStrokes}
          label="Signature pad"
          describedBy={`${ids}-pad-help`}
          disabled={!version || sign.isPending}
        />
        {problem?.field("strokes") ? (
          <p role="alert" className="text-base text-danger">
            {problem.field("strokes")}
          </p>
        ) : null}
      </div>
      {problem && !problem.fields.length && problem.code !== "consent_version_changed" ? (
        <p role="alert" className="rounded-xl bg-danger-soft px-4 py-3 text-base text-danger">
          {problem.message}
        </p>
      ) : null}
      <Button
        type="submit"
        variant="primary"
        size="lg"
        disabled={!ready}
        busy={sign.isPending}
        className="h-14 justify-center rounded-2xl text-lg"
      >
        I agree and sign
      </Button>
    </form>
  );
}
