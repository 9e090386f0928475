use chrono::NaiveDate;
use poem_openapi::param::{Path, Query};
use poem_openapi::payload::Json;
use poem_openapi::{ApiResponse, Object, OpenApi};

use super::dto::{PatientIn, PatientOut, PatientPatchIn, RawPatient, TagOut};
use crate::auth::Staff;
use crate::auth::permissions::{MedicalRead, PatientsArchive, PatientsRead, PatientsWrite, Permission};
use crate::clinic::{Audited, ClinicOp};
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

/// Today in the clinic's time zone.
pub(super) fn today<P: Permission>(op: &ClinicOp<P>) -> NaiveDate {
    op.now().with_timezone(&op.tz()).date_naive()
}

/// Patients as the API shows them: with tags, and the allergy flag for those who may see it.
pub(super) async fn present<P: Permission>(op: &mut ClinicOp<P>, patients: Vec<Patient>) -> ApiResult<Vec<PatientOut>> {
    let today = today(op);
    let flags_allowed = op.may::<MedicalRead>();
    let (tags, flags) = patients::decorate(op.tx(), &patients, flags_allowed).await?;
    Ok(patients
        .into_iter()
        .map(|p| {
            let mine: Vec<TagOut> = tags.iter().filter(|(id, _)| *id == p.id).map(|(_, t)| t.clone().into()).collect();
            let flag = flags.as_ref().map(|f| f.contains(&p.id));
            PatientOut::new(p, mine, flag, today)
        })
        .collect())
}

/// One patient, read fresh, as the API shows them.
pub(super) async fn present_one<P: Permission>(op: &mut ClinicOp<P>, id: PatientId) -> ApiResult<PatientOut> {
    let patient = patients::record(op.tx(), id).await?;
    present(op, vec![patient]).await?.pop().ok_or_else(ApiError::not_found)
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
        let limit = i64::from(limit.0.unwrap_or(25));
        if !(1..=100).contains(&limit) {
            return Err(ApiError::validation(vec![FieldProblem::new("limit", "out_of_range", "Use 1 to 100.")]));
        }
        let filter = Filter { archived: archived.0, tag: tag.0 };
        let mut op = auth.begin_read().await?;
        let page = patients::search(&mut op, q.0.as_deref().unwrap_or(""), filter, cursor.0.as_deref(), limit)
            .await?
            .map_err(|_| {
            ApiError::validation(vec![FieldProblem::new("cursor", "invalid", "That cursor is not valid.")])
        })?;
        let items = present(&mut op, page.patients).await?;
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
        let mut op = auth.begin_read().await?;
        let draft = RawPatient::from(&body.0).check(PatientSource::Staff, today(&op)).map_err(ApiError::validation)?;
        let found = patients::possible_duplicates(&mut op, &draft).await?;
        Ok(Json(present(&mut op, found).await?))
    }

    /// Add a patient
    ///
    /// First and last name are required. Refused with `possible_duplicate` when the patient
    /// looks like one who exists (same phone or email, or same name and date of birth), unless
    /// `allowDuplicate` is set. Needs `patients:write`.
    #[oai(path = "/patients", method = "post", operation_id = "patients.create")]
    async fn create(&self, auth: Staff<PatientsWrite>, body: Json<PatientIn>) -> ApiResult<Created> {
        let source = if auth.ctx.user().is_some() { PatientSource::Staff } else { PatientSource::Api };
        let mut op = auth.begin().await?;
        let draft = RawPatient::from(&body.0).check(source, today(&op)).map_err(ApiError::validation)?;
        let created = patients::create(&mut op, &draft, body.allow_duplicate).await?;
        Ok(Created::Created(Json(answer(op, created).await?)))
    }

    /// Get a patient
    ///
    /// Archived patients too (`archived` says so). Needs `patients:read`.
    #[oai(path = "/patients/:id", method = "get", operation_id = "patients.get")]
    async fn get(&self, auth: Staff<PatientsRead>, id: Path<PatientId>) -> ApiResult<Json<PatientOut>> {
        let mut op = auth.begin_read().await?;
        let patient = patients::get(&mut op, id.0).await?;
        Ok(Json(present(&mut op, vec![patient]).await?.pop().ok_or_else(ApiError::not_found)?))
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
        let mut op = auth.begin().await?;
        let today = today(&op);
        let changed = patients::update(&mut op, id.0, |before| {
            let mut raw = RawPatient::of(before);
            raw.apply(&body.0);
            raw.check(before.source, today)
        })
        .await?
        .map_err(ApiError::validation)?;
        Ok(Json(answer(op, changed).await?))
    }

    /// Archive a patient
    ///
    /// Hides them from lists and search; nothing is deleted. Needs `patients:archive`.
    #[oai(path = "/patients/:id/archive", method = "post", operation_id = "patients.archive")]
    async fn archive(&self, auth: Staff<PatientsArchive>, id: Path<PatientId>) -> ApiResult<Json<PatientOut>> {
        let mut op = auth.begin().await?;
        let archived = patients::set_archived(&mut op, id.0, true).await?;
        Ok(Json(answer(op, archived).await?))
    }

    /// Restore an archived patient
    ///
    /// Needs `patients:archive`.
    #[oai(path = "/patients/:id/restore", method = "post", operation_id = "patients.restore")]
    async fn restore(&self, auth: Staff<PatientsArchive>, id: Path<PatientId>) -> ApiResult<Json<PatientOut>> {
        let mut op = auth.begin().await?;
        let restored = patients::set_archived(&mut op, id.0, false).await?;
        Ok(Json(answer(op, restored).await?))
    }
}

/// Commits a change to a patient and answers with the patient as the API shows them.
async fn answer<P: Permission>(mut op: ClinicOp<P>, done: Audited<Patient>) -> ApiResult<PatientOut> {
    let shown = op.then(done, async |op, p| present(op, vec![p.clone()]).await).await?;
    let (_, mut out) = op.commit(shown).await?;
    out.pop().ok_or_else(ApiError::not_found)
}
