//! Allergies and medical notes: sealed at rest, audited when changed and when read.

use chrono::{DateTime, Utc};
use poem_openapi::param::Path;
use poem_openapi::payload::Json;
use poem_openapi::{ApiResponse, Object, OpenApi};

use crate::auth::Staff;
use crate::auth::permissions::{MedicalRead, MedicalWrite};
use crate::http::tags::ApiTags;
use crate::http::{ApiError, ApiResult, FieldProblem};
use crate::patients::{self, Allergy, AllergyId, MedicalNote, NewAllergy, NoteId, PatientId, Severity};
use crate::sealed::Sensitive;
use crate::staff::StaffUserId;

pub struct MedicalApi;

#[derive(Debug, Object)]
#[oai(rename_all = "camelCase", skip_serializing_if_is_none)]
pub struct AllergyOut {
    pub id: AllergyId,
    pub substance: String,
    pub reaction: Option<String>,
    pub severity: Severity,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

impl From<Allergy> for AllergyOut {
    fn from(a: Allergy) -> Self {
        Self {
            id: a.id,
            substance: a.substance.into_inner(),
            reaction: a.reaction.map(Sensitive::into_inner),
            severity: a.severity,
            created_at: a.created_at,
            updated_at: a.updated_at,
        }
    }
}

#[derive(Debug, Object)]
#[oai(rename_all = "camelCase", skip_serializing_if_is_none)]
pub struct AllergyIn {
    /// What they react to, e.g. "Lidocaine".
    pub substance: String,
    /// How, e.g. "Hives".
    pub reaction: Option<String>,
    pub severity: Severity,
}

#[derive(Debug, Object)]
#[oai(rename_all = "camelCase")]
pub struct NoteOut {
    pub id: NoteId,
    pub body: String,
    pub author_id: StaffUserId,
    pub author_name: String,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

impl From<MedicalNote> for NoteOut {
    fn from(n: MedicalNote) -> Self {
        Self {
            id: n.id,
            body: n.body.into_inner(),
            author_id: n.author_id,
            author_name: n.author_name,
            created_at: n.created_at,
            updated_at: n.updated_at,
        }
    }
}

#[derive(Debug, Object)]
#[oai(rename_all = "camelCase")]
pub struct NoteIn {
    pub body: String,
}

#[derive(ApiResponse)]
pub enum Created<T: poem_openapi::types::ToJSON + Send + Sync> {
    #[oai(status = 201)]
    Created(Json<T>),
}

#[derive(ApiResponse)]
pub enum Removed {
    #[oai(status = 204)]
    Done,
}

fn allergy_input(body: &AllergyIn) -> Result<NewAllergy, ApiError> {
    let substance = body.substance.split_whitespace().collect::<Vec<_>>().join(" ");
    let reaction = crate::types::clean_optional(body.reaction.as_deref());
    let mut problems = Vec::new();
    if substance.is_empty() || substance.chars().count() > 120 {
        problems.push(FieldProblem::new("substance", "invalid", "Name the substance (up to 120 characters)."));
    }
    if reaction.as_ref().is_some_and(|r| r.chars().count() > 500) {
        problems.push(FieldProblem::new("reaction", "too_long", "Use at most 500 characters."));
    }
    if !problems.is_empty() {
        return Err(ApiError::validation(problems));
    }
    Ok(NewAllergy {
        substance: Sensitive::new(substance),
        reaction: reaction.map(Sensitive::new),
        severity: body.severity,
    })
}

fn note_input(body: &NoteIn) -> Result<Sensitive, ApiError> {
    let text = body.body.trim();
    if text.is_empty() || text.chars().count() > 10_000 {
        return Err(ApiError::validation(vec![FieldProblem::new(
            "body",
            "invalid",
            "Write the note (up to 10,000 characters).",
        )]));
    }
    Ok(Sensitive::new(text))
}

#[OpenApi(tag = "ApiTags::Medical")]
impl MedicalApi {
    /// A patient's allergies
    ///
    /// Reading them is recorded in the audit log. Needs `patient_medical:read`.
    #[oai(path = "/patients/:id/allergies", method = "get", operation_id = "patients.list_allergies")]
    async fn list_allergies(&self, auth: Staff<MedicalRead>, id: Path<PatientId>) -> ApiResult<Json<Vec<AllergyOut>>> {
        let mut op = auth.begin().await?;
        let allergies = patients::allergies(&mut op, id.0).await?;
        Ok(Json(op.commit(allergies).await?.into_iter().map(Into::into).collect()))
    }

