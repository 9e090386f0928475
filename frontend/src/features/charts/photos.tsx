import { useQuery, useQueryClient } from "@tanstack/react-query";
import { Camera, Columns2, RotateCw, X } from "lucide-react";
import { useRef, useState } from "react";
import { asProblem } from "@/api/problem";
import { Button } from "@/components/ui/button";
import { Card, CardHeader } from "@/components/ui/card";
import { Dialog, DialogContent } from "@/components/ui/dialog";
import { Select } from "@/components/ui/input";
import { Skeleton } from "@/components/ui/skeleton";
import { cn } from "@/lib/cn";
import { clinicRoot } from "@/lib/session";
import { OverlaySvg, PhotoAnnotator } from "./annotator";
import {
  annotationsQuery,
  type Chart,
  type Overlay,
  type Photo,
  type PhotoPhase,
  photoUrlQuery,
  photoUrlsQuery,
  uploadPhoto,
} from "./api";
import { PHASES, PhotoTile } from "./photo-tile";

interface Upload {
  id: number;
  file: File;
  phase: PhotoPhase;
  progress: number;
  error?: string;
  done?: boolean;
}

let uploadSeq = 0;

/** Before and after photos: upload several at once, open one to mark it up, compare two. */
export function PhotosCard({ chart }: { chart: Chart }) {
  const thumbs = useQuery({ ...photoUrlsQuery(chart.id, "thumb"), enabled: chart.photos.length > 0 });
  const client = useQueryClient();
  const [uploads, setUploads] = useState<Upload[]>([]);
  const [phase, setPhase] = useState<PhotoPhase>(
    chart.photos.some((p) => p.phase === "before") ? "after" : "before",
  );
  const [open, setOpen] = useState<Photo | null>(null);
  const [comparing, setComparing] = useState(false);
  const input = useRef<HTMLInputElement>(null);
  const urlOf = (id: string) => thumbs.data?.find((u) => u.photoId === id)?.url;

  const send = async (u: Upload) => {
    setUploads((all) => all.map((x) => (x.id === u.id ? { ...x, progress: 0, error: undefined } : x)));
    try {
      await uploadPhoto(chart.id, u.file, { phase: u.phase, view: "front" }, (progress) =>
        setUploads((all) => all.map((x) => (x.id === u.id ? { ...x, progress } : x))),
      );
      setUploads((all) => all.filter((x) => x.id !== u.id));
      void client.invalidateQueries({ queryKey: [clinicRoot, "charts", "one", chart.id] });
      void client.invalidateQueries({ queryKey: [clinicRoot, "charts", "photo-urls", chart.id] });
    } catch (error) {
      const message = asProblem(error).message;
      setUploads((all) => all.map((x) => (x.id === u.id ? { ...x, error: message } : x)));
    }
  };

  const pick = (files: FileList | null) => {
    const added = [...(files ?? [])].map((file) => ({ id: ++uploadSeq, file, phase, progress: 0 }));
    setUploads((all) => [...all, ...added]);
    for (const u of added) void send(u);
    if (input.current) input.current.value = "";
  };

  return (
    <Card>
      <CardHeader
        title="Photos"
        description={chart.photos.length ? undefined : "Before and after, marked up where you injected."}
        action={
          chart.photos.length >= 2 ? (
            <Button size="sm" variant="ghost" onClick={() => setComparing(true)}>
              <Columns2 className="size-4" aria-hidden="true" /> Compare
            </Button>
          ) : null
        }
      />
      <div className="flex flex-col gap-3 p-4">
        {chart.photos.length ? (
          <ul className="grid grid-cols-2 gap-2 sm:grid-cols-3 lg:grid-cols-2">
            {chart.photos.map((p) => (
              <PhotoTile
                key={p.id}
                photo={p}
                chartId={chart.id}
                url={urlOf(p.id)}
                failed={thumbs.isError}
                editable={chart.canEdit}
                onOpen={() => setOpen(p)}
              />
            ))}
          </ul>
        ) : !chart.canEdit ? (
          <p className="text-sm text-muted">No photos.</p>
        ) : null}

        {uploads.length ? (
          <ul className="flex flex-col gap-2" aria-label="Uploads">
            {uploads.map((u) => (
              <li key={u.id} className="rounded-lg border border-line px-3 py-2">
                <div className="flex items-center gap-2 text-[13px]">
                  <span className="min-w-0 flex-1 truncate text-ink">{u.file.name}</span>
                  {u.error ? (
                    <>
                      <Button size="sm" variant="ghost" onClick={() => void send(u)}>
                        <RotateCw className="size-3.5" aria-hidden="true" /> Retry
                      </Button>
                      <button
                        type="button"
                        aria-label="Dismiss"
                        onClick={() => setUploads((all) => all.filter((x) => x.id !== u.id))}
                        className="text-muted hover:text-ink"
                      >
                        <X className="size-4" />
                      </button>
                    </>
                  ) : (
                    <span className="text-muted tabular-nums">{Math.round(u.progress * 100)}%</span>
                  )}
                </div>
                {u.error ? (
                  <p className="mt-1 text-[12px] text-danger" role="alert">
                    {u.error}
                  </p>
                ) : (
                  <div
                    className="mt-1.5 h-1.5 overflow-hidden rounded-full bg-canvas"
                    role="progressbar"
                    aria-label={`Uploading ${u.file.name}`}
                    aria-valuenow={Math.round(u.progress * 100)}
                    aria-valuemin={0}
                    aria-valuemax={100}
                  >
                    <div
                      className="h-full bg-brand transition-[width]"
                      style={{ width: `${u.progress * 100}%` }}
                    />
                  </div>
                )}
              </li>
            ))}
          </ul>
        ) : null}

        {chart.canEdit ? (
          <div className="flex items-center gap-2">
            <Select
              aria-label="These photos are"
              value={phase}
              onChange={(e) => setPhase(e.target.value as PhotoPhase)}
              className="w-28"
            >
              <option value="before">Before</option>
              <option value="after">After</option>
              <option value="other">Other</option>
            </Select>
            <Button onClick={() => input.current?.click()} className="flex-1 justify-center">
              <Camera className="size-4" aria-hidden="true" /> Add photos
            </Button>
            <input
              ref={input}
              type="file"
              accept="image/jpeg,image/png,image/webp,image/*"
              multiple
              hidden
              aria-label="Photo files"
              data-testid="photo-input"
              onChange={(e) => pick(e.target.files)}
            />
          </div>
        ) : null}
      </div>
      {open ? (
        <PhotoAnnotator
          chartId={chart.id}
          photo={open}
          editable={chart.canEdit}
          onClose={() => setOpen(null)}
        />
      ) : null}
      {comparing ? <Compare photos={chart.photos} onClose={() => setComparing(false)} /> : null}
    </Card>
  );
}

