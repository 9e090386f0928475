import { useQuery } from "@tanstack/react-query";
import { getRouteApi, Link } from "@tanstack/react-router";
import { FileX } from "lucide-react";
import { useState } from "react";
import { ApiProblem } from "@/api/problem";
import { Button } from "@/components/ui/button";
import { Skeleton } from "@/components/ui/skeleton";
import { EmptyState, ErrorState } from "@/components/ui/states";
import { useCan } from "@/lib/session";
import { DraftInvoice } from "./draft-invoice";
import { type Invoice, invoiceQuery, type PaymentKind } from "./invoice-api";
import { IssuedInvoice } from "./issued-invoice";
import { PaymentDialog } from "./payment-dialog";

const route = getRouteApi("/app/invoices/$invoiceId");

/** The checkout screen: a visit's invoice from draft to paid. */
export function InvoiceScreen() {
  const { invoiceId } = route.useParams();
  const invoice = useQuery(invoiceQuery(invoiceId));
  if (invoice.isPending) return <InvoiceSkeleton />;
  if (invoice.isError) {
    if (invoice.error instanceof ApiProblem && invoice.error.status === 404) {
      return (
        <div className="pt-16">
          <EmptyState
            icon={FileX}
            title="Invoice not found"
            body="The link may be wrong, or the invoice belongs to another clinic."
            action={
              <Button asChild>
                <Link to="/calendar">Back to the calendar</Link>
              </Button>
            }
          />
        </div>
      );
    }
    return (
      <div className="p-8">
        <ErrorState error={invoice.error} retry={() => void invoice.refetch()} />
      </div>
    );
  }
  return <InvoiceView invoice={invoice.data} />;
}

function InvoiceView({ invoice }: { invoice: Invoice }) {
  const canWrite = useCan("invoices:write");
  // Kept here, above the draft and issued views: charging a draft issues it and then asks for
  // the payment, on what is by then the issued invoice.
  const [paying, setPaying] = useState<PaymentKind | null>(null);
  return (
    <>
      {invoice.status === "draft" && canWrite ? (
        <DraftInvoice key={invoice.id} invoice={invoice} onPay={setPaying} />
      ) : (
        <IssuedInvoice invoice={invoice} canWrite={canWrite} onPay={setPaying} />
      )}
      <PaymentDialog
        invoice={invoice}
        kind={paying ?? "payment"}
        open={paying !== null}
        onOpenChange={(open) => !open && setPaying(null)}
      />
    </>
  );
}

function InvoiceSkeleton() {
  return (
    <div
      className="mx-auto flex max-w-6xl flex-col gap-4 px-4 pt-5 pb-16 sm:px-8"
      role="status"
      aria-label="Loading the invoice"
    >
      <Skeleton className="h-4 w-32" />
      <Skeleton className="h-8 w-56" />
      <Skeleton className="h-4 w-80 max-w-full" />
      <div className="grid gap-4 xl:grid-cols-[minmax(0,1fr)_22rem]">
        <Skeleton className="h-56 w-full" />
        <Skeleton className="h-56 w-full" />
      </div>
    </div>
  );
}
