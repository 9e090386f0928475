//! The consent text format: plain text with a small Markdown subset.
//!
//! Clinics write consent bodies in a textarea, so the format is what people type there:
//!
//! - `# Heading` is a level-1 heading; `## Heading` to `###### Heading` are level 2 (a consent
//!   needs no deeper outline, and the page has its own title above these).
//! - Lines starting `- ` or `* ` are bullet items; `1. ` or `1) ` (any number) numbered items.
//!   A non-blank line right after an item continues it, as in Markdown.
//! - Other consecutive non-blank lines make one paragraph, joined with single spaces.
//! - Blank lines separate blocks.
//! - `**bold**` inside any of these; a `**` that opens or closes nothing stays literal.
//!
//! Anything else, HTML included, is text. [`to_html`] escapes all of it, so a body can be shown
//! in a page without a sanitizer; the PDF renderer (`consents::pdf`) reads [`blocks`].

use std::fmt::Write as _;

/// One block of a consent body.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Block {
    /// `level` is 1 for `#`, 2 for deeper headings.
    Heading {
        level: u8,
        text: Vec<Span>,
    },
    Paragraph(Vec<Span>),
    Bullets(Vec<Vec<Span>>),
    /// Items are numbered from 1 in order; the numbers the author typed are not kept.
    Numbered(Vec<Vec<Span>>),
}

/// A run of text, bold or not. Adjacent spans of a block always differ in `bold`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Span {
    pub text: String,
    pub bold: bool,
}

/// The blocks of `body`, in order. Blocks without text (an empty heading or item) are dropped.
pub fn blocks(body: &str) -> Vec<Block> {
    let mut out = Vec::new();
    let mut open: Option<Open<'_>> = None;
    for line in body.lines() {
        match classify(line) {
            Line::Blank => flush(&mut open, &mut out),
            Line::Heading(level, text) => {
                flush(&mut open, &mut out);
                let text = spans(text);
                if !text.is_empty() {
                    out.push(Block::Heading { level, text });
                }
            }
            Line::Item { numbered, text } => match &mut open {
                Some(Open::List { numbered: n, items }) if *n == numbered => items.push(vec![text]),
                _ => {
                    flush(&mut open, &mut out);
                    open = Some(Open::List { numbered, items: vec![vec![text]] });
                }
            },
            Line::Text(text) => match &mut open {
                Some(Open::Paragraph(lines)) => lines.push(text),
                Some(Open::List { items, .. }) => {
                    if let Some(item) = items.last_mut() {
                        item.push(text);
                    }
                }
                None => open = Some(Open::Paragraph(vec![text])),
            },
        }
    }
    flush(&mut open, &mut out);
    out
}

/// `body` as HTML that is safe to put in a page as it is: every piece of text is escaped, and
/// only `<h2>`, `<h3>`, `<p>`, `<ul>`, `<ol>`, `<li>` and `<strong>` are emitted. Level-1
/// headings become `<h2>` because the page around the consent has its own `<h1>`.
pub fn to_html(body: &str) -> String {
    let mut html = String::with_capacity(body.len() + body.len() / 4);
    for (i, block) in blocks(body).iter().enumerate() {
        if i > 0 {
            html.push('\n');
        }
        match block {
            Block::Heading { level, text } => {
                let tag = if *level == 1 { "h2" } else { "h3" };
                let _ = write!(html, "<{tag}>");
                push_spans(&mut html, text);
                let _ = write!(html, "</{tag}>");
            }
            Block::Paragraph(text) => {
                html.push_str("<p>");
                push_spans(&mut html, text);
                html.push_str("</p>");
            }
            Block::Bullets(items) => push_list(&mut html, "ul", items),
            Block::Numbered(items) => push_list(&mut html, "ol", items),
        }
    }
    html
}

