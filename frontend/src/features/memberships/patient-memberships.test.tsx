import { QueryClient, QueryClientProvider } from "@tanstack/react-query";
import {
  createMemoryHistory,
  createRootRoute,
  createRoute,
  createRouter,
  RouterProvider,
} from "@tanstack/react-router";
import { render, screen, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { ToastProvider } from "@/components/ui/toast";
import { type Me, meQuery, type Permission } from "@/lib/session";
import { billingSettingsQuery } from "../billing/invoice-api";
import { type Membership, type Plan, patientMembershipsQuery, plansQuery } from "./api";
import { PatientMemberships } from "./patient-memberships";

const PATIENT = "00000000-0000-4000-8000-0000000000p1";
const FACIAL = "00000000-0000-4000-8000-000000000001";
const INVOICE = "00000000-0000-4000-8000-0000000000i1";

const trio: Plan = {
  id: "plan-trio",
  kind: "package",
  name: "Facial Trio",
  priceCents: 45_000,
  billingInterval: "none",
  validityDays: 365,
  memberDiscountBp: 0,
  discountServices: false,
  discountProducts: false,
  creditRolloverMonths: 0,
  benefits: [
    {
      id: "b1",
      creditKind: "service",
      serviceId: FACIAL,
      label: "Sample Facial",
      quantityMilli: 3000,
      amountCents: 0,
    },
  ],
  members: 1,
  archived: false,
  createdAt: "2026-01-05T15:00:00Z",
  updatedAt: "2026-01-05T15:00:00Z",
};

const sold: Membership = {
  id: "m1",
  patientId: PATIENT,
  planId: trio.id,
  planName: trio.name,
  planKind: "package",
  status: "active",
  startedOn: "2026-03-14",
  expiresOn: "2027-03-13",
  saleInvoiceId: INVOICE,
  overdue: false,
  balances: [
    {
      creditKind: "service",
      serviceId: FACIAL,
      label: "Sample Facial",
      quantityMilli: 3000,
      amountCents: 0,
      nextExpiryOn: "2027-03-13",
      nextExpiryAmount: 3000,
    },
  ],
  entries: [
    {
      id: "e1",
      kind: "grant",
      creditKind: "service",
      serviceId: FACIAL,
      label: "Sample Facial",
      quantityMilli: 3000,
      amountCents: 0,
      expiresOn: "2027-03-13",
      invoiceId: INVOICE,
      invoiceNumber: "INV-00042",
      byName: "Dana Desk",
      createdAt: "2026-03-14T15:00:00Z",
    },
  ],
  createdAt: "2026-03-14T15:00:00Z",
};

function renderTab(memberships: Membership[], permissions: Permission[]) {
  const client = new QueryClient({ defaultOptions: { queries: { retry: false, staleTime: Infinity } } });
  const me = {
    role: "front_desk",
    permissions,
    clinic: { slug: "e2e", name: "Sample Clinic", timezone: "America/New_York", brandColor: "#6d5bd0" },
  } as unknown as Me;
  client.setQueryData(meQuery.queryKey, me);
  client.setQueryData(billingSettingsQuery.queryKey, {
    currency: "USD",
    taxRateBp: 0,
    taxServices: false,
    taxProducts: false,
    invoicePrefix: "INV",
    nextInvoiceNumber: 43,
  });
  client.setQueryData(plansQuery.queryKey, [trio]);
  client.setQueryData(patientMembershipsQuery(PATIENT).queryKey, memberships);
  const root = createRootRoute({
    component: () => <PatientMemberships patientId={PATIENT} patientName="Pat Sample" archived={false} />,
  });
  const router = createRouter({
    routeTree: root.addChildren([
      createRoute({ getParentRoute: () => root, path: "/" }),
      createRoute({ getParentRoute: () => root, path: "/invoices/$invoiceId" }),
      createRoute({ getParentRoute: () => root, path: "/settings/memberships" }),
    ]),
    history: createMemoryHistory({ initialEntries: ["/"] }),
  });
  return render(
    <QueryClientProvider client={client}>
      <ToastProvider>
        <RouterProvider router={router} />
      </ToastProvider>
    </QueryClientProvider>,
  );
}

const WRITE: Permission[] = ["memberships:read", "memberships:write", "invoices:read", "settings:read"];

describe("the patient's Memberships tab", () => {
  beforeAll(() => {
    window.scrollTo = vi.fn() as typeof window.scrollTo;
  });

  it("shows a package with what is left and its grant in the ledger", async () => {
    renderTab([sold], WRITE);
    const card = await screen.findByRole("article", { name: /Facial Trio/ });
    expect(within(card).getByText("Active")).toBeInTheDocument();
    expect(within(card).getByText("Package")).toBeInTheDocument();
    const left = within(card).getByRole("list", { name: "Credits left" });
    expect(left).toHaveTextContent("3 sessions left");
    expect(left).toHaveTextContent("all end 13 Mar 2027");
    expect(within(card).getByText(/last day 13 Mar 2027/)).toBeInTheDocument();
    const ledger = within(card).getByRole("table", { name: "Credit ledger of Facial Trio" });
    const rows = within(ledger).getAllByRole("row");
    expect(rows).toHaveLength(2);
    expect(rows[1]).toHaveTextContent("Granted");
    expect(rows[1]).toHaveTextContent("+3 sessions");
    expect(within(rows[1] as HTMLElement).getAllByRole("link", { name: "INV-00042" })[0]).toHaveAttribute(
      "href",
      `/invoices/${INVOICE}`,
    );
    expect(within(card).getByRole("button", { name: /Adjust/ })).toBeInTheDocument();
    expect(within(card).getByRole("button", { name: /Cancel/ })).toBeInTheDocument();
    // A package is not paused.
    expect(within(card).queryByRole("button", { name: /Pause/ })).toBeNull();
  });

  it("invites enrolling when there is nothing, and the dialog shows each plan's price and credits", async () => {
    renderTab([], WRITE);
    expect(await screen.findByText("No memberships or packages")).toBeInTheDocument();
    await userEvent.click(screen.getByRole("button", { name: "Enrol" }));
    const dialog = await screen.findByRole("dialog", { name: "Enrol in a membership or package" });
    const option = within(dialog).getByRole("radio", { name: /Facial Trio/ });
    expect(option.closest("label")).toHaveTextContent("$450.00 once");
    expect(option.closest("label")).toHaveTextContent("3 Sample Facial sessions");
    await userEvent.click(within(dialog).getByRole("button", { name: "Enrol" }));
    expect(within(dialog).getByText("Choose a plan.")).toBeInTheDocument();
    await userEvent.click(option);
    expect(within(dialog).getByText(/An invoice for \$450\.00 is issued now/)).toBeInTheDocument();
  });

  it("shows read-only staff the same, without actions", async () => {
    renderTab([sold], ["memberships:read", "invoices:read", "settings:read"]);
    const card = await screen.findByRole("article", { name: /Facial Trio/ });
    expect(within(card).getByRole("list", { name: "Credits left" })).toHaveTextContent("3 sessions left");
    expect(screen.queryByRole("button", { name: "Enrol" })).toBeNull();
    expect(within(card).queryByRole("button")).toBeNull();
  });
});
