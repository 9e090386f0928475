import { QueryClientProvider } from "@tanstack/react-query";
import { RouterProvider } from "@tanstack/react-router";
import { StrictMode } from "react";
import { createRoot } from "react-dom/client";
import { whenSessionEnds } from "@/api/client";
import { makeRouter } from "@/app/router";
import { ToastProvider } from "@/components/ui/toast";
import { TooltipProvider } from "@/components/ui/tooltip";
import { makeQueryClient } from "@/lib/query-client";
import "./styles.css";

const queryClient = makeQueryClient();
const router = makeRouter(queryClient);

// However a session ends (timeout, sign-out elsewhere, deactivation), go to sign-in and come
// back to the same place afterwards.
whenSessionEnds(() => {
  const here = window.location.pathname + window.location.search;
  if (window.location.pathname === "/login") return;
  queryClient.clear();
  void router.navigate({ to: "/login", search: { returnTo: here, expired: true } });
});

const root = document.getElementById("root");
if (root) {
  createRoot(root).render(
    <StrictMode>
      <QueryClientProvider client={queryClient}>
        <TooltipProvider delayDuration={400}>
          <ToastProvider>
            <RouterProvider router={router} />
          </ToastProvider>
        </TooltipProvider>
      </QueryClientProvider>
    </StrictMode>,
  );
}
