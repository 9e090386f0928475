import { queryOptions, useMutation, useQueryClient } from "@tanstack/react-query";
import { api, unwrap } from "@/api/client";
import type { components } from "@/api/generated/schema";
import { ApiProblem } from "@/api/problem";
import { clinicRoot } from "@/lib/session";

export type ConsentTemplate = components["schemas"]["ConsentTemplateOut"];
export type ConsentTemplateDetail = components["schemas"]["ConsentTemplateDetailOut"];
export type ConsentTemplateIn = components["schemas"]["ConsentTemplateIn"];
export type TemplateVersion = components["schemas"]["TemplateVersionOut"];
export type ConsentKind = components["schemas"]["ConsentKind"];
export type ConsentState = components["schemas"]["ConsentState"];
export type VisitConsents = components["schemas"]["VisitConsentsOut"];
export type RequiredConsent = components["schemas"]["RequiredConsentOut"];
export type SignedSummary = components["schemas"]["SignedConsentSummaryOut"];
export type SignedConsent = components["schemas"]["SignedConsentOut"];
export type ConsentLink = components["schemas"]["ConsentLinkOut"];
export type PatientConsents = components["schemas"]["PatientConsentsOut"];
export type ChartConsents = components["schemas"]["ChartConsentsOut"];
export type SignConsentIn = components["schemas"]["SignConsentIn"];
/** A consent signed or revoked, as the patient's timeline has it. */
export type ConsentTimelineEntry =
  | ({ kind: "consent_signed" } & components["schemas"]["TimelineConsentSigned"])
  | ({ kind: "consent_revoked" } & components["schemas"]["TimelineConsentRevoked"]);

const key = (...parts: unknown[]) => [clinicRoot, "consents", ...parts];

export const templatesQuery = queryOptions({
  queryKey: key("templates"),
  queryFn: ({ signal }) => unwrap(api.GET("/consent-templates", { signal })),
  staleTime: 60_000,
});

export const templateQuery = (id: string) =>
  queryOptions({
    queryKey: key("templates", id),
    queryFn: ({ signal }) => unwrap(api.GET("/consent-templates/{id}", { params: { path: { id } }, signal })),
  });

export const visitConsentsQuery = (appointmentId: string) =>
  queryOptions({
    queryKey: key("visit", appointmentId),
    queryFn: ({ signal }) =>
      unwrap(api.GET("/appointments/{id}/consents", { params: { path: { id: appointmentId } }, signal })),
  });

export const patientConsentsQuery = (patientId: string) =>
  queryOptions({
    queryKey: key("patient", patientId),
    queryFn: ({ signal }) =>
      unwrap(api.GET("/patients/{id}/consents", { params: { path: { id: patientId } }, signal })),
  });

/** A signed copy in full. Each read is recorded in the audit log, so it is kept a while. */
export const consentQuery = (id: string) =>
  queryOptions({
    queryKey: key("one", id),
    queryFn: ({ signal }) => unwrap(api.GET("/consents/{id}", { params: { path: { id } }, signal })),
    staleTime: 5 * 60_000,
  });

/** After a signature or revocation: the visit, the patient, charts and the calendar refresh. */
function useRefreshSigned() {
  const client = useQueryClient();
  return () => {
    void client.invalidateQueries({ queryKey: key("visit") });
    void client.invalidateQueries({ queryKey: key("patient") });
    void client.invalidateQueries({ queryKey: key("one") });
    void client.invalidateQueries({ queryKey: [clinicRoot, "charts", "one"] });
    // Patients' timelines show signatures and revocations.
    void client.invalidateQueries({
      queryKey: [clinicRoot, "patients", "one"],
      predicate: (q) => q.queryKey.at(-1) === "timeline",
    });
  };
}

export function useSaveTemplate() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: ({ id, body }: { id?: string | undefined; body: ConsentTemplateIn }) =>
      id
        ? unwrap(api.PUT("/consent-templates/{id}", { params: { path: { id } }, body }))
        : unwrap(api.POST("/consent-templates", { body })),
    onSuccess: (saved) => {
      client.setQueryData(key("templates", saved.template.id), saved);
      void client.invalidateQueries({ queryKey: key("templates"), exact: true });
      void client.invalidateQueries({ queryKey: key("visit") });
    },
  });
}

export function useArchiveTemplate() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: ({ id, archive }: { id: string; archive: boolean }) =>
      archive
        ? unwrap(api.POST("/consent-templates/{id}/archive", { params: { path: { id } } }))
        : unwrap(api.POST("/consent-templates/{id}/restore", { params: { path: { id } } })),
    onSuccess: (saved) => {
      client.setQueryData(key("templates", saved.template.id), saved);
      void client.invalidateQueries({ queryKey: key("templates"), exact: true });
      void client.invalidateQueries({ queryKey: key("visit") });
    },
  });
}

export function useSignConsent(appointmentId: string) {
  const refresh = useRefreshSigned();
  return useMutation({
    mutationFn: (body: SignConsentIn) =>
      unwrap(api.POST("/appointments/{id}/consents", { params: { path: { id: appointmentId } }, body })),
    onSuccess: refresh,
  });
}

export function useRevokeConsent() {
  const refresh = useRefreshSigned();
  return useMutation({
    mutationFn: ({ id, reason }: { id: string; reason: string }) =>
      unwrap(api.POST("/consents/{id}/revoke", { params: { path: { id } }, body: { reason } })),
    onSuccess: refresh,
  });
}

export function useConsentLink(appointmentId: string) {
  return useMutation({
    mutationFn: () =>
      unwrap(api.POST("/appointments/{id}/consent-link", { params: { path: { id: appointmentId } } })),
  });
}

/** The signed-in person types their password again (taking the iPad back from a patient). */
export function useConfirmPassword() {
  return useMutation({
    mutationFn: (password: string) => unwrap(api.POST("/me/confirm", { body: { password } })),
  });
}

/** Downloads a signed copy's PDF through the typed client (same session, same error shape). */
export async function downloadConsentPdf(id: string): Promise<void> {
  const { data, response } = await api.GET("/consents/{id}/pdf", {
    params: { path: { id } },
    parseAs: "blob",
  });
  if (!(data instanceof Blob)) {
    throw new ApiProblem(response.status, { code: "unknown", message: "The PDF didn’t arrive." }, null);
  }
  const name =
    /filename="?([^";]+)"?/.exec(response.headers.get("content-disposition") ?? "")?.[1] ??
    `consent-${id}.pdf`;
  const url = URL.createObjectURL(data);
  const link = document.createElement("a");
  link.href = url;
  link.download = name;
  document.body.append(link);
  link.click();
  link.remove();
  // The browser has the file once the click is handled; the URL can go a moment later.
  window.setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

export const KIND_LABELS: Record<ConsentKind, string> = {
  neurotoxin: "Neurotoxin",
  filler: "Filler",
  laser: "Laser",
  peel: "Peel",
  skin: "Skin",
  photography: "Photography",
  general: "General",
};

export const KINDS = Object.keys(KIND_LABELS) as ConsentKind[];

/** The required consents a patient still has to sign for a visit. */
export function toSign(visit: VisitConsents): RequiredConsent[] {
  return visit.required.filter((r) => r.state !== "current");
}

/** "Renew every 365 days" or "Until the text changes". */
export function renewalLabel(days: number | undefined): string {
  if (!days) return "Until the text changes";
  return `Renew every ${days} ${days === 1 ? "day" : "days"}`;
}
