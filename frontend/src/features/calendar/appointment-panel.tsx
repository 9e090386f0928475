import { useQuery } from "@tanstack/react-query";
import { Link, useNavigate } from "@tanstack/react-router";
import {
  AlertTriangle,
  ArrowUpRight,
  Clock,
  DoorClosed,
  FileText,
  Globe,
  Receipt,
  Stethoscope,
  X,
} from "lucide-react";
import { type FormEvent, useEffect, useState } from "react";
import { asProblem } from "@/api/problem";
import { Avatar } from "@/components/ui/avatar";
import { Button } from "@/components/ui/button";
import { Dialog, DialogContent } from "@/components/ui/dialog";
import { Field } from "@/components/ui/field";
import { Input, Select, Textarea } from "@/components/ui/input";
import { Skeleton } from "@/components/ui/skeleton";
import { ErrorState } from "@/components/ui/states";
import { useToast } from "@/components/ui/toast";
import { cn } from "@/lib/cn";
import { formatBirthDate } from "@/lib/dates";
import { useCan } from "@/lib/session";
import { useCheckout } from "../billing/invoice-api";
import { STATUS_LABELS as CHART_STATUS, useOpenChart } from "../charts/api";
import { VisitConsentsSection } from "../consents/visit-consents";
import { allergiesQuery, patientQuery } from "../patients/api";
import {
  type Appointment,
  type AppointmentStatus,
  appointmentQuery,
  type Provider,
  type Room,
  useCancelAppointment,
  useChangeAppointment,
  useSetStatus,
} from "./api";
import { cancellable, movable, nextSteps, STATUS } from "./status";
import { patientLabel } from "./tile";
import { dayOf, formatIn, formatSpan, instantAt, todayIn } from "./time";

interface Props {
  id: string;
  /** The appointment as the calendar already has it, to show at once. */
  cached: Appointment | undefined;
  timeZone: string;
  providers: Provider[];
  rooms: Room[];
  onClose: () => void;
}

function StatusChip({ status }: { status: AppointmentStatus }) {
  const look = STATUS[status];
  return (
    <span
      className={cn("inline-flex h-6 items-center gap-1 rounded-full px-2 text-xs font-medium", look.chip)}
    >
      <look.icon className="size-3.5" aria-hidden="true" />
      {look.label}
    </span>
  );
}

function Row({ icon: Icon, children }: { icon: typeof Clock; children: React.ReactNode }) {
  return (
    <div className="flex items-start gap-2.5 text-sm text-ink">
      <Icon className="mt-0.5 size-4 shrink-0 text-muted" aria-hidden="true" />
      <div className="min-w-0">{children}</div>
    </div>
  );
}

const QUICK_REASONS = ["Patient asked", "Unwell", "Rescheduled", "Clinic closed"];

function CancelDialog({
  appointment,
  open,
  onOpenChange,
}: {
  appointment: Appointment;
  open: boolean;
  onOpenChange: (open: boolean) => void;
}) {
  const [reason, setReason] = useState("");
  const cancel = useCancelAppointment();
  const toast = useToast();
  const error = cancel.error ? asProblem(cancel.error) : null;
  useEffect(() => {
    if (open) {
      setReason("");
      cancel.reset();
    }
  }, [open, cancel.reset]);
  const submit = (e: FormEvent) => {
    e.preventDefault();
    cancel.mutate(
      { id: appointment.id, reason },
      {
        onSuccess: () => {
          toast.success(`Cancelled ${patientLabel(appointment)}’s appointment`);
          onOpenChange(false);
        },
      },
    );
  };
  return (
    <Dialog open={open} onOpenChange={onOpenChange}>
      <DialogContent
        title="Cancel this appointment?"
        description={`${patientLabel(appointment)} · ${appointment.serviceName}. The time is freed at once.`}
      >
        <form onSubmit={submit} className="flex flex-col gap-4">
          <div className="flex flex-wrap gap-1.5">
            {QUICK_REASONS.map((r) => (
              <button
                key={r}
                type="button"
                onClick={() => setReason(r)}
                className={cn(
                  "h-7 rounded-full border px-2.5 text-[13px]",
                  reason === r
                    ? "border-brand bg-brand-soft text-brand-ink"
                    : "border-line text-ink-soft hover:bg-canvas",
                )}
              >
                {r}
              </button>
            ))}
          </div>
          <Field
            label="Reason"
            error={error?.field("reason") ?? (error && !error.fields.length ? error.message : undefined)}
          >
            <Input autoFocus value={reason} onChange={(e) => setReason(e.target.value)} maxLength={500} />
          </Field>
          <div className="flex justify-end gap-2">
            <Button type="button" variant="ghost" onClick={() => onOpenChange(false)}>
              Keep it
            </Button>
            <Button type="submit" variant="danger" busy={cancel.isPending} disabled={!reason.trim()}>
              Cancel appointment
            </Button>
          </div>
        </form>
      </DialogContent>
    </Dialog>
  );
}

