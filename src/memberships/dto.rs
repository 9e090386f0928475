//! What the memberships API sends and receives. Quantities are thousandths (1000 is one
//! session or one unit) and money is cents; a credit has one or the other.

use chrono::{DateTime, NaiveDate, Utc};
use poem_openapi::Object;

use super::model::*;
use super::read::{Balance, MembershipView, PlanLiability};
use crate::billing::InvoiceId;
use crate::catalogue::ProductKind;
use crate::patients::PatientId;
use crate::scheduling::{AppointmentId, ServiceId};

fn amounts(credit: Credit, amount: i64) -> (i64, i64) {
    if credit == Credit::Money { (0, amount) } else { (amount, 0) }
}

/// What a plan grants, each period or once.
#[derive(Debug, Object)]
#[oai(rename_all = "camelCase")]
pub struct PlanBenefitIn {
    pub credit_kind: CreditKind,
    /// For a service credit.
    pub service_id: Option<ServiceId>,
    /// For units (a unit bank).
    pub product_kind: Option<ProductKind>,
    /// Sessions or units, in thousandths (1000 is one); 0 for money.
    #[oai(default)]
    pub quantity_milli: i64,
    /// For a money credit.
    #[oai(default)]
    pub amount_cents: i64,
}

#[derive(Debug, Object)]
#[oai(rename_all = "camelCase", skip_serializing_if_is_none)]
pub struct PlanBenefitOut {
    pub id: BenefitId,
    pub credit_kind: CreditKind,
    pub service_id: Option<ServiceId>,
    pub product_kind: Option<ProductKind>,
    pub quantity_milli: i64,
    pub amount_cents: i64,
    /// The service's name, "Credit", or the kind of units.
    pub label: String,
}

impl From<&Benefit> for PlanBenefitOut {
    fn from(b: &Benefit) -> Self {
        let (quantity_milli, amount_cents) = amounts(b.credit, b.amount);
        Self {
            id: b.id,
            credit_kind: b.credit.kind(),
            service_id: b.credit.service(),
            product_kind: b.credit.product_kind(),
            quantity_milli,
            amount_cents,
            label: b.label.clone(),
        }
    }
}

#[derive(Debug, Object)]
#[oai(rename_all = "camelCase")]
pub struct PlanIn {
    pub kind: PlanKind,
    pub name: String,
    pub description: Option<String>,
    pub price_cents: i64,
    /// `month` or `year` for a membership; `none` for a package.
    pub billing_interval: BillingInterval,
    /// Members' discount in basis points (1000 is 10 %).
    #[oai(default)]
    pub member_discount_bp: i32,
    #[oai(default)]
    pub discount_services: bool,
    #[oai(default)]
    pub discount_products: bool,
    /// Packages: how many days the credits last, counting the day of purchase.
    pub validity_days: Option<i32>,
    /// Memberships: months a period's unused credits stay usable after it ends (0: they end with it).
    #[oai(default)]
    pub credit_rollover_months: i32,
    pub benefits: Vec<PlanBenefitIn>,
}

