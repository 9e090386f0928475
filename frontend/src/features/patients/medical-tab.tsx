import { useQuery } from "@tanstack/react-query";
import { NotebookPen, Pencil, Plus, ShieldAlert, Trash2 } from "lucide-react";
import { type FormEvent, useState } from "react";
import { type ApiProblem, asProblem } from "@/api/problem";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { CardHeader } from "@/components/ui/card";
import { Field } from "@/components/ui/field";
import { Input, Select, Textarea } from "@/components/ui/input";
import { Skeleton } from "@/components/ui/skeleton";
import { EmptyState, ErrorState } from "@/components/ui/states";
import { useToast } from "@/components/ui/toast";
import { formatDateTime } from "@/lib/dates";
import { useCan, useMe } from "@/lib/session";
import {
  type Allergy,
  allergiesQuery,
  notesQuery,
  type Patient,
  type Severity,
  useAddNote,
  useRemoveAllergy,
  useRemoveNote,
  useSaveAllergy,
} from "./api";

export const SEVERITY: Record<Severity, { label: string; tone: "danger" | "warning" | "neutral" }> = {
  severe: { label: "Severe", tone: "danger" },
  moderate: { label: "Moderate", tone: "warning" },
  mild: { label: "Mild", tone: "neutral" },
  unknown: { label: "Severity unknown", tone: "neutral" },
};

export function MedicalTab({ patient }: { patient: Patient }) {
  return (
    <div className="divide-y divide-line">
      <Allergies patient={patient} />
      <Notes patient={patient} />
    </div>
  );
}

function Allergies({ patient }: { patient: Patient }) {
  const allergies = useQuery(allergiesQuery(patient.id));
  const canWrite = useCan("patient_medical:write") && !patient.archived;
  const [editing, setEditing] = useState<Allergy | "new" | null>(null);
  return (
    <section>
      <CardHeader
        title="Allergies"
        description="Shown on the patient’s header and on their appointments."
        action={
          canWrite && editing === null ? (
            <Button size="sm" onClick={() => setEditing("new")}>
              <Plus className="size-3.5" aria-hidden="true" /> Add allergy
            </Button>
          ) : undefined
        }
      />
      {editing === "new" ? <AllergyForm patientId={patient.id} onDone={() => setEditing(null)} /> : null}
      {allergies.isPending ? (
        <div className="space-y-2 p-5">
          <Skeleton className="h-10 w-full" />
          <Skeleton className="h-10 w-full" />
        </div>
      ) : allergies.isError ? (
        <ErrorState error={allergies.error} retry={() => void allergies.refetch()} />
      ) : allergies.data.length === 0 && editing !== "new" ? (
        <EmptyState
          icon={ShieldAlert}
          title="No allergies recorded"
          body="Record drug, latex and topical allergies before treating."
          action={
            canWrite ? (
              <Button onClick={() => setEditing("new")}>
                <Plus className="size-4" aria-hidden="true" /> Add allergy
              </Button>
            ) : undefined
          }
        />
      ) : (
        <ul className="divide-y divide-line">
          {allergies.data.map((a) =>
            editing !== null && editing !== "new" && editing.id === a.id ? (
              <li key={a.id}>
                <AllergyForm patientId={patient.id} allergy={a} onDone={() => setEditing(null)} />
              </li>
            ) : (
              <AllergyRow
                key={a.id}
                patientId={patient.id}
                allergy={a}
                canWrite={canWrite}
                onEdit={() => setEditing(a)}
              />
            ),
          )}
        </ul>
      )}
    </section>
  );
}

function AllergyRow({
  patientId,
  allergy,
  canWrite,
  onEdit,
}: {
  patientId: string;
  allergy: Allergy;
  canWrite: boolean;
  onEdit: () => void;
}) {
  const remove = useRemoveAllergy(patientId);
  const toast = useToast();
  const severity = SEVERITY[allergy.severity];
  return (
    <li className="flex items-center gap-3 px-5 py-3">
      <div className="min-w-0 flex-1">
        <p className="text-sm font-medium text-ink">{allergy.substance}</p>
        {allergy.reaction ? <p className="text-[13px] text-muted">{allergy.reaction}</p> : null}
      </div>
      <Badge tone={severity.tone}>{severity.label}</Badge>
      {canWrite ? (
        <div className="flex">
          <Button size="icon" variant="ghost" aria-label={`Edit ${allergy.substance}`} onClick={onEdit}>
            <Pencil className="size-4" />
          </Button>
          <Button
            size="icon"
            variant="ghost"
            aria-label={`Remove ${allergy.substance}`}
            busy={remove.isPending}
            onClick={() =>
              remove.mutate(allergy.id, { onError: (e) => toast.error(e, "Couldn’t remove the allergy") })
            }
          >
            <Trash2 className="size-4" />
          </Button>
        </div>
      ) : null}
    </li>
  );
}

