import { Link, Outlet, useRouterState } from "@tanstack/react-router";
import {
  DoorClosed,
  Globe,
  Lock,
  type LucideIcon,
  Package,
  Sparkles,
  Stethoscope,
  UserRound,
} from "lucide-react";
import { PageHeader } from "@/components/layouts/app-shell";
import { Card } from "@/components/ui/card";
import { EmptyState } from "@/components/ui/states";
import { cn } from "@/lib/cn";
import { useCan } from "@/lib/session";

interface Section {
  to:
    | "/settings"
    | "/settings/providers"
    | "/settings/services"
    | "/settings/online-booking"
    | "/settings/products"
    | "/settings/rooms";
  label: string;
  icon: LucideIcon;
  ownersOnly?: boolean;
}

const SECTIONS: Section[] = [
  { to: "/settings", label: "Your account", icon: UserRound },
  { to: "/settings/providers", label: "Providers", icon: Stethoscope, ownersOnly: true },
  { to: "/settings/services", label: "Services", icon: Sparkles, ownersOnly: true },
  { to: "/settings/rooms", label: "Rooms", icon: DoorClosed, ownersOnly: true },
  { to: "/settings/online-booking", label: "Online booking", icon: Globe, ownersOnly: true },
  { to: "/settings/products", label: "Products and lots", icon: Package, ownersOnly: true },
];

/** Settings: your own account for everyone; how the clinic books, for owners. */
export function SettingsLayout() {
  const owner = useCan("settings:write");
  const path = useRouterState({ select: (s) => s.location.pathname });
  const sections = SECTIONS.filter((s) => owner || !s.ownersOnly);
  return (
    <div className="mx-auto max-w-5xl pb-16">
      <PageHeader title="Settings" />
      <div className="flex flex-col gap-5 px-4 sm:px-8 md:flex-row md:gap-8">
        {sections.length > 1 ? (
          <nav
            aria-label="Settings"
            className="-mx-1 flex shrink-0 gap-1 overflow-x-auto md:mx-0 md:w-48 md:flex-col"
          >
            {sections.map((s) => {
              const active = s.to === "/settings" ? path === "/settings" : path.startsWith(s.to);
              return (
                <Link
                  key={s.to}
                  to={s.to}
                  aria-current={active ? "page" : undefined}
                  className={cn(
                    "flex h-9 shrink-0 items-center gap-2 rounded-lg px-2.5 text-sm font-medium transition-colors",
                    active
                      ? "bg-surface text-ink shadow-card ring-1 ring-line"
                      : "text-ink-soft hover:bg-black/[0.04]",
                  )}
                >
                  <s.icon className={cn("size-4", active ? "text-brand" : "text-muted")} aria-hidden="true" />
                  {s.label}
                </Link>
              );
            })}
          </nav>
        ) : null}
        <div className="min-w-0 flex-1">
          {owner || path === "/settings" ? (
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
