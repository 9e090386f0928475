import { queryOptions, useMutation, useQueryClient } from "@tanstack/react-query";
import { api, unwrap } from "@/api/client";
import type { components } from "@/api/generated/schema";
import { ApiProblem } from "@/api/problem";
import { clinicRoot } from "@/lib/session";

export type Invoice = components["schemas"]["InvoiceOut"];
export type InvoiceLine = components["schemas"]["InvoiceLineOut"];
export type InvoiceLineIn = components["schemas"]["InvoiceLineIn"];
export type InvoiceDraftIn = components["schemas"]["InvoiceDraftIn"];
export type InvoiceStatus = components["schemas"]["InvoiceStatus"];
export type Payment = components["schemas"]["PaymentOut"];
export type PaymentIn = components["schemas"]["PaymentIn"];
export type PaymentKind = components["schemas"]["PaymentKind"];
export type PaymentMethod = components["schemas"]["PaymentMethod"];
export type DiscountKind = components["schemas"]["DiscountKind"];
export type LineKind = components["schemas"]["LineKind"];
export type ChartDifference = components["schemas"]["ChartDifferenceOut"];
export type BillingSettings = components["schemas"]["BillingSettingsOut"];
export type Product = components["schemas"]["ProductOut"];

const key = (...parts: unknown[]) => [clinicRoot, "invoices", ...parts];

export const invoiceQuery = (id: string) =>
  queryOptions({
    queryKey: key("one", id),
    queryFn: ({ signal }) => unwrap(api.GET("/invoices/{id}", { params: { path: { id } }, signal })),
  });

export const billingSettingsQuery = queryOptions({
  queryKey: [clinicRoot, "settings", "billing"],
  queryFn: ({ signal }) => unwrap(api.GET("/settings/billing", { signal })),
  staleTime: 5 * 60_000,
});

export const productsQuery = queryOptions({
  queryKey: [clinicRoot, "products"],
  queryFn: ({ signal }) => unwrap(api.GET("/products", { signal })),
  staleTime: 60_000,
});

/** After any change: this invoice takes the server's answer; lists, the patient's billing and
 * timeline, and the calendar refresh. */
function useSettle() {
  const client = useQueryClient();
  return (invoice: Invoice) => {
    client.setQueryData(key("one", invoice.id), invoice);
    void client.invalidateQueries({
      queryKey: key(),
      predicate: (q) => !(q.queryKey[2] === "one" && q.queryKey[3] === invoice.id),
    });
    void client.invalidateQueries({ queryKey: [clinicRoot, "patients", "one", invoice.patientId] });
    void client.invalidateQueries({ queryKey: [clinicRoot, "calendar"] });
  };
}

/** The visit's invoice: made now, or the one it already has (pressing twice makes one). */
export function useCheckout() {
  const settle = useSettle();
  return useMutation({
    mutationFn: (appointmentId: string) =>
      unwrap(api.POST("/appointments/{id}/checkout", { params: { path: { id: appointmentId } } })),
    onSuccess: settle,
  });
}

/** Saves a draft's whole content. Used by the autosave, which keeps its own order of saves. */
export async function saveDraft(id: string, body: InvoiceDraftIn): Promise<Invoice> {
  return unwrap(api.PUT("/invoices/{id}", { params: { path: { id } }, body }));
}

/** Whatever the screen saved: the cache takes it, without the refresh a settled change does. */
export function useStoreSaved() {
  const client = useQueryClient();
  return (invoice: Invoice) => {
    client.setQueryData(key("one", invoice.id), invoice);
    void client.invalidateQueries({ queryKey: key("list") });
  };
}

export function useSyncChart(id: string) {
  const settle = useSettle();
  return useMutation({
    mutationFn: () => unwrap(api.POST("/invoices/{id}/sync-chart", { params: { path: { id } } })),
    onSuccess: settle,
  });
}

export function useIssue(id: string) {
  const settle = useSettle();
  return useMutation({
    mutationFn: () => unwrap(api.POST("/invoices/{id}/issue", { params: { path: { id } } })),
    onSuccess: settle,
  });
}

/** Records a payment or refund. The key is made once per dialog opening, so a double tap or a
 * retry after a dropped connection records it once. */
export function useRecordPayment(id: string) {
  const settle = useSettle();
  return useMutation({
    mutationFn: ({ body, idempotencyKey }: { body: PaymentIn; idempotencyKey: string }) =>
      unwrap(
        api.POST("/invoices/{id}/payments", {
          params: { path: { id }, header: { "Idempotency-Key": idempotencyKey } },
          body,
        }),
      ),
    onSuccess: settle,
  });
}

export function useVoidPayment(id: string) {
  const settle = useSettle();
  return useMutation({
    mutationFn: ({ paymentId, reason }: { paymentId: string; reason: string }) =>
      unwrap(
        api.POST("/invoices/{id}/payments/{payment_id}/void", {
          params: { path: { id, payment_id: paymentId } },
          body: { reason },
        }),
      ),
    onSuccess: settle,
  });
}

export function useVoidInvoice(id: string) {
  const settle = useSettle();
  return useMutation({
    mutationFn: (reason: string) =>
      unwrap(api.POST("/invoices/{id}/void", { params: { path: { id } }, body: { reason } })),
    onSuccess: settle,
  });
}

/** Downloads the invoice's PDF through the typed client (same session, same error shape). */
export async function downloadInvoicePdf(invoice: Pick<Invoice, "id" | "number">): Promise<void> {
  const { data, response } = await api.GET("/invoices/{id}/pdf", {
    params: { path: { id: invoice.id } },
    parseAs: "blob",
  });
  if (!(data instanceof Blob)) {
    throw new ApiProblem(response.status, { code: "unknown", message: "The PDF didn’t arrive." }, null);
  }
  const name =
    /filename="?([^";]+)"?/.exec(response.headers.get("content-disposition") ?? "")?.[1] ??
    `${invoice.number ?? "invoice"}.pdf`;
  const url = URL.createObjectURL(data);
  const link = document.createElement("a");
  link.href = url;
  link.download = name;
  document.body.append(link);
  link.click();
  link.remove();
  // The browser has the file once the click is handled; the URL can go a moment later.
  window.setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

/** What can be refunded: paid, less refunds so far. */
export const refundable = (invoice: Pick<Invoice, "paidCents" | "refundedCents">) =>
  Math.max(0, invoice.paidCents - invoice.refundedCents);

export const STATUS_LABELS: Record<InvoiceStatus, string> = {
  draft: "Draft",
  unpaid: "Unpaid",
  partially_paid: "Partially paid",
  paid: "Paid",
  refunded: "Refunded",
  void: "Void",
};

export const STATUS_TONES = {
  draft: "neutral",
  unpaid: "warning",
  partially_paid: "warning",
  paid: "success",
  refunded: "neutral",
  void: "danger",
} as const satisfies Record<InvoiceStatus, string>;

export const METHOD_LABELS: Record<PaymentMethod, string> = {
  card: "Card",
  cash: "Cash",
  check: "Check",
  gift_card: "Gift card",
  bank_transfer: "Bank transfer",
  membership_credit: "Membership credit",
  other: "Other",
};

export const METHODS = Object.keys(METHOD_LABELS) as PaymentMethod[];
