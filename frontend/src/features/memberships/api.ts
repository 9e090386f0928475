import { queryOptions, useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { api, unwrap } from "@/api/client";
import type { components } from "@/api/generated/schema";
import { clinicRoot } from "@/lib/session";
import { billingSettingsQuery } from "../billing/invoice-api";

export type Plan = components["schemas"]["PlanOut"];
export type PlanIn = components["schemas"]["PlanIn"];
export type PlanBenefit = components["schemas"]["PlanBenefitOut"];
export type PlanBenefitIn = components["schemas"]["PlanBenefitIn"];
export type PlanKind = components["schemas"]["PlanKind"];
export type BillingInterval = components["schemas"]["BillingInterval"];
export type CreditKind = components["schemas"]["CreditKind"];
export type ProductKind = components["schemas"]["ProductKind"];
export type Membership = components["schemas"]["MembershipOut"];
export type MembershipStatus = components["schemas"]["MembershipStatus"];
export type Balance = components["schemas"]["BalanceOut"];
export type LedgerEntry = components["schemas"]["LedgerEntryOut"];
export type EntryKind = components["schemas"]["EntryKind"];
export type EnrolIn = components["schemas"]["EnrolIn"];
export type AdjustIn = components["schemas"]["AdjustIn"];
export type Liability = components["schemas"]["LiabilityOut"];

/** The clinic's currency, which prices and money credits are in (dollars until it loads). */
export function useCurrency(): string {
  return useQuery(billingSettingsQuery).data?.currency ?? "USD";
}

/** Every plan, current ones first: the settings page, the enrol dialog and checkout read it. */
export const plansQuery = queryOptions({
  queryKey: [clinicRoot, "membership-plans"],
  queryFn: ({ signal }) => unwrap(api.GET("/membership-plans", { signal })),
  staleTime: 60_000,
});

/** Under the patient's own key, so whatever refreshes the patient (an invoice voided at
 * checkout gives its credits back) refreshes their memberships too. */
const patientKey = (patientId: string) => [clinicRoot, "patients", "one", patientId, "memberships"];

export const patientMembershipsQuery = (patientId: string) =>
  queryOptions({
    queryKey: patientKey(patientId),
    queryFn: ({ signal }) =>
      unwrap(api.GET("/patients/{id}/memberships", { params: { path: { id: patientId } }, signal })),
  });

/** What the credits members have not used yet are worth, on a day (today when absent). */
export const liabilityQuery = (on?: string) =>
  queryOptions({
    queryKey: [clinicRoot, "memberships", "liability", on ?? "today"],
    queryFn: ({ signal }) => unwrap(api.GET("/memberships/liability", { params: { query: { on } }, signal })),
    staleTime: 60_000,
  });

export function useSavePlan() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: ({ id, body }: { id?: string | undefined; body: PlanIn }) =>
      id
        ? unwrap(api.PUT("/membership-plans/{id}", { params: { path: { id } }, body }))
        : unwrap(api.POST("/membership-plans", { body })),
    onSuccess: () => void client.invalidateQueries({ queryKey: plansQuery.queryKey }),
  });
}

export function useArchivePlan() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: ({ id, archived }: { id: string; archived: boolean }) =>
      unwrap(api.POST("/membership-plans/{id}/archive", { params: { path: { id } }, body: { archived } })),
    onSuccess: () => void client.invalidateQueries({ queryKey: plansQuery.queryKey }),
  });
}

/** After a membership changes: the patient's list takes the server's answer at once, and what
 * follows from it (their invoices and timeline, plan member counts, the liability) refreshes. */
function useSettle() {
  const client = useQueryClient();
  return (membership: Membership) => {
    const key = patientKey(membership.patientId);
    client.setQueryData<Membership[]>(key, (list) => {
      if (!list) return list;
      return list.some((m) => m.id === membership.id)
        ? list.map((m) => (m.id === membership.id ? membership : m))
        : [membership, ...list];
    });
    void client.invalidateQueries({ queryKey: [clinicRoot, "patients", "one", membership.patientId] });
    void client.invalidateQueries({ queryKey: [clinicRoot, "invoices"] });
    void client.invalidateQueries({ queryKey: plansQuery.queryKey });
    void client.invalidateQueries({ queryKey: [clinicRoot, "memberships"] });
  };
}

/** Sells a plan: on an invoice of its own, issued at once, or as a line on the patient's draft
 * (`invoiceId`, at checkout). */
export function useEnrol(patientId: string) {
  const settle = useSettle();
  return useMutation({
    mutationFn: (body: EnrolIn) =>
      unwrap(api.POST("/patients/{id}/memberships", { params: { path: { id: patientId } }, body })),
    onSuccess: settle,
  });
}

export type MembershipChange =
  | { action: "pause" }
  | { action: "resume" }
  | { action: "cancel"; reason: string }
  | { action: "adjust"; body: AdjustIn };

export function useChangeMembership(id: string) {
  const settle = useSettle();
  return useMutation({
    mutationFn: (change: MembershipChange) => {
      const path = { params: { path: { id } } };
      switch (change.action) {
        case "pause":
          return unwrap(api.POST("/memberships/{id}/pause", path));
        case "resume":
          return unwrap(api.POST("/memberships/{id}/resume", path));
        case "cancel":
          return unwrap(api.POST("/memberships/{id}/cancel", { ...path, body: { reason: change.reason } }));
        case "adjust":
          return unwrap(api.POST("/memberships/{id}/adjustments", { ...path, body: change.body }));
      }
    },
    onSuccess: settle,
  });
}