function MarkedPhoto({ photo }: { photo: Photo }) {
  const url = useQuery(photoUrlQuery(photo.id, "display"));
  const markup = useQuery(annotationsQuery(photo.id));
  return (
    <div
      className="relative w-full overflow-hidden rounded-lg bg-black"
      style={{ aspectRatio: `${photo.width} / ${photo.height}` }}
    >
      {url.data ? (
        <img src={url.data.url} alt="" className="absolute inset-0 h-full w-full object-contain" />
      ) : (
        <Skeleton className="h-full w-full" />
      )}
      {markup.data?.latest ? (
        <OverlaySvg overlay={markup.data.latest as Overlay} width={photo.width} height={photo.height} />
      ) : null}
    </div>
  );
}

/** Two photos side by side, with their markup: before on the left, after on the right. */
function Compare({ photos, onClose }: { photos: Photo[]; onClose: () => void }) {
  const before = photos.find((p) => p.phase === "before") ?? photos[0];
  const after =
    photos.find((p) => p.phase === "after" && p.id !== before?.id) ?? photos.find((p) => p.id !== before?.id);
  const [left, setLeft] = useState(before?.id ?? "");
  const [right, setRight] = useState(after?.id ?? "");
  const choose = (value: string, set: (v: string) => void, label: string) => (
    <Select aria-label={label} value={value} onChange={(e) => set(e.target.value)}>
      {photos.map((p, i) => (
        <option key={p.id} value={p.id}>
          {PHASES[p.phase]} · photo {i + 1}
        </option>
      ))}
    </Select>
  );
  const l = photos.find((p) => p.id === left);
  const r = photos.find((p) => p.id === right);
  return (
    <Dialog open onOpenChange={(o) => !o && onClose()}>
      <DialogContent title="Compare photos" className="sm:max-w-5xl">
        <div className="grid grid-cols-2 gap-3">
          {choose(left, setLeft, "Left photo")}
          {choose(right, setRight, "Right photo")}
          <div className={cn(!l && "invisible")}>{l ? <MarkedPhoto photo={l} /> : null}</div>
          <div className={cn(!r && "invisible")}>{r ? <MarkedPhoto photo={r} /> : null}</div>
        </div>
      </DialogContent>
    </Dialog>
  );
}
