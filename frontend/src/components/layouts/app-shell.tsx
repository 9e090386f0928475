import { useQuery, useQueryClient } from "@tanstack/react-query";
import { Link, useNavigate, useRouterState } from "@tanstack/react-router";
import {
  CalendarDays,
  ChevronsUpDown,
  ClipboardCheck,
  LogOut,
  type LucideIcon,
  Menu,
  Receipt,
  Search,
  Settings,
  Users,
} from "lucide-react";
import { type ReactNode, useEffect, useState } from "react";
import { api } from "@/api/client";
import { Avatar } from "@/components/ui/avatar";
import { Dialog, SheetContent } from "@/components/ui/dialog";
import {
  DropdownMenu,
  DropdownMenuContent,
  DropdownMenuItem,
  DropdownMenuLabel,
  DropdownMenuSeparator,
  DropdownMenuTrigger,
} from "@/components/ui/dropdown-menu";
import { Kbd } from "@/components/ui/kbd";
import { useToast } from "@/components/ui/toast";
import { unpaidCountQuery } from "@/features/billing/list-api";
import { queueQuery } from "@/features/charts/api";
import { PasswordCard } from "@/features/settings/account-page";
import { cn } from "@/lib/cn";
import { openPalette } from "@/lib/palette";
import { applyBrand, type Permission, useClinic, useMe } from "@/lib/session";

interface NavItem {
  to: string;
  label: string;
  icon: LucideIcon;
  /** Shown only to roles that hold this permission. */
  needs?: Permission;
}

const NAV: NavItem[] = [
  { to: "/calendar", label: "Calendar", icon: CalendarDays, needs: "appointments:read" },
  { to: "/patients", label: "Patients", icon: Users, needs: "patients:read" },
  { to: "/invoices", label: "Invoices", icon: Receipt, needs: "invoices:read" },
  { to: "/signoff", label: "Sign-off", icon: ClipboardCheck, needs: "charts:sign" },
  { to: "/settings", label: "Settings", icon: Settings },
];

const ROLE_LABELS: Record<string, string> = {
  owner: "Owner",
  provider: "Provider",
  front_desk: "Front desk",
  billing: "Billing",
  medical_director: "Medical director",
  read_only: "Read-only",
};

function useNavItems() {
  const me = useMe();
  return NAV.filter((item) => !item.needs || me.permissions.includes(item.needs));
}

function NavLinks({ onNavigate }: { onNavigate?: () => void }) {
  const items = useNavItems();
  const path = useRouterState({ select: (s) => s.location.pathname });
  return (
    <nav aria-label="Main" className="flex flex-col gap-0.5">
      {items.map((item) => {
        const active = path === item.to || path.startsWith(`${item.to}/`);
        return (
          <Link
            key={item.to}
            to={item.to}
            onClick={onNavigate}
            aria-current={active ? "page" : undefined}
            className={cn(
              "flex h-9 items-center gap-2.5 rounded-lg px-2.5 text-sm font-medium transition-colors",
              active
                ? "bg-surface text-ink shadow-card ring-1 ring-line"
                : "text-ink-soft hover:bg-black/[0.04] hover:text-ink",
            )}
          >
            <item.icon className={cn("size-4", active ? "text-brand" : "text-muted")} aria-hidden="true" />
            <span className="flex-1">{item.label}</span>
            {item.to === "/signoff" ? <QueueCount /> : null}
            {item.to === "/invoices" ? <UnpaidCount /> : null}
          </Link>
        );
      })}
    </nav>
  );
}

/** How many charts wait for sign-off, beside the link to the queue. */
function QueueCount() {
  const queue = useQuery(queueQuery());
  const n = queue.data?.length ?? 0;
  if (!n) return null;
  return (
    <span className="rounded-full bg-brand px-1.5 text-[11px] font-semibold text-white tabular-nums">
      {n}
      <span className="sr-only"> waiting</span>
    </span>
  );
}

/** How many invoices are still owed, quietly, beside the link to them. */
function UnpaidCount() {
  const unpaid = useQuery(unpaidCountQuery);
  const n = unpaid.data ?? 0;
  if (!n) return null;
  return (
    <span className="rounded-full bg-black/[0.06] px-1.5 text-[11px] font-semibold text-ink-soft tabular-nums">
      {n}
      <span className="sr-only"> unpaid</span>
    </span>
  );
}

function SearchButton({ className }: { className?: string }) {
  const mac = typeof navigator !== "undefined" && /Mac|iPhone|iPad/.test(navigator.platform);
  return (
    <button
      type="button"
      onClick={openPalette}
      className={cn(
        "flex h-9 w-full items-center gap-2 rounded-lg border border-line bg-surface px-2.5 text-sm text-muted shadow-card transition-colors hover:border-line-strong hover:text-ink-soft",
        className,
      )}
    >
      <Search className="size-4" aria-hidden="true" />
      <span className="flex-1 text-left">Search</span>
      <span className="hidden items-center gap-0.5 sm:flex">
        <Kbd>{mac ? "⌘" : "Ctrl"}</Kbd>
        <Kbd>K</Kbd>
      </span>
    </button>
  );
}

