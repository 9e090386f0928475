import { useEffect, useRef } from "react";
import { Button, type ButtonProps } from "@/components/ui/button";
import { Kbd } from "@/components/ui/kbd";
import { cn } from "@/lib/cn";

/**
 * The checkout screen's frame: the lines across the top; discount and notes beside the totals
 * on an iPad; the totals and payments in a column that stays in view on wide screens. On a
 * phone the primary action also sits in a bar at the bottom of the screen, always in reach.
 */
export function InvoiceLayout({
  header,
  notices,
  lines,
  details,
  side,
  bar,
}: {
  header: React.ReactNode;
  notices?: React.ReactNode;
  lines: React.ReactNode;
  details?: React.ReactNode;
  side: React.ReactNode;
  bar?: React.ReactNode;
}) {
  return (
    <>
      <div
        className={cn(
          "mx-auto flex max-w-6xl flex-col gap-4 px-4 pt-5 sm:px-8 print:hidden",
          bar ? "pb-28 md:pb-16" : "pb-16",
        )}
      >
        {header}
        {notices}
        <div
          className={cn(
            "grid items-start gap-4",
            "md:grid-cols-2 md:[grid-template-areas:'lines_lines'_'details_side']",
            "xl:grid-cols-[minmax(0,1fr)_22rem] xl:[grid-template-areas:'lines_side'_'details_side']",
          )}
        >
          <div className="min-w-0 md:[grid-area:lines]">{lines}</div>
          {details ? (
            <div className="flex min-w-0 flex-col gap-4 md:[grid-area:details]">{details}</div>
          ) : null}
          <div className="flex min-w-0 flex-col gap-4 md:[grid-area:side] xl:sticky xl:top-4">{side}</div>
        </div>
      </div>
      {bar ? (
        <div className="fixed inset-x-0 bottom-0 z-30 border-t border-line bg-surface/95 px-4 pt-3 pb-[max(0.75rem,env(safe-area-inset-bottom))] backdrop-blur md:hidden print:hidden">
          {bar}
        </div>
      ) : null}
    </>
  );
}

const mac = typeof navigator !== "undefined" && /Mac|iPhone|iPad/.test(navigator.platform);

/** Cmd+Enter / Ctrl+Enter runs the screen's primary action (not while a dialog is open). */
export function usePrimaryShortcut(action: () => void, enabled: boolean) {
  const current = useRef(action);
  current.current = action;
  useEffect(() => {
    if (!enabled) return;
    const onKey = (e: KeyboardEvent) => {
      if (e.key !== "Enter" || !(e.metaKey || e.ctrlKey) || e.repeat) return;
      if (document.querySelector('[role="dialog"], [role="alertdialog"]')) return;
      e.preventDefault();
      current.current();
    };
    window.addEventListener("keydown", onKey);
    return () => window.removeEventListener("keydown", onKey);
  }, [enabled]);
}

/** The screen's primary action button, with its shortcut shown where there is a keyboard. */
export function PrimaryButton({ children, className, variant = "primary", ...props }: ButtonProps) {
  return (
    <Button variant={variant} size="lg" className={cn("w-full justify-center", className)} {...props}>
      {children}
      {variant === "primary" ? (
        <span className="ml-1 hidden items-center gap-0.5 lg:flex" aria-hidden="true">
          <Kbd>{mac ? "⌘" : "Ctrl"}</Kbd>
          <Kbd>↵</Kbd>
        </span>
      ) : null}
    </Button>
  );
}
