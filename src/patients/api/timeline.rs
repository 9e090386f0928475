//! Everything about a patient in time order, as typed entries: appointments, charts with their
//! photos for those who may read them, consents signed and revoked for those who may read
//! consents, invoices and payments for those who may read invoices, and membership credits for
//! those who may read memberships.

use chrono::{DateTime, Utc};
use poem_openapi::param::Path;
use poem_openapi::payload::Json;
use poem_openapi::{Object, OpenApi, Union};

use crate::auth::Staff;
use crate::auth::permissions::{ChartsRead, ConsentsRead, InvoicesRead, MembershipsRead, PatientsRead};
use crate::billing::{self, InvoiceId, InvoiceStatus, PaymentId, PaymentKind, PaymentMethod};
use crate::charting::{self, ChartId, ChartStatus, TemplateKind};
use crate::consents::{self, ConsentKind, SignedConsentId, SigningChannel};
use crate::http::ApiResult;
use crate::http::tags::ApiTags;
use crate::memberships;
use crate::patients::{self, PatientId};
use crate::scheduling::{self, AppointmentId, AppointmentSource, AppointmentStatus};

pub struct TimelineApi;

#[derive(Debug, Object)]
#[oai(rename_all = "camelCase", skip_serializing_if_is_none)]
pub struct TimelineAppointment {
    /// When it happens (or happened): the appointment's start.
    pub at: DateTime<Utc>,
    pub appointment_id: AppointmentId,
    pub ends_at: DateTime<Utc>,
    pub status: AppointmentStatus,
    pub source: AppointmentSource,
    pub service_name: String,
    pub service_color: String,
    pub provider_name: String,
    pub room_name: Option<String>,
    pub cancellation_reason: Option<String>,
}

#[derive(Debug, Object)]
#[oai(rename_all = "camelCase", skip_serializing_if_is_none)]
pub struct TimelineChart {
    /// The visit's start, or when the chart was started.
    pub at: DateTime<Utc>,
    pub chart_id: ChartId,
    pub appointment_id: Option<AppointmentId>,
    pub status: ChartStatus,
    pub template_kind: TemplateKind,
    pub provider_name: String,
    pub service_name: Option<String>,
    pub photo_count: i64,
}

#[derive(Debug, Object)]
#[oai(rename_all = "camelCase", skip_serializing_if_is_none)]
pub struct TimelineConsentSigned {
    pub at: DateTime<Utc>,
    pub consent_id: SignedConsentId,
    pub title: String,
    pub consent_kind: ConsentKind,
    pub appointment_id: Option<AppointmentId>,
    pub signer_name: String,
    /// Absent when signed on the patient's own phone.
    pub witness_name: Option<String>,
    pub channel: SigningChannel,
    /// Revoked since (a `consent_revoked` entry says when and why).
    pub revoked: bool,
}

#[derive(Debug, Object)]
#[oai(rename_all = "camelCase")]
pub struct TimelineConsentRevoked {
    pub at: DateTime<Utc>,
    pub consent_id: SignedConsentId,
    pub title: String,
    pub consent_kind: ConsentKind,
    pub reason: String,
    pub revoked_by_name: String,
}

#[derive(Debug, Object)]
#[oai(rename_all = "camelCase", skip_serializing_if_is_none)]
pub struct TimelineInvoice {
    /// When it was issued (or made, for a draft).
    pub at: DateTime<Utc>,
    pub invoice_id: InvoiceId,
    /// Absent until issued.
    pub number: Option<String>,
    pub status: InvoiceStatus,
    pub appointment_id: Option<AppointmentId>,
    pub service_name: Option<String>,
    pub total_cents: i64,
    pub balance_cents: i64,
}

#[derive(Debug, Object)]
#[oai(rename_all = "camelCase", skip_serializing_if_is_none)]
pub struct TimelinePayment {
    pub at: DateTime<Utc>,
    pub invoice_id: InvoiceId,
    pub payment_id: PaymentId,
    pub number: Option<String>,
    pub payment_kind: PaymentKind,
    pub method: PaymentMethod,
    pub amount_cents: i64,
    /// Voided since (recorded by mistake).
    pub voided: bool,
}

/// A change to a patient's membership credits: granted, used, given back, expired or adjusted.
#[derive(Debug, Object)]
#[oai(rename_all = "camelCase", skip_serializing_if_is_none)]
pub struct TimelineCredit {
    pub at: DateTime<Utc>,
    pub entry_id: memberships::EntryId,
    pub membership_id: memberships::MembershipId,
    pub plan_name: String,
    pub entry_kind: memberships::EntryKind,
    pub credit_kind: memberships::CreditKind,
    /// The service's name, "Credit", or the kind of units.
    pub label: String,
    /// Signed; thousandths of a session or unit (money credits: 0).
    pub quantity_milli: i64,
    /// Signed; money credits only (others: 0).
    pub amount_cents: i64,
    pub invoice_id: Option<InvoiceId>,
    pub appointment_id: Option<AppointmentId>,
    pub reason: Option<String>,
}

/// One thing in a patient's history; `kind` says which.
#[derive(Debug, Union)]
#[oai(discriminator_name = "kind", one_of)]
pub enum TimelineEntry {
    #[oai(mapping = "appointment")]
    Appointment(TimelineAppointment),
    /// Only for roles that may read charts.
    #[oai(mapping = "chart")]
    Chart(TimelineChart),
    /// Only for roles that may read consents.
    #[oai(mapping = "consent_signed")]
    ConsentSigned(TimelineConsentSigned),
    #[oai(mapping = "consent_revoked")]
    ConsentRevoked(TimelineConsentRevoked),
    /// Only for roles that may read invoices.
    #[oai(mapping = "invoice")]
    Invoice(TimelineInvoice),
    /// A payment or refund; only for roles that may read invoices.
    #[oai(mapping = "payment")]
    Payment(TimelinePayment),
    /// Only for roles that may read memberships.
    #[oai(mapping = "credit")]
    Credit(TimelineCredit),
}

