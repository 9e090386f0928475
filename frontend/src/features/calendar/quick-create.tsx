import { Popover as P } from "radix-ui";
import { type FormEvent, useMemo, useRef, useState } from "react";
import { ApiProblem, asProblem } from "@/api/problem";
import { Button } from "@/components/ui/button";
import { Field } from "@/components/ui/field";
import { Input, Select } from "@/components/ui/input";
import { useToast } from "@/components/ui/toast";
import { fullName, useCreatePatient } from "../patients/api";
import { type Appointment, type Provider, type Room, type Service, useBook } from "./api";
import type { Column } from "./columns";
import { type PatientChoice, PatientPicker } from "./patient-picker";
import { patientLabel } from "./tile";
import { formatDayAs, formatMinute, instantAt } from "./time";

export interface Draft {
  column: Column;
  start: number;
  end: number;
  /** Dragged out to a length of its own, rather than clicked. */
  dragged: boolean;
}

interface Props {
  draft: Draft;
  timeZone: string;
  providers: Provider[];
  rooms: Room[];
  services: Service[];
  onClose: () => void;
  onBooked: (appointment: Appointment) => void;
}

const LAST_SERVICE = "contour:last-service";

function toTime(minute: number): string {
  return `${String(Math.floor(minute / 60)).padStart(2, "0")}:${String(minute % 60).padStart(2, "0")}`;
}

function fromTime(value: string): number | null {
  const m = /^(\d{2}):(\d{2})$/.exec(value);
  return m ? Number(m[1]) * 60 + Number(m[2]) : null;
}

