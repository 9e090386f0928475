import { cn } from "@/lib/cn";

const palette = ["#6d5bd0", "#0c8599", "#d6336c", "#2f9e44", "#e8590c", "#1c7ed6", "#ae3ec9", "#5c7cfa"];

/** The initials' colour: the tint darkened until it reads on its own pale background (WCAG AA). */
function ink(color: string) {
  const n = Number.parseInt(color.slice(1), 16);
  const dark = (shift: number) => Math.round(((n >> shift) & 0xff) * 0.75);
  return `rgb(${dark(16)} ${dark(8)} ${dark(0)})`;
}

function hue(seed: string) {
  let h = 0;
  for (const ch of seed) h = (h * 31 + ch.charCodeAt(0)) >>> 0;
  return palette[h % palette.length];
}

export function Avatar({
  name,
  seed,
  size = "md",
}: {
  name: string;
  seed?: string;
  size?: "sm" | "md" | "lg";
}) {
  const initials = name
    .split(/\s+/)
    .filter(Boolean)
    .slice(0, 2)
    .map((w) => w[0]?.toUpperCase())
    .join("");
  const color = hue(seed ?? name) ?? "#6d5bd0";
  return (
    <span
      aria-hidden="true"
      className={cn(
        "inline-flex shrink-0 items-center justify-center rounded-full font-semibold",
        size === "sm" && "size-7 text-[11px]",
        size === "md" && "size-9 text-[13px]",
        size === "lg" && "size-14 text-lg",
      )}
      style={{ backgroundColor: `${color}1f`, color: ink(color) }}
    >
      {initials}
    </span>
  );
}
