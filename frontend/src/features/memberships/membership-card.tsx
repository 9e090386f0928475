import { Link } from "@tanstack/react-router";
import { AlertTriangle, Ban, Pause, Play, SlidersHorizontal } from "lucide-react";
import { useState } from "react";
import { asProblem } from "@/api/problem";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { useToast } from "@/components/ui/toast";
import { ReasonDialog } from "../billing/reason-dialog";
import { AdjustDialog } from "./adjust-dialog";
import { type Membership, type Plan, useChangeMembership } from "./api";
import {
  actionsFor,
  creditName,
  discountText,
  expiryText,
  leftText,
  PLAN_KIND_LABELS,
  planKindLabel,
  STATUS_LABELS,
  STATUS_TONES,
  scheduleText,
} from "./credits";
import { LedgerTable } from "./ledger-table";

/** One membership or package: where it stands, what is left, and its whole ledger. */
export function MembershipCard({
  membership: m,
  plan,
  currency,
  timeZone,
  canWrite,
}: {
  membership: Membership;
  /** The plan as it is now, for its discount (absent while plans load). */
  plan: Plan | undefined;
  currency: string;
  timeZone: string;
  canWrite: boolean;
}) {
  const change = useChangeMembership(m.id);
  const toast = useToast();
  const [adjusting, setAdjusting] = useState(false);
  const [cancelling, setCancelling] = useState(false);
  const can = actionsFor(m);
  const headingId = `membership-${m.id}`;
  const kind = plan ? planKindLabel(plan) : PLAN_KIND_LABELS[m.planKind];
  const discount = plan && (m.status === "active" || m.status === "paused") ? discountText(plan) : null;
  const noun = m.planKind === "membership" ? "membership" : "package";

  const pauseOrResume = (action: "pause" | "resume") =>
    change.mutate(
      { action },
      {
        onSuccess: () =>
          toast.success(
            action === "pause" ? `${m.planName} paused` : `${m.planName} resumed`,
            action === "pause"
              ? "Nothing is billed or granted until it resumes."
              : "Its next period starts on its next renewal day.",
          ),
        onError: (e) => toast.error(e, `Couldn’t ${action} the membership`),
      },
    );

  return (
    <article aria-labelledby={headingId} className="overflow-hidden rounded-xl border border-line bg-surface">
      <header className="flex flex-wrap items-start justify-between gap-3 px-4 py-3.5">
        <div className="min-w-0">
          <h3 id={headingId} className="flex flex-wrap items-center gap-2 text-[15px] font-semibold text-ink">
            {m.planName}
            <Badge tone={m.planKind === "membership" ? "brand" : "neutral"}>{kind}</Badge>
            <Badge tone={STATUS_TONES[m.status]} data-testid="membership-status">
              {STATUS_LABELS[m.status]}
            </Badge>
            {m.overdue ? (
              <Badge tone="danger">
                <AlertTriangle className="size-3" aria-hidden="true" /> Payment overdue
              </Badge>
            ) : null}
          </h3>
          <p className="mt-0.5 text-[13px] text-muted">
            {scheduleText(m, timeZone)}
            {m.saleInvoiceId ? (
              <>
                {" · "}
                <Link
                  to="/invoices/$invoiceId"
                  params={{ invoiceId: m.saleInvoiceId }}
                  className="font-medium text-brand hover:underline"
                >
                  Sale invoice
                </Link>
              </>
            ) : null}
          </p>
          {discount ? <p className="text-[13px] text-ink-soft">Member discount: {discount}</p> : null}
          {m.overdue ? (
            <p className="mt-1 text-[13px] text-danger">
              A period’s invoice is still unpaid a week after it began. Take payment from the Billing tab.
            </p>
          ) : null}
          {m.cancellationReason ? (
            <p className="mt-1 text-[13px] text-ink-soft">Cancelled because: “{m.cancellationReason}”</p>
          ) : null}
        </div>
        {canWrite ? (
          <div className="-ml-2.5 flex flex-wrap items-center gap-1 sm:ml-0">
            {can.adjust ? (
              <Button size="sm" variant="ghost" onClick={() => setAdjusting(true)}>
                <SlidersHorizontal className="size-3.5" aria-hidden="true" /> Adjust
              </Button>
            ) : null}
            {can.pause ? (
              <Button
                size="sm"
                variant="ghost"
                busy={change.isPending}
                onClick={() => pauseOrResume("pause")}
              >
                {change.isPending ? null : <Pause className="size-3.5" aria-hidden="true" />} Pause
              </Button>
            ) : null}
            {can.resume ? (
              <Button
                size="sm"
                variant="ghost"
                busy={change.isPending}
                onClick={() => pauseOrResume("resume")}
              >
                {change.isPending ? null : <Play className="size-3.5" aria-hidden="true" />} Resume
              </Button>
            ) : null}
            {can.cancel ? (
              <Button
                size="sm"
                variant="ghost"
                className="text-danger"
                onClick={() => {
                  change.reset();
                  setCancelling(true);
                }}
              >
                <Ban className="size-3.5" aria-hidden="true" /> Cancel…
              </Button>
            ) : null}
          </div>
        ) : null}
      </header>

      {m.balances.length ? (
        <ul aria-label="Credits left" className="grid gap-2 px-4 pb-4 sm:grid-cols-2 lg:grid-cols-3">
          {m.balances.map((b) => {
            const ends = expiryText(b, currency);
            return (
              <li
                key={`${b.creditKind}:${b.serviceId ?? b.productKind ?? ""}`}
                className="rounded-lg bg-canvas px-3 py-2.5"
              >
                <p className="truncate text-[12px] font-medium text-muted">{creditName(b)}</p>
                <p className="text-base font-semibold text-ink tabular-nums">{leftText(b, currency)}</p>
                {ends ? <p className="text-[12px] text-muted">{ends}</p> : null}
              </li>
            );
          })}
        </ul>
      ) : null}

      <section aria-label={`Ledger of ${m.planName}`} className="border-t border-line">
        <h4 className="px-4 pt-3 pb-2 text-[12px] font-semibold tracking-wide text-muted uppercase">
          Ledger
        </h4>
        <LedgerTable
          entries={m.entries}
          currency={currency}
          timeZone={timeZone}
          label={`Credit ledger of ${m.planName}`}
        />
      </section>

      {adjusting ? <AdjustDialog membership={m} onClose={() => setAdjusting(false)} /> : null}
      <ReasonDialog
        open={cancelling}
        onOpenChange={setCancelling}
        title={`Cancel ${m.planName}?`}
        description={
          m.planKind === "membership"
            ? "Nothing more is billed. Credits already given stay usable until their last day, and its history stays."
            : "Credits already given stay usable until their last day, and its history stays."
        }
        confirm={`Cancel ${noun}`}
        placeholder="Moving away, changing plans…"
        busy={change.isPending}
        problem={change.error ? asProblem(change.error) : null}
        onSubmit={(reason) =>
          change.mutate(
            { action: "cancel", reason },
            {
              onSuccess: () => {
                toast.success(`${m.planName} cancelled`);
                setCancelling(false);
              },
            },
          )
        }
      />
    </article>
  );
}
