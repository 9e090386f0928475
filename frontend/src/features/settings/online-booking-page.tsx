import { useQuery } from "@tanstack/react-query";
import { Link } from "@tanstack/react-router";
import { Check, Copy, ExternalLink, Globe } from "lucide-react";
import { type FormEvent, useState } from "react";
import { asProblem } from "@/api/problem";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Card, CardHeader } from "@/components/ui/card";
import { Field } from "@/components/ui/field";
import { Select } from "@/components/ui/input";
import { Skeleton } from "@/components/ui/skeleton";
import { ErrorState } from "@/components/ui/states";
import { useToast } from "@/components/ui/toast";
import { providersQuery, servicesQuery } from "../calendar/api";
import { type OnlineBooking, onlineBookingQuery, useSaveOnlineBooking } from "./api";

const LEAD_CHOICES: [number, string][] = [
  [0, "No notice needed"],
  [30, "30 minutes"],
  [60, "1 hour"],
  [120, "2 hours"],
  [240, "4 hours"],
  [720, "12 hours"],
  [1440, "1 day"],
  [2880, "2 days"],
  [10080, "1 week"],
];

const HORIZON_CHOICES = [7, 14, 30, 60, 90, 180, 365];

function minutesLabel(m: number) {
  if (m % 1440 === 0) return m === 1440 ? "1 day" : `${m / 1440} days`;
  if (m % 60 === 0) return m === 60 ? "1 hour" : `${m / 60} hours`;
  return `${m} minutes`;
}

/** The choices, plus the stored value when it is not one of them (set through the API). */
function withCurrent<T extends number>(choices: [T, string][], current: T, label: (v: T) => string) {
  return choices.some(([v]) => v === current)
    ? choices
    : [...choices, [current, label(current)] as [T, string]];
}

function CopyLink({ url }: { url: string }) {
  const [copied, setCopied] = useState(false);
  return (
    <Button
      type="button"
      size="sm"
      onClick={() => {
        void navigator.clipboard?.writeText(url).then(() => {
          setCopied(true);
          setTimeout(() => setCopied(false), 1500);
        });
      }}
    >
      {copied ? (
        <Check className="size-3.5" aria-hidden="true" />
      ) : (
        <Copy className="size-3.5" aria-hidden="true" />
      )}
      {copied ? "Copied" : "Copy link"}
    </Button>
  );
}

function SettingsForm({ settings }: { settings: OnlineBooking }) {
  const [enabled, setEnabled] = useState(settings.enabled);
  const [lead, setLead] = useState(settings.leadMinutes);
  const [horizon, setHorizon] = useState(settings.horizonDays);
  const [slot, setSlot] = useState(settings.slotMinutes);
  const save = useSaveOnlineBooking();
  const toast = useToast();
  const problem = save.error ? asProblem(save.error) : null;
  const dirty =
    enabled !== settings.enabled ||
    lead !== settings.leadMinutes ||
    horizon !== settings.horizonDays ||
    slot !== settings.slotMinutes;
  const submit = (e: FormEvent) => {
    e.preventDefault();
    save.mutate(
      { enabled, leadMinutes: lead, horizonDays: horizon, slotMinutes: slot },
      {
        onSuccess: (saved) =>
          toast.success(saved.enabled ? "Online booking is on" : "Online booking is off", "Settings saved"),
      },
    );
  };
  const horizons = withCurrent(
    HORIZON_CHOICES.map((d) => [d, `${d} days`] as [number, string]),
    horizon,
    (d) => `${d} days`,
  );
  return (
    <Card>
      <CardHeader
        title="Online booking"
        description="Patients choose a treatment, a provider and a free time on your booking page."
      />
      <form onSubmit={submit} className="flex flex-col gap-5 p-5" noValidate>
        <label className="flex items-start gap-3 rounded-xl border border-line p-3.5">
          <input
            type="checkbox"
            className="mt-0.5 size-4 accent-[var(--color-brand)]"
            checked={enabled}
            onChange={(e) => setEnabled(e.target.checked)}
          />
          <span>
            <span className="block text-sm font-medium text-ink">Patients can book online</span>
            <span className="block text-[13px] text-muted">
              When off, the booking page says you aren’t taking online bookings and asks patients to call.
            </span>
          </span>
        </label>
        <div className="flex flex-wrap items-center gap-2 rounded-xl bg-canvas px-3.5 py-2.5">
          <Globe className="size-4 shrink-0 text-muted" aria-hidden="true" />
          <span className="min-w-48 flex-1 truncate font-mono text-[13px] text-ink-soft" title={settings.url}>
            {settings.url}
          </span>
          <CopyLink url={settings.url} />
          <Button asChild size="sm" variant="ghost">
            <a href={settings.url} target="_blank" rel="noreferrer">
              <ExternalLink className="size-3.5" aria-hidden="true" /> Open
            </a>
          </Button>
        </div>
        <div className="grid gap-4 sm:grid-cols-3">
          <Field
            label="Minimum notice"
            hint="The soonest a patient can book."
            error={problem?.field("leadMinutes")}
          >
            <Select value={lead} onChange={(e) => setLead(Number(e.target.value))}>
              {withCurrent(LEAD_CHOICES, lead, minutesLabel).map(([v, label]) => (
                <option key={v} value={v}>
                  {label}
                </option>
              ))}
            </Select>
          </Field>
          <Field label="Book up to" hint="How far ahead." error={problem?.field("horizonDays")}>
            <Select value={horizon} onChange={(e) => setHorizon(Number(e.target.value))}>
              {horizons.map(([v, label]) => (
                <option key={v} value={v}>
                  {label} ahead
                </option>
              ))}
            </Select>
          </Field>
          <Field
            label="Start times every"
            hint="Spacing of offered times."
            error={problem?.field("slotMinutes")}
          >
            <Select value={slot} onChange={(e) => setSlot(Number(e.target.value))}>
              {settings.slotChoices.map((m) => (
                <option key={m} value={m}>
                  {m} minutes
                </option>
              ))}
            </Select>
          </Field>
        </div>
        <div className="flex justify-end">
          <Button type="submit" variant="primary" disabled={!dirty} busy={save.isPending}>
            Save
          </Button>
        </div>
      </form>
    </Card>
  );
}