function Reschedule({
  appointment,
  timeZone,
  providers,
  rooms,
}: {
  appointment: Appointment;
  timeZone: string;
  providers: Provider[];
  rooms: Room[];
}) {
  const day = dayOf(appointment.startsAt, timeZone);
  const length = Math.round((Date.parse(appointment.endsAt) - Date.parse(appointment.startsAt)) / 60_000);
  const initial = {
    day,
    time: formatIn(appointment.startsAt, timeZone, "HH:mm"),
    length: String(length),
    providerId: appointment.providerId,
    roomId: appointment.roomId ?? "",
  };
  const [form, setForm] = useState(initial);
  const change = useChangeAppointment();
  const toast = useToast();
  const dirty = JSON.stringify(form) !== JSON.stringify(initial);
  const set = (field: keyof typeof initial) => (e: { target: { value: string } }) =>
    setForm((f) => ({ ...f, [field]: e.target.value }));
  const submit = (e: FormEvent) => {
    e.preventDefault();
    const [h, m] = form.time.split(":").map(Number) as [number, number];
    const starts = instantAt(form.day, h * 60 + m, timeZone);
    const ends = new Date(starts.getTime() + Number(form.length) * 60_000);
    const provider = providers.find((p) => p.userId === form.providerId);
    const room = rooms.find((r) => r.id === form.roomId);
    change.mutate(
      {
        id: appointment.id,
        patch: {
          startsAt: starts.toISOString(),
          endsAt: ends.toISOString(),
          providerId: form.providerId,
          roomId: form.roomId || null,
        },
        optimistic: {
          startsAt: starts.toISOString(),
          endsAt: ends.toISOString(),
          providerId: form.providerId,
          providerName: provider?.displayName ?? appointment.providerName,
          roomId: form.roomId || undefined,
          roomName: room?.name,
        },
      },
      {
        onSuccess: () => toast.success("Appointment moved"),
        onError: (error) => toast.error(error, "Couldn’t move the appointment"),
      },
    );
  };
  return (
    <form onSubmit={submit} className="grid grid-cols-2 gap-2.5">
      <Field label="Date">
        <Input type="date" value={form.day} onChange={set("day")} required />
      </Field>
      <Field label="Time">
        <Input type="time" step={300} value={form.time} onChange={set("time")} required />
      </Field>
      <Field label="Length">
        <Select value={form.length} onChange={set("length")}>
          {[...new Set([15, 30, 45, 60, 75, 90, 120, length])]
            .sort((a, b) => a - b)
            .map((n) => (
              <option key={n} value={n}>
                {n} min
              </option>
            ))}
        </Select>
      </Field>
      <Field label="Provider">
        <Select value={form.providerId} onChange={set("providerId")}>
          {providers.map((p) => (
            <option key={p.userId} value={p.userId}>
              {p.displayName}
            </option>
          ))}
        </Select>
      </Field>
      <Field label="Room" className="col-span-2">
        <Select value={form.roomId} onChange={set("roomId")}>
          <option value="">No room</option>
          {rooms
            .filter((r) => !r.archived || r.id === appointment.roomId)
            .map((r) => (
              <option key={r.id} value={r.id}>
                {r.name}
              </option>
            ))}
        </Select>
      </Field>
      <div className="col-span-2 flex justify-end">
        <Button type="submit" size="sm" disabled={!dirty} busy={change.isPending}>
          Save changes
        </Button>
      </div>
    </form>
  );
}

