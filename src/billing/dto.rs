//! What the billing API sends and takes. Money is in integer minor units of the clinic's
//! currency (`…Cents`); quantities in thousandths (`quantityMilli`: 0.5 syringe = 500).

use chrono::{DateTime, Utc};
use poem_openapi::Object;

use super::model::*;
use crate::catalogue::{DoseUnit, ProductId};
use crate::patients::PatientId;
use crate::scheduling::{AppointmentId, ServiceId};
use crate::staff::StaffUserId;

#[derive(Debug, Object)]
#[oai(rename_all = "camelCase", skip_serializing_if_is_none)]
pub struct InvoiceLineOut {
    pub id: InvoiceLineId,
    pub kind: LineKind,
    pub description: String,
    pub service_id: Option<ServiceId>,
    pub product_id: Option<ProductId>,
    pub quantity_milli: i64,
    /// The unit the quantity counts, for lines billed by units of a product.
    pub unit: Option<DoseUnit>,
    pub unit_price_cents: i64,
    /// The line's own discount.
    pub discount_cents: i64,
    pub taxable: bool,
    /// The quantity was taken from the visit's chart.
    pub from_chart: bool,
    /// Quantity × unit price, less the line's own discount.
    pub total_cents: i64,
    /// The line's share of the invoice discount.
    pub invoice_discount_cents: i64,
    pub tax_cents: i64,
}

impl From<Line> for InvoiceLineOut {
    fn from(l: Line) -> Self {
        Self {
            id: l.id,
            kind: l.kind,
            description: l.description,
            service_id: l.service_id,
            product_id: l.product_id,
            quantity_milli: l.quantity_milli,
            unit: l.unit,
            unit_price_cents: l.unit_price_cents,
            discount_cents: l.discount_cents,
            taxable: l.taxable,
            from_chart: l.from_chart,
            total_cents: l.total_cents,
            invoice_discount_cents: l.invoice_discount_cents,
            tax_cents: l.tax_cents,
        }
    }
}

#[derive(Debug, Object)]
#[oai(rename_all = "camelCase", skip_serializing_if_is_none)]
pub struct PaymentOut {
    pub id: PaymentId,
    pub kind: PaymentKind,
    pub method: PaymentMethod,
    pub amount_cents: i64,
    pub reference: Option<String>,
    pub received_at: DateTime<Utc>,
    pub recorded_by_name: String,
    pub voided_at: Option<DateTime<Utc>>,
    pub void_reason: Option<String>,
}

impl From<Payment> for PaymentOut {
    fn from(p: Payment) -> Self {
        Self {
            id: p.id,
            kind: p.kind,
            method: p.method,
            amount_cents: p.amount_cents,
            reference: p.reference,
            received_at: p.received_at,
            recorded_by_name: p.recorded_by_name,
            voided_at: p.voided_at,
            void_reason: p.void_reason,
        }
    }
}

/// Where the visit's chart and the invoice disagree about a product: "charted 32 u, billed 30 u".
#[derive(Debug, Object)]
#[oai(rename_all = "camelCase")]
pub struct ChartDifferenceOut {
    pub product_id: ProductId,
    pub product_name: String,
    pub unit: DoseUnit,
    pub charted_milli: i64,
    pub billed_milli: i64,
}

impl From<ChartDifference> for ChartDifferenceOut {
    fn from(d: ChartDifference) -> Self {
        Self {
            product_id: d.product_id,
            product_name: d.product_name,
            unit: d.unit,
            charted_milli: d.charted_milli,
            billed_milli: d.billed_milli,
        }
    }
}

/// An invoice as the list shows it.
#[derive(Debug, Object)]
#[oai(rename_all = "camelCase", skip_serializing_if_is_none)]
pub struct InvoiceSummaryOut {
    pub id: InvoiceId,
    /// Absent on a draft (numbers are given when an invoice is issued) and on a draft voided
    /// before issue.
    pub number: Option<String>,
    pub status: InvoiceStatus,
    pub patient_id: PatientId,
    pub patient_name: String,
    pub appointment_id: Option<AppointmentId>,
    pub visit_starts_at: Option<DateTime<Utc>>,
    pub service_name: Option<String>,
    pub provider_id: Option<StaffUserId>,
    pub provider_name: Option<String>,
    /// When it was made, then when it was issued.
    pub dated_at: DateTime<Utc>,
    pub total_cents: i64,
    pub paid_cents: i64,
    pub refunded_cents: i64,
    /// Still owed: zero unless issued.
    pub balance_cents: i64,
}

