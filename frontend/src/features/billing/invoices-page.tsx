import { useInfiniteQuery, useQuery } from "@tanstack/react-query";
import { getRouteApi, Link, useNavigate } from "@tanstack/react-router";
import { CalendarDays, Receipt, Search, X } from "lucide-react";
import { useEffect, useRef, useState } from "react";
import { PageHeader } from "@/components/layouts/app-shell";
import { Button } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { Field } from "@/components/ui/field";
import { Input, Select } from "@/components/ui/input";
import { Kbd } from "@/components/ui/kbd";
import { Spinner } from "@/components/ui/spinner";
import { EmptyState, ErrorState } from "@/components/ui/states";
import { cn } from "@/lib/cn";
import { useCan, useMe } from "@/lib/session";
import { useDebounced } from "@/lib/use-debounced";
import { useMediaQuery } from "@/lib/use-media-query";
import { providersQuery } from "../calendar/api";
import { todayIn } from "../calendar/time";
import { fullName, patientQuery } from "../patients/api";
import { Figures } from "./figures";
import { focusFirstRow, InvoiceRows, LoadMore, RowsSkeleton } from "./invoice-list";
import { invoiceList } from "./list-api";
import { filterOf, type InvoicesSearch, STATUS_CHIPS, type StatusChip } from "./list-search";
import { NewSaleButton } from "./new-sale";
import { presetDays, RANGE_PRESETS, type RangePreset, rangeLabel } from "./ranges";

const route = getRouteApi("/app/invoices");

/** Whether a key press is for the page rather than for a field being typed in. */
function typingIn(target: EventTarget | null) {
  const el = target as HTMLElement | null;
  return Boolean(el && (/INPUT|TEXTAREA|SELECT/.test(el.tagName) || el.isContentEditable));
}

