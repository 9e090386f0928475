import { useQuery } from "@tanstack/react-query";
import { Link } from "@tanstack/react-router";
import {
  CalendarClock,
  Camera,
  CheckCircle2,
  Circle,
  CircleDashed,
  Clock,
  FileText,
  LogIn,
  PlayCircle,
  UserX,
  XCircle,
} from "lucide-react";
import { Badge } from "@/components/ui/badge";
import { Skeleton } from "@/components/ui/skeleton";
import { EmptyState, ErrorState } from "@/components/ui/states";
import { formatDateTime, formatTime } from "@/lib/dates";
import { useMe } from "@/lib/session";
import { InvoiceTimelineItem, PaymentTimelineItem } from "../billing/timeline-items";
import { KIND_LABELS, STATUS_LABELS } from "../charts/api";
import { ConsentTimelineItem } from "../consents/consent-timeline-item";
import { CreditTimelineItem } from "../memberships/timeline-item";
import { type TimelineEntry, timelineQuery } from "./api";

const STATUS: Record<
  string,
  { label: string; tone: "neutral" | "brand" | "success" | "danger" | "warning"; icon: typeof Circle }
> = {
  booked: { label: "Booked", tone: "neutral", icon: CircleDashed },
  confirmed: { label: "Confirmed", tone: "brand", icon: Circle },
  checked_in: { label: "Checked in", tone: "warning", icon: LogIn },
  in_progress: { label: "In progress", tone: "warning", icon: PlayCircle },
  completed: { label: "Completed", tone: "success", icon: CheckCircle2 },
  cancelled: { label: "Cancelled", tone: "neutral", icon: XCircle },
  no_show: { label: "No-show", tone: "danger", icon: UserX },
};

export function Timeline({ patientId }: { patientId: string }) {
  const timeline = useQuery(timelineQuery(patientId));
  const { clinic } = useMe();
  if (timeline.isPending) {
    return (
      <div className="space-y-3 p-5" role="status" aria-label="Loading timeline">
        {[0, 1, 2].map((i) => (
          <Skeleton key={i} className="h-16 w-full" />
        ))}
      </div>
    );
  }
  if (timeline.isError) return <ErrorState error={timeline.error} retry={() => void timeline.refetch()} />;
  const entries = timeline.data.entries;
  if (!entries.length) {
    return (
      <EmptyState
        icon={CalendarClock}
        title="Nothing yet"
        body="Appointments and everything that follows them will appear here, newest first."
      />
    );
  }
  const now = Date.now();
  return (
    <ol className="relative px-5 py-4">
      {entries.map((entry, i) => (
        <TimelineItem
          key={entryKey(entry, i)}
          entry={entry}
          timeZone={clinic.timezone}
          upcoming={Date.parse(entry.at) > now}
        />
      ))}
    </ol>
  );
}

function entryKey(entry: TimelineEntry, i: number) {
  if (entry.kind === "appointment") return entry.appointmentId;
  if (entry.kind === "chart") return entry.chartId;
  if (entry.kind === "consent_signed" || entry.kind === "consent_revoked") {
    return `${entry.kind}-${entry.consentId}`;
  }
  if (entry.kind === "invoice") return `invoice-${entry.invoiceId}`;
  if (entry.kind === "payment") return `payment-${entry.paymentId}`;
  if (entry.kind === "credit") return `credit-${entry.entryId}`;
  return String(i);
}

type AppointmentEntry = Extract<TimelineEntry, { kind: "appointment" }>;
type ChartEntry = Extract<TimelineEntry, { kind: "chart" }>;

const CHART_TONE = { draft: "neutral", needs_signoff: "warning", md_signed: "success" } as const;

