import { TZDate } from "@date-fns/tz";
import { format, isSameYear } from "date-fns";
import { inZone } from "@/lib/dates";

/** The day an invoice is dated, in the clinic's zone: "13 May", or "13 May 2025" in other years. */
export function formatInvoiceDate(iso: string, timeZone: string, now = new Date()): string {
  const d = inZone(iso, timeZone);
  return format(d, isSameYear(d, new TZDate(now, timeZone)) ? "d MMM" : "d MMM yyyy");
}

/** What an invoice was for, when it has no service of its own. */
export function invoiceSubject(invoice: { serviceName?: string; appointmentId?: string }): string {
  return invoice.serviceName ?? (invoice.appointmentId ? "Visit" : "Sale at the desk");
}
