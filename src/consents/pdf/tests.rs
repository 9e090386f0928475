use super::*;

fn consent<'a>(body: &'a str, strokes: &'a [Vec<[u16; 2]>]) -> ConsentPdf<'a> {
    ConsentPdf {
        clinic_name: "Glow Aesthetics",
        patient_name: "Jane Q Patient",
        patient_birth_date: Some("March 4, 1990"),
        title: "Neuromodulator (Botox) consent",
        body,
        version: 3,
        signer_name: "Jane Q Patient",
        signed_at: "December 3, 2026 at 2:15\u{202f}PM (America/New_York)",
        witness: Some("Dr. Maria Lopez"),
        method: "Drawn signature on the clinic's iPad",
        body_sha256: "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08",
        signature_sha256: "60303ae22b998861bce3b28f33eec1be758a213c86c93c076dbe9f558c11c752",
        strokes,
        revoked: None,
        consent_id: "0193a7c2-5e4b-7d2a-9c1e-3f6a8b0d4e21",
    }
}

fn strokes() -> Vec<Vec<[u16; 2]>> {
    vec![(0..40).map(|i| [100 + i * 60, 500 + (i % 7) * 40]).collect(), vec![[2800, 200]]]
}

fn contains(haystack: &[u8], needle: &[u8]) -> bool {
    haystack.windows(needle.len()).any(|window| window == needle)
}

fn count(haystack: &[u8], needle: &[u8]) -> usize {
    haystack.windows(needle.len()).filter(|window| *window == needle).count()
}

/// The pages' content streams, in order.
fn streams(pdf: &[u8]) -> Vec<&[u8]> {
    let mut out = Vec::new();
    let mut rest = pdf;
    while let Some(start) = rest.windows(7).position(|w| w == b"stream\n") {
        let from = &rest[start + 7..];
        let Some(end) = from.windows(10).position(|w| w == b"\nendstream") else { break };
        out.push(&from[..end]);
        rest = &from[end..];
    }
    out
}

fn page_count(pdf: &[u8]) -> usize {
    let at = pdf.windows(7).position(|w| w == b"/Count ").expect("a page tree") + 7;
    let digits: Vec<u8> = pdf[at..].iter().copied().take_while(u8::is_ascii_digit).collect();
    String::from_utf8(digits).expect("digits").parse().expect("a count")
}

fn is_pdf(pdf: &[u8]) -> bool {
    let end = pdf.trim_ascii_end();
    pdf.starts_with(b"%PDF-") && end.ends_with(b"%%EOF") && contains(pdf, b"xref") && contains(pdf, b"trailer")
}

#[test]
fn a_short_consent_is_one_page_with_everything_on_it() {
    let strokes = strokes();
    let pdf = render(&consent("# Risks\nBruising **may** occur.\n\n- swelling\n- headache", &strokes));
    assert!(is_pdf(&pdf));
    assert_eq!(page_count(&pdf), 1);
    for text in [
        &b"(Jane Q Patient)"[..],
        b"(Glow Aesthetics)",
        b"(Neuromodulator (Botox) consent)",
        b"( Date of birth: March 4, 1990)",
        b"(Bruising )",
        b"(may)",
        b"(Signed by )",
        b"(Witnessed by Dr. Maria Lopez)",
        b"(Drawn signature on the clinic's iPad)",
        b"(Consent text version 3)",
        b"(Consent text SHA-256: 9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08)",
        b"(Signature SHA-256: 60303ae22b998861bce3b28f33eec1be758a213c86c93c076dbe9f558c11c752)",
        b"( page 1 of 1)",
        b"(Consent 0193a7c2-5e4b-7d2a-9c1e-3f6a8b0d4e21)",
        b"/BaseFont /Helvetica-Bold",
        b"/Encoding /WinAnsiEncoding",
        b"/Producer (Contour)",
        b"/Title (Neuromodulator (Botox) consent)",
    ] {
        assert!(contains(&pdf, text), "missing {}", String::from_utf8_lossy(text));
    }
    assert!(!contains(&pdf, b"/Filter"), "content streams are not compressed");
    assert!(!contains(&pdf, b"REVOKED"));
    assert!(!contains(&pdf, b"Typed signature"));
}