/** The quick booking form, opened on the time that was clicked or dragged out. */
export function QuickCreate({ draft, timeZone, providers, rooms, services, onClose, onBooked }: Props) {
  const toast = useToast();
  const book = useBook();
  const createPatient = useCreatePatient();
  const key = useRef(crypto.randomUUID());
  const [patient, setPatient] = useState<PatientChoice | null>(null);
  const [providerId, setProviderId] = useState(draft.column.providerId ?? providers[0]?.userId ?? "");
  const provider = providers.find((p) => p.userId === providerId);
  const offered = useMemo(
    () => services.filter((s) => !s.archived && (!provider || provider.serviceIds.includes(s.id))),
    [services, provider],
  );
  const [serviceId, setServiceId] = useState(() => {
    const last = localStorage.getItem(LAST_SERVICE);
    return offered.find((s) => s.id === last)?.id ?? offered[0]?.id ?? "";
  });
  const service = offered.find((s) => s.id === serviceId) ?? offered[0];
  const [roomId, setRoomId] = useState(draft.column.roomId ?? "");
  const [time, setTime] = useState(toTime(draft.start));
  const [notes, setNotes] = useState("");
  const [problem, setProblem] = useState<ApiProblem | null>(null);
  const [duplicate, setDuplicate] = useState(false);

  const start = fromTime(time) ?? draft.start;
  const length = draft.dragged ? draft.end - draft.start : (service?.durationMinutes ?? 30);
  const end = start + length;
  const day = draft.column.day;

  const submit = async (event: FormEvent | null, allowDuplicate = false) => {
    event?.preventDefault();
    setProblem(null);
    if (!patient) {
      setProblem(asProblemOf("patientId", "Choose or add a patient."));
      return;
    }
    if (!service) {
      setProblem(asProblemOf("serviceId", "Choose a service."));
      return;
    }
    try {
      let patientId: string;
      let name: string;
      if (patient.kind === "new") {
        const p = patient.patient;
        const created = await createPatient.mutateAsync({
          firstName: p.firstName,
          lastName: p.lastName,
          phone: p.phone || undefined,
          email: p.email || undefined,
          allowDuplicate,
        });
        patientId = created.id;
        name = fullName(created);
        setPatient({ kind: "existing", patient: created });
      } else {
        patientId = patient.patient.id;
        name = fullName(patient.patient);
      }
      const booked = await book.mutateAsync({
        idempotencyKey: key.current,
        patientId,
        providerId,
        serviceId: service.id,
        roomId: roomId || undefined,
        startsAt: instantAt(day, start, timeZone).toISOString(),
        endsAt: draft.dragged ? instantAt(day, end, timeZone).toISOString() : undefined,
        notes: notes.trim() || undefined,
      });
      localStorage.setItem(LAST_SERVICE, service.id);
      const when = `${formatDayAs(day, "EEE d MMM")}, ${formatMinute(start)}`;
      if (booked.outsideWorkingHours) {
        toast.warning(
          `Booked ${name}, ${when}`,
          `Outside ${booked.appointment.providerName}’s working hours.`,
        );
      } else {
        toast.success(
          `Booked ${patientLabel(booked.appointment)}`,
          `${booked.appointment.serviceName}, ${when}`,
        );
      }
      onBooked(booked.appointment);
    } catch (error) {
      const p = asProblem(error);
      setDuplicate(p.code === "possible_duplicate");
      setProblem(p);
    }
  };

  const busy = book.isPending || createPatient.isPending;
  const generalError =
    problem && (!problem.fields.length || problem.code === "slot_unavailable") ? problem : null;

  return (
    <form
      onSubmit={(e) => void submit(e)}
      className="flex flex-col gap-3"
      noValidate
      aria-label="New appointment"
    >
      <div>
        <p className="text-[15px] font-semibold text-ink">New appointment</p>
        <p className="text-[13px] text-muted tabular-nums">
          {formatDayAs(day, "EEEE d MMMM")} · {formatMinute(start)} – {formatMinute(end)}
        </p>
      </div>
      <PatientPicker value={patient} onChange={setPatient} autoFocus error={problem?.field("patientId")} />
      <Field label="Service" error={problem?.field("serviceId")}>
        <Select value={service?.id ?? ""} onChange={(e) => setServiceId(e.target.value)}>
          {offered.length === 0 ? <option value="">No services for this provider</option> : null}
          {offered.map((s) => (
            <option key={s.id} value={s.id}>
              {s.name} · {s.durationMinutes} min
            </option>
          ))}
        </Select>
      </Field>
      <div className="grid grid-cols-2 gap-2">
        <Field label="Provider" error={problem?.field("providerId")}>
          <Select value={providerId} onChange={(e) => setProviderId(e.target.value)}>
            {providers.map((p) => (
              <option key={p.userId} value={p.userId}>
                {p.displayName}
              </option>
            ))}
          </Select>
        </Field>
        <Field label="Starts" error={problem?.field("startsAt")}>
          <Input type="time" step={300} value={time} onChange={(e) => setTime(e.target.value)} />
        </Field>
      </div>
      {service?.needsRoom || roomId ? (
        <Field label="Room" error={problem?.field("roomId")}>
          <Select value={roomId} onChange={(e) => setRoomId(e.target.value)}>
            <option value="">First free room</option>
            {rooms
              .filter((r) => !r.archived && (!service?.roomIds.length || service.roomIds.includes(r.id)))
              .map((r) => (
                <option key={r.id} value={r.id}>
                  {r.name}
                </option>
              ))}
          </Select>
        </Field>
      ) : null}
      <Field label="Notes" optional error={problem?.field("notes")}>
        <Input
          value={notes}
          onChange={(e) => setNotes(e.target.value)}
          placeholder="For the team, not the patient"
        />
      </Field>
      {generalError ? (
        <p role="alert" className="rounded-lg bg-danger-soft px-3 py-2 text-[13px] text-danger">
          {generalError.message}
        </p>
      ) : null}
      <div className="flex justify-end gap-2">
        <Button type="button" variant="ghost" onClick={onClose}>
          Cancel
        </Button>
        {duplicate ? (
          <Button type="button" busy={busy} onClick={() => void submit(null, true)}>
            Add anyway
          </Button>
        ) : null}
        <Button type="submit" variant="primary" busy={busy}>
          Book
        </Button>
      </div>
    </form>
  );
}

function asProblemOf(field: string, message: string): ApiProblem {
  return new ApiProblem(
    422,
    { code: "validation_failed", message, fields: [{ field, code: "required", message }] },
    null,
  );
}

/** The popover around the form, pinned to the highlighted time on the grid. */
export function QuickCreatePopover(props: Props & { open: boolean }) {
  const anchor = useRef({
    getBoundingClientRect: () =>
      document.querySelector("[data-ghost]")?.getBoundingClientRect() ??
      new DOMRect(window.innerWidth / 2, 120, 0, 0),
  });
  return (
    <P.Root open={props.open} onOpenChange={(open) => !open && props.onClose()}>
      <P.Anchor virtualRef={anchor} />
      <P.Portal>
        <P.Content
          side="right"
          align="start"
          sideOffset={8}
          collisionPadding={12}
          className="z-50 max-h-[calc(100dvh-24px)] w-[min(22rem,calc(100vw-24px))] overflow-y-auto rounded-xl border border-line bg-surface p-4 shadow-pop outline-none data-[state=open]:animate-in"
        >
          <QuickCreate {...props} />
        </P.Content>
      </P.Portal>
    </P.Root>
  );
}
