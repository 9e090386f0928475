import { Link, Outlet, useRouterState } from "@tanstack/react-router";
import {
  DoorClosed,
  FileSignature,
  Gem,
  Globe,
  Lock,
  type LucideIcon,
  Package,
  Receipt,
  Sparkles,
  Stethoscope,
  UserRound,
} from "lucide-react";
import { useEffect, useRef } from "react";
import { PageHeader } from "@/components/layouts/app-shell";
import { Card } from "@/components/ui/card";
import { EmptyState } from "@/components/ui/states";
import { cn } from "@/lib/cn";
import { type Permission, useMe } from "@/lib/session";

interface Section {
  to:
    | "/settings"
    | "/settings/providers"
    | "/settings/services"
    | "/settings/online-booking"
    | "/settings/products"
    | "/settings/billing"
    | "/settings/memberships"
    | "/settings/consent-forms"
    | "/settings/rooms";
  label: string;
  icon: LucideIcon;
  /** Shown only to roles that hold this permission. */
  needs?: Permission;
}

const SECTIONS: Section[] = [
  { to: "/settings", label: "Your account", icon: UserRound },
  { to: "/settings/providers", label: "Providers", icon: Stethoscope, needs: "settings:write" },
  { to: "/settings/services", label: "Services", icon: Sparkles, needs: "settings:write" },
  { to: "/settings/rooms", label: "Rooms", icon: DoorClosed, needs: "settings:write" },
  { to: "/settings/online-booking", label: "Online booking", icon: Globe, needs: "settings:write" },
  { to: "/settings/products", label: "Products and lots", icon: Package, needs: "settings:write" },
  // Read-only for everyone who bills; only owners change tax and numbering.
  { to: "/settings/billing", label: "Billing", icon: Receipt, needs: "invoices:read" },
  // Read-only for everyone who sells or reads memberships; only owners change the plans.
  {
    to: "/settings/memberships",
    label: "Memberships & packages",
    icon: Gem,
    needs: "memberships:read",
  },
  // Read-only for everyone who takes or reads consents; only owners change the forms.
  {
    to: "/settings/consent-forms",
    label: "Consent forms",
    icon: FileSignature,
    needs: "consent_templates:read",
  },
];

const inSection = (path: string, s: Section) =>
  s.to === "/settings" ? path === "/settings" : path === s.to || path.startsWith(`${s.to}/`);

/** Settings: your own account for everyone; how the clinic books, for owners; what each role
 * may see of the rest (consent forms, read-only, for whoever takes consents). */
export function SettingsLayout() {
  const { permissions } = useMe();
  const path = useRouterState({ select: (s) => s.location.pathname });
  const sections = SECTIONS.filter((s) => !s.needs || permissions.includes(s.needs));
  const here = SECTIONS.find((s) => inSection(path, s));
  const allowed = !here || sections.includes(here);
  const nav = useRef<HTMLElement>(null);
  // On a phone the sections scroll sideways: the one open is brought into view.
  // biome-ignore lint/correctness/useExhaustiveDependencies: runs again each time the section changes
  useEffect(() => {
    nav.current
      ?.querySelector('[aria-current="page"]')
      ?.scrollIntoView({ block: "nearest", inline: "nearest" });
  }, [path]);
  return (
    <div className="mx-auto max-w-5xl pb-16">
      <PageHeader title="Settings" />
      <div className="flex flex-col gap-5 px-4 sm:px-8 md:flex-row md:gap-8">
        {sections.length > 1 ? (
          <nav
            ref={nav}
            aria-label="Settings"
            className="-mx-1 flex shrink-0 gap-1 overflow-x-auto md:mx-0 md:w-48 md:flex-col"
          >
            {sections.map((s) => {
              const active = inSection(path, s);
              return (
                <Link
                  key={s.to}
                  to={s.to}
                  // "Your account" is current on its own page only, not under every section.
                  activeOptions={{ exact: s.to === "/settings" }}
                  aria-current={active ? "page" : undefined}
                  className={cn(
                    // At least one line high; a long name takes two in the narrow column.
                    "flex min-h-9 shrink-0 items-center gap-2 rounded-lg px-2.5 py-2 text-sm leading-5 font-medium transition-colors",
                    active
                      ? "bg-surface text-ink shadow-card ring-1 ring-line"
                      : "text-ink-soft hover:bg-black/[0.04]",
                  )}
                >
                  <s.icon
                    className={cn("size-4 shrink-0", active ? "text-brand" : "text-muted")}
                    aria-hidden="true"
                  />
                  {s.label}
                </Link>
              );
            })}
          </nav>
        ) : null}
        <div className="min-w-0 flex-1">
          {allowed ? (
            <Outlet />
          ) : (
            <Card>
              <EmptyState
                icon={Lock}
                title="Only the clinic’s owners can change this"
                body="Rooms, services and providers' hours are set by an owner. Ask yours if something needs changing."
              />
            </Card>
          )}
        </div>
      </div>
    </div>
  );
}
