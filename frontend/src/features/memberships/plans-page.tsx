import { useQuery } from "@tanstack/react-query";
import { Archive, ArchiveRestore, Gem, Lock, Pencil, Plus } from "lucide-react";
import { type ReactNode, useState } from "react";
import { Button } from "@/components/ui/button";
import { Card, CardHeader } from "@/components/ui/card";
import { Skeleton } from "@/components/ui/skeleton";
import { EmptyState, ErrorState } from "@/components/ui/states";
import { useToast } from "@/components/ui/toast";
import { useCan } from "@/lib/session";
import { type Plan, plansQuery, useArchivePlan, useCurrency } from "./api";
import { LiabilityCard } from "./liability-card";
import { PlanDialog } from "./plan-dialog";
import { PlanGrants, PlanHeading } from "./plan-summary";

function membersText(plan: Plan): string {
  const noun = plan.kind === "membership" ? "member" : "patient";
  return plan.members === 1 ? `1 ${noun}` : `${plan.members.toLocaleString("en-US")} ${noun}s`;
}

function PlanRow({
  plan,
  currency,
  canWrite,
  onEdit,
}: {
  plan: Plan;
  currency: string;
  canWrite: boolean;
  onEdit: () => void;
}) {
  const archive = useArchivePlan();
  const toast = useToast();
  const flip = () =>
    archive.mutate(
      { id: plan.id, archived: !plan.archived },
      {
        onSuccess: (p) =>
          toast.success(
            p.archived ? `${p.name} archived` : `${p.name} restored`,
            p.archived ? "Nobody new can enrol; its members keep theirs." : undefined,
          ),
        onError: (e) => toast.error(e, "Couldn’t change the plan"),
      },
    );
  return (
    <li className="flex flex-wrap items-start gap-x-4 gap-y-2 px-5 py-3.5 sm:flex-nowrap">
      {/* A line of its own on a phone; the count and actions go below it. */}
      <div className="min-w-0 grow basis-full sm:basis-0">
        <PlanHeading plan={plan} currency={currency} />
        <PlanGrants plan={plan} currency={currency} className="mt-1.5" />
        {plan.description ? <p className="mt-1 text-[13px] text-muted">{plan.description}</p> : null}
      </div>
      <p className="shrink-0 pt-1.5 text-[13px] text-muted tabular-nums sm:w-24 sm:pt-0.5 sm:text-right">
        {membersText(plan)}
      </p>
      {canWrite ? (
        <div className="flex shrink-0 items-center gap-1">
          <Button variant="ghost" size="sm" onClick={onEdit} aria-label={`Edit ${plan.name}`}>
            <Pencil className="size-3.5" aria-hidden="true" /> Edit
          </Button>
          <Button
            variant="ghost"
            size="sm"
            busy={archive.isPending}
            onClick={flip}
            aria-label={plan.archived ? `Restore ${plan.name}` : `Archive ${plan.name}`}
          >
            {archive.isPending ? null : plan.archived ? (
              <ArchiveRestore className="size-3.5" aria-hidden="true" />
            ) : (
              <Archive className="size-3.5" aria-hidden="true" />
            )}
            {plan.archived ? "Restore" : "Archive"}
          </Button>
        </div>
      ) : null}
    </li>
  );
}

function Group({ title, children }: { title: string; children: ReactNode }) {
  return (
    <section aria-label={title}>
      <h3 className="border-b border-line bg-canvas/60 px-5 py-1.5 text-[11px] font-semibold tracking-wide text-muted uppercase">
        {title}
      </h3>
      <ul className="divide-y divide-line border-b border-line last:border-b-0">{children}</ul>
    </section>
  );
}

/** Settings → Memberships & packages: owners make and change plans; staff who sell or read
 * memberships see them, and those who read reports see what unused credits are worth. */
export function MembershipPlansPage() {
  const plans = useQuery(plansQuery);
  const currency = useCurrency();
  const canWrite = useCan("settings:write");
  const canReport = useCan("reports:read");
  const [editing, setEditing] = useState<Plan | "new" | null>(null);
  const all = plans.data ?? [];
  const current = all.filter((p) => !p.archived);
  const archived = all.filter((p) => p.archived);

  let body: ReactNode;
  if (plans.isPending) {
    body = (
      <div className="flex flex-col gap-4 p-5" role="status" aria-label="Loading plans">
        {[0, 1, 2].map((i) => (
          <div key={i} className="flex flex-col gap-2">
            <Skeleton className="h-5 w-48" />
            <Skeleton className="h-4 w-64 max-w-full" />
            <Skeleton className="h-4 w-40" />
          </div>
        ))}
      </div>
    );
  } else if (plans.isError) {
    body = <ErrorState error={plans.error} retry={() => void plans.refetch()} />;
  } else if (all.length === 0) {
    body = (
      <EmptyState
        icon={Gem}
        title="No memberships or packages yet"
        body={
          canWrite
            ? "Make a monthly membership with a member discount, a package of sessions, or a unit bank."
            : "When an owner makes one, the front desk can sell it from a patient’s profile or at checkout."
        }
        action={
          canWrite ? (
            <Button variant="primary" onClick={() => setEditing("new")}>
              <Plus className="size-4" aria-hidden="true" /> New plan
            </Button>
          ) : undefined
        }
      />
    );
  } else {
    const row = (p: Plan) => (
      <PlanRow key={p.id} plan={p} currency={currency} canWrite={canWrite} onEdit={() => setEditing(p)} />
    );
    body = (
      <>
        {current.length ? (
          <Group title="Current">{current.map(row)}</Group>
        ) : (
          <p className="border-b border-line px-5 py-4 text-sm text-muted">
            Every plan is archived: nobody new can enrol until one is restored or a new one is made.
          </p>
        )}
        {archived.length ? <Group title="Archived">{archived.map(row)}</Group> : null}
      </>
    );
  }

  return (
    <div className="flex flex-col gap-5">
      <Card className="overflow-hidden">
        <CardHeader
          title="Memberships & packages"
          description="Plans patients buy: memberships billed each month or year, and packages paid once."
          action={
            canWrite && all.length ? (
              <Button size="sm" variant="primary" onClick={() => setEditing("new")}>
                <Plus className="size-3.5" aria-hidden="true" /> New plan
              </Button>
            ) : null
          }
        />
        {canWrite ? null : (
          <p className="flex items-center gap-2 border-b border-line bg-canvas px-5 py-2.5 text-[13px] text-muted">
            <Lock className="size-3.5 shrink-0" aria-hidden="true" />
            Only the clinic’s owners change plans.
          </p>
        )}
        {body}
      </Card>
      {canReport && all.length ? <LiabilityCard /> : null}
      {editing ? (
        <PlanDialog
          key={editing === "new" ? "new" : editing.id}
          plan={editing === "new" ? null : editing}
          onClose={() => setEditing(null)}
        />
      ) : null}
    </div>
  );
}
