//! A signed consent as a PDF: the patient's copy and the chart's record of what was signed.
//!
//! Only standard fonts every PDF reader has (Helvetica, Courier) are used, so nothing is
//! embedded and the file stays small. Text is in WinAnsiEncoding and the content streams are
//! not compressed, so what the document says can be found in its bytes. Lines are broken here
//! with the fonts' real metrics, so they wrap where a reader draws them.

use std::mem;

use pdf_writer::{Content, Finish, Name, Pdf, Rect, Ref, Str, TextStr};

use super::text::{self, Block, Span};
use fonts::*;
use signature::*;

/// What the PDF shows. All text is given ready to print (dates already formatted in the
/// clinic's time zone); any of it may hold characters the fonts lack, which print as `?`.
pub struct ConsentPdf<'a> {
    pub clinic_name: &'a str,
    pub patient_name: &'a str,
    /// Already formatted.
    pub patient_birth_date: Option<&'a str>,
    pub title: &'a str,
    /// In the consent text format (`consents::text`).
    pub body: &'a str,
    pub version: i32,
    pub signer_name: &'a str,
    /// Already formatted in the clinic's time zone, e.g. "December 3, 2026 at 2:15 PM
    /// (America/New_York)".
    pub signed_at: &'a str,
    /// The staff member who witnessed the signature; `None` when signed on the patient's own
    /// phone.
    pub witness: Option<&'a str>,
    /// How it was signed, e.g. "Drawn signature on the clinic's iPad".
    pub method: &'a str,
    pub body_sha256: &'a str,
    pub signature_sha256: &'a str,
    /// The drawn signature: strokes of points `[x, y]` on a 3000 × 1000 pad, y growing
    /// downwards. Empty for a typed signature.
    pub strokes: &'a [Vec<[u16; 2]>],
    /// `(when, reason)` if the consent was revoked.
    pub revoked: Option<(&'a str, &'a str)>,
    pub consent_id: &'a str,
}

/// The consent as a PDF file: US Letter, the body flowing onto as many pages as it needs, the
/// signature section whole on one page, a footer on every page. Never fails.
pub fn render(doc: &ConsentPdf<'_>) -> Vec<u8> {
    let mut writer = Writer::new();
    header(&mut writer, doc);
    body(&mut writer, doc.body);
    signature(&mut writer, doc);
    let mut pages = writer.finish();
    footers(&mut pages, doc);
    assemble(doc, pages)
}

const PAGE_WIDTH: f32 = 612.0;
const PAGE_HEIGHT: f32 = 792.0;
const MARGIN: f32 = 54.0;
const TEXT_WIDTH: f32 = PAGE_WIDTH - 2.0 * MARGIN;
const TOP: f32 = PAGE_HEIGHT - MARGIN;
const BOTTOM: f32 = MARGIN;

/// The signature box keeps the pad's 3:1 shape, so strokes are scaled, never stretched.
const SIGNATURE_WIDTH: f32 = 240.0;
const SIGNATURE_HEIGHT: f32 = 80.0;
const PAD_WIDTH: u16 = 3000;
const PAD_HEIGHT: u16 = 1000;
const PAD_SCALE: f32 = SIGNATURE_WIDTH / PAD_WIDTH as f32;

/// Text is indented this far from the margin in list items and the revoked banner.
const LIST_INDENT: f32 = 20.0;
const BANNER_INSET: f32 = 12.0;
const PARAGRAPH_GAP: f32 = 6.0;

type Rgb = [f32; 3];

const INK: Rgb = [0.1, 0.1, 0.1];
const GREY: Rgb = [0.42, 0.42, 0.42];
const RULE: Rgb = [0.75, 0.75, 0.75];
const RED: Rgb = [0.75, 0.05, 0.05];
const PALE_RED: Rgb = [1.0, 0.92, 0.92];
const PEN: Rgb = [0.05, 0.1, 0.3];

#[derive(Debug, Clone, Copy)]
struct Style {
    size: f32,
    /// The height of a line.
    leading: f32,
    color: Rgb,
}

