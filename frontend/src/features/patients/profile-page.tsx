import { useQuery } from "@tanstack/react-query";
import { getRouteApi, Link, useNavigate } from "@tanstack/react-router";
import {
  AlertTriangle,
  Archive,
  ArchiveRestore,
  ChevronLeft,
  MoreHorizontal,
  ShieldCheck,
  UserX,
} from "lucide-react";
import { useEffect, useRef } from "react";
import { ApiProblem } from "@/api/problem";
import { Avatar } from "@/components/ui/avatar";
import { Badge, TagChip } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import {
  DropdownMenu,
  DropdownMenuContent,
  DropdownMenuItem,
  DropdownMenuTrigger,
} from "@/components/ui/dropdown-menu";
import { Skeleton } from "@/components/ui/skeleton";
import { EmptyState, ErrorState } from "@/components/ui/states";
import { Tabs, TabsContent, TabsList, TabsTrigger } from "@/components/ui/tabs";
import { useToast } from "@/components/ui/toast";
import { formatBirthDate } from "@/lib/dates";
import { Can, useCan } from "@/lib/session";
import { PatientBilling } from "../billing/patient-billing";
import { PatientConsents } from "../consents/patient-consents";
import { PatientMemberships } from "../memberships/patient-memberships";
import { allergiesQuery, fullName, type Patient, patientQuery, useArchivePatient } from "./api";
import { DetailsTab } from "./details-tab";
import { MedicalTab, SEVERITY } from "./medical-tab";
import { TagEditor } from "./tag-editor";
import { Timeline } from "./timeline";

const route = getRouteApi("/app/patients/$patientId");

export function PatientProfilePage() {
  const { patientId } = route.useParams();
  const patient = useQuery(patientQuery(patientId));

  if (patient.isPending) return <ProfileSkeleton />;
  if (patient.isError) {
    if (patient.error instanceof ApiProblem && patient.error.status === 404) {
      return (
        <div className="pt-16">
          <EmptyState
            icon={UserX}
            title="Patient not found"
            body="They may have been archived, or the link is wrong."
            action={
              <Button asChild>
                <Link to="/patients">Back to patients</Link>
              </Button>
            }
          />
        </div>
      );
    }
    return <ErrorState error={patient.error} retry={() => void patient.refetch()} />;
  }
  return <Profile patient={patient.data} />;
}

function Profile({ patient }: { patient: Patient }) {
  const { tab = "timeline" } = route.useSearch();
  const navigate = useNavigate({ from: "/patients/$patientId" });
  const canMedical = useCan("patient_medical:read");
  const canConsents = useCan("consents:read");
  const canBilling = useCan("invoices:read");
  const canMemberships = useCan("memberships:read");
  const canTag = useCan("patients:write") && !patient.archived;
  const activeTab =
    (tab === "medical" && !canMedical) ||
    (tab === "consents" && !canConsents) ||
    (tab === "billing" && !canBilling) ||
    (tab === "memberships" && !canMemberships)
      ? "timeline"
      : tab;
  const tabs = useRef<HTMLDivElement>(null);
  // On a phone the tabs scroll sideways: the one open is brought into view.
  // biome-ignore lint/correctness/useExhaustiveDependencies: runs again each time the tab changes
  useEffect(() => {
    tabs.current
      ?.querySelector('[data-state="active"]')
      ?.scrollIntoView({ block: "nearest", inline: "nearest" });
  }, [activeTab]);

  return (
    <div className="mx-auto max-w-5xl pb-16">
      <div className="px-4 pt-4 sm:px-8 sm:pt-6">
        <Link
          to="/patients"
          className="inline-flex items-center gap-1 text-[13px] font-medium text-muted hover:text-ink"
        >
          <ChevronLeft className="size-4" aria-hidden="true" /> Patients
        </Link>
      </div>

      <header className="flex flex-wrap items-start gap-4 px-4 pt-4 pb-3 sm:px-8">
        <Avatar name={fullName(patient)} seed={patient.id} size="lg" />
        <div className="min-w-0 flex-1">
          <div className="flex flex-wrap items-center gap-2">
            <h1 className="text-xl font-semibold tracking-tight sm:text-2xl">{fullName(patient)}</h1>
            {patient.preferredName ? <span className="text-muted">“{patient.preferredName}”</span> : null}
            {patient.archived ? <Badge tone="warning">Archived</Badge> : null}
          </div>
          <p className="mt-1 flex flex-wrap gap-x-2 text-sm text-muted">
            {[
              patient.age !== null && patient.age !== undefined ? `${patient.age} years` : null,
              patient.dateOfBirth ? `born ${formatBirthDate(patient.dateOfBirth)}` : null,
              patient.pronouns,
              patient.phone,
            ]
              .filter((item): item is string => Boolean(item))
              .map((item, i) => (
                <span key={item} className="whitespace-nowrap">
                  {i > 0 ? <span className="mr-2 text-faint">·</span> : null}
                  {item}
                </span>
              ))}
          </p>
          <div className="mt-2.5 flex flex-wrap items-center gap-1.5">
            {patient.tags.map((t) => (
              <TagChip key={t.id} name={t.name} color={t.color} />
            ))}
            {canTag ? <TagEditor patient={patient} /> : null}
          </div>
        </div>
        <Can permission="patients:archive">
          <ArchiveMenu patient={patient} />
        </Can>
      </header>

      {canMedical ? <AllergyStrip patient={patient} /> : null}

      <div className="px-4 pt-2 sm:px-8">
        <Tabs
          value={activeTab}
          onValueChange={(value) =>
            void navigate({
              search: { tab: value === "timeline" ? undefined : (value as typeof tab) },
              replace: true,
            })
          }
        >
          <TabsList ref={tabs} aria-label="Patient record">
            <TabsTrigger value="timeline">Timeline</TabsTrigger>
            <TabsTrigger value="details">Details</TabsTrigger>
            {canMedical ? <TabsTrigger value="medical">Medical</TabsTrigger> : null}
            {canConsents ? <TabsTrigger value="consents">Consents</TabsTrigger> : null}
            {canBilling ? <TabsTrigger value="billing">Billing</TabsTrigger> : null}
            {canMemberships ? <TabsTrigger value="memberships">Memberships</TabsTrigger> : null}
          </TabsList>
          <Card className="mt-4 overflow-hidden">
            <TabsContent value="timeline">
              <Timeline patientId={patient.id} />
            </TabsContent>
            <TabsContent value="details">
              <DetailsTab key={patient.updatedAt} patient={patient} />
            </TabsContent>
            {canMedical ? (
              <TabsContent value="medical">
                <MedicalTab patient={patient} />
              </TabsContent>
            ) : null}
            {canConsents ? (
              <TabsContent value="consents">
                <PatientConsents patientId={patient.id} />
              </TabsContent>
            ) : null}
            {canBilling ? (
              <TabsContent value="billing">
                <PatientBilling patientId={patient.id} />
              </TabsContent>
            ) : null}
            {canMemberships ? (
              <TabsContent value="memberships">
                <PatientMemberships
                  patientId={patient.id}
                  patientName={fullName(patient)}
                  archived={patient.archived}
                />
              </TabsContent>
            ) : null}
          </Card>
        </Tabs>
      </div>
    </div>
  );
}

