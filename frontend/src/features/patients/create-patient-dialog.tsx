import { useQuery } from "@tanstack/react-query";
import { Link, useNavigate } from "@tanstack/react-router";
import { AlertTriangle, ChevronDown } from "lucide-react";
import { type FormEvent, useEffect, useMemo, useState } from "react";
import { type ApiProblem, asProblem } from "@/api/problem";
import { Button } from "@/components/ui/button";
import { Dialog, DialogContent } from "@/components/ui/dialog";
import { Field } from "@/components/ui/field";
import { Input, Select } from "@/components/ui/input";
import { useToast } from "@/components/ui/toast";
import { formatBirthDate } from "@/lib/dates";
import { useDebounced } from "@/lib/use-debounced";
import { duplicatesQuery, fullName, type PatientIn, useCreatePatient } from "./api";

interface Props {
  open: boolean;
  onOpenChange: (open: boolean) => void;
  /** What was typed into a search, to start the name with. */
  initialName?: string;
}

const blank = {
  firstName: "",
  lastName: "",
  phone: "",
  email: "",
  dateOfBirth: "",
  sex: "",
  pronouns: "",
  preferredName: "",
};

function splitName(typed: string | undefined) {
  const words = (typed ?? "")
    .trim()
    .split(/\s+/)
    .filter((w) => w && !/\d|@/.test(w));
  if (!words.length) return { firstName: "", lastName: "" };
  const cap = (w: string) => w.charAt(0).toUpperCase() + w.slice(1);
  return { firstName: cap(words[0] ?? ""), lastName: words.slice(1).map(cap).join(" ") };
}