/** What the booking page offers: services and providers open to online booking. */
function OfferCard() {
  const services = useQuery(servicesQuery);
  const providers = useQuery(providersQuery);
  if (services.isPending || providers.isPending) {
    return (
      <Card className="flex flex-col gap-3 p-5">
        <Skeleton className="h-5 w-56" />
        <Skeleton className="h-5 w-40" />
      </Card>
    );
  }
  if (services.isError) return <ErrorState error={services.error} retry={() => void services.refetch()} />;
  if (providers.isError) return <ErrorState error={providers.error} retry={() => void providers.refetch()} />;
  const active = services.data.filter((s) => !s.archived);
  const staff = providers.data.filter((p) => p.active);
  const online = (id: string) =>
    staff.filter((p) => p.bookableOnline && p.serviceIds.includes(id) && p.hours.length > 0);
  return (
    <Card>
      <CardHeader
        title="What patients can book"
        description="A service appears when it is open to online booking and someone who performs it takes online bookings."
        action={
          <Button asChild size="sm" variant="ghost">
            <Link to="/settings/services">Edit services</Link>
          </Button>
        }
      />
      {active.length === 0 ? (
        <p className="px-5 py-4 text-sm text-muted">
          No services yet. <Link to="/settings/services">Add your first service</Link> to start taking
          bookings.
        </p>
      ) : (
        <ul className="divide-y divide-line">
          {active.map((s) => {
            const who = online(s.id);
            const shown = s.bookableOnline && who.length > 0;
            return (
              <li key={s.id} className="flex items-center gap-3 px-5 py-2.5">
                <span
                  className="size-2.5 shrink-0 rounded-full"
                  style={{ background: s.color }}
                  aria-hidden="true"
                />
                <div className="min-w-0 flex-1">
                  <p className="truncate text-sm font-medium text-ink">{s.name}</p>
                  <p className="truncate text-[13px] text-muted">
                    {!s.bookableOnline
                      ? "Staff book it; not offered online"
                      : who.length === 0
                        ? "No provider takes it online yet"
                        : `With ${who.map((p) => p.displayName).join(", ")}`}
                  </p>
                </div>
                {shown ? <Badge tone="success">Online</Badge> : <Badge>Not online</Badge>}
              </li>
            );
          })}
        </ul>
      )}
    </Card>
  );
}

export function OnlineBookingPage() {
  const settings = useQuery(onlineBookingQuery);
  let form: React.ReactNode;
  if (settings.isPending) {
    form = (
      <Card className="flex flex-col gap-3 p-5">
        <Skeleton className="h-5 w-48" />
        <Skeleton className="h-9 w-full" />
        <Skeleton className="h-9 w-2/3" />
      </Card>
    );
  } else if (settings.isError) {
    form = (
      <Card>
        <ErrorState error={settings.error} retry={() => void settings.refetch()} />
      </Card>
    );
  } else {
    form = <SettingsForm key={JSON.stringify(settings.data)} settings={settings.data} />;
  }
  return (
    <div className="flex flex-col gap-5">
      {form}
      <OfferCard />
    </div>
  );
}
