//! A signed consent as a PDF: the patient's copy and the chart's record of what was signed.
//! It is drawn with the shared machinery of `crate::pdf` (standard fonts, WinAnsi text,
//! uncompressed content streams).

use super::text::{self, Block, Span};
use crate::pdf::*;
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
    footers(&mut pages, &format!("{} · {}", doc.title, doc.patient_name), &format!("Consent {}", doc.consent_id));
    assemble(doc.title, pages)
}

/// The signature box keeps the pad's 3:1 shape, so strokes are scaled, never stretched.
const SIGNATURE_WIDTH: f32 = 240.0;
const SIGNATURE_HEIGHT: f32 = 80.0;
const PAD_WIDTH: u16 = 3000;
const PAD_HEIGHT: u16 = 1000;
const PAD_SCALE: f32 = SIGNATURE_WIDTH / PAD_WIDTH as f32;

/// Text is indented this far from the margin in list items.
const LIST_INDENT: f32 = 20.0;
const PARAGRAPH_GAP: f32 = 6.0;

const PEN: Rgb = [0.05, 0.1, 0.3];

const CLINIC: Style = Style { size: 9.0, leading: 12.0, color: GREY };
const HEADING_1: Style = Style { size: 13.0, leading: 18.0, color: INK };
const HEADING_2: Style = Style { size: 11.0, leading: 16.0, color: INK };
const HASH: Style = Style { size: 7.5, leading: 10.0, color: GREY };

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
        writer.gap(10.0);
        writer.banner(&format!("REVOKED {when}"), reason);
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

mod signature;
#[cfg(test)]
mod tests;
