import { ClipboardList, X } from "lucide-react";
import type { ReactNode } from "react";
import { Input } from "@/components/ui/input";
import { cn } from "@/lib/cn";
import { MoneyInput } from "./controls";
import type { DraftErrors, DraftLine } from "./draft";
import { formatMoney } from "./money";
import { UNIT_LABELS } from "./quantity";

/** The columns of a line being edited: stacked on a phone, one row from tablets up. */
export const LINE_GRID = cn(
  "grid gap-x-2 gap-y-2",
  "grid-cols-[minmax(0,1fr)_minmax(0,1fr)_minmax(0,1fr)_2.25rem] [grid-template-areas:'d_d_d_x'_'q_p_o_o'_'t_t_a_a']",
  "md:grid-cols-[minmax(0,1fr)_6.75rem_6.75rem_6rem_2.5rem_6.25rem_2.25rem] md:[grid-template-areas:'d_q_p_o_t_a_x'] md:gap-y-0",
);

function Heading({ area, className, children }: { area: string; className?: string; children: ReactNode }) {
  return (
    // biome-ignore lint/a11y/useSemanticElements: the lines restack on a phone, which table elements can't do and keep their semantics everywhere
    // biome-ignore lint/a11y/useFocusableInteractive: a column heading of a static table, not of an interactive grid
    <span
      role="columnheader"
      className={cn("text-[12px] font-medium text-muted", className)}
      style={{ gridArea: area }}
    >
      {children}
    </span>
  );
}

/** The column headings, shown from tablets up (a phone labels each field instead). */
export function LineHeadings() {
  return (
    // biome-ignore lint/a11y/useSemanticElements: see Heading
    // biome-ignore lint/a11y/useFocusableInteractive: see Heading
    <div role="row" className={cn(LINE_GRID, "hidden border-b border-line px-4 py-2 md:grid")}>
      <Heading area="d">Item</Heading>
      <Heading area="q" className="text-right">
        Qty
      </Heading>
      <Heading area="p" className="text-right">
        Unit price
      </Heading>
      <Heading area="o" className="text-right">
        Discount
      </Heading>
      <Heading area="t" className="text-center">
        Tax
      </Heading>
      <Heading area="a" className="text-right">
        Amount
      </Heading>
      <Heading area="x" className="sr-only">
        Remove
      </Heading>
    </div>
  );
}

function Cell({
  area,
  label,
  error,
  errorId,
  className,
  children,
}: {
  area: string;
  /** What a phone shows above the field; the field has its own name for screen readers. */
  label?: string;
  error?: string | undefined;
  errorId?: string;
  className?: string;
  children: ReactNode;
}) {
  return (
    // biome-ignore lint/a11y/useSemanticElements: see Heading
    <div role="cell" className={cn("flex min-w-0 flex-col gap-1", className)} style={{ gridArea: area }}>
      {label ? (
        <span aria-hidden="true" className="text-[11px] font-medium text-muted md:hidden">
          {label}
        </span>
      ) : null}
      {children}
      {error ? (
        <span id={errorId} className="text-[12px] leading-tight text-danger">
          {error}
        </span>
      ) : null}
    </div>
  );
}

