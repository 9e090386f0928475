import { cloneElement, type ReactElement, useId } from "react";
import { cn } from "@/lib/cn";

interface FieldProps {
  label: string;
  error?: string | undefined;
  hint?: string;
  optional?: boolean;
  className?: string;
  children: ReactElement<{ id?: string; "aria-invalid"?: boolean; "aria-describedby"?: string }>;
}

/** A labelled control with its hint or error, wired for screen readers. */
export function Field({ label, error, hint, optional, className, children }: FieldProps) {
  const id = useId();
  const note = `${id}-note`;
  return (
    <div className={cn("flex flex-col gap-1.5", className)}>
      <label htmlFor={id} className="text-[13px] font-medium text-ink-soft">
        {label}
        {optional ? <span className="ml-1 font-normal text-muted">optional</span> : null}
      </label>
      {cloneElement(children, {
        id,
        "aria-invalid": error ? true : undefined,
        "aria-describedby": error || hint ? note : undefined,
      })}
      {error ? (
        <p id={note} className="text-[13px] text-danger">
          {error}
        </p>
      ) : hint ? (
        <p id={note} className="text-[13px] text-muted">
          {hint}
        </p>
      ) : null}
    </div>
  );
}
