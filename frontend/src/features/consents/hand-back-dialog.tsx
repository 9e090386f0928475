import { LockKeyhole } from "lucide-react";
import { type FormEvent, useEffect, useState } from "react";
import { asProblem } from "@/api/problem";
import { Button } from "@/components/ui/button";
import { Dialog, DialogContent } from "@/components/ui/dialog";
import { Field } from "@/components/ui/field";
import { Input } from "@/components/ui/input";
import { useMe } from "@/lib/session";
import { useConfirmPassword } from "./api";

/** Staff take the device back by typing their password: the patient can't leave signing mode
 * and wander into the clinic's records. */
export function HandBackDialog({
  open,
  onOpenChange,
  onConfirmed,
}: {
  open: boolean;
  onOpenChange: (open: boolean) => void;
  onConfirmed: () => void;
}) {
  const me = useMe();
  const confirm = useConfirmPassword();
  const [password, setPassword] = useState("");
  const reset = confirm.reset;
  useEffect(() => {
    if (open) {
      setPassword("");
      reset();
    }
  }, [open, reset]);
  const problem = confirm.error ? asProblem(confirm.error) : null;
  const submit = (e: FormEvent) => {
    e.preventDefault();
    confirm.mutate(password, {
      onSuccess: onConfirmed,
      onError: () => setPassword(""),
    });
  };
  const who = me.user?.displayName ?? "the staff member signed in";
  return (
    <Dialog open={open} onOpenChange={onOpenChange}>
      <DialogContent title="Staff only" description={`To leave signing mode, ${who} enters their password.`}>
        <form onSubmit={submit} className="flex flex-col gap-4" noValidate>
          <Field
            label="Password"
            error={
              problem?.field("password") ?? (problem && !problem.fields.length ? problem.message : undefined)
            }
          >
            <Input
              type="password"
              autoFocus
              autoComplete="current-password"
              value={password}
              onChange={(e) => setPassword(e.target.value)}
              className="h-11 text-base"
            />
          </Field>
          <div className="flex justify-end gap-2">
            <Button type="button" variant="ghost" size="lg" onClick={() => onOpenChange(false)}>
              Back to signing
            </Button>
            <Button type="submit" variant="primary" size="lg" disabled={!password} busy={confirm.isPending}>
              <LockKeyhole className="size-4" aria-hidden="true" /> Unlock
            </Button>
          </div>
        </form>
      </DialogContent>
    </Dialog>
  );
}
