import { useQuery } from "@tanstack/react-query";
import { Link, useParams } from "@tanstack/react-router";
import { ArrowLeft, CalendarOff, Plus, Trash2 } from "lucide-react";
import { type FormEvent, useMemo, useState } from "react";
import { asProblem } from "@/api/problem";
import { Button } from "@/components/ui/button";
import { Card, CardHeader } from "@/components/ui/card";
import { Field } from "@/components/ui/field";
import { Input } from "@/components/ui/input";
import { Skeleton } from "@/components/ui/skeleton";
import { ErrorState } from "@/components/ui/states";
import { useToast } from "@/components/ui/toast";
import { useMe } from "@/lib/session";
import { type Provider, providersQuery, servicesQuery } from "../calendar/api";
import { addDays, formatIn, instantAt, todayIn } from "../calendar/time";
import {
  type HoursDto,
  timeOffQuery,
  useAddTimeOff,
  useRemoveTimeOff,
  useSaveHours,
  useSaveProvider,
  useSaveProviderServices,
} from "./api";
import { ColorField } from "./color-field";

const WEEKDAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"];

function ProfileCard({ provider }: { provider: Provider }) {
  const [color, setColor] = useState(provider.color);
  const [online, setOnline] = useState(provider.bookableOnline);
  const save = useSaveProvider(provider.userId);
  const toast = useToast();
  const dirty = color !== provider.color || online !== provider.bookableOnline;
  return (
    <Card>
      <CardHeader title="On the calendar" />
      <form
        className="flex flex-col gap-4 p-5"
        onSubmit={(e) => {
          e.preventDefault();
          save.mutate(
            { color, bookableOnline: online, sortOrder: provider.sortOrder },
            { onSuccess: () => toast.success("Saved"), onError: (err) => toast.error(err) },
          );
        }}
      >
        <ColorField label="Calendar colour" value={color} onChange={setColor} />
        <label className="flex items-center gap-2.5 text-sm text-ink">
          <input
            type="checkbox"
            className="size-4 accent-[var(--color-brand)]"
            checked={online}
            onChange={(e) => setOnline(e.target.checked)}
          />
          Patients can book with {provider.displayName} online
        </label>
        <Button type="submit" size="sm" className="self-end" disabled={!dirty} busy={save.isPending}>
          Save
        </Button>
      </form>
    </Card>
  );
}

type Span = { key: number; start: string; end: string };

let nextSpan = 0;
const span = (start: string, end: string): Span => ({ key: nextSpan++, start, end });

function HoursCard({ provider }: { provider: Provider }) {
  const initial = useMemo(() => {
    const days: Span[][] = WEEKDAYS.map(() => []);
    for (const h of provider.hours) days[h.weekday - 1]?.push(span(h.start, h.end));
    return days;
  }, [provider.hours]);
  const [days, setDays] = useState(initial);
  const save = useSaveHours(provider.userId);
  const toast = useToast();
  const problem = save.error ? asProblem(save.error) : null;
  const plain = (d: Span[][]) =>
    JSON.stringify(d.map((spans) => spans.map(({ start, end }) => [start, end])));
  const dirty = plain(days) !== plain(initial);
  const update = (day: number, fn: (spans: Span[]) => Span[]) =>
    setDays((all) => all.map((spans, i) => (i === day ? fn(spans) : spans)));

  const submit = (e: FormEvent) => {
    e.preventDefault();
    const hours: HoursDto[] = days.flatMap((spans, i) =>
      spans.map((s) => ({ weekday: i + 1, start: s.start, end: s.end })),
    );
    save.mutate(hours, { onSuccess: () => toast.success("Working hours saved") });
  };

  return (
    <Card>
      <CardHeader
        title="Working hours"
        description="Outside these, the calendar is shaded and online booking is closed."
      />
      <form onSubmit={submit} className="flex flex-col p-5">
        <div className="flex flex-col divide-y divide-line">
          {days.map((spans, i) => (
            <div key={WEEKDAYS[i]} className="flex flex-wrap items-center gap-3 py-2.5">
              <label className="flex w-32 items-center gap-2.5 text-sm font-medium text-ink">
                <input
                  type="checkbox"
                  className="size-4 accent-[var(--color-brand)]"
                  checked={spans.length > 0}
                  onChange={(e) => update(i, () => (e.target.checked ? [span("09:00", "17:00")] : []))}
                />
                {WEEKDAYS[i]}
              </label>
              {spans.length === 0 ? <span className="text-[13px] text-faint">Off</span> : null}
              <div className="flex flex-col gap-2">
                {spans.map((s, j) => (
                  <div key={s.key} className="flex items-center gap-2">
                    <Input
                      type="time"
                      step={900}
                      aria-label={`${WEEKDAYS[i]} start`}
                      className="w-32"
                      value={s.start}
                      onChange={(e) =>
                        update(i, (all) => all.map((x, k) => (k === j ? { ...x, start: e.target.value } : x)))
                      }
                    />
                    <span className="text-muted">–</span>
                    <Input
                      type="time"
                      step={900}
                      aria-label={`${WEEKDAYS[i]} end`}
                      className="w-32"
                      value={s.end}
                      onChange={(e) =>
                        update(i, (all) => all.map((x, k) => (k === j ? { ...x, end: e.target.value } : x)))
                      }
                    />
                    {j > 0 ? (
                      <Button
                        type="button"
                        variant="ghost"
                        size="icon"
                        aria-label="Remove this span"
                        onClick={() => update(i, (all) => all.filter((_, k) => k !== j))}
                      >
                        <Trash2 className="size-4" />
                      </Button>
                    ) : null}
                  </div>
                ))}
              </div>
              {spans.length > 0 && spans.length < 3 ? (
                <button
                  type="button"
                  className="text-[13px] font-medium text-brand hover:underline"
                  onClick={() => update(i, (all) => [...all, span("13:00", "17:00")])}
                >
                  Add a span
                </button>
              ) : null}
            </div>
          ))}
        </div>
        {problem ? (
          <p role="alert" className="mt-3 rounded-lg bg-danger-soft px-3 py-2 text-[13px] text-danger">
            {problem.fields[0]?.message ?? problem.message}
          </p>
        ) : null}
        <Button type="submit" size="sm" className="mt-3 self-end" disabled={!dirty} busy={save.isPending}>
          Save hours
        </Button>
      </form>
    </Card>
  );
}

