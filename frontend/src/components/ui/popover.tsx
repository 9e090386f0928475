import { Popover as P } from "radix-ui";
import type { ReactNode } from "react";
import { cn } from "@/lib/cn";

export const Popover = P.Root;
export const PopoverTrigger = P.Trigger;
export const PopoverClose = P.Close;

export function PopoverContent({
  children,
  className,
  align = "start",
}: {
  children: ReactNode;
  className?: string;
  align?: "start" | "center" | "end";
}) {
  return (
    <P.Portal>
      <P.Content
        align={align}
        sideOffset={6}
        collisionPadding={12}
        className={cn(
          "z-50 w-72 rounded-xl border border-line bg-surface p-2 shadow-pop outline-none data-[state=open]:animate-in",
          className,
        )}
      >
        {children}
      </P.Content>
    </P.Portal>
  );
}