    /// Record an allergy
    ///
    /// Needs `patient_medical:write`.
    #[oai(path = "/patients/:id/allergies", method = "post", operation_id = "patients.add_allergy")]
    async fn add_allergy(
        &self,
        auth: Staff<MedicalWrite>,
        id: Path<PatientId>,
        body: Json<AllergyIn>,
    ) -> ApiResult<Created<AllergyOut>> {
        let allergy = allergy_input(&body)?;
        let mut op = auth.begin().await?;
        let added = patients::add_allergy(&mut op, id.0, &allergy).await?;
        Ok(Created::Created(Json(op.commit(added).await?.into())))
    }

    /// Change an allergy
    ///
    /// Needs `patient_medical:write`.
    #[oai(path = "/patients/:id/allergies/:allergy_id", method = "put", operation_id = "patients.update_allergy")]
    async fn update_allergy(
        &self,
        auth: Staff<MedicalWrite>,
        id: Path<PatientId>,
        allergy_id: Path<AllergyId>,
        body: Json<AllergyIn>,
    ) -> ApiResult<Json<AllergyOut>> {
        let allergy = allergy_input(&body)?;
        let mut op = auth.begin().await?;
        let changed = patients::update_allergy(&mut op, id.0, allergy_id.0, &allergy).await?;
        Ok(Json(op.commit(changed).await?.into()))
    }

    /// Remove an allergy
    ///
    /// Marks it removed; the record stays in the history. Needs `patient_medical:write`.
    #[oai(path = "/patients/:id/allergies/:allergy_id", method = "delete", operation_id = "patients.remove_allergy")]
    async fn remove_allergy(
        &self,
        auth: Staff<MedicalWrite>,
        id: Path<PatientId>,
        allergy_id: Path<AllergyId>,
    ) -> ApiResult<Removed> {
        let mut op = auth.begin().await?;
        let removed = patients::remove_allergy(&mut op, id.0, allergy_id.0).await?;
        op.commit(removed).await?;
        Ok(Removed::Done)
    }

    /// A patient's medical notes
    ///
    /// Newest first. Reading them is recorded in the audit log. Needs `patient_medical:read`.
    #[oai(path = "/patients/:id/notes", method = "get", operation_id = "patients.list_notes")]
    async fn list_notes(&self, auth: Staff<MedicalRead>, id: Path<PatientId>) -> ApiResult<Json<Vec<NoteOut>>> {
        let mut op = auth.begin().await?;
        let notes = patients::notes(&mut op, id.0).await?;
        Ok(Json(op.commit(notes).await?.into_iter().map(Into::into).collect()))
    }

    /// Add a medical note
    ///
    /// Needs `patient_medical:write`.
    #[oai(path = "/patients/:id/notes", method = "post", operation_id = "patients.add_note")]
    async fn add_note(
        &self,
        auth: Staff<MedicalWrite>,
        id: Path<PatientId>,
        body: Json<NoteIn>,
    ) -> ApiResult<Created<NoteOut>> {
        let text = note_input(&body)?;
        let mut op = auth.begin().await?;
        let note = patients::add_note(&mut op, id.0, &text).await?;
        Ok(Created::Created(Json(op.commit(note).await?.into())))
    }

    /// Change a medical note
    ///
    /// Its author (or an owner). Needs `patient_medical:write`.
    #[oai(path = "/patients/:id/notes/:note_id", method = "put", operation_id = "patients.update_note")]
    async fn update_note(
        &self,
        auth: Staff<MedicalWrite>,
        id: Path<PatientId>,
        note_id: Path<NoteId>,
        body: Json<NoteIn>,
    ) -> ApiResult<Json<NoteOut>> {
        let text = note_input(&body)?;
        let mut op = auth.begin().await?;
        let note = patients::update_note(&mut op, id.0, note_id.0, &text).await?;
        Ok(Json(op.commit(note).await?.into()))
    }

    /// Remove a medical note
    ///
    /// Its author (or an owner); the note is marked removed, not erased. Needs
    /// `patient_medical:write`.
    #[oai(path = "/patients/:id/notes/:note_id", method = "delete", operation_id = "patients.remove_note")]
    async fn remove_note(
        &self,
        auth: Staff<MedicalWrite>,
        id: Path<PatientId>,
        note_id: Path<NoteId>,
    ) -> ApiResult<Removed> {
        let mut op = auth.begin().await?;
        let removed = patients::remove_note(&mut op, id.0, note_id.0).await?;
        op.commit(removed).await?;
        Ok(Removed::Done)
    }
}
