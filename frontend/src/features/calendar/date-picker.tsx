import { ChevronLeft, ChevronRight } from "lucide-react";
import { useState } from "react";
import { cn } from "@/lib/cn";
import { addDays, type Day, formatDayAs, weekStart } from "./time";

const WEEKDAYS = ["Mo", "Tu", "We", "Th", "Fr", "Sa", "Su"];

function firstOfMonth(day: Day): Day {
  return `${day.slice(0, 8)}01`;
}

function shiftMonth(first: Day, by: number): Day {
  const [y, m] = first.split("-").map(Number) as [number, number];
  const date = new Date(Date.UTC(y, m - 1 + by, 1));
  return date.toISOString().slice(0, 10);
}

/** A month at a glance; picking a day goes there. Arrow keys move by day and week. */
export function MonthPicker({
  value,
  today,
  onPick,
}: {
  value: Day;
  today: Day;
  onPick: (day: Day) => void;
}) {
  const [month, setMonth] = useState(() => firstOfMonth(value));
  const [focus, setFocus] = useState(value);
  const start = weekStart(month);
  const days = Array.from({ length: 42 }, (_, i) => addDays(start, i));
  const thisMonth = month.slice(0, 7);

  const move = (to: Day) => {
    setFocus(to);
    if (to.slice(0, 7) !== thisMonth) setMonth(firstOfMonth(to));
    requestAnimationFrame(() => document.querySelector<HTMLButtonElement>(`[data-pick="${to}"]`)?.focus());
  };
  const onKeyDown = (e: React.KeyboardEvent) => {
    const by = { ArrowLeft: -1, ArrowRight: 1, ArrowUp: -7, ArrowDown: 7 }[e.key];
    if (by) {
      e.preventDefault();
      move(addDays(focus, by));
    }
  };

  return (
    <div className="w-64 p-1">
      <div className="mb-2 flex items-center justify-between">
        <button
          type="button"
          aria-label="Previous month"
          onClick={() => setMonth(shiftMonth(month, -1))}
          className="rounded-md p-1.5 text-muted hover:bg-black/5 hover:text-ink"
        >
          <ChevronLeft className="size-4" />
        </button>
        <p className="text-sm font-semibold text-ink">{formatDayAs(month, "MMMM yyyy")}</p>
        <button
          type="button"
          aria-label="Next month"
          onClick={() => setMonth(shiftMonth(month, 1))}
          className="rounded-md p-1.5 text-muted hover:bg-black/5 hover:text-ink"
        >
          <ChevronRight className="size-4" />
        </button>
      </div>
      {/* biome-ignore lint/a11y/useSemanticElements: a grid of day buttons, navigated with arrow keys */}
      <div
        role="grid"
        aria-label={formatDayAs(month, "MMMM yyyy")}
        className="grid grid-cols-7 gap-0.5"
        onKeyDown={onKeyDown}
      >
        {WEEKDAYS.map((w) => (
          <span key={w} className="py-1 text-center text-[11px] font-medium text-faint">
            {w}
          </span>
        ))}
        {days.map((d) => (
          <button
            key={d}
            type="button"
            data-pick={d}
            tabIndex={d === focus ? 0 : -1}
            aria-label={formatDayAs(d, "EEEE d MMMM yyyy")}
            aria-current={d === today ? "date" : undefined}
            aria-pressed={d === value}
            onClick={() => onPick(d)}
            className={cn(
              "h-8 rounded-md text-[13px] tabular-nums transition-colors",
              d.slice(0, 7) === thisMonth ? "text-ink" : "text-faint",
              d === value ? "bg-brand font-semibold text-white" : "hover:bg-black/5",
              d === today && d !== value && "font-semibold text-brand ring-1 ring-brand/40 ring-inset",
            )}
          >
            {Number(d.slice(8))}
          </button>
        ))}
      </div>
    </div>
  );
}
