//! Charts over HTTP: opened from the appointment, filled in by the provider, read, and submitted
//! for sign-off. Signing, returning, addenda and verification are `signoff`'s.

use poem_openapi::OpenApi;
use poem_openapi::param::Path;
use poem_openapi::payload::Json;
use poem_openapi::types::MaybeUndefined;

use super::dto::{
    ChartOut, ChartPatchIn, ChartSummaryOut, EntryIn, EntryOut, NewChartIn, OpenedOut, SavedOut, SubmitIn, Viewer,
};
use super::model::{ChartId, EntryId, EntryInput};
use super::service::{self, ContentChange};
use crate::auth::Staff;
use crate::auth::permissions::{ChartsRead, ChartsSubmit, ChartsWrite};
use crate::catalogue::parse_dose;
use crate::http::input::{OptionalJson, optional_text, text};
use crate::http::tags::ApiTags;
use crate::http::{ApiError, ApiResult, FieldProblem};
use crate::patients::PatientId;
use crate::scheduling::AppointmentId;
use crate::sealed::Sensitive;

pub struct ChartsApi;

/// An empty answer that says only that it worked.
#[derive(Debug, poem_openapi::Object)]
pub struct Done {
    pub ok: bool,
}

fn entry_input(body: &EntryIn) -> Result<EntryInput, ApiError> {
    let area = text("area", &body.area, 80)?;
    let dose_milli = match body.dose.as_deref().map(str::trim).filter(|d| !d.is_empty()) {
        Some(d) => Some(parse_dose(d).ok_or_else(|| {
            ApiError::validation(vec![FieldProblem::new(
                "dose",
                "invalid",
                "Use a number like 20 or 0.5 (up to three decimals).",
            )])
        })?),
        None => None,
    };
    if body.injection_points.is_some_and(|n| !(0..=500).contains(&n)) {
        return Err(ApiError::validation(vec![FieldProblem::new("injectionPoints", "out_of_range", "Use 0 to 500.")]));
    }
    if body.lot_id.is_some() && body.product_id.is_none() {
        return Err(ApiError::validation(vec![FieldProblem::new(
            "productId",
            "required",
            "Choose the lot's product.",
        )]));
    }
    if body.dose_unit.is_some() && dose_milli.is_none() {
        return Err(ApiError::validation(vec![FieldProblem::new("dose", "required", "A unit needs a dose.")]));
    }
    if dose_milli.is_some() && body.dose_unit.is_none() && body.product_id.is_none() {
        return Err(ApiError::validation(vec![FieldProblem::new(
            "doseUnit",
            "required",
            "Say what unit the dose is in.",
        )]));
    }
    Ok(EntryInput {
        area,
        product: body.product_id,
        lot: body.lot_id,
        dose_milli,
        dose_unit: body.dose_unit,
        injection_points: body.injection_points,
        technique: optional_text("technique", body.technique.as_deref(), 500)?,
    })
}

fn areas(list: &[String]) -> Result<Vec<String>, ApiError> {
    if list.len() > 40 {
        return Err(ApiError::validation(vec![FieldProblem::new("areas", "too_many", "At most 40 areas.")]));
    }
    let mut out: Vec<String> = Vec::new();
    for (i, a) in list.iter().enumerate() {
        let a = text(&format!("areas[{i}]"), a, 80)?;
        if !out.iter().any(|x| x.eq_ignore_ascii_case(&a)) {
            out.push(a);
        }
    }
    Ok(out)
}

fn sensitive(field: &str, value: &MaybeUndefined<String>, max: usize) -> Result<Option<Option<Sensitive>>, ApiError> {
    match value {
        MaybeUndefined::Undefined => Ok(None),
        MaybeUndefined::Null => Ok(Some(None)),
        MaybeUndefined::Value(v) => {
            if v.chars().count() > max {
                return Err(ApiError::validation(vec![FieldProblem::new(
                    field,
                    "too_long",
                    format!("Keep it under {max} characters."),
                )]));
            }
            Ok(Some(Some(Sensitive::new(v.clone()))))
        }
    }
}

#[OpenApi(tag = "ApiTags::Charts")]
impl ChartsApi {
    /// Open an appointment's chart
    ///
    /// The chart of the visit, made on first open with the appointment's patient, provider and
    /// the service's chart kind. Needs `charts:write`.
    #[oai(path = "/appointments/:id/chart", method = "post", operation_id = "charts.open_for_appointment")]
    async fn open(&self, auth: Staff<ChartsWrite>, id: Path<AppointmentId>) -> ApiResult<Json<OpenedOut>> {
        let mut op = auth.begin().await?;
        let opened = service::open_for_appointment(&mut op, id.0).await?;
        let (chart_id, created) = op.commit(opened).await?;
        Ok(Json(OpenedOut { chart_id, created }))
    }

    /// Start a chart for a patient
    ///
    /// For care without an appointment; the person asking is its provider. Needs `charts:write`.
    #[oai(path = "/patients/:id/charts", method = "post", operation_id = "charts.create")]
    async fn create(
        &self,
        auth: Staff<ChartsWrite>,
        id: Path<PatientId>,
        body: Json<NewChartIn>,
    ) -> ApiResult<Json<OpenedOut>> {
        let mut op = auth.begin().await?;
        let created = service::create_for_patient(&mut op, id.0, body.template_kind).await?;
        Ok(Json(OpenedOut { chart_id: op.commit(created).await?, created: true }))
    }

