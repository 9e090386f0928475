use chrono::NaiveDate;
use poem_openapi::param::{Path, Query};
use poem_openapi::payload::Json;
use poem_openapi::{ApiResponse, Object, OpenApi};

use super::dto::{PatientIn, PatientOut, PatientPatchIn, RawPatient, TagOut};
use crate::audit::AuditAction;
use crate::auth::permissions::{MedicalRead, PatientsArchive, PatientsRead, PatientsWrite};
use crate::auth::{ClinicCtx, Staff};
use crate::db::ClinicTx;
use crate::http::tags::ApiTags;
use crate::http::{ApiError, ApiResult, FieldProblem};
use crate::patients::{self, Filter, Patient, PatientId, PatientSource, TagId};

pub struct PatientsApi;

#[derive(Debug, Object)]
#[oai(rename_all = "camelCase", skip_serializing_if_is_none)]
pub struct PatientPage {
    pub items: Vec<PatientOut>,
    /// Pass as `cursor` for the next page; absent on the last page and for searches.
    pub next_cursor: Option<String>,
}

#[derive(ApiResponse)]
pub enum Created {
    #[oai(status = 201)]
    Created(Json<PatientOut>),
}

pub(super) fn today(ctx: &ClinicCtx) -> NaiveDate {
    ctx.now().with_timezone(&ctx.clinic().tz()).date_naive()
}

/// Patients as the API shows them: with tags, and the allergy flag for those who may see it.
pub(super) async fn present(ctx: &ClinicCtx, tx: &mut ClinicTx, patients: Vec<Patient>) -> ApiResult<Vec<PatientOut>> {
    let flags_allowed = ctx.host.state.rbac.allows::<MedicalRead>(ctx.role);
    let (tags, flags) = patients::decorate(tx, &patients, flags_allowed).await?;
    let today = today(ctx);
    Ok(patients
        .into_iter()
        .map(|p| {
            let mine: Vec<TagOut> = tags.iter().filter(|(id, _)| *id == p.id).map(|(_, t)| t.clone().into()).collect();
            let flag = flags.as_ref().map(|f| f.contains(&p.id));
            PatientOut::new(p, mine, flag, today)
        })
        .collect())
}

pub(super) async fn present_one(ctx: &ClinicCtx, tx: &mut ClinicTx, patient: Patient) -> ApiResult<PatientOut> {
    present(ctx, tx, vec![patient]).await?.pop().ok_or_else(ApiError::not_found)
}

#[OpenApi(tag = "ApiTags::Patients")]
impl PatientsApi {
    /// Find patients
    ///
    /// `q` is read as a name (prefix, or close to it with a typo or two), phone digits in any
    /// format (the whole number or its last digits), an email, or a date of birth
    /// (`1990-03-08` or `03/08/1990`). Without `q`, everyone in name order, a page at a time.
    /// Needs `patients:read`.
    #[oai(path = "/patients", method = "get", operation_id = "patients.list")]
    async fn list(
        &self,
        auth: Staff<PatientsRead>,
        q: Query<Option<String>>,
        /// Only patients with this tag.
        tag: Query<Option<TagId>>,
        /// Archived patients instead of active ones.
        #[oai(default)]
        archived: Query<bool>,
        cursor: Query<Option<String>>,
        /// 1 to 100 (default 25).
        limit: Query<Option<u32>>,
    ) -> ApiResult<Json<PatientPage>> {
        let ctx = auth.ctx;
        let limit = i64::from(limit.0.unwrap_or(25));
        if !(1..=100).contains(&limit) {
            return Err(ApiError::validation(vec![FieldProblem::new("limit", "out_of_range", "Use 1 to 100.")]));
        }
        let filter = Filter { archived: archived.0, tag: tag.0 };
        let mut tx = ctx.read().await?;
        let page = patients::search(&mut tx, q.0.as_deref().unwrap_or(""), filter, cursor.0.as_deref(), limit)
            .await?
            .map_err(|_| {
            ApiError::validation(vec![FieldProblem::new("cursor", "invalid", "That cursor is not valid.")])
        })?;
        let items = present(&ctx, &mut tx, page.patients).await?;
        Ok(Json(PatientPage { items, next_cursor: page.next_cursor }))
    }

    /// Check for possible duplicates
    ///
    /// Active patients sharing a phone or email with the given details, or the same name and
    /// date of birth. The app calls it while a new patient is being typed. Needs `patients:read`.
    #[oai(path = "/patients/duplicates", method = "post", operation_id = "patients.find_duplicates")]
    async fn find_duplicates(
        &self,
        auth: Staff<PatientsRead>,
        body: Json<PatientIn>,
    ) -> ApiResult<Json<Vec<PatientOut>>> {
        let ctx = auth.ctx;
        let draft = RawPatient::from(&body.0).check(PatientSource::Staff, today(&ctx)).map_err(ApiError::validation)?;
        let mut tx = ctx.read().await?;
        let found = patients::possible_duplicates(&mut tx, &draft, None).await?;
        Ok(Json(present(&ctx, &mut tx, found).await?))
    }

