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
import { servicesQuery } from "../calendar/api";
import { liabilityQuery, type Plan, plansQuery } from "./api";
import { MembershipPlansPage } from "./plans-page";

const FACIAL = "00000000-0000-4000-8000-000000000001";

const plan = (change: Partial<Plan>): Plan => ({
  id: "p1",
  kind: "membership",
  name: "Sample Glow Club",
  priceCents: 9900,
  billingInterval: "month",
  memberDiscountBp: 1000,
  discountServices: true,
  discountProducts: false,
  creditRolloverMonths: 0,
  benefits: [
    {
      id: "b1",
      creditKind: "service",
      serviceId: FACIAL,
      label: "Sample Facial",
      quantityMilli: 1000,
      amountCents: 0,
    },
    { id: "b2", creditKind: "money", label: "Credit", quantityMilli: 0, amountCents: 5000 },
  ],
  members: 12,
  archived: false,
  createdAt: "2026-01-05T15:00:00Z",
  updatedAt: "2026-01-05T15:00:00Z",
  ...change,
});

const PLANS = [
  plan({}),
  plan({
    id: "p2",
    kind: "package",
    name: "Sample Toxin Bank",
    priceCents: 48_000,
    billingInterval: "none",
    validityDays: 365,
    memberDiscountBp: 0,
    benefits: [
      {
        id: "b3",
        creditKind: "units",
        productKind: "neurotoxin",
        label: "Neurotoxin",
        quantityMilli: 40_000,
        amountCents: 0,
      },
    ],
    members: 0,
  }),
  plan({ id: "p3", name: "Old Sample Club", archived: true, members: 1 }),
];

function renderPage(permissions: Permission[]) {
  const client = new QueryClient({ defaultOptions: { queries: { retry: false, staleTime: Infinity } } });
  client.setQueryData(meQuery.queryKey, {
    role: "owner",
    permissions,
    clinic: { slug: "e2e", name: "Sample Clinic", timezone: "America/New_York", brandColor: "#6d5bd0" },
  } as unknown as Me);
  client.setQueryData(billingSettingsQuery.queryKey, {
    currency: "USD",
    taxRateBp: 0,
    taxServices: false,
    taxProducts: false,
    invoicePrefix: "INV",
    nextInvoiceNumber: 1,
  });
  client.setQueryData(plansQuery.queryKey, PLANS);
  client.setQueryData(servicesQuery.queryKey, [
    { id: FACIAL, name: "Sample Facial", category: "Skin", archived: false },
  ] as never);
  client.setQueryData(liabilityQuery().queryKey, {
    on: "2026-03-14",
    currency: "USD",
    plans: [
      {
        planId: "p1",
        planName: "Sample Glow Club",
        kind: "membership",
        members: 12,
        outstanding: [{ creditKind: "service", serviceId: FACIAL, quantityMilli: 9000, amountCents: 0 }],
        valueCents: 81_000,
      },
    ],
    totalValueCents: 81_000,
  });
  const root = createRootRoute({ component: MembershipPlansPage });
  const router = createRouter({
    routeTree: root.addChildren([createRoute({ getParentRoute: () => root, path: "/" })]),
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

const OWNER: Permission[] = ["memberships:read", "memberships:write", "settings:write", "reports:read"];

describe("Settings → Memberships & packages", () => {
  beforeAll(() => {
    window.scrollTo = vi.fn() as typeof window.scrollTo;
  });

  it("groups plans, each with its price, what it grants, its discount and its members", async () => {
    renderPage(OWNER);
    const current = await screen.findByRole("region", { name: "Current" });
    const club = within(current).getAllByRole("listitem")[0] as HTMLElement;
    expect(club).toHaveTextContent("$99.00 / month");
    expect(club).toHaveTextContent("1 Sample Facial / month");
    expect(club).toHaveTextContent("$50 credit / month");
    expect(club).toHaveTextContent("10% off services");
    expect(club).toHaveTextContent("12 members");
    expect(current).toHaveTextContent("40 units of neurotoxin");
    expect(current).toHaveTextContent("Unit bank");
    expect(
      within(screen.getByRole("region", { name: "Archived" })).getByText("Old Sample Club"),
    ).toBeTruthy();
    expect(screen.getByRole("button", { name: "Restore Old Sample Club" })).toBeInTheDocument();
    // Those who read reports see what unused credits are worth.
    expect(screen.getByText("Unused credits")).toBeInTheDocument();
    expect(screen.getAllByText("9 Sample Facial sessions").length).toBeGreaterThan(0);
  });

  it("checks a new plan before sending it, field by field", async () => {
    renderPage(OWNER);
    await userEvent.click(await screen.findByRole("button", { name: "New plan" }));
    const dialog = await screen.findByRole("dialog", { name: "New membership or package" });
    await userEvent.click(within(dialog).getByRole("button", { name: "Add plan" }));
    expect(within(dialog).getByText("Name the plan.")).toBeInTheDocument();
    expect(within(dialog).getByText("Choose the service.")).toBeInTheDocument();
    await userEvent.selectOptions(within(dialog).getByLabelText("Credit 1: service"), FACIAL);
    expect(within(dialog).getByText("Sample Facial / month", { exact: false })).toBeInTheDocument();
    // A package asks how long its credits last instead of how often it is billed.
    await userEvent.click(within(dialog).getByRole("button", { name: "Package" }));
    expect(within(dialog).getByLabelText("Credits last (days)")).toHaveValue(365);
    expect(within(dialog).queryByRole("button", { name: "Monthly" })).toBeNull();
  });

  it("locks what an enrolled plan grants", async () => {
    renderPage(OWNER);
    await userEvent.click(await screen.findByRole("button", { name: "Edit Sample Glow Club" }));
    const dialog = await screen.findByRole("dialog", { name: "Edit Sample Glow Club" });
    expect(dialog).toHaveTextContent("12 patients are enrolled");
    expect(within(dialog).getByLabelText("Credit 1: kind")).toBeDisabled();
    expect(within(dialog).getByLabelText("Name")).toHaveValue("Sample Glow Club");
  });

  it("shows staff who don't set up the clinic the plans, without changing them", async () => {
    renderPage(["memberships:read", "memberships:write"]);
    expect(await screen.findByText("Only the clinic’s owners change plans.")).toBeInTheDocument();
    expect(screen.queryByRole("button", { name: "New plan" })).toBeNull();
    expect(screen.queryByRole("button", { name: /^Edit / })).toBeNull();
    expect(screen.queryByText("Unused credits")).toBeNull();
  });
});
