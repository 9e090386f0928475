import { useQuery } from "@tanstack/react-query";
import { useNavigate } from "@tanstack/react-router";
import { Command } from "cmdk";
import {
  AlertTriangle,
  ArrowRight,
  CalendarDays,
  ClipboardCheck,
  DoorClosed,
  Gem,
  Globe,
  Loader2,
  Package,
  Receipt,
  Search,
  Settings,
  Sparkles,
  Stethoscope,
  UserPlus,
  Users,
} from "lucide-react";
import { Dialog as D } from "radix-ui";
import { useEffect, useState } from "react";
import { Avatar } from "@/components/ui/avatar";
import { fullName, patientSearch } from "@/features/patients/api";
import { formatBirthDate } from "@/lib/dates";
import { OPEN_PALETTE } from "@/lib/palette";
import { useCan } from "@/lib/session";
import { useDebounced } from "@/lib/use-debounced";

interface Page {
  label: string;
  to: string;
  icon: typeof Users;
  search?: Record<string, unknown>;
}

/** Cmd+K / Ctrl+K from anywhere: find a patient as you type, or jump to a page. */
export function CommandPalette() {
  const [open, setOpen] = useState(false);
  const [typed, setTyped] = useState("");
  const q = useDebounced(typed.trim(), 150);
  const navigate = useNavigate();
  const canReadPatients = useCan("patients:read");
  const canCreate = useCan("patients:write");
  const canReadCalendar = useCan("appointments:read");
  const canSetUp = useCan("settings:write");
  const canSign = useCan("charts:sign");
  const canReadInvoices = useCan("invoices:read");
  const canReadMemberships = useCan("memberships:read");
  const results = useQuery({ ...patientSearch(q), enabled: open && canReadPatients && q.length > 0 });

  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if ((e.metaKey || e.ctrlKey) && e.key.toLowerCase() === "k") {
        e.preventDefault();
        setOpen((o) => !o);
      }
    };
    const onOpen = () => setOpen(true);
    window.addEventListener("keydown", onKey);
    window.addEventListener(OPEN_PALETTE, onOpen);
    return () => {
      window.removeEventListener("keydown", onKey);
      window.removeEventListener(OPEN_PALETTE, onOpen);
    };
  }, []);

  useEffect(() => {
    if (!open) setTyped("");
  }, [open]);

  const pages: Page[] = [
    ...(canReadCalendar ? [{ label: "Calendar", to: "/calendar", icon: CalendarDays }] : []),
    ...(canReadPatients ? [{ label: "Patients", to: "/patients", icon: Users }] : []),
    ...(canReadInvoices ? [{ label: "Invoices", to: "/invoices", icon: Receipt }] : []),
    ...(canSign ? [{ label: "Sign-off", to: "/signoff", icon: ClipboardCheck }] : []),
    { label: "Settings", to: "/settings", icon: Settings },
    ...(canSetUp
      ? [
          { label: "Providers and hours", to: "/settings/providers", icon: Stethoscope },
          { label: "Services", to: "/settings/services", icon: Sparkles },
          { label: "Rooms", to: "/settings/rooms", icon: DoorClosed },
          { label: "Online booking", to: "/settings/online-booking", icon: Globe },
          { label: "Products and lots", to: "/settings/products", icon: Package },
        ]
      : []),
    ...(canReadInvoices ? [{ label: "Billing settings", to: "/settings/billing", icon: Receipt }] : []),
    ...(canReadMemberships
      ? [{ label: "Memberships & packages", to: "/settings/memberships", icon: Gem }]
      : []),
  ];
  const matchingPages = pages.filter((p) => p.label.toLowerCase().includes(q.toLowerCase()));
  const go = (to: string, params?: Record<string, string>) => {
    setOpen(false);
    void navigate({ to, params });
  };
  const patients = results.data?.items ?? [];
  // The top result is always the one Enter opens, including when results arrive after typing.
  const firstValue = patients[0]
    ? `patient-${patients[0].id}`
    : matchingPages[0]
      ? `page-${matchingPages[0].to}`
      : "";
  const [selected, setSelected] = useState("");
  useEffect(() => setSelected(firstValue), [firstValue]);
  const searching = q.length > 0 && canReadPatients && (results.isFetching || q !== typed.trim());

  return (
    <D.Root open={open} onOpenChange={setOpen}>
      <D.Portal>
        <D.Overlay className="fixed inset-0 z-40 bg-ink/25 backdrop-blur-[2px] data-[state=open]:animate-in" />
        <D.Content className="fixed inset-x-3 top-[10vh] z-50 mx-auto max-w-xl overflow-hidden rounded-2xl border border-line bg-surface shadow-pop data-[state=open]:animate-in">
          <D.Title className="sr-only">Search</D.Title>
          <D.Description className="sr-only">Find a patient or go to a page</D.Description>
          <Command shouldFilter={false} loop label="Search" value={selected} onValueChange={setSelected}>
            <div className="flex items-center gap-2.5 border-b border-line px-4">
              <Search className="size-4 shrink-0 text-muted" aria-hidden="true" />
              <Command.Input
                value={typed}
                onValueChange={setTyped}
                placeholder={canReadPatients ? "Find a patient by name, phone, email or birthday…" : "Go to…"}
                className="h-13 w-full bg-transparent text-[15px] text-ink outline-none placeholder:text-faint"
              />
              {searching ? (
                <Loader2 className="size-4 shrink-0 animate-spin text-muted" aria-hidden="true" />
              ) : null}
            </div>
            <Command.List className="max-h-[min(60vh,26rem)] overflow-y-auto p-2">
              <Command.Empty className="px-3 py-8 text-center text-sm text-muted">
                {searching
                  ? "Searching…"
                  : q
                    ? `No one matches “${q}”.`
                    : "Type a name, a phone number or an email."}
              </Command.Empty>
              {patients.length > 0 ? (
                <Command.Group
                  heading="Patients"
                  className="text-xs text-muted [&_[cmdk-group-heading]]:px-2 [&_[cmdk-group-heading]]:py-1.5"
                >
                  {patients.map((p) => (
                    <Command.Item
                      key={p.id}
                      value={`patient-${p.id}`}
                      onSelect={() => go("/patients/$patientId", { patientId: p.id })}
                      className="flex cursor-default items-center gap-3 rounded-lg px-2 py-2 text-sm data-[selected=true]:bg-brand-soft"
                    >
                      <Avatar name={fullName(p)} seed={p.id} size="sm" />
                      <span className="min-w-0 flex-1">
                        <span className="block truncate font-medium text-ink">{fullName(p)}</span>
                        <span className="block truncate text-xs text-muted">
                          {[p.dateOfBirth ? formatBirthDate(p.dateOfBirth) : null, p.phone, p.email]
                            .filter(Boolean)
                            .join(" · ")}
                        </span>
                      </span>
                      {p.hasAllergies ? (
                        <AlertTriangle className="size-4 text-danger" aria-label="Has allergies" />
                      ) : null}
                    </Command.Item>
                  ))}
                </Command.Group>
              ) : null}
              {matchingPages.length > 0 ? (
                <Command.Group
                  heading="Go to"
                  className="text-xs text-muted [&_[cmdk-group-heading]]:px-2 [&_[cmdk-group-heading]]:py-1.5"
                >
                  {matchingPages.map((page) => (
                    <Command.Item
                      key={page.to}
                      value={`page-${page.to}`}
                      onSelect={() => go(page.to)}
                      className="flex cursor-default items-center gap-3 rounded-lg px-2 py-2 text-sm text-ink-soft data-[selected=true]:bg-brand-soft data-[selected=true]:text-ink"
                    >
                      <page.icon className="size-4 text-muted" aria-hidden="true" />
                      <span className="flex-1">{page.label}</span>
                      <ArrowRight className="size-3.5 text-faint" aria-hidden="true" />
                    </Command.Item>
                  ))}
                </Command.Group>
              ) : null}
              {q && !searching && patients.length === 0 && canCreate ? (
                <p className="flex items-center gap-2 px-3 pt-1 pb-2 text-xs text-muted">
                  <UserPlus className="size-3.5" aria-hidden="true" /> New patient? Press N on the Patients
                  page.
                </p>
              ) : null}
            </Command.List>
          </Command>
        </D.Content>
      </D.Portal>
    </D.Root>
  );
}
