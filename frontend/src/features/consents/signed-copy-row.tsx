import { Button } from "@/components/ui/button";
import { cn } from "@/lib/cn";
import type { SignedSummary } from "./api";
import { RevokedBadge, signedLine } from "./consent-status";

/** One signed copy in a list: its form and version, who signed when (or why it was revoked), and View. */
export function SignedCopyRow({
  copy,
  when,
  onView,
}: {
  copy: SignedSummary;
  /** The signing time as the list shows it. */
  when: string;
  onView: (id: string) => void;
}) {
  return (
    <li className="flex items-center gap-2 rounded-lg bg-canvas px-3 py-2">
      <div className="min-w-0 flex-1">
        <p
          className={cn(
            "truncate text-[13px] font-medium text-ink",
            copy.revocation && "text-muted line-through",
          )}
        >
          {copy.title} <span className="font-normal text-muted">v{copy.version}</span>
        </p>
        <p className="text-[12px] text-muted">
          {copy.revocation ? `Revoked: ${copy.revocation.reason}` : signedLine(copy, when)}
        </p>
      </div>
      {copy.revocation ? <RevokedBadge /> : null}
      <Button size="sm" variant="ghost" onClick={() => onView(copy.id)} aria-label={`View ${copy.title}`}>
        View
      </Button>
    </li>
  );
}
