import { Badge } from "@/components/ui/badge";
import { cn } from "@/lib/cn";
import type { Plan } from "./api";
import { discountText, grantText, planKindLabel, priceText, termsText } from "./credits";

/** What a plan grants, one credit a line: "1 HydraFacial / month", "40 units of neurotoxin". */
export function PlanGrants({
  plan,
  currency,
  className,
}: {
  plan: Plan;
  currency: string;
  className?: string;
}) {
  const discount = discountText(plan);
  return (
    <ul
      className={cn("flex flex-col gap-0.5 text-[13px] text-ink-soft", className)}
      aria-label="What it grants"
    >
      {plan.benefits.map((b) => (
        <li key={b.id}>{grantText(b, plan.billingInterval, currency)}</li>
      ))}
      {discount ? <li>{discount}</li> : null}
    </ul>
  );
}

/** A plan's name, kind, price and terms, as pickers and the settings list show it. */
export function PlanHeading({ plan, currency }: { plan: Plan; currency: string }) {
  const terms = termsText(plan);
  return (
    <>
      <p className="flex flex-wrap items-center gap-2 text-sm font-medium text-ink">
        {plan.name}
        <Badge tone={plan.kind === "membership" ? "brand" : "neutral"}>{planKindLabel(plan)}</Badge>
        {plan.archived ? <Badge tone="warning">Archived</Badge> : null}
      </p>
      <p className="mt-0.5 text-[13px] text-muted tabular-nums">
        <span className="font-medium text-ink-soft">{priceText(plan, currency)}</span>
        {terms ? ` · ${terms}` : ""}
      </p>
    </>
  );
}