#[test]
fn strokes_are_round_capped_paths_and_a_tap_is_a_dot() {
    let strokes = strokes();
    let pdf = render(&consent("Body.", &strokes));
    assert!(contains(&pdf, b"1 J\n1 j\n"));
    // The tap at (2800, 200): the box's left edge is the margin, its top 80 pt above.
    let page = streams(&pdf)[0];
    let text = String::from_utf8_lossy(page);
    let lines: Vec<&str> = text.lines().collect();
    let tap = lines.iter().position(|line| line.starts_with("278 ") && line.ends_with(" m")).expect("the tap");
    assert_eq!(lines[tap].replace(" m", " l"), lines[tap + 1]);
    let path = &text[text.find("1 j\n").expect("the pen")..];
    let path = &path[..path.find("S\n").expect("the stroke")];
    assert_eq!(path.matches(" m\n").count(), 2);
    assert_eq!(path.matches(" l\n").count(), 40, "39 segments and the dot");
}

#[test]
fn a_typed_signature_shows_the_name_in_the_box() {
    let pdf = render(&consent("Body.", &[]));
    assert!(contains(&pdf, b"/F3 24 Tf"));
    assert!(contains(&pdf, b"(Typed signature)"));
    assert!(!contains(&pdf, b"1 J"));
}

#[test]
fn no_witness_and_revoked() {
    let mut doc = consent("Body.", &[]);
    doc.witness = None;
    doc.revoked = Some(("January 9, 2027", "Patient asked to withdraw (by phone)"));
    let pdf = render(&doc);
    assert!(contains(&pdf, b"(Signed on the patient's own device, no witness)"));
    assert!(contains(&pdf, b"(REVOKED January 9, 2027: )"));
    assert!(contains(&pdf, b"(Patient asked to withdraw (by phone))"));
    assert!(!contains(&pdf, b"Witnessed by"));
}

#[test]
fn a_long_body_flows_onto_numbered_pages() {
    let paragraph = "The treatment may cause redness, swelling, bruising or tenderness at the injection \
                     sites, which usually resolves within a few days. I have told my provider about any \
                     medicines and supplements I take.";
    let body = vec![paragraph; 200].join("\n\n");
    let strokes = strokes();
    let pdf = render(&consent(&body, &strokes));
    assert!(is_pdf(&pdf));
    let pages = page_count(&pdf);
    assert!(pages > 5, "{pages} pages");
    assert_eq!(count(&pdf, b"/Type /Page\n"), pages);
    assert_eq!(streams(&pdf).len(), pages);
    for n in 1..=pages {
        assert!(contains(&pdf, format!("( page {n} of {pages})").as_bytes()));
    }
}

#[test]
fn the_signature_section_is_never_split() {
    let strokes = strokes();
    let mut pages_seen = Vec::new();
    for paragraphs in 1..40 {
        let body = vec!["Lorem ipsum dolor sit amet, consectetur adipiscing elit, sed do eiusmod tempor."; paragraphs]
            .join("\n\n");
        let pdf = render(&consent(&body, &strokes));
        let streams = streams(&pdf);
        let last = streams.last().expect("a page");
        for part in [&b"(Signature)"[..], b"1 J", b"(Signed by )", b"(Drawn signature", b"(Signature SHA-256: "] {
            assert!(contains(last, part), "{paragraphs} paragraphs: {}", String::from_utf8_lossy(part));
        }
        assert!(streams[..streams.len() - 1].iter().all(|page| !contains(page, b"(Signed by )")));
        pages_seen.push(streams.len());
    }
    assert!(pages_seen.contains(&2), "some bodies push the section onto a page of its own");
}

#[test]
fn parentheses_and_backslashes_are_escaped() {
    let mut doc = consent("A (balanced) remark and a lone ) paren and C:\\path.", &[]);
    doc.patient_name = "Ann )O(Brien \\ x";
    doc.signer_name = "Mary (Molly) Smith";
    let pdf = render(&doc);
    assert!(is_pdf(&pdf));
    assert!(contains(&pdf, br"(Ann \)O\(Brien \\ x)"));
    assert!(contains(&pdf, b"(Mary (Molly) Smith)"));
    assert!(contains(&pdf, br"C:\\path."));
    assert!(!contains(&pdf, b"(Ann )O(Brien"));
}

