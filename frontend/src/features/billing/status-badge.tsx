import { Badge } from "@/components/ui/badge";
import { STATUS_LABELS, STATUS_TONES } from "./invoice-api";
import type { InvoiceStatus } from "./list-api";

export function InvoiceStatusBadge({ status, className }: { status: InvoiceStatus; className?: string }) {
  return (
    <Badge tone={STATUS_TONES[status]} className={className}>
      {STATUS_LABELS[status]}
    </Badge>
  );
}
