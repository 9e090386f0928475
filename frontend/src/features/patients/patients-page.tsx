import { useInfiniteQuery, useQuery } from "@tanstack/react-query";
import { getRouteApi, Link, useNavigate } from "@tanstack/react-router";
import { Archive, Plus, Search, UserPlus, Users } from "lucide-react";
import { useEffect, useRef, useState } from "react";
import { PageHeader } from "@/components/layouts/app-shell";
import { Avatar } from "@/components/ui/avatar";
import { TagChip } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { Input, Select } from "@/components/ui/input";
import { Skeleton } from "@/components/ui/skeleton";
import { EmptyState, ErrorState } from "@/components/ui/states";
import { formatBirthDate } from "@/lib/dates";
import { Can, useCan } from "@/lib/session";
import { useDebounced } from "@/lib/use-debounced";
import { AllergyFlag } from "./allergy-badge";
import { type Patient, patientList, tagsQuery } from "./api";
import { CreatePatientDialog } from "./create-patient-dialog";

const route = getRouteApi("/app/patients");

export function PatientsPage() {
  const search = route.useSearch();
  const navigate = useNavigate({ from: "/patients" });
  const [typed, setTyped] = useState(search.q ?? "");
  const q = useDebounced(typed.trim(), 200);
  const [creating, setCreating] = useState(false);
  const canWrite = useCan("patients:write");
  const tags = useQuery(tagsQuery);

  useEffect(() => {
    if ((search.q ?? "") !== q)
      void navigate({ search: (s) => ({ ...s, q: q || undefined }), replace: true });
  }, [q, search.q, navigate]);

  // "n" opens the new-patient dialog when nothing else has the keyboard.
  useEffect(() => {
    if (!canWrite) return;
    const onKey = (e: KeyboardEvent) => {
      const target = e.target as HTMLElement;
      if (
        e.key === "n" &&
        !e.metaKey &&
        !e.ctrlKey &&
        !e.altKey &&
        !/INPUT|TEXTAREA|SELECT/.test(target.tagName)
      ) {
        e.preventDefault();
        setCreating(true);
      }
    };
    window.addEventListener("keydown", onKey);
    return () => window.removeEventListener("keydown", onKey);
  }, [canWrite]);

  const list = useInfiniteQuery(
    patientList({ q: q || undefined, tag: search.tag, archived: search.archived }),
  );
  const patients = list.data?.pages.flatMap((p) => p.items) ?? [];

  return (
    <div className="mx-auto max-w-6xl pb-16">
      <PageHeader
        title={search.archived ? "Archived patients" : "Patients"}
        subtitle={
          search.archived ? "Hidden from search and lists until restored." : "Everyone on file, by last name."
        }
        actions={
          <Can permission="patients:write">
            <Button variant="primary" onClick={() => setCreating(true)}>
              <Plus className="size-4" aria-hidden="true" /> New patient
            </Button>
          </Can>
        }
      />

      <div className="flex flex-col gap-2 px-4 pb-4 sm:flex-row sm:items-center sm:px-8">
        <div className="relative flex-1">
          <Search
            className="pointer-events-none absolute top-1/2 left-3 size-4 -translate-y-1/2 text-faint"
            aria-hidden="true"
          />
          <Input
            type="search"
            aria-label="Search patients"
            placeholder="Name, phone, email or date of birth"
            className="h-10 pl-9"
            value={typed}
            onChange={(e) => setTyped(e.target.value)}
          />
        </div>
        <div className="flex gap-2">
          <Select
            aria-label="Filter by tag"
            className="h-10 w-full sm:w-44"
            value={search.tag ?? ""}
            onChange={(e) => void navigate({ search: (s) => ({ ...s, tag: e.target.value || undefined }) })}
          >
            <option value="">All tags</option>
            {tags.data?.map((t) => (
              <option key={t.id} value={t.id}>
                {t.name}
              </option>
            ))}
          </Select>
          <Button
            className="h-10"
            variant={search.archived ? "primary" : "secondary"}
            aria-pressed={Boolean(search.archived)}
            onClick={() =>
              void navigate({ search: (s) => ({ ...s, archived: s.archived ? undefined : true }) })
            }
          >
            <Archive className="size-4" aria-hidden="true" />
            <span className="hidden sm:inline">Archived</span>
          </Button>
        </div>
      </div>

      <div className="px-4 sm:px-8">
        <Card className="overflow-hidden">
          {list.isPending ? (
            <ListSkeleton />
          ) : list.isError ? (
            <ErrorState error={list.error} retry={() => void list.refetch()} />
          ) : patients.length === 0 ? (
            <EmptyList
              q={q}
              filtered={Boolean(search.tag || search.archived)}
              onCreate={canWrite ? () => setCreating(true) : undefined}
            />
          ) : (
            <>
              <ul className="divide-y divide-line">
                {patients.map((p) => (
                  <PatientRow key={p.id} patient={p} />
                ))}
              </ul>
              <LoadMore
                hasMore={Boolean(list.hasNextPage)}
                loading={list.isFetchingNextPage}
                onMore={() => void list.fetchNextPage()}
              />
            </>
          )}
        </Card>
      </div>

      <CreatePatientDialog open={creating} onOpenChange={setCreating} initialName={q} />
    </div>
  );
}