const CLINIC: Style = Style { size: 9.0, leading: 12.0, color: GREY };
const TITLE: Style = Style { size: 18.0, leading: 23.0, color: INK };
const BODY: Style = Style { size: 10.0, leading: 14.0, color: INK };
const HEADING_1: Style = Style { size: 13.0, leading: 18.0, color: INK };
const HEADING_2: Style = Style { size: 11.0, leading: 16.0, color: INK };
const BANNER: Style = Style { size: 11.0, leading: 15.0, color: RED };
const DETAIL: Style = Style { size: 9.0, leading: 12.0, color: GREY };
const HASH: Style = Style { size: 7.5, leading: 10.0, color: GREY };
const FOOTER: Style = Style { size: 8.0, leading: 10.0, color: GREY };

/// Runs drawn one after the other from `x`, in points from the left margin.
#[derive(Debug)]
struct Segment {
    x: f32,
    runs: Vec<Run>,
}

/// One line of a page; its segments share the baseline. A `band` line has the revoked
/// banner's background, so a banner is drawn line by line and survives a page break.
#[derive(Debug)]
struct Line {
    style: Style,
    segments: Vec<Segment>,
    band: bool,
}

/// `runs` wrapped to `width` in lines of `style` that start `x` points from the margin.
fn text_lines(runs: &[Run], style: Style, x: f32, width: f32) -> Vec<Line> {
    wrap(runs, style.size, width)
        .into_iter()
        .map(|runs| Line { style, segments: vec![Segment { x, runs }], band: false })
        .collect()
}

fn height(lines: &[Line]) -> f32 {
    lines.iter().map(|line| line.style.leading).sum()
}

/// Lays content down the pages, top to bottom, starting a page when the next piece does not
/// fit on this one.
struct Writer {
    done: Vec<Content>,
    page: Content,
    /// The top of the free space on `page`.
    y: f32,
}

impl Writer {
    fn new() -> Self {
        Self { done: Vec::new(), page: Content::new(), y: TOP }
    }

    fn at_top(&self) -> bool {
        self.y >= TOP
    }

    /// Starts a new page unless `height` more fits on this one. An empty page is kept: what
    /// does not fit there fits nowhere, and flows on.
    fn room(&mut self, height: f32) {
        if self.y - height < BOTTOM && !self.at_top() {
            self.done.push(mem::replace(&mut self.page, Content::new()));
            self.y = TOP;
        }
    }

    /// Vertical space, except at the top of a page.
    fn gap(&mut self, height: f32) {
        if !self.at_top() {
            self.y -= height;
        }
    }

    fn line(&mut self, line: &Line) {
        let Style { leading, .. } = line.style;
        self.room(leading);
        let top = self.y;
        if line.band {
            fill_rect(&mut self.page, PALE_RED, MARGIN, top - leading, TEXT_WIDTH, leading);
            fill_rect(&mut self.page, RED, MARGIN, top - leading, 3.0, leading);
        }
        draw_text(&mut self.page, &line.segments, baseline(top, line.style), line.style);
        self.y -= leading;
    }

    fn lines(&mut self, lines: &[Line]) {
        for line in lines {
            self.line(line);
        }
    }

    /// `height` points drawn by `draw`, which is given the page and the top of its space.
    fn drawing(&mut self, height: f32, draw: impl FnOnce(&mut Content, f32)) {
        self.room(height);
        draw(&mut self.page, self.y);
        self.y -= height;
    }

    fn rule(&mut self) {
        self.drawing(14.0, |page, top| horizontal_rule(page, top - 7.0));
    }

    fn finish(mut self) -> Vec<Content> {
        self.done.push(self.page);
        self.done
    }
}

/// The baseline that centres text of `style` in a line whose top is `top`.
fn baseline(top: f32, style: Style) -> f32 {
    top - (style.leading - style.size) / 2.0 - 0.78 * style.size
}