#[test]
fn text_outside_win_ansi_does_not_break_it() {
    let mut doc = consent("# 注意事项\n\nمرحبا 👋🏽 — Zoë’s “café” • Ñandú\n\n- \u{0}\u{7}control", &[]);
    doc.patient_name = "张伟";
    doc.signer_name = "Zoë Ñúñez 🙂";
    doc.title = "Согласие";
    doc.witness = Some("Łukasz Żółć");
    let pdf = render(&doc);
    assert!(is_pdf(&pdf));
    assert!(contains(&pdf, b"(??)"), "the patient's name, bold, in the header");
    assert!(contains(&pdf, b"( Zo) Tj\n<EB92> Tj\n(s ) Tj\n<93> Tj\n(caf) Tj\n<E994> Tj\n( ) Tj\n<95> Tj"));
    assert!(contains(&pdf, b"/Title <FEFF"), "the info title keeps its Unicode");
    assert!(!contains(&pdf, &[0]));
}

#[test]
fn win_ansi_maps_what_it_has_and_marks_what_it_lacks() {
    assert_eq!(win_ansi("é ü ñ ’ “ ” – — • € …"), b"\xe9 \xfc \xf1 \x92 \x93 \x94 \x96 \x97 \x95 \x80 \x85");
    assert_eq!(win_ansi("e\u{301}"), b"\xe9", "composed first");
    assert_eq!(win_ansi("日本 😀"), b"?? ?");
    assert_eq!(win_ansi("2:15\u{202f}PM\tnow\nthen"), b"2:15\xa0PM now then");
    assert_eq!(win_ansi("soft\u{ad}hyphen\u{200b}\u{feff}"), b"softhyphen");
    assert_eq!(win_ansi("non\u{2011}breaking"), b"non-breaking");
}

#[test]
fn widths_are_helveticas() {
    assert_eq!(Font::Regular.width(b"Hello", 1000.0), 2278.0);
    assert_eq!(Font::Bold.width(b"Hello", 1000.0), 2445.0);
    assert_eq!(Font::Oblique.width(b"Wij", 1.0), Font::Regular.width(b"Wij", 1.0));
    assert_eq!(Font::Mono.width(b"abc", 10.0), 18.0);
    assert_eq!(Font::Regular.width(b"\xe9\x95\x97", 1000.0), 556.0 + 350.0 + 1000.0);
    assert_eq!(Font::Bold.width(b"\xff", 1000.0), 556.0);
}

#[test]
fn wrapping_fills_lines_without_overflowing_them() {
    let text = "I understand that results vary and that more than one treatment may be needed to \
                reach the result I want; touch-ups are charged as listed in the price list.";
    let runs = [Run::new(Font::Regular, "Note: "), Run::new(Font::Bold, text)];
    let lines = wrap(&runs, 10.0, 200.0);
    assert!(lines.len() > 2);
    for (i, line) in lines.iter().enumerate() {
        let width = width_of(line, 10.0);
        assert!(width <= 200.0, "line {i} is {width} wide");
        if let Some(next) = lines.get(i + 1) {
            let first_word = next[0].text.split(|&b| b == b' ').next().expect("a word");
            assert!(width + Font::Bold.width(b" ", 10.0) + Font::Bold.width(first_word, 10.0) > 200.0);
        }
    }
    let rejoined: Vec<u8> = lines
        .iter()
        .map(|line| line.iter().flat_map(|run| run.text.clone()).collect::<Vec<u8>>())
        .collect::<Vec<_>>()
        .join(&b' ');
    assert_eq!(rejoined, win_ansi(&format!("Note: {text}")));
    assert_eq!(lines[0][0], Run::new(Font::Regular, "Note: "));
}

#[test]
fn a_word_longer_than_a_line_is_cut() {
    let hash = "ab".repeat(100);
    let lines = wrap(&[Run::new(Font::Mono, &format!("Signature SHA-256: {hash}"))], 7.5, 150.0);
    assert!(lines.len() >= 4);
    assert!(lines.iter().all(|line| width_of(line, 7.5) <= 150.0));
    assert_eq!(lines[0][0].text, b"Signature SHA-256:");
}

#[test]
fn a_long_footer_is_cut_short_but_keeps_the_page_number() {
    let title = "A very long consent title ".repeat(10);
    let mut doc = consent("Body.", &[]);
    doc.title = &title;
    let pdf = render(&doc);
    assert!(contains(&pdf, b"<85> Tj\n( ) Tj\n<B7> Tj\n( page 1 of 1) Tj"));
}
