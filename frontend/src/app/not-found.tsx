import { Link } from "@tanstack/react-router";
import { Compass } from "lucide-react";
import { Button } from "@/components/ui/button";
import { EmptyState } from "@/components/ui/states";

export function NotFound() {
  return (
    <div className="grid min-h-[60dvh] place-items-center">
      <EmptyState
        icon={Compass}
        title="Nothing here"
        body="That page doesn’t exist, or it moved."
        action={
          <Button asChild variant="primary">
            <Link to="/">Go to the start</Link>
          </Button>
        }
      />
    </div>
  );
}