/** One line of a draft, edited in place. */
export function LineRow({
  line,
  index,
  amountCents,
  currency,
  errors,
  onChange,
  onRemove,
  focusField,
}: {
  line: DraftLine;
  index: number;
  amountCents: number;
  currency: string;
  errors: DraftErrors;
  onChange: (patch: Partial<DraftLine>) => void;
  onRemove: () => void;
  /** Focused when the row first shows (a line just added). */
  focusField?: "description" | "quantity" | undefined;
}) {
  const name = line.description.trim() || `line ${index + 1}`;
  const error = (field: string) => errors[`lines.${line.key}.${field}`];
  const errorId = (field: string) => `${line.key}-${field}-error`;
  const described = (field: string) => (error(field) ? errorId(field) : undefined);
  const unit = line.unit && line.unit !== "other" ? UNIT_LABELS[line.unit] : "";
  return (
    // biome-ignore lint/a11y/useSemanticElements: see Heading
    // biome-ignore lint/a11y/useFocusableInteractive: see Heading
    <div
      role="row"
      className={cn(LINE_GRID, "border-b border-line px-4 py-3 last:border-b-0 md:items-start")}
    >
      <Cell area="d" error={error("description")} errorId={errorId("description")}>
        <Input
          aria-label={`Description of line ${index + 1}`}
          value={line.description}
          onChange={(e) => onChange({ description: e.target.value })}
          aria-invalid={error("description") ? true : undefined}
          aria-describedby={described("description")}
          autoFocus={focusField === "description"}
          placeholder="What was it for?"
          maxLength={200}
          className="font-medium"
        />
        {line.fromChart ? (
          <span className="flex items-center gap-1 text-[12px] text-muted">
            <ClipboardList className="size-3.5" aria-hidden="true" /> From chart
          </span>
        ) : null}
      </Cell>
      <Cell area="q" label="Qty" error={error("quantity")} errorId={errorId("quantity")}>
        <div className="relative">
          <Input
            aria-label={`Quantity of ${name}${unit ? ` in ${unit}` : ""}`}
            inputMode="decimal"
            autoComplete="off"
            value={line.quantity}
            onChange={(e) => onChange({ quantity: e.target.value })}
            onFocus={(e) => e.currentTarget.select()}
            aria-invalid={error("quantity") ? true : undefined}
            aria-describedby={described("quantity")}
            autoFocus={focusField === "quantity"}
            className="text-right tabular-nums"
            style={unit ? { paddingRight: `${0.9 + unit.length * 0.42}rem` } : undefined}
          />
          {unit ? (
            <span
              aria-hidden="true"
              className="pointer-events-none absolute inset-y-0 right-2.5 flex items-center text-[12px] text-muted"
            >
              {unit}
            </span>
          ) : null}
        </div>
      </Cell>
      <Cell area="p" label="Unit price" error={error("price")} errorId={errorId("price")}>
        <MoneyInput
          currency={currency}
          aria-label={`Unit price of ${name}`}
          value={line.price}
          onChange={(e) => onChange({ price: e.target.value })}
          onFocus={(e) => e.currentTarget.select()}
          aria-invalid={error("price") ? true : undefined}
          aria-describedby={described("price")}
        />
      </Cell>
      <Cell area="o" label="Discount" error={error("discount")} errorId={errorId("discount")}>
        <MoneyInput
          currency={currency}
          aria-label={`Discount on ${name}`}
          placeholder="0.00"
          value={line.discount}
          onChange={(e) => onChange({ discount: e.target.value })}
          onFocus={(e) => e.currentTarget.select()}
          aria-invalid={error("discount") ? true : undefined}
          aria-describedby={described("discount")}
        />
      </Cell>
      <Cell area="t" className="justify-center md:h-9 md:items-center">
        <label className="flex h-9 items-center gap-2 text-[13px] text-ink-soft">
          <input
            type="checkbox"
            className="size-4 accent-[var(--color-brand)]"
            checked={line.taxable}
            onChange={(e) => onChange({ taxable: e.target.checked })}
          />
          <span className="md:sr-only">Taxable</span>
          <span className="sr-only"> {name}</span>
        </label>
      </Cell>
      <Cell area="a" className="items-end justify-center md:h-9">
        <span className="text-sm font-medium text-ink tabular-nums">
          {formatMoney(amountCents, currency)}
        </span>
      </Cell>
      <Cell area="x" className="items-end md:h-9 md:justify-center">
        <button
          type="button"
          onClick={onRemove}
          aria-label={`Remove ${name}`}
          className="rounded-md p-2 text-muted hover:bg-black/5 hover:text-danger"
        >
          <X className="size-4" aria-hidden="true" />
        </button>
      </Cell>
    </div>
  );
}
