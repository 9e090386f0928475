//! Invoices, their lines and payments, and what checkout reads from a visit and its chart.

use chrono::{DateTime, Utc};

use crate::catalogue::{DoseUnit, ProductId};
use crate::patients::PatientId;
pub use crate::scheduling::Pricing;
use crate::scheduling::{AppointmentId, ServiceId};
use crate::staff::StaffUserId;

crate::id_type!(
    /// An invoice's id.
    InvoiceId
);
crate::id_type!(
    /// An invoice line's id.
    InvoiceLineId
);
crate::id_type!(
    /// A payment's (or refund's) id.
    PaymentId
);

crate::text_enum! {
    /// Where an invoice is in its life: a draft is edited freely; once issued it is numbered
    /// and frozen, and its status follows the payments recorded against it.
    pub enum InvoiceStatus {
        Draft = "draft",
        /// Issued, nothing paid yet.
        Unpaid = "unpaid",
        PartiallyPaid = "partially_paid",
        Paid = "paid",
        /// Everything paid was given back.
        Refunded = "refunded",
        Void = "void",
    }
}

crate::text_enum! {
    pub enum LineKind {
        Service = "service",
        /// A product sold over the counter.
        Product = "product",
        Membership = "membership",
        Package = "package",
        Other = "other",
    }
}

crate::text_enum! {
    pub enum DiscountKind {
        None = "none",
        Percent = "percent",
        Amount = "amount",
    }
}

crate::text_enum! {
    pub enum PaymentKind {
        Payment = "payment",
        Refund = "refund",
    }
}

crate::text_enum! {
    /// How the money moved. Contour records payments; it never takes them.
    pub enum PaymentMethod {
        Card = "card",
        Cash = "cash",
        Check = "check",
        GiftCard = "gift_card",
        BankTransfer = "bank_transfer",
        MembershipCredit = "membership_credit",
        Other = "other",
    }
}

impl InvoiceStatus {
    /// Issued and not void: what counts as invoiced.
    pub fn is_issued(self) -> bool {
        !matches!(self, InvoiceStatus::Draft | InvoiceStatus::Void)
    }

    /// An issued invoice's status from what was paid and given back.
    pub fn from_payments(total_cents: i64, paid_cents: i64, refunded_cents: i64) -> Self {
        if refunded_cents > 0 && refunded_cents >= paid_cents {
            InvoiceStatus::Refunded
        } else if paid_cents >= total_cents {
            InvoiceStatus::Paid
        } else if paid_cents > 0 {
            InvoiceStatus::PartiallyPaid
        } else {
            InvoiceStatus::Unpaid
        }
    }
}