function Notes({ appointment }: { appointment: Appointment }) {
  const [value, setValue] = useState(appointment.notes ?? "");
  const change = useChangeAppointment();
  const toast = useToast();
  useEffect(() => setValue(appointment.notes ?? ""), [appointment.notes]);
  const dirty = value.trim() !== (appointment.notes ?? "");
  return (
    <form
      onSubmit={(e) => {
        e.preventDefault();
        change.mutate(
          {
            id: appointment.id,
            patch: { notes: value.trim() || null },
            optimistic: { notes: value.trim() || undefined },
          },
          { onError: (error) => toast.error(error, "Couldn’t save the note") },
        );
      }}
      className="flex flex-col gap-2"
    >
      <Textarea
        aria-label="Appointment notes"
        value={value}
        onChange={(e) => setValue(e.target.value)}
        placeholder="Notes for the team"
        maxLength={2000}
        className="min-h-16"
      />
      {dirty ? (
        <Button type="submit" size="sm" className="self-end" busy={change.isPending}>
          Save note
        </Button>
      ) : null}
    </form>
  );
}

/** Everything about one appointment, and what to do next with it. */
export function AppointmentPanel({ id, cached, timeZone, providers, rooms, onClose }: Props) {
  const fetched = useQuery({ ...appointmentQuery(id), enabled: !cached });
  const appointment = cached ?? fetched.data;
  const canWrite = useCan("appointments:write");
  const canCancel = useCan("appointments:cancel");
  const canSeeMedical = useCan("patient_medical:read");
  const patient = useQuery({ ...patientQuery(appointment?.patientId ?? ""), enabled: Boolean(appointment) });
  const allergies = useQuery({
    ...allergiesQuery(appointment?.patientId ?? ""),
    enabled: Boolean(appointment?.hasAllergies) && canSeeMedical,
  });
  const setStatus = useSetStatus();
  const toast = useToast();
  const [cancelling, setCancelling] = useState(false);
  const [rescheduling, setRescheduling] = useState(false);

  if (!appointment) {
    return (
      <PanelFrame onClose={onClose} title="Appointment">
        {fetched.isError ? (
          <ErrorState error={fetched.error} retry={() => void fetched.refetch()} />
        ) : (
          <div className="flex flex-col gap-3 p-5">
            <Skeleton className="h-6 w-40" />
            <Skeleton className="h-4 w-56" />
            <Skeleton className="h-24 w-full" />
          </div>
        )}
      </PanelFrame>
    );
  }

  const a = appointment;
  const started = Date.parse(a.startsAt) <= Date.now();
  const today = dayOf(a.startsAt, timeZone) === todayIn(timeZone);
  const steps = canWrite ? nextSteps(a.status, started, today) : [];
  const p = patient.data;
  const move = (to: AppointmentStatus) =>
    setStatus.mutate(
      { id: a.id, status: to },
      {
        onSuccess: () => toast.success(`${patientLabel(a)}: ${STATUS[to].label.toLowerCase()}`),
        onError: (error) => toast.error(error, "Couldn’t change the status"),
      },
    );

  return (
    <PanelFrame onClose={onClose} title={`${patientLabel(a)}, ${a.serviceName}`}>
      <div className="flex flex-col gap-5 overflow-y-auto p-5">
        <div className="flex items-start gap-3">
          <Avatar name={`${a.patientFirstName} ${a.patientLastName}`} />
          <div className="min-w-0 flex-1">
            <Link
              to="/patients/$patientId"
              params={{ patientId: a.patientId }}
              className="group flex items-center gap-1 text-base font-semibold text-ink hover:text-brand"
            >
              <span className="truncate">
                {a.patientFirstName} {a.patientLastName}
              </span>
              <ArrowUpRight
                className="size-4 shrink-0 text-faint group-hover:text-brand"
                aria-hidden="true"
              />
            </Link>
            <p className="truncate text-[13px] text-muted">
              {p
                ? [
                    a.patientPreferredName ? `“${a.patientPreferredName}”` : null,
                    p.dateOfBirth
                      ? `${formatBirthDate(p.dateOfBirth)}${p.age !== undefined ? ` (${p.age})` : ""}`
                      : null,
                    p.phone,
                  ]
                    .filter(Boolean)
                    .join(" · ") || "No contact details"
                : " "}
            </p>
          </div>
          <StatusChip status={a.status} />
        </div>

        {a.hasAllergies ? (
          <div role="alert" className="rounded-xl border border-danger/25 bg-danger-soft px-3 py-2.5">
            <p className="flex items-center gap-1.5 text-[13px] font-semibold text-danger">
              <AlertTriangle className="size-4" aria-hidden="true" /> Allergies
            </p>
            <p className="mt-0.5 text-[13px] text-ink">
              {allergies.data
                ? allergies.data
                    .map((x) => `${x.substance}${x.severity !== "unknown" ? ` (${x.severity})` : ""}`)
                    .join(", ")
                : "Loading…"}
            </p>
          </div>
        ) : null}

        <div className="flex flex-col gap-2.5">
          <Row icon={Clock}>
            <p className="font-medium tabular-nums">
              {formatIn(a.startsAt, timeZone, "EEE d MMM")}, {formatSpan(a.startsAt, a.endsAt, timeZone)}
            </p>
            {a.blockedUntil !== a.endsAt ? (
              <p className="text-[13px] text-muted">
                Clean-up until {formatIn(a.blockedUntil, timeZone, "h:mm a")}
              </p>
            ) : null}
          </Row>
          <Row icon={Stethoscope}>
            <p className="flex items-center gap-1.5">
              <span
                className="size-2.5 rounded-full"
                style={{ backgroundColor: a.serviceColor }}
                aria-hidden="true"
              />
              {a.serviceName}
            </p>
            <p className="text-[13px] text-muted">with {a.providerName}</p>
          </Row>
          <Row icon={DoorClosed}>
            <p>{a.roomName ?? "No room"}</p>
          </Row>
          {a.source === "online" ? (
            <Row icon={Globe}>
              <p>Booked online</p>
            </Row>
          ) : null}
          {a.status === "cancelled" && a.cancellationReason ? (
            <p className="rounded-lg bg-canvas px-3 py-2 text-[13px] text-ink-soft">
              Cancelled: {a.cancellationReason}
            </p>
          ) : null}
        </div>

        {steps.length || (canCancel && cancellable(a.status)) ? (
          <div className="flex flex-wrap gap-2">
            {steps.map((s) => (
              <Button
                key={s.to}
                variant={s.primary ? "primary" : "secondary"}
                size="sm"
                busy={setStatus.isPending && setStatus.variables?.status === s.to}
                onClick={() => move(s.to)}
              >
                {s.label}
              </Button>
            ))}
            {canCancel && cancellable(a.status) ? (
              <Button variant="ghost" size="sm" className="text-danger" onClick={() => setCancelling(true)}>
                Cancel…
              </Button>
            ) : null}
          </div>
        ) : null}

        <ChartButton appointment={a} />
        <CheckoutButton appointment={a} />

        <VisitConsentsSection
          appointmentId={a.id}
          signable={a.status !== "cancelled" && a.status !== "no_show"}
        />

        {canWrite ? (
          <section className="flex flex-col gap-2">
            <h3 className="text-[13px] font-semibold text-ink-soft">Notes</h3>
            {movable(a.status) ? (
              <Notes appointment={a} />
            ) : (
              <p className="text-sm text-ink">{a.notes ?? "—"}</p>
            )}
          </section>
        ) : a.notes ? (
          <section>
            <h3 className="text-[13px] font-semibold text-ink-soft">Notes</h3>
            <p className="mt-1 text-sm whitespace-pre-wrap text-ink">{a.notes}</p>
          </section>
        ) : null}

        {canWrite && movable(a.status) ? (
          <section className="flex flex-col gap-2 border-t border-line pt-4">
            {rescheduling ? (
              <Reschedule
                key={`${a.startsAt}${a.providerId}${a.roomId}`}
                appointment={a}
                timeZone={timeZone}
                providers={providers}
                rooms={rooms}
              />
            ) : (
              <Button size="sm" className="self-start" onClick={() => setRescheduling(true)}>
                Reschedule or reassign
              </Button>
            )}
          </section>
        ) : null}

        <Button asChild variant="secondary" className="mt-auto justify-center">
          <Link to="/patients/$patientId" params={{ patientId: a.patientId }}>
            Open patient profile
          </Link>
        </Button>
      </div>
      <CancelDialog appointment={a} open={cancelling} onOpenChange={setCancelling} />
    </PanelFrame>
  );
}