#[derive(Debug, Object)]
#[oai(rename_all = "camelCase", skip_serializing_if_is_none)]
pub struct PlanOut {
    pub id: PlanId,
    pub kind: PlanKind,
    pub name: String,
    pub description: Option<String>,
    pub price_cents: i64,
    pub billing_interval: BillingInterval,
    pub member_discount_bp: i32,
    pub discount_services: bool,
    pub discount_products: bool,
    pub validity_days: Option<i32>,
    pub credit_rollover_months: i32,
    pub benefits: Vec<PlanBenefitOut>,
    /// Patients enrolled now (active or paused).
    pub members: i64,
    pub archived: bool,
    pub archived_at: Option<DateTime<Utc>>,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

impl From<Plan> for PlanOut {
    fn from(p: Plan) -> Self {
        Self {
            id: p.id,
            kind: p.kind,
            benefits: p.benefits.iter().map(PlanBenefitOut::from).collect(),
            name: p.name,
            description: p.description,
            price_cents: p.price_cents,
            billing_interval: p.interval,
            member_discount_bp: p.member_discount_bp,
            discount_services: p.discount_services,
            discount_products: p.discount_products,
            validity_days: p.validity_days,
            credit_rollover_months: p.rollover_months,
            members: p.members,
            archived: p.archived_at.is_some(),
            archived_at: p.archived_at,
            created_at: p.created_at,
            updated_at: p.updated_at,
        }
    }
}

#[derive(Debug, Object)]
#[oai(rename_all = "camelCase")]
pub struct PlanArchiveIn {
    pub archived: bool,
}

#[derive(Debug, Object)]
#[oai(rename_all = "camelCase")]
pub struct EnrolIn {
    pub plan_id: PlanId,
    /// The first day (the clinic's today when absent).
    pub starts_on: Option<NaiveDate>,
    /// The patient's draft invoice to add the sale to, at checkout. Without it the sale gets
    /// an invoice of its own, issued at once.
    pub invoice_id: Option<InvoiceId>,
}

#[derive(Debug, Object)]
#[oai(rename_all = "camelCase")]
pub struct MembershipCancelIn {
    pub reason: String,
}

/// A correction by hand: positive adds a credit, negative takes from the soonest-expiring.
#[derive(Debug, Object)]
#[oai(rename_all = "camelCase")]
pub struct AdjustIn {
    pub credit_kind: CreditKind,
    pub service_id: Option<ServiceId>,
    pub product_kind: Option<ProductKind>,
    #[oai(default)]
    pub quantity_milli: i64,
    #[oai(default)]
    pub amount_cents: i64,
    pub reason: String,
    /// The last day an added credit can be used; none: it does not expire.
    pub expires_on: Option<NaiveDate>,
}

#[derive(Debug, Object)]
#[oai(rename_all = "camelCase", skip_serializing_if_is_none)]
pub struct BalanceOut {
    pub credit_kind: CreditKind,
    pub service_id: Option<ServiceId>,
    pub product_kind: Option<ProductKind>,
    pub label: String,
    /// Usable today.
    pub quantity_milli: i64,
    pub amount_cents: i64,
    /// The soonest last day of what is left, and how much ends then (same unit as above).
    pub next_expiry_on: Option<NaiveDate>,
    pub next_expiry_amount: Option<i64>,
}

impl From<&Balance> for BalanceOut {
    fn from(b: &Balance) -> Self {
        let (quantity_milli, amount_cents) = amounts(b.credit, b.available);
        Self {
            credit_kind: b.credit.kind(),
            service_id: b.credit.service(),
            product_kind: b.credit.product_kind(),
            label: b.label.clone(),
            quantity_milli,
            amount_cents,
            next_expiry_on: b.next_expiry.map(|e| e.0),
            next_expiry_amount: b.next_expiry.map(|e| e.1),
        }
    }
}

#[derive(Debug, Object)]
#[oai(rename_all = "camelCase", skip_serializing_if_is_none)]
pub struct LedgerEntryOut {
    pub id: EntryId,
    pub kind: EntryKind,
    pub credit_kind: CreditKind,
    pub service_id: Option<ServiceId>,
    pub product_kind: Option<ProductKind>,
    pub label: String,
    /// Signed: plus for grants, reversals and additions; minus for uses, expiries and removals.
    pub quantity_milli: i64,
    pub amount_cents: i64,
    /// The grant it draws from or gives back to.
    pub pot_id: Option<EntryId>,
    pub expires_on: Option<NaiveDate>,
    pub appointment_id: Option<AppointmentId>,
    pub invoice_id: Option<InvoiceId>,
    pub invoice_number: Option<String>,
    pub reason: Option<String>,
    /// Who wrote it; absent for what Contour did itself (renewals, expiries).
    pub by_name: Option<String>,
    pub created_at: DateTime<Utc>,
}

impl From<&Entry> for LedgerEntryOut {
    fn from(e: &Entry) -> Self {
        let (quantity_milli, amount_cents) = amounts(e.credit, e.amount);
        let label = match e.credit {
            Credit::Service(_) => e.service_name.clone().unwrap_or_else(|| "Service".into()),
            Credit::Money => "Credit".into(),
            Credit::Units(kind) => format!("{kind} units"),
        };
        Self {
            id: e.id,
            kind: e.kind,
            credit_kind: e.credit.kind(),
            service_id: e.credit.service(),
            product_kind: e.credit.product_kind(),
            label,
            quantity_milli,
            amount_cents,
            pot_id: e.pot_id,
            expires_on: e.expires_on,
            appointment_id: e.appointment_id,
            invoice_id: e.invoice_id,
            invoice_number: e.invoice_number.clone(),
            reason: e.reason.clone(),
            by_name: e.by_name.clone(),
            created_at: e.created_at,
        }
    }
}

#[derive(Debug, Object)]
#[oai(rename_all = "camelCase", skip_serializing_if_is_none)]
pub struct MembershipOut {
    pub id: MembershipId,
    pub patient_id: PatientId,
    pub plan_id: PlanId,
    pub plan_name: String,
    pub plan_kind: PlanKind,
    pub status: MembershipStatus,
    pub started_on: NaiveDate,
    /// Memberships: when the next period starts and is billed (absent while paused or cancelled).
    pub next_renewal_on: Option<NaiveDate>,
    /// Packages: the last day their credits can be used.
    pub expires_on: Option<NaiveDate>,
    pub paused_on: Option<NaiveDate>,
    pub cancelled_at: Option<DateTime<Utc>>,
    pub cancellation_reason: Option<String>,
    pub sale_invoice_id: Option<InvoiceId>,
    /// A period's invoice is still unpaid a week after the period began.
    pub overdue: bool,
    pub balances: Vec<BalanceOut>,
    /// Oldest first.
    pub entries: Vec<LedgerEntryOut>,
    pub created_at: DateTime<Utc>,
}

impl From<MembershipView> for MembershipOut {
    fn from(v: MembershipView) -> Self {
        let m = v.membership;
        Self {
            id: m.id,
            patient_id: m.patient_id,
            plan_id: m.plan_id,
            plan_name: m.plan_name,
            plan_kind: m.plan_kind,
            status: m.status,
            started_on: m.started_on,
            next_renewal_on: m.next_renewal_on,
            expires_on: m.expires_on,
            paused_on: m.paused_on,
            cancelled_at: m.cancelled_at,
            cancellation_reason: m.cancellation_reason,
            sale_invoice_id: m.sale_invoice_id,
            overdue: m.overdue,
            balances: v.balances.iter().map(BalanceOut::from).collect(),
            entries: v.entries.iter().map(LedgerEntryOut::from).collect(),
            created_at: m.created_at,
        }
    }
}

#[derive(Debug, Object)]
#[oai(rename_all = "camelCase", skip_serializing_if_is_none)]
pub struct CreditAmountOut {
    pub credit_kind: CreditKind,
    pub service_id: Option<ServiceId>,
    pub product_kind: Option<ProductKind>,
    pub quantity_milli: i64,
    pub amount_cents: i64,
}

#[derive(Debug, Object)]
#[oai(rename_all = "camelCase")]
pub struct PlanLiabilityOut {
    pub plan_id: PlanId,
    pub plan_name: String,
    pub kind: PlanKind,
    pub members: i64,
    pub outstanding: Vec<CreditAmountOut>,
    /// What the unused credits are worth: their share of what was paid for them.
    pub value_cents: i64,
}

impl From<PlanLiability> for PlanLiabilityOut {
    fn from(p: PlanLiability) -> Self {
        Self {
            plan_id: p.plan_id,
            plan_name: p.plan_name,
            kind: p.kind,
            members: p.members,
            outstanding: p
                .outstanding
                .iter()
                .map(|(credit, amount)| {
                    let (quantity_milli, amount_cents) = amounts(*credit, *amount);
                    CreditAmountOut {
                        credit_kind: credit.kind(),
                        service_id: credit.service(),
                        product_kind: credit.product_kind(),
                        quantity_milli,
                        amount_cents,
                    }
                })
                .collect(),
            value_cents: p.value_cents,
        }
    }
}

#[derive(Debug, Object)]
#[oai(rename_all = "camelCase")]
pub struct LiabilityOut {
    /// The day it is for (the clinic's).
    pub on: NaiveDate,
    pub currency: String,
    pub plans: Vec<PlanLiabilityOut>,
    pub total_value_cents: i64,
}
