import {
  createMemoryHistory,
  createRootRoute,
  createRoute,
  createRouter,
  RouterProvider,
} from "@tanstack/react-router";
import { render, screen } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { InvoiceRows } from "./invoice-list";
import type { InvoiceSummary } from "./list-api";

const base = {
  patientId: "pt-1",
  patientName: "Ava Stone",
  datedAt: "2026-05-13T15:00:00Z",
  paidCents: 0,
  refundedCents: 0,
};

const INVOICES: InvoiceSummary[] = [
  {
    ...base,
    id: "inv-1",
    number: "INV-00042",
    status: "partially_paid",
    serviceName: "Neurotoxin",
    providerName: "Pia Provider",
    appointmentId: "ap-1",
    totalCents: 42_000,
    paidCents: 20_000,
    balanceCents: 22_000,
  },
  { ...base, id: "inv-2", status: "draft", totalCents: 5_900, balanceCents: 0 },
  { ...base, id: "inv-3", number: "INV-00041", status: "paid", totalCents: 75_000, balanceCents: 0 },
];

function renderRows(compact: boolean, onExitTop = () => {}) {
  const root = createRootRoute({
    component: () => (
      <InvoiceRows
        invoices={INVOICES}
        currency="USD"
        timeZone="America/New_York"
        compact={compact}
        label="Invoices"
        onExitTop={onExitTop}
      />
    ),
  });
  const router = createRouter({
    routeTree: root.addChildren([
      createRoute({ getParentRoute: () => root, path: "/" }),
      createRoute({ getParentRoute: () => root, path: "/invoices/$invoiceId" }),
    ]),
    history: createMemoryHistory({ initialEntries: ["/"] }),
  });
  return render(<RouterProvider router={router} />);
}

describe("invoice rows", () => {
  beforeAll(() => {
    // The router restores scroll positions, which jsdom doesn't do.
    window.scrollTo = vi.fn() as typeof window.scrollTo;
  });

  it("shows each invoice with its number, status, total and what is due, and links to it", async () => {
    renderRows(false);
    const table = await screen.findByRole("table", { name: "Invoices" });
    const rows = table.querySelectorAll("tbody tr");
    expect(rows).toHaveLength(3);
    expect(rows[0]).toHaveTextContent("INV-00042");
    expect(rows[0]).toHaveTextContent("13 May");
    expect(rows[0]).toHaveTextContent("Neurotoxin");
    expect(rows[0]).toHaveTextContent("Partially paid");
    expect(rows[0]).toHaveTextContent("$420.00");
    expect(rows[0]).toHaveTextContent("$220.00");
    expect(rows[1]).toHaveTextContent("Draft");
    expect(rows[1]).toHaveTextContent("Sale at the desk");
    expect(rows[2]).toHaveTextContent("Nothing due");
    expect(screen.getByRole("link", { name: "INV-00042, Ava Stone" })).toHaveAttribute(
      "href",
      "/invoices/inv-1",
    );
  });

  it("moves between rows with the arrow keys, and back up to the search box", async () => {
    const exit = vi.fn();
    renderRows(false, exit);
    const links = await screen.findAllByRole("link");
    links[0]?.focus();
    await userEvent.keyboard("{ArrowDown}");
    expect(links[1]).toHaveFocus();
    await userEvent.keyboard("{ArrowDown}{ArrowDown}");
    expect(links[2]).toHaveFocus();
    await userEvent.keyboard("{ArrowUp}{ArrowUp}{ArrowUp}");
    expect(links[0]).toHaveFocus();
    expect(exit).toHaveBeenCalledOnce();
  });

  it("shows cards on phones, with the balance due", async () => {
    renderRows(true);
    const list = await screen.findByRole("list", { name: "Invoices" });
    expect(list.querySelectorAll("li")).toHaveLength(3);
    expect(list).toHaveTextContent("$220.00 due");
    expect(screen.queryByRole("table")).toBeNull();
  });
});
