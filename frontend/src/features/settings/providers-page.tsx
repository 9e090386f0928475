import { useQuery } from "@tanstack/react-query";
import { Link, useNavigate } from "@tanstack/react-router";
import { ChevronRight, Plus, Stethoscope } from "lucide-react";
import { useState } from "react";
import { Avatar } from "@/components/ui/avatar";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Card, CardHeader } from "@/components/ui/card";
import { Dialog, DialogContent } from "@/components/ui/dialog";
import { Field } from "@/components/ui/field";
import { Select } from "@/components/ui/input";
import { Skeleton } from "@/components/ui/skeleton";
import { EmptyState, ErrorState } from "@/components/ui/states";
import { useToast } from "@/components/ui/toast";
import { type Provider, providersQuery } from "../calendar/api";
import { SWATCHES, staffQuery, useSaveProvider } from "./api";

const DAYS = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"];

/** "Mon–Fri 9:00–17:00, Sat 10:00–14:00" */
export function hoursSummary(hours: Provider["hours"]): string {
  if (!hours.length) return "No working hours yet";
  const byDay = new Map<number, string>();
  for (const h of hours) {
    const span = `${h.start}–${h.end}`;
    byDay.set(h.weekday, byDay.has(h.weekday) ? `${byDay.get(h.weekday)}, ${span}` : span);
  }
  const parts: string[] = [];
  let run: { from: number; to: number; spans: string } | null = null;
  const flush = () => {
    if (!run) return;
    const days = run.from === run.to ? DAYS[run.from - 1] : `${DAYS[run.from - 1]}–${DAYS[run.to - 1]}`;
    parts.push(`${days} ${run.spans}`);
    run = null;
  };
  for (let d = 1; d <= 7; d += 1) {
    const spans = byDay.get(d);
    if (spans && run && run.spans === spans && run.to === d - 1) run.to = d;
    else {
      flush();
      if (spans) run = { from: d, to: d, spans };
    }
  }
  flush();
  return parts.join(" · ");
}

function AddProviderDialog({ taken, onClose }: { taken: Set<string>; onClose: () => void }) {
  const staff = useQuery(staffQuery);
  const candidates = (staff.data ?? []).filter((s) => s.active && !taken.has(s.id));
  const [userId, setUserId] = useState("");
  const chosen = userId || candidates[0]?.id || "";
  const save = useSaveProvider(chosen);
  const toast = useToast();
  const navigate = useNavigate();
  return (
    <Dialog open onOpenChange={(o) => !o && onClose()}>
      <DialogContent
        title="Add someone to the calendar"
        description="Anyone on the staff can take appointments: injectors, aestheticians, the medical director."
      >
        {staff.isPending ? (
          <Skeleton className="h-9 w-full" />
        ) : candidates.length === 0 ? (
          <p className="text-sm text-muted">
            Everyone on the staff is already on the calendar. Invite staff from the staff list first.
          </p>
        ) : (
          <form
            onSubmit={(e) => {
              e.preventDefault();
              save.mutate(
                {
                  color: SWATCHES[taken.size % SWATCHES.length] ?? "#6d5bd0",
                  bookableOnline: true,
                  sortOrder: taken.size,
                },
                {
                  onSuccess: (p) => {
                    toast.success(`${p.displayName} is on the calendar`, "Now set their hours and services.");
                    onClose();
                    void navigate({ to: "/settings/providers/$userId", params: { userId: p.userId } });
                  },
                  onError: (err) => toast.error(err),
                },
              );
            }}
            className="flex flex-col gap-4"
          >
            <Field label="Staff member">
              <Select value={chosen} onChange={(e) => setUserId(e.target.value)}>
                {candidates.map((s) => (
                  <option key={s.id} value={s.id}>
                    {s.displayName}
                    {s.credentials ? `, ${s.credentials}` : ""}
                  </option>
                ))}
              </Select>
            </Field>
            <div className="flex justify-end gap-2">
              <Button type="button" variant="ghost" onClick={onClose}>
                Cancel
              </Button>
              <Button type="submit" variant="primary" busy={save.isPending}>
                Add to calendar
              </Button>
            </div>
          </form>
        )}
      </DialogContent>
    </Dialog>
  );
}

export function ProvidersPage() {
  const providers = useQuery(providersQuery);
  const [adding, setAdding] = useState(false);
  const list = providers.data ?? [];

  let body: React.ReactNode;
  if (providers.isPending) {
    body = (
      <div className="flex flex-col gap-3 p-5">
        <Skeleton className="h-10 w-full" />
        <Skeleton className="h-10 w-full" />
      </div>
    );
  } else if (providers.isError) {
    body = <ErrorState error={providers.error} retry={() => void providers.refetch()} />;
  } else if (list.length === 0) {
    body = (
      <EmptyState
        icon={Stethoscope}
        title="No one takes appointments yet"
        body="Add the people who see patients, then give them working hours and services."
        action={
          <Button variant="primary" onClick={() => setAdding(true)}>
            <Plus className="size-4" aria-hidden="true" /> Add a provider
          </Button>
        }
      />
    );
  } else {
    body = (
      <ul className="divide-y divide-line">
        {list.map((p) => (
          <li key={p.userId}>
            <Link
              to="/settings/providers/$userId"
              params={{ userId: p.userId }}
              className="flex items-center gap-3 px-5 py-3 hover:bg-canvas/60"
            >
              <span className="relative">
                <Avatar name={p.displayName} seed={p.userId} size="sm" />
                <span
                  className="absolute -right-0.5 -bottom-0.5 size-3 rounded-full ring-2 ring-surface"
                  style={{ backgroundColor: p.color }}
                  aria-hidden="true"
                />
              </span>
              <div className="min-w-0 flex-1">
                <p className="flex items-center gap-2 text-sm font-medium text-ink">
                  {p.displayName}
                  {p.credentials ? <span className="font-normal text-muted">{p.credentials}</span> : null}
                  {!p.active ? <Badge>Inactive</Badge> : null}
                </p>
                <p className="truncate text-[13px] text-muted">
                  {hoursSummary(p.hours)} · {p.serviceIds.length}{" "}
                  {p.serviceIds.length === 1 ? "service" : "services"}
                </p>
              </div>
              <ChevronRight className="size-4 text-faint" aria-hidden="true" />
            </Link>
          </li>
        ))}
      </ul>
    );
  }

  return (
    <Card className="overflow-hidden">
      <CardHeader
        title="Providers"
        description="Who takes appointments, when they work and what they do."
        action={
          list.length ? (
            <Button size="sm" variant="primary" onClick={() => setAdding(true)}>
              <Plus className="size-3.5" aria-hidden="true" /> Add provider
            </Button>
          ) : null
        }
      />
      {body}
      {adding ? (
        <AddProviderDialog taken={new Set(list.map((p) => p.userId))} onClose={() => setAdding(false)} />
      ) : null}
    </Card>
  );
}
