import { Link } from "@tanstack/react-router";
import { useState } from "react";
import { Button } from "@/components/ui/button";
import { cn } from "@/lib/cn";
import type { LedgerEntry } from "./api";
import { creditName, entryLabel, entrySign, formatDate, formatDayOf, signedAmount } from "./credits";

/** How many of the latest entries show before "Show all". */
const RECENT = 8;

function InvoiceLink({ entry }: { entry: LedgerEntry }) {
  if (!entry.invoiceId) return null;
  return (
    <Link
      to="/invoices/$invoiceId"
      params={{ invoiceId: entry.invoiceId }}
      className="font-medium text-brand tabular-nums hover:underline"
    >
      {entry.invoiceNumber ?? "Draft invoice"}
    </Link>
  );
}

/** A membership's credit ledger, oldest first: every grant, use, expiry, return and adjustment. */
export function LedgerTable({
  entries,
  currency,
  timeZone,
  label,
}: {
  entries: LedgerEntry[];
  currency: string;
  timeZone: string;
  label: string;
}) {
  const [all, setAll] = useState(false);
  const hidden = all ? 0 : Math.max(0, entries.length - RECENT);
  const shown = entries.slice(hidden);
  const th = "px-3 py-2 text-[12px] font-medium text-muted first:pl-4 last:pr-4";
  const td = "px-3 py-2.5 align-top first:pl-4 last:pr-4";
  if (!entries.length) return <p className="px-4 py-3 text-[13px] text-muted">Nothing in the ledger yet.</p>;
  return (
    <div>
      {hidden ? (
        <div className="px-4 pb-1">
          <Button size="sm" variant="ghost" onClick={() => setAll(true)}>
            Show {hidden} earlier {hidden === 1 ? "entry" : "entries"}
          </Button>
        </div>
      ) : null}
      <div className="overflow-x-auto">
        <table className="w-full text-sm" aria-label={label}>
          <thead className="border-y border-line text-left">
            <tr>
              <th scope="col" className={th}>
                Date
              </th>
              <th scope="col" className={th}>
                What
              </th>
              <th scope="col" className={cn(th, "text-right")}>
                Change
              </th>
              <th scope="col" className={cn(th, "hidden sm:table-cell")}>
                Invoice
              </th>
              <th scope="col" className={cn(th, "hidden md:table-cell")}>
                By
              </th>
              <th scope="col" className={cn(th, "hidden lg:table-cell")}>
                Reason
              </th>
            </tr>
          </thead>
          <tbody>
            {shown.map((e) => {
              const sign = entrySign(e);
              const by = e.byName ?? "Automatic";
              return (
                <tr key={e.id} className="border-b border-line last:border-b-0">
                  <td className={cn(td, "whitespace-nowrap text-ink-soft tabular-nums")}>
                    {formatDayOf(e.createdAt, timeZone)}
                  </td>
                  <td className={td}>
                    <p className="font-medium text-ink">
                      {entryLabel(e)} <span className="font-normal text-ink-soft">· {creditName(e)}</span>
                    </p>
                    <p className="flex flex-wrap gap-x-2 text-[12px] text-muted">
                      {e.kind === "grant" && e.expiresOn ? (
                        <span>usable until {formatDate(e.expiresOn)}</span>
                      ) : null}
                      {e.invoiceId ? (
                        <span className="sm:hidden">
                          <InvoiceLink entry={e} />
                        </span>
                      ) : null}
                      <span className="md:hidden">{by}</span>
                    </p>
                    {e.reason ? <p className="text-[12px] text-ink-soft lg:hidden">“{e.reason}”</p> : null}
                  </td>
                  <td
                    className={cn(
                      td,
                      "text-right font-medium whitespace-nowrap tabular-nums",
                      sign === "plus" ? "text-success" : sign === "minus" ? "text-ink-soft" : "text-muted",
                    )}
                  >
                    {signedAmount(e, currency)}
                  </td>
                  <td className={cn(td, "hidden whitespace-nowrap sm:table-cell")}>
                    {e.invoiceId ? <InvoiceLink entry={e} /> : <span className="text-faint">—</span>}
                  </td>
                  <td className={cn(td, "hidden text-ink-soft md:table-cell")}>{by}</td>
                  <td className={cn(td, "hidden text-ink-soft lg:table-cell")}>
                    {e.reason ?? <span className="text-faint">—</span>}
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      </div>
    </div>
  );
}
