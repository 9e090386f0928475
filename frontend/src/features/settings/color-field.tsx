import { Check } from "lucide-react";
import { cn } from "@/lib/cn";
import { SWATCHES } from "./api";

/** A colour for the calendar: a few that work well, or any other. */
export function ColorField({
  value,
  onChange,
  label,
}: {
  value: string;
  onChange: (color: string) => void;
  label: string;
}) {
  return (
    <fieldset className="flex flex-col gap-1.5">
      <legend className="mb-1.5 text-[13px] font-medium text-ink-soft">{label}</legend>
      <div className="flex flex-wrap items-center gap-1.5">
        {SWATCHES.map((c) => (
          <button
            key={c}
            type="button"
            aria-label={c}
            aria-pressed={value.toLowerCase() === c}
            onClick={() => onChange(c)}
            className={cn(
              "flex size-7 items-center justify-center rounded-full ring-offset-2 transition",
              value.toLowerCase() === c ? "ring-2 ring-ink/60" : "hover:scale-110",
            )}
            style={{ backgroundColor: c }}
          >
            {value.toLowerCase() === c ? <Check className="size-3.5 text-white" aria-hidden="true" /> : null}
          </button>
        ))}
        <label className="ml-1 flex items-center gap-1.5 text-[13px] text-muted">
          <input
            type="color"
            value={value}
            onChange={(e) => onChange(e.target.value)}
            className="size-7 cursor-pointer rounded border border-line bg-surface p-0.5"
            aria-label="Another colour"
          />
          Other
        </label>
      </div>
    </fieldset>
  );
}
