import { TZDate } from "@date-fns/tz";
import { format } from "date-fns";

/**
 * Calendar time, always in the clinic's time zone. A day is a plain `yyyy-MM-dd` string; a
 * position on the grid is minutes since that day's midnight by the wall clock, so 9:00 sits on
 * the same line every day of a week, DST changes included.
 */
export type Day = string;

const DAY = /^(\d{4})-(\d{2})-(\d{2})$/;

export function isDay(value: unknown): value is Day {
  if (typeof value !== "string") return false;
  const m = DAY.exec(value);
  if (!m) return false;
  const date = new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])));
  return date.toISOString().startsWith(value);
}

function parts(day: Day): [number, number, number] {
  const [y, m, d] = day.split("-").map(Number) as [number, number, number];
  return [y, m, d];
}

/** The day `n` days after `day` (calendar arithmetic, no time zone involved). */
export function addDays(day: Day, n: number): Day {
  const [y, m, d] = parts(day);
  return new Date(Date.UTC(y, m - 1, d + n)).toISOString().slice(0, 10);
}

/** ISO weekday: 1 = Monday … 7 = Sunday. */
export function weekday(day: Day): number {
  const [y, m, d] = parts(day);
  return new Date(Date.UTC(y, m - 1, d)).getUTCDay() || 7;
}

/** The Monday of the week holding `day`. */
export function weekStart(day: Day): Day {
  return addDays(day, 1 - weekday(day));
}

export function todayIn(timeZone: string, now: Date = new Date()): Day {
  return format(new TZDate(now, timeZone), "yyyy-MM-dd");
}

/** The instant of a wall-clock minute on a day (minute 1440 is the next midnight). */
export function instantAt(day: Day, minute: number, timeZone: string): Date {
  const [y, m, d] = parts(day);
  const whole = Math.round(minute);
  return new Date(new TZDate(y, m - 1, d, Math.floor(whole / 60), whole % 60, timeZone).getTime());
}

/** Where an instant falls on a day's grid, clamped to the day. */
export function minuteOn(day: Day, instant: Date | string, timeZone: string): number {
  const t = new TZDate(typeof instant === "string" ? Date.parse(instant) : instant.getTime(), timeZone);
  const on = format(t, "yyyy-MM-dd");
  if (on < day) return 0;
  if (on > day) return 1440;
  return t.getHours() * 60 + t.getMinutes() + t.getSeconds() / 60;
}

/** The clinic-local day an instant falls on. */
export function dayOf(instant: Date | string, timeZone: string): Day {
  return format(
    new TZDate(typeof instant === "string" ? Date.parse(instant) : instant.getTime(), timeZone),
    "yyyy-MM-dd",
  );
}

/** Formats an instant in the clinic's zone with a date-fns pattern. */
export function formatIn(instant: Date | string, timeZone: string, pattern: string): string {
  return format(
    new TZDate(typeof instant === "string" ? Date.parse(instant) : instant.getTime(), timeZone),
    pattern,
  );
}

/** "10:00–10:45 AM", or "11:30 AM–12:15 PM" across noon. */
export function formatSpan(start: Date | string, end: Date | string, timeZone: string): string {
  const sameHalf = formatIn(start, timeZone, "a") === formatIn(end, timeZone, "a");
  return `${formatIn(start, timeZone, sameHalf ? "h:mm" : "h:mm a")}–${formatIn(end, timeZone, "h:mm a")}`;
}

/** Formats a day with a date-fns pattern (no time zone needed). */
export function formatDayAs(day: Day, pattern: string): string {
  const [y, m, d] = parts(day);
  return format(new Date(y, m - 1, d), pattern);
}

/** "9 AM", "9:30 AM" for a wall-clock minute. */
export function formatMinute(minute: number): string {
  const h = Math.floor(minute / 60) % 24;
  const m = Math.round(minute % 60);
  const hour12 = h % 12 === 0 ? 12 : h % 12;
  const suffix = h < 12 ? "AM" : "PM";
  return m === 0 ? `${hour12} ${suffix}` : `${hour12}:${String(m).padStart(2, "0")} ${suffix}`;
}

export function snap(minute: number, step: number): number {
  return Math.round(minute / step) * step;
}

export type View = "day" | "week";

/** The days a view shows. */
export function daysOf(view: View, day: Day): Day[] {
  if (view === "day") return [day];
  const monday = weekStart(day);
  return Array.from({ length: 7 }, (_, i) => addDays(monday, i));
}

/** The instants a view covers, for the range query. */
export function rangeOf(view: View, day: Day, timeZone: string): { from: string; to: string } {
  const days = daysOf(view, day);
  const first = days[0] ?? day;
  const last = days[days.length - 1] ?? day;
  return {
    from: instantAt(first, 0, timeZone).toISOString(),
    to: instantAt(addDays(last, 1), 0, timeZone).toISOString(),
  };
}

/** Where "previous" and "next" go from a day in a view. */
export function step(view: View, day: Day, direction: -1 | 1): Day {
  return addDays(day, direction * (view === "day" ? 1 : 7));
}
