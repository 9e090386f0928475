import { useQuery, useQueryClient } from "@tanstack/react-query";
import { getRouteApi, useNavigate } from "@tanstack/react-router";
import { KeyRound } from "lucide-react";
import { type FormEvent, useEffect, useState } from "react";
import { api, setCsrfToken } from "@/api/client";
import { type ApiProblem, asProblem } from "@/api/problem";
import { Button } from "@/components/ui/button";
import { Field } from "@/components/ui/field";
import { Input } from "@/components/ui/input";
import { Skeleton } from "@/components/ui/skeleton";
import { applyBrand, clinicQuery, meQuery } from "@/lib/session";

const route = getRouteApi("/login");

export function LoginPage() {
  const { returnTo, expired } = route.useSearch();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const clinic = useQuery(clinicQuery);
  const [email, setEmail] = useState("");
  const [password, setPassword] = useState("");
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState<ApiProblem | null>(null);

  useEffect(() => applyBrand(clinic.data?.brandColor), [clinic.data?.brandColor]);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    setProblem(null);
    try {
      const { data } = await api.POST("/auth/login", { body: { email, password } });
      if (data) {
        setCsrfToken(data.csrfToken);
        queryClient.setQueryData(meQuery.queryKey, data);
      }
      await navigate({ to: returnTo ?? "/" });
    } catch (error) {
      setProblem(asProblem(error));
      setBusy(false);
    }
  };

  const ssoHref = `/auth/oidc/start${returnTo ? `?returnTo=${encodeURIComponent(returnTo)}` : ""}`;
  const generalError = problem && !problem.fields.length ? problem.message : null;

  return (
    <div className="grid min-h-dvh place-items-center bg-canvas px-4 py-10">
      <div className="w-full max-w-sm">
        <div className="mb-8 flex flex-col items-center text-center">
          <span className="mb-4 flex size-12 items-center justify-center rounded-2xl bg-brand text-lg font-semibold text-white shadow-sm">
            {clinic.data?.name.slice(0, 1) ?? "C"}
          </span>
          {clinic.data ? (
            <h1 className="text-xl font-semibold tracking-tight">{clinic.data.name}</h1>
          ) : (
            <Skeleton className="h-7 w-44" />
          )}
          <p className="mt-1 text-sm text-muted">Sign in to continue</p>
        </div>

        <div className="rounded-2xl border border-line bg-surface p-6 shadow-card">
          {expired ? (
            <p className="mb-4 rounded-lg bg-warning-soft px-3 py-2 text-[13px] text-warning">
              Your session ended. Sign in again to pick up where you left off.
            </p>
          ) : null}
          <form onSubmit={submit} className="flex flex-col gap-4" noValidate>
            <Field label="Email" error={problem?.field("email")}>
              <Input
                type="email"
                autoComplete="username"
                inputMode="email"
                autoFocus
                value={email}
                onChange={(e) => setEmail(e.target.value)}
              />
            </Field>
            <Field label="Password" error={problem?.field("password")}>
              <Input
                type="password"
                autoComplete="current-password"
                value={password}
                onChange={(e) => setPassword(e.target.value)}
              />
            </Field>
            {generalError ? (
              <p role="alert" className="rounded-lg bg-danger-soft px-3 py-2 text-[13px] text-danger">
                {generalError}
              </p>
            ) : null}
            <Button type="submit" variant="primary" size="lg" busy={busy} className="w-full justify-center">
              Sign in
            </Button>
          </form>
          {clinic.data?.ssoEnabled ? (
            <>
              <div className="my-5 flex items-center gap-3 text-xs text-faint">
                <span className="h-px flex-1 bg-line" /> or <span className="h-px flex-1 bg-line" />
              </div>
              <Button asChild size="lg" className="w-full justify-center">
                <a href={ssoHref}>
                  <KeyRound className="size-4" aria-hidden="true" />
                  {clinic.data.ssoLabel ?? "Sign in with SSO"}
                </a>
              </Button>
            </>
          ) : null}
        </div>
        <p className="mt-6 text-center text-xs text-faint">
          Forgot your password? Ask your clinic’s owner to reset it.
        </p>
      </div>
    </div>
  );
}