/** The clinic's invoices: what was invoiced, collected and is owed, and each invoice. */
export function InvoicesPage() {
  const search = route.useSearch();
  const navigate = useNavigate({ from: "/invoices" });
  const { clinic } = useMe();
  const timeZone = clinic.timezone;
  const phone = useMediaQuery("(max-width: 639px)");
  const [typed, setTyped] = useState(search.q ?? "");
  const q = useDebounced(typed.trim(), 250);
  const searchBox = useRef<HTMLInputElement>(null);
  const list = useRef<HTMLDivElement>(null);

  const setSearch = (change: Partial<InvoicesSearch>, replace = false) =>
    void navigate({ search: (s) => ({ ...s, ...change }), replace });

  useEffect(() => {
    if ((search.q ?? "") !== q)
      void navigate({ search: (s) => ({ ...s, q: q || undefined }), replace: true });
  }, [q, search.q, navigate]);

  // "/" jumps to the search box from anywhere on the page.
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.key !== "/" || e.metaKey || e.ctrlKey || e.altKey || typingIn(e.target)) return;
      e.preventDefault();
      searchBox.current?.focus();
      searchBox.current?.select();
    };
    window.addEventListener("keydown", onKey);
    return () => window.removeEventListener("keydown", onKey);
  }, []);

  const today = todayIn(timeZone);
  const filter = filterOf({ ...search, q: q || undefined }, timeZone, today);
  const invoices = useInfiniteQuery(invoiceList(filter));
  const rows = invoices.data?.pages.flatMap((p) => p.items) ?? [];
  const first = invoices.data?.pages[0];
  const currency = first?.currency ?? "USD";
  // A failed first page, or a failed change of filters; a failed next page keeps what is shown.
  const failed =
    invoices.isError && !invoices.isFetchNextPageError && (!rows.length || invoices.isPlaceholderData);
  const shown = failed ? undefined : first;
  const filtered = Boolean(search.status || search.range || search.providerId || search.patientId || q);
  const days = search.range ? presetDays(search.range, today, { from: search.from, to: search.to }) : {};

  // Enter in the search box opens the top match, also when pressed before the results arrive.
  const [openTop, setOpenTop] = useState(false);
  const settled = q === typed.trim() && !invoices.isPlaceholderData && !invoices.isFetching;
  const top = rows[0]?.id;
  useEffect(() => {
    if (!openTop || !settled) return;
    setOpenTop(false);
    if (top) void navigate({ to: "/invoices/$invoiceId", params: { invoiceId: top } });
  }, [openTop, settled, top, navigate]);

  return (
    <div className="mx-auto max-w-6xl pb-16">
      <PageHeader
        title="Invoices"
        subtitle="Checkouts and sales, newest first."
        actions={<NewSaleButton />}
      />

      <div className="flex flex-col gap-4 px-4 sm:px-8">
        <Figures
          label={`Totals, ${search.range ? rangeLabel(days) : "all dates"}`}
          loading={invoices.isPending}
          currency={currency}
          figures={[
            {
              label: "Invoiced",
              cents: shown?.totals.invoicedCents ?? null,
              note: shown ? countLabel(shown.totals.count) : undefined,
            },
            { label: "Collected", cents: shown?.totals.collectedCents ?? null },
            { label: "Outstanding", cents: shown?.totals.outstandingCents ?? null, owed: true },
          ]}
        />

        <div className="flex flex-col gap-2.5">
          <div className="flex flex-col gap-2 md:flex-row md:items-center">
            <div className="relative flex-1">
              <Search
                className="pointer-events-none absolute top-1/2 left-3 size-4 -translate-y-1/2 text-faint"
                aria-hidden="true"
              />
              <Input
                ref={searchBox}
                type="search"
                aria-label="Search invoices"
                aria-keyshortcuts="/"
                placeholder="Invoice number or patient"
                className="h-10 pr-9 pl-9"
                value={typed}
                onChange={(e) => {
                  setTyped(e.target.value);
                  setOpenTop(false);
                }}
                onKeyDown={(e) => {
                  if (e.key === "ArrowDown" && focusFirstRow(list.current)) e.preventDefault();
                  if (e.key === "Enter" && typed.trim()) {
                    e.preventDefault();
                    setOpenTop(true);
                  }
                }}
              />
              {invoices.isFetching && !invoices.isPending && !invoices.isFetchingNextPage ? (
                <Spinner className="absolute top-3 right-3 size-4 text-faint" />
              ) : typed ? null : (
                <span className="pointer-events-none absolute top-1/2 right-3 hidden -translate-y-1/2 sm:block">
                  <Kbd>/</Kbd>
                </span>
              )}
            </div>
            <div className="grid grid-cols-2 gap-2 md:flex">
              <RangeSelect
                value={search.range}
                onChange={(range) =>
                  setSearch({
                    range,
                    // A custom range starts from the days the last preset showed.
                    from: range === "custom" ? (days.first ?? today) : undefined,
                    to: range === "custom" ? (days.last ?? today) : undefined,
                  })
                }
              />
              <ProviderSelect
                value={search.providerId}
                onChange={(providerId) => setSearch({ providerId })}
              />
            </div>
          </div>

          {search.range === "custom" ? (
            <fieldset className="flex flex-wrap items-end gap-2">
              <legend className="sr-only">Custom dates</legend>
              <Field label="From">
                <Input
                  type="date"
                  className="w-44"
                  value={search.from ?? ""}
                  onChange={(e) => setSearch({ from: e.target.value || undefined }, true)}
                />
              </Field>
              <Field label="To">
                <Input
                  type="date"
                  className="w-44"
                  value={search.to ?? ""}
                  onChange={(e) => setSearch({ to: e.target.value || undefined }, true)}
                />
              </Field>
            </fieldset>
          ) : null}

          <div className="flex flex-wrap items-center gap-2">
            <StatusChips value={search.status} onChange={(status) => setSearch({ status })} />
            {search.patientId ? (
              <PatientChip patientId={search.patientId} onClear={() => setSearch({ patientId: undefined })} />
            ) : null}
            {search.range ? (
              <span className="ml-auto flex items-center gap-1.5 text-[13px] text-muted">
                <CalendarDays className="size-3.5" aria-hidden="true" />
                {rangeLabel(days)}
              </span>
            ) : null}
          </div>
        </div>

        <Card className="overflow-hidden">
          {invoices.isPending ? (
            <RowsSkeleton label="Loading invoices" />
          ) : failed ? (
            <ErrorState error={invoices.error} retry={() => void invoices.refetch()} />
          ) : rows.length === 0 ? (
            <EmptyList
              q={q}
              filtered={filtered}
              onClear={() => {
                setTyped("");
                void navigate({ search: {} });
              }}
            />
          ) : (
            <div ref={list} className={cn("transition-opacity", invoices.isPlaceholderData && "opacity-60")}>
              <InvoiceRows
                invoices={rows}
                currency={currency}
                timeZone={timeZone}
                compact={phone}
                label="Invoices"
                onExitTop={() => searchBox.current?.focus()}
              />
              <LoadMore
                hasMore={Boolean(invoices.hasNextPage)}
                loading={invoices.isFetchingNextPage}
                failed={invoices.isFetchNextPageError}
                onMore={() => void invoices.fetchNextPage()}
              />
            </div>
          )}
        </Card>
      </div>
    </div>
  );
}

