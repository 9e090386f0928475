import { useQuery } from "@tanstack/react-query";
import { Gem, Plus } from "lucide-react";
import { useState } from "react";
import { Button } from "@/components/ui/button";
import { Skeleton } from "@/components/ui/skeleton";
import { EmptyState, ErrorState } from "@/components/ui/states";
import { useCan, useMe } from "@/lib/session";
import { type Membership, patientMembershipsQuery, plansQuery, useCurrency } from "./api";
import { EnrolDialog } from "./enrol-dialog";
import { MembershipCard } from "./membership-card";

const isCurrent = (m: Membership) => m.status === "active" || m.status === "paused";

/** The patient's Memberships tab: each membership or package with what is left and its ledger;
 * those who sell can enrol, pause, resume, cancel and adjust. */
export function PatientMemberships({
  patientId,
  patientName,
  archived,
}: {
  patientId: string;
  patientName: string;
  archived: boolean;
}) {
  const memberships = useQuery(patientMembershipsQuery(patientId));
  const plans = useQuery(plansQuery);
  const currency = useCurrency();
  const { clinic } = useMe();
  const canWrite = useCan("memberships:write");
  const canEnrol = canWrite && !archived;
  const [enrolling, setEnrolling] = useState(false);
  const list = memberships.data ?? [];
  const current = list.filter(isCurrent);
  const past = list.filter((m) => !isCurrent(m));
  const planOf = (m: Membership) => plans.data?.find((p) => p.id === m.planId);

  const enrolButton = (variant: "primary" | "secondary") => (
    <Button variant={variant} onClick={() => setEnrolling(true)}>
      <Plus className="size-4" aria-hidden="true" /> Enrol
    </Button>
  );

  const card = (m: Membership) => (
    <MembershipCard
      key={m.id}
      membership={m}
      plan={planOf(m)}
      currency={currency}
      timeZone={clinic.timezone}
      canWrite={canWrite}
    />
  );

  let body: React.ReactNode;
  if (memberships.isPending) {
    body = (
      <div className="flex flex-col gap-3 p-5" role="status" aria-label="Loading memberships">
        <Skeleton className="h-6 w-56" />
        <div className="grid gap-2 sm:grid-cols-3">
          <Skeleton className="h-16" />
          <Skeleton className="h-16" />
        </div>
        <Skeleton className="h-24 w-full" />
      </div>
    );
  } else if (memberships.isError) {
    body = <ErrorState error={memberships.error} retry={() => void memberships.refetch()} />;
  } else if (!list.length) {
    body = (
      <EmptyState
        icon={Gem}
        title="No memberships or packages"
        body={
          canEnrol
            ? `Enrol ${patientName} in a monthly membership, a package of sessions or a unit bank; its credits are used at checkout.`
            : `${patientName} hasn’t bought a membership or package.`
        }
        action={canEnrol ? enrolButton("primary") : undefined}
      />
    );
  } else {
    body = (
      <div className="flex flex-col gap-6 p-4 sm:p-5">
        {current.length ? (
          <section aria-label="Current" className="flex flex-col gap-3">
            {current.map(card)}
          </section>
        ) : null}
        {past.length ? (
          <section aria-labelledby="past-memberships" className="flex flex-col gap-3">
            <h3 id="past-memberships" className="text-[13px] font-semibold text-ink-soft">
              Cancelled and ended
            </h3>
            {past.map(card)}
          </section>
        ) : null}
      </div>
    );
  }

  return (
    <div>
      {list.length ? (
        <div className="flex flex-wrap items-center justify-between gap-3 border-b border-line px-5 py-3">
          <p className="text-[13px] text-muted">
            {current.length === 0
              ? "Nothing current"
              : current.length === 1
                ? "1 current"
                : `${current.length} current`}
            {past.length ? ` · ${past.length} past` : ""}
          </p>
          {canEnrol ? enrolButton("secondary") : null}
        </div>
      ) : null}
      {body}
      {canEnrol ? (
        <EnrolDialog
          patientId={patientId}
          patientName={patientName}
          open={enrolling}
          onOpenChange={setEnrolling}
        />
      ) : null}
    </div>
  );
}
