import type { ReactNode } from "react";
import { Card } from "@/components/ui/card";
import { Skeleton } from "@/components/ui/skeleton";
import { cn } from "@/lib/cn";
import { formatMoney } from "./money";

export interface Figure {
  label: string;
  /** Absent when it couldn't be loaded. */
  cents: number | null;
  note?: ReactNode;
  /** Drawn in the warning colour when above zero: money still owed. */
  owed?: boolean;
}

/** A row of amounts: what was invoiced, collected and is still owed. */
export function Figures({
  figures,
  currency,
  loading,
  label,
}: {
  figures: Figure[];
  currency: string;
  loading: boolean;
  label: string;
}) {
  return (
    <Card className="overflow-hidden">
      <dl
        aria-label={label}
        aria-busy={loading || undefined}
        className="grid divide-x divide-line"
        style={{ gridTemplateColumns: `repeat(${figures.length}, minmax(0, 1fr))` }}
      >
        {figures.map((f) => (
          <div key={f.label} className="flex min-w-0 flex-col gap-0.5 px-3 py-3 sm:px-5 sm:py-4">
            <dt className="truncate text-[12px] font-medium text-muted sm:text-[13px]">{f.label}</dt>
            <dd
              className={cn(
                "truncate text-base font-semibold tracking-tight tabular-nums sm:text-2xl",
                f.owed && (f.cents ?? 0) > 0 ? "text-warning" : "text-ink",
              )}
            >
              {loading ? (
                <Skeleton className="h-6 w-24 max-w-full sm:h-8" />
              ) : f.cents === null ? (
                <span className="text-faint">
                  <span aria-hidden="true">—</span>
                  <span className="sr-only">Not loaded</span>
                </span>
              ) : (
                formatMoney(f.cents, currency)
              )}
              {f.note && !loading ? (
                <span className="mt-0.5 block truncate text-xs font-normal tracking-normal text-muted">
                  {f.note}
                </span>
              ) : null}
            </dd>
          </div>
        ))}
      </dl>
    </Card>
  );
}
