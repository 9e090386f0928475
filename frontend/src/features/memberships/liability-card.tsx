import { useQuery } from "@tanstack/react-query";
import { Card, CardHeader } from "@/components/ui/card";
import { Skeleton } from "@/components/ui/skeleton";
import { ErrorState } from "@/components/ui/states";
import { formatMoney } from "../billing/money";
import { servicesQuery } from "../calendar/api";
import { liabilityQuery } from "./api";
import { benefitText, formatDate, PLAN_KIND_LABELS } from "./credits";

/** What members' unused credits are worth today: paid for, not yet given (deferred revenue). */
export function LiabilityCard() {
  const liability = useQuery(liabilityQuery());
  const services = useQuery(servicesQuery);
  const serviceName = (id: string | undefined) => services.data?.find((s) => s.id === id)?.name;
  const th = "px-5 py-2 text-[12px] font-medium text-muted";
  const data = liability.data;
  return (
    <Card className="overflow-hidden">
      <CardHeader
        title="Unused credits"
        description={
          data
            ? `On ${formatDate(data.on)}: their share of what members paid, not yet used.`
            : "Their share of what members paid, not yet used."
        }
      />
      {liability.isPending ? (
        <div className="flex flex-col gap-2 p-5" role="status" aria-label="Loading unused credits">
          <Skeleton className="h-5 w-full" />
          <Skeleton className="h-5 w-2/3" />
        </div>
      ) : liability.isError ? (
        <ErrorState error={liability.error} retry={() => void liability.refetch()} />
      ) : data && data.plans.length === 0 ? (
        <p className="px-5 py-4 text-sm text-muted">No member has credits left today.</p>
      ) : data ? (
        <div className="overflow-x-auto">
          <table className="w-full text-sm">
            <thead className="border-b border-line text-left">
              <tr>
                <th scope="col" className={th}>
                  Plan
                </th>
                <th scope="col" className={`${th} hidden sm:table-cell`}>
                  Left
                </th>
                <th scope="col" className={`${th} text-right`}>
                  Worth
                </th>
              </tr>
            </thead>
            <tbody>
              {data.plans.map((p) => {
                const left = p.outstanding
                  .map((c) => benefitText({ ...c, label: serviceName(c.serviceId) }, data.currency))
                  .join(", ");
                return (
                  <tr key={p.planId} className="border-b border-line">
                    <td className="px-5 py-2.5 align-top">
                      <p className="font-medium text-ink">{p.planName}</p>
                      <p className="text-[12px] text-muted">
                        {PLAN_KIND_LABELS[p.kind]} · {p.members === 1 ? "1 patient" : `${p.members} patients`}
                      </p>
                      <p className="text-[12px] text-muted sm:hidden">{left}</p>
                    </td>
                    <td className="hidden px-5 py-2.5 align-top text-[13px] text-ink-soft sm:table-cell">
                      {left || "—"}
                    </td>
                    <td className="px-5 py-2.5 text-right align-top font-medium text-ink tabular-nums">
                      {formatMoney(p.valueCents, data.currency)}
                    </td>
                  </tr>
                );
              })}
            </tbody>
            <tfoot>
              <tr>
                <th scope="row" className="px-5 py-2.5 text-left text-[13px] font-semibold text-ink">
                  Total
                </th>
                <td className="hidden sm:table-cell" />
                <td className="px-5 py-2.5 text-right font-semibold text-ink tabular-nums">
                  {formatMoney(data.totalValueCents, data.currency)}
                </td>
              </tr>
            </tfoot>
          </table>
        </div>
      ) : null}
    </Card>
  );
}
