import { type FormEvent, useEffect, useState } from "react";
import type { ApiProblem } from "@/api/problem";
import { Button } from "@/components/ui/button";
import { Dialog, DialogContent } from "@/components/ui/dialog";
import { Field } from "@/components/ui/field";
import { Textarea } from "@/components/ui/input";

/** Asks why before something is voided: the reason is kept with the record. */
export function ReasonDialog({
  open,
  onOpenChange,
  title,
  description,
  confirm,
  placeholder,
  busy,
  problem,
  onSubmit,
}: {
  open: boolean;
  onOpenChange: (open: boolean) => void;
  title: string;
  description: string;
  confirm: string;
  placeholder?: string;
  busy: boolean;
  problem: ApiProblem | null;
  onSubmit: (reason: string) => void;
}) {
  const [reason, setReason] = useState("");
  useEffect(() => {
    if (open) setReason("");
  }, [open]);
  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (reason.trim()) onSubmit(reason.trim());
  };
  return (
    <Dialog open={open} onOpenChange={onOpenChange}>
      <DialogContent title={title} description={description}>
        <form onSubmit={submit} className="flex flex-col gap-4">
          <Field
            label="Reason"
            error={
              problem?.field("reason") ?? (problem && !problem.fields.length ? problem.message : undefined)
            }
          >
            <Textarea
              autoFocus
              value={reason}
              onChange={(e) => setReason(e.target.value)}
              onKeyDown={(e) => {
                // Enter confirms; Shift+Enter starts a new line.
                if (e.key === "Enter" && !e.shiftKey) {
                  e.preventDefault();
                  e.currentTarget.form?.requestSubmit();
                }
              }}
              maxLength={500}
              placeholder={placeholder}
              className="min-h-16"
            />
          </Field>
          <div className="flex justify-end gap-2">
            <Button type="button" variant="ghost" onClick={() => onOpenChange(false)}>
              Keep it
            </Button>
            <Button type="submit" variant="danger" busy={busy} disabled={!reason.trim()}>
              {confirm}
            </Button>
          </div>
        </form>
      </DialogContent>
    </Dialog>
  );
}
