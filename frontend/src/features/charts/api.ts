import { queryOptions, useMutation, useQueryClient } from "@tanstack/react-query";
import { api, csrfHeader, unwrap } from "@/api/client";
import type { components } from "@/api/generated/schema";
import { ApiProblem } from "@/api/problem";
import { clinicRoot } from "@/lib/session";

export type Chart = components["schemas"]["ChartOut"];
export type ChartStatus = components["schemas"]["ChartStatus"];
export type Entry = components["schemas"]["EntryOut"];
export type EntryIn = components["schemas"]["EntryIn"];
export type Photo = components["schemas"]["PhotoOut"];
export type Product = components["schemas"]["ProductOut"];
export type Lot = components["schemas"]["LotOut"];
export type DoseUnit = components["schemas"]["DoseUnit"];
export type TemplateKind = components["schemas"]["TemplateKind"];
export type QueueItem = components["schemas"]["QueueItemOut"];
export type Verification = components["schemas"]["VerifyOut"];
export type ChartPatch = components["schemas"]["ChartPatchIn"];
export type PhotoPhase = components["schemas"]["PhotoPhase"];
export type PhotoView = components["schemas"]["PhotoView"];
export type Recall = components["schemas"]["RecallOut"];

const key = (...parts: unknown[]) => [clinicRoot, "charts", ...parts];

export const chartQuery = (id: string) =>
  queryOptions({
    queryKey: key("one", id),
    queryFn: ({ signal }) => unwrap(api.GET("/charts/{id}", { params: { path: { id } }, signal })),
    staleTime: 30_000,
  });

export const productsQuery = queryOptions({
  queryKey: [clinicRoot, "products"],
  queryFn: ({ signal }) => unwrap(api.GET("/products", { signal })),
  staleTime: 60_000,
});

export const queueQuery = (providerId?: string) =>
  queryOptions({
    queryKey: key("queue", providerId ?? "all"),
    queryFn: ({ signal }) => unwrap(api.GET("/signoff-queue", { params: { query: { providerId } }, signal })),
    refetchInterval: 60_000,
  });

export const verifyQuery = (id: string) =>
  queryOptions({
    queryKey: key("verify", id),
    queryFn: ({ signal }) => unwrap(api.GET("/charts/{id}/verify", { params: { path: { id } }, signal })),
    enabled: false,
    retry: false,
  });

export const photoUrlsQuery = (chartId: string, variant: "thumb" | "display" | "original") =>
  queryOptions({
    queryKey: key("photo-urls", chartId, variant),
    queryFn: ({ signal }) =>
      unwrap(
        api.GET("/charts/{id}/photo-urls", { params: { path: { id: chartId }, query: { variant } }, signal }),
      ),
    // Links work for five minutes: fetch fresh ones well before that.
    staleTime: 3 * 60_000,
    refetchInterval: 4 * 60_000,
  });

export const photoUrlQuery = (photoId: string, variant: "display" | "original") =>
  queryOptions({
    queryKey: key("photo-url", photoId, variant),
    queryFn: ({ signal }) =>
      unwrap(api.GET("/photos/{id}/url", { params: { path: { id: photoId }, query: { variant } }, signal })),
    staleTime: 3 * 60_000,
    refetchInterval: 4 * 60_000,
  });

export const annotationsQuery = (photoId: string) =>
  queryOptions({
    queryKey: key("annotations", photoId),
    queryFn: ({ signal }) =>
      unwrap(api.GET("/photos/{id}/annotations", { params: { path: { id: photoId } }, signal })),
  });

export const recallQuery = (lotId: string) =>
  queryOptions({
    queryKey: [clinicRoot, "recall", lotId],
    queryFn: ({ signal }) => unwrap(api.GET("/lots/{id}/uses", { params: { path: { id: lotId } }, signal })),
  });

