import { useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { asProblem } from "@/api/problem";
import { Button } from "@/components/ui/button";
import { useToast } from "@/components/ui/toast";
import { ConsentOverrideDialog, notCurrent } from "../consents/chart-consents";
import { type Chart, chartQuery, useChartAction } from "./api";

/**
 * The provider's submit. When the visit's consents aren't all signed and current, the server
 * refuses without a reason (`consent_missing`), so the reason is asked for first, or when the
 * refusal arrives because consents changed after the chart loaded.
 */
export function SubmitForSignoff({ chart }: { chart: Chart }) {
  const act = useChartAction(chart.id);
  const client = useQueryClient();
  const toast = useToast();
  const [overriding, setOverriding] = useState(false);
  const missing = notCurrent(chart.consents).map((r) => r.name);

  const submit = (consentOverrideReason?: string) =>
    act.mutate(
      { kind: "submit", consentOverrideReason },
      {
        onSuccess: () => {
          setOverriding(false);
          toast.success("Sent for sign-off", "The chart is locked until it is signed or returned.");
        },
        onError: (e) => {
          const p = asProblem(e);
          if (p.code === "consent_missing") {
            void client.invalidateQueries({ queryKey: chartQuery(chart.id).queryKey });
            setOverriding(true);
            return;
          }
          if (overriding && p.field("consentOverrideReason")) return;
          setOverriding(false);
          toast.error(
            e,
            p.code === "chart_incomplete" ? p.fields.map((f) => f.message).join(" ") : "Couldn’t submit",
          );
        },
      },
    );

  return (
    <>
      <Button
        variant="primary"
        onClick={() => (missing.length ? setOverriding(true) : submit())}
        busy={act.isPending && !overriding}
      >
        Submit for sign-off
      </Button>
      <ConsentOverrideDialog
        open={overriding}
        onOpenChange={setOverriding}
        missing={missing}
        busy={act.isPending}
        problem={overriding && act.error ? asProblem(act.error) : null}
        onSubmit={(reason) => submit(reason)}
      />
    </>
  );
}
