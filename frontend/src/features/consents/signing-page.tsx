import { useQuery } from "@tanstack/react-query";
import { getRouteApi, useBlocker, useNavigate } from "@tanstack/react-router";
import { CheckCircle2, Lock } from "lucide-react";
import { useEffect, useRef, useState } from "react";
import { Button } from "@/components/ui/button";
import { Skeleton } from "@/components/ui/skeleton";
import { ErrorState } from "@/components/ui/states";
import { cn } from "@/lib/cn";
import { useMe } from "@/lib/session";
import { dayOf } from "../calendar/time";
import { type RequiredConsent, toSign, type VisitConsents, visitConsentsQuery } from "./api";
import { HandBackDialog } from "./hand-back-dialog";
import { SigningStep } from "./signing-step";

const route = getRouteApi("/kiosk/sign/$appointmentId");

/** The consents this session asks for, fixed when it starts so signing one doesn't reshuffle. */
function queueOf(visit: VisitConsents, templates: string | undefined): string[] {
  const asked = templates?.split(",").filter(Boolean) ?? [];
  const pool = asked.length ? visit.required.filter((r) => asked.includes(r.templateId)) : toSign(visit);
  return pool.map((r) => r.templateId);
}

/**
 * Patient signing mode: full screen, nothing of the clinic's records, one consent at a time in
 * large type. Leaving (back button, reload, a typed address) is held until a staff member
 * enters their password.
 */
export function SigningPage() {
  const { appointmentId } = route.useParams();
  const { templates, returnTo } = route.useSearch();
  const { clinic } = useMe();
  const navigate = useNavigate();
  const visit = useQuery(visitConsentsQuery(appointmentId));
  const [queue, setQueue] = useState<string[] | null>(null);
  const [step, setStep] = useState(0);
  const [name, setName] = useState("");
  const [handingBack, setHandingBack] = useState(false);
  const released = useRef(false);

  useEffect(() => {
    if (visit.data && queue === null) setQueue(queueOf(visit.data, templates));
  }, [visit.data, queue, templates]);

  const blocker = useBlocker({
    // A session that ended still goes to sign-in: that is a staff-only door too.
    shouldBlockFn: ({ next }) => !released.current && next.pathname !== "/login",
    enableBeforeUnload: () => !released.current,
    withResolver: true,
  });
  useEffect(() => {
    if (blocker.status === "blocked") {
      blocker.reset();
      setHandingBack(true);
    }
  }, [blocker]);

  const leave = () => {
    released.current = true;
    setHandingBack(false);
    if (returnTo) {
      void navigate({ to: returnTo });
      return;
    }
    const date = visit.data ? dayOf(visit.data.visitAt, clinic.timezone) : undefined;
    void navigate({ to: "/calendar", search: { appt: appointmentId, date } });
  };

  const current: RequiredConsent | undefined =
    queue && visit.data ? visit.data.required.find((r) => r.templateId === queue[step]) : undefined;
  const done = queue !== null && step >= queue.length;

  let body: React.ReactNode;
  if (visit.isError) {
    body = <ErrorState error={visit.error} retry={() => void visit.refetch()} />;
  } else if (!visit.data || queue === null) {
    body = (
      <div className="flex flex-col gap-4" role="status" aria-label="Loading">
        <Skeleton className="h-9 w-2/3" />
        <Skeleton className="h-80 w-full" />
        <Skeleton className="h-14 w-full" />
      </div>
    );
  } else if (done || !current) {
    body = <ThankYou signed={queue.length} onHandBack={() => setHandingBack(true)} />;
  } else {
    body = (
      <SigningStep
        key={current.templateId}
        appointmentId={appointmentId}
        requirement={current}
        name={name}
        onNameChange={setName}
        onSigned={() => {
          setStep((s) => s + 1);
          window.scrollTo({ top: 0 });
        }}
      />
    );
  }

  return (
    <div className="flex min-h-dvh flex-col bg-canvas">
      <header className="flex h-16 shrink-0 items-center justify-between gap-4 border-b border-line bg-surface px-4 sm:px-8">
        <p className="min-w-0 truncate text-base font-semibold text-ink">{clinic.name}</p>
        {queue && queue.length > 1 && !done ? <Progress step={step} total={queue.length} /> : <span />}
        {done ? (
          <span />
        ) : (
          <Button variant="ghost" size="sm" onClick={() => setHandingBack(true)}>
            <Lock className="size-3.5" aria-hidden="true" /> Hand back
          </Button>
        )}
      </header>
      <main className="mx-auto flex w-full max-w-3xl flex-1 flex-col px-4 py-6 sm:px-8 sm:py-8">
        {visit.data && !done ? (
          <p className="mb-4 text-base text-muted">
            For <span className="font-medium text-ink">{visit.data.patientName}</span> ·{" "}
            {visit.data.serviceName}
          </p>
        ) : null}
        {body}
      </main>
      <HandBackDialog open={handingBack} onOpenChange={setHandingBack} onConfirmed={leave} />
    </div>
  );
}

function Progress({ step, total }: { step: number; total: number }) {
  return (
    <div className="flex items-center gap-3">
      <div className="hidden items-center gap-1.5 sm:flex" aria-hidden="true">
        {Array.from({ length: total }, (_, i) => `dot-${i}`).map((key, i) => (
          <span
            key={key}
            className={cn(
              "h-1.5 rounded-full transition-all",
              i < step ? "w-6 bg-brand" : i === step ? "w-10 bg-brand" : "w-6 bg-line-strong",
            )}
          />
        ))}
      </div>
      <p className="text-base font-medium text-ink tabular-nums" aria-live="polite">
        {step + 1} of {total}
      </p>
    </div>
  );
}

function ThankYou({ signed, onHandBack }: { signed: number; onHandBack: () => void }) {
  const heading = useRef<HTMLHeadingElement>(null);
  useEffect(() => heading.current?.focus(), []);
  return (
    <div className="flex flex-1 flex-col items-center justify-center gap-6 py-16 text-center">
      <span className="flex size-20 items-center justify-center rounded-full bg-success-soft text-success">
        <CheckCircle2 className="size-10" aria-hidden="true" />
      </span>
      <div>
        <h1
          ref={heading}
          tabIndex={-1}
          className="text-3xl font-semibold tracking-tight text-ink outline-none"
        >
          {signed ? "Thank you — please hand the iPad back" : "Nothing to sign — please hand the iPad back"}
        </h1>
        <p className="mt-3 text-lg text-muted">
          {signed === 0
            ? "There is nothing left to sign."
            : signed === 1
              ? "Your consent is signed and saved."
              : `${signed === 2 ? "Both" : `All ${signed}`} consents are signed and saved.`}
        </p>
      </div>
      <Button size="lg" onClick={onHandBack}>
        <Lock className="size-4" aria-hidden="true" /> Staff: hand back
      </Button>
    </div>
  );
}
