import { useQuery } from "@tanstack/react-query";
import { Link, useNavigate, useParams } from "@tanstack/react-router";
import {
  AlertTriangle,
  ArrowLeft,
  BadgeCheck,
  CheckCircle2,
  CircleAlert,
  Lock,
  MessageSquareWarning,
  Receipt,
  ShieldCheck,
  XCircle,
} from "lucide-react";
import { type ReactNode, useEffect, useRef, useState } from "react";
import { asProblem } from "@/api/problem";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Card, CardHeader } from "@/components/ui/card";
import { Textarea } from "@/components/ui/input";
import { Skeleton } from "@/components/ui/skeleton";
import { ErrorState } from "@/components/ui/states";
import { useToast } from "@/components/ui/toast";
import { formatDateTime } from "@/lib/dates";
import { useCan, useMe } from "@/lib/session";
import { useCheckout } from "../billing/invoice-api";
import { ChartConsentsCard, ChartConsentsWarning, OverrideReason } from "../consents/chart-consents";
import { allergiesQuery } from "../patients/api";
import {
  type Chart,
  chartQuery,
  KIND_LABELS,
  STATUS_LABELS,
  useAddAddendum,
  useSaveChart,
  verifyQuery,
} from "./api";
import { AreasCard, EntriesCard, TotalsCard } from "./entries";
import { PhotosCard } from "./photos";
import { SubmitForSignoff } from "./submit";

const STATUS_TONE = { draft: "neutral", needs_signoff: "warning", md_signed: "success" } as const;

export function ChartPage() {
  const { chartId } = useParams({ from: "/app/charts/$chartId" });
  const chart = useQuery(chartQuery(chartId));
  if (chart.isPending) return <ChartSkeleton />;
  if (chart.isError) {
    return (
      <div className="p-8">
        <ErrorState error={chart.error} retry={() => void chart.refetch()} />
      </div>
    );
  }
  return <ChartDocument chart={chart.data} />;
}

function ChartSkeleton() {
  return (
    <div
      className="mx-auto flex max-w-6xl flex-col gap-4 px-4 py-8 sm:px-8"
      role="status"
      aria-label="Loading the chart"
    >
      <Skeleton className="h-8 w-72" />
      <Skeleton className="h-4 w-96" />
      <div className="grid gap-4 lg:grid-cols-[1fr_22rem]">
        <Skeleton className="h-64 w-full" />
        <Skeleton className="h-64 w-full" />
      </div>
    </div>
  );
}

/** The allergy strip: always in view while charting or reviewing. */
function Allergies({ patientId }: { patientId: string }) {
  const canRead = useCan("patient_medical:read");
  const allergies = useQuery({ ...allergiesQuery(patientId), enabled: canRead });
  if (!allergies.data?.length) return null;
  return (
    <div
      role="alert"
      className="flex items-start gap-2 rounded-xl border border-danger/25 bg-danger-soft px-3.5 py-2.5 text-[13px]"
    >
      <AlertTriangle className="mt-0.5 size-4 shrink-0 text-danger" aria-hidden="true" />
      <p>
        <span className="font-semibold text-danger">Allergies: </span>
        {allergies.data
          .map((a) => `${a.substance}${a.severity !== "unknown" ? ` (${a.severity})` : ""}`)
          .join(", ")}
      </p>
    </div>
  );
}

type SaveState = "idle" | "saving" | "saved" | "error";

/** A notes field that saves itself a moment after typing stops, and on leaving the field. */
function AutosaveNotes({
  chart,
  field,
  label,
  placeholder,
  onState,
}: {
  chart: Chart;
  field: "technique" | "aftercare";
  label: string;
  placeholder: string;
  onState: (s: SaveState) => void;
}) {
  const save = useSaveChart(chart.id);
  const [value, setValue] = useState(chart[field] ?? "");
  const last = useRef(chart[field] ?? "");
  const timer = useRef<number | undefined>(undefined);
  const flush = (text: string) => {
    window.clearTimeout(timer.current);
    if (text === last.current) return;
    onState("saving");
    save.mutate(
      { [field]: text.trim() ? text : null },
      {
        onSuccess: () => {
          last.current = text;
          onState("saved");
        },
        onError: () => onState("error"),
      },
    );
  };
  const flushRef = useRef(flush);
  flushRef.current = flush;
  const valueRef = useRef(value);
  valueRef.current = value;
  // Leaving the page saves what was typed.
  useEffect(() => () => flushRef.current(valueRef.current), []);

  if (!chart.canEdit) {
    return (
      <section>
        <h3 className="text-[13px] font-semibold text-ink-soft">{label}</h3>
        <p className="mt-1 text-sm whitespace-pre-wrap text-ink">{chart[field] || "—"}</p>
      </section>
    );
  }
  return (
    <div className="flex flex-col gap-1.5">
      <label htmlFor={`${field}-${chart.id}`} className="text-[13px] font-semibold text-ink-soft">
        {label}
      </label>
      <Textarea
        id={`${field}-${chart.id}`}
        value={value}
        placeholder={placeholder}
        maxLength={5000}
        onChange={(e) => {
          const text = e.target.value;
          setValue(text);
          onState("idle");
          window.clearTimeout(timer.current);
          timer.current = window.setTimeout(() => flushRef.current(text), 800);
        }}
        onBlur={() => flush(value)}
        className="min-h-24"
      />
    </div>
  );
}