/** After a change the chart, queue, calendar and patient history refresh. */
function useRefresh(chartId: string) {
  const client = useQueryClient();
  return (chart?: Chart) => {
    if (chart) client.setQueryData(key("one", chartId), chart);
    else void client.invalidateQueries({ queryKey: key("one", chartId) });
    void client.invalidateQueries({ queryKey: key("queue") });
    void client.invalidateQueries({ queryKey: key("photo-urls", chartId) });
    void client.invalidateQueries({ queryKey: [clinicRoot, "calendar"] });
    void client.invalidateQueries({ queryKey: [clinicRoot, "patients"] });
  };
}

export function useOpenChart() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (appointmentId: string) =>
      unwrap(api.POST("/appointments/{id}/chart", { params: { path: { id: appointmentId } } })),
    onSuccess: () => void client.invalidateQueries({ queryKey: [clinicRoot, "calendar"] }),
  });
}

export function useSaveChart(chartId: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (patch: ChartPatch) =>
      unwrap(api.PATCH("/charts/{id}", { params: { path: { id: chartId } }, body: patch })),
    onSuccess: (saved, patch) => {
      client.setQueryData<Chart>(key("one", chartId), (c) =>
        c
          ? {
              ...c,
              revision: saved.revision,
              ...(patch.areas ? { areas: patch.areas } : {}),
              ...(patch.technique !== undefined ? { technique: patch.technique ?? undefined } : {}),
              ...(patch.aftercare !== undefined ? { aftercare: patch.aftercare ?? undefined } : {}),
              ...(patch.templateKind ? { templateKind: patch.templateKind } : {}),
            }
          : c,
      );
    },
  });
}

export function useAddEntry(chartId: string) {
  const refresh = useRefresh(chartId);
  return useMutation({
    mutationFn: (body: EntryIn) =>
      unwrap(api.POST("/charts/{id}/entries", { params: { path: { id: chartId } }, body })),
    onSuccess: () => refresh(),
  });
}

export function useRemoveEntry(chartId: string) {
  const refresh = useRefresh(chartId);
  return useMutation({
    mutationFn: (entryId: string) =>
      unwrap(
        api.DELETE("/charts/{id}/entries/{entry_id}", {
          params: { path: { id: chartId, entry_id: entryId } },
        }),
      ),
    onSuccess: () => refresh(),
  });
}

export function useChartAction(chartId: string) {
  const refresh = useRefresh(chartId);
  return useMutation({
    mutationFn: (
      action:
        | { kind: "submit"; consentOverrideReason?: string | undefined }
        | { kind: "sign" }
        | { kind: "return"; comment: string },
    ) => {
      const params = { params: { path: { id: chartId } } };
      if (action.kind === "submit") {
        const reason = action.consentOverrideReason;
        return unwrap(
          api.POST(
            "/charts/{id}/submit",
            reason ? { ...params, body: { consentOverrideReason: reason } } : params,
          ),
        );
      }
      if (action.kind === "sign") return unwrap(api.POST("/charts/{id}/sign", params));
      return unwrap(api.POST("/charts/{id}/return", { ...params, body: { comment: action.comment } }));
    },
    onSuccess: (chart) => refresh(chart),
  });
}

export function useAddAddendum(chartId: string) {
  const refresh = useRefresh(chartId);
  return useMutation({
    mutationFn: (body: string) =>
      unwrap(api.POST("/charts/{id}/addenda", { params: { path: { id: chartId } }, body: { body } })),
    onSuccess: (chart) => refresh(chart),
  });
}

export function useRemovePhoto(chartId: string) {
  const refresh = useRefresh(chartId);
  return useMutation({
    mutationFn: (photoId: string) =>
      unwrap(api.DELETE("/photos/{id}", { params: { path: { id: photoId } } })),
    onSuccess: () => refresh(),
  });
}

/** The original of a photo for use beyond the chart, if a photography consent covers it now. */
export function useMarketingExport() {
  return useMutation({
    mutationFn: (photoId: string) =>
      unwrap(api.POST("/photos/{id}/marketing-export", { params: { path: { id: photoId } } })),
  });
}