fn header(writer: &mut Writer, doc: &ConsentPdf<'_>) {
    writer.lines(&text_lines(&[Run::new(Font::Regular, doc.clinic_name)], CLINIC, 0.0, TEXT_WIDTH));
    writer.gap(6.0);
    writer.lines(&text_lines(&[Run::new(Font::Bold, doc.title)], TITLE, 0.0, TEXT_WIDTH));
    writer.gap(4.0);
    let mut patient = vec![Run::new(Font::Regular, "Patient: "), Run::new(Font::Bold, doc.patient_name)];
    if let Some(birth_date) = doc.patient_birth_date {
        patient.push(Run::new(Font::Regular, &format!(" · Date of birth: {birth_date}")));
    }
    writer.lines(&text_lines(&patient, BODY, 0.0, TEXT_WIDTH));

    if let Some((when, reason)) = doc.revoked {
        let reason = reason.trim();
        let mut runs = vec![Run::new(Font::Bold, &format!("REVOKED {when}"))];
        if !reason.is_empty() {
            runs[0].text.extend_from_slice(b": ");
            runs.push(Run::new(Font::Regular, reason));
        }
        let padding = Line { style: Style { leading: 5.0, ..BANNER }, segments: Vec::new(), band: true };
        let mut lines = text_lines(&runs, BANNER, BANNER_INSET, TEXT_WIDTH - 2.0 * BANNER_INSET);
        lines.iter_mut().for_each(|line| line.band = true);
        writer.gap(10.0);
        writer.line(&padding);
        writer.lines(&lines);
        writer.line(&padding);
    }
    writer.gap(4.0);
    writer.rule();
}

fn body(writer: &mut Writer, body: &str) {
    for block in text::blocks(body) {
        match block {
            Block::Heading { level, text } => {
                let style = if level == 1 { HEADING_1 } else { HEADING_2 };
                let runs: Vec<Run> = text.iter().map(|span| Run::new(Font::Bold, &span.text)).collect();
                let lines = text_lines(&runs, style, 0.0, TEXT_WIDTH);
                writer.gap(style.size / 2.0);
                // A heading goes to the next page with the start of what it introduces.
                writer.room(height(&lines) + 2.0 * BODY.leading);
                writer.lines(&lines);
                writer.gap(2.0);
            }
            Block::Paragraph(spans) => {
                writer.lines(&text_lines(&runs(&spans), BODY, 0.0, TEXT_WIDTH));
                writer.gap(PARAGRAPH_GAP);
            }
            Block::Bullets(items) => list(writer, &items, |_| vec![0x95]),
            Block::Numbered(items) => list(writer, &items, |i| format!("{}.", i + 1).into_bytes()),
        }
    }
}

fn runs(spans: &[Span]) -> Vec<Run> {
    spans.iter().map(|span| Run::new(if span.bold { Font::Bold } else { Font::Regular }, &span.text)).collect()
}

/// List items with a hanging indent: `marker(i)` (WinAnsi) is right-aligned before the text.
fn list(writer: &mut Writer, items: &[Vec<Span>], marker: impl Fn(usize) -> Vec<u8>) {
    for (i, item) in items.iter().enumerate() {
        let mut lines = text_lines(&runs(item), BODY, LIST_INDENT, TEXT_WIDTH - LIST_INDENT);
        if let Some(first) = lines.first_mut() {
            let marker = marker(i);
            let x = LIST_INDENT - 5.0 - Font::Regular.width(&marker, BODY.size);
            first.segments.insert(0, Segment { x, runs: vec![Run { font: Font::Regular, text: marker }] });
        }
        writer.lines(&lines);
        writer.gap(2.0);
    }
    writer.gap(PARAGRAPH_GAP - 2.0);
}

/// "<title> · <patient> · page N of M" (the first part cut short if need be), and the
/// consent's id, in the bottom margin of every page.
fn footers(pages: &mut [Content], doc: &ConsentPdf<'_>) {
    let total = pages.len();
    let about = win_ansi(&format!("{} · {}", doc.title, doc.patient_name));
    let id = [Segment { x: 0.0, runs: vec![Run::new(Font::Regular, &format!("Consent {}", doc.consent_id))] }];
    for (i, page) in pages.iter_mut().enumerate() {
        let number = win_ansi(&format!(" · page {} of {total}", i + 1));
        let mut text = fit(&about, Font::Regular, FOOTER.size, TEXT_WIDTH - Font::Regular.width(&number, FOOTER.size));
        text.extend_from_slice(&number);
        horizontal_rule(page, BOTTOM - 10.0);
        let label = [Segment { x: 0.0, runs: vec![Run { font: Font::Regular, text }] }];
        draw_text(page, &label, BOTTOM - 22.0, FOOTER);
        draw_text(page, &id, BOTTOM - 32.0, FOOTER);
    }
}