/** One click from the visit to its chart: made on first open. */
function ChartButton({ appointment }: { appointment: Appointment }) {
  const canWrite = useCan("charts:write");
  const canRead = useCan("charts:read");
  const open = useOpenChart();
  const navigate = useNavigate();
  const toast = useToast();
  const go = (chartId: string) => void navigate({ to: "/charts/$chartId", params: { chartId } });
  const chartable = appointment.status !== "cancelled" && appointment.status !== "no_show";
  if (appointment.chartId && canRead) {
    return (
      <Button variant="secondary" className="justify-center" onClick={() => go(appointment.chartId ?? "")}>
        <FileText className="size-4" aria-hidden="true" /> Open chart
        {appointment.chartStatus ? (
          <span className="text-[12px] font-normal text-muted">
            · {CHART_STATUS[appointment.chartStatus]}
          </span>
        ) : null}
      </Button>
    );
  }
  if (!canWrite || !chartable) return null;
  return (
    <Button
      variant={
        appointment.status === "checked_in" || appointment.status === "in_progress" ? "primary" : "secondary"
      }
      className="justify-center"
      busy={open.isPending}
      onClick={() =>
        open.mutate(appointment.id, {
          onSuccess: (r) => go(r.chartId),
          onError: (e) => toast.error(e, "Couldn’t open the chart"),
        })
      }
    >
      <FileText className="size-4" aria-hidden="true" /> Start chart
    </Button>
  );
}

