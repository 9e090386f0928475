import { useQuery } from "@tanstack/react-query";
import { Link, useNavigate, useParams, useSearch } from "@tanstack/react-router";
import { Camera, ClipboardCheck, FileText } from "lucide-react";
import { type FormEvent, useState } from "react";
import { asProblem } from "@/api/problem";
import { PageHeader } from "@/components/layouts/app-shell";
import { Button } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { Dialog, DialogContent } from "@/components/ui/dialog";
import { Field } from "@/components/ui/field";
import { Select, Textarea } from "@/components/ui/input";
import { Skeleton } from "@/components/ui/skeleton";
import { EmptyState, ErrorState } from "@/components/ui/states";
import { useToast } from "@/components/ui/toast";
import { ago, formatDateTime } from "@/lib/dates";
import { useMe } from "@/lib/session";
import { providersQuery } from "../calendar/api";
import { type Chart, chartQuery, KIND_LABELS, queueQuery, useChartAction } from "./api";
import { ChartDocument } from "./chart-page";

export interface QueueSearch {
  provider?: string | undefined;
}

/** Everything waiting for the medical director, oldest first. */
export function SignoffQueuePage() {
  const { provider } = useSearch({ from: "/app/signoff" });
  const navigate = useNavigate({ from: "/signoff" });
  const queue = useQuery(queueQuery(provider));
  const providers = useQuery(providersQuery);
  const { clinic } = useMe();
  return (
    <div className="mx-auto max-w-4xl pb-16">
      <PageHeader
        title="Sign-off"
        subtitle={
          queue.data ? `${queue.data.length} ${queue.data.length === 1 ? "chart" : "charts"} waiting` : " "
        }
        actions={
          <Select
            aria-label="Provider"
            value={provider ?? ""}
            onChange={(e) => void navigate({ search: { provider: e.target.value || undefined } })}
            className="w-48"
          >
            <option value="">All providers</option>
            {(providers.data ?? []).map((p) => (
              <option key={p.userId} value={p.userId}>
                {p.displayName}
              </option>
            ))}
          </Select>
        }
      />
      <div className="px-4 sm:px-8">
        {queue.isPending ? (
          <div className="flex flex-col gap-2" role="status" aria-label="Loading">
            <Skeleton className="h-16 w-full" />
            <Skeleton className="h-16 w-full" />
          </div>
        ) : queue.isError ? (
          <ErrorState error={queue.error} retry={() => void queue.refetch()} />
        ) : queue.data.length === 0 ? (
          <Card>
            <EmptyState
              icon={ClipboardCheck}
              title="All caught up"
              body="Charts appear here as soon as providers submit them."
            />
          </Card>
        ) : (
          <Card className="overflow-hidden">
            <ul className="divide-y divide-line">
              {queue.data.map((q) => (
                <li key={q.chartId}>
                  <Link
                    to="/signoff/$chartId"
                    params={{ chartId: q.chartId }}
                    search={{ provider }}
                    className="flex items-center gap-4 px-5 py-3.5 hover:bg-canvas/60"
                  >
                    <FileText className="size-5 shrink-0 text-muted" aria-hidden="true" />
                    <div className="min-w-0 flex-1">
                      <p className="truncate text-sm font-semibold text-ink">{q.patientName}</p>
                      <p className="truncate text-[13px] text-muted">
                        {q.serviceName ?? KIND_LABELS[q.templateKind]} · {q.providerName} ·{" "}
                        {formatDateTime(q.visitAt ?? q.submittedAt, clinic.timezone)}
                      </p>
                    </div>
                    <span className="hidden text-[13px] text-muted sm:inline">
                      {q.entryCount} {q.entryCount === 1 ? "entry" : "entries"}
                      {q.photoCount ? (
                        <>
                          {" · "}
                          <Camera className="inline size-3.5" aria-hidden="true" /> {q.photoCount}
                        </>
                      ) : null}
                    </span>
                    <span className="text-[12px] text-faint">submitted {ago(q.submittedAt)}</span>
                  </Link>
                </li>
              ))}
            </ul>
          </Card>
        )}
      </div>
    </div>
  );
}

function ReturnDialog({ chart, onDone }: { chart: Chart; onDone: () => void }) {
  const act = useChartAction(chart.id);
  const [comment, setComment] = useState("");
  const [open, setOpen] = useState(false);
  const problem = act.error ? asProblem(act.error) : null;
  const submit = (e: FormEvent) => {
    e.preventDefault();
    act.mutate({ kind: "return", comment }, { onSuccess: onDone });
  };
  return (
    <>
      <Button onClick={() => setOpen(true)}>Return…</Button>
      <Dialog open={open} onOpenChange={setOpen}>
        <DialogContent
          title="Return to the provider"
          description="Say what needs changing; they'll see it on the chart."
        >
          <form onSubmit={submit} className="flex flex-col gap-4">
            <Field
              label="Comment"
              error={
                problem?.field("comment") ?? (problem && !problem.fields.length ? problem.message : undefined)
              }
            >
              <Textarea
                autoFocus
                value={comment}
                onChange={(e) => setComment(e.target.value)}
                maxLength={2000}
              />
            </Field>
            <div className="flex justify-end gap-2">
              <Button type="button" variant="ghost" onClick={() => setOpen(false)}>
                Cancel
              </Button>
              <Button type="submit" variant="primary" disabled={!comment.trim()} busy={act.isPending}>
                Return chart
              </Button>
            </div>
          </form>
        </DialogContent>
      </Dialog>
    </>
  );
}

/** One chart under review: read it, then sign (and go to the next) or return it. */
export function SignoffReviewPage() {
  const { chartId } = useParams({ from: "/app/signoff/$chartId" });
  const { provider } = useSearch({ from: "/app/signoff/$chartId" });
  const navigate = useNavigate();
  const chart = useQuery(chartQuery(chartId));
  const queue = useQuery(queueQuery(provider));
  const act = useChartAction(chartId);
  const toast = useToast();
  const next = queue.data?.find((q) => q.chartId !== chartId);

  const goNext = () =>
    next
      ? navigate({ to: "/signoff/$chartId", params: { chartId: next.chartId }, search: { provider } })
      : navigate({ to: "/signoff", search: { provider } });

  const sign = (andNext: boolean) =>
    act.mutate(
      { kind: "sign" },
      {
        onSuccess: () => {
          toast.success("Signed");
          if (andNext) void goNext();
        },
        onError: (e) => toast.error(e, "Couldn’t sign"),
      },
    );

  if (chart.isPending) {
    return (
      <div className="p-8" role="status" aria-label="Loading the chart">
        <Skeleton className="h-64 w-full" />
      </div>
    );
  }
  if (chart.isError) return <ErrorState error={chart.error} retry={() => void chart.refetch()} />;
  const c = chart.data;
  const actions =
    c.status === "needs_signoff" && c.canSign ? (
      <div className="flex items-center gap-2">
        <ReturnDialog chart={c} onDone={() => void goNext()} />
        <Button onClick={() => sign(false)} busy={act.isPending && !next}>
          Sign
        </Button>
        <Button variant="primary" onClick={() => sign(true)} busy={act.isPending}>
          Sign and next
        </Button>
      </div>
    ) : (
      <Button asChild>
        <Link to="/signoff" search={{ provider }}>
          Back to the queue
        </Link>
      </Button>
    );
  return <ChartDocument chart={c} actions={actions} />;
}