function ServicesCard({ provider }: { provider: Provider }) {
  const services = useQuery(servicesQuery);
  const [picked, setPicked] = useState<string[]>(provider.serviceIds);
  const save = useSaveProviderServices(provider.userId);
  const toast = useToast();
  const offered = (services.data ?? []).filter((s) => !s.archived);
  const categories = [...new Set(offered.map((s) => s.category))].sort();
  const dirty = [...picked].sort().join() !== [...provider.serviceIds].sort().join();
  return (
    <Card>
      <CardHeader
        title="Services"
        description="What they perform: only these can be booked with them."
        action={
          offered.length ? (
            <button
              type="button"
              className="text-[13px] font-medium text-brand hover:underline"
              onClick={() => setPicked(picked.length === offered.length ? [] : offered.map((s) => s.id))}
            >
              {picked.length === offered.length ? "Clear all" : "Select all"}
            </button>
          ) : null
        }
      />
      <form
        className="flex flex-col gap-3 p-5"
        onSubmit={(e) => {
          e.preventDefault();
          save.mutate(picked, {
            onSuccess: () => toast.success("Services saved"),
            onError: (err) => toast.error(err),
          });
        }}
      >
        {services.isPending ? <Skeleton className="h-20 w-full" /> : null}
        {!services.isPending && offered.length === 0 ? (
          <p className="text-sm text-muted">
            No services yet.{" "}
            <Link to="/settings/services" className="font-medium text-brand hover:underline">
              Add services
            </Link>{" "}
            first.
          </p>
        ) : null}
        {categories.map((c) => (
          <fieldset key={c}>
            <legend className="mb-1 text-[11px] font-semibold tracking-wide text-muted uppercase">{c}</legend>
            <div className="grid grid-cols-1 gap-1 sm:grid-cols-2">
              {offered
                .filter((s) => s.category === c)
                .map((s) => (
                  <label
                    key={s.id}
                    className="flex items-center gap-2.5 rounded-md px-1 py-1 text-sm text-ink hover:bg-canvas"
                  >
                    <input
                      type="checkbox"
                      className="size-4 accent-[var(--color-brand)]"
                      checked={picked.includes(s.id)}
                      onChange={(e) =>
                        setPicked((all) =>
                          e.target.checked ? [...all, s.id] : all.filter((x) => x !== s.id),
                        )
                      }
                    />
                    <span
                      className="size-2.5 rounded-full"
                      style={{ backgroundColor: s.color }}
                      aria-hidden="true"
                    />
                    {s.name}
                  </label>
                ))}
            </div>
          </fieldset>
        ))}
        <Button type="submit" size="sm" className="self-end" disabled={!dirty} busy={save.isPending}>
          Save services
        </Button>
      </form>
    </Card>
  );
}