function PatientRow({ patient: p }: { patient: Patient }) {
  return (
    <li>
      <Link
        to="/patients/$patientId"
        params={{ patientId: p.id }}
        className="flex items-center gap-3 px-4 py-3 transition-colors hover:bg-canvas sm:px-5"
      >
        <Avatar name={`${p.firstName} ${p.lastName}`} seed={p.id} />
        <div className="min-w-0 flex-1">
          <p className="truncate text-sm font-medium text-ink">
            {p.firstName} {p.lastName}
            {p.preferredName ? <span className="font-normal text-muted"> “{p.preferredName}”</span> : null}
          </p>
          <p className="truncate text-[13px] text-muted">
            {[p.dateOfBirth ? `${formatBirthDate(p.dateOfBirth)} (${p.age})` : null, p.phone]
              .filter(Boolean)
              .join(" · ") || "No contact details yet"}
            {p.email ? <span className="hidden sm:inline"> · {p.email}</span> : null}
          </p>
        </div>
        <div className="flex max-w-[45%] flex-wrap justify-end gap-1.5">
          {p.hasAllergies ? <AllergyFlag /> : null}
          {p.tags.map((t) => (
            <TagChip key={t.id} name={t.name} color={t.color} className="hidden md:inline-flex" />
          ))}
        </div>
      </Link>
    </li>
  );
}

function LoadMore({ hasMore, loading, onMore }: { hasMore: boolean; loading: boolean; onMore: () => void }) {
  const sentinel = useRef<HTMLDivElement>(null);
  useEffect(() => {
    const el = sentinel.current;
    if (!el || !hasMore) return;
    const observer = new IntersectionObserver((entries) => {
      if (entries.some((e) => e.isIntersecting) && !loading) onMore();
    });
    observer.observe(el);
    return () => observer.disconnect();
  }, [hasMore, loading, onMore]);
  if (!hasMore) return null;
  return (
    <div ref={sentinel} className="flex justify-center border-t border-line p-3">
      <Button variant="ghost" size="sm" busy={loading} onClick={onMore}>
        Load more
      </Button>
    </div>
  );
}

const SKELETON_ROWS = ["a", "b", "c", "d", "e", "f", "g", "h"];

function ListSkeleton() {
  return (
    <ul aria-label="Loading patients" className="divide-y divide-line">
      {SKELETON_ROWS.map((row) => (
        <li key={row} className="flex items-center gap-3 px-5 py-3.5">
          <Skeleton className="size-9 rounded-full" />
          <div className="flex-1 space-y-2">
            <Skeleton className="h-3.5 w-48" />
            <Skeleton className="h-3 w-72 max-w-full" />
          </div>
        </li>
      ))}
    </ul>
  );
}

function EmptyList({
  q,
  filtered,
  onCreate,
}: {
  q: string;
  filtered: boolean;
  onCreate?: (() => void) | undefined;
}) {
  if (q) {
    return (
      <EmptyState
        icon={Search}
        title={`No one matches “${q}”`}
        body="Try part of a name, the last digits of a phone number, an email or a date of birth."
        action={
          onCreate ? (
            <Button onClick={onCreate}>
              <UserPlus className="size-4" aria-hidden="true" /> Add a new patient
            </Button>
          ) : undefined
        }
      />
    );
  }
  if (filtered) {
    return <EmptyState icon={Users} title="Nobody here" body="No patients match these filters." />;
  }
  return (
    <EmptyState
      icon={Users}
      title="No patients yet"
      body="Patients you add, and those who book online, appear here."
      action={
        onCreate ? (
          <Button variant="primary" onClick={onCreate}>
            <Plus className="size-4" aria-hidden="true" /> Add the first patient
          </Button>
        ) : undefined
      }
    />
  );
}
