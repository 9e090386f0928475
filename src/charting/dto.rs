//! What charts look like on the wire.

use chrono::{DateTime, NaiveDate, Utc};
use poem_openapi::Object;
use poem_openapi::types::MaybeUndefined;

use super::model::{ChartId, ChartStatus, Entry, EntryId, TemplateKind};
use super::rules::{Total, totals};
use super::service::ChartView;
use crate::auth::ClinicCtx;
use crate::auth::permissions::{ChartsSign, ChartsSubmit, ChartsWrite, ConsentsRead};
use crate::catalogue::{DoseUnit, LotId, ProductId, format_dose};
use crate::consents::api::{RequiredConsentOut, SignedConsentSummaryOut};
use crate::patients::PatientId;
use crate::photos::api::PhotoOut;
use crate::scheduling::AppointmentId;
use crate::sealed::Sensitive;
use crate::signoff::SignatureKind;
use crate::signoff::api::{AddendumOut, ReturnOut, SignatureOut};
use crate::staff::StaffUserId;

#[derive(Debug, Object)]
#[oai(rename_all = "camelCase", skip_serializing_if_is_none)]
pub struct EntryOut {
    pub id: EntryId,
    pub position: i32,
    pub area: String,
    pub product_id: Option<ProductId>,
    pub product_name: Option<String>,
    pub lot_id: Option<LotId>,
    pub lot_number: Option<String>,
    pub lot_expires_on: Option<NaiveDate>,
    /// The dose as a decimal, e.g. `20` or `0.5`.
    pub dose: Option<String>,
    /// The dose in thousandths of the unit (exact).
    pub dose_milli: Option<i64>,
    pub dose_unit: Option<DoseUnit>,
    pub injection_points: Option<i32>,
    pub technique: Option<String>,
}

impl From<Entry> for EntryOut {
    fn from(e: Entry) -> Self {
        Self {
            id: e.id,
            position: e.position,
            area: e.area,
            product_id: e.product_id,
            product_name: e.product_name,
            lot_id: e.lot_id,
            lot_number: e.lot_number,
            lot_expires_on: e.lot_expires_on,
            dose: e.dose_milli.map(format_dose),
            dose_milli: e.dose_milli,
            dose_unit: e.dose_unit,
            injection_points: e.injection_points,
            technique: e.technique,
        }
    }
}

#[derive(Debug, Object)]
#[oai(rename_all = "camelCase", skip_serializing_if_is_none)]
pub struct EntryIn {
    /// The area treated, e.g. "Glabella".
    pub area: String,
    pub product_id: Option<ProductId>,
    pub lot_id: Option<LotId>,
    /// A decimal with up to three places: `20`, `0.5`.
    pub dose: Option<String>,
    /// Defaults to the product's unit.
    pub dose_unit: Option<DoseUnit>,
    pub injection_points: Option<i32>,
    pub technique: Option<String>,
}

#[derive(Debug, Object)]
#[oai(rename_all = "camelCase")]
pub struct TotalOut {
    /// A product's name, or an area.
    pub label: String,
    pub unit: DoseUnit,
    pub dose: String,
    pub dose_milli: i64,
}

impl From<Total> for TotalOut {
    fn from(t: Total) -> Self {
        Self { label: t.label, unit: t.unit, dose: format_dose(t.dose_milli), dose_milli: t.dose_milli }
    }
}

#[derive(Debug, Object)]
#[oai(rename_all = "camelCase")]
pub struct TotalsOut {
    pub by_product: Vec<TotalOut>,
    pub by_area: Vec<TotalOut>,
}

#[derive(Debug, Object)]
#[oai(rename_all = "camelCase", skip_serializing_if_is_none)]
pub struct ChartOut {
    pub id: ChartId,
    pub patient_id: PatientId,
    pub patient_first_name: String,
    pub patient_last_name: String,
    pub patient_preferred_name: Option<String>,
    pub appointment_id: Option<AppointmentId>,
    /// The visit's start, for charts of an appointment.
    pub visit_at: Option<DateTime<Utc>>,
    pub service_name: Option<String>,
    pub provider_id: StaffUserId,
    pub provider_name: String,
    pub template_kind: TemplateKind,
    pub status: ChartStatus,
    pub areas: Vec<String>,
    pub technique: Option<String>,
    pub aftercare: Option<String>,
    /// Goes up with every change.
    pub revision: i32,
    pub entries: Vec<EntryOut>,
    pub totals: TotalsOut,
    pub photos: Vec<PhotoOut>,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
    pub submitted_at: Option<DateTime<Utc>>,
    pub signed_at: Option<DateTime<Utc>>,
    /// The medical director's signature, once signed.
    pub signature: Option<SignatureOut>,
    /// Each time the medical director sent it back, with why.
    pub returns: Vec<ReturnOut>,
    pub addenda: Vec<AddendumOut>,
    /// The visit's consents, for charts of an appointment, when the person asking may read
    /// consents.
    pub consents: Option<ChartConsentsOut>,
    /// Whether the person asking may change it now.
    pub can_edit: bool,
    pub can_submit: bool,
    pub can_sign: bool,
}

/// Where a chart's consents stand.
#[derive(Debug, Object)]
#[oai(rename_all = "camelCase", skip_serializing_if_is_none)]
pub struct ChartConsentsOut {
    /// Every required consent is signed and current at the visit.
    pub all_current: bool,
    /// What the visit's service requires, and where each stands now.
    pub required: Vec<RequiredConsentOut>,
    /// The signed copies the chart rests on: fixed at submission (and covered by the medical
    /// director's signature); for a draft, those that would be.
    pub relied_on: Vec<SignedConsentSummaryOut>,
    /// Why the provider submitted without every required consent current.
    pub override_reason: Option<String>,
}

