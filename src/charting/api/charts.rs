//! Charts: opened from the appointment, filled in by the provider, submitted, then signed or
//! returned by the medical director; after that only signed addenda.

use poem_openapi::OpenApi;
use poem_openapi::param::{Path, Query};
use poem_openapi::payload::Json;
use poem_openapi::types::MaybeUndefined;
use serde_json::json;

use super::dto::{
    AddendumIn, AddendumOut, ChartOut, ChartPatchIn, ChartSummaryOut, CheckOut, CommentIn, EntryIn, EntryOut,
    NewChartIn, OpenedOut, QueueItemOut, ReturnOut, SavedOut, SignatureOut, TotalsOut, VerifyOut,
};
use super::{Done, actor, optional_text, signer, text, visit_day};
use crate::audit::AuditAction;
use crate::auth::permissions::{ChartsRead, ChartsReturn, ChartsSign, ChartsSubmit, ChartsWrite, Permission};
use crate::auth::{ClinicCtx, Person, Staff};
use crate::charting::rules::{parse_dose, totals};
use crate::charting::service::{self, ChartView, ContentChange};
use crate::charting::{ChartId, ChartStatus, EntryId, EntryInput, Signature, SignatureKind};
use crate::db::ClinicTx;
use crate::http::tags::ApiTags;
use crate::http::{ApiError, ApiResult, FieldProblem};
use crate::patients::{self, PatientId};
use crate::scheduling::AppointmentId;
use crate::sealed::Sensitive;
use crate::staff::StaffUserId;
use crate::storage::ObjectKey;

pub struct ChartsApi;

fn allows<P: Permission>(ctx: &ClinicCtx) -> bool {
    ctx.host.state.rbac.allows::<P>(ctx.role)
}

fn signature_out(s: &Signature) -> SignatureOut {
    SignatureOut {
        signer_id: s.signer_id,
        signer_name: s.signer_name.clone(),
        signer_role: s.signer_role.clone(),
        signed_at: s.signed_at,
        record_hash: s.record_hash.clone(),
        hash_version: s.hash_version,
    }
}

