//! An invoice as a PDF: the patient's invoice or receipt, laid out like a calm printed receipt
//! with the shared machinery of `crate::pdf` (standard fonts, WinAnsi text, US Letter).
//!
//! The clinic and the title head the first page; then who is billed and the invoice's date and
//! status; a table of lines whose numbers are right-aligned in columns sized to their content
//! (a discount column only when some line has a discount, a `T` after the total of a taxable
//! line); the totals, right-aligned under the table; the payments; the notes. The table flows
//! onto further pages, repeating its header, and every page has a footer with its number.

use crate::pdf::*;

/// What an invoice's PDF shows. All text comes ready to print: amounts formatted in the
/// clinic's currency ("$1,234.50", "−$20.00"), dates in the clinic's time zone.
pub struct InvoicePdf<'a> {
    pub clinic_name: &'a str,
    /// May contain newlines.
    pub clinic_address: Option<&'a str>,
    pub clinic_phone: Option<&'a str>,
    /// "INV-00042", or None for a draft (the title then reads "Draft invoice").
    pub number: Option<&'a str>,
    /// "Paid", "Partially paid", "Unpaid", "Refunded", "Void", "Draft"
    pub status: &'a str,
    /// e.g. "December 3, 2026"
    pub dated: &'a str,
    pub patient_name: &'a str,
    /// e.g. "Neurotoxin with Pia Provider, December 3, 2026 at 10:00 AM", or None
    pub visit: Option<&'a str>,
    pub lines: &'a [PdfLine<'a>],
    pub subtotal: &'a str,
    /// (label, amount), e.g. ("Discount (10%) — Loyal patient", "−$42.00"); None when no discount
    pub discount: Option<(&'a str, &'a str)>,
    /// (label, amount), e.g. ("Tax (8.875%)", "$3.55"); None when no tax applies
    pub tax: Option<(&'a str, &'a str)>,
    pub total: &'a str,
    pub payments: &'a [PdfPayment<'a>],
    pub paid: &'a str,
    pub refunded: Option<&'a str>,
    pub balance: &'a str,
    /// (when, reason) if the invoice was voided: printed prominently ("VOID").
    pub void: Option<(&'a str, &'a str)>,
    pub notes: Option<&'a str>,
    pub invoice_id: &'a str,
}

pub struct PdfLine<'a> {
    pub description: &'a str,
    /// e.g. "32 units", "0.5 syringe", "1"
    pub quantity: &'a str,
    pub unit_price: &'a str,
    /// e.g. "−$10.00" or "" when none
    pub discount: &'a str,
    pub total: &'a str,
    pub taxable: bool,
}

pub struct PdfPayment<'a> {
    /// e.g. "Dec 3, 2026"
    pub date: &'a str,
    /// e.g. "Card", "Refund · Cash"
    pub method: &'a str,
    pub reference: Option<&'a str>,
    /// e.g. "$120.00" or "−$20.00" for a refund
    pub amount: &'a str,
}

/// The invoice as a PDF file (US Letter): the clinic's name, address and phone at the top, the
/// number/status/date and the patient, a table of lines (description, qty, unit price,
/// discount, total; a mark on taxable lines), the totals block right-aligned (subtotal,
/// discount, tax, total, paid, refunded, balance due), the payments list, notes, a footer with
/// page numbers and the invoice id. Flows onto further pages when there are many lines. Never fails.
pub fn render(doc: &InvoicePdf<'_>) -> Vec<u8> {
    let title = match doc.number {
        Some(number) => format!("Invoice {number}"),
        None => "Draft invoice".to_owned(),
    };
    let mut writer = Writer::new();
    heading(&mut writer, doc, &title);
    let table = Table::new(doc.lines);
    table.draw(&mut writer, doc.lines);
    totals(&mut writer, doc, &table);
    payments(&mut writer, doc.payments, &table);
    notes(&mut writer, doc.notes);
    let mut pages = writer.finish();
    footers(&mut pages, &format!("{title} · {}", doc.patient_name), &format!("Invoice ID {}", doc.invoice_id));
    assemble(&title, pages)
}