impl ChartConsentsOut {
    fn new(
        consents: &Option<crate::consents::VisitConsents>,
        relied_on: &[crate::consents::SignedSummary],
        chart: &super::model::ChartRow,
    ) -> Option<Self> {
        let consents = consents.as_ref()?;
        let standings = consents.standings();
        Some(Self {
            all_current: crate::consents::status::all_current(&standings),
            required: standings.iter().map(RequiredConsentOut::from).collect(),
            relied_on: relied_on.iter().map(SignedConsentSummaryOut::from).collect(),
            override_reason: chart.consent_override_reason.clone(),
        })
    }
}

#[derive(Debug, Object)]
#[oai(rename_all = "camelCase", skip_serializing_if_is_none)]
pub struct SubmitIn {
    /// Why treatment went ahead without every required consent (only needed then).
    pub consent_override_reason: Option<String>,
}

#[derive(Debug, Object)]
#[oai(rename_all = "camelCase", skip_serializing_if_is_none)]
pub struct ChartSummaryOut {
    pub id: ChartId,
    pub status: ChartStatus,
    pub template_kind: TemplateKind,
    pub provider_name: String,
    pub appointment_id: Option<AppointmentId>,
    pub visit_at: Option<DateTime<Utc>>,
    pub service_name: Option<String>,
    pub created_at: DateTime<Utc>,
    pub photo_count: i64,
}

#[derive(Debug, Object)]
#[oai(rename_all = "camelCase", skip_serializing_if_is_none)]
pub struct ChartPatchIn {
    pub template_kind: Option<TemplateKind>,
    pub areas: Option<Vec<String>>,
    #[oai(nullable)]
    pub technique: MaybeUndefined<String>,
    #[oai(nullable)]
    pub aftercare: MaybeUndefined<String>,
}

#[derive(Debug, Object)]
#[oai(rename_all = "camelCase")]
pub struct SavedOut {
    pub revision: i32,
}

#[derive(Debug, Object)]
#[oai(rename_all = "camelCase")]
pub struct NewChartIn {
    pub template_kind: TemplateKind,
}

#[derive(Debug, Object)]
#[oai(rename_all = "camelCase")]
pub struct OpenedOut {
    pub chart_id: ChartId,
    /// Made just now, on this first open.
    pub created: bool,
}

/// Who is looking at a chart: what the answer says they may do with it.
pub struct Viewer {
    me: StaffUserId,
    owner: bool,
    may_write: bool,
    may_submit: bool,
    may_sign: bool,
    may_read_consents: bool,
}

impl Viewer {
    pub fn of(ctx: &ClinicCtx) -> Self {
        Self {
            me: ctx.on_behalf_of(),
            owner: ctx.role == crate::auth::Role::Owner,
            may_write: ctx.may::<ChartsWrite>().is_some(),
            may_submit: ctx.may::<ChartsSubmit>().is_some(),
            may_sign: ctx.may::<ChartsSign>().is_some(),
            may_read_consents: ctx.may::<ConsentsRead>().is_some(),
        }
    }
}

impl ChartOut {
    /// The chart as the person asking sees it.
    pub fn new(view: ChartView, viewer: &Viewer) -> Self {
        let c = view.chart;
        let consents =
            viewer.may_read_consents.then(|| ChartConsentsOut::new(&view.consents, &view.relied_on, &c)).flatten();
        let mine_or_owner = c.provider_id == viewer.me || viewer.owner;
        let draft = c.status == ChartStatus::Draft;
        let (by_product, by_area) = totals(&view.entries);
        let record = view.signoff;
        let signature = record.signatures.iter().find(|s| s.kind == SignatureKind::MdSignoff).map(SignatureOut::from);
        let addenda = record
            .addenda
            .iter()
            .map(|(a, body)| AddendumOut {
                id: a.id,
                author_name: a.author_name.clone(),
                body: body.expose().to_owned(),
                created_at: a.created_at,
                signature: record.signatures.iter().find(|s| s.addendum_id == Some(a.id)).map(SignatureOut::from),
            })
            .collect();
        Self {
            id: c.id,
            patient_id: c.patient_id,
            patient_first_name: view.patient.first_name,
            patient_last_name: view.patient.last_name,
            patient_preferred_name: view.patient.preferred_name,
            appointment_id: c.appointment_id,
            visit_at: c.visit_at,
            service_name: c.service_name,
            provider_id: c.provider_id,
            provider_name: c.provider_name,
            template_kind: c.template_kind,
            status: c.status,
            areas: c.areas.0,
            technique: view.technique.map(Sensitive::into_inner),
            aftercare: view.aftercare.map(Sensitive::into_inner),
            revision: c.revision,
            totals: TotalsOut {
                by_product: by_product.into_iter().map(Into::into).collect(),
                by_area: by_area.into_iter().map(Into::into).collect(),
            },
            entries: view.entries.into_iter().map(Into::into).collect(),
            photos: view.photos.into_iter().map(Into::into).collect(),
            created_at: c.created_at,
            updated_at: c.updated_at,
            submitted_at: c.submitted_at,
            signed_at: c.signed_at,
            signature,
            returns: record.returns.into_iter().map(Into::into).collect(),
            addenda,
            consents,
            can_edit: draft && mine_or_owner && viewer.may_write,
            can_submit: draft && c.provider_id == viewer.me && viewer.may_submit,
            can_sign: c.status == ChartStatus::NeedsSignOff && viewer.may_sign,
        }
    }
}