function countLabel(n: number) {
  return `${n} ${n === 1 ? "invoice" : "invoices"}`;
}

function StatusChips({
  value,
  onChange,
}: {
  value: StatusChip | undefined;
  onChange: (value: StatusChip | undefined) => void;
}) {
  return (
    <fieldset className="flex flex-wrap gap-1.5">
      <legend className="sr-only">Status</legend>
      {STATUS_CHIPS.map((c) => {
        const on = c.value === value;
        return (
          <button
            key={c.label}
            type="button"
            aria-pressed={on}
            onClick={() => onChange(c.value)}
            className={cn(
              "h-8 shrink-0 rounded-full border px-3 text-[13px] font-medium transition-colors",
              on
                ? "border-transparent bg-ink text-white"
                : "border-line bg-surface text-ink-soft hover:border-line-strong hover:text-ink",
            )}
          >
            {c.label}
          </button>
        );
      })}
    </fieldset>
  );
}

function RangeSelect({
  value,
  onChange,
}: {
  value: RangePreset | undefined;
  onChange: (value: RangePreset | undefined) => void;
}) {
  return (
    <Select
      aria-label="Dates"
      className="h-10 md:w-40"
      value={value ?? ""}
      onChange={(e) => onChange((e.target.value || undefined) as RangePreset | undefined)}
    >
      <option value="">Any date</option>
      {RANGE_PRESETS.map((p) => (
        <option key={p.value} value={p.value}>
          {p.label}
        </option>
      ))}
    </Select>
  );
}

function ProviderSelect({
  value,
  onChange,
}: {
  value: string | undefined;
  onChange: (value: string | undefined) => void;
}) {
  const providers = useQuery(providersQuery);
  const list = [...(providers.data ?? [])].sort(
    (a, b) => Number(b.active) - Number(a.active) || a.displayName.localeCompare(b.displayName),
  );
  return (
    <Select
      aria-label="Provider"
      className="h-10 md:w-48"
      value={value ?? ""}
      onChange={(e) => onChange(e.target.value || undefined)}
    >
      <option value="">All providers</option>
      {list.map((p) => (
        <option key={p.userId} value={p.userId}>
          {p.displayName}
          {p.active ? "" : " (inactive)"}
        </option>
      ))}
      {value && providers.data && !list.some((p) => p.userId === value) ? (
        <option value={value}>Another provider</option>
      ) : null}
    </Select>
  );
}

function PatientChip({ patientId, onClear }: { patientId: string; onClear: () => void }) {
  const canRead = useCan("patients:read");
  const patient = useQuery({ ...patientQuery(patientId), enabled: canRead });
  const name = patient.data ? fullName(patient.data) : "One patient";
  return (
    <span className="inline-flex h-8 items-center gap-1 rounded-full border border-line bg-surface pr-1 pl-3 text-[13px] font-medium text-ink">
      <Link to="/patients/$patientId" params={{ patientId }} className="hover:text-brand">
        {name}
      </Link>
      <button
        type="button"
        onClick={onClear}
        className="rounded-full p-1 text-muted hover:bg-black/5 hover:text-ink"
        aria-label={`Show every patient’s invoices, not only ${name}’s`}
      >
        <X className="size-3.5" />
      </button>
    </span>
  );
}

function EmptyList({ q, filtered, onClear }: { q: string; filtered: boolean; onClear: () => void }) {
  const canBook = useCan("appointments:read");
  if (q) {
    return (
      <EmptyState
        icon={Search}
        title={`No invoice matches “${q}”`}
        body="Search by invoice number, or its last digits, or by the start of a patient’s name."
        action={<Button onClick={onClear}>Clear search and filters</Button>}
      />
    );
  }
  if (filtered) {
    return (
      <EmptyState
        icon={Receipt}
        title="No invoices here"
        body="Nothing matches these filters."
        action={<Button onClick={onClear}>Show all invoices</Button>}
      />
    );
  }
  return (
    <EmptyState
      icon={Receipt}
      title="No invoices yet"
      body="Check out a visit from the calendar, or start a sale at the desk."
      action={
        <div className="flex flex-wrap justify-center gap-2">
          {canBook ? (
            <Button asChild>
              <Link to="/calendar">
                <CalendarDays className="size-4" aria-hidden="true" /> Open the calendar
              </Link>
            </Button>
          ) : null}
          <NewSaleButton />
        </div>
      }
    />
  );
}