impl From<&Invoice> for InvoiceSummaryOut {
    fn from(i: &Invoice) -> Self {
        Self {
            id: i.id,
            number: i.number.clone(),
            status: i.status,
            patient_id: i.patient_id,
            patient_name: format!("{} {}", i.patient_first_name, i.patient_last_name),
            appointment_id: i.appointment_id,
            visit_starts_at: i.visit_starts_at,
            service_name: i.visit_service_name.clone(),
            provider_id: i.provider_id,
            provider_name: i.provider_name.clone(),
            dated_at: i.dated_at,
            total_cents: i.total_cents,
            paid_cents: i.paid_cents,
            refunded_cents: i.refunded_cents,
            balance_cents: i.balance_cents(),
        }
    }
}

#[derive(Debug, Object)]
#[oai(rename_all = "camelCase", skip_serializing_if_is_none)]
pub struct InvoiceOut {
    #[oai(flatten)]
    pub summary: InvoiceSummaryOut,
    /// ISO 4217 code of the clinic's currency, which every amount is in.
    pub currency: String,
    pub discount_kind: DiscountKind,
    /// Basis points for a percent discount (1000 = 10 %), minor units for an amount.
    pub discount_value: i64,
    pub discount_reason: Option<String>,
    /// Basis points, fixed when the invoice was made: 887 = 8.87 %.
    pub tax_rate_bp: i32,
    /// No tax on this invoice, whatever its lines say.
    pub tax_exempt: bool,
    pub subtotal_cents: i64,
    /// The invoice discount taken (the lines' own discounts are in their totals).
    pub discount_cents: i64,
    pub tax_cents: i64,
    pub notes: Option<String>,
    pub issued_at: Option<DateTime<Utc>>,
    pub issued_by_name: Option<String>,
    pub voided_at: Option<DateTime<Utc>>,
    pub void_reason: Option<String>,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
    pub lines: Vec<InvoiceLineOut>,
    /// Payments and refunds, oldest first, void ones included.
    pub payments: Vec<PaymentOut>,
    /// For a visit billed from its chart: where the chart now disagrees with the invoice.
    pub chart_differences: Vec<ChartDifferenceOut>,
}

impl InvoiceOut {
    pub fn new(
        i: Invoice,
        currency: String,
        lines: Vec<Line>,
        payments: Vec<Payment>,
        diffs: Vec<ChartDifference>,
    ) -> Self {
        Self {
            summary: InvoiceSummaryOut::from(&i),
            currency,
            discount_kind: i.discount_kind,
            discount_value: i.discount_value,
            discount_reason: i.discount_reason,
            tax_rate_bp: i.tax_rate_bp,
            tax_exempt: i.tax_exempt,
            subtotal_cents: i.subtotal_cents,
            discount_cents: i.discount_cents,
            tax_cents: i.tax_cents,
            notes: i.notes,
            issued_at: i.issued_at,
            issued_by_name: i.issued_by_name,
            voided_at: i.voided_at,
            void_reason: i.void_reason,
            created_at: i.created_at,
            updated_at: i.updated_at,
            lines: lines.into_iter().map(InvoiceLineOut::from).collect(),
            payments: payments.into_iter().map(PaymentOut::from).collect(),
            chart_differences: diffs.into_iter().map(ChartDifferenceOut::from).collect(),
        }
    }
}

#[derive(Debug, Object)]
#[oai(rename_all = "camelCase")]
pub struct InvoiceTotalsOut {
    pub count: i64,
    /// Issued invoices' totals (void ones excluded).
    pub invoiced_cents: i64,
    /// Payments less refunds.
    pub collected_cents: i64,
    /// Balances still due on unpaid and partially paid invoices.
    pub outstanding_cents: i64,
}

