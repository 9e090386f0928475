import { Download, ImageOff, Lock, MapPin, Megaphone, MoreHorizontal, Trash2 } from "lucide-react";
import { asProblem } from "@/api/problem";
import { Button } from "@/components/ui/button";
import {
  DropdownMenu,
  DropdownMenuContent,
  DropdownMenuItem,
  DropdownMenuLabel,
  DropdownMenuSeparator,
  DropdownMenuTrigger,
} from "@/components/ui/dropdown-menu";
import { Skeleton } from "@/components/ui/skeleton";
import { useToast } from "@/components/ui/toast";
import { cn } from "@/lib/cn";
import { useCan } from "@/lib/session";
import { type Photo, type PhotoPhase, useMarketingExport, useRemovePhoto } from "./api";

export const PHASES: Record<PhotoPhase, string> = { before: "Before", after: "After", other: "Other" };

const EXTENSIONS: Record<string, string> = { "image/jpeg": "jpg", "image/png": "png", "image/webp": "webp" };

function save(url: string, name: string) {
  const link = document.createElement("a");
  link.href = url;
  link.download = name;
  document.body.append(link);
  link.click();
  link.remove();
}

/** What a photo may be used for: the chart only, or marketing too (a photography consent
 * covered it when it was taken). */
function ScopeBadge({ photo, className }: { photo: Photo; className?: string }) {
  const marketing = Boolean(photo.marketingConsentId);
  return (
    <span
      className={cn(
        "inline-flex items-center gap-1 rounded px-1.5 py-0.5 text-[11px] font-medium text-white",
        marketing ? "bg-success" : "bg-black/60",
        className,
      )}
    >
      {marketing ? (
        <Megaphone className="size-3" aria-hidden="true" />
      ) : (
        <Lock className="size-3" aria-hidden="true" />
      )}
      {marketing ? "Marketing OK" : "Clinical only"}
    </span>
  );
}

/** One thumbnail in the chart's photos, with what can be done with it. */
export function PhotoTile({
  photo,
  chartId,
  url,
  failed,
  editable,
  onOpen,
}: {
  photo: Photo;
  chartId: string;
  url: string | undefined;
  failed: boolean;
  editable: boolean;
  onOpen: () => void;
}) {
  const canExport = useCan("photos:write");
  const remove = useRemovePhoto(chartId);
  const exporter = useMarketingExport();
  const toast = useToast();
  const phase = PHASES[photo.phase];

  const exportForMarketing = () =>
    exporter.mutate(photo.id, {
      onSuccess: (link) => {
        save(link.url, `${phase.toLowerCase()}-${photo.id}.${EXTENSIONS[photo.contentType] ?? "jpg"}`);
        toast.success("Downloading the original", "Its use for marketing is recorded with the consent.");
      },
      onError: (error) => {
        if (asProblem(error).code === "photo_consent_missing") {
          toast.warning(
            "This patient hasn’t agreed to marketing use",
            "Ask them to sign the photography consent at their next visit; until then the photo stays in the chart.",
          );
        } else {
          toast.error(error, "Couldn’t export the photo");
        }
      },
    });

  const actions = canExport || editable;
  return (
    <li className="relative">
      <button
        type="button"
        onClick={onOpen}
        aria-label={`Open ${phase.toLowerCase()} photo${photo.annotationVersion ? ", marked up" : ""}, ${
          photo.marketingConsentId ? "marketing use allowed" : "clinical use only"
        }`}
        className="relative block aspect-[4/5] w-full overflow-hidden rounded-lg bg-canvas ring-1 ring-line"
      >
        {url ? (
          <img src={url} alt="" className="h-full w-full object-cover" loading="lazy" />
        ) : failed ? (
          <ImageOff className="m-auto size-6 text-faint" aria-hidden="true" />
        ) : (
          <Skeleton className="h-full w-full" />
        )}
        <span className="absolute top-1.5 left-1.5 rounded bg-black/60 px-1.5 py-0.5 text-[11px] font-medium text-white">
          {phase}
        </span>
        {photo.annotationVersion ? (
          <span className="absolute top-1.5 right-1.5 flex items-center gap-0.5 rounded bg-[#e03131] px-1.5 py-0.5 text-[11px] font-medium text-white">
            <MapPin className="size-3" aria-hidden="true" /> Marked
          </span>
        ) : null}
        <ScopeBadge photo={photo} className="absolute bottom-1.5 left-1.5" />
      </button>
      {actions ? (
        <DropdownMenu>
          <DropdownMenuTrigger asChild>
            <Button
              size="icon"
              variant="ghost"
              aria-label={`Actions for this ${phase.toLowerCase()} photo`}
              busy={exporter.isPending}
              className="absolute right-1 bottom-1 size-8 bg-black/60 text-white hover:bg-black/75 hover:text-white"
            >
              {exporter.isPending ? null : <MoreHorizontal className="size-4" aria-hidden="true" />}
            </Button>
          </DropdownMenuTrigger>
          <DropdownMenuContent>
            <DropdownMenuLabel>
              {photo.marketingConsentId ? "Marketing use allowed" : "Clinical use only"}
            </DropdownMenuLabel>
            {canExport ? (
              <DropdownMenuItem onSelect={exportForMarketing}>
                <Download className="size-4" aria-hidden="true" /> Download for marketing
              </DropdownMenuItem>
            ) : null}
            {editable ? (
              <>
                <DropdownMenuSeparator />
                <DropdownMenuItem
                  className="text-danger data-[highlighted]:text-danger"
                  onSelect={() => {
                    if (window.confirm("Remove this photo from the chart?")) {
                      remove.mutate(photo.id, { onError: (e) => toast.error(e) });
                    }
                  }}
                >
                  <Trash2 className="size-4" aria-hidden="true" /> Remove from chart
                </DropdownMenuItem>
              </>
            ) : null}
          </DropdownMenuContent>
        </DropdownMenu>
      ) : null}
    </li>
  );
}
