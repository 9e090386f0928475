import { Pencil } from "lucide-react";
import { type FormEvent, useState } from "react";
import { type ApiProblem, asProblem } from "@/api/problem";
import { Button } from "@/components/ui/button";
import { CardHeader } from "@/components/ui/card";
import { Field } from "@/components/ui/field";
import { Input, Select } from "@/components/ui/input";
import { useToast } from "@/components/ui/toast";
import { formatBirthDate } from "@/lib/dates";
import { useCan } from "@/lib/session";
import { type Patient, type PatientPatch, useUpdatePatient } from "./api";

type Form = {
  firstName: string;
  lastName: string;
  preferredName: string;
  dateOfBirth: string;
  sex: string;
  pronouns: string;
  phone: string;
  email: string;
  line1: string;
  line2: string;
  city: string;
  region: string;
  postalCode: string;
  country: string;
};

function formOf(p: Patient): Form {
  return {
    firstName: p.firstName,
    lastName: p.lastName,
    preferredName: p.preferredName ?? "",
    dateOfBirth: p.dateOfBirth ?? "",
    sex: p.sex ?? "",
    pronouns: p.pronouns ?? "",
    phone: p.phone ?? "",
    email: p.email ?? "",
    line1: p.address.line1 ?? "",
    line2: p.address.line2 ?? "",
    city: p.address.city ?? "",
    region: p.address.region ?? "",
    postalCode: p.address.postalCode ?? "",
    country: p.address.country ?? "",
  };
}

const orNull = (v: string) => (v.trim() ? v.trim() : null);

const SEX: Record<string, string> = {
  female: "Female",
  male: "Male",
  intersex: "Intersex",
  unknown: "Unknown",
};

