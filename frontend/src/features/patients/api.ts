import { infiniteQueryOptions, queryOptions, useMutation, useQueryClient } from "@tanstack/react-query";
import { api, unwrap } from "@/api/client";
import type { components } from "@/api/generated/schema";
import { clinicRoot } from "@/lib/session";

export type Patient = components["schemas"]["PatientOut"];
export type PatientIn = components["schemas"]["PatientIn"];
export type PatientPatch = components["schemas"]["PatientPatchIn"];
export type Tag = components["schemas"]["TagOut"];
export type Allergy = components["schemas"]["AllergyOut"];
export type Note = components["schemas"]["NoteOut"];
export type Severity = components["schemas"]["Severity"];
export type TimelineEntry = components["schemas"]["TimelineEntry"];

const key = (...parts: unknown[]) => [clinicRoot, "patients", ...parts];

export interface ListFilter {
  q?: string | undefined;
  tag?: string | undefined;
  archived?: boolean | undefined;
}

export const patientList = (filter: ListFilter) =>
  infiniteQueryOptions({
    queryKey: key("list", filter),
    initialPageParam: undefined as string | undefined,
    queryFn: ({ pageParam, signal }) =>
      unwrap(
        api.GET("/patients", {
          params: {
            query: { q: filter.q, tag: filter.tag, archived: filter.archived, cursor: pageParam, limit: 30 },
          },
          signal,
        }),
      ),
    getNextPageParam: (last) => last.nextCursor ?? undefined,
  });

/** A short search, for the command palette and pickers. */
export const patientSearch = (q: string) =>
  queryOptions({
    queryKey: key("search", q),
    queryFn: ({ signal }) => unwrap(api.GET("/patients", { params: { query: { q, limit: 8 } }, signal })),
    enabled: q.trim().length > 0,
    staleTime: 10_000,
  });

export const patientQuery = (id: string) =>
  queryOptions({
    queryKey: key("one", id),
    queryFn: ({ signal }) => unwrap(api.GET("/patients/{id}", { params: { path: { id } }, signal })),
  });

export const timelineQuery = (id: string) =>
  queryOptions({
    queryKey: key("one", id, "timeline"),
    queryFn: ({ signal }) => unwrap(api.GET("/patients/{id}/timeline", { params: { path: { id } }, signal })),
  });

export const allergiesQuery = (id: string) =>
  queryOptions({
    queryKey: key("one", id, "allergies"),
    queryFn: ({ signal }) =>
      unwrap(api.GET("/patients/{id}/allergies", { params: { path: { id } }, signal })),
  });

export const notesQuery = (id: string) =>
  queryOptions({
    queryKey: key("one", id, "notes"),
    queryFn: ({ signal }) => unwrap(api.GET("/patients/{id}/notes", { params: { path: { id } }, signal })),
  });

export const tagsQuery = queryOptions({
  queryKey: [clinicRoot, "tags"],
  queryFn: ({ signal }) => unwrap(api.GET("/tags", { signal })),
  staleTime: 60_000,
});

export const duplicatesQuery = (body: PatientIn | null) =>
  queryOptions({
    queryKey: key("duplicates", body),
    queryFn: ({ signal }) => unwrap(api.POST("/patients/duplicates", { body: body as PatientIn, signal })),
    enabled: body !== null,
    retry: false,
    staleTime: 30_000,
  });

/** After any change to one patient: their record, lists and searches refresh. */
function useRefreshPatient() {
  const client = useQueryClient();
  return (patient: Patient) => {
    client.setQueryData(key("one", patient.id), patient);
    void client.invalidateQueries({ queryKey: key("list") });
    void client.invalidateQueries({ queryKey: key("search") });
  };
}

export function useCreatePatient() {
  const refresh = useRefreshPatient();
  return useMutation({
    mutationFn: (body: PatientIn) => unwrap(api.POST("/patients", { body })),
    onSuccess: refresh,
  });
}

export function useUpdatePatient(id: string) {
  const refresh = useRefreshPatient();
  return useMutation({
    mutationFn: (body: PatientPatch) =>
      unwrap(api.PATCH("/patients/{id}", { params: { path: { id } }, body })),
    onSuccess: refresh,
  });
}

export function useArchivePatient(id: string) {
  const refresh = useRefreshPatient();
  return useMutation({
    mutationFn: (archive: boolean) =>
      archive
        ? unwrap(api.POST("/patients/{id}/archive", { params: { path: { id } } }))
        : unwrap(api.POST("/patients/{id}/restore", { params: { path: { id } } })),
    onSuccess: refresh,
  });
}

export function useTagPatient(id: string) {
  const refresh = useRefreshPatient();
  return useMutation({
    mutationFn: ({ tagId, on }: { tagId: string; on: boolean }) =>
      on
        ? unwrap(api.PUT("/patients/{id}/tags/{tag_id}", { params: { path: { id, tag_id: tagId } } }))
        : unwrap(api.DELETE("/patients/{id}/tags/{tag_id}", { params: { path: { id, tag_id: tagId } } })),
    onSuccess: refresh,
  });
}

export function useCreateTag() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (body: { name: string; color: string }) => unwrap(api.POST("/tags", { body })),
    onSuccess: () => void client.invalidateQueries({ queryKey: tagsQuery.queryKey }),
  });
}

function useRefreshMedical(id: string) {
  const client = useQueryClient();
  return () => {
    void client.invalidateQueries({ queryKey: key("one", id) });
    void client.invalidateQueries({ queryKey: key("list") });
  };
}

export function useSaveAllergy(patientId: string) {
  const refresh = useRefreshMedical(patientId);
  return useMutation({
    mutationFn: ({
      allergyId,
      body,
    }: {
      allergyId?: string;
      body: { substance: string; reaction?: string; severity: Severity };
    }) =>
      allergyId
        ? unwrap(
            api.PUT("/patients/{id}/allergies/{allergy_id}", {
              params: { path: { id: patientId, allergy_id: allergyId } },
              body,
            }),
          )
        : unwrap(api.POST("/patients/{id}/allergies", { params: { path: { id: patientId } }, body })),
    onSuccess: refresh,
  });
}

export function useRemoveAllergy(patientId: string) {
  const refresh = useRefreshMedical(patientId);
  return useMutation({
    mutationFn: (allergyId: string) =>
      unwrap(
        api.DELETE("/patients/{id}/allergies/{allergy_id}", {
          params: { path: { id: patientId, allergy_id: allergyId } },
        }),
      ),
    onSuccess: refresh,
  });
}

export function useAddNote(patientId: string) {
  const refresh = useRefreshMedical(patientId);
  return useMutation({
    mutationFn: (body: string) =>
      unwrap(api.POST("/patients/{id}/notes", { params: { path: { id: patientId } }, body: { body } })),
    onSuccess: refresh,
  });
}

export function useRemoveNote(patientId: string) {
  const refresh = useRefreshMedical(patientId);
  return useMutation({
    mutationFn: (noteId: string) =>
      unwrap(
        api.DELETE("/patients/{id}/notes/{note_id}", {
          params: { path: { id: patientId, note_id: noteId } },
        }),
      ),
    onSuccess: refresh,
  });
}

export function fullName(p: Pick<Patient, "firstName" | "lastName" | "preferredName">) {
  return `${p.firstName} ${p.lastName}`;
}