/// The one touch of colour: the rule under the table's header.
const ACCENT: Rgb = [0.16, 0.36, 0.52];

const CLINIC_NAME: Style = Style { size: 11.0, leading: 15.0, color: INK };
/// Capitals over a column or a section.
const LABEL: Style = Style { size: 7.5, leading: 12.0, color: GREY };
const QUIET: Style = Style { color: GREY, ..BODY };
const STRONG: Style = Style { size: 11.0, leading: 16.0, color: INK };

const HALF: f32 = TEXT_WIDTH / 2.0;
const GUTTER: f32 = 16.0;
/// Room after the totals' column for the taxable mark.
const MARK_ROOM: f32 = 12.0;
const ROW_PADDING: f32 = 5.0;
const SECTION_GAP: f32 = 26.0;

fn text(font: Font, text: &str) -> [Run; 1] {
    [Run::new(font, text)]
}

/// The title and the clinic side by side, then who is billed beside the date and status, and
/// the void banner.
fn heading(writer: &mut Writer, doc: &InvoicePdf<'_>, title: &str) {
    let mut top = Stack::new();
    top.lines(text_lines(&text(Font::Bold, title), TITLE, 0.0, HALF - GUTTER));
    let mut clinic = Stack::new();
    clinic.lines(right_aligned(&text(Font::Bold, doc.clinic_name), CLINIC_NAME, TEXT_WIDTH, HALF));
    let address = doc.clinic_address.into_iter().flat_map(str::lines);
    for line in address.chain(doc.clinic_phone).map(str::trim).filter(|line| !line.is_empty()) {
        clinic.lines(right_aligned(&text(Font::Regular, line), DETAIL, TEXT_WIDTH, HALF));
    }
    top.beside(clinic);
    top.draw(writer);
    writer.gap(22.0);

    let mut billed = Stack::new();
    billed.lines(text_lines(&text(Font::Bold, "BILLED TO"), LABEL, 0.0, HALF - GUTTER));
    billed.lines(text_lines(&text(Font::Bold, doc.patient_name), BODY, 0.0, HALF - GUTTER));
    if let Some(visit) = doc.visit {
        billed.lines(text_lines(&text(Font::Regular, visit), QUIET, 0.0, HALF - GUTTER));
    }
    let mut facts = Stack::new();
    facts.gap(LABEL.leading);
    const LABEL_WIDTH: f32 = 70.0;
    let status = Style { color: if doc.void.is_some() { RED } else { INK }, ..BODY };
    for (label, value, font, style) in
        [("Date", doc.dated, Font::Regular, BODY), ("Status", doc.status, Font::Bold, status)]
    {
        facts.row(vec![
            text_lines(&text(Font::Regular, label), QUIET, HALF, LABEL_WIDTH),
            text_lines(&text(font, value), style, HALF + LABEL_WIDTH, HALF - LABEL_WIDTH),
        ]);
    }
    billed.beside(facts);
    billed.draw(writer);

    if let Some((when, reason)) = doc.void {
        writer.gap(16.0);
        writer.banner(&format!("VOID — voided {when}"), reason);
    }
}

/// Which of a line's texts a column shows.
type Cell = for<'a> fn(&'a PdfLine<'a>) -> &'a str;

/// The lines' table: the description takes what the numbers leave.
struct Table {
    description: f32,
    quantity: Column,
    unit_price: Column,
    discount: Option<Column>,
    total: Column,
    /// Where the taxable mark goes, when some line is taxable.
    mark: Option<f32>,
}

