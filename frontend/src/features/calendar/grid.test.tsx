import { render, screen } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import type { Appointment } from "./api";
import type { Column } from "./columns";
import { CalendarGrid } from "./grid";

const appointment: Appointment = {
  id: "a1",
  patientId: "p1",
  patientFirstName: "Ava",
  patientLastName: "Applewood",
  hasAllergies: true,
  providerId: "riley",
  providerName: "Riley Quinn",
  serviceId: "s1",
  serviceName: "Neurotoxin",
  serviceColor: "#1c7ed6",
  startsAt: "2026-12-09T15:00:00Z",
  endsAt: "2026-12-09T15:30:00Z",
  blockedUntil: "2026-12-09T15:40:00Z",
  status: "checked_in",
  source: "online",
};

const column: Column = {
  key: "2026-12-09|p:riley",
  day: "2026-12-09",
  providerId: "riley",
  title: "Riley Quinn",
  subtitle: "1 appointment",
  working: [[540, 1020]],
  blocks: [{ start: 720, end: 780, label: "Time off · Lunch" }],
  tiles: [{ appointment, start: 600, end: 630, blockedEnd: 640, lane: 0, lanes: 1 }],
};

type GridProps = Parameters<typeof CalendarGrid>[0];

/** The grid as the tests draw it: one provider's column, 8 AM to 6 PM. */
function grid(onGesture: GridProps["onGesture"], props: Partial<GridProps> = {}) {
  return (
    <CalendarGrid
      columns={[column]}
      hours={[8, 18]}
      timeZone="America/New_York"
      step={15}
      defaultLength={30}
      nowMinute={null}
      today="2026-12-09"
      selectedId={null}
      selection={null}
      canEdit
      canCreate
      editable={() => true}
      onGesture={onGesture}
      scrollTo={540}
      scrollKey="day:2026-03-02"
      minColumnWidth={160}
      {...props}
    />
  );
}

function renderGrid(props: Partial<GridProps> = {}) {
  const onGesture = vi.fn();
  render(grid(onGesture, props));
  return onGesture;
}

describe("CalendarGrid", () => {
  it("shows each appointment with its status, allergy flag and time in words", () => {
    renderGrid();
    const tile = screen.getByRole("button", { name: /^Ava Applewood/ });
    expect(tile).toHaveAccessibleName(
      "Ava Applewood, Neurotoxin with Riley Quinn, 10:00–10:30 AM, Checked in, has allergies",
    );
    expect(tile).toHaveAttribute("data-status", "checked_in");
    expect(screen.getByText("Time off · Lunch")).toBeInTheDocument();
    expect(screen.getByText("Riley Quinn")).toBeInTheDocument();
  });

  it("opens an appointment on click and by keyboard", async () => {
    const onGesture = renderGrid();
    await userEvent.click(screen.getByRole("button", { name: /^Ava Applewood/ }));
    expect(onGesture).toHaveBeenCalledWith({ kind: "open", id: "a1" });
    onGesture.mockClear();
    screen.getByRole("button", { name: /^Ava Applewood/ }).focus();
    await userEvent.keyboard("{Enter}");
    expect(onGesture).toHaveBeenCalledWith({ kind: "open", id: "a1" });
  });

  it("draws the now-line on today's columns only", () => {
    renderGrid({ nowMinute: 615 });
    expect(document.querySelector("[data-now-line]")).not.toBeNull();
    expect(screen.getByText("10:15 AM")).toBeInTheDocument();
  });

  it("has no now-line on another day", () => {
    renderGrid({ nowMinute: 615, today: "2026-12-10" });
    expect(document.querySelector("[data-now-line]")).toBeNull();
  });

  it("keeps a pending booking in view", () => {
    renderGrid({ selection: { kind: "create", column: 0, start: 660, end: 705 } });
    expect(screen.getByText("11 AM – 11:45 AM")).toBeInTheDocument();
  });
});

describe("CalendarGrid scrolling", () => {
  it("lands once per day shown, so the clock ticking never pulls the grid back", () => {
    const onGesture = vi.fn();
    const at = (scrollTo: number, scrollKey: string) => grid(onGesture, { scrollTo, scrollKey });
    const { rerender, container } = render(at(600, "day:2026-12-09"));
    const el = container.firstElementChild as HTMLElement;
    expect(el.scrollTop).toBe((600 - 480) * 1.6 - 24);

    el.scrollTop = 700; // staff scroll to the afternoon
    rerender(at(601, "day:2026-12-09")); // a minute later
    expect(el.scrollTop).toBe(700);

    rerender(at(540, "day:2026-12-10")); // another day
    expect(el.scrollTop).toBe((540 - 480) * 1.6 - 24);
  });
});