#[derive(Debug, Object)]
#[oai(rename_all = "camelCase", skip_serializing_if_is_none)]
pub struct InvoicePage {
    /// Newest first.
    pub items: Vec<InvoiceSummaryOut>,
    /// Over everything the filters match, not just this page.
    pub totals: InvoiceTotalsOut,
    pub currency: String,
    /// Pass as `after` for the next page; absent on the last.
    pub next_cursor: Option<String>,
}

#[derive(Debug, Object)]
#[oai(rename_all = "camelCase")]
pub struct InvoiceLineIn {
    pub kind: LineKind,
    /// 1–200 characters.
    pub description: String,
    pub service_id: Option<ServiceId>,
    pub product_id: Option<ProductId>,
    /// Thousandths: 1 = 1000, 0.5 syringe = 500. From 1 to 100,000,000.
    pub quantity_milli: i64,
    pub unit: Option<DoseUnit>,
    pub unit_price_cents: i64,
    /// The line's own discount, at most its amount.
    #[oai(default)]
    pub discount_cents: i64,
    pub taxable: bool,
    /// Keep `true` on lines the invoice took from the chart, so "Update from chart" replaces them.
    #[oai(default)]
    pub from_chart: bool,
}

/// A draft's whole content: what the checkout screen shows.
#[derive(Debug, Object)]
#[oai(rename_all = "camelCase")]
pub struct InvoiceDraftIn {
    /// Up to 100 lines, in order.
    pub lines: Vec<InvoiceLineIn>,
    pub discount_kind: DiscountKind,
    /// Basis points for a percent (at most 10000), minor units for an amount; 0 for none.
    #[oai(default)]
    pub discount_value: i64,
    /// Required with a discount: why it was given.
    pub discount_reason: Option<String>,
    #[oai(default)]
    pub tax_exempt: bool,
    pub notes: Option<String>,
}

#[derive(Debug, Object)]
#[oai(rename_all = "camelCase")]
pub struct InvoiceCreateIn {
    pub patient_id: PatientId,
}

#[derive(Debug, Object)]
#[oai(rename_all = "camelCase")]
pub struct PaymentIn {
    #[oai(default = "default_kind")]
    pub kind: PaymentKind,
    pub method: PaymentMethod,
    /// More than zero; a payment at most the balance due, a refund at most what was paid and
    /// not yet refunded.
    pub amount_cents: i64,
    pub reference: Option<String>,
    /// When the money moved; now if absent. Not more than a minute in the future.
    pub received_at: Option<DateTime<Utc>>,
}

fn default_kind() -> PaymentKind {
    PaymentKind::Payment
}

#[derive(Debug, Object)]
#[oai(rename_all = "camelCase")]
pub struct ReasonIn {
    /// 1–500 characters.
    pub reason: String,
}

#[derive(Debug, Object)]
#[oai(rename_all = "camelCase", skip_serializing_if_is_none)]
pub struct BillingSettingsOut {
    pub currency: String,
    /// Basis points: 887 = 8.87 %.
    pub tax_rate_bp: i32,
    /// Whether service lines are taxable by default.
    pub tax_services: bool,
    /// Whether retail product lines are taxable by default.
    pub tax_products: bool,
    pub invoice_prefix: String,
    /// The number the next issued invoice gets.
    pub next_invoice_number: i64,
    pub clinic_address: Option<String>,
    pub clinic_phone: Option<String>,
}

impl From<BillingSettings> for BillingSettingsOut {
    fn from(s: BillingSettings) -> Self {
        Self {
            currency: s.currency,
            tax_rate_bp: s.tax_rate_bp,
            tax_services: s.tax_services,
            tax_products: s.tax_products,
            invoice_prefix: s.invoice_prefix,
            next_invoice_number: s.next_invoice_number,
            clinic_address: s.clinic_address,
            clinic_phone: s.clinic_phone,
        }
    }
}

#[derive(Debug, Object)]
#[oai(rename_all = "camelCase")]
pub struct BillingSettingsIn {
    /// 0–10000 basis points.
    pub tax_rate_bp: i32,
    pub tax_services: bool,
    pub tax_products: bool,
    /// 1–10 of A–Z, 0–9 and "-".
    pub invoice_prefix: String,
    /// At least the current next number: the sequence never moves back.
    pub next_invoice_number: i64,
    pub clinic_address: Option<String>,
    pub clinic_phone: Option<String>,
}
