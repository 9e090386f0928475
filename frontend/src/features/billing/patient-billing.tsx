import { useInfiniteQuery } from "@tanstack/react-query";
import { Link } from "@tanstack/react-router";
import { ArrowRight, Receipt } from "lucide-react";
import { Skeleton } from "@/components/ui/skeleton";
import { EmptyState, ErrorState } from "@/components/ui/states";
import { cn } from "@/lib/cn";
import { useMe } from "@/lib/session";
import { useMediaQuery } from "@/lib/use-media-query";
import { InvoiceRows, LoadMore, RowsSkeleton } from "./invoice-list";
import { invoiceList } from "./list-api";
import { formatMoney } from "./money";
import { NewSaleButton } from "./new-sale";

/** The patient's Billing tab: what they owe, and every invoice of theirs. */
export function PatientBilling({ patientId }: { patientId: string }) {
  const { clinic } = useMe();
  const phone = useMediaQuery("(max-width: 639px)");
  const invoices = useInfiniteQuery(invoiceList({ statuses: [], patientId }, 25));
  const first = invoices.data?.pages[0];
  const rows = invoices.data?.pages.flatMap((p) => p.items) ?? [];
  const currency = first?.currency ?? "USD";
  const due = first?.totals.outstandingCents ?? 0;

  if (invoices.isError && !invoices.isFetchNextPageError && !rows.length) {
    return <ErrorState error={invoices.error} retry={() => void invoices.refetch()} />;
  }
  return (
    <div>
      <div className="flex flex-wrap items-end justify-between gap-4 border-b border-line px-5 py-4">
        <dl className="flex flex-wrap gap-x-8 gap-y-2">
          <div>
            <dt className="text-[13px] font-medium text-muted">Balance due</dt>
            <dd
              className={cn(
                "text-2xl font-semibold tracking-tight tabular-nums",
                due > 0 ? "text-warning" : "text-ink",
              )}
            >
              {first ? formatMoney(due, currency) : <Skeleton className="h-8 w-28" />}
            </dd>
          </div>
          {first && first.totals.count > 0 ? (
            <>
              <div>
                <dt className="text-[13px] font-medium text-muted">Invoiced</dt>
                <dd className="pt-1.5 text-base font-medium text-ink-soft tabular-nums">
                  {formatMoney(first.totals.invoicedCents, currency)}
                </dd>
              </div>
              <div>
                <dt className="text-[13px] font-medium text-muted">Collected</dt>
                <dd className="pt-1.5 text-base font-medium text-ink-soft tabular-nums">
                  {formatMoney(first.totals.collectedCents, currency)}
                </dd>
              </div>
            </>
          ) : null}
        </dl>
        <div className="flex items-center gap-2">
          {first && first.totals.count > 0 ? (
            <Link
              to="/invoices"
              search={{ patientId }}
              className="inline-flex h-9 items-center gap-1 rounded-lg px-2.5 text-[13px] font-medium text-ink-soft hover:bg-black/5 hover:text-ink"
            >
              All in Invoices <ArrowRight className="size-3.5" aria-hidden="true" />
            </Link>
          ) : null}
          <NewSaleButton patientId={patientId} variant="secondary" />
        </div>
      </div>
      {invoices.isPending ? (
        <RowsSkeleton label="Loading invoices" />
      ) : rows.length === 0 ? (
        <EmptyState
          icon={Receipt}
          title="No invoices yet"
          body="A visit checked out from the calendar, or a sale at the desk, appears here."
        />
      ) : (
        <>
          <InvoiceRows
            invoices={rows}
            currency={currency}
            timeZone={clinic.timezone}
            compact={phone}
            showPatient={false}
            label="The patient’s invoices"
          />
          <LoadMore
            hasMore={Boolean(invoices.hasNextPage)}
            loading={invoices.isFetchingNextPage}
            failed={invoices.isFetchNextPageError}
            onMore={() => void invoices.fetchNextPage()}
          />
        </>
      )}
    </div>
  );
}