impl Table {
    fn new(lines: &[PdfLine<'_>]) -> Self {
        // Each column is as wide as its widest cell or heading, within bounds, so that a short
        // invoice's descriptions get the room and a huge amount still fits on its line.
        let width = |heading: &str, cell: Cell| {
            let heading = Font::Bold.width(&win_ansi(heading), LABEL.size);
            let widest = lines.iter().map(|line| Font::Regular.width(&win_ansi(cell(line)), BODY.size));
            widest.fold(heading, f32::max).clamp(36.0, 90.0)
        };
        let mark = lines.iter().any(|line| line.taxable).then_some(TEXT_WIDTH - MARK_ROOM + 4.0);
        let mut right = if mark.is_some() { TEXT_WIDTH - MARK_ROOM } else { TEXT_WIDTH };
        let mut column = |heading: &str, cell: Cell| {
            let column = Column { right, width: width(heading, cell) };
            right = column.left() - GUTTER;
            column
        };
        let total = column("TOTAL", |line| line.total);
        let discount =
            lines.iter().any(|line| !line.discount.trim().is_empty()).then(|| column("DISCOUNT", |line| line.discount));
        let unit_price = column("UNIT PRICE", |line| line.unit_price);
        let quantity = column("QTY", |line| line.quantity);
        Self { description: quantity.left() - GUTTER, quantity, unit_price, discount, total, mark }
    }

    fn numbers(&self) -> impl Iterator<Item = Column> {
        [Some(self.quantity), Some(self.unit_price), self.discount, Some(self.total)].into_iter().flatten()
    }

    fn header(&self, writer: &mut Writer) {
        let mut cells = vec![text_lines(&text(Font::Bold, "DESCRIPTION"), LABEL, 0.0, self.description)];
        let headings = ["QTY", "UNIT PRICE"].into_iter().chain(self.discount.map(|_| "DISCOUNT")).chain(["TOTAL"]);
        for (heading, column) in headings.zip(self.numbers()) {
            cells.push(column.cell(heading, Font::Bold, LABEL));
        }
        let mut stack = Stack::new();
        stack.row(cells);
        stack.gap(3.0);
        stack.rule(0.0, TEXT_WIDTH, ACCENT, 1.25);
        stack.draw(writer);
    }

    fn row(&self, line: &PdfLine<'_>) -> Stack {
        let mut cells = vec![text_lines(&text(Font::Regular, line.description), BODY, 0.0, self.description)];
        let values = [line.quantity, line.unit_price].into_iter().chain(self.discount.map(|_| line.discount));
        for (value, column) in values.chain([line.total]).zip(self.numbers()) {
            cells.push(column.cell(value, Font::Regular, BODY));
        }
        if let (true, Some(x)) = (line.taxable, self.mark) {
            cells.push(text_lines(&text(Font::Regular, "T"), QUIET, x, MARK_ROOM));
        }
        let mut stack = Stack::new();
        stack.gap(ROW_PADDING);
        stack.row(cells);
        stack.gap(ROW_PADDING);
        stack.rule(0.0, TEXT_WIDTH, RULE, 0.5);
        stack
    }

    fn draw(&self, writer: &mut Writer, lines: &[PdfLine<'_>]) {
        writer.gap(SECTION_GAP);
        // The header goes to the next page with the first line.
        writer.room(LABEL.leading + 3.0 + lines.first().map_or(BODY.leading, |line| self.row(line).height()));
        self.header(writer);
        if lines.is_empty() {
            let mut stack = Stack::new();
            stack.gap(ROW_PADDING);
            stack.lines(text_lines(&text(Font::Regular, "No items"), QUIET, 0.0, TEXT_WIDTH));
            stack.draw(writer);
        }
        for line in lines {
            self.row(line).flow(writer, |writer| self.header(writer));
        }
    }
}

/// Subtotal to balance due, right-aligned under the lines' totals, with the taxable mark's
/// legend on the left.
fn totals(writer: &mut Writer, doc: &InvoicePdf<'_>, table: &Table) {
    let amounts = [Some(doc.subtotal), doc.discount.map(|d| d.1), doc.tax.map(|t| t.1), Some(doc.total)]
        .into_iter()
        .chain([Some(doc.paid), doc.refunded, Some(doc.balance)])
        .flatten();
    let widest = amounts.map(|amount| Font::Bold.width(&win_ansi(amount), STRONG.size)).fold(0.0, f32::max);
    let amount = Column { right: table.total.right, width: widest.clamp(table.total.width, 120.0) };
    let label = (HALF, amount.left() - GUTTER - HALF);

    let mut stack = Stack::new();
    let entry = |stack: &mut Stack, name: &str, value: &str, strong: bool| {
        let (font, label_style, style) =
            if strong { (Font::Bold, STRONG, STRONG) } else { (Font::Regular, QUIET, BODY) };
        stack.row(vec![text_lines(&text(font, name), label_style, label.0, label.1), amount.cell(value, font, style)]);
        stack.gap(2.0);
    };
    let rule = |stack: &mut Stack| {
        stack.gap(3.0);
        stack.rule(HALF, amount.right, RULE, 0.5);
        stack.gap(5.0);
    };
    entry(&mut stack, "Subtotal", doc.subtotal, false);
    for (name, value) in doc.discount.into_iter().chain(doc.tax) {
        entry(&mut stack, name, value, false);
    }
    rule(&mut stack);
    entry(&mut stack, "Total", doc.total, true);
    rule(&mut stack);
    entry(&mut stack, "Paid", doc.paid, false);
    if let Some(refunded) = doc.refunded {
        entry(&mut stack, "Refunded", refunded, false);
    }
    entry(&mut stack, "Balance due", doc.balance, true);
    if table.mark.is_some() {
        let mut legend = Stack::new();
        legend.lines(text_lines(&text(Font::Regular, "T  Taxable item"), DETAIL, 0.0, HALF - GUTTER));
        stack.beside(legend);
    }
    writer.gap(12.0);
    stack.draw(writer);
}

/// A section's heading, in capitals, over a hairline, kept on a page with `first` points of
/// what follows.
fn section(writer: &mut Writer, heading: &str, first: f32) {
    let mut stack = Stack::new();
    stack.lines(text_lines(&text(Font::Bold, heading), LABEL, 0.0, TEXT_WIDTH));
    stack.gap(3.0);
    stack.rule(0.0, TEXT_WIDTH, RULE, 0.5);
    stack.gap(4.0);
    writer.gap(SECTION_GAP);
    writer.room(stack.height() + first);
    stack.draw(writer);
}

fn payments(writer: &mut Writer, payments: &[PdfPayment<'_>], table: &Table) {
    const DATE_WIDTH: f32 = 90.0;
    let amount = Column { right: table.total.right, width: 120.0 };
    let method = (DATE_WIDTH + GUTTER, amount.left() - GUTTER - DATE_WIDTH - GUTTER);
    let rows = payments.iter().map(|payment| {
        let how = match payment.reference.map(str::trim).filter(|reference| !reference.is_empty()) {
            Some(reference) => format!("{} · {reference}", payment.method),
            None => payment.method.to_owned(),
        };
        let mut stack = Stack::new();
        stack.row(vec![
            text_lines(&text(Font::Regular, payment.date), QUIET, 0.0, DATE_WIDTH),
            text_lines(&text(Font::Regular, &how), BODY, method.0, method.1),
            amount.cell(payment.amount, Font::Regular, BODY),
        ]);
        stack.gap(4.0);
        stack
    });
    let mut rows = rows.peekable();
    let Some(first) = rows.peek() else { return };
    section(writer, "PAYMENTS", first.height());
    for row in rows {
        row.draw(writer);
    }
}

fn notes(writer: &mut Writer, notes: Option<&str>) {
    let Some(notes) = notes.map(str::trim).filter(|notes| !notes.is_empty()) else { return };
    section(writer, "NOTES", BODY.leading);
    for paragraph in notes.lines().map(str::trim) {
        if paragraph.is_empty() {
            writer.gap(6.0);
        } else {
            writer.lines(&text_lines(&text(Font::Regular, paragraph), BODY, 0.0, TEXT_WIDTH));
        }
    }
}

#[cfg(test)]
mod tests;
