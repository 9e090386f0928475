//! An invoice as a document: reading it for a download (recorded), and what its PDF says,
//! with amounts in the clinic's currency and dates in its time zone.

use chrono::{DateTime, Utc};
use chrono_tz::Tz;
use serde_json::json;

use super::error::BillingError;
use super::model::*;
use super::pdf::{InvoicePdf, PdfLine, PdfPayment, render};
use super::read::{self, InvoiceView};
use super::repo;
use crate::audit::AuditAction;
use crate::auth::permissions::InvoicesRead;
use crate::catalogue::DoseUnit;
use crate::clinic::{Audited, ClinicOp};

/// Who the document is from.
#[derive(Debug, Clone)]
pub struct Letterhead {
    pub name: String,
    pub address: Option<String>,
    pub phone: Option<String>,
}

/// Reads an invoice for its PDF; the download is recorded.
pub async fn downloaded(
    op: &mut ClinicOp<InvoicesRead>,
    id: InvoiceId,
) -> Result<Audited<(InvoiceView, Letterhead)>, BillingError> {
    let view = read::invoice(op.tx(), id).await?;
    let settings = repo::settings(op.tx()).await?;
    let letterhead =
        Letterhead { name: op.clinic().name.clone(), address: settings.clinic_address, phone: settings.clinic_phone };
    let entry = op
        .entry(AuditAction::InvoiceDownloaded)
        .entity("invoice", id.0)
        .patient(view.invoice.patient_id.0)
        .details(json!({ "number": view.invoice.number }));
    Ok(op.audit(entry, (view, letterhead)).await?)
}

/// An amount as a receipt prints it: "$1,234.50", "-$20.00".
pub fn money(cents: i64, currency: &str) -> String {
    let symbol = match currency {
        "USD" | "CAD" | "AUD" | "NZD" => "$",
        "GBP" => "£",
        "EUR" => "€",
        _ => "",
    };
    let mut digits = (cents.unsigned_abs() / 100).to_string();
    let mut grouped = String::new();
    while digits.len() > 3 {
        let tail = digits.split_off(digits.len() - 3);
        grouped = format!(",{tail}{grouped}");
    }
    let amount = format!("{digits}{grouped}.{:02}", cents.unsigned_abs() % 100);
    let sign = if cents < 0 { "-" } else { "" };
    if symbol.is_empty() { format!("{sign}{amount} {currency}") } else { format!("{sign}{symbol}{amount}") }
}

/// A quantity in thousandths as people write it: "32", "0.5", "1.25".
pub fn quantity(milli: i64) -> String {
    let whole = milli / 1000;
    let fraction = milli % 1000;
    if fraction == 0 {
        whole.to_string()
    } else {
        let digits = format!("{fraction:03}");
        format!("{whole}.{}", digits.trim_end_matches('0'))
    }
}

/// "32 units", "1 syringe", "0.5 mL".
pub fn quantity_with_unit(milli: i64, unit: Option<DoseUnit>) -> String {
    let n = quantity(milli);
    match unit {
        None | Some(DoseUnit::Other) => n,
        Some(DoseUnit::Passes) if milli == 1000 => "1 pass".to_owned(),
        Some(unit @ (DoseUnit::Units | DoseUnit::Syringes | DoseUnit::Vials | DoseUnit::Pulses)) if milli == 1000 => {
            format!("1 {}", unit.label().trim_end_matches('s'))
        }
        Some(unit) => format!("{n} {}", unit.label()),
    }
}

fn day(at: DateTime<Utc>, tz: Tz) -> String {
    at.with_timezone(&tz).format("%B %-d, %Y").to_string()
}

fn status_label(status: InvoiceStatus) -> &'static str {
    match status {
        InvoiceStatus::Draft => "Draft",
        InvoiceStatus::Unpaid => "Unpaid",
        InvoiceStatus::PartiallyPaid => "Partially paid",
        InvoiceStatus::Paid => "Paid",
        InvoiceStatus::Refunded => "Refunded",
        InvoiceStatus::Void => "Void",
    }
}

fn method_label(method: PaymentMethod) -> &'static str {
    match method {
        PaymentMethod::Card => "Card",
        PaymentMethod::Cash => "Cash",
        PaymentMethod::Check => "Check",
        PaymentMethod::GiftCard => "Gift card",
        PaymentMethod::BankTransfer => "Bank transfer",
        PaymentMethod::MembershipCredit => "Membership credit",
        PaymentMethod::Other => "Other",
    }
}

/// Basis points as a percentage: 887 → "8.87%", 1000 → "10%".
pub fn percent(bp: i64) -> String {
    let text = format!("{}.{:02}", bp / 100, bp % 100);
    format!("{}%", text.trim_end_matches('0').trim_end_matches('.'))
}