export function useSaveAnnotation(chartId: string, photoId: string) {
  const client = useQueryClient();
  const refresh = useRefresh(chartId);
  return useMutation({
    mutationFn: (body: { overlay: Overlay; baseVersion?: number | undefined }) =>
      unwrap(
        api.POST("/photos/{id}/annotations", {
          params: { path: { id: photoId } },
          body: { overlay: body.overlay as unknown as Record<string, never>, baseVersion: body.baseVersion },
        }),
      ),
    onSuccess: () => {
      void client.invalidateQueries({ queryKey: key("annotations", photoId) });
      refresh();
    },
  });
}

/** The drawing on a photo, in its upright pixel coordinates. */
export interface Overlay {
  version: 1;
  shapes: Shape[];
}

export type Shape =
  | { type: "line"; id: string; points: [number, number][]; color: string; width: number }
  | { type: "point"; id: string; number: number; x: number; y: number; label?: string; dose?: string };

/**
 * Uploads one photo with progress. The typed client can't report upload progress, so this one
 * request uses XMLHttpRequest, with the same CSRF header and error shape.
 */
export function uploadPhoto(
  chartId: string,
  file: File,
  labels: { phase: PhotoPhase; view: PhotoView },
  onProgress: (fraction: number) => void,
  signal?: AbortSignal,
): Promise<Photo> {
  return new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open("POST", `/api/v1/charts/${chartId}/photos`);
    for (const [name, value] of Object.entries(csrfHeader())) xhr.setRequestHeader(name, value);
    xhr.upload.onprogress = (e) => {
      if (e.lengthComputable) onProgress(e.loaded / e.total);
    };
    xhr.onload = () => {
      let body: unknown = null;
      try {
        body = JSON.parse(xhr.responseText);
      } catch {
        body = null;
      }
      if (xhr.status >= 200 && xhr.status < 300) resolve(body as Photo);
      else reject(new ApiProblem(xhr.status, (body ?? {}) as object, xhr.getResponseHeader("x-request-id")));
    };
    xhr.onerror = () =>
      reject(new ApiProblem(0, { code: "network", message: "The upload was interrupted. Try again." }, null));
    signal?.addEventListener("abort", () => xhr.abort());
    const form = new FormData();
    form.append("file", file);
    form.append("phase", labels.phase);
    form.append("view", labels.view);
    xhr.send(form);
  });
}

export const UNIT_LABELS: Record<DoseUnit, string> = {
  units: "units",
  ml: "mL",
  syringes: "syringes",
  vials: "vials",
  pulses: "pulses",
  j_cm2: "J/cm²",
  passes: "passes",
  other: "",
};

export const STATUS_LABELS: Record<ChartStatus, string> = {
  draft: "Draft",
  needs_signoff: "Awaiting sign-off",
  md_signed: "Signed",
};

export const KIND_LABELS: Record<TemplateKind, string> = {
  injectables: "Injectables",
  laser: "Laser and energy",
  skin: "Skin treatment",
  general: "General",
};

/** Areas offered as one-tap chips for each kind of chart. */
export const AREA_PRESETS: Record<TemplateKind, string[]> = {
  injectables: [
    "Glabella",
    "Forehead",
    "Crow's feet (L)",
    "Crow's feet (R)",
    "Bunny lines",
    "Lips",
    "Nasolabial folds",
    "Marionette lines",
    "Cheeks",
    "Chin",
    "Jawline",
    "Masseters",
    "Platysma",
  ],
  laser: ["Full face", "Cheeks", "Forehead", "Neck", "Décolleté", "Hands", "Underarms", "Legs", "Back"],
  skin: ["Full face", "Forehead", "Cheeks", "Nose", "Chin", "Neck", "Décolleté", "Back"],
  general: ["Face", "Neck", "Body"],
};
