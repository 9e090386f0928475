//! Drawing on a page, the footers, and putting the pages together into a file.

use pdf_writer::{Content, Finish, Name, Pdf, Rect, Ref, Str, TextStr};

use super::fonts::{Font, Run, win_ansi};
use super::layout::*;

/// "<about> · page N of M" (`about` cut short if need be) and the `id` line (e.g. "Consent
/// 0193…"), in the bottom margin of every page.
pub fn footers(pages: &mut [Content], about: &str, id: &str) {
    let total = pages.len();
    let about = win_ansi(about);
    let id = [Segment { x: 0.0, runs: vec![Run::new(Font::Regular, id)] }];
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
pub fn fit(text: &[u8], font: Font, size: f32, width: f32) -> Vec<u8> {
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

/// The file: US Letter pages with `pages` as their contents, every standard font in their
/// resources, and `title` in the document information.
pub fn assemble(title: &str, pages: Vec<Content>) -> Vec<u8> {
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
    pdf.document_info(info).title(TextStr(title)).producer(TextStr("Contour"));
    pdf.finish()
}

pub fn draw_text(page: &mut Content, segments: &[Segment], baseline: f32, style: Style) {
    draw_text_at(page, segments, MARGIN, baseline, style);
}

/// One text object: each segment at `left` plus its `x`, all on `baseline`.
pub fn draw_text_at(page: &mut Content, segments: &[Segment], left: f32, baseline: f32, style: Style) {
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

pub fn fill_rect(page: &mut Content, [r, g, b]: Rgb, x: f32, y: f32, width: f32, height: f32) {
    page.set_fill_rgb(r, g, b).rect(x, y, width, height).fill_nonzero();
}

/// A hairline across the text width at `y`.
pub fn horizontal_rule(page: &mut Content, y: f32) {
    rule_between(page, 0.0, TEXT_WIDTH, y);
}

/// A hairline at `y` from `from` to `to`, in points from the left margin.
pub fn rule_between(page: &mut Content, from: f32, to: f32, y: f32) {
    page.save_state();
    set_stroke(page, RULE).set_line_width(0.5).move_to(MARGIN + from, y).line_to(MARGIN + to, y).stroke();
    page.restore_state();
}

pub fn set_stroke(page: &mut Content, [r, g, b]: Rgb) -> &mut Content {
    page.set_stroke_rgb(r, g, b)
}
