/**
 * The consent text format, read exactly as the server reads it for the PDF and the patient's
 * phone (`src/consents/text.rs`), so the preview shows what the patient will see:
 *
 * - `# Heading` is level 1; `##` to `######` are level 2.
 * - `- ` or `* ` starts a bullet item; `1. ` or `1) ` a numbered one. A non-blank line right
 *   after an item continues it.
 * - Other consecutive non-blank lines make one paragraph, joined with single spaces.
 * - Blank lines separate blocks; `**bold**` works inside any of them.
 */

export interface Span {
  text: string;
  bold: boolean;
}

export type Block =
  | { type: "heading"; level: 1 | 2; text: Span[] }
  | { type: "paragraph"; text: Span[] }
  | { type: "bullets"; items: Span[][] }
  | { type: "numbered"; items: Span[][] };

type Line =
  | { type: "blank" }
  | { type: "heading"; level: 1 | 2; text: string }
  | { type: "item"; numbered: boolean; text: string }
  | { type: "text"; text: string };

type Open = { type: "paragraph"; lines: string[] } | { type: "list"; numbered: boolean; items: string[][] };

const isSpace = (c: string | undefined) => c !== undefined && /\s/.test(c);

/** The text after a marker of `length` characters, if whitespace or the line's end follows it. */
function afterMarker(line: string, length: number): string | null {
  const rest = line.slice(length);
  return rest === "" || isSpace(rest[0]) ? rest.trimStart() : null;
}

/** `## Title ##` is `Title`, as in Markdown; `C#` stays `C#`. */
function stripClosingHashes(text: string): string {
  const stripped = text.replace(/#+$/, "");
  if (stripped === "") return "";
  if (stripped.length < text.length && isSpace(stripped.at(-1))) return stripped.trimEnd();
  return text;
}

function classify(raw: string): Line {
  const line = raw.trim();
  if (!line) return { type: "blank" };
  const hashes = /^#*/.exec(line)?.[0].length ?? 0;
  if (hashes >= 1 && hashes <= 6) {
    const text = afterMarker(line, hashes);
    if (text !== null)
      return { type: "heading", level: hashes === 1 ? 1 : 2, text: stripClosingHashes(text) };
  }
  if (line[0] === "-" || line[0] === "*") {
    const text = afterMarker(line, 1);
    if (text !== null) return { type: "item", numbered: false, text };
  }
  const digits = /^\d*/.exec(line)?.[0].length ?? 0;
  if (digits >= 1 && digits <= 9 && (line[digits] === "." || line[digits] === ")")) {
    const text = afterMarker(line, digits + 1);
    if (text !== null) return { type: "item", numbered: true, text };
  }
  return { type: "text", text: line };
}

function pushSpan(out: Span[], text: string, bold: boolean) {
  if (!text) return;
  const last = out.at(-1);
  if (last && last.bold === bold) last.text += text;
  else out.push({ text, bold });
}

/** Splits text at its `**` pairs, by Markdown's rule: an opener has text right after it, a closer
 * text right before it, and anything left unpaired stays literal (so `2 ** 3` is not bold). */
export function spans(text: string): Span[] {
  const pairs: [number, number][] = [];
  let opener: number | null = null;
  let at = 0;
  for (;;) {
    const start = text.indexOf("**", at);
    if (start < 0) break;
    const end = start + 2;
    const before = start > 0 ? text[start - 1] : undefined;
    const after = text[end];
    const canOpen = after !== undefined && !isSpace(after);
    const canClose = before !== undefined && !isSpace(before);
    if (opener !== null && canClose && start > opener + 2) {
      pairs.push([opener, start]);
      opener = null;
    } else if (canOpen) {
      opener = start;
    }
    at = end;
  }
  const out: Span[] = [];
  let from = 0;
  for (const [open, close] of pairs) {
    pushSpan(out, text.slice(from, open), false);
    pushSpan(out, text.slice(open + 2, close), true);
    from = close + 2;
  }
  pushSpan(out, text.slice(from), false);
  return out;
}

function flush(open: Open | null, out: Block[]) {
  if (!open) return;
  if (open.type === "paragraph") {
    const text = spans(open.lines.join(" "));
    if (text.length) out.push({ type: "paragraph", text });
    return;
  }
  const items = open.items.map((lines) => spans(lines.join(" "))).filter((item) => item.length);
  if (items.length) out.push({ type: open.numbered ? "numbered" : "bullets", items });
}

/** The blocks of a consent body, in order. Blocks without text are dropped. */
export function blocks(body: string): Block[] {
  const out: Block[] = [];
  let open: Open | null = null;
  for (const raw of body.split(/\r?\n/)) {
    const line = classify(raw);
    if (line.type === "blank") {
      flush(open, out);
      open = null;
    } else if (line.type === "heading") {
      flush(open, out);
      open = null;
      const text = spans(line.text);
      if (text.length) out.push({ type: "heading", level: line.level, text });
    } else if (line.type === "item") {
      if (open?.type === "list" && open.numbered === line.numbered) {
        open.items.push([line.text]);
      } else {
        flush(open, out);
        open = { type: "list", numbered: line.numbered, items: [[line.text]] };
      }
    } else if (open?.type === "paragraph") {
      open.lines.push(line.text);
    } else if (open?.type === "list") {
      open.items.at(-1)?.push(line.text);
    } else {
      open = { type: "paragraph", lines: [line.text] };
    }
  }
  flush(open, out);
  return out;
}
