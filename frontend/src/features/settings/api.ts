import { queryOptions, useMutation, useQueryClient } from "@tanstack/react-query";
import { api, unwrap } from "@/api/client";
import type { components } from "@/api/generated/schema";
import { clinicRoot } from "@/lib/session";
import { providersQuery, roomsQuery, servicesQuery } from "../calendar/api";

export type RoomIn = components["schemas"]["RoomIn"];
export type ServiceIn = components["schemas"]["ServiceIn"];
export type ProviderIn = components["schemas"]["ProviderIn"];
export type HoursDto = components["schemas"]["HoursDto"];
export type TimeOffIn = components["schemas"]["TimeOffIn"];
export type ChartKind = components["schemas"]["TemplateKind"];
export type StaffMember = components["schemas"]["StaffOut"];

export const staffQuery = queryOptions({
  queryKey: [clinicRoot, "staff"],
  queryFn: ({ signal }) => unwrap(api.GET("/staff", { signal })),
  staleTime: 60_000,
});

export const timeOffQuery = (providerId: string, from: string, to: string) =>
  queryOptions({
    queryKey: [clinicRoot, "time-off", providerId, from, to],
    queryFn: ({ signal }) =>
      unwrap(api.GET("/time-off", { params: { query: { from, to, providerId } }, signal })),
  });

/** Settings feed the calendar: after any change, it and the lists refresh. */
function useRefresh() {
  const client = useQueryClient();
  return () => {
    for (const q of [roomsQuery, servicesQuery, providersQuery])
      void client.invalidateQueries({ queryKey: q.queryKey });
    void client.invalidateQueries({ queryKey: [clinicRoot, "calendar"] });
    void client.invalidateQueries({ queryKey: [clinicRoot, "time-off"] });
  };
}

export function useSaveRoom() {
  const onSuccess = useRefresh();
  return useMutation({
    mutationFn: ({ id, body }: { id?: string | undefined; body: RoomIn }) =>
      id
        ? unwrap(api.PUT("/rooms/{id}", { params: { path: { id } }, body }))
        : unwrap(api.POST("/rooms", { body })),
    onSuccess,
  });
}

export function useArchiveRoom() {
  const onSuccess = useRefresh();
  return useMutation({
    mutationFn: ({ id, archive }: { id: string; archive: boolean }) =>
      archive
        ? unwrap(api.POST("/rooms/{id}/archive", { params: { path: { id } } }))
        : unwrap(api.POST("/rooms/{id}/restore", { params: { path: { id } } })),
    onSuccess,
  });
}

export function useSaveService() {
  const onSuccess = useRefresh();
  return useMutation({
    mutationFn: ({ id, body }: { id?: string | undefined; body: ServiceIn }) =>
      id
        ? unwrap(api.PUT("/services/{id}", { params: { path: { id } }, body }))
        : unwrap(api.POST("/services", { body })),
    onSuccess,
  });
}

export function useArchiveService() {
  const onSuccess = useRefresh();
  return useMutation({
    mutationFn: ({ id, archive }: { id: string; archive: boolean }) =>
      archive
        ? unwrap(api.POST("/services/{id}/archive", { params: { path: { id } } }))
        : unwrap(api.POST("/services/{id}/restore", { params: { path: { id } } })),
    onSuccess,
  });
}

export function useSaveProvider(userId: string) {
  const onSuccess = useRefresh();
  return useMutation({
    mutationFn: (body: ProviderIn) =>
      unwrap(api.PUT("/providers/{user_id}", { params: { path: { user_id: userId } }, body })),
    onSuccess,
  });
}

export function useSaveHours(userId: string) {
  const onSuccess = useRefresh();
  return useMutation({
    mutationFn: (hours: HoursDto[]) =>
      unwrap(
        api.PUT("/providers/{user_id}/hours", { params: { path: { user_id: userId } }, body: { hours } }),
      ),
    onSuccess,
  });
}

export function useSaveProviderServices(userId: string) {
  const onSuccess = useRefresh();
  return useMutation({
    mutationFn: (serviceIds: string[]) =>
      unwrap(
        api.PUT("/providers/{user_id}/services", {
          params: { path: { user_id: userId } },
          body: { serviceIds },
        }),
      ),
    onSuccess,
  });
}

export function useAddTimeOff(userId: string) {
  const onSuccess = useRefresh();
  return useMutation({
    mutationFn: (body: TimeOffIn) =>
      unwrap(api.POST("/providers/{user_id}/time-off", { params: { path: { user_id: userId } }, body })),
    onSuccess,
  });
}

export function useRemoveTimeOff() {
  const onSuccess = useRefresh();
  return useMutation({
    mutationFn: (id: string) => unwrap(api.DELETE("/time-off/{id}", { params: { path: { id } } })),
    onSuccess,
  });
}

/** Calendar colours that read well on white and differ from each other. */
export const SWATCHES = [
  "#6d5bd0",
  "#1c7ed6",
  "#0c8599",
  "#2f9e44",
  "#e8590c",
  "#d6336c",
  "#ae3ec9",
  "#868e96",
  "#c2255c",
  "#f59f00",
];

export type Pricing = components["schemas"]["Pricing"];

export const PRICING: { value: Pricing; label: string; hint: string }[] = [
  { value: "fixed", label: "Fixed price", hint: "Checkout bills the service at its price." },
  {
    value: "per_unit",
    label: "Per unit from the chart",
    hint: "Checkout bills the units the chart records, at each product’s price.",
  },
];

export const CHART_KINDS: { value: ChartKind; label: string }[] = [
  { value: "injectables", label: "Injectables" },
  { value: "laser", label: "Laser and energy" },
  { value: "skin", label: "Skin treatments" },
  { value: "general", label: "General note" },
];

export type OnlineBooking = components["schemas"]["OnlineBookingOut"];
export type OnlineBookingIn = components["schemas"]["OnlineBookingIn"];

export const onlineBookingQuery = queryOptions({
  queryKey: [clinicRoot, "online-booking"],
  queryFn: ({ signal }) => unwrap(api.GET("/online-booking", { signal })),
});

export function useSaveOnlineBooking() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (body: OnlineBookingIn) => unwrap(api.PUT("/online-booking", { body })),
    onSuccess: (saved) => client.setQueryData(onlineBookingQuery.queryKey, saved),
  });
}

export type BillingSettings = components["schemas"]["BillingSettingsOut"];
export type BillingSettingsIn = components["schemas"]["BillingSettingsIn"];

/** The same entry checkout reads its tax rate and defaults from. */
export const billingSettingsQuery = queryOptions({
  queryKey: [clinicRoot, "settings", "billing"],
  queryFn: ({ signal }) => unwrap(api.GET("/settings/billing", { signal })),
  staleTime: 5 * 60_000,
});

export function useSaveBillingSettings() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (body: BillingSettingsIn) => unwrap(api.PUT("/settings/billing", { body })),
    onSuccess: (saved) => client.setQueryData(billingSettingsQuery.queryKey, saved),
  });
}

/** The number the next invoice gets, as the server writes it: "INV-00042", "2026-00042". */
export function invoiceNumberPreview(prefix: string, next: number): string {
  const n = String(next).padStart(5, "0");
  return prefix.endsWith("-") ? `${prefix}${n}` : `${prefix}-${n}`;
}
