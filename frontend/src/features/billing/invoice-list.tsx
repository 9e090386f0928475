import { Link } from "@tanstack/react-router";
import { type KeyboardEvent, useEffect, useRef } from "react";
import { Button } from "@/components/ui/button";
import { Skeleton } from "@/components/ui/skeleton";
import { cn } from "@/lib/cn";
import { formatInvoiceDate, invoiceSubject } from "./labels";
import type { InvoiceSummary } from "./list-api";
import { formatMoney } from "./money";
import { InvoiceStatusBadge } from "./status-badge";

interface RowsProps {
  invoices: InvoiceSummary[];
  currency: string;
  timeZone: string;
  /** Cards rather than a table, for phones. */
  compact: boolean;
  /** Left out when the list is one patient's. */
  showPatient?: boolean;
  /** Arrow Up on the first row: back to whatever sits above the list (the search box). */
  onExitTop?: () => void;
  /** Says what the rows are, for screen readers. */
  label: string;
}

const number = (i: InvoiceSummary) => i.number ?? (i.status === "void" ? "Void draft" : "Draft");

/** Arrow keys move between rows; Enter follows the focused row's link. */
function moveFocus(e: KeyboardEvent<HTMLAnchorElement>, onExitTop?: () => void) {
  if (e.key !== "ArrowDown" && e.key !== "ArrowUp") return;
  const rows = e.currentTarget.closest("[data-invoice-rows]");
  if (!rows) return;
  const links = [...rows.querySelectorAll<HTMLAnchorElement>("a[data-invoice-row]")];
  const i = links.indexOf(e.currentTarget);
  e.preventDefault();
  if (e.key === "ArrowDown") links[i + 1]?.focus();
  else if (i > 0) links[i - 1]?.focus();
  else onExitTop?.();
}

/** Focuses the first row of the list inside `root`, if it has one. */
export function focusFirstRow(root: HTMLElement | null): boolean {
  const first = root?.querySelector<HTMLAnchorElement>("a[data-invoice-row]");
  first?.focus();
  return Boolean(first);
}

function Balance({ invoice, currency }: { invoice: InvoiceSummary; currency: string }) {
  if (invoice.balanceCents > 0) {
    return <span className="font-semibold text-ink">{formatMoney(invoice.balanceCents, currency)}</span>;
  }
  return (
    <span className="text-faint">
      <span aria-hidden="true">—</span>
      <span className="sr-only">Nothing due</span>
    </span>
  );
}

function Total({ invoice, currency }: { invoice: InvoiceSummary; currency: string }) {
  return (
    <span className={cn(invoice.status === "void" ? "text-muted line-through" : "text-ink")}>
      {formatMoney(invoice.totalCents, currency)}
    </span>
  );
}