/** Allergies, always in view while working on this patient. */
function AllergyStrip({ patient }: { patient: Patient }) {
  const allergies = useQuery(allergiesQuery(patient.id));
  const list = allergies.data ?? [];
  return (
    <div className="sticky top-16 z-20 mx-4 rounded-xl border border-line bg-surface/95 px-3 py-2 shadow-card backdrop-blur sm:mx-8 lg:top-2">
      <div className="flex flex-wrap items-center gap-1.5" aria-live="polite">
        {allergies.isPending ? (
          <Skeleton className="h-6 w-40" />
        ) : list.length === 0 ? (
          <Badge tone="success">
            <ShieldCheck className="size-3" aria-hidden="true" /> No allergies recorded
          </Badge>
        ) : (
          <>
            <span className="mr-1 inline-flex items-center gap-1 text-xs font-semibold text-danger">
              <AlertTriangle className="size-3.5" aria-hidden="true" /> Allergies
            </span>
            {list.map((a) => (
              <Badge key={a.id} tone={SEVERITY[a.severity].tone} title={a.reaction ?? undefined}>
                {a.substance}
                {a.severity === "severe" ? " · severe" : null}
              </Badge>
            ))}
          </>
        )}
      </div>
    </div>
  );
}

function ArchiveMenu({ patient }: { patient: Patient }) {
  const archive = useArchivePatient(patient.id);
  const toast = useToast();
  const flip = () =>
    archive.mutate(!patient.archived, {
      onSuccess: (p) => toast.success(p.archived ? "Patient archived" : "Patient restored"),
      onError: (e) => toast.error(e),
    });
  return (
    <DropdownMenu>
      <DropdownMenuTrigger asChild>
        <Button size="icon" variant="ghost" aria-label="More actions">
          <MoreHorizontal className="size-5" />
        </Button>
      </DropdownMenuTrigger>
      <DropdownMenuContent>
        <DropdownMenuItem onSelect={flip}>
          {patient.archived ? (
            <>
              <ArchiveRestore className="size-4" aria-hidden="true" /> Restore patient
            </>
          ) : (
            <>
              <Archive className="size-4" aria-hidden="true" /> Archive patient
            </>
          )}
        </DropdownMenuItem>
      </DropdownMenuContent>
    </DropdownMenu>
  );
}

function ProfileSkeleton() {
  return (
    <div className="mx-auto max-w-5xl px-4 pt-10 sm:px-8" role="status" aria-label="Loading patient">
      <div className="flex items-center gap-4">
        <Skeleton className="size-14 rounded-full" />
        <div className="space-y-2">
          <Skeleton className="h-6 w-56" />
          <Skeleton className="h-4 w-72" />
        </div>
      </div>
      <Skeleton className="mt-8 h-10 w-80" />
      <Skeleton className="mt-4 h-64 w-full" />
    </div>
  );
}
