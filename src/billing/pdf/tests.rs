use super::*;

const LINES: [PdfLine<'static>; 2] = [
    PdfLine {
        description: "Neurotoxin",
        quantity: "32 units",
        unit_price: "$14.00",
        discount: "\u{2212}$10.00",
        total: "$438.00",
        taxable: false,
    },
    PdfLine {
        description: "Aftercare kit",
        quantity: "1",
        unit_price: "$40.00",
        discount: "",
        total: "$40.00",
        taxable: true,
    },
];
const PAYMENTS: [PdfPayment<'static>; 2] = [
    PdfPayment { date: "Dec 3, 2026", method: "Card", reference: Some("Visa 4242"), amount: "$400.00" },
    PdfPayment { date: "Dec 4, 2026", method: "Refund · Cash", reference: None, amount: "\u{2212}$20.00" },
];

fn invoice<'a>(lines: &'a [PdfLine<'a>]) -> InvoicePdf<'a> {
    InvoicePdf {
        clinic_name: "Glow Aesthetics",
        clinic_address: Some("12 Main Street\nSpringfield, NY 10001"),
        clinic_phone: Some("(555) 010-2030"),
        number: Some("INV-00042"),
        status: "Partially paid",
        dated: "December 3, 2026",
        patient_name: "Jane Q Patient",
        visit: Some("Neurotoxin with Pia Provider, December 3, 2026 at 10:00 AM"),
        lines,
        subtotal: "$478.00",
        discount: Some(("Discount (10%) — Loyal patient", "\u{2212}$47.80")),
        tax: Some(("Tax (8.875%)", "$3.55")),
        total: "$433.75",
        payments: &PAYMENTS,
        paid: "$400.00",
        refunded: Some("\u{2212}$20.00"),
        balance: "$53.75",
        void: None,
        notes: Some("Thank you!\n\nFollow-up in two weeks."),
        invoice_id: "0193a7c2-5e4b-7d2a-9c1e-3f6a8b0d4e21",
    }
}

fn contains(haystack: &[u8], needle: &[u8]) -> bool {
    haystack.windows(needle.len()).any(|window| window == needle)
}

fn pages(pdf: &[u8]) -> usize {
    pdf.windows(12).filter(|window| window == b"/Type /Page\n").count()
}

#[test]
fn an_invoice_shows_who_what_and_how_much() {
    let pdf = render(&invoice(&LINES));
    assert!(pdf.starts_with(b"%PDF-"));
    assert!(pdf.trim_ascii_end().ends_with(b"%%EOF"));
    assert_eq!(pages(&pdf), 1);
    for text in [
        &b"(Invoice INV-00042)"[..],
        b"(Glow Aesthetics)",
        b"(Springfield, NY 10001)",
        b"((555) 010-2030)",
        b"(Jane Q Patient)",
        b"(Partially paid)",
        b"(Neurotoxin)",
        b"(Aftercare kit)",
        b"(32 units)",
        b"(-$10.00)",
        b"(DISCOUNT)",
        b"(T)",
        b"(Tax (8.875%))",
        b"($433.75)",
        b"(Balance due)",
        b"($53.75)",
        b"(-$20.00)",
        b"(Card ) Tj\n<B7> Tj\n( Visa 4242)",
        b"(Follow-up in two weeks.)",
        b"( page 1 of 1)",
        b"(Invoice ID 0193a7c2-5e4b-7d2a-9c1e-3f6a8b0d4e21)",
        b"/Title (Invoice INV-00042)",
    ] {
        assert!(contains(&pdf, text), "missing {}", String::from_utf8_lossy(text));
    }
    assert!(!contains(&pdf, b"/Filter"), "content streams are not compressed");
    assert!(!contains(&pdf, b"VOID"));
}

#[test]
fn a_draft_says_so_and_a_plain_invoice_has_no_discount_column() {
    let lines = [PdfLine { discount: "", taxable: false, ..LINES[1] }];
    let mut doc = invoice(&lines);
    doc.number = None;
    doc.status = "Draft";
    (doc.discount, doc.tax, doc.refunded, doc.payments, doc.notes) = (None, None, None, &[], None);
    let pdf = render(&doc);
    assert!(contains(&pdf, b"(Draft invoice)"));
    assert!(contains(&pdf, b"/Title (Draft invoice)"));
    for absent in [&b"INV-"[..], b"(DISCOUNT)", b"(T)", b"(Refunded)", b"(PAYMENTS)", b"(NOTES)"] {
        assert!(!contains(&pdf, absent), "{}", String::from_utf8_lossy(absent));
    }
}

#[test]
fn a_void_invoice_says_void_and_why() {
    let mut doc = invoice(&LINES);
    doc.status = "Void";
    doc.void = Some(("December 5, 2026", "Entered twice"));
    let pdf = render(&doc);
    assert!(contains(&pdf, b"(VOID ) Tj\n<97> Tj\n( voided December 5, 2026: )"));
    assert!(contains(&pdf, b"(Entered twice)"));
}

#[test]
fn many_lines_flow_onto_pages_that_repeat_the_header() {
    let descriptions: Vec<String> = (1..=200).map(|i| format!("Treatment line {i}")).collect();
    let lines: Vec<PdfLine<'_>> = descriptions.iter().map(|description| PdfLine { description, ..LINES[0] }).collect();
    let pdf = render(&invoice(&lines));
    let pages = pages(&pdf);
    assert!(pages >= 5, "{pages} pages");
    assert!(contains(&pdf, format!("/Count {pages}").as_bytes()));
    assert!(contains(&pdf, format!("( page {pages} of {pages})").as_bytes()));
    let headers = pdf.windows(13).filter(|window| window == b"(DESCRIPTION)").count();
    assert!(headers == pages || headers == pages - 1, "a header on every page of lines");
    for description in &descriptions {
        assert!(contains(&pdf, format!("({description})").as_bytes()), "{description}");
    }
}

#[test]
fn long_and_foreign_text_never_breaks_it() {
    let long = "Hyaluronic acid filler, lips and nasolabial folds, ".repeat(80);
    let lines = [PdfLine { description: &long, total: "$123,456,789,012.00", ..LINES[0] }];
    let mut doc = invoice(&lines);
    doc.patient_name = "张伟 👋🏽";
    doc.clinic_address = Some("Ünïcödé 🏥 street\n\n\u{0}");
    doc.notes = Some(&long);
    doc.void = Some(("\u{2212}", "😀"));
    let pdf = render(&doc);
    assert!(pdf.starts_with(b"%PDF-"));
    assert!(pages(&pdf) >= 2);
    assert!(contains(&pdf, b"(?? ??)"), "the patient's name");
    assert!(!contains(&pdf, &[0]));
}

#[test]
fn a_long_description_wraps_within_its_column() {
    let long = "Hyaluronic acid filler, lips and nasolabial folds, with a complimentary touch-up at two weeks";
    let lines = [PdfLine { description: long, ..LINES[0] }, PdfLine { ..LINES[1] }];
    let table = Table::new(&lines);
    assert!(table.description > 150.0 && table.description + GUTTER <= table.quantity.left() + 0.001);
    let one_line = table.row(&lines[1]).height();
    assert_eq!(table.row(&lines[0]).height(), one_line + BODY.leading, "two lines");
    let pdf = render(&invoice(&lines));
    assert!(contains(&pdf, b"(Hyaluronic acid filler, lips and nasolabial folds, with a)"));
}