function ChartItem({ entry, timeZone }: { entry: ChartEntry; timeZone: string }) {
  return (
    <li className="relative flex gap-4 pb-5 last:pb-0">
      <span className="absolute top-8 bottom-0 left-[15px] w-px bg-line" aria-hidden="true" />
      <span
        className="relative flex size-8 shrink-0 items-center justify-center rounded-full bg-brand-soft text-brand ring-1 ring-line"
        aria-hidden="true"
      >
        <FileText className="size-4" />
      </span>
      <Link
        to="/charts/$chartId"
        params={{ chartId: entry.chartId }}
        className="min-w-0 flex-1 rounded-xl border border-line bg-surface px-4 py-3 transition-colors hover:border-line-strong"
      >
        <div className="flex flex-wrap items-center justify-between gap-2">
          <p className="text-sm font-medium text-ink">
            {KIND_LABELS[entry.templateKind]} chart{entry.serviceName ? ` · ${entry.serviceName}` : ""}
          </p>
          <Badge tone={CHART_TONE[entry.status]}>{STATUS_LABELS[entry.status]}</Badge>
        </div>
        <p className="mt-1 flex flex-wrap items-center gap-x-2 text-[13px] text-muted">
          <span>{formatDateTime(entry.at, timeZone)}</span>
          <span>by {entry.providerName}</span>
          {entry.photoCount ? (
            <span className="inline-flex items-center gap-1">
              · <Camera className="size-3.5" aria-hidden="true" /> {entry.photoCount}{" "}
              {entry.photoCount === 1 ? "photo" : "photos"}
            </span>
          ) : null}
        </p>
      </Link>
    </li>
  );
}

function TimelineItem({
  entry,
  timeZone,
  upcoming,
}: {
  entry: TimelineEntry;
  timeZone: string;
  upcoming: boolean;
}) {
  if (entry.kind === "chart") return <ChartItem entry={entry} timeZone={timeZone} />;
  if (entry.kind === "consent_signed" || entry.kind === "consent_revoked") {
    return <ConsentTimelineItem entry={entry} timeZone={timeZone} />;
  }
  if (entry.kind === "invoice") return <InvoiceTimelineItem entry={entry} timeZone={timeZone} />;
  if (entry.kind === "payment") return <PaymentTimelineItem entry={entry} timeZone={timeZone} />;
  if (entry.kind === "credit") return <CreditTimelineItem entry={entry} timeZone={timeZone} />;
  return <AppointmentItem entry={entry} timeZone={timeZone} upcoming={upcoming} />;
}

function AppointmentItem({
  entry,
  timeZone,
  upcoming,
}: {
  entry: AppointmentEntry;
  timeZone: string;
  upcoming: boolean;
}) {
  const status = STATUS[entry.status] ?? { label: entry.status, tone: "neutral" as const, icon: Circle };
  const Icon = status.icon;
  return (
    <li className="relative flex gap-4 pb-5 last:pb-0">
      <span className="absolute top-8 bottom-0 left-[15px] w-px bg-line" aria-hidden="true" />
      <span
        className="relative flex size-8 shrink-0 items-center justify-center rounded-full bg-surface ring-1 ring-line"
        aria-hidden="true"
      >
        <span className="size-2.5 rounded-full" style={{ backgroundColor: entry.serviceColor }} />
      </span>
      <div className="min-w-0 flex-1 rounded-xl border border-line bg-surface px-4 py-3">
        <div className="flex flex-wrap items-center justify-between gap-2">
          <p className="text-sm font-medium text-ink">{entry.serviceName}</p>
          <Badge tone={status.tone}>
            <Icon className="size-3" aria-hidden="true" />
            {status.label}
          </Badge>
        </div>
        <p className="mt-1 flex flex-wrap items-center gap-x-2 text-[13px] text-muted">
          <span className="inline-flex items-center gap-1">
            <Clock className="size-3.5" aria-hidden="true" />
            {formatDateTime(entry.at, timeZone)}–{formatTime(entry.endsAt, timeZone)}
          </span>
          <span>with {entry.providerName}</span>
          {entry.roomName ? <span>· {entry.roomName}</span> : null}
          {upcoming ? <Badge tone="brand">Upcoming</Badge> : null}
          {entry.source === "online" ? <span>· booked online</span> : null}
        </p>
        {entry.cancellationReason ? (
          <p className="mt-1 text-[13px] text-muted">“{entry.cancellationReason}”</p>
        ) : null}
      </div>
    </li>
  );
}
