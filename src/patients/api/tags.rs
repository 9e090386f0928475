use poem_openapi::param::Path;
use poem_openapi::payload::Json;
use poem_openapi::{ApiResponse, Object, OpenApi};

use super::dto::{PatientOut, TagOut};
use super::records::present_one;
use crate::auth::Staff;
use crate::auth::permissions::{PatientsRead, PatientsWrite};
use crate::http::tags::ApiTags;
use crate::http::{ApiError, ApiResult, FieldProblem};
use crate::patients::{self, PatientId, TagId};
use crate::types::parse_color;

pub struct TagsApi;

#[derive(Debug, Object)]
#[oai(rename_all = "camelCase")]
pub struct TagIn {
    pub name: String,
    /// `#rrggbb`
    pub color: String,
}

#[derive(ApiResponse)]
pub enum Created {
    #[oai(status = 201)]
    Created(Json<TagOut>),
}

#[derive(ApiResponse)]
pub enum Removed {
    #[oai(status = 204)]
    Done,
}

fn tag_input(body: &TagIn) -> Result<(String, String), ApiError> {
    let name = body.name.split_whitespace().collect::<Vec<_>>().join(" ");
    let mut problems = Vec::new();
    if name.is_empty() || name.chars().count() > 40 {
        problems.push(FieldProblem::new("name", "invalid", "Name the tag (up to 40 characters)."));
    }
    let color = parse_color(&body.color);
    if color.is_none() {
        problems.push(FieldProblem::new("color", "invalid", "Use a colour like #6d5bd0."));
    }
    match color {
        Some(color) if problems.is_empty() => Ok((name, color)),
        _ => Err(ApiError::validation(problems)),
    }
}

#[OpenApi(tag = "ApiTags::Patients")]
impl TagsApi {
    /// List tags
    ///
    /// Needs `patients:read`.
    #[oai(path = "/tags", method = "get", operation_id = "tags.list")]
    async fn list(&self, auth: Staff<PatientsRead>) -> ApiResult<Json<Vec<TagOut>>> {
        let mut op = auth.begin_read().await?;
        Ok(Json(patients::tags(&mut op).await?.into_iter().map(Into::into).collect()))
    }

    /// Create a tag
    ///
    /// Names are unique regardless of case. Needs `patients:write`.
    #[oai(path = "/tags", method = "post", operation_id = "tags.create")]
    async fn create(&self, auth: Staff<PatientsWrite>, body: Json<TagIn>) -> ApiResult<Created> {
        let (name, color) = tag_input(&body)?;
        let mut op = auth.begin().await?;
        let tag = patients::create_tag(&mut op, &name, &color).await?;
        Ok(Created::Created(Json(op.commit(tag).await?.into())))
    }

    /// Rename or recolour a tag
    ///
    /// Needs `patients:write`.
    #[oai(path = "/tags/:id", method = "put", operation_id = "tags.update")]
    async fn update(&self, auth: Staff<PatientsWrite>, id: Path<TagId>, body: Json<TagIn>) -> ApiResult<Json<TagOut>> {
        let (name, color) = tag_input(&body)?;
        let mut op = auth.begin().await?;
        let tag = patients::update_tag(&mut op, id.0, &name, &color).await?;
        Ok(Json(op.commit(tag).await?.into()))
    }

    /// Delete a tag
    ///
    /// It comes off every patient who had it. Needs `patients:write`.
    #[oai(path = "/tags/:id", method = "delete", operation_id = "tags.delete")]
    async fn delete(&self, auth: Staff<PatientsWrite>, id: Path<TagId>) -> ApiResult<Removed> {
        let mut op = auth.begin().await?;
        let deleted = patients::delete_tag(&mut op, id.0).await?;
        op.commit(deleted).await?;
        Ok(Removed::Done)
    }

    /// Tag a patient
    ///
    /// Needs `patients:write`.
    #[oai(path = "/patients/:id/tags/:tag_id", method = "put", operation_id = "patients.add_tag")]
    async fn add(
        &self,
        auth: Staff<PatientsWrite>,
        id: Path<PatientId>,
        tag_id: Path<TagId>,
    ) -> ApiResult<Json<PatientOut>> {
        let mut op = auth.begin().await?;
        let tagged = patients::assign_tag(&mut op, id.0, tag_id.0).await?;
        let shown = op.then(tagged, async |op, ()| present_one(op, id.0).await).await?;
        Ok(Json(op.commit(shown).await?.1))
    }

    /// Take a tag off a patient
    ///
    /// Needs `patients:write`.
    #[oai(path = "/patients/:id/tags/:tag_id", method = "delete", operation_id = "patients.remove_tag")]
    async fn remove(
        &self,
        auth: Staff<PatientsWrite>,
        id: Path<PatientId>,
        tag_id: Path<TagId>,
    ) -> ApiResult<Json<PatientOut>> {
        let mut op = auth.begin().await?;
        let untagged = patients::unassign_tag(&mut op, id.0, tag_id.0).await?;
        let shown = op.then(untagged, async |op, ()| present_one(op, id.0).await).await?;
        Ok(Json(op.commit(shown).await?.1))
    }
}
