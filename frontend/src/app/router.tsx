import type { QueryClient } from "@tanstack/react-query";
import {
  createRootRouteWithContext,
  createRoute,
  createRouter,
  lazyRouteComponent,
  Outlet,
  redirect,
} from "@tanstack/react-router";
import { ApiProblem } from "@/api/problem";
import { AppShell } from "@/components/layouts/app-shell";
import { ErrorState } from "@/components/ui/states";
import { LoginPage } from "@/features/auth/login-page";
import { InvoiceScreen } from "@/features/billing/invoice-screen";
import { InvoicesPage } from "@/features/billing/invoices-page";
import { validateInvoicesSearch } from "@/features/billing/list-search";
import { CalendarPage, validateCalendarSearch } from "@/features/calendar/calendar-page";
import { ChartPage } from "@/features/charts/chart-page";
import { type QueueSearch, SignoffQueuePage, SignoffReviewPage } from "@/features/charts/signoff";
import { validateSigningSearch } from "@/features/consents/signing-search";
import { PatientsPage } from "@/features/patients/patients-page";
import { PatientProfilePage } from "@/features/patients/profile-page";
import { AccountPage } from "@/features/settings/account-page";
import { BillingSettingsPage } from "@/features/settings/billing-page";
import { OnlineBookingPage } from "@/features/settings/online-booking-page";
import { ProductsPage } from "@/features/settings/products-page";
import { ProviderPage } from "@/features/settings/provider-page";
import { ProvidersPage } from "@/features/settings/providers-page";
import { RoomsPage } from "@/features/settings/rooms-page";
import { ServicesPage } from "@/features/settings/services-page";
import { SettingsLayout } from "@/features/settings/settings-layout";
import { meQuery } from "@/lib/session";
import { CommandPalette } from "./command-palette";
import { NotFound } from "./not-found";

interface RouterContext {
  queryClient: QueryClient;
}

const rootRoute = createRootRouteWithContext<RouterContext>()({
  component: Outlet,
  notFoundComponent: NotFound,
});

const loginRoute = createRoute({
  getParentRoute: () => rootRoute,
  path: "/login",
  validateSearch: (search: Record<string, unknown>): { returnTo?: string; expired?: boolean } => ({
    returnTo:
      typeof search.returnTo === "string" && search.returnTo.startsWith("/") ? search.returnTo : undefined,
    expired: search.expired === true || search.expired === "true" ? true : undefined,
  }),
  component: LoginPage,
});

/** Who is signed in is known before any screen behind sign-in renders. */
async function requireSignIn({ context, location }: { context: RouterContext; location: { href: string } }) {
  try {
    await context.queryClient.ensureQueryData(meQuery);
  } catch (error) {
    if (error instanceof ApiProblem && error.status === 401) {
      throw redirect({ to: "/login", search: { returnTo: location.href } });
    }
    throw error;
  }
}

/** Everything behind sign-in, in the app's shell. */
const appRoute = createRoute({
  getParentRoute: () => rootRoute,
  id: "app",
  beforeLoad: requireSignIn,
  errorComponent: ({ error, reset }) => (
    <div className="grid min-h-dvh place-items-center">
      <ErrorState error={error} retry={reset} />
    </div>
  ),
  component: () => (
    <AppShell>
      <CommandPalette />
      <Outlet />
    </AppShell>
  ),
});

/** Behind sign-in but outside the app's shell: the screen a patient holds (consent signing). */
const kioskRoute = createRoute({
  getParentRoute: () => rootRoute,
  id: "kiosk",
  beforeLoad: requireSignIn,
  errorComponent: ({ error, reset }) => (
    <div className="grid min-h-dvh place-items-center">
      <ErrorState error={error} retry={reset} />
    </div>
  ),
  component: Outlet,
});

const signRoute = createRoute({
  getParentRoute: () => kioskRoute,
  path: "/sign/$appointmentId",
  validateSearch: validateSigningSearch,
  // Loaded when someone starts signing: most of the day nobody does.
  component: lazyRouteComponent(() => import("@/features/consents/signing-page"), "SigningPage"),
});

const indexRoute = createRoute({
  getParentRoute: () => appRoute,
  path: "/",
  beforeLoad: () => {
    throw redirect({ to: "/calendar" });
  },
});

/** The calendar is home: where the front desk and providers spend the day. */
const calendarRoute = createRoute({
  getParentRoute: () => appRoute,
  path: "/calendar",
  validateSearch: validateCalendarSearch,
  component: CalendarPage,
});

export interface PatientsSearch {
  q?: string;
  tag?: string;
  archived?: boolean;
}

