import { Gem } from "lucide-react";
import { type FormEvent, useState } from "react";
import { asProblem } from "@/api/problem";
import { Button } from "@/components/ui/button";
import { Dialog, DialogContent } from "@/components/ui/dialog";
import { useToast } from "@/components/ui/toast";
import { useCan } from "@/lib/session";
import { useCurrency, useEnrol } from "./api";
import { PlanPicker, useSellablePlans } from "./plan-picker";

/**
 * "Sell membership or package" at checkout: the plan becomes a line on this draft and the
 * patient is enrolled at once. Shown to those who sell memberships.
 */
export function SellPlanButton({
  invoiceId,
  patientId,
  patientName,
  beforeSell,
  afterSell,
}: {
  invoiceId: string;
  patientId: string;
  patientName: string;
  /** Saves what is typed on the draft first; false if it couldn't be saved. */
  beforeSell: () => Promise<boolean>;
  /** Brings the draft back with its new line. */
  afterSell: () => Promise<void>;
}) {
  const canSell = useCan("memberships:write");
  const [open, setOpen] = useState(false);
  if (!canSell) return null;
  return (
    <>
      <Button size="sm" variant="ghost" onClick={() => setOpen(true)}>
        <Gem className="size-4" aria-hidden="true" /> Sell membership or package
      </Button>
      {open ? (
        <SellDialog
          invoiceId={invoiceId}
          patientId={patientId}
          patientName={patientName}
          beforeSell={beforeSell}
          afterSell={afterSell}
          onClose={() => setOpen(false)}
        />
      ) : null}
    </>
  );
}

function SellDialog({
  invoiceId,
  patientId,
  patientName,
  beforeSell,
  afterSell,
  onClose,
}: {
  invoiceId: string;
  patientId: string;
  patientName: string;
  beforeSell: () => Promise<boolean>;
  afterSell: () => Promise<void>;
  onClose: () => void;
}) {
  const plans = useSellablePlans();
  const currency = useCurrency();
  const enrol = useEnrol(patientId);
  const toast = useToast();
  const [planId, setPlanId] = useState("");
  const [missing, setMissing] = useState(false);
  const [unsaved, setUnsaved] = useState(false);
  const [refreshing, setRefreshing] = useState(false);
  const problem = enrol.error ? asProblem(enrol.error) : null;

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (!planId) {
      setMissing(true);
      return;
    }
    // The sale is added to the draft as the server has it: what is typed goes there first.
    if (!(await beforeSell())) {
      setUnsaved(true);
      return;
    }
    setUnsaved(false);
    enrol.mutate(
      { planId, invoiceId },
      {
        onSuccess: async (m) => {
          setRefreshing(true);
          try {
            await afterSell();
          } finally {
            setRefreshing(false);
          }
          toast.success(
            `${m.planName} added to the invoice`,
            `${patientName}’s first credits are ready to use.`,
          );
          onClose();
        },
      },
    );
  };

  return (
    <Dialog open onOpenChange={(o) => !o && onClose()}>
      <DialogContent
        title="Sell a membership or package"
        description={`Added to this invoice as a line; ${patientName} is enrolled at once.`}
        className="sm:max-w-xl"
      >
        <form onSubmit={(e) => void submit(e)} className="flex flex-col gap-4" noValidate>
          <PlanPicker
            plans={plans}
            value={planId}
            currency={currency}
            onChange={(p) => {
              setPlanId(p.id);
              setMissing(false);
            }}
            error={missing ? "Choose a plan." : problem?.field("planId")}
          />
          {unsaved ? (
            <p role="alert" className="rounded-lg bg-danger-soft px-3 py-2 text-[13px] text-danger">
              The invoice isn’t saved yet: check the highlighted fields, then try again.
            </p>
          ) : problem && !problem.field("planId") ? (
            <p role="alert" className="rounded-lg bg-danger-soft px-3 py-2 text-[13px] text-danger">
              {problem.fields[0]?.message ?? problem.message}
            </p>
          ) : null}
          <div className="flex justify-end gap-2">
            <Button type="button" variant="ghost" onClick={onClose}>
              Cancel
            </Button>
            <Button
              type="submit"
              variant="primary"
              busy={enrol.isPending || refreshing}
              disabled={!plans.sellable.length}
            >
              Add to invoice
            </Button>
          </div>
        </form>
      </DialogContent>
    </Dialog>
  );
}
