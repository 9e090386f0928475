import { Tooltip as T } from "radix-ui";
import type { ReactNode } from "react";

export const TooltipProvider = T.Provider;

export function Tooltip({ label, children }: { label: ReactNode; children: ReactNode }) {
  return (
    <T.Root>
      <T.Trigger asChild>{children}</T.Trigger>
      <T.Portal>
        <T.Content
          sideOffset={6}
          className="z-50 rounded-md bg-ink px-2 py-1 text-xs text-white shadow-pop data-[state=delayed-open]:animate-in"
        >
          {label}
        </T.Content>
      </T.Portal>
    </T.Root>
  );
}