export function DetailsTab({ patient }: { patient: Patient }) {
  const canEdit = useCan("patients:write") && !patient.archived;
  const [editing, setEditing] = useState(false);
  const [form, setForm] = useState<Form>(() => formOf(patient));
  const [problem, setProblem] = useState<ApiProblem | null>(null);
  const update = useUpdatePatient(patient.id);
  const toast = useToast();
  const set = (k: keyof Form) => (e: { target: { value: string } }) =>
    setForm((f) => ({ ...f, [k]: e.target.value }));

  const start = () => {
    setForm(formOf(patient));
    setProblem(null);
    setEditing(true);
  };

  const save = async (event: FormEvent) => {
    event.preventDefault();
    const patch: PatientPatch = {
      firstName: form.firstName,
      lastName: form.lastName,
      preferredName: orNull(form.preferredName),
      dateOfBirth: orNull(form.dateOfBirth),
      sex: orNull(form.sex) as PatientPatch["sex"],
      pronouns: orNull(form.pronouns),
      phone: orNull(form.phone),
      email: orNull(form.email),
      address: {
        line1: orNull(form.line1),
        line2: orNull(form.line2),
        city: orNull(form.city),
        region: orNull(form.region),
        postalCode: orNull(form.postalCode),
        country: orNull(form.country),
      },
    };
    try {
      await update.mutateAsync(patch);
      setEditing(false);
      toast.success("Details saved");
    } catch (e) {
      setProblem(asProblem(e));
    }
  };

  if (!editing) {
    const a = patient.address;
    const address = [a.line1, a.line2, [a.city, a.region, a.postalCode].filter(Boolean).join(" "), a.country]
      .filter(Boolean)
      .join(", ");
    return (
      <section>
        <CardHeader
          title="Details"
          action={
            canEdit ? (
              <Button size="sm" onClick={start}>
                <Pencil className="size-3.5" aria-hidden="true" /> Edit
              </Button>
            ) : undefined
          }
        />
        <dl className="grid grid-cols-1 gap-x-8 gap-y-4 p-5 sm:grid-cols-2">
          <Item label="Legal name" value={`${patient.firstName} ${patient.lastName}`} />
          <Item label="Preferred name" value={patient.preferredName} />
          <Item
            label="Date of birth"
            value={patient.dateOfBirth ? `${formatBirthDate(patient.dateOfBirth)} (${patient.age})` : null}
          />
          <Item label="Sex" value={patient.sex ? SEX[patient.sex] : null} />
          <Item label="Pronouns" value={patient.pronouns} />
          <Item
            label="Mobile phone"
            value={patient.phone}
            href={patient.phone ? `tel:${patient.phone}` : undefined}
          />
          <Item
            label="Email"
            value={patient.email}
            href={patient.email ? `mailto:${patient.email}` : undefined}
          />
          <Item label="Address" value={address || null} />
        </dl>
      </section>
    );
  }

  const err = (f: string) => problem?.field(f);
  return (
    <form onSubmit={(e) => void save(e)} noValidate>
      <CardHeader title="Edit details" />
      <div className="grid grid-cols-1 gap-4 p-5 sm:grid-cols-2">
        <Field label="First name" error={err("firstName")}>
          <Input value={form.firstName} onChange={set("firstName")} />
        </Field>
        <Field label="Last name" error={err("lastName")}>
          <Input value={form.lastName} onChange={set("lastName")} />
        </Field>
        <Field label="Preferred name" optional error={err("preferredName")}>
          <Input value={form.preferredName} onChange={set("preferredName")} />
        </Field>
        <Field label="Date of birth" optional error={err("dateOfBirth")}>
          <Input type="date" value={form.dateOfBirth} onChange={set("dateOfBirth")} />
        </Field>
        <Field label="Sex" optional>
          <Select value={form.sex} onChange={set("sex")}>
            <option value="">Not recorded</option>
            {Object.entries(SEX).map(([v, l]) => (
              <option key={v} value={v}>
                {l}
              </option>
            ))}
          </Select>
        </Field>
        <Field label="Pronouns" optional error={err("pronouns")}>
          <Input value={form.pronouns} onChange={set("pronouns")} />
        </Field>
        <Field label="Mobile phone" optional error={err("phone")}>
          <Input type="tel" value={form.phone} onChange={set("phone")} />
        </Field>
        <Field label="Email" optional error={err("email")}>
          <Input type="email" value={form.email} onChange={set("email")} />
        </Field>
        <Field label="Address" optional className="sm:col-span-2" error={err("address.line1")}>
          <Input placeholder="Street and number" value={form.line1} onChange={set("line1")} />
        </Field>
        <Field label="Address line 2" optional error={err("address.line2")}>
          <Input value={form.line2} onChange={set("line2")} />
        </Field>
        <Field label="City" optional error={err("address.city")}>
          <Input value={form.city} onChange={set("city")} />
        </Field>
        <Field label="State or region" optional error={err("address.region")}>
          <Input value={form.region} onChange={set("region")} />
        </Field>
        <div className="grid grid-cols-2 gap-3">
          <Field label="Postal code" optional error={err("address.postalCode")}>
            <Input value={form.postalCode} onChange={set("postalCode")} />
          </Field>
          <Field label="Country" optional error={err("address.country")}>
            <Input placeholder="US" maxLength={2} value={form.country} onChange={set("country")} />
          </Field>
        </div>
      </div>
      {problem && !problem.fields.length ? (
        <p role="alert" className="mx-5 mb-4 rounded-lg bg-danger-soft px-3 py-2 text-[13px] text-danger">
          {problem.message}
        </p>
      ) : null}
      <div className="flex justify-end gap-2 border-t border-line px-5 py-3">
        <Button type="button" variant="ghost" onClick={() => setEditing(false)}>
          Cancel
        </Button>
        <Button type="submit" variant="primary" busy={update.isPending}>
          Save
        </Button>
      </div>
    </form>
  );
}

function Item({
  label,
  value,
  href,
}: {
  label: string;
  value: string | null | undefined;
  href?: string | undefined;
}) {
  return (
    <div>
      <dt className="text-xs font-medium text-muted">{label}</dt>
      <dd className="mt-0.5 text-sm text-ink">
        {value ? (
          href ? (
            <a className="hover:underline" href={href}>
              {value}
            </a>
          ) : (
            value
          )
        ) : (
          <span className="text-faint">—</span>
        )}
      </dd>
    </div>
  );
}
