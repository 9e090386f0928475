import { cn } from "@/lib/cn";
import { PAD_HEIGHT, PAD_WIDTH } from "./pad";

/** Each stroke as SVG points, keyed by its points (and how often the same stroke came before). */
function shapes(strokes: number[][][]) {
  const seen = new Map<string, number>();
  return strokes.map((stroke) => {
    const points = stroke.map(([x, y]) => `${x},${y}`).join(" ");
    const n = (seen.get(points) ?? 0) + 1;
    seen.set(points, n);
    return { stroke, points, key: `${n}:${points}` };
  });
}

/** A signed copy's strokes, drawn as they were signed (pad coordinates, scaled to fit). */
export function SignatureImage({
  strokes,
  label,
  className,
}: {
  strokes: number[][][];
  label: string;
  className?: string;
}) {
  return (
    <svg
      viewBox={`0 0 ${PAD_WIDTH} ${PAD_HEIGHT}`}
      role="img"
      aria-label={label}
      className={cn("aspect-[3/1] w-full rounded-xl border border-line bg-surface", className)}
    >
      <line
        x1={PAD_WIDTH * 0.06}
        x2={PAD_WIDTH * 0.94}
        y1={PAD_HEIGHT * 0.76}
        y2={PAD_HEIGHT * 0.76}
        stroke="var(--color-line-strong)"
        strokeWidth={4}
      />
      {shapes(strokes).map(({ stroke, points, key }) => {
        const [x, y] = stroke[0] ?? [];
        return stroke.length === 1 && x !== undefined && y !== undefined ? (
          <circle key={key} cx={x} cy={y} r={6} fill="#1b2a4a" />
        ) : (
          <polyline
            key={key}
            points={points}
            fill="none"
            stroke="#1b2a4a"
            strokeWidth={9}
            strokeLinecap="round"
            strokeLinejoin="round"
          />
        );
      })}
    </svg>
  );
}
