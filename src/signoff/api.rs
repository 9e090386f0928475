//! Sign-off over HTTP: the medical director's queue, signing and returning charts, addenda, and
//! recomputing what was signed. Signing, returning and addenda need the person's own sign-in
//! (`Person<P>`): an API token is refused whatever its role.

use chrono::{DateTime, Utc};
use poem_openapi::param::{Path, Query};
use poem_openapi::payload::Json;
use poem_openapi::{Object, OpenApi};

use super::model::{Return, Signature};
use super::service;
use crate::auth::permissions::{ChartsRead, ChartsReturn, ChartsSign, ChartsWrite};
use crate::auth::{Person, Staff};
use crate::charting::dto::{ChartOut, Viewer};
use crate::charting::{ChartId, TemplateKind};
use crate::http::ApiResult;
use crate::http::input::text;
use crate::http::tags::ApiTags;
use crate::patients::PatientId;
use crate::sealed::Sensitive;
use crate::signoff::AddendumId;
use crate::staff::StaffUserId;

pub struct SignoffApi;

#[derive(Debug, Object)]
#[oai(rename_all = "camelCase")]
pub struct SignatureOut {
    pub signer_id: StaffUserId,
    pub signer_name: String,
    pub signer_role: String,
    pub signed_at: DateTime<Utc>,
    /// SHA-256 of the canonical record the signature covers.
    pub record_hash: String,
    pub hash_version: i32,
}

#[derive(Debug, Object)]
#[oai(rename_all = "camelCase")]
pub struct ReturnOut {
    pub returned_by_name: String,
    pub comment: String,
    pub created_at: DateTime<Utc>,
}

#[derive(Debug, Object)]
#[oai(rename_all = "camelCase", skip_serializing_if_is_none)]
pub struct AddendumOut {
    pub id: AddendumId,
    pub author_name: String,
    pub body: String,
    pub created_at: DateTime<Utc>,
    pub signature: Option<SignatureOut>,
}

#[derive(Debug, Object)]
#[oai(rename_all = "camelCase")]
pub struct CommentIn {
    pub comment: String,
}

#[derive(Debug, Object)]
#[oai(rename_all = "camelCase")]
pub struct AddendumIn {
    pub body: String,
}

#[derive(Debug, Object)]
#[oai(rename_all = "camelCase", skip_serializing_if_is_none)]
pub struct QueueItemOut {
    pub chart_id: ChartId,
    pub patient_id: PatientId,
    pub patient_name: String,
    pub provider_id: StaffUserId,
    pub provider_name: String,
    pub template_kind: TemplateKind,
    pub submitted_at: DateTime<Utc>,
    pub visit_at: Option<DateTime<Utc>>,
    pub service_name: Option<String>,
    pub entry_count: i64,
    pub photo_count: i64,
    /// Why the provider submitted without every required consent, when they did.
    pub consent_override_reason: Option<String>,
}

#[derive(Debug, Object)]
#[oai(rename_all = "camelCase")]
pub struct CheckOut {
    /// `record`, `photo <id>` or `addendum <id>`.
    pub what: String,
    pub signed_hash: String,
    pub computed_hash: String,
    pub matches: bool,
}

#[derive(Debug, Object)]
#[oai(rename_all = "camelCase")]
pub struct VerifyOut {
    pub signed: bool,
    /// Every recomputed hash equals the one signed.
    pub matches: bool,
    pub checks: Vec<CheckOut>,
}

impl From<&Signature> for SignatureOut {
    fn from(s: &Signature) -> Self {
        Self {
            signer_id: s.signer_id,
            signer_name: s.signer_name.clone(),
            signer_role: s.signer_role.clone(),
            signed_at: s.signed_at,
            record_hash: s.record_hash.clone(),
            hash_version: s.hash_version,
        }
    }
}

impl From<Return> for ReturnOut {
    fn from(r: Return) -> Self {
        Self { returned_by_name: r.returned_by_name, comment: r.comment, created_at: r.created_at }
    }
}

#[OpenApi(tag = "ApiTags::Charts")]
impl SignoffApi {
    /// Sign a chart
    ///
    /// The medical director signs a submitted chart. The signature keeps the signer, the time and
    /// the SHA-256 of the canonical record (content, entries, each photo's original bytes and
    /// each overlay version, and the visit as the chart shows it); from then on the chart never
    /// changes. Needs `charts:sign`, and the medical director's own sign-in: API tokens are
    /// refused with `signature_needs_person`.
    #[oai(path = "/charts/:id/sign", method = "post", operation_id = "charts.sign")]
    async fn sign(&self, auth: Person<ChartsSign>, id: Path<ChartId>) -> ApiResult<Json<ChartOut>> {
        let mut op = auth.begin().await?;
        let signed = service::sign(&mut op, id.0).await?;
        Ok(Json(ChartOut::new(op.commit(signed).await?, &Viewer::of(&auth.ctx))))
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
        let comment = text("comment", &body.comment, 2000)?;
        let mut op = auth.begin().await?;
        let returned = service::return_chart(&mut op, id.0, &comment).await?;
        Ok(Json(ChartOut::new(op.commit(returned).await?, &Viewer::of(&auth.ctx))))
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
        let body = Sensitive::new(text("body", &body.body, 5000)?);
        let mut op = auth.begin().await?;
        let amended = service::add_addendum(&mut op, id.0, &body).await?;
        Ok(Json(ChartOut::new(op.commit(amended).await?, &Viewer::of(&auth.ctx))))
    }

    /// Verify a chart's signatures
    ///
    /// Recomputes the record hash from what is stored now, each photo's SHA-256 from its
    /// original bytes, and each addendum's hash, and compares them with what was signed.
    /// Verifying is recorded in the audit log. Needs `charts:read`.
    #[oai(path = "/charts/:id/verify", method = "get", operation_id = "charts.verify")]
    async fn verify(&self, auth: Staff<ChartsRead>, id: Path<ChartId>) -> ApiResult<Json<VerifyOut>> {
        let mut op = auth.begin().await?;
        let result = service::verify(&mut op, id.0).await?;
        let result = op.commit(result).await?;
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
    /// Looking at it is recorded in the audit log. Needs `charts:sign`.
    #[oai(path = "/signoff-queue", method = "get", operation_id = "charts.queue")]
    async fn queue(
        &self,
        auth: Staff<ChartsSign>,
        #[oai(name = "providerId")] provider_id: Query<Option<StaffUserId>>,
    ) -> ApiResult<Json<Vec<QueueItemOut>>> {
        let mut op = auth.begin().await?;
        let queue = service::queue(&mut op, provider_id.0).await?;
        Ok(Json(
            op.commit(queue)
                .await?
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
                    consent_override_reason: q.consent_override_reason,
                })
                .collect(),
        ))
    }
}
