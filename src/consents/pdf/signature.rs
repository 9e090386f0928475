//! The signature section: the drawn strokes (or the typed name) in a box of the pad's shape,
//! who signed, when and how, and the hashes.

use pdf_writer::Content;
use pdf_writer::types::{LineCapStyle, LineJoinStyle};

use super::*;

/// The signature box, who signed when and how, and the hashes, kept together on one page.
pub(super) fn signature(writer: &mut Writer, doc: &ConsentPdf<'_>) {
    pub(super) const ABOVE_BOX: f32 = 4.0;
    pub(super) const BELOW_BOX: f32 = 8.0;
    pub(super) const ABOVE_RECORD: f32 = 6.0;

    let heading = text_lines(&[Run::new(Font::Bold, "Signature")], HEADING_2, 0.0, TEXT_WIDTH);
    let witness = match doc.witness {
        Some(name) => format!("Witnessed by {name}"),
        None => "Signed on the patient's own device, no witness".to_owned(),
    };
    let details: Vec<Line> = [
        vec![Run::new(Font::Regular, "Signed by "), Run::new(Font::Bold, doc.signer_name)],
        vec![Run::new(Font::Regular, &format!("Signed {}", doc.signed_at))],
        vec![Run::new(Font::Regular, &witness)],
        vec![Run::new(Font::Regular, doc.method)],
    ]
    .iter()
    .flat_map(|runs| text_lines(runs, BODY, 0.0, TEXT_WIDTH))
    .collect();
    let mut record = text_lines(
        &[Run::new(Font::Regular, &format!("Consent text version {}", doc.version))],
        DETAIL,
        0.0,
        TEXT_WIDTH,
    );
    for (label, hash) in [("Consent text", doc.body_sha256), ("Signature", doc.signature_sha256)] {
        record.extend(text_lines(&[Run::new(Font::Mono, &format!("{label} SHA-256: {hash}"))], HASH, 0.0, TEXT_WIDTH));
    }

    let box_height = ABOVE_BOX + SIGNATURE_HEIGHT + BELOW_BOX;
    writer.gap(18.0);
    writer.room(height(&heading) + box_height + height(&details) + ABOVE_RECORD + height(&record));
    writer.lines(&heading);
    writer.drawing(box_height, |page, top| signature_box(page, MARGIN, top - ABOVE_BOX, doc));
    writer.lines(&details);
    writer.gap(ABOVE_RECORD);
    writer.lines(&record);
}

/// The 240 × 80 box at (`left`, `top`) with the drawn strokes, or the typed name.
pub(super) fn signature_box(page: &mut Content, left: f32, top: f32, doc: &ConsentPdf<'_>) {
    let bottom = top - SIGNATURE_HEIGHT;
    page.save_state();
    set_stroke(page, RULE).set_line_width(0.75).rect(left, bottom, SIGNATURE_WIDTH, SIGNATURE_HEIGHT).stroke();
    if doc.strokes.iter().any(|stroke| !stroke.is_empty()) {
        set_stroke(page, PEN)
            .set_line_width(1.2)
            .set_line_cap(LineCapStyle::RoundCap)
            .set_line_join(LineJoinStyle::RoundJoin);
        // Points off the pad are pulled onto its edge rather than drawn outside the box.
        let at = |[x, y]: [u16; 2]| {
            (
                points(left + f32::from(x.min(PAD_WIDTH)) * PAD_SCALE),
                points(top - f32::from(y.min(PAD_HEIGHT)) * PAD_SCALE),
            )
        };
        for stroke in doc.strokes {
            let Some((&first, rest)) = stroke.split_first() else { continue };
            let (x, y) = at(first);
            page.move_to(x, y);
            if rest.is_empty() {
                // A tap: a zero-length line with round caps is painted as a dot.
                page.line_to(x, y);
            }
            for &point in rest {
                let (x, y) = at(point);
                page.line_to(x, y);
            }
        }
        page.stroke();
    } else {
        let name = win_ansi(doc.signer_name);
        let size = ((SIGNATURE_WIDTH - 24.0) / Font::Oblique.width(&name, 1.0)).min(24.0);
        let typed = Style { size, leading: size, color: PEN };
        let name = [Segment { x: 0.0, runs: vec![Run { font: Font::Oblique, text: name }] }];
        draw_text_at(page, &name, left + 12.0, bottom + SIGNATURE_HEIGHT / 2.0 - 0.3 * size, typed);
        let label = [Segment { x: 0.0, runs: vec![Run::new(Font::Regular, "Typed signature")] }];
        draw_text_at(page, &label, left + 6.0, bottom + 6.0, Style { size: 7.0, leading: 7.0, color: GREY });
    }
    page.restore_state();
}

/// `value` to a hundredth of a point: finer than any printer, and it keeps the stream short.
pub(super) fn points(value: f32) -> f32 {
    (value * 100.0).round() / 100.0
}
