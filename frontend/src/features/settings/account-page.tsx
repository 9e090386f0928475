import { useQueryClient } from "@tanstack/react-query";
import { KeyRound } from "lucide-react";
import { type FormEvent, useState } from "react";
import { api, setCsrfToken } from "@/api/client";
import { type ApiProblem, asProblem } from "@/api/problem";
import { Button } from "@/components/ui/button";
import { Card, CardHeader } from "@/components/ui/card";
import { Field } from "@/components/ui/field";
import { Input } from "@/components/ui/input";
import { useToast } from "@/components/ui/toast";
import { meQuery, useMe } from "@/lib/session";

const ROLE: Record<string, string> = {
  owner: "Owner",
  provider: "Provider",
  front_desk: "Front desk",
  billing: "Billing",
  medical_director: "Medical director",
  read_only: "Read-only",
};

export function AccountPage() {
  const me = useMe();
  return (
    <div className="flex flex-col gap-5">
      <Card>
        <CardHeader title="Your account" />
        <dl className="grid grid-cols-1 gap-4 p-5 sm:grid-cols-3">
          <div>
            <dt className="text-xs font-medium text-muted">Name</dt>
            <dd className="mt-0.5 text-sm">
              {me.user?.displayName ?? me.apiToken?.name}
              {me.user?.credentials ? `, ${me.user.credentials}` : ""}
            </dd>
          </div>
          <div>
            <dt className="text-xs font-medium text-muted">Email</dt>
            <dd className="mt-0.5 text-sm">{me.user?.email ?? "—"}</dd>
          </div>
          <div>
            <dt className="text-xs font-medium text-muted">Role</dt>
            <dd className="mt-0.5 text-sm">{ROLE[me.role] ?? me.role}</dd>
          </div>
        </dl>
      </Card>
      {me.user ? <PasswordCard /> : null}
    </div>
  );
}

/** Change the password; also the whole screen for someone still on a temporary one. */
export function PasswordCard({ required = false }: { required?: boolean }) {
  const queryClient = useQueryClient();
  const toast = useToast();
  const [current, setCurrent] = useState("");
  const [next, setNext] = useState("");
  const [repeat, setRepeat] = useState("");
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState<ApiProblem | null>(null);
  const mismatch = repeat.length > 0 && next !== repeat;

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (mismatch) return;
    setBusy(true);
    setProblem(null);
    try {
      const { data } = await api.POST("/me/password", {
        body: { currentPassword: current, newPassword: next },
      });
      if (data) {
        setCsrfToken(data.csrfToken);
        queryClient.setQueryData(meQuery.queryKey, data);
      }
      setCurrent("");
      setNext("");
      setRepeat("");
      toast.success("Password changed", "Other devices have been signed out.");
    } catch (e) {
      setProblem(asProblem(e));
    } finally {
      setBusy(false);
    }
  };

  return (
    <Card>
      <CardHeader
        title={required ? "Choose your own password" : "Password"}
        description={
          required
            ? "You signed in with a temporary password. Choose one only you know to carry on."
            : "Changing it signs you out everywhere else."
        }
      />
      <form onSubmit={(e) => void submit(e)} className="grid grid-cols-1 gap-4 p-5 sm:grid-cols-3" noValidate>
        <Field
          label={required ? "Temporary password" : "Current password"}
          error={problem?.field("currentPassword")}
        >
          <Input
            type="password"
            autoComplete="current-password"
            value={current}
            onChange={(e) => setCurrent(e.target.value)}
          />
        </Field>
        <Field label="New password" hint="At least 10 characters." error={problem?.field("newPassword")}>
          <Input
            type="password"
            autoComplete="new-password"
            value={next}
            onChange={(e) => setNext(e.target.value)}
          />
        </Field>
        <Field label="New password again" error={mismatch ? "The two don’t match." : undefined}>
          <Input
            type="password"
            autoComplete="new-password"
            value={repeat}
            onChange={(e) => setRepeat(e.target.value)}
          />
        </Field>
        {problem && !problem.fields.length ? (
          <p
            role="alert"
            className="rounded-lg bg-danger-soft px-3 py-2 text-[13px] text-danger sm:col-span-3"
          >
            {problem.message}
          </p>
        ) : null}
        <div className="flex justify-end sm:col-span-3">
          <Button type="submit" variant="primary" busy={busy} disabled={!current || !next || mismatch}>
            <KeyRound className="size-4" aria-hidden="true" /> Change password
          </Button>
        </div>
      </form>
    </Card>
  );
}