/// `text` cut short with an ellipsis so that it is at most `width` wide.
fn fit(text: &[u8], font: Font, size: f32, width: f32) -> Vec<u8> {
    if font.width(text, size) <= width {
        return text.to_vec();
    }
    const ELLIPSIS: u8 = 0x85;
    let room = width - font.width(&[ELLIPSIS], size);
    let mut used = 0.0;
    let mut out: Vec<u8> = text
        .iter()
        .take_while(|&&byte| {
            used += font.width(&[byte], size);
            used <= room
        })
        .copied()
        .collect();
    out.push(ELLIPSIS);
    out
}

fn assemble(doc: &ConsentPdf<'_>, pages: Vec<Content>) -> Vec<u8> {
    let mut next = Ref::new(1);
    let catalog = next.bump();
    let tree = next.bump();
    let info = next.bump();
    let fonts: Vec<(Font, Ref)> = Font::ALL.iter().map(|&font| (font, next.bump())).collect();
    let ids: Vec<(Ref, Ref)> = pages.iter().map(|_| (next.bump(), next.bump())).collect();

    let mut pdf = Pdf::with_capacity(pages.iter().map(Content::len).sum::<usize>() + 4096);
    pdf.catalog(catalog).pages(tree);
    pdf.pages(tree).kids(ids.iter().map(|&(page, _)| page)).count(i32::try_from(ids.len()).unwrap_or(i32::MAX));
    for (&(page_id, content_id), content) in ids.iter().zip(pages) {
        let mut page = pdf.page(page_id);
        page.parent(tree).media_box(Rect::new(0.0, 0.0, PAGE_WIDTH, PAGE_HEIGHT)).contents(content_id);
        page.resources().fonts().pairs(fonts.iter().map(|&(font, id)| (font.resource(), id)));
        page.finish();
        pdf.stream(content_id, &content.finish());
    }
    for &(font, id) in &fonts {
        pdf.type1_font(id).base_font(font.base_font()).encoding_predefined(Name(b"WinAnsiEncoding"));
    }
    pdf.document_info(info).title(TextStr(doc.title)).producer(TextStr("Contour"));
    pdf.finish()
}

fn draw_text(page: &mut Content, segments: &[Segment], baseline: f32, style: Style) {
    draw_text_at(page, segments, MARGIN, baseline, style);
}

/// One text object: each segment at `left` plus its `x`, all on `baseline`.
fn draw_text_at(page: &mut Content, segments: &[Segment], left: f32, baseline: f32, style: Style) {
    if segments.iter().all(|segment| segment.runs.is_empty()) {
        return;
    }
    let [r, g, b] = style.color;
    page.set_fill_rgb(r, g, b);
    page.begin_text();
    let mut font = None;
    for segment in segments {
        page.set_text_matrix([1.0, 0.0, 0.0, 1.0, left + segment.x, baseline]);
        for run in &segment.runs {
            if font != Some(run.font) {
                page.set_font(run.font.resource(), style.size);
                font = Some(run.font);
            }
            // pdf-writer writes a string holding any non-ASCII byte in hex; showing the ASCII
            // stretches on their own keeps the words readable (and searchable) in the file.
            for chunk in run.text.chunk_by(|a, b| a.is_ascii() == b.is_ascii()) {
                page.show(Str(chunk));
            }
        }
    }
    page.end_text();
}

fn fill_rect(page: &mut Content, [r, g, b]: Rgb, x: f32, y: f32, width: f32, height: f32) {
    page.set_fill_rgb(r, g, b).rect(x, y, width, height).fill_nonzero();
}

fn horizontal_rule(page: &mut Content, y: f32) {
    page.save_state();
    set_stroke(page, RULE).set_line_width(0.5).move_to(MARGIN, y).line_to(PAGE_WIDTH - MARGIN, y).stroke();
    page.restore_state();
}

fn set_stroke(page: &mut Content, [r, g, b]: Rgb) -> &mut Content {
    page.set_stroke_rgb(r, g, b)
}

mod fonts;
mod signature;
#[cfg(test)]
mod tests;