pub fn pdf(view: &InvoiceView, from: &Letterhead, tz: Tz) -> Vec<u8> {
    let i = &view.invoice;
    let c = view.currency.as_str();
    let lines: Vec<[String; 5]> = view
        .lines
        .iter()
        .map(|l| {
            [
                l.description.clone(),
                quantity_with_unit(l.quantity_milli, l.unit),
                money(l.unit_price_cents, c),
                if l.discount_cents > 0 { money(-l.discount_cents, c) } else { String::new() },
                money(l.total_cents, c),
            ]
        })
        .collect();
    let pdf_lines: Vec<PdfLine<'_>> = lines
        .iter()
        .zip(&view.lines)
        .map(|(t, l)| PdfLine {
            description: &t[0],
            quantity: &t[1],
            unit_price: &t[2],
            discount: &t[3],
            total: &t[4],
            taxable: l.taxable,
        })
        .collect();
    let payments: Vec<[String; 3]> = view
        .payments
        .iter()
        .filter(|p| p.voided_at.is_none())
        .map(|p| {
            let (method, amount) = match p.kind {
                PaymentKind::Payment => (method_label(p.method).to_owned(), money(p.amount_cents, c)),
                PaymentKind::Refund => (format!("Refund · {}", method_label(p.method)), money(-p.amount_cents, c)),
            };
            [p.received_at.with_timezone(&tz).format("%b %-d, %Y").to_string(), method, amount]
        })
        .collect();
    let pdf_payments: Vec<PdfPayment<'_>> = payments
        .iter()
        .zip(view.payments.iter().filter(|p| p.voided_at.is_none()))
        .map(|(t, p)| PdfPayment { date: &t[0], method: &t[1], reference: p.reference.as_deref(), amount: &t[2] })
        .collect();
    let discount_label = match i.discount_kind {
        DiscountKind::Percent => format!("Discount ({})", percent(i.discount_value)),
        _ => "Discount".to_owned(),
    };
    let discount_label = match &i.discount_reason {
        Some(why) => format!("{discount_label} — {why}"),
        None => discount_label,
    };
    let discount_amount = money(-i.discount_cents, c);
    let tax_label = format!("Tax ({})", percent(i64::from(i.tax_rate_bp)));
    let tax_amount = money(i.tax_cents, c);
    let patient = format!("{} {}", i.patient_first_name, i.patient_last_name);
    let visit = match (&i.visit_service_name, i.visit_starts_at) {
        (Some(service), Some(at)) => Some(match &i.provider_name {
            Some(provider) => {
                format!("{service} with {provider}, {}", at.with_timezone(&tz).format("%B %-d, %Y at %-I:%M %p"))
            }
            None => format!("{service}, {}", at.with_timezone(&tz).format("%B %-d, %Y at %-I:%M %p")),
        }),
        _ => None,
    };
    let voided = i.voided_at.map(|at| day(at, tz));
    let id = i.id.to_string();
    let (subtotal, total, paid, balance) =
        (money(i.subtotal_cents, c), money(i.total_cents, c), money(i.paid_cents, c), money(i.balance_cents(), c));
    let refunded = (i.refunded_cents > 0).then(|| money(-i.refunded_cents, c));
    render(&InvoicePdf {
        clinic_name: &from.name,
        clinic_address: from.address.as_deref(),
        clinic_phone: from.phone.as_deref(),
        number: i.number.as_deref(),
        status: status_label(i.status),
        dated: &day(i.dated_at, tz),
        patient_name: &patient,
        visit: visit.as_deref(),
        lines: &pdf_lines,
        subtotal: &subtotal,
        discount: (i.discount_cents > 0).then_some((discount_label.as_str(), discount_amount.as_str())),
        tax: (i.tax_cents > 0).then_some((tax_label.as_str(), tax_amount.as_str())),
        total: &total,
        payments: &pdf_payments,
        paid: &paid,
        refunded: refunded.as_deref(),
        balance: &balance,
        void: voided.as_deref().map(|at| (at, i.void_reason.as_deref().unwrap_or(""))),
        notes: i.notes.as_deref(),
        invoice_id: &id,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn amounts_quantities_and_rates_read_naturally() {
        assert_eq!(money(123_450, "USD"), "$1,234.50");
        assert_eq!(money(-2000, "USD"), "-$20.00");
        assert_eq!(money(5, "SEK"), "0.05 SEK");
        assert_eq!(quantity_with_unit(32_000, Some(DoseUnit::Units)), "32 units");
        assert_eq!(quantity_with_unit(1000, Some(DoseUnit::Syringes)), "1 syringe");
        assert_eq!(quantity_with_unit(500, Some(DoseUnit::Syringes)), "0.5 syringes");
        assert_eq!(quantity(1250), "1.25");
        assert_eq!(percent(887), "8.87%");
        assert_eq!(percent(1000), "10%");
        assert_eq!(percent(1050), "10.5%");
    }
}