const patientsRoute = createRoute({
  getParentRoute: () => appRoute,
  path: "/patients",
  validateSearch: (search: Record<string, unknown>): PatientsSearch => ({
    q: typeof search.q === "string" && search.q ? search.q : undefined,
    tag: typeof search.tag === "string" && search.tag ? search.tag : undefined,
    archived: search.archived === true || search.archived === "true" ? true : undefined,
  }),
  component: PatientsPage,
});

export type ProfileTab = "timeline" | "details" | "medical" | "consents" | "billing" | "memberships";

const patientRoute = createRoute({
  getParentRoute: () => appRoute,
  path: "/patients/$patientId",
  validateSearch: (search: Record<string, unknown>): { tab?: ProfileTab } => ({
    tab:
      search.tab === "details" ||
      search.tab === "medical" ||
      search.tab === "timeline" ||
      search.tab === "consents" ||
      search.tab === "billing" ||
      search.tab === "memberships"
        ? search.tab
        : undefined,
  }),
  component: PatientProfilePage,
});

/** One invoice: the checkout screen, from draft to paid. */
const invoiceRoute = createRoute({
  getParentRoute: () => appRoute,
  path: "/invoices/$invoiceId",
  component: InvoiceScreen,
});

/** The clinic's invoices, filtered by what the address says. */
const invoicesRoute = createRoute({
  getParentRoute: () => appRoute,
  path: "/invoices",
  validateSearch: validateInvoicesSearch,
  component: InvoicesPage,
});

const chartRoute = createRoute({
  getParentRoute: () => appRoute,
  path: "/charts/$chartId",
  component: ChartPage,
});

const queueSearch = (search: Record<string, unknown>): QueueSearch => ({
  provider: typeof search.provider === "string" && search.provider ? search.provider : undefined,
});

const signoffRoute = createRoute({
  getParentRoute: () => appRoute,
  path: "/signoff",
  validateSearch: queueSearch,
  component: SignoffQueuePage,
});

const signoffReviewRoute = createRoute({
  getParentRoute: () => appRoute,
  path: "/signoff/$chartId",
  validateSearch: queueSearch,
  component: SignoffReviewPage,
});

const settingsRoute = createRoute({
  getParentRoute: () => appRoute,
  path: "/settings",
  component: SettingsLayout,
});

const accountRoute = createRoute({ getParentRoute: () => settingsRoute, path: "/", component: AccountPage });
const roomsRoute = createRoute({ getParentRoute: () => settingsRoute, path: "/rooms", component: RoomsPage });
const servicesRoute = createRoute({
  getParentRoute: () => settingsRoute,
  path: "/services",
  component: ServicesPage,
});
const productsRoute = createRoute({
  getParentRoute: () => settingsRoute,
  path: "/products",
  component: ProductsPage,
});
const onlineBookingRoute = createRoute({
  getParentRoute: () => settingsRoute,
  path: "/online-booking",
  component: OnlineBookingPage,
});
const billingSettingsRoute = createRoute({
  getParentRoute: () => settingsRoute,
  path: "/billing",
  component: BillingSettingsPage,
});
const membershipPlansRoute = createRoute({
  getParentRoute: () => settingsRoute,
  path: "/memberships",
  // Loaded when someone opens it: plans change rarely.
  component: lazyRouteComponent(() => import("@/features/memberships/plans-page"), "MembershipPlansPage"),
});
const consentFormsRoute = createRoute({
  getParentRoute: () => settingsRoute,
  path: "/consent-forms",
  component: lazyRouteComponent(() => import("@/features/consents/templates-page"), "ConsentFormsPage"),
});
const providersRoute = createRoute({
  getParentRoute: () => settingsRoute,
  path: "/providers",
  component: ProvidersPage,
});
const providerRoute = createRoute({
  getParentRoute: () => settingsRoute,
  path: "/providers/$userId",
  component: ProviderPage,
});

const routeTree = rootRoute.addChildren([
  loginRoute,
  kioskRoute.addChildren([signRoute]),
  appRoute.addChildren([
    indexRoute,
    calendarRoute,
    patientsRoute,
    patientRoute,
    invoicesRoute,
    invoiceRoute,
    chartRoute,
    signoffRoute,
    signoffReviewRoute,
    settingsRoute.addChildren([
      accountRoute,
      roomsRoute,
      servicesRoute,
      onlineBookingRoute,
      productsRoute,
      billingSettingsRoute,
      membershipPlansRoute,
      consentFormsRoute,
      providersRoute,
      providerRoute,
    ]),
  ]),
]);

export function makeRouter(queryClient: QueryClient) {
  return createRouter({
    routeTree,
    context: { queryClient },
    defaultPreload: "intent",
    scrollRestoration: true,
  });
}

declare module "@tanstack/react-router" {
  interface Register {
    router: ReturnType<typeof makeRouter>;
  }
}
