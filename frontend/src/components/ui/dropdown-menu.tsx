import { DropdownMenu as M } from "radix-ui";
import type { ComponentProps, ReactNode } from "react";
import { cn } from "@/lib/cn";

export const DropdownMenu = M.Root;
export const DropdownMenuTrigger = M.Trigger;

export function DropdownMenuContent({
  children,
  align = "end",
}: {
  children: ReactNode;
  align?: "start" | "end";
}) {
  return (
    <M.Portal>
      <M.Content
        align={align}
        sideOffset={6}
        className="z-50 min-w-52 rounded-xl border border-line bg-surface p-1 shadow-pop data-[state=open]:animate-in"
      >
        {children}
      </M.Content>
    </M.Portal>
  );
}

export function DropdownMenuItem({ className, ...props }: ComponentProps<typeof M.Item>) {
  return (
    <M.Item
      className={cn(
        "flex h-9 cursor-default select-none items-center gap-2 rounded-lg px-2.5 text-sm text-ink-soft outline-none data-[highlighted]:bg-black/5 data-[highlighted]:text-ink",
        className,
      )}
      {...props}
    />
  );
}

export function DropdownMenuLabel({ children }: { children: ReactNode }) {
  return <M.Label className="px-2.5 pt-2 pb-1.5 text-xs text-muted">{children}</M.Label>;
}

export const DropdownMenuSeparator = () => <M.Separator className="my-1 h-px bg-line" />;
