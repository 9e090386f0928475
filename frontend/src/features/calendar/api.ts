import {
  keepPreviousData,
  type QueryClient,
  queryOptions,
  useMutation,
  useQueryClient,
} from "@tanstack/react-query";
import { api, unwrap } from "@/api/client";
import type { components } from "@/api/generated/schema";
import { clinicRoot } from "@/lib/session";

export type Appointment = components["schemas"]["AppointmentOut"];
export type AppointmentStatus = components["schemas"]["AppointmentStatus"];
export type CalendarData = components["schemas"]["CalendarOut"];
export type Provider = components["schemas"]["ProviderOut"];
export type Room = components["schemas"]["RoomOut"];
export type Service = components["schemas"]["ServiceOut"];
export type TimeOff = components["schemas"]["TimeOffOut"];
export type AppointmentPatch = components["schemas"]["AppointmentPatchIn"];
export type NewAppointment = components["schemas"]["AppointmentIn"];

const key = (...parts: unknown[]) => [clinicRoot, "calendar", ...parts];

export interface RangeFilter {
  from: string;
  to: string;
  providerIds?: string[] | undefined;
  roomIds?: string[] | undefined;
  statuses?: AppointmentStatus[] | undefined;
}

export const rangeQuery = (filter: RangeFilter) =>
  queryOptions({
    queryKey: key("range", filter),
    queryFn: ({ signal }) =>
      unwrap(
        api.GET("/calendar", {
          params: {
            query: {
              from: filter.from,
              to: filter.to,
              providerId: filter.providerIds ?? [],
              roomId: filter.roomIds ?? [],
              status: filter.statuses ?? [],
            },
          },
          signal,
        }),
      ),
    placeholderData: keepPreviousData,
    // The front desk sees colleagues' bookings without reloading.
    refetchInterval: 30_000,
    staleTime: 10_000,
  });

export const providersQuery = queryOptions({
  queryKey: [clinicRoot, "providers"],
  queryFn: ({ signal }) => unwrap(api.GET("/providers", { signal })),
  staleTime: 60_000,
});

export const roomsQuery = queryOptions({
  queryKey: [clinicRoot, "rooms"],
  queryFn: ({ signal }) => unwrap(api.GET("/rooms", { signal })),
  staleTime: 60_000,
});

export const servicesQuery = queryOptions({
  queryKey: [clinicRoot, "services"],
  queryFn: ({ signal }) => unwrap(api.GET("/services", { signal })),
  staleTime: 60_000,
});

export const appointmentQuery = (id: string) =>
  queryOptions({
    queryKey: key("one", id),
    queryFn: ({ signal }) => unwrap(api.GET("/appointments/{id}", { params: { path: { id } }, signal })),
  });

type Snapshot = [readonly unknown[], CalendarData | undefined][];

/** Applies a change to an appointment in every cached range at once, returning what was there. */
function patchCached(client: QueryClient, id: string, change: (a: Appointment) => Appointment): Snapshot {
  const snapshot = client.getQueriesData<CalendarData>({ queryKey: key("range") });
  for (const [queryKey, data] of snapshot) {
    if (!data) continue;
    client.setQueryData<CalendarData>(queryKey, {
      ...data,
      appointments: data.appointments.map((a) => (a.id === id ? change(a) : a)),
    });
  }
  return snapshot;
}

function restore(client: QueryClient, snapshot: Snapshot | undefined) {
  for (const [queryKey, data] of snapshot ?? []) client.setQueryData(queryKey, data);
}

function useSettle() {
  const client = useQueryClient();
  return (appointment?: Appointment) => {
    if (appointment) {
      client.setQueryData(key("one", appointment.id), appointment);
      void client.invalidateQueries({ queryKey: [clinicRoot, "patients", "one", appointment.patientId] });
    }
    void client.invalidateQueries({ queryKey: key("range") });
  };
}

export function useBook() {
  const settle = useSettle();
  return useMutation({
    mutationFn: (body: NewAppointment & { idempotencyKey: string }) => {
      const { idempotencyKey, ...rest } = body;
      return unwrap(
        api.POST("/appointments", { body: rest, headers: { "Idempotency-Key": idempotencyKey } }),
      );
    },
    onSuccess: (booked) => settle(booked.appointment),
  });
}

export interface Move {
  id: string;
  patch: AppointmentPatch;
  /** How the appointment looks meanwhile, so it moves at once. */
  optimistic: Partial<Appointment>;
}

/** Moves, resizes and reassignments show at once and snap back if the server refuses. */
export function useChangeAppointment() {
  const client = useQueryClient();
  const settle = useSettle();
  return useMutation({
    mutationFn: ({ id, patch }: Move) =>
      unwrap(api.PATCH("/appointments/{id}", { params: { path: { id } }, body: patch })),
    onMutate: async ({ id, optimistic }) => {
      await client.cancelQueries({ queryKey: key("range") });
      return patchCached(client, id, (a) => ({ ...a, ...optimistic }));
    },
    onError: (_error, _move, snapshot) => restore(client, snapshot),
    onSuccess: (booked) => settle(booked.appointment),
  });
}

export function useSetStatus() {
  const client = useQueryClient();
  const settle = useSettle();
  return useMutation({
    mutationFn: ({ id, status }: { id: string; status: AppointmentStatus }) =>
      unwrap(api.POST("/appointments/{id}/status", { params: { path: { id } }, body: { status } })),
    onMutate: async ({ id, status }) => {
      await client.cancelQueries({ queryKey: key("range") });
      return patchCached(client, id, (a) => ({ ...a, status }));
    },
    onError: (_error, _change, snapshot) => restore(client, snapshot),
    onSuccess: settle,
  });
}

export function useCancelAppointment() {
  const settle = useSettle();
  return useMutation({
    mutationFn: ({ id, reason }: { id: string; reason: string }) =>
      unwrap(api.POST("/appointments/{id}/cancel", { params: { path: { id } }, body: { reason } })),
    onSuccess: settle,
  });
}