    /// Add a patient
    ///
    /// First and last name are required. Refused with `possible_duplicate` when the patient
    /// looks like one who exists (same phone or email, or same name and date of birth), unless
    /// `allowDuplicate` is set. Needs `patients:write`.
    #[oai(path = "/patients", method = "post", operation_id = "patients.create")]
    async fn create(&self, auth: Staff<PatientsWrite>, body: Json<PatientIn>) -> ApiResult<Created> {
        let ctx = auth.ctx;
        let source = if ctx.user().is_some() { PatientSource::Staff } else { PatientSource::Api };
        let draft = RawPatient::from(&body.0).check(source, today(&ctx)).map_err(ApiError::validation)?;
        let mut tx = ctx.write().await?;
        let patient =
            patients::create(&mut tx, &draft, body.allow_duplicate, Some(ctx.on_behalf_of()), ctx.now()).await?;
        let entry = ctx.audit_entry(AuditAction::PatientCreated).entity("patient", patient.id.0).patient(patient.id.0);
        ctx.audit(&mut tx, entry).await?;
        let out = present_one(&ctx, &mut tx, patient).await?;
        tx.commit().await?;
        Ok(Created::Created(Json(out)))
    }

    /// Get a patient
    ///
    /// Archived patients too (`archived` says so). Needs `patients:read`.
    #[oai(path = "/patients/:id", method = "get", operation_id = "patients.get")]
    async fn get(&self, auth: Staff<PatientsRead>, id: Path<PatientId>) -> ApiResult<Json<PatientOut>> {
        let ctx = auth.ctx;
        let mut tx = ctx.read().await?;
        let patient = patients::get(&mut tx, id.0).await?;
        Ok(Json(present_one(&ctx, &mut tx, patient).await?))
    }

    /// Change a patient's details
    ///
    /// Send only what changes; `null` clears an optional field. Archived patients must be
    /// restored first (`patient_archived`). Needs `patients:write`.
    #[oai(path = "/patients/:id", method = "patch", operation_id = "patients.update")]
    async fn update(
        &self,
        auth: Staff<PatientsWrite>,
        id: Path<PatientId>,
        body: Json<PatientPatchIn>,
    ) -> ApiResult<Json<PatientOut>> {
        let ctx = auth.ctx;
        let mut tx = ctx.write().await?;
        let before = patients::get(&mut tx, id.0).await?;
        let mut raw = RawPatient::of(&before);
        raw.apply(&body.0);
        let draft = raw.check(before.source, today(&ctx)).map_err(ApiError::validation)?;
        let patient = patients::update(&mut tx, id.0, &draft, ctx.now()).await?;
        let entry = ctx.audit_entry(AuditAction::PatientUpdated).entity("patient", id.0.0).patient(id.0.0);
        ctx.audit(&mut tx, entry).await?;
        let out = present_one(&ctx, &mut tx, patient).await?;
        tx.commit().await?;
        Ok(Json(out))
    }

    /// Archive a patient
    ///
    /// Hides them from lists and search; nothing is deleted. Needs `patients:archive`.
    #[oai(path = "/patients/:id/archive", method = "post", operation_id = "patients.archive")]
    async fn archive(&self, auth: Staff<PatientsArchive>, id: Path<PatientId>) -> ApiResult<Json<PatientOut>> {
        set_archived(auth.ctx, id.0, true).await
    }

    /// Restore an archived patient
    ///
    /// Needs `patients:archive`.
    #[oai(path = "/patients/:id/restore", method = "post", operation_id = "patients.restore")]
    async fn restore(&self, auth: Staff<PatientsArchive>, id: Path<PatientId>) -> ApiResult<Json<PatientOut>> {
        set_archived(auth.ctx, id.0, false).await
    }
}

async fn set_archived(ctx: ClinicCtx, id: PatientId, archive: bool) -> ApiResult<Json<PatientOut>> {
    let mut tx = ctx.write().await?;
    let (patient, changed) = patients::set_archived(&mut tx, id, archive, ctx.on_behalf_of(), ctx.now()).await?;
    if changed {
        let action = if archive { AuditAction::PatientArchived } else { AuditAction::PatientRestored };
        ctx.audit(&mut tx, ctx.audit_entry(action).entity("patient", id.0).patient(id.0)).await?;
    }
    let out = present_one(&ctx, &mut tx, patient).await?;
    tx.commit().await?;
    Ok(Json(out))
}