function SaveIndicator({ state }: { state: SaveState }) {
  if (state === "idle") return null;
  const text = { saving: "Saving…", saved: "Saved", error: "Not saved — check your connection" }[state];
  return (
    <span role="status" className={state === "error" ? "text-[13px] text-danger" : "text-[13px] text-muted"}>
      {text}
    </span>
  );
}

function Signature({ chart }: { chart: Chart }) {
  const { clinic } = useMe();
  const verify = useQuery(verifyQuery(chart.id));
  const s = chart.signature;
  if (!s) return null;
  return (
    <Card className="border-success/30">
      <div className="flex flex-wrap items-start gap-3 p-4">
        <BadgeCheck className="mt-0.5 size-5 shrink-0 text-success" aria-hidden="true" />
        <div className="min-w-0 flex-1">
          <p className="text-sm font-semibold text-ink">Signed by {s.signerName}, medical director</p>
          <p className="text-[13px] text-muted">{formatDateTime(s.signedAt, clinic.timezone)}</p>
          <p className="mt-1 font-mono text-[11px] break-all text-faint" title="SHA-256 of the signed record">
            {s.recordHash}
          </p>
          {verify.data ? (
            <p className="mt-2 flex items-center gap-1.5 text-[13px] font-medium" role="status">
              {verify.data.matches ? (
                <>
                  <CheckCircle2 className="size-4 text-success" aria-hidden="true" />
                  <span className="text-success">Verified: the record is exactly as signed</span>
                </>
              ) : (
                <>
                  <XCircle className="size-4 text-danger" aria-hidden="true" />
                  <span className="text-danger">
                    Doesn’t match what was signed:{" "}
                    {verify.data.checks
                      .filter((c) => !c.matches)
                      .map((c) => c.what)
                      .join(", ")}
                  </span>
                </>
              )}
            </p>
          ) : verify.isError ? (
            <p className="mt-2 text-[13px] text-danger">{asProblem(verify.error).message}</p>
          ) : null}
        </div>
        <Button size="sm" onClick={() => void verify.refetch()} busy={verify.isFetching}>
          <ShieldCheck className="size-4" aria-hidden="true" /> Verify
        </Button>
      </div>
    </Card>
  );
}

function Addenda({ chart }: { chart: Chart }) {
  const { clinic } = useMe();
  const canWrite = useCan("charts:write");
  const add = useAddAddendum(chart.id);
  const toast = useToast();
  const [text, setText] = useState("");
  if (chart.status !== "md_signed") return null;
  return (
    <Card>
      <CardHeader title="Addenda" description="Corrections and later notes, each signed by its author." />
      <div className="flex flex-col gap-3 p-4">
        {chart.addenda.length === 0 ? <p className="text-sm text-muted">None.</p> : null}
        {chart.addenda.map((a) => (
          <div key={a.id} className="rounded-lg border border-line p-3">
            <p className="text-sm whitespace-pre-wrap text-ink">{a.body}</p>
            <p className="mt-1.5 text-[12px] text-muted">
              Signed by {a.authorName} · {formatDateTime(a.createdAt, clinic.timezone)}
            </p>
          </div>
        ))}
        {canWrite ? (
          <form
            className="flex flex-col gap-2"
            onSubmit={(e) => {
              e.preventDefault();
              add.mutate(text, {
                onSuccess: () => {
                  setText("");
                  toast.success("Addendum signed and added");
                },
                onError: (err) => toast.error(err, "Couldn’t add the addendum"),
              });
            }}
          >
            <Textarea
              aria-label="New addendum"
              placeholder="Add a correction or a later note"
              value={text}
              onChange={(e) => setText(e.target.value)}
              maxLength={5000}
            />
            <Button type="submit" size="sm" className="self-end" disabled={!text.trim()} busy={add.isPending}>
              Sign and add
            </Button>
          </form>
        ) : null}
      </div>
    </Card>
  );
}

/** Straight from the chart to the visit's invoice, with what was charted already on it. */
function CheckoutButton({ chart }: { chart: Chart }) {
  const canWrite = useCan("invoices:write");
  const checkout = useCheckout();
  const navigate = useNavigate();
  const toast = useToast();
  const appointmentId = chart.appointmentId;
  if (!canWrite || !appointmentId) return null;
  return (
    <Button
      variant={chart.status === "draft" ? "secondary" : "primary"}
      busy={checkout.isPending}
      onClick={() =>
        checkout.mutate(appointmentId, {
          onSuccess: (invoice) =>
            void navigate({ to: "/invoices/$invoiceId", params: { invoiceId: invoice.id } }),
          onError: (e) => toast.error(e, "Couldn’t check out"),
        })
      }
    >
      {checkout.isPending ? null : <Receipt className="size-4" aria-hidden="true" />} Check out
    </Button>
  );
}

