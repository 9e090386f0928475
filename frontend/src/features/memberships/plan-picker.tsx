import { useQuery } from "@tanstack/react-query";
import { Link } from "@tanstack/react-router";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Skeleton } from "@/components/ui/skeleton";
import { cn } from "@/lib/cn";
import { useCan } from "@/lib/session";
import { type Plan, plansQuery } from "./api";
import { planGrants, planKindLabel, priceText, termsText } from "./credits";

/** The plans that can be sold now. */
export function useSellablePlans() {
  const plans = useQuery(plansQuery);
  return { ...plans, sellable: (plans.data ?? []).filter((p) => !p.archived) };
}

/** Picks one current plan, each shown with its price and what it grants. */
export function PlanPicker({
  plans,
  value,
  onChange,
  currency,
  error,
}: {
  plans: ReturnType<typeof useSellablePlans>;
  value: string;
  onChange: (plan: Plan) => void;
  currency: string;
  error?: string | undefined;
}) {
  const canSetUp = useCan("settings:write");
  if (plans.isPending) {
    return (
      <div className="flex flex-col gap-2" role="status" aria-label="Loading plans">
        <Skeleton className="h-16 w-full" />
        <Skeleton className="h-16 w-full" />
      </div>
    );
  }
  if (plans.isError) {
    return (
      <div
        role="alert"
        className="flex items-center justify-between gap-3 rounded-lg bg-danger-soft px-3 py-2"
      >
        <p className="text-[13px] text-danger">The plans didn’t load. {plans.error.message}</p>
        <Button size="sm" type="button" onClick={() => void plans.refetch()}>
          Try again
        </Button>
      </div>
    );
  }
  if (!plans.sellable.length) {
    return (
      <div className="rounded-lg bg-canvas px-3 py-3 text-[13px] text-muted">
        No memberships or packages to sell yet.{" "}
        {canSetUp ? (
          <Link to="/settings/memberships" className="font-medium text-brand hover:underline">
            Make one in Settings
          </Link>
        ) : (
          "An owner makes them in Settings → Memberships & packages."
        )}
      </div>
    );
  }
  return (
    <fieldset aria-describedby={error ? "plan-error" : undefined} className="min-w-0">
      <legend className="mb-1.5 text-[13px] font-medium text-ink-soft">Plan</legend>
      <div className="flex max-h-[46dvh] flex-col gap-2 overflow-y-auto p-0.5">
        {plans.sellable.map((plan) => {
          const chosen = plan.id === value;
          const terms = termsText(plan);
          return (
            <label
              key={plan.id}
              className={cn(
                "flex cursor-pointer items-start gap-3 rounded-xl border p-3 transition-colors",
                chosen ? "border-brand bg-brand-soft/40 ring-1 ring-brand" : "border-line hover:bg-canvas",
              )}
            >
              <input
                type="radio"
                name="plan"
                value={plan.id}
                checked={chosen}
                onChange={() => onChange(plan)}
                className="mt-1 size-4 shrink-0 accent-[var(--color-brand)]"
              />
              <span className="min-w-0 flex-1">
                <span className="flex flex-wrap items-center gap-x-2 gap-y-1">
                  <span className="text-sm font-medium text-ink">{plan.name}</span>
                  <Badge tone={plan.kind === "membership" ? "brand" : "neutral"}>{planKindLabel(plan)}</Badge>
                </span>
                <span className="mt-0.5 block text-[13px] text-ink-soft tabular-nums">
                  <span className="font-medium">{priceText(plan, currency)}</span>
                  {terms ? <span className="text-muted"> · {terms}</span> : null}
                </span>
                <span className="mt-0.5 block text-[13px] text-muted">
                  {planGrants(plan, currency).join(" · ")}
                </span>
                {plan.description ? (
                  <span className="mt-0.5 block text-[12px] text-muted">{plan.description}</span>
                ) : null}
              </span>
            </label>
          );
        })}
      </div>
      {error ? (
        <p id="plan-error" className="mt-1.5 text-[13px] text-danger">
          {error}
        </p>
      ) : null}
    </fieldset>
  );
}
