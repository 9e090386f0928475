import { TZDate } from "@date-fns/tz";
import { differenceInYears, format, formatDistanceToNowStrict, isSameYear, parseISO } from "date-fns";

/** Times are always shown in the clinic's time zone, whatever the browser's. */
export function inZone(iso: string, timeZone: string): TZDate {
  return new TZDate(parseISO(iso), timeZone);
}

export function formatDateTime(iso: string, timeZone: string, now = new Date()): string {
  const d = inZone(iso, timeZone);
  return format(d, isSameYear(d, new TZDate(now, timeZone)) ? "EEE d MMM, h:mm a" : "d MMM yyyy, h:mm a");
}

export function formatDay(iso: string, timeZone: string): string {
  return format(inZone(iso, timeZone), "EEEE d MMMM yyyy");
}

export function formatTime(iso: string, timeZone: string): string {
  return format(inZone(iso, timeZone), "h:mm a");
}

/** A calendar date (no time zone): "8 Mar 1990". */
export function formatBirthDate(date: string): string {
  return format(parseISO(date), "d MMM yyyy");
}

export function ageOn(date: string, today = new Date()): number {
  return differenceInYears(today, parseISO(date));
}

export function ago(iso: string): string {
  return formatDistanceToNowStrict(parseISO(iso), { addSuffix: true });
}
