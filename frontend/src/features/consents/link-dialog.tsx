import { CheckCircle2, Copy, RotateCw } from "lucide-react";
import { useEffect, useState } from "react";
import { asProblem } from "@/api/problem";
import { Button } from "@/components/ui/button";
import { Dialog, DialogContent } from "@/components/ui/dialog";
import { Input } from "@/components/ui/input";
import { Skeleton } from "@/components/ui/skeleton";
import { formatTime } from "@/lib/dates";
import { useMe } from "@/lib/session";
import { useConsentLink, type VisitConsents } from "./api";

/**
 * A QR code (and the link) that opens the visit's consents on the patient's own phone, for two
 * hours, with no sign-in. The card behind it refreshes while this is open, so signatures made
 * on the phone show up here.
 */
export function LinkDialog({
  visit,
  open,
  onOpenChange,
}: {
  visit: VisitConsents;
  open: boolean;
  onOpenChange: (open: boolean) => void;
}) {
  const { clinic } = useMe();
  const link = useConsentLink(visit.appointmentId);
  const [copied, setCopied] = useState(false);
  const issue = link.mutate;
  useEffect(() => {
    if (open) {
      setCopied(false);
      issue();
    }
  }, [open, issue]);
  const remaining = visit.required.filter((r) => r.state !== "current").length;
  const copy = async (url: string) => {
    try {
      await navigator.clipboard.writeText(url);
      setCopied(true);
    } catch {
      setCopied(false);
    }
  };
  return (
    <Dialog open={open} onOpenChange={onOpenChange}>
      <DialogContent
        title="Sign on their phone"
        description={`${visit.patientName} scans this with their camera and signs there. No app or sign-in needed.`}
      >
        <div className="flex flex-col items-center gap-4">
          {link.isError ? (
            <div role="alert" className="flex w-full flex-col items-center gap-3 py-6 text-center">
              <p className="text-sm text-danger">{asProblem(link.error).message}</p>
              <Button size="sm" onClick={() => issue()}>
                <RotateCw className="size-4" aria-hidden="true" /> Try again
              </Button>
            </div>
          ) : link.data ? (
            <>
              <img
                src={`data:image/svg+xml;utf8,${encodeURIComponent(link.data.qrSvg)}`}
                alt={`QR code for the link to ${visit.patientName}’s consents`}
                className="size-56 rounded-xl border border-line bg-white p-3"
              />
              <p className="text-[13px] text-muted">
                Works until {formatTime(link.data.expiresAt, clinic.timezone)} (two hours).
              </p>
              <div className="flex w-full gap-2">
                <Input
                  readOnly
                  value={link.data.url}
                  aria-label="Signing link"
                  onFocus={(e) => e.target.select()}
                />
                <Button onClick={() => void copy(link.data.url)}>
                  {copied ? (
                    <CheckCircle2 className="size-4 text-success" aria-hidden="true" />
                  ) : (
                    <Copy className="size-4" aria-hidden="true" />
                  )}
                  {copied ? "Copied" : "Copy"}
                </Button>
              </div>
            </>
          ) : (
            <div role="status" aria-label="Making the link" className="flex flex-col items-center gap-3">
              <Skeleton className="size-56 rounded-xl" />
              <Skeleton className="h-4 w-40" />
            </div>
          )}
          <p
            role="status"
            className={
              remaining
                ? "w-full rounded-lg bg-canvas px-3 py-2 text-center text-[13px] text-ink-soft"
                : "w-full rounded-lg bg-success-soft px-3 py-2 text-center text-[13px] font-medium text-success"
            }
          >
            {remaining
              ? `Waiting for ${remaining} ${remaining === 1 ? "signature" : "signatures"}…`
              : "All signed. You can close this."}
          </p>
        </div>
      </DialogContent>
    </Dialog>
  );
}
