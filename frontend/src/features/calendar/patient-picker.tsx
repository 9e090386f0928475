import { useQuery } from "@tanstack/react-query";
import { AlertTriangle, Search, UserPlus, X } from "lucide-react";
import { useId, useState } from "react";
import { Input } from "@/components/ui/input";
import { Spinner } from "@/components/ui/spinner";
import { cn } from "@/lib/cn";
import { formatBirthDate } from "@/lib/dates";
import { useDebounced } from "@/lib/use-debounced";
import { fullName, type Patient, patientSearch } from "../patients/api";

export interface NewPatient {
  firstName: string;
  lastName: string;
  phone: string;
  email: string;
}

export type PatientChoice = { kind: "existing"; patient: Patient } | { kind: "new"; patient: NewPatient };

function splitName(typed: string): Pick<NewPatient, "firstName" | "lastName"> {
  const words = typed
    .trim()
    .split(/\s+/)
    .filter((w) => w && !/\d|@/.test(w));
  const cap = (w: string) => w.charAt(0).toUpperCase() + w.slice(1);
  return { firstName: cap(words[0] ?? ""), lastName: words.slice(1).map(cap).join(" ") };
}

/** Find a patient as you type, or add one without leaving the booking. */
export function PatientPicker({
  value,
  onChange,
  autoFocus,
  error,
  allowNew = true,
}: {
  value: PatientChoice | null;
  onChange: (choice: PatientChoice | null) => void;
  autoFocus?: boolean;
  error?: string | undefined;
  /** Whether "New patient" is offered beside the matches (not to roles that can't add one). */
  allowNew?: boolean;
}) {
  const [q, setQ] = useState("");
  const [active, setActive] = useState(0);
  const listId = useId();
  const debounced = useDebounced(q, 150);
  const search = useQuery(patientSearch(debounced));
  const results = debounced.trim() ? (search.data?.items ?? []) : [];
  const options = [
    ...results.map((p) => ({ kind: "existing" as const, patient: p })),
    ...(allowNew ? [{ kind: "add" as const }] : []),
  ];
  const settled = debounced === q && !search.isFetching;

  if (value?.kind === "existing") {
    const p = value.patient;
    return (
      <div className="flex items-center gap-2 rounded-lg border border-line bg-canvas px-3 py-2">
        <div className="min-w-0 flex-1">
          <p className="flex items-center gap-1.5 truncate text-sm font-semibold text-ink">
            {fullName(p)}
            {p.hasAllergies ? (
              <AlertTriangle className="size-3.5 text-danger" aria-label="Has allergies" />
            ) : null}
          </p>
          <p className="truncate text-xs text-muted">
            {[p.dateOfBirth ? formatBirthDate(p.dateOfBirth) : null, p.phone, p.email]
              .filter(Boolean)
              .join(" · ") || "No contact details"}
          </p>
        </div>
        <button
          type="button"
          onClick={() => onChange(null)}
          className="rounded-md p-1 text-muted hover:bg-black/5 hover:text-ink"
          aria-label="Choose another patient"
        >
          <X className="size-4" />
        </button>
      </div>
    );
  }

  if (value?.kind === "new") {
    const set = (field: keyof NewPatient) => (e: { target: { value: string } }) =>
      onChange({ kind: "new", patient: { ...value.patient, [field]: e.target.value } });
    return (
      <div className="rounded-lg border border-line bg-canvas p-2.5">
        <div className="mb-2 flex items-center justify-between">
          <p className="flex items-center gap-1.5 text-[13px] font-semibold text-ink">
            <UserPlus className="size-3.5 text-brand" aria-hidden="true" /> New patient
          </p>
          <button
            type="button"
            onClick={() => onChange(null)}
            className="text-[12px] font-medium text-muted hover:text-ink"
          >
            Search instead
          </button>
        </div>
        <div className="grid grid-cols-2 gap-2">
          <Input
            aria-label="First name"
            placeholder="First name"
            value={value.patient.firstName}
            onChange={set("firstName")}
            autoFocus
          />
          <Input
            aria-label="Last name"
            placeholder="Last name"
            value={value.patient.lastName}
            onChange={set("lastName")}
          />
          <Input
            aria-label="Mobile phone"
            placeholder="Mobile phone"
            type="tel"
            inputMode="tel"
            value={value.patient.phone}
            onChange={set("phone")}
          />
          <Input
            aria-label="Email"
            placeholder="Email"
            type="email"
            inputMode="email"
            value={value.patient.email}
            onChange={set("email")}
          />
        </div>
      </div>
    );
  }

  const choose = (i: number) => {
    const o = options[i];
    if (!o) return;
    if (o.kind === "existing") onChange(o);
    else
      onChange({
        kind: "new",
        patient: {
          ...splitName(q),
          phone: /\d{3}/.test(q) ? q.trim() : "",
          email: q.includes("@") ? q.trim() : "",
        },
      });
  };

  return (
    <div className="relative">
      <Search className="pointer-events-none absolute top-2.5 left-3 size-4 text-faint" aria-hidden="true" />
      <Input
        role="combobox"
        aria-label="Patient"
        aria-expanded={q.trim().length > 0 && options.length > 0}
        aria-controls={listId}
        aria-activedescendant={q.trim() && options[active] ? `${listId}-${active}` : undefined}
        aria-invalid={error ? true : undefined}
        autoFocus={autoFocus}
        autoComplete="off"
        placeholder={allowNew ? "Search or add a patient" : "Find a patient"}
        className="pl-9"
        value={q}
        onChange={(e) => {
          setQ(e.target.value);
          setActive(0);
        }}
        onKeyDown={(e) => {
          if (!q.trim()) return;
          if (e.key === "ArrowDown") {
            e.preventDefault();
            setActive((a) => Math.min(a + 1, options.length - 1));
          } else if (e.key === "ArrowUp") {
            e.preventDefault();
            setActive((a) => Math.max(a - 1, 0));
          } else if (e.key === "Enter") {
            e.preventDefault();
            choose(active);
          }
        }}
      />
      {search.isFetching ? <Spinner className="absolute top-2.5 right-3 size-4 text-faint" /> : null}
      {error ? <p className="mt-1 text-[13px] text-danger">{error}</p> : null}
      {q.trim() && options.length === 0 ? (
        <p
          id={listId}
          aria-live="polite"
          className="mt-1 rounded-lg border border-line bg-surface px-3 py-2 text-sm text-muted shadow-card"
        >
          {settled ? "No one matches." : "Searching…"}
        </p>
      ) : q.trim() ? (
        <div
          id={listId}
          role="listbox"
          aria-label="Patients"
          className="mt-1 flex max-h-56 flex-col overflow-y-auto rounded-lg border border-line bg-surface p-1 shadow-card"
        >
          {options.map((o, i) => (
            <div
              key={o.kind === "existing" ? o.patient.id : "add"}
              id={`${listId}-${i}`}
              role="option"
              tabIndex={-1}
              aria-selected={i === active}
              onMouseEnter={() => setActive(i)}
              onMouseDown={(e) => e.preventDefault()}
              onClick={() => choose(i)}
              onKeyDown={undefined}
              className={cn(
                "flex cursor-pointer items-center gap-2 rounded-md px-2 py-1.5 text-sm",
                i === active && "bg-brand-soft",
              )}
            >
              {o.kind === "existing" ? (
                <>
                  <span className="min-w-0 flex-1 truncate">
                    <span className="font-medium text-ink">{fullName(o.patient)}</span>
                    <span className={cn("ml-2 text-xs", i === active ? "text-ink-soft" : "text-muted")}>
                      {[
                        o.patient.dateOfBirth ? formatBirthDate(o.patient.dateOfBirth) : null,
                        o.patient.phone,
                      ]
                        .filter(Boolean)
                        .join(" · ")}
                    </span>
                  </span>
                  {o.patient.hasAllergies ? (
                    <AlertTriangle className="size-3.5 text-danger" aria-label="Has allergies" />
                  ) : null}
                </>
              ) : (
                <span className="flex items-center gap-2 font-medium text-brand">
                  <UserPlus className="size-4" aria-hidden="true" /> New patient “{q.trim()}”
                </span>
              )}
            </div>
          ))}
        </div>
      ) : null}
    </div>
  );
}