/** Invoices as table rows (desktop and iPad) or cards (phones); each opens its invoice. */
export function InvoiceRows({
  invoices,
  currency,
  timeZone,
  compact,
  showPatient = true,
  onExitTop,
  label,
}: RowsProps) {
  if (compact) {
    return (
      <ul data-invoice-rows aria-label={label} className="divide-y divide-line">
        {invoices.map((i) => (
          <li key={i.id}>
            <Link
              to="/invoices/$invoiceId"
              params={{ invoiceId: i.id }}
              data-invoice-row
              onKeyDown={(e) => moveFocus(e, onExitTop)}
              className="grid grid-cols-[minmax(0,1fr)_auto] gap-x-3 gap-y-0.5 px-4 py-3 transition-colors hover:bg-canvas focus-visible:bg-brand-soft/60 focus-visible:outline-none"
            >
              <p className="truncate text-sm font-medium text-ink">
                {showPatient ? i.patientName : invoiceSubject(i)}
              </p>
              <p className="text-right text-sm tabular-nums">
                <Total invoice={i} currency={currency} />
              </p>
              <p className="truncate text-[13px] text-muted">
                <span className={cn(i.number && "font-mono")}>{number(i)}</span> ·{" "}
                {formatInvoiceDate(i.datedAt, timeZone)}
              </p>
              <p className="text-right">
                <InvoiceStatusBadge status={i.status} className="h-5" />
              </p>
              <p className="truncate text-[13px] text-muted">
                {showPatient
                  ? [invoiceSubject(i), i.providerName].filter(Boolean).join(" · ")
                  : (i.providerName ?? "")}
              </p>
              <p className="text-right text-[13px] font-medium text-warning tabular-nums">
                {i.balanceCents > 0 ? `${formatMoney(i.balanceCents, currency)} due` : ""}
              </p>
            </Link>
          </li>
        ))}
      </ul>
    );
  }
  return (
    <table data-invoice-rows aria-label={label} className="w-full table-fixed text-sm">
      <thead>
        <tr className="border-b border-line text-left text-[11px] font-semibold tracking-wide text-muted uppercase">
          <th scope="col" className="w-[8.5rem] py-2 pl-5 font-semibold">
            Number
          </th>
          <th scope="col" className="hidden w-[6.5rem] py-2 pl-3 font-semibold xl:table-cell">
            Date
          </th>
          {showPatient ? (
            <th scope="col" className="py-2 pl-3 font-semibold">
              Patient
            </th>
          ) : null}
          <th scope="col" className={cn("py-2 pl-3 font-semibold", showPatient && "hidden xl:table-cell")}>
            For
          </th>
          <th scope="col" className="w-[7.5rem] py-2 pl-3 font-semibold">
            Status
          </th>
          <th scope="col" className="w-[6.5rem] py-2 pl-3 text-right font-semibold">
            Total
          </th>
          <th scope="col" className="w-[6.5rem] py-2 pr-5 pl-3 text-right font-semibold">
            Balance
          </th>
        </tr>
      </thead>
      <tbody className="divide-y divide-line">
        {invoices.map((i) => {
          const date = formatInvoiceDate(i.datedAt, timeZone);
          const subject = [invoiceSubject(i), i.providerName].filter(Boolean).join(" · ");
          return (
            <tr
              key={i.id}
              className="relative transition-colors hover:bg-canvas has-[a:focus-visible]:bg-brand-soft/60"
            >
              <td className="py-3 pl-5">
                <Link
                  to="/invoices/$invoiceId"
                  params={{ invoiceId: i.id }}
                  data-invoice-row
                  aria-label={`${number(i)}, ${i.patientName}`}
                  onKeyDown={(e) => moveFocus(e, onExitTop)}
                  className={cn(
                    "block truncate font-medium after:absolute after:inset-0 after:content-[''] focus-visible:outline-none focus-visible:after:ring-2 focus-visible:after:ring-brand focus-visible:after:ring-inset",
                    i.number ? "font-mono text-[13px] text-ink" : "text-muted",
                  )}
                >
                  {number(i)}
                </Link>
                <p className="text-[13px] text-muted xl:hidden">{date}</p>
              </td>
              <td className="hidden py-3 pl-3 whitespace-nowrap text-ink-soft xl:table-cell">{date}</td>
              {showPatient ? (
                <td className="py-3 pl-3">
                  <p className="truncate font-medium text-ink">{i.patientName}</p>
                  <p className="truncate text-[13px] text-muted xl:hidden">{subject}</p>
                </td>
              ) : null}
              <td className={cn("py-3 pl-3", showPatient && "hidden xl:table-cell")}>
                <p className="truncate text-ink-soft">{invoiceSubject(i)}</p>
                {i.providerName ? <p className="truncate text-[13px] text-muted">{i.providerName}</p> : null}
              </td>
              <td className="py-3 pl-3">
                <InvoiceStatusBadge status={i.status} />
              </td>
              <td className="py-3 pl-3 text-right tabular-nums">
                <Total invoice={i} currency={currency} />
              </td>
              <td className="py-3 pr-5 pl-3 text-right tabular-nums">
                <Balance invoice={i} currency={currency} />
              </td>
            </tr>
          );
        })}
      </tbody>
    </table>
  );
}

/** The next page: a button, and loaded by itself when scrolled into view. */
export function LoadMore({
  hasMore,
  loading,
  failed = false,
  onMore,
}: {
  hasMore: boolean;
  loading: boolean;
  /** The last try failed: it waits for a click rather than trying again by itself. */
  failed?: boolean;
  onMore: () => void;
}) {
  const sentinel = useRef<HTMLDivElement>(null);
  useEffect(() => {
    const el = sentinel.current;
    if (!el || !hasMore || failed) return;
    const observer = new IntersectionObserver((entries) => {
      if (entries.some((e) => e.isIntersecting) && !loading) onMore();
    });
    observer.observe(el);
    return () => observer.disconnect();
  }, [hasMore, loading, failed, onMore]);
  if (!hasMore) return null;
  return (
    <div ref={sentinel} className="flex items-center justify-center gap-3 border-t border-line p-3">
      {failed && !loading ? (
        <p role="alert" className="text-[13px] text-danger">
          The next invoices didn’t load.
        </p>
      ) : null}
      <Button variant="ghost" size="sm" busy={loading} onClick={onMore}>
        {failed ? "Try again" : "Load more"}
      </Button>
    </div>
  );
}

const SKELETON_ROWS = ["a", "b", "c", "d", "e", "f"];

export function RowsSkeleton({ label }: { label: string }) {
  return (
    <ul aria-label={label} aria-busy="true" className="divide-y divide-line">
      {SKELETON_ROWS.map((row) => (
        <li key={row} className="flex items-center gap-4 px-5 py-3.5">
          <Skeleton className="h-3.5 w-20" />
          <div className="flex-1 space-y-2">
            <Skeleton className="h-3.5 w-44 max-w-full" />
            <Skeleton className="h-3 w-64 max-w-full" />
          </div>
          <Skeleton className="h-5 w-14 rounded-full" />
          <Skeleton className="h-3.5 w-16" />
        </li>
      ))}
    </ul>
  );
}