function TimeOffCard({ provider, timeZone }: { provider: Provider; timeZone: string }) {
  const today = todayIn(timeZone);
  const range = useMemo(
    () => ({
      from: instantAt(today, 0, timeZone).toISOString(),
      to: instantAt(addDays(today, 366), 0, timeZone).toISOString(),
    }),
    [today, timeZone],
  );
  const list = useQuery(timeOffQuery(provider.userId, range.from, range.to));
  const add = useAddTimeOff(provider.userId);
  const remove = useRemoveTimeOff();
  const toast = useToast();
  const [form, setForm] = useState({
    fromDay: today,
    fromTime: "09:00",
    toDay: today,
    toTime: "17:00",
    reason: "",
  });
  const problem = add.error ? asProblem(add.error) : null;
  const set = (field: keyof typeof form) => (e: { target: { value: string } }) =>
    setForm((f) => ({ ...f, [field]: e.target.value }));
  const minute = (t: string) => {
    const [h, m] = t.split(":").map(Number) as [number, number];
    return h * 60 + m;
  };
  const submit = (e: FormEvent) => {
    e.preventDefault();
    add.mutate(
      {
        startsAt: instantAt(form.fromDay, minute(form.fromTime), timeZone).toISOString(),
        endsAt: instantAt(form.toDay, minute(form.toTime), timeZone).toISOString(),
        reason: form.reason.trim() || undefined,
      },
      {
        onSuccess: () => {
          toast.success("Time off added");
          setForm((f) => ({ ...f, reason: "" }));
        },
      },
    );
  };
  return (
    <Card>
      <CardHeader
        title="Time off"
        description="Blocks the calendar and online booking. Existing appointments stay."
      />
      <div className="flex flex-col gap-4 p-5">
        {list.isPending ? <Skeleton className="h-8 w-full" /> : null}
        {list.isError ? <ErrorState error={list.error} retry={() => void list.refetch()} /> : null}
        {list.data?.length === 0 ? (
          <p className="flex items-center gap-2 text-sm text-muted">
            <CalendarOff className="size-4" aria-hidden="true" /> Nothing booked off in the coming year.
          </p>
        ) : null}
        {list.data?.length ? (
          <ul className="flex flex-col divide-y divide-line rounded-lg border border-line">
            {list.data.map((t) => (
              <li key={t.id} className="flex items-center gap-3 px-3 py-2">
                <div className="min-w-0 flex-1">
                  <p className="text-sm text-ink tabular-nums">
                    {formatIn(t.startsAt, timeZone, "EEE d MMM, h:mm a")} –{" "}
                    {formatIn(t.endsAt, timeZone, "EEE d MMM, h:mm a")}
                  </p>
                  {t.reason ? <p className="text-[13px] text-muted">{t.reason}</p> : null}
                </div>
                <Button
                  variant="ghost"
                  size="icon"
                  aria-label="Remove this time off"
                  onClick={() => remove.mutate(t.id, { onError: (err) => toast.error(err) })}
                >
                  <Trash2 className="size-4" />
                </Button>
              </li>
            ))}
          </ul>
        ) : null}
        <form onSubmit={submit} className="grid grid-cols-2 gap-3 sm:grid-cols-4" noValidate>
          <Field label="From">
            <Input type="date" value={form.fromDay} onChange={set("fromDay")} />
          </Field>
          <Field label="at">
            <Input type="time" step={900} value={form.fromTime} onChange={set("fromTime")} />
          </Field>
          <Field label="Until">
            <Input type="date" value={form.toDay} onChange={set("toDay")} />
          </Field>
          <Field label="at">
            <Input type="time" step={900} value={form.toTime} onChange={set("toTime")} />
          </Field>
          <Field
            label="Reason"
            optional
            className="col-span-2 sm:col-span-3"
            error={problem?.field("reason")}
          >
            <Input
              value={form.reason}
              onChange={set("reason")}
              placeholder="Conference, holiday…"
              maxLength={200}
            />
          </Field>
          <div className="col-span-2 flex items-end sm:col-span-1">
            <Button type="submit" className="w-full justify-center" busy={add.isPending}>
              <Plus className="size-4" aria-hidden="true" /> Add time off
            </Button>
          </div>
          {problem ? (
            <p role="alert" className="col-span-full text-[13px] text-danger">
              {problem.fields[0]?.message ?? problem.message}
            </p>
          ) : null}
        </form>
      </div>
    </Card>
  );
}

export function ProviderPage() {
  const { userId } = useParams({ from: "/app/settings/providers/$userId" });
  const providers = useQuery(providersQuery);
  const me = useMe();
  const provider = providers.data?.find((p) => p.userId === userId);
  return (
    <div className="flex flex-col gap-5">
      <Link
        to="/settings/providers"
        className="flex items-center gap-1.5 self-start text-[13px] font-medium text-muted hover:text-ink"
      >
        <ArrowLeft className="size-4" aria-hidden="true" /> All providers
      </Link>
      {providers.isPending ? <Skeleton className="h-40 w-full" /> : null}
      {providers.isError ? (
        <ErrorState error={providers.error} retry={() => void providers.refetch()} />
      ) : null}
      {providers.isSuccess && !provider ? (
        <Card className="p-6 text-sm text-muted">This person isn’t on the calendar.</Card>
      ) : null}
      {provider ? (
        <>
          <h2 className="text-lg font-semibold text-ink">
            {provider.displayName}
            {provider.credentials ? (
              <span className="ml-2 font-normal text-muted">{provider.credentials}</span>
            ) : null}
          </h2>
          <ProfileCard key={`p${provider.color}${provider.bookableOnline}`} provider={provider} />
          <HoursCard key={`h${JSON.stringify(provider.hours)}`} provider={provider} />
          <ServicesCard key={`s${provider.serviceIds.join()}`} provider={provider} />
          <TimeOffCard provider={provider} timeZone={me.clinic.timezone} />
        </>
      ) : null}
    </div>
  );
}
