import { format } from "date-fns";
import { Ban, CheckCircle2, CircleDashed, Clock, type LucideIcon, RefreshCw } from "lucide-react";
import { Badge } from "@/components/ui/badge";
import { inZone } from "@/lib/dates";
import type { ConsentState, RequiredConsent, SignedSummary } from "./api";

const LOOK: Record<
  ConsentState,
  { label: string; tone: "success" | "warning" | "danger"; icon: LucideIcon }
> = {
  current: { label: "Signed", tone: "success", icon: CheckCircle2 },
  expired: { label: "Expired", tone: "warning", icon: Clock },
  new_version: { label: "New version", tone: "warning", icon: RefreshCw },
  missing: { label: "Missing", tone: "danger", icon: CircleDashed },
};

/** "3 Dec 2026" in the clinic's zone. */
function consentDate(iso: string, timeZone: string): string {
  return format(inZone(iso, timeZone), "d MMM yyyy");
}

/** Where a required consent stands, in words and an icon as well as colour. */
export function ConsentStatePill({ state }: { state: ConsentState }) {
  const look = LOOK[state];
  return (
    <Badge tone={look.tone} className="shrink-0">
      <look.icon className="size-3.5" aria-hidden="true" />
      {look.label}
    </Badge>
  );
}

/** The line under a required consent: what the pill means for this patient. */
export function requirementDetail(r: RequiredConsent, timeZone: string): string {
  const signed = r.signed;
  switch (r.state) {
    case "current":
      return r.expiresAt
        ? `Current until ${consentDate(r.expiresAt, timeZone)}`
        : "Current until the text changes";
    case "expired":
      return signed
        ? `Signed ${consentDate(signed.signedAt, timeZone)}; needs signing again`
        : "Needs signing again";
    case "new_version":
      return signed
        ? `Signed version ${signed.version}; version ${r.currentVersion} needs signing`
        : `Version ${r.currentVersion} needs signing`;
    case "missing":
      return "Not signed yet";
  }
}

/** A revoked copy's badge. */
export function RevokedBadge() {
  return (
    <Badge tone="danger" className="shrink-0">
      <Ban className="size-3.5" aria-hidden="true" />
      Revoked
    </Badge>
  );
}

/** "Signed 3 Dec 2026, 2:14 PM by Nina Example · witnessed by Dana Desk". */
export function signedLine(s: SignedSummary, when: string): string {
  const witness = s.witnessName ? ` · witnessed by ${s.witnessName}` : " · on their own phone";
  return `Signed ${when} by ${s.signerName}${witness}`;
}