function ClinicMark() {
  const clinic = useClinic();
  const me = useMe();
  const name = clinic?.name ?? me.clinic.name;
  return (
    <div className="flex items-center gap-2.5 px-1">
      <span
        className="flex size-8 items-center justify-center rounded-lg bg-brand font-semibold text-[13px] text-white shadow-sm"
        aria-hidden="true"
      >
        {name.slice(0, 1)}
      </span>
      <div className="min-w-0">
        <p className="truncate text-sm font-semibold text-ink">{name}</p>
        <p className="text-xs text-muted">Contour</p>
      </div>
    </div>
  );
}

function UserMenu() {
  const me = useMe();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const toast = useToast();
  const name = me.user?.displayName ?? me.apiToken?.name ?? "Signed in";
  const signOut = async () => {
    try {
      await api.POST("/auth/logout");
    } catch (error) {
      toast.error(error, "Couldn’t sign out cleanly");
    }
    queryClient.clear();
    await navigate({ to: "/login" });
  };
  return (
    <DropdownMenu>
      <DropdownMenuTrigger className="flex w-full items-center gap-2.5 rounded-lg p-1.5 text-left hover:bg-black/[0.04]">
        <Avatar name={name} size="sm" />
        <span className="min-w-0 flex-1">
          <span className="block truncate text-sm font-medium text-ink">{name}</span>
          <span className="block truncate text-xs text-muted">{ROLE_LABELS[me.role] ?? me.role}</span>
        </span>
        <ChevronsUpDown className="size-4 text-faint" aria-hidden="true" />
      </DropdownMenuTrigger>
      <DropdownMenuContent align="start">
        <DropdownMenuLabel>{me.user?.email ?? "API token"}</DropdownMenuLabel>
        <DropdownMenuItem onSelect={() => void navigate({ to: "/settings" })}>
          <Settings className="size-4" aria-hidden="true" /> Settings
        </DropdownMenuItem>
        <DropdownMenuSeparator />
        <DropdownMenuItem onSelect={() => void signOut()}>
          <LogOut className="size-4" aria-hidden="true" /> Sign out
        </DropdownMenuItem>
      </DropdownMenuContent>
    </DropdownMenu>
  );
}

export function AppShell({ children }: { children: ReactNode }) {
  const clinic = useClinic();
  const me = useMe();
  const [menuOpen, setMenuOpen] = useState(false);
  useEffect(() => applyBrand(clinic?.brandColor), [clinic?.brandColor]);
  return (
    <div className="min-h-dvh lg:grid lg:grid-cols-[15rem_1fr]">
      <aside className="sticky top-0 hidden h-dvh flex-col gap-5 border-r border-line bg-canvas px-3 py-4 lg:flex">
        <ClinicMark />
        <SearchButton />
        <NavLinks />
        <div className="mt-auto">
          <UserMenu />
        </div>
      </aside>

      <header className="sticky top-0 z-30 flex h-14 items-center gap-2 border-b border-line bg-surface/90 px-3 backdrop-blur lg:hidden">
        <Dialog open={menuOpen} onOpenChange={setMenuOpen}>
          <button
            type="button"
            onClick={() => setMenuOpen(true)}
            className="rounded-lg p-2 text-ink-soft hover:bg-black/5"
            aria-label="Open menu"
          >
            <Menu className="size-5" />
          </button>
          <SheetContent title="Menu" side="left">
            <div className="flex h-full flex-col gap-5 px-3 py-4">
              <ClinicMark />
              <NavLinks onNavigate={() => setMenuOpen(false)} />
              <div className="mt-auto">
                <UserMenu />
              </div>
            </div>
          </SheetContent>
        </Dialog>
        <p className="min-w-0 flex-1 truncate text-sm font-semibold">{clinic?.name}</p>
        <button
          type="button"
          onClick={openPalette}
          className="rounded-lg p-2 text-ink-soft hover:bg-black/5"
          aria-label="Search"
        >
          <Search className="size-5" />
        </button>
      </header>

      <main className="min-w-0">
        {me.user?.mustChangePassword ? (
          <div className="mx-auto max-w-3xl px-4 pt-10 sm:px-8">
            <PasswordCard required />
          </div>
        ) : (
          children
        )}
      </main>
    </div>
  );
}

/** The top of a page: title, optional subtitle and actions. */
export function PageHeader({
  title,
  subtitle,
  actions,
}: {
  title: string;
  subtitle?: ReactNode;
  actions?: ReactNode;
}) {
  return (
    <div className="flex flex-wrap items-end justify-between gap-3 px-4 pt-6 pb-4 sm:px-8 sm:pt-8">
      <div className="min-w-0">
        <h1 className="text-xl font-semibold tracking-tight text-ink sm:text-2xl">{title}</h1>
        {subtitle ? <div className="mt-1 text-sm text-muted">{subtitle}</div> : null}
      </div>
      {actions ? <div className="flex items-center gap-2">{actions}</div> : null}
    </div>
  );
}
