import { useNavigate } from "@tanstack/react-router";
import { Plus, ShoppingBag } from "lucide-react";
import { type FormEvent, useState } from "react";
import { asProblem } from "@/api/problem";
import { Button, type ButtonProps } from "@/components/ui/button";
import { Dialog, DialogContent } from "@/components/ui/dialog";
import { useToast } from "@/components/ui/toast";
import { useCan } from "@/lib/session";
import { type PatientChoice, PatientPicker } from "../calendar/patient-picker";
import { useCreatePatient } from "../patients/api";
import { useStartSale } from "./list-api";

/** Starts a sale without a visit and opens it at checkout. */
function useOpenSale() {
  const start = useStartSale();
  const navigate = useNavigate();
  const toast = useToast();
  const open = (patientId: string) =>
    start.mutate(patientId, {
      onSuccess: (invoice) =>
        void navigate({ to: "/invoices/$invoiceId", params: { invoiceId: invoice.id } }),
      onError: (e) => toast.error(e, "Couldn’t start the sale"),
    });
  return { open, busy: start.isPending };
}

/**
 * "New sale": for a known patient (their profile) it starts at once; otherwise it asks who the
 * sale is for first. Shown to those who write invoices.
 */
export function NewSaleButton({
  patientId,
  size = "md",
  variant = "primary",
}: {
  patientId?: string;
  size?: ButtonProps["size"];
  variant?: ButtonProps["variant"];
}) {
  const canSell = useCan("invoices:write");
  const [choosing, setChoosing] = useState(false);
  const sale = useOpenSale();
  if (!canSell) return null;
  return (
    <>
      <Button
        variant={variant}
        size={size}
        busy={sale.busy}
        onClick={() => (patientId ? sale.open(patientId) : setChoosing(true))}
      >
        <Plus className="size-4" aria-hidden="true" /> New sale
      </Button>
      {choosing ? <ChoosePatient onClose={() => setChoosing(false)} /> : null}
    </>
  );
}

function ChoosePatient({ onClose }: { onClose: () => void }) {
  const canAddPatients = useCan("patients:write");
  const [patient, setPatient] = useState<PatientChoice | null>(null);
  const [missing, setMissing] = useState(false);
  const createPatient = useCreatePatient();
  const sale = useOpenSale();
  const problem = createPatient.error ? asProblem(createPatient.error) : null;

  const duplicate = problem?.code === "possible_duplicate";

  const submit = (e: FormEvent | null, allowDuplicate = false) => {
    e?.preventDefault();
    if (!patient) {
      setMissing(true);
      return;
    }
    if (patient.kind === "existing") {
      sale.open(patient.patient.id);
      return;
    }
    const p = patient.patient;
    createPatient.mutate(
      {
        firstName: p.firstName.trim(),
        lastName: p.lastName.trim(),
        phone: p.phone.trim() || undefined,
        email: p.email.trim() || undefined,
        allowDuplicate,
      },
      { onSuccess: (created) => sale.open(created.id) },
    );
  };

  return (
    <Dialog open onOpenChange={(o) => !o && onClose()}>
      <DialogContent
        title="New sale"
        description="Retail products or a package bought at the desk, without a visit."
      >
        <form onSubmit={submit} className="flex flex-col gap-4" noValidate>
          <div className="flex flex-col gap-1.5">
            <span className="text-[13px] font-medium text-ink-soft">Who is it for?</span>
            <PatientPicker
              value={patient}
              onChange={(choice) => {
                setPatient(choice);
                setMissing(false);
              }}
              allowNew={canAddPatients}
              autoFocus
              error={missing ? "Choose a patient." : undefined}
            />
          </div>
          {problem ? (
            <p role="alert" className="rounded-lg bg-danger-soft px-3 py-2 text-[13px] text-danger">
              {problem.fields[0]?.message ?? problem.message}
            </p>
          ) : null}
          <div className="flex justify-end gap-2">
            <Button type="button" variant="ghost" onClick={onClose}>
              Cancel
            </Button>
            {duplicate ? (
              <Button type="button" busy={createPatient.isPending} onClick={() => submit(null, true)}>
                Add anyway
              </Button>
            ) : null}
            <Button type="submit" variant="primary" busy={sale.busy || createPatient.isPending}>
              <ShoppingBag className="size-4" aria-hidden="true" /> Start sale
            </Button>
          </div>
        </form>
      </DialogContent>
    </Dialog>
  );
}
