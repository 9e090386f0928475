import { addDays, type Day, formatDayAs, instantAt, isDay, weekStart } from "../calendar/time";

/**
 * The date ranges the invoice list offers. Days are the clinic's: "today" starts at the clinic's
 * midnight wherever the browser is, and a range covers whole days, first to last inclusive.
 */
export type RangePreset = "today" | "week" | "month" | "last_month" | "90d" | "custom";

export const RANGE_PRESETS: { value: RangePreset; label: string }[] = [
  { value: "today", label: "Today" },
  { value: "week", label: "This week" },
  { value: "month", label: "This month" },
  { value: "last_month", label: "Last month" },
  { value: "90d", label: "Last 90 days" },
  { value: "custom", label: "Custom" },
];

export function isRangePreset(value: unknown): value is RangePreset {
  return RANGE_PRESETS.some((p) => p.value === value);
}

/** Whole days, both ends inclusive; an end left open reaches as far as the records go. */
export interface DayRange {
  first?: Day | undefined;
  last?: Day | undefined;
}

function monthStart(day: Day, monthsLater = 0): Day {
  const [y, m] = day.split("-").map(Number) as [number, number];
  return new Date(Date.UTC(y, m - 1 + monthsLater, 1)).toISOString().slice(0, 10);
}

/** The days a preset covers, seen from `today` (the clinic's). Custom takes the days given. */
export function presetDays(
  preset: RangePreset,
  today: Day,
  custom: { from?: Day | undefined; to?: Day | undefined } = {},
): DayRange {
  switch (preset) {
    case "today":
      return { first: today, last: today };
    case "week": {
      const monday = weekStart(today);
      return { first: monday, last: addDays(monday, 6) };
    }
    case "month":
      return { first: monthStart(today), last: addDays(monthStart(today, 1), -1) };
    case "last_month":
      return { first: monthStart(today, -1), last: addDays(monthStart(today), -1) };
    case "90d":
      return { first: addDays(today, -89), last: today };
    case "custom": {
      const from = isDay(custom.from) ? custom.from : undefined;
      const to = isDay(custom.to) ? custom.to : undefined;
      // Typed the wrong way round, the range still means the days between them.
      if (from && to && from > to) return { first: to, last: from };
      return { first: from, last: to };
    }
  }
}

/** The instants for the API: from the first day's midnight to the midnight after the last. */
export function rangeInstants(range: DayRange, timeZone: string): { from?: string; to?: string } {
  return {
    ...(range.first ? { from: instantAt(range.first, 0, timeZone).toISOString() } : {}),
    ...(range.last ? { to: instantAt(addDays(range.last, 1), 0, timeZone).toISOString() } : {}),
  };
}

/** "12 May 2026", "1–31 May 2026", "28 Apr – 4 May 2026", "Since 3 Feb 2026". */
export function rangeLabel(range: DayRange): string {
  const { first, last } = range;
  if (!first && !last) return "Any date";
  if (!first && last) return `Until ${formatDayAs(last, "d MMM yyyy")}`;
  if (first && !last) return `Since ${formatDayAs(first, "d MMM yyyy")}`;
  if (!first || !last) return "Any date";
  if (first === last) return formatDayAs(first, "d MMM yyyy");
  const sameYear = first.slice(0, 4) === last.slice(0, 4);
  const sameMonth = sameYear && first.slice(0, 7) === last.slice(0, 7);
  if (sameMonth) return `${formatDayAs(first, "d")}–${formatDayAs(last, "d MMM yyyy")}`;
  if (sameYear) return `${formatDayAs(first, "d MMM")} – ${formatDayAs(last, "d MMM yyyy")}`;
  return `${formatDayAs(first, "d MMM yyyy")} – ${formatDayAs(last, "d MMM yyyy")}`;
}