/** The chart itself: header, content, photos, and what can be done with it. `actions` replaces
 * the provider's submit button (the medical director's review puts sign and return there). */
export function ChartDocument({ chart, actions }: { chart: Chart; actions?: ReactNode }) {
  const { clinic } = useMe();
  const [saveState, setSaveState] = useState<SaveState>("idle");
  const lastReturn = chart.returns.at(-1);

  return (
    <div className="mx-auto flex max-w-6xl flex-col gap-4 px-4 pt-5 pb-16 sm:px-8">
      <Link
        to="/patients/$patientId"
        params={{ patientId: chart.patientId }}
        className="flex items-center gap-1.5 self-start text-[13px] font-medium text-muted hover:text-ink"
      >
        <ArrowLeft className="size-4" aria-hidden="true" /> {chart.patientFirstName} {chart.patientLastName}
      </Link>
      <div className="flex flex-wrap items-start justify-between gap-3">
        <div className="min-w-0">
          <h1 className="text-xl font-semibold tracking-tight text-ink sm:text-2xl">
            {chart.patientPreferredName || chart.patientFirstName} {chart.patientLastName}
          </h1>
          <p className="mt-1 text-sm text-muted">
            {KIND_LABELS[chart.templateKind]} chart
            {chart.serviceName ? ` · ${chart.serviceName}` : ""} ·{" "}
            {formatDateTime(chart.visitAt ?? chart.createdAt, clinic.timezone)} · {chart.providerName}
          </p>
        </div>
        <div className="flex flex-wrap items-center gap-2">
          <SaveIndicator state={saveState} />
          <Badge tone={STATUS_TONE[chart.status]}>
            {chart.status === "draft" ? null : <Lock className="size-3" aria-hidden="true" />}
            {STATUS_LABELS[chart.status]}
          </Badge>
          {actions ?? (
            <>
              <CheckoutButton chart={chart} />
              {chart.canSubmit ? <SubmitForSignoff chart={chart} /> : null}
            </>
          )}
        </div>
      </div>
      <Allergies patientId={chart.patientId} />
      {chart.status === "draft" && lastReturn ? (
        <div className="flex items-start gap-2 rounded-xl border border-warning/30 bg-warning-soft px-3.5 py-2.5 text-[13px]">
          <MessageSquareWarning className="mt-0.5 size-4 shrink-0 text-warning" aria-hidden="true" />
          <p>
            <span className="font-semibold text-warning">Returned by {lastReturn.returnedByName}: </span>
            {lastReturn.comment}
          </p>
        </div>
      ) : null}
      {chart.status === "needs_signoff" && !actions ? (
        <p className="flex items-center gap-2 text-[13px] text-muted">
          <CircleAlert className="size-4" aria-hidden="true" /> Waiting for the medical director. It can’t
          change until it is signed or returned.
        </p>
      ) : null}
      {chart.status === "draft" && chart.consents && !chart.consents.allCurrent ? (
        <ChartConsentsWarning
          chartId={chart.id}
          appointmentId={chart.appointmentId}
          consents={chart.consents}
        />
      ) : null}
      {chart.status !== "draft" && chart.consents?.overrideReason ? (
        <OverrideReason reason={chart.consents.overrideReason} />
      ) : null}
      <Signature chart={chart} />
      <div className="grid items-start gap-4 lg:grid-cols-[minmax(0,1fr)_22rem]">
        <div className="flex min-w-0 flex-col gap-4">
          <AreasCard chart={chart} />
          <EntriesCard chart={chart} />
          <Card>
            <CardHeader title="Notes" />
            <div className="flex flex-col gap-4 p-4">
              <AutosaveNotes
                chart={chart}
                field="technique"
                label="Technique"
                placeholder="Dilution, needle or cannula, depth, patient tolerance…"
                onState={setSaveState}
              />
              <AutosaveNotes
                chart={chart}
                field="aftercare"
                label="Aftercare"
                placeholder="What the patient was told to do and avoid"
                onState={setSaveState}
              />
            </div>
          </Card>
          <Addenda chart={chart} />
        </div>
        <div className="flex flex-col gap-4 lg:sticky lg:top-4">
          <TotalsCard entries={chart.entries} />
          {chart.consents && (chart.status !== "draft" || chart.consents.allCurrent) ? (
            // A draft missing consents has the warning above instead.
            <ChartConsentsCard consents={chart.consents} draft={chart.status === "draft"} />
          ) : null}
          <PhotosCard chart={chart} />
        </div>
      </div>
    </div>
  );
}
