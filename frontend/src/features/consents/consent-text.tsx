import { useMemo } from "react";
import { cn } from "@/lib/cn";
import { type Block, blocks, type Span } from "./text-format";

/** Each piece with a key that is stable for the same text (pieces never reorder). */
function keyed<T>(items: T[], prefix: string): { item: T; key: string }[] {
  return items.map((item, n) => ({ item, key: `${prefix}${n}` }));
}

function Spans({ spans }: { spans: Span[] }) {
  return keyed(spans, "s").map(({ item, key }) =>
    item.bold ? (
      <strong key={key} className="font-semibold text-ink">
        {item.text}
      </strong>
    ) : (
      <span key={key}>{item.text}</span>
    ),
  );
}

type Level = 2 | 3;

/** The element for a `#` (level 1) or `##` (level 2) heading under a page whose own title sits
 * just above `level`. */
const HEADINGS = { 2: ["h2", "h3"], 3: ["h3", "h4"] } as const;

function BlockView({ block, lg, level }: { block: Block; lg: boolean; level: Level }) {
  switch (block.type) {
    case "heading": {
      const Heading = HEADINGS[level][block.level - 1] ?? "h4";
      return (
        <Heading
          className={cn(
            "font-semibold text-ink",
            block.level === 1 ? (lg ? "mt-2 text-2xl" : "mt-1 text-base") : lg ? "mt-1 text-xl" : "text-sm",
          )}
        >
          <Spans spans={block.text} />
        </Heading>
      );
    }
    case "paragraph":
      return (
        <p>
          <Spans spans={block.text} />
        </p>
      );
    case "bullets":
    case "numbered": {
      const List = block.type === "bullets" ? "ul" : "ol";
      return (
        <List
          className={cn(
            "flex flex-col pl-6",
            lg ? "gap-2" : "gap-1",
            block.type === "bullets" ? "list-disc" : "list-decimal",
          )}
        >
          {keyed(block.items, "i").map(({ item, key }) => (
            <li key={key} className="pl-1">
              <Spans spans={item} />
            </li>
          ))}
        </List>
      );
    }
  }
}

/**
 * A consent body as React elements: headings, paragraphs, lists and bold, every piece of text
 * rendered as text (never as HTML). `size="lg"` is the patient's reading size on the iPad;
 * `headingLevel` is the level of the body's `#` headings under the page's own title.
 */
export function ConsentText({
  body,
  size = "md",
  headingLevel = 3,
  className,
}: {
  body: string;
  size?: "md" | "lg";
  headingLevel?: Level;
  className?: string;
}) {
  const parsed = useMemo(() => keyed(blocks(body), "b"), [body]);
  const lg = size === "lg";
  return (
    <div
      className={cn(
        "flex flex-col text-ink-soft",
        lg ? "gap-4 text-lg leading-relaxed" : "gap-3 text-sm leading-relaxed",
        className,
      )}
    >
      {parsed.map(({ item, key }) => (
        <BlockView key={key} block={item} lg={lg} level={headingLevel} />
      ))}
    </div>
  );
}
