import { QueryClient, QueryClientProvider } from "@tanstack/react-query";
import {
  createMemoryHistory,
  createRootRoute,
  createRoute,
  createRouter,
  RouterProvider,
} from "@tanstack/react-router";
import { render, screen } from "@testing-library/react";
import type { ReactNode } from "react";
import { billingSettingsQuery } from "./invoice-api";
import type { InvoiceTimelineEntry, PaymentTimelineEntry } from "./list-api";
import { InvoiceTimelineItem, PaymentTimelineItem } from "./timeline-items";

const NY = "America/New_York";

function renderInTimeline(item: ReactNode) {
  const client = new QueryClient();
  client.setQueryData(billingSettingsQuery.queryKey, {
    currency: "USD",
    taxRateBp: 887,
    taxServices: false,
    taxProducts: true,
    invoicePrefix: "INV",
    nextInvoiceNumber: 1,
  });
  const root = createRootRoute({ component: () => <ol>{item}</ol> });
  const router = createRouter({
    routeTree: root.addChildren([
      createRoute({ getParentRoute: () => root, path: "/" }),
      createRoute({ getParentRoute: () => root, path: "/invoices/$invoiceId" }),
    ]),
    history: createMemoryHistory({ initialEntries: ["/"] }),
  });
  return render(
    <QueryClientProvider client={client}>
      <RouterProvider router={router} />
    </QueryClientProvider>,
  );
}

describe("billing on the patient's timeline", () => {
  beforeAll(() => {
    window.scrollTo = vi.fn() as typeof window.scrollTo;
  });

  it("shows an invoice's number, status, total and balance, and opens it", async () => {
    const entry: InvoiceTimelineEntry = {
      kind: "invoice",
      at: "2026-05-13T15:00:00Z",
      invoiceId: "inv-1",
      number: "INV-00042",
      status: "partially_paid",
      serviceName: "Neurotoxin",
      totalCents: 42_000,
      balanceCents: 22_000,
    };
    renderInTimeline(<InvoiceTimelineItem entry={entry} timeZone={NY} />);
    const link = await screen.findByRole("link");
    expect(link).toHaveAttribute("href", "/invoices/inv-1");
    expect(link).toHaveTextContent("Invoice INV-00042 · Neurotoxin");
    expect(link).toHaveTextContent("Partially paid");
    expect(link).toHaveTextContent("total $420.00");
    expect(link).toHaveTextContent("$220.00 due");
  });

  it("calls an invoice without a number a draft", async () => {
    renderInTimeline(
      <InvoiceTimelineItem
        entry={{
          kind: "invoice",
          at: "2026-05-13T15:00:00Z",
          invoiceId: "inv-2",
          status: "draft",
          totalCents: 5_000,
          balanceCents: 0,
        }}
        timeZone={NY}
      />,
    );
    const link = await screen.findByRole("link");
    expect(link).toHaveTextContent("Draft invoice");
    expect(link).not.toHaveTextContent("due");
  });

  it("strikes through a voided payment and says so", async () => {
    const entry: PaymentTimelineEntry = {
      kind: "payment",
      at: "2026-05-13T15:05:00Z",
      invoiceId: "inv-1",
      paymentId: "pay-1",
      number: "INV-00042",
      paymentKind: "payment",
      method: "gift_card",
      amountCents: 20_000,
      voided: true,
    };
    renderInTimeline(<PaymentTimelineItem entry={entry} timeZone={NY} />);
    const link = await screen.findByRole("link");
    expect(link).toHaveTextContent("Payment · Gift card");
    expect(link).toHaveTextContent("Voided");
    expect(link).toHaveTextContent("on invoice INV-00042");
    expect(screen.getByText("$200.00")).toHaveClass("line-through");
  });

  it("shows a refund as money going back", async () => {
    renderInTimeline(
      <PaymentTimelineItem
        entry={{
          kind: "payment",
          at: "2026-05-13T15:05:00Z",
          invoiceId: "inv-1",
          paymentId: "ref-1",
          paymentKind: "refund",
          method: "card",
          amountCents: 5_000,
          voided: false,
        }}
        timeZone={NY}
      />,
    );
    const link = await screen.findByRole("link");
    expect(link).toHaveTextContent("Refund · Card");
    expect(screen.getByText("−$50.00")).not.toHaveClass("line-through");
  });
});
