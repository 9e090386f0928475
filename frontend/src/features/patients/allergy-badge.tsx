import { AlertTriangle } from "lucide-react";
import { Badge } from "@/components/ui/badge";

export function AllergyFlag({ className }: { className?: string }) {
  return (
    <Badge tone="danger" className={className}>
      <AlertTriangle className="size-3" aria-hidden="true" />
      Allergies
    </Badge>
  );
}
