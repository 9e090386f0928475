import {
  Ban,
  CalendarClock,
  CheckCheck,
  CircleCheck,
  CircleDot,
  DoorOpen,
  type LucideIcon,
  UserX,
} from "lucide-react";
import type { AppointmentStatus } from "./api";

interface StatusLook {
  label: string;
  icon: LucideIcon;
  /** Classes for the tile: each status differs in fill and border as well as colour, so it
   * reads without colour vision too. */
  tile: string;
  /** A small chip for lists and the side panel. */
  chip: string;
}

export const STATUS: Record<AppointmentStatus, StatusLook> = {
  booked: {
    label: "Booked",
    icon: CalendarClock,
    tile: "bg-white border-dashed",
    chip: "bg-white text-ink-soft ring-1 ring-line-strong ring-inset",
  },
  confirmed: {
    label: "Confirmed",
    icon: CircleCheck,
    tile: "bg-white",
    chip: "bg-sky-50 text-sky-800 ring-1 ring-sky-200 ring-inset",
  },
  checked_in: {
    label: "Checked in",
    icon: DoorOpen,
    tile: "bg-amber-50",
    chip: "bg-amber-50 text-amber-800 ring-1 ring-amber-200 ring-inset",
  },
  in_progress: {
    label: "In progress",
    icon: CircleDot,
    tile: "bg-violet-50",
    chip: "bg-violet-50 text-violet-800 ring-1 ring-violet-200 ring-inset",
  },
  completed: {
    label: "Completed",
    icon: CheckCheck,
    tile: "bg-emerald-50/70 opacity-80",
    chip: "bg-emerald-50 text-emerald-800 ring-1 ring-emerald-200 ring-inset",
  },
  cancelled: {
    label: "Cancelled",
    icon: Ban,
    tile: "bg-canvas opacity-60 line-through",
    chip: "bg-canvas text-muted ring-1 ring-line ring-inset",
  },
  no_show: {
    label: "No-show",
    icon: UserX,
    tile: "bg-rose-50 opacity-80",
    chip: "bg-rose-50 text-rose-800 ring-1 ring-rose-200 ring-inset",
  },
};

export const ALL_STATUSES = Object.keys(STATUS) as AppointmentStatus[];

/** What the calendar shows unless asked otherwise: everything but cancellations. */
export const DEFAULT_STATUSES = ALL_STATUSES.filter((s) => s !== "cancelled");

export interface StatusAction {
  to: AppointmentStatus;
  label: string;
  /** The main next step, shown as the primary button. */
  primary?: boolean;
}

/**
 * The next steps the server allows from a status (it checks again; the day and start-time
 * rules are its to apply). Cancelling has its own action.
 */
export function nextSteps(status: AppointmentStatus, started: boolean, today: boolean): StatusAction[] {
  const noShow: StatusAction[] = started ? [{ to: "no_show", label: "No-show" }] : [];
  switch (status) {
    case "booked":
      return [
        ...(today ? [{ to: "checked_in" as const, label: "Check in", primary: true }] : []),
        { to: "confirmed", label: "Confirm", primary: !today },
        ...noShow,
      ];
    case "confirmed":
      return [
        ...(today ? [{ to: "checked_in" as const, label: "Check in", primary: true }] : []),
        ...noShow,
        { to: "booked", label: "Unconfirm" },
      ];
    case "checked_in":
      return [
        { to: "in_progress", label: "Start", primary: true },
        { to: "completed", label: "Complete" },
        { to: "confirmed", label: "Undo check-in" },
      ];
    case "in_progress":
      return [
        { to: "completed", label: "Complete", primary: true },
        { to: "checked_in", label: "Back to checked in" },
      ];
    case "no_show":
      return [{ to: "booked", label: "Undo no-show" }];
    default:
      return [];
  }
}

export function cancellable(status: AppointmentStatus): boolean {
  return status === "booked" || status === "confirmed" || status === "checked_in";
}

/** Whether an appointment can still be moved or resized. */
export function movable(status: AppointmentStatus): boolean {
  return status !== "completed" && status !== "cancelled" && status !== "no_show";
}