    /// A patient's charts
    ///
    /// Newest first, with how many photos each has. The listing is recorded in the audit log.
    /// Needs `charts:read`.
    #[oai(path = "/patients/:id/charts", method = "get", operation_id = "charts.list_for_patient")]
    async fn list(&self, auth: Staff<ChartsRead>, id: Path<PatientId>) -> ApiResult<Json<Vec<ChartSummaryOut>>> {
        let mut op = auth.begin().await?;
        let charts = service::list_for_patient(&mut op, id.0).await?;
        Ok(Json(
            op.commit(charts)
                .await?
                .into_iter()
                .map(|(c, photo_count)| ChartSummaryOut {
                    id: c.id,
                    status: c.status,
                    template_kind: c.template_kind,
                    provider_name: c.provider_name,
                    appointment_id: c.appointment_id,
                    visit_at: c.visit_at,
                    service_name: c.service_name,
                    created_at: c.created_at,
                    photo_count,
                })
                .collect(),
        ))
    }

    /// Read a chart
    ///
    /// Everything on it: entries with totals, photos, sign-off, returns and addenda. Each read is
    /// audited. Needs `charts:read`.
    #[oai(path = "/charts/:id", method = "get", operation_id = "charts.get")]
    async fn get(&self, auth: Staff<ChartsRead>, id: Path<ChartId>) -> ApiResult<Json<ChartOut>> {
        let mut op = auth.begin().await?;
        let chart = service::read(&mut op, id.0).await?;
        Ok(Json(ChartOut::new(op.commit(chart).await?, &Viewer::of(&auth.ctx))))
    }

    /// Save a draft's content
    ///
    /// Areas, technique and aftercare notes, chart kind; fields left out stay as they are (the
    /// app autosaves with this). Only the chart's provider or an owner; drafts only (a submitted
    /// chart is `chart_locked`, a signed one `chart_signed`). Needs `charts:write`.
    #[oai(path = "/charts/:id", method = "patch", operation_id = "charts.update")]
    async fn update(
        &self,
        auth: Staff<ChartsWrite>,
        id: Path<ChartId>,
        body: Json<ChartPatchIn>,
    ) -> ApiResult<Json<SavedOut>> {
        let change = ContentChange {
            template_kind: body.template_kind,
            areas: body.areas.as_deref().map(areas).transpose()?,
            technique: sensitive("technique", &body.technique, 5000)?,
            aftercare: sensitive("aftercare", &body.aftercare, 5000)?,
        };
        let mut op = auth.begin().await?;
        let saved = service::update_content(&mut op, id.0, change).await?;
        Ok(Json(SavedOut { revision: op.commit(saved).await? }))
    }

    /// Add a treatment entry
    ///
    /// An area with product, lot and dose. The lot must be the product's, and not expired on
    /// the day of the visit (`lot_expired`). Needs `charts:write`.
    #[oai(path = "/charts/:id/entries", method = "post", operation_id = "charts.add_entry")]
    async fn add_entry(
        &self,
        auth: Staff<ChartsWrite>,
        id: Path<ChartId>,
        body: Json<EntryIn>,
    ) -> ApiResult<Json<EntryOut>> {
        save_entry(&auth, id.0, None, &body).await
    }

    /// Change a treatment entry
    ///
    /// Needs `charts:write`.
    #[oai(path = "/charts/:id/entries/:entry_id", method = "put", operation_id = "charts.update_entry")]
    async fn update_entry(
        &self,
        auth: Staff<ChartsWrite>,
        id: Path<ChartId>,
        entry_id: Path<EntryId>,
        body: Json<EntryIn>,
    ) -> ApiResult<Json<EntryOut>> {
        save_entry(&auth, id.0, Some(entry_id.0), &body).await
    }

    /// Remove a treatment entry
    ///
    /// From a draft; the row is kept, marked removed. Needs `charts:write`.
    #[oai(path = "/charts/:id/entries/:entry_id", method = "delete", operation_id = "charts.remove_entry")]
    async fn remove_entry(
        &self,
        auth: Staff<ChartsWrite>,
        id: Path<ChartId>,
        entry_id: Path<EntryId>,
    ) -> ApiResult<Json<Done>> {
        let mut op = auth.begin().await?;
        let removed = service::remove_entry(&mut op, id.0, entry_id.0).await?;
        op.commit(removed).await?;
        Ok(Json(Done { ok: true }))
    }

    /// Submit for sign-off
    ///
    /// The chart's own provider hands it to the medical director; it then locks, and what it
    /// shows of its visit (time, service, provider) is fixed. Required content is checked first
    /// (`chart_incomplete` lists what is missing; injectables need an entry with lot and dose).
    /// When the visit's required consents are not all signed and current, submission is
    /// refused with `consent_missing` unless the body gives `consentOverrideReason`; the reason
    /// is kept on the chart for the medical director and audited. Needs `charts:submit`.
    #[oai(path = "/charts/:id/submit", method = "post", operation_id = "charts.submit")]
    async fn submit(
        &self,
        auth: Staff<ChartsSubmit>,
        id: Path<ChartId>,
        body: OptionalJson<SubmitIn>,
    ) -> ApiResult<Json<ChartOut>> {
        let reason = optional_text(
            "consentOverrideReason",
            body.0.as_ref().and_then(|b| b.consent_override_reason.as_deref()),
            500,
        )?;
        let mut op = auth.begin().await?;
        let submitted = super::submit(&mut op, id.0, reason.as_deref()).await?;
        Ok(Json(ChartOut::new(op.commit(submitted).await?, &Viewer::of(&auth.ctx))))
    }
}

/// Adds a treatment entry (`existing: None`) or changes one.
async fn save_entry(
    auth: &Staff<ChartsWrite>,
    chart: ChartId,
    existing: Option<EntryId>,
    body: &EntryIn,
) -> ApiResult<Json<EntryOut>> {
    let input = entry_input(body)?;
    let mut op = auth.begin().await?;
    let saved = service::save_entry(&mut op, chart, existing, &input).await?;
    Ok(Json(op.commit(saved).await?.into()))
}