impl TimelineEntry {
    fn at(&self) -> DateTime<Utc> {
        match self {
            TimelineEntry::Appointment(a) => a.at,
            TimelineEntry::Chart(c) => c.at,
            TimelineEntry::ConsentSigned(c) => c.at,
            TimelineEntry::ConsentRevoked(c) => c.at,
            TimelineEntry::Invoice(i) => i.at,
            TimelineEntry::Payment(p) => p.at,
            TimelineEntry::Credit(c) => c.at,
        }
    }
}

#[derive(Debug, Object)]
#[oai(rename_all = "camelCase")]
pub struct Timeline {
    /// Newest first.
    pub entries: Vec<TimelineEntry>,
}

#[OpenApi(tag = "ApiTags::Patients")]
impl TimelineApi {
    /// A patient's timeline
    ///
    /// Everything about the patient, newest first, as typed entries (`kind`). Needs
    /// `patients:read`.
    #[oai(path = "/patients/:id/timeline", method = "get", operation_id = "patients.timeline")]
    async fn timeline(&self, auth: Staff<PatientsRead>, id: Path<PatientId>) -> ApiResult<Json<Timeline>> {
        let mut op = auth.begin_read().await?;
        patients::get(&mut op, id.0).await?;
        let mut entries: Vec<TimelineEntry> = scheduling::appointments_of_patient(op.tx(), id.0)
            .await?
            .into_iter()
            .map(|a| {
                TimelineEntry::Appointment(TimelineAppointment {
                    at: a.starts_at,
                    appointment_id: a.id,
                    ends_at: a.ends_at,
                    status: a.status,
                    source: a.source,
                    service_name: a.service_name,
                    service_color: a.service_color,
                    provider_name: a.provider_name,
                    room_name: a.room_name,
                    cancellation_reason: a.cancellation_reason,
                })
            })
            .collect();
        if let Some(charts) = op.may::<ChartsRead>() {
            for (c, photo_count) in charting::summaries_of_patient(op.tx(), &charts, id.0).await? {
                entries.push(TimelineEntry::Chart(TimelineChart {
                    at: c.visit_at.unwrap_or(c.created_at),
                    chart_id: c.id,
                    appointment_id: c.appointment_id,
                    status: c.status,
                    template_kind: c.template_kind,
                    provider_name: c.provider_name,
                    service_name: c.service_name,
                    photo_count,
                }));
            }
        }
        if op.may::<ConsentsRead>().is_some() {
            for s in consents::signed_by_patient(op.tx(), id.0).await? {
                if let Some(at) = s.revoked_at {
                    entries.push(TimelineEntry::ConsentRevoked(TimelineConsentRevoked {
                        at,
                        consent_id: s.id,
                        title: s.title.clone(),
                        consent_kind: s.kind,
                        reason: s.revoke_reason.unwrap_or_default(),
                        revoked_by_name: s.revoked_by_name.unwrap_or_default(),
                    }));
                }
                entries.push(TimelineEntry::ConsentSigned(TimelineConsentSigned {
                    at: s.signed_at,
                    consent_id: s.id,
                    title: s.title,
                    consent_kind: s.kind,
                    appointment_id: s.appointment_id,
                    signer_name: s.signer_name,
                    witness_name: s.witness_name,
                    channel: s.channel,
                    revoked: s.revoked_at.is_some(),
                }));
            }
        }
        if op.may::<InvoicesRead>().is_some() {
            let (invoices, payments) = billing::read::of_patient(op.tx(), id.0).await?;
            entries.extend(invoices.iter().map(|i| {
                TimelineEntry::Invoice(TimelineInvoice {
                    at: i.dated_at,
                    invoice_id: i.id,
                    number: i.number.clone(),
                    status: i.status,
                    appointment_id: i.appointment_id,
                    service_name: i.visit_service_name.clone(),
                    total_cents: i.total_cents,
                    balance_cents: i.balance_cents(),
                })
            }));
            entries.extend(payments.into_iter().map(|p| {
                TimelineEntry::Payment(TimelinePayment {
                    at: p.payment.received_at,
                    invoice_id: p.invoice_id,
                    payment_id: p.payment.id,
                    number: p.number,
                    payment_kind: p.payment.kind,
                    method: p.payment.method,
                    amount_cents: p.payment.amount_cents,
                    voided: p.payment.voided_at.is_some(),
                })
            }));
        }
        if op.may::<MembershipsRead>().is_some() {
            let today = memberships::enrol::today(&op);
            for view in memberships::read::of_patient(op.tx(), id.0, today).await? {
                let plan_name = view.membership.plan_name.clone();
                // Newest first, so entries of one instant keep their order after the sort below.
                entries.extend(view.entries.into_iter().rev().map(|e| {
                    let out = memberships::api::LedgerEntryOut::from(&e);
                    TimelineEntry::Credit(TimelineCredit {
                        at: e.created_at,
                        entry_id: e.id,
                        membership_id: e.membership_id,
                        plan_name: plan_name.clone(),
                        entry_kind: e.kind,
                        credit_kind: e.credit.kind(),
                        label: out.label,
                        quantity_milli: out.quantity_milli,
                        amount_cents: out.amount_cents,
                        invoice_id: e.invoice_id,
                        appointment_id: e.appointment_id,
                        reason: e.reason,
                    })
                }));
            }
        }
        entries.sort_by_key(|e| std::cmp::Reverse(e.at()));
        Ok(Json(Timeline { entries }))
    }
}