function AllergyForm({
  patientId,
  allergy,
  onDone,
}: {
  patientId: string;
  allergy?: Allergy;
  onDone: () => void;
}) {
  const [substance, setSubstance] = useState(allergy?.substance ?? "");
  const [reaction, setReaction] = useState(allergy?.reaction ?? "");
  const [severity, setSeverity] = useState<Severity>(allergy?.severity ?? "moderate");
  const [problem, setProblem] = useState<ApiProblem | null>(null);
  const save = useSaveAllergy(patientId);
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    try {
      await save.mutateAsync({
        allergyId: allergy?.id,
        body: { substance, reaction: reaction.trim() || undefined, severity },
      });
      onDone();
    } catch (e) {
      setProblem(asProblem(e));
    }
  };
  return (
    <form
      onSubmit={(e) => void submit(e)}
      className="grid grid-cols-1 gap-3 bg-canvas/60 px-5 py-4 sm:grid-cols-[1fr_1fr_10rem_auto] sm:items-end"
    >
      <Field label="Substance" error={problem?.field("substance")}>
        <Input
          autoFocus
          placeholder="e.g. Lidocaine"
          value={substance}
          onChange={(e) => setSubstance(e.target.value)}
        />
      </Field>
      <Field label="Reaction" optional error={problem?.field("reaction")}>
        <Input placeholder="e.g. Hives" value={reaction} onChange={(e) => setReaction(e.target.value)} />
      </Field>
      <Field label="Severity">
        <Select value={severity} onChange={(e) => setSeverity(e.target.value as Severity)}>
          {Object.entries(SEVERITY).map(([v, s]) => (
            <option key={v} value={v}>
              {s.label}
            </option>
          ))}
        </Select>
      </Field>
      <div className="flex gap-2">
        <Button type="button" variant="ghost" onClick={onDone}>
          Cancel
        </Button>
        <Button type="submit" variant="primary" busy={save.isPending}>
          {allergy ? "Save" : "Add"}
        </Button>
      </div>
    </form>
  );
}

function Notes({ patient }: { patient: Patient }) {
  const notes = useQuery(notesQuery(patient.id));
  const canWrite = useCan("patient_medical:write") && !patient.archived;
  const me = useMe();
  const [body, setBody] = useState("");
  const add = useAddNote(patient.id);
  const remove = useRemoveNote(patient.id);
  const toast = useToast();
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    try {
      await add.mutateAsync(body);
      setBody("");
    } catch (e) {
      toast.error(e, "Couldn’t save the note");
    }
  };
  return (
    <section>
      <CardHeader
        title="Medical notes"
        description="History, medications and anything a provider should know."
      />
      {canWrite ? (
        <form onSubmit={(e) => void submit(e)} className="flex flex-col gap-2 px-5 pt-4">
          <Textarea
            aria-label="New medical note"
            placeholder="Add a note…"
            value={body}
            onChange={(e) => setBody(e.target.value)}
            rows={2}
          />
          <div className="flex justify-end">
            <Button type="submit" size="sm" variant="primary" busy={add.isPending} disabled={!body.trim()}>
              Add note
            </Button>
          </div>
        </form>
      ) : null}
      {notes.isPending ? (
        <div className="p-5">
          <Skeleton className="h-16 w-full" />
        </div>
      ) : notes.isError ? (
        <ErrorState error={notes.error} retry={() => void notes.refetch()} />
      ) : notes.data.length === 0 ? (
        <EmptyState
          icon={NotebookPen}
          title="No notes yet"
          body="Medical history and anything worth knowing next time."
        />
      ) : (
        <ul className="flex flex-col gap-3 p-5">
          {notes.data.map((n) => (
            <li key={n.id} className="rounded-xl border border-line bg-surface p-3.5">
              <p className="whitespace-pre-wrap text-sm leading-relaxed text-ink">{n.body}</p>
              <div className="mt-2 flex items-center justify-between gap-2 text-xs text-muted">
                <span>
                  {n.authorName} · {formatDateTime(n.createdAt, me.clinic.timezone)}
                </span>
                {canWrite && (n.authorId === me.user?.id || me.role === "owner") ? (
                  <button
                    type="button"
                    className="rounded px-1.5 py-0.5 hover:bg-black/5 hover:text-danger"
                    onClick={() =>
                      remove.mutate(n.id, { onError: (e) => toast.error(e, "Couldn’t remove the note") })
                    }
                  >
                    Remove
                  </button>
                ) : null}
              </div>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
