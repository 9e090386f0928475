import {
  infiniteQueryOptions,
  keepPreviousData,
  queryOptions,
  useMutation,
  useQueryClient,
} from "@tanstack/react-query";
import { api, unwrap } from "@/api/client";
import type { components } from "@/api/generated/schema";
import { clinicRoot } from "@/lib/session";
import type { InvoiceFilter } from "./list-search";

export type InvoiceSummary = components["schemas"]["InvoiceSummaryOut"];
export type InvoicePage = components["schemas"]["InvoicePage"];
export type InvoiceTotals = components["schemas"]["InvoiceTotalsOut"];
export type InvoiceStatus = components["schemas"]["InvoiceStatus"];

const key = (...parts: unknown[]) => [clinicRoot, "invoices", ...parts];

/** Invoices matching a filter, newest first, a page at a time; every page carries the totals. */
export const invoiceList = (filter: InvoiceFilter, limit = 50) =>
  infiniteQueryOptions({
    queryKey: key("list", filter, limit),
    initialPageParam: undefined as string | undefined,
    queryFn: ({ pageParam, signal }) =>
      unwrap(
        api.GET("/invoices", {
          params: {
            query: {
              status: filter.statuses,
              from: filter.from,
              to: filter.to,
              providerId: filter.providerId,
              patientId: filter.patientId,
              q: filter.q,
              after: pageParam,
              limit,
            },
          },
          signal,
        }),
      ),
    getNextPageParam: (last) => last.nextCursor ?? undefined,
    // Changing a filter keeps the rows in view until the new ones arrive.
    placeholderData: keepPreviousData,
    staleTime: 15_000,
  });

/** How many invoices still have money owing, for the hint beside "Invoices" in the menu. */
export const unpaidCountQuery = queryOptions({
  queryKey: key("unpaid-count"),
  queryFn: async ({ signal }) => {
    const page = await unwrap(
      api.GET("/invoices", {
        params: { query: { status: ["unpaid", "partially_paid"], limit: 1 } },
        signal,
      }),
    );
    return page.totals.count;
  },
  staleTime: 60_000,
  refetchInterval: 5 * 60_000,
});

/** A sale without a visit: an empty draft for the patient, which checkout then fills. */
export function useStartSale() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (patientId: string) => unwrap(api.POST("/invoices", { body: { patientId } })),
    onSuccess: (invoice) => {
      void client.invalidateQueries({ queryKey: key("list") });
      void client.invalidateQueries({
        queryKey: [clinicRoot, "patients", "one", invoice.patientId, "timeline"],
      });
    },
  });
}

/** An invoice, and a payment or refund, as the patient's timeline has them. */
export type InvoiceTimelineEntry = components["schemas"]["TimelineEntry_TimelineInvoice"];
export type PaymentTimelineEntry = components["schemas"]["TimelineEntry_TimelinePayment"];