#[derive(Debug, Clone, sqlx::FromRow)]
pub struct Invoice {
    pub id: InvoiceId,
    pub number: Option<String>,
    pub status: InvoiceStatus,
    pub patient_id: PatientId,
    pub patient_first_name: String,
    pub patient_last_name: String,
    pub appointment_id: Option<AppointmentId>,
    pub visit_starts_at: Option<DateTime<Utc>>,
    pub visit_service_name: Option<String>,
    pub provider_id: Option<StaffUserId>,
    pub provider_name: Option<String>,
    pub discount_kind: DiscountKind,
    pub discount_value: i64,
    pub discount_reason: Option<String>,
    pub tax_rate_bp: i32,
    pub tax_exempt: bool,
    pub subtotal_cents: i64,
    pub discount_cents: i64,
    pub tax_cents: i64,
    pub total_cents: i64,
    pub paid_cents: i64,
    pub refunded_cents: i64,
    pub notes: Option<String>,
    pub dated_at: DateTime<Utc>,
    pub issued_at: Option<DateTime<Utc>>,
    pub issued_by_name: Option<String>,
    pub voided_at: Option<DateTime<Utc>>,
    pub void_reason: Option<String>,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

impl Invoice {
    /// What is still owed (never negative).
    pub fn balance_cents(&self) -> i64 {
        if self.status.is_issued() { (self.total_cents - self.paid_cents).max(0) } else { 0 }
    }
}

#[derive(Debug, Clone, sqlx::FromRow)]
pub struct Line {
    pub id: InvoiceLineId,
    pub position: i32,
    pub kind: LineKind,
    pub description: String,
    pub service_id: Option<ServiceId>,
    pub product_id: Option<ProductId>,
    pub quantity_milli: i64,
    pub unit: Option<DoseUnit>,
    pub unit_price_cents: i64,
    pub discount_cents: i64,
    pub taxable: bool,
    pub from_chart: bool,
    pub total_cents: i64,
    pub invoice_discount_cents: i64,
    pub tax_cents: i64,
}

#[derive(Debug, Clone, sqlx::FromRow)]
pub struct Payment {
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

/// A line as a draft is saved with it (checked).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LineInput {
    pub kind: LineKind,
    pub description: String,
    pub service_id: Option<ServiceId>,
    pub product_id: Option<ProductId>,
    pub quantity_milli: i64,
    pub unit: Option<DoseUnit>,
    pub unit_price_cents: i64,
    pub discount_cents: i64,
    pub taxable: bool,
    pub from_chart: bool,
}

/// A draft's whole content, as the checkout screen saves it.
#[derive(Debug, Clone)]
pub struct DraftInput {
    pub lines: Vec<LineInput>,
    pub discount_kind: DiscountKind,
    pub discount_value: i64,
    pub discount_reason: Option<String>,
    pub tax_exempt: bool,
    pub notes: Option<String>,
}

/// A payment or refund to record (checked).
#[derive(Debug, Clone)]
pub struct PaymentInput {
    pub kind: PaymentKind,
    pub method: PaymentMethod,
    pub amount_cents: i64,
    pub reference: Option<String>,
    pub received_at: Option<DateTime<Utc>>,
    pub idempotency_key: Option<String>,
}

/// The product quantities a visit's chart records, per product and unit.
#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct Charted {
    pub product_id: ProductId,
    pub product_name: String,
    pub unit: DoseUnit,
    pub quantity_milli: i64,
    /// The product's price per `default_unit`; it applies only when charted in that unit.
    pub price_cents: Option<i64>,
    pub default_unit: DoseUnit,
}

/// Where a chart and its invoice disagree: "charted 32 u, billed 30 u".
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ChartDifference {
    pub product_id: ProductId,
    pub product_name: String,
    pub unit: DoseUnit,
    pub charted_milli: i64,
    pub billed_milli: i64,
}

/// The clinic's billing settings.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct BillingSettings {
    pub currency: String,
    pub tax_rate_bp: i32,
    pub tax_services: bool,
    pub tax_products: bool,
    pub invoice_prefix: String,
    pub next_invoice_number: i64,
    pub clinic_address: Option<String>,
    pub clinic_phone: Option<String>,
}

/// An invoice number from the clinic's prefix and sequence: `INV-00042`.
pub fn invoice_number(prefix: &str, n: i64) -> String {
    if prefix.ends_with('-') { format!("{prefix}{n:05}") } else { format!("{prefix}-{n:05}") }
}

/// One page of the invoices list, with the totals of everything the filters match.
#[derive(Debug, Clone, Default, sqlx::FromRow)]
pub struct ListTotals {
    pub count: i64,
    /// Issued, not void.
    pub invoiced_cents: i64,
    /// Paid less refunded.
    pub collected_cents: i64,
    pub outstanding_cents: i64,
}

impl std::ops::AddAssign for ListTotals {
    fn add_assign(&mut self, other: Self) {
        self.count += other.count;
        self.invoiced_cents += other.invoiced_cents;
        self.collected_cents += other.collected_cents;
        self.outstanding_cents += other.outstanding_cents;
    }
}

/// What the invoices list is asked for.
#[derive(Debug, Clone, Default)]
pub struct ListFilter {
    pub statuses: Vec<InvoiceStatus>,
    pub from: Option<DateTime<Utc>>,
    pub to: Option<DateTime<Utc>>,
    pub provider: Option<StaffUserId>,
    pub patient: Option<PatientId>,
    /// An invoice number, or the start of the patient's first or last name.
    pub query: Option<String>,
}

/// The invoices list resumes after this invoice (newest first).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Cursor {
    pub dated_at: DateTime<Utc>,
    pub id: InvoiceId,
}

/// A payment with the invoice it was for, as a patient's history shows it.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct PatientPayment {
    #[sqlx(flatten)]
    pub payment: Payment,
    pub invoice_id: InvoiceId,
    pub number: Option<String>,
}