/** To the visit's invoice: made on the first press (pre-filled from the chart), the same one after. */
function CheckoutButton({ appointment }: { appointment: Appointment }) {
  const canWrite = useCan("invoices:write");
  const checkout = useCheckout();
  const navigate = useNavigate();
  const toast = useToast();
  if (!canWrite || appointment.status === "cancelled" || appointment.status === "no_show") return null;
  // Once the chart is done (or the visit is), checking out is the next step.
  const next =
    appointment.status === "completed" ||
    appointment.chartStatus === "needs_signoff" ||
    appointment.chartStatus === "md_signed";
  return (
    <Button
      variant={next ? "primary" : "secondary"}
      className="justify-center"
      busy={checkout.isPending}
      onClick={() =>
        checkout.mutate(appointment.id, {
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

function PanelFrame({
  title,
  onClose,
  children,
}: {
  title: string;
  onClose: () => void;
  children: React.ReactNode;
}) {
  return (
    <aside
      aria-label={title}
      className="fixed inset-y-0 right-0 z-40 flex w-[min(24rem,100vw)] flex-col border-l border-line bg-surface shadow-pop xl:static xl:z-auto xl:w-96 xl:shadow-none"
    >
      <div className="flex h-12 shrink-0 items-center justify-between border-b border-line px-4">
        <p className="text-[13px] font-semibold text-ink-soft">Appointment</p>
        <button
          type="button"
          onClick={onClose}
          className="rounded-md p-1.5 text-muted hover:bg-black/5 hover:text-ink"
          aria-label="Close appointment"
        >
          <X className="size-4" />
        </button>
      </div>
      {children}
    </aside>
  );
}
