//! Plans, patients' memberships and the credit ledger, as the module reads and writes them.

use chrono::{DateTime, NaiveDate, Utc};

use crate::billing::InvoiceId;
use crate::catalogue::ProductKind;
use crate::patients::PatientId;
use crate::scheduling::{AppointmentId, ServiceId};

crate::id_type!(
    /// A membership or package plan's id.
    PlanId
);
crate::id_type!(
    /// One credit a plan grants (each period, or once).
    BenefitId
);
crate::id_type!(
    /// A patient's membership or package.
    MembershipId
);
crate::id_type!(
    /// A credit ledger entry.
    EntryId
);

crate::text_enum! {
    pub enum PlanKind {
        /// A recurring fee with credits each period and a member discount.
        Membership = "membership",
        /// Paid once, for credits that last a number of days (a unit bank is a package of units).
        Package = "package",
    }
}

crate::text_enum! {
    pub enum BillingInterval {
        Month = "month",
        Year = "year",
        /// Packages: paid once.
        None = "none",
    }
}

crate::text_enum! {
    /// What a credit is good for.
    pub enum CreditKind {
        /// Sessions of one service.
        Service = "service",
        /// An amount of money off anything.
        Money = "money",
        /// Units of a kind of product (a unit bank), drawn from what a chart records.
        Units = "units",
    }
}

crate::text_enum! {
    pub enum EntryKind {
        Grant = "grant",
        Use = "use",
        Expire = "expire",
        /// Gives back a use (its invoice was voided, or its line removed).
        Reverse = "reverse",
        /// A correction by hand, with a reason.
        Adjust = "adjust",
    }
}

crate::text_enum! {
    pub enum MembershipStatus {
        Active = "active",
        Paused = "paused",
        Cancelled = "cancelled",
        /// A package past its last day, or a membership that ran out (nothing renews it).
        Ended = "ended",
    }
}

/// A credit's kind with what it is good for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Credit {
    Service(ServiceId),
    Money,
    Units(ProductKind),
}

impl Credit {
    pub fn kind(self) -> CreditKind {
        match self {
            Credit::Service(_) => CreditKind::Service,
            Credit::Money => CreditKind::Money,
            Credit::Units(_) => CreditKind::Units,
        }
    }

    pub fn service(self) -> Option<ServiceId> {
        if let Credit::Service(s) = self { Some(s) } else { None }
    }

    pub fn product_kind(self) -> Option<ProductKind> {
        if let Credit::Units(k) = self { Some(k) } else { None }
    }

    /// From the columns that hold it.
    pub fn from_columns(
        kind: CreditKind,
        service: Option<ServiceId>,
        product_kind: Option<ProductKind>,
    ) -> Option<Self> {
        match kind {
            CreditKind::Service => service.map(Credit::Service),
            CreditKind::Money => Some(Credit::Money),
            CreditKind::Units => product_kind.map(Credit::Units),
        }
    }
}

/// One credit of a plan: `amount` is thousandths of a session or unit, or cents for money.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Benefit {
    pub id: BenefitId,
    pub credit: Credit,
    pub amount: i64,
    /// The service's name, for display.
    pub label: String,
}

#[derive(Debug, Clone)]
pub struct Plan {
    pub id: PlanId,
    pub kind: PlanKind,
    pub name: String,
    pub description: Option<String>,
    pub price_cents: i64,
    pub interval: BillingInterval,
    pub member_discount_bp: i32,
    pub discount_services: bool,
    pub discount_products: bool,
    pub validity_days: Option<i32>,
    pub rollover_months: i32,
    pub benefits: Vec<Benefit>,
    pub members: i64,
    pub archived_at: Option<DateTime<Utc>>,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

/// A benefit as a plan is saved with it (checked).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BenefitInput {
    pub credit: Credit,
    pub amount: i64,
}

/// A plan as the owner saves it (checked).
#[derive(Debug, Clone)]
pub struct PlanInput {
    pub kind: PlanKind,
    pub name: String,
    pub description: Option<String>,
    pub price_cents: i64,
    pub interval: BillingInterval,
    pub member_discount_bp: i32,
    pub discount_services: bool,
    pub discount_products: bool,
    pub validity_days: Option<i32>,
    pub rollover_months: i32,
    pub benefits: Vec<BenefitInput>,
}

#[derive(Debug, Clone, sqlx::FromRow)]
pub struct Membership {
    pub id: MembershipId,
    pub patient_id: PatientId,
    pub plan_id: PlanId,
    pub plan_name: String,
    pub plan_kind: PlanKind,
    pub status: MembershipStatus,
    pub started_on: NaiveDate,
    pub next_renewal_on: Option<NaiveDate>,
    pub expires_on: Option<NaiveDate>,
    pub paused_on: Option<NaiveDate>,
    pub cancelled_at: Option<DateTime<Utc>>,
    pub cancellation_reason: Option<String>,
    pub sale_invoice_id: Option<InvoiceId>,
    /// An invoice of one of its periods is issued and still unpaid after its period began.
    pub overdue: bool,
    pub created_at: DateTime<Utc>,
}

/// A ledger entry, with the names a history shows.
#[derive(Debug, Clone)]
pub struct Entry {
    pub id: EntryId,
    pub membership_id: MembershipId,
    pub kind: EntryKind,
    pub credit: Credit,
    /// The service's name, for a service credit.
    pub service_name: Option<String>,
    /// Thousandths of a session or unit, or cents; signed.
    pub amount: i64,
    pub pot_id: Option<EntryId>,
    pub expires_on: Option<NaiveDate>,
    pub appointment_id: Option<AppointmentId>,
    pub invoice_id: Option<InvoiceId>,
    pub invoice_number: Option<String>,
    pub reason: Option<String>,
    pub by_name: Option<String>,
    pub created_at: DateTime<Utc>,
}