/// The chart as the person asking sees it.
pub(super) async fn chart_out(ctx: &ClinicCtx, tx: &mut ClinicTx, view: ChartView) -> ApiResult<ChartOut> {
    let c = &view.chart;
    let patient = patients::get(tx, c.patient_id).await?;
    let me = ctx.on_behalf_of();
    let mine_or_owner = c.provider_id == me || ctx.role == crate::auth::Role::Owner;
    let draft = c.status == ChartStatus::Draft;
    let (by_product, by_area) = totals(&view.entries);
    let signature = view.signatures.iter().find(|s| s.kind == SignatureKind::MdSignoff).map(signature_out);
    let addenda = view
        .addenda
        .iter()
        .map(|(a, body)| AddendumOut {
            id: a.id,
            author_name: a.author_name.clone(),
            body: body.expose().to_owned(),
            created_at: a.created_at,
            signature: view.signatures.iter().find(|s| s.addendum_id == Some(a.id)).map(signature_out),
        })
        .collect();
    Ok(ChartOut {
        id: c.id,
        patient_id: c.patient_id,
        patient_first_name: patient.first_name,
        patient_last_name: patient.last_name,
        patient_preferred_name: patient.preferred_name,
        appointment_id: c.appointment_id,
        visit_at: c.visit_at,
        service_name: c.service_name.clone(),
        provider_id: c.provider_id,
        provider_name: c.provider_name.clone(),
        template_kind: c.template_kind,
        status: c.status,
        areas: c.areas.0.clone(),
        technique: view.technique.as_ref().map(|t| t.expose().to_owned()),
        aftercare: view.aftercare.as_ref().map(|t| t.expose().to_owned()),
        revision: c.revision,
        totals: TotalsOut {
            by_product: by_product.into_iter().map(Into::into).collect(),
            by_area: by_area.into_iter().map(Into::into).collect(),
        },
        entries: view.entries.iter().cloned().map(Into::into).collect(),
        photos: view.photos.iter().cloned().map(Into::into).collect(),
        created_at: c.created_at,
        updated_at: c.updated_at,
        submitted_at: c.submitted_at,
        signed_at: c.signed_at,
        signature,
        returns: view
            .returns
            .iter()
            .map(|r| ReturnOut {
                returned_by_name: r.returned_by_name.clone(),
                comment: r.comment.clone(),
                created_at: r.created_at,
            })
            .collect(),
        addenda,
        can_edit: draft && mine_or_owner && allows::<ChartsWrite>(ctx),
        can_submit: draft && c.provider_id == me && allows::<ChartsSubmit>(ctx),
        can_sign: c.status == ChartStatus::NeedsSignOff && allows::<ChartsSign>(ctx),
    })
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

/// Writes an audit entry about a chart (never its content).
async fn audit(
    ctx: &ClinicCtx,
    tx: &mut ClinicTx,
    action: AuditAction,
    chart: ChartId,
    patient: PatientId,
    details: serde_json::Value,
) -> ApiResult<()> {
    let entry = ctx.audit_entry(action).entity("chart", chart.0).patient(patient.0).details(details);
    Ok(ctx.audit(tx, entry).await?)
}

/// Adds a treatment entry (`existing: None`) or changes one, audited either way.
async fn save_entry(
    ctx: &ClinicCtx,
    chart: ChartId,
    existing: Option<EntryId>,
    body: &EntryIn,
) -> ApiResult<Json<EntryOut>> {
    let input = entry_input(body)?;
    let mut tx = ctx.write().await?;
    let row = patient_of(&mut tx, chart).await?;
    let (by, day, now) = (actor(ctx), visit_day(ctx, &row), ctx.now());
    let (entry, action) = match existing {
        None => (service::add_entry(&mut tx, chart, &by, &input, day, now).await?, AuditAction::ChartEntryAdded),
        Some(id) => {
            (service::update_entry(&mut tx, chart, id, &by, &input, day, now).await?, AuditAction::ChartEntryChanged)
        }
    };
    let details = json!({ "entryId": entry.id, "lotId": entry.lot_id });
    audit(ctx, &mut tx, action, chart, row.patient_id, details).await?;
    tx.commit().await?;
    Ok(Json(entry.into()))
}

async fn patient_of(tx: &mut ClinicTx, chart: ChartId) -> ApiResult<crate::charting::ChartRow> {
    Ok(service::chart_row(tx, chart).await?)
}

#[OpenApi(tag = "ApiTags::Charts")]
impl ChartsApi {
    /// Open an appointment's chart
    ///
    /// The chart of the visit, made on first open with the appointment's patient, provider and
    /// the service's chart kind. Needs `charts:write`.
    #[oai(path = "/appointments/:id/chart", method = "post", operation_id = "charts.open_for_appointment")]
    async fn open(&self, auth: Staff<ChartsWrite>, id: Path<AppointmentId>) -> ApiResult<Json<OpenedOut>> {
        let ctx = auth.ctx;
        let mut tx = ctx.write().await?;
        let (chart, created) = service::open_for_appointment(&mut tx, id.0, ctx.now()).await?;
        if created {
            let c = patient_of(&mut tx, chart).await?;
            audit(&ctx, &mut tx, AuditAction::ChartCreated, chart, c.patient_id, json!({ "appointmentId": id.0 }))
                .await?;
        }
        tx.commit().await?;
        Ok(Json(OpenedOut { chart_id: chart, created }))
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
        let ctx = auth.ctx;
        let mut tx = ctx.write().await?;
        let chart =
            service::create_for_patient(&mut tx, id.0, ctx.on_behalf_of(), body.template_kind, ctx.now()).await?;
        audit(&ctx, &mut tx, AuditAction::ChartCreated, chart, id.0, json!({})).await?;
        tx.commit().await?;
        Ok(Json(OpenedOut { chart_id: chart, created: true }))
    }

    /// A patient's charts
    ///
    /// Newest first, with how many photos each has. Needs `charts:read`.
    #[oai(path = "/patients/:id/charts", method = "get", operation_id = "charts.list_for_patient")]
    async fn list(&self, auth: Staff<ChartsRead>, id: Path<PatientId>) -> ApiResult<Json<Vec<ChartSummaryOut>>> {
        let mut tx = auth.ctx.read().await?;
        patients::get(&mut tx, id.0).await?;
        let charts = service::charts_of_patient(&mut tx, id.0).await?;
        Ok(Json(
            charts
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
        let ctx = auth.ctx;
        let mut tx = ctx.write().await?;
        let view = service::chart(&mut tx, id.0).await?;
        audit(&ctx, &mut tx, AuditAction::ChartRead, id.0, view.chart.patient_id, json!({})).await?;
        let out = chart_out(&ctx, &mut tx, view).await?;
        tx.commit().await?;
        Ok(Json(out))
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
        let ctx = auth.ctx;
        let change = ContentChange {
            template_kind: body.template_kind,
            areas: body.areas.as_deref().map(areas).transpose()?,
            technique: sensitive("technique", &body.technique, 5000)?,
            aftercare: sensitive("aftercare", &body.aftercare, 5000)?,
        };
        let fields: Vec<&str> = [
            ("templateKind", change.template_kind.is_some()),
            ("areas", change.areas.is_some()),
            ("technique", change.technique.is_some()),
            ("aftercare", change.aftercare.is_some()),
        ]
        .into_iter()
        .filter_map(|(f, on)| on.then_some(f))
        .collect();
        let mut tx = ctx.write().await?;
        let revision = service::update_content(&mut tx, id.0, &actor(&ctx), change, ctx.now()).await?;
        let c = patient_of(&mut tx, id.0).await?;
        audit(&ctx, &mut tx, AuditAction::ChartUpdated, id.0, c.patient_id, json!({ "fields": fields })).await?;
        tx.commit().await?;
        Ok(Json(SavedOut { revision }))
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
        save_entry(&auth.ctx, id.0, None, &body).await
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
        save_entry(&auth.ctx, id.0, Some(entry_id.0), &body).await
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
        let ctx = auth.ctx;
        let mut tx = ctx.write().await?;
        let chart = patient_of(&mut tx, id.0).await?;
        service::remove_entry(&mut tx, id.0, entry_id.0, &actor(&ctx), ctx.now()).await?;
        audit(&ctx, &mut tx, AuditAction::ChartEntryRemoved, id.0, chart.patient_id, json!({ "entryId": entry_id.0 }))
            .await?;
        tx.commit().await?;
        Ok(Json(Done { ok: true }))
    }

    /// Submit for sign-off
    ///
    /// The chart's own provider hands it to the medical director; it then locks. Required content
    /// is checked first (`chart_incomplete` lists what is missing; injectables need an entry with
    /// lot and dose). Needs `charts:submit`.
    #[oai(path = "/charts/:id/submit", method = "post", operation_id = "charts.submit")]
    async fn submit(&self, auth: Staff<ChartsSubmit>, id: Path<ChartId>) -> ApiResult<Json<ChartOut>> {
        let ctx = auth.ctx;
        let mut tx = ctx.write().await?;
        let chart = service::submit(&mut tx, id.0, &actor(&ctx), ctx.now()).await?;
        audit(
            &ctx,
            &mut tx,
            AuditAction::ChartSubmitted,
            id.0,
            chart.patient_id,
            json!({ "revision": chart.revision }),
        )
        .await?;
        let view = service::chart(&mut tx, id.0).await?;
        let out = chart_out(&ctx, &mut tx, view).await?;
        tx.commit().await?;
        Ok(Json(out))
    }

    /// Sign a chart
    ///
    /// The medical director signs a submitted chart. The signature keeps the signer, the time and
    /// the SHA-256 of the canonical record (content, entries, each photo's original bytes and
    /// each overlay version, and the visit as the chart shows it); from then on the chart never
    /// changes. Needs `charts:sign`, and the medical director's own sign-in: API tokens are
    /// refused with `signature_needs_person`.
    #[oai(path = "/charts/:id/sign", method = "post", operation_id = "charts.sign")]
    async fn sign(&self, auth: Person<ChartsSign>, id: Path<ChartId>) -> ApiResult<Json<ChartOut>> {
        let (ctx, by) = (auth.ctx, signer(&auth.signer));
        let mut tx = ctx.write().await?;
        let (chart, hash) = service::sign(&mut tx, id.0, &by, ctx.now()).await?;
        audit(&ctx, &mut tx, AuditAction::ChartSigned, id.0, chart.patient_id, json!({ "recordHash": hash })).await?;
        let view = service::chart(&mut tx, id.0).await?;
        let out = chart_out(&ctx, &mut tx, view).await?;
        tx.commit().await?;
        Ok(Json(out))
    }

    /// Return a chart to its provider
    ///
    /// Back to draft, with a comment saying what needs changing (required). Needs
    /// `charts:return`, and the medical director's own sign-in (not an API token).
    #[oai(path = "/charts/:id/return", method = "post", operation_id = "charts.return")]
    async fn return_chart(
        &self,
        auth: Person<ChartsReturn>,
        id: Path<ChartId>,
        body: Json<CommentIn>,
    ) -> ApiResult<Json<ChartOut>> {
        let (ctx, by) = (auth.ctx, signer(&auth.signer));
        let comment = text("comment", &body.comment, 2000)?;
        let mut tx = ctx.write().await?;
        let chart = service::return_chart(&mut tx, id.0, &by, &comment, ctx.now()).await?;
        audit(&ctx, &mut tx, AuditAction::ChartReturned, id.0, chart.patient_id, json!({})).await?;
        let view = service::chart(&mut tx, id.0).await?;
        let out = chart_out(&ctx, &mut tx, view).await?;
        tx.commit().await?;
        Ok(Json(out))
    }

    /// Add an addendum
    ///
    /// A correction or later note on a signed chart, signed by its author (the chart's provider
    /// or an owner), signed in as themselves (not an API token). Needs `charts:write`.
    #[oai(path = "/charts/:id/addenda", method = "post", operation_id = "charts.add_addendum")]
    async fn addendum(
        &self,
        auth: Person<ChartsWrite>,
        id: Path<ChartId>,
        body: Json<AddendumIn>,
    ) -> ApiResult<Json<ChartOut>> {
        let (ctx, by) = (auth.ctx, signer(&auth.signer));
        let body = Sensitive::new(text("body", &body.body, 5000)?);
        let mut tx = ctx.write().await?;
        let addendum = service::add_addendum(&mut tx, id.0, &by, &body, ctx.now()).await?;
        let view = service::chart(&mut tx, id.0).await?;
        audit(
            &ctx,
            &mut tx,
            AuditAction::ChartAddendum,
            id.0,
            view.chart.patient_id,
            json!({ "addendumId": addendum }),
        )
        .await?;
        let out = chart_out(&ctx, &mut tx, view).await?;
        tx.commit().await?;
        Ok(Json(out))
    }

    /// Verify a chart's signatures
    ///
    /// Recomputes the record hash from what is stored now, each photo's SHA-256 from its
    /// original bytes, and each addendum's hash, and compares them with what was signed.
    /// Needs `charts:read`.
    #[oai(path = "/charts/:id/verify", method = "get", operation_id = "charts.verify")]
    async fn verify(&self, auth: Staff<ChartsRead>, id: Path<ChartId>) -> ApiResult<Json<VerifyOut>> {
        let ctx = auth.ctx;
        let storage = ctx.host.state.storage.clone();
        let mut tx = ctx.read().await?;
        let result = service::verify(&mut tx, id.0, |photo| {
            let storage = storage.clone();
            async move {
                let key = ObjectKey::parse(&photo.object_key)?;
                let bytes = storage.get(&key).await.ok()?;
                Some(hex::encode(<sha2::Sha256 as sha2::Digest>::digest(&bytes)))
            }
        })
        .await?;
        let checks: Vec<CheckOut> = result
            .checks
            .iter()
            .map(|c| CheckOut {
                what: c.what.clone(),
                signed_hash: c.signed_hash.clone(),
                computed_hash: c.computed_hash.clone(),
                matches: c.matches(),
            })
            .collect();
        Ok(Json(VerifyOut {
            signed: result.signed,
            matches: result.signed && checks.iter().all(|c| c.matches),
            checks,
        }))
    }

    /// Charts awaiting sign-off
    ///
    /// The medical director's queue, oldest submission first, optionally for one provider.
    /// Needs `charts:sign`.
    #[oai(path = "/signoff-queue", method = "get", operation_id = "charts.queue")]
    async fn queue(
        &self,
        auth: Staff<ChartsSign>,
        #[oai(name = "providerId")] provider_id: Query<Option<StaffUserId>>,
    ) -> ApiResult<Json<Vec<QueueItemOut>>> {
        let mut tx = auth.ctx.read().await?;
        let queue = service::queue(&mut tx, provider_id.0).await?;
        Ok(Json(
            queue
                .into_iter()
                .map(|q| QueueItemOut {
                    chart_id: q.id,
                    patient_id: q.patient_id,
                    patient_name: format!("{} {}", q.first_name, q.last_name),
                    provider_id: q.provider_id,
                    provider_name: q.provider_name,
                    template_kind: q.template_kind,
                    submitted_at: q.submitted_at,
                    visit_at: q.visit_at,
                    service_name: q.service_name,
                    entry_count: q.entry_count,
                    photo_count: q.photo_count,
                })
                .collect(),
        ))
    }
}
