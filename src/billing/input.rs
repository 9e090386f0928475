//! Checks on what the billing API is sent, each refusal naming its field.

use chrono::{DateTime, Utc};

use super::dto::{BillingSettingsIn, InvoiceDraftIn, InvoiceLineIn, PaymentIn};
use super::model::*;
use crate::http::input::{optional_text, text};
use crate::http::{ApiError, FieldProblem};

pub(super) fn reason(value: &str) -> Result<String, ApiError> {
    text("reason", value, 500)
}

const MAX_AMOUNT: i64 = 100_000_000;

fn line(i: usize, l: &InvoiceLineIn) -> Result<LineInput, ApiError> {
    let bad = |code: &'static str, message: String| {
        ApiError::validation(vec![FieldProblem::new(format!("lines[{i}]"), code, message)])
    };
    let description = text(&format!("lines[{i}].description"), &l.description, 200)?;
    if !(1..=MAX_AMOUNT).contains(&l.quantity_milli) {
        return Err(bad("out_of_range", "A quantity is more than 0 and at most 100,000.".into()));
    }
    if !(0..=MAX_AMOUNT).contains(&l.unit_price_cents) {
        return Err(bad("out_of_range", "A unit price is from 0 to 1,000,000.00.".into()));
    }
    let gross = super::totals::div_round(i128::from(l.quantity_milli) * i128::from(l.unit_price_cents), 1000);
    if l.discount_cents < 0 || i128::from(l.discount_cents) > gross {
        return Err(bad("out_of_range", "A line's discount is at most the line's amount.".into()));
    }
    if l.kind == LineKind::Service && l.service_id.is_none() && l.product_id.is_none() {
        return Err(bad("required", "A service line names its service.".into()));
    }
    if l.kind == LineKind::Product && l.product_id.is_none() {
        return Err(bad("required", "A product line names its product.".into()));
    }
    Ok(LineInput {
        kind: l.kind,
        description,
        service_id: l.service_id,
        product_id: l.product_id,
        quantity_milli: l.quantity_milli,
        unit: l.unit.filter(|_| l.product_id.is_some()),
        unit_price_cents: l.unit_price_cents,
        discount_cents: l.discount_cents,
        taxable: l.taxable,
        from_chart: l.from_chart && l.product_id.is_some(),
    })
}

pub(super) fn draft(body: &InvoiceDraftIn) -> Result<DraftInput, ApiError> {
    if body.lines.len() > 100 {
        return Err(ApiError::validation(vec![FieldProblem::new("lines", "too_many", "Up to 100 lines.")]));
    }
    let lines = body.lines.iter().enumerate().map(|(i, l)| line(i, l)).collect::<Result<Vec<_>, _>>()?;
    let (kind, value) = match (body.discount_kind, body.discount_value) {
        (_, 0) | (DiscountKind::None, _) => (DiscountKind::None, 0),
        (DiscountKind::Percent, v) if (1..=10_000).contains(&v) => (DiscountKind::Percent, v),
        (DiscountKind::Amount, v) if (1..=MAX_AMOUNT).contains(&v) => (DiscountKind::Amount, v),
        _ => {
            return Err(ApiError::validation(vec![FieldProblem::new(
                "discountValue",
                "out_of_range",
                "A percentage is up to 100 % (10000); an amount up to 1,000,000.00.",
            )]));
        }
    };
    let discount_reason = optional_text("discountReason", body.discount_reason.as_deref(), 200)?;
    if kind != DiscountKind::None && discount_reason.is_none() {
        return Err(ApiError::validation(vec![FieldProblem::new(
            "discountReason",
            "required",
            "Say why the discount was given.",
        )]));
    }
    Ok(DraftInput {
        lines,
        discount_kind: kind,
        discount_value: value,
        discount_reason: if kind == DiscountKind::None { None } else { discount_reason },
        tax_exempt: body.tax_exempt,
        notes: optional_text("notes", body.notes.as_deref(), 2000)?,
    })
}

pub(super) fn payment(body: &PaymentIn, key: Option<String>, now: DateTime<Utc>) -> Result<PaymentInput, ApiError> {
    if !(1..=MAX_AMOUNT).contains(&body.amount_cents) {
        return Err(ApiError::validation(vec![FieldProblem::new(
            "amountCents",
            "out_of_range",
            "An amount is more than 0 and at most 1,000,000.00.",
        )]));
    }
    if body.received_at.is_some_and(|at| at > now + chrono::Duration::minutes(1)) {
        return Err(ApiError::validation(vec![FieldProblem::new(
            "receivedAt",
            "in_future",
            "A payment can't be received in the future.",
        )]));
    }
    Ok(PaymentInput {
        kind: body.kind,
        method: body.method,
        amount_cents: body.amount_cents,
        reference: optional_text("reference", body.reference.as_deref(), 120)?,
        received_at: body.received_at,
        idempotency_key: key,
    })
}

pub(super) fn settings_in(body: &BillingSettingsIn) -> Result<BillingSettings, ApiError> {
    let mut problems = Vec::new();
    if !(0..=10_000).contains(&body.tax_rate_bp) {
        problems.push(FieldProblem::new("taxRateBp", "out_of_range", "A tax rate is from 0 % to 100 %."));
    }
    let prefix = body.invoice_prefix.trim().to_uppercase();
    if prefix.is_empty() || prefix.len() > 10 || !prefix.chars().all(|c| c.is_ascii_alphanumeric() || c == '-') {
        problems.push(FieldProblem::new("invoicePrefix", "invalid", "Use 1–10 letters, digits or dashes."));
    }
    if !(1..=999_999_999).contains(&body.next_invoice_number) {
        problems.push(FieldProblem::new("nextInvoiceNumber", "out_of_range", "Use a number from 1 to 999,999,999."));
    }
    if !problems.is_empty() {
        return Err(ApiError::validation(problems));
    }
    Ok(BillingSettings {
        currency: String::new(),
        tax_rate_bp: body.tax_rate_bp,
        tax_services: body.tax_services,
        tax_products: body.tax_products,
        invoice_prefix: prefix,
        next_invoice_number: body.next_invoice_number,
        clinic_address: optional_text("clinicAddress", body.clinic_address.as_deref(), 300)?,
        clinic_phone: optional_text("clinicPhone", body.clinic_phone.as_deref(), 40)?,
    })
}
