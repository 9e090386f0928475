import { AlertTriangle, CheckCircle2, X, XCircle } from "lucide-react";
import { Toast as T } from "radix-ui";
import { createContext, type ReactNode, useCallback, useContext, useMemo, useState } from "react";
import { asProblem } from "@/api/problem";
import { cn } from "@/lib/cn";

interface ToastMessage {
  id: number;
  tone: "success" | "warning" | "error";
  title: string;
  detail?: string | undefined;
}

interface ToastApi {
  success: (title: string, detail?: string) => void;
  /** Done, but worth a second look (booked outside someone's hours, say). */
  warning: (title: string, detail?: string) => void;
  /** Shows an error with the server's message and request id. */
  error: (error: unknown, title?: string) => void;
}

const ToastContext = createContext<ToastApi | null>(null);

export function useToast(): ToastApi {
  const api = useContext(ToastContext);
  if (!api) throw new Error("useToast outside ToastProvider");
  return api;
}

let next = 1;

export function ToastProvider({ children }: { children: ReactNode }) {
  const [toasts, setToasts] = useState<ToastMessage[]>([]);
  const push = useCallback(
    (t: Omit<ToastMessage, "id">) => setToasts((all) => [...all, { ...t, id: next++ }]),
    [],
  );
  const api = useMemo<ToastApi>(
    () => ({
      success: (title, detail) => push({ tone: "success", title, detail }),
      warning: (title, detail) => push({ tone: "warning", title, detail }),
      error: (error, title) => {
        const p = asProblem(error);
        push({
          tone: "error",
          title: title ?? p.message,
          detail: [title ? p.message : null, p.requestId ? `Request id ${p.requestId}` : null]
            .filter(Boolean)
            .join(" · "),
        });
      },
    }),
    [push],
  );
  return (
    <ToastContext.Provider value={api}>
      <T.Provider swipeDirection="right" duration={5000}>
        {children}
        {toasts.map((t) => (
          <T.Root
            key={t.id}
            onOpenChange={(open) => !open && setToasts((all) => all.filter((x) => x.id !== t.id))}
            className="flex items-start gap-3 rounded-xl border border-line bg-surface p-3.5 shadow-pop data-[state=open]:animate-in"
          >
            {t.tone === "success" ? (
              <CheckCircle2 className="mt-0.5 size-4 shrink-0 text-success" aria-hidden="true" />
            ) : t.tone === "warning" ? (
              <AlertTriangle className="mt-0.5 size-4 shrink-0 text-warning" aria-hidden="true" />
            ) : (
              <XCircle className="mt-0.5 size-4 shrink-0 text-danger" aria-hidden="true" />
            )}
            <div className="min-w-0 flex-1">
              <T.Title className="text-sm font-medium text-ink">{t.title}</T.Title>
              {t.detail ? (
                <T.Description className={cn("mt-0.5 text-[13px] text-muted", "break-words")}>
                  {t.detail}
                </T.Description>
              ) : null}
            </div>
            <T.Close className="rounded p-0.5 text-muted hover:text-ink" aria-label="Dismiss">
              <X className="size-3.5" />
            </T.Close>
          </T.Root>
        ))}
        <T.Viewport className="fixed right-4 bottom-4 z-[60] flex w-[min(24rem,calc(100vw-2rem))] flex-col gap-2 outline-none" />
      </T.Provider>
    </ToastContext.Provider>
  );
}