/// A block still taking lines: the lines are joined when it is closed.
enum Open<'a> {
    Paragraph(Vec<&'a str>),
    List { numbered: bool, items: Vec<Vec<&'a str>> },
}

fn flush(open: &mut Option<Open<'_>>, out: &mut Vec<Block>) {
    match open.take() {
        None => {}
        Some(Open::Paragraph(lines)) => {
            let text = spans(&lines.join(" "));
            if !text.is_empty() {
                out.push(Block::Paragraph(text));
            }
        }
        Some(Open::List { numbered, items }) => {
            let items: Vec<Vec<Span>> =
                items.iter().map(|lines| spans(&lines.join(" "))).filter(|item| !item.is_empty()).collect();
            if !items.is_empty() {
                out.push(if numbered { Block::Numbered(items) } else { Block::Bullets(items) });
            }
        }
    }
}

/// What one line of the body is; the text it carries is trimmed.
#[derive(Debug, PartialEq, Eq)]
enum Line<'a> {
    Blank,
    Heading(u8, &'a str),
    Item { numbered: bool, text: &'a str },
    Text(&'a str),
}

fn classify(line: &str) -> Line<'_> {
    let line = line.trim();
    if line.is_empty() {
        return Line::Blank;
    }
    let hashes = line.bytes().take_while(|&b| b == b'#').count();
    if (1..=6).contains(&hashes)
        && let Some(text) = after_marker(line, hashes)
    {
        return Line::Heading(if hashes == 1 { 1 } else { 2 }, strip_closing_hashes(text));
    }
    if line.starts_with(['-', '*'])
        && let Some(text) = after_marker(line, 1)
    {
        return Line::Item { numbered: false, text };
    }
    let digits = line.bytes().take_while(u8::is_ascii_digit).count();
    if (1..=9).contains(&digits)
        && matches!(line.as_bytes().get(digits), Some(b'.' | b')'))
        && let Some(text) = after_marker(line, digits + 1)
    {
        return Line::Item { numbered: true, text };
    }
    Line::Text(line)
}

/// The text after a marker of `len` ASCII bytes, if the marker ends the line or is followed by
/// whitespace (so `#hashtag`, `*emphasis*` and `3.5 ml` stay text).
fn after_marker(line: &str, len: usize) -> Option<&str> {
    let rest = &line[len..];
    (rest.is_empty() || rest.starts_with(char::is_whitespace)).then(|| rest.trim_start())
}

/// `## Title ##` is `Title`, as in Markdown; `C#` stays `C#`.
fn strip_closing_hashes(text: &str) -> &str {
    let stripped = text.trim_end_matches('#');
    if stripped.is_empty() {
        ""
    } else if stripped.len() < text.len() && stripped.ends_with(char::is_whitespace) {
        stripped.trim_end()
    } else {
        text
    }
}

/// Splits `text` at its `**` pairs. A `**` can open bold when text follows it without a space,
/// and close it when text precedes it without a space (Markdown's rule, so `2 ** 3` is not
/// bold); each closer pairs with the nearest opener before it if there is text between them,
/// and any `**` left unpaired is kept as text.
fn spans(text: &str) -> Vec<Span> {
    let mut pairs = Vec::new();
    let mut opener: Option<usize> = None;
    let mut at = 0;
    while let Some(found) = text[at..].find("**") {
        let start = at + found;
        let end = start + 2;
        let before = text[..start].chars().next_back();
        let after = text[end..].chars().next();
        let can_open = after.is_some_and(|c| !c.is_whitespace());
        let can_close = before.is_some_and(|c| !c.is_whitespace());
        match opener {
            Some(open) if can_close && start > open + 2 => {
                pairs.push((open, start));
                opener = None;
            }
            _ if can_open => opener = Some(start),
            _ => {}
        }
        at = end;
    }

    let mut out = Vec::new();
    let mut at = 0;
    for (open, close) in pairs {
        push_span(&mut out, &text[at..open], false);
        push_span(&mut out, &text[open + 2..close], true);
        at = close + 2;
    }
    push_span(&mut out, &text[at..], false);
    out
}

fn push_span(out: &mut Vec<Span>, text: &str, bold: bool) {
    if text.is_empty() {
        return;
    }
    match out.last_mut() {
        Some(last) if last.bold == bold => last.text.push_str(text),
        _ => out.push(Span { text: text.to_owned(), bold }),
    }
}

fn push_list(html: &mut String, tag: &str, items: &[Vec<Span>]) {
    let _ = write!(html, "<{tag}>");
    for item in items {
        html.push_str("<li>");
        push_spans(html, item);
        html.push_str("</li>");
    }
    let _ = write!(html, "</{tag}>");
}

fn push_spans(html: &mut String, spans: &[Span]) {
    for span in spans {
        if span.bold {
            html.push_str("<strong>");
            push_escaped(html, &span.text);
            html.push_str("</strong>");
        } else {
            push_escaped(html, &span.text);
        }
    }
}

fn push_escaped(html: &mut String, text: &str) {
    for c in text.chars() {
        match c {
            '&' => html.push_str("&amp;"),
            '<' => html.push_str("&lt;"),
            '>' => html.push_str("&gt;"),
            '"' => html.push_str("&quot;"),
            '\'' => html.push_str("&#39;"),
            c => html.push(c),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn plain(text: &str) -> Span {
        Span { text: text.into(), bold: false }
    }

    fn bold(text: &str) -> Span {
        Span { text: text.into(), bold: true }
    }

    #[test]
    fn headings_have_two_levels() {
        assert_eq!(
            blocks("# Botox\n## Risks\n### Rare risks\n###### Deep"),
            vec![
                Block::Heading { level: 1, text: vec![plain("Botox")] },
                Block::Heading { level: 2, text: vec![plain("Risks")] },
                Block::Heading { level: 2, text: vec![plain("Rare risks")] },
                Block::Heading { level: 2, text: vec![plain("Deep")] },
            ]
        );
    }

    #[test]
    fn hashes_that_are_not_headings_stay_text() {
        assert_eq!(blocks("#hashtag"), vec![Block::Paragraph(vec![plain("#hashtag")])]);
        assert_eq!(blocks("####### seven"), vec![Block::Paragraph(vec![plain("####### seven")])]);
        assert_eq!(blocks("## Title ##"), vec![Block::Heading { level: 2, text: vec![plain("Title")] }]);
        assert_eq!(blocks("# In C#"), vec![Block::Heading { level: 1, text: vec![plain("In C#")] }]);
        assert_eq!(blocks("#\n##   "), vec![]);
    }

    #[test]
    fn paragraph_lines_join_with_single_spaces_and_blank_lines_separate() {
        assert_eq!(
            blocks("  I understand the\n   risks.  \n\n\r\nSecond one.\r\n"),
            vec![
                Block::Paragraph(vec![plain("I understand the risks.")]),
                Block::Paragraph(vec![plain("Second one.")])
            ]
        );
    }

    #[test]
    fn bullets_and_numbered_lists() {
        assert_eq!(
            blocks("Risks:\n- bruising\n* swelling\n  that passes\n1. Stop aspirin\n2) Arrive early\n10. Eat"),
            vec![
                Block::Paragraph(vec![plain("Risks:")]),
                Block::Bullets(vec![vec![plain("bruising")], vec![plain("swelling that passes")]]),
                Block::Numbered(vec![vec![plain("Stop aspirin")], vec![plain("Arrive early")], vec![plain("Eat")]]),
            ]
        );
    }

    #[test]
    fn a_blank_line_ends_a_list() {
        assert_eq!(
            blocks("- one\n\n- two\n\nAfter"),
            vec![
                Block::Bullets(vec![vec![plain("one")]]),
                Block::Bullets(vec![vec![plain("two")]]),
                Block::Paragraph(vec![plain("After")]),
            ]
        );
    }

    #[test]
    fn markers_need_a_space_after_them() {
        assert_eq!(
            blocks("-5 units\n*emphasis*\n3.5 ml\n#1 choice"),
            vec![Block::Paragraph(vec![plain("-5 units *emphasis* 3.5 ml #1 choice")])]
        );
        assert_eq!(blocks("-\n- \n1."), vec![]);
    }

    #[test]
    fn bold_spans() {
        assert_eq!(spans("I **will not** drive"), vec![plain("I "), bold("will not"), plain(" drive")]);
        assert_eq!(spans("**All** of it **bold**"), vec![bold("All"), plain(" of it "), bold("bold")]);
        assert_eq!(spans("**a**b"), vec![bold("a"), plain("b")]);
        assert_eq!(spans("****"), vec![plain("****")]);
    }

    #[test]
    fn unbalanced_or_spaced_stars_stay_literal() {
        assert_eq!(spans("a **b"), vec![plain("a **b")]);
        assert_eq!(spans("**a** and **b"), vec![bold("a"), plain(" and **b")]);
        assert_eq!(spans("2 ** 3 is 8"), vec![plain("2 ** 3 is 8")]);
        assert_eq!(spans("**a **b**"), vec![plain("**a "), bold("b")]);
        assert_eq!(spans("trailing **"), vec![plain("trailing **")]);
    }

    #[test]
    fn bold_can_cross_the_lines_of_a_paragraph() {
        assert_eq!(
            blocks("**do not\nrub** the area"),
            vec![Block::Paragraph(vec![bold("do not rub"), plain(" the area")])]
        );
    }

    #[test]
    fn html_uses_only_the_allowed_tags() {
        let html = to_html("# Filler\n## After care\nAvoid **heat**.\n\n- ice\n- rest\n\n1. call us\n2. return");
        assert_eq!(
            html,
            "<h2>Filler</h2>\n<h3>After care</h3>\n<p>Avoid <strong>heat</strong>.</p>\n\
             <ul><li>ice</li><li>rest</li></ul>\n<ol><li>call us</li><li>return</li></ol>"
        );
    }

    #[test]
    fn html_escapes_everything_it_was_given() {
        let html = to_html("<script>alert('x')</script>\n\n- <b onclick=\"x\">&amp;</b>\n\n# **<img src=x>**");
        assert_eq!(
            html,
            "<p>&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;</p>\n\
             <ul><li>&lt;b onclick=&quot;x&quot;&gt;&amp;amp;&lt;/b&gt;</li></ul>\n\
             <h2><strong>&lt;img src=x&gt;</strong></h2>"
        );
        assert!(!html.contains("<script"));
    }

    #[test]
    fn empty_body() {
        assert_eq!(blocks(""), vec![]);
        assert_eq!(to_html("\n \n"), "");
    }

    #[test]
    fn non_ascii_text_is_kept() {
        assert_eq!(
            blocks("- Zoë’s **café** 注射"),
            vec![Block::Bullets(vec![vec![plain("Zoë’s "), bold("café"), plain(" 注射")]])]
        );
    }
}