/** New patient in a few seconds: names, phone, email, birthday; the rest is optional. */
export function CreatePatientDialog({ open, onOpenChange, initialName }: Props) {
  const [form, setForm] = useState(blank);
  const [more, setMore] = useState(false);
  const [problem, setProblem] = useState<ApiProblem | null>(null);
  const create = useCreatePatient();
  const navigate = useNavigate();
  const toast = useToast();

  useEffect(() => {
    if (open) {
      setForm({ ...blank, ...splitName(initialName) });
      setProblem(null);
      setMore(false);
    }
  }, [open, initialName]);

  const set = (field: keyof typeof blank) => (e: { target: { value: string } }) =>
    setForm((f) => ({ ...f, [field]: e.target.value }));

  const body = useMemo<PatientIn>(
    () => ({
      firstName: form.firstName,
      lastName: form.lastName,
      phone: form.phone || undefined,
      email: form.email || undefined,
      dateOfBirth: form.dateOfBirth || undefined,
      sex: (form.sex || undefined) as PatientIn["sex"],
      pronouns: form.pronouns || undefined,
      preferredName: form.preferredName || undefined,
      allowDuplicate: false,
    }),
    [form],
  );

  // Look for existing patients as soon as there is something to compare.
  const probe = useDebounced(body, 350);
  const worthChecking =
    Boolean(probe.firstName.trim() && probe.lastName.trim()) &&
    Boolean(probe.phone || probe.email || probe.dateOfBirth);
  const duplicates = useQuery({ ...duplicatesQuery(worthChecking && open ? probe : null) });
  const matches = duplicates.data ?? [];

  const submit = async (event: FormEvent, allowDuplicate = false) => {
    event.preventDefault();
    setProblem(null);
    try {
      const patient = await create.mutateAsync({ ...body, allowDuplicate });
      toast.success(`${fullName(patient)} added`);
      onOpenChange(false);
      await navigate({ to: "/patients/$patientId", params: { patientId: patient.id } });
    } catch (error) {
      setProblem(asProblem(error));
    }
  };

  const duplicateRefused = problem?.code === "possible_duplicate";

  return (
    <Dialog open={open} onOpenChange={onOpenChange}>
      <DialogContent title="New patient" description="Only a first and last name are required.">
        <form onSubmit={(e) => void submit(e)} className="flex flex-col gap-4" noValidate>
          <div className="grid grid-cols-2 gap-3">
            <Field label="First name" error={problem?.field("firstName")}>
              <Input autoFocus autoComplete="off" value={form.firstName} onChange={set("firstName")} />
            </Field>
            <Field label="Last name" error={problem?.field("lastName")}>
              <Input autoComplete="off" value={form.lastName} onChange={set("lastName")} />
            </Field>
          </div>
          <div className="grid grid-cols-1 gap-3 sm:grid-cols-2">
            <Field label="Mobile phone" optional error={problem?.field("phone")}>
              <Input
                type="tel"
                inputMode="tel"
                autoComplete="off"
                value={form.phone}
                onChange={set("phone")}
              />
            </Field>
            <Field label="Date of birth" optional error={problem?.field("dateOfBirth")}>
              <Input type="date" value={form.dateOfBirth} onChange={set("dateOfBirth")} max="9999-12-31" />
            </Field>
          </div>
          <Field label="Email" optional error={problem?.field("email")}>
            <Input
              type="email"
              inputMode="email"
              autoComplete="off"
              value={form.email}
              onChange={set("email")}
            />
          </Field>

          {more ? (
            <div className="grid grid-cols-1 gap-3 sm:grid-cols-3">
              <Field label="Preferred name" optional error={problem?.field("preferredName")}>
                <Input value={form.preferredName} onChange={set("preferredName")} />
              </Field>
              <Field label="Sex" optional>
                <Select value={form.sex} onChange={set("sex")}>
                  <option value="">Not recorded</option>
                  <option value="female">Female</option>
                  <option value="male">Male</option>
                  <option value="intersex">Intersex</option>
                  <option value="unknown">Unknown</option>
                </Select>
              </Field>
              <Field label="Pronouns" optional error={problem?.field("pronouns")}>
                <Input placeholder="she/her" value={form.pronouns} onChange={set("pronouns")} />
              </Field>
            </div>
          ) : (
            <button
              type="button"
              onClick={() => setMore(true)}
              className="-mt-1 flex items-center gap-1 self-start text-[13px] font-medium text-brand hover:underline"
            >
              <ChevronDown className="size-3.5" aria-hidden="true" /> Preferred name, sex, pronouns
            </button>
          )}

          {matches.length > 0 ? (
            <div role="status" className="rounded-xl border border-warning/30 bg-warning-soft p-3">
              <p className="flex items-center gap-1.5 text-[13px] font-medium text-warning">
                <AlertTriangle className="size-4" aria-hidden="true" />
                {matches.length === 1
                  ? "This may be someone already on file"
                  : "These may be people already on file"}
              </p>
              <ul className="mt-2 flex flex-col gap-1">
                {matches.map((m) => (
                  <li key={m.id}>
                    <Link
                      to="/patients/$patientId"
                      params={{ patientId: m.id }}
                      onClick={() => onOpenChange(false)}
                      className="text-sm font-medium text-ink underline-offset-2 hover:underline"
                    >
                      {fullName(m)}
                    </Link>
                    <span className="text-[13px] text-muted">
                      {" "}
                      {[m.dateOfBirth ? formatBirthDate(m.dateOfBirth) : null, m.phone, m.email]
                        .filter(Boolean)
                        .join(" · ")}
                    </span>
                  </li>
                ))}
              </ul>
            </div>
          ) : null}

          {problem && !problem.fields.length && !duplicateRefused ? (
            <p role="alert" className="rounded-lg bg-danger-soft px-3 py-2 text-[13px] text-danger">
              {problem.message}
              {problem.requestId ? (
                <span className="block font-mono text-[11px] opacity-70">{problem.requestId}</span>
              ) : null}
            </p>
          ) : null}

          <div className="mt-1 flex flex-col-reverse gap-2 sm:flex-row sm:justify-end">
            <Button type="button" variant="ghost" onClick={() => onOpenChange(false)}>
              Cancel
            </Button>
            {duplicateRefused || matches.length > 0 ? (
              <Button type="button" busy={create.isPending} onClick={(e) => void submit(e, true)}>
                Create anyway
              </Button>
            ) : null}
            {duplicateRefused ? null : (
              <Button type="submit" variant="primary" busy={create.isPending}>
                Create patient
              </Button>
            )}
          </div>
        </form>
      </DialogContent>
    </Dialog>
  );
}
