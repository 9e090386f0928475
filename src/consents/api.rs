//! Consents over HTTP: owners keep the templates (and which services require them); front desk,
//! providers and owners take signatures with a staff member witnessing, issue links for the
//! patient's own phone, and revoke mistaken copies; whoever reads consents sees where a visit
//! stands and opens or downloads a signed copy (both recorded).

use poem_openapi::OpenApi;
use poem_openapi::param::Path;
use poem_openapi::payload::Json;

pub use super::dto::*;
use super::model::{ConsentTemplateId, SignedConsentId, TemplateInput};
use super::signature::Strokes;
use super::{service, signing};
use crate::auth::permissions::{ConsentTemplatesRead, ConsentTemplatesWrite, ConsentsRead, ConsentsWrite};
use crate::auth::{Person, Staff};
use crate::clinic::{Audited, ClinicOp};
use crate::http::download::PdfFile;
use crate::http::input::text;
use crate::http::tags::ApiTags;
use crate::http::{ApiError, ApiResult, FieldProblem};
use crate::patients::{self, PatientId};
use crate::scheduling::AppointmentId;

pub struct ConsentTemplatesApi;
pub struct ConsentsApi;

fn template_input(body: &ConsentTemplateIn) -> Result<TemplateInput, ApiError> {
    let name = text("name", &body.name, 120)?;
    let text_body = body.body.trim();
    if text_body.is_empty() {
        return Err(ApiError::validation(vec![FieldProblem::new("body", "required", "Write the consent's text.")]));
    }
    if text_body.len() > 100_000 {
        return Err(ApiError::validation(vec![FieldProblem::new(
            "body",
            "too_long",
            "Keep the text under 100,000 characters.",
        )]));
    }
    if body.renew_after_days.is_some_and(|d| !(1..=3650).contains(&d)) {
        return Err(ApiError::validation(vec![FieldProblem::new(
            "renewAfterDays",
            "out_of_range",
            "Renewal is between 1 day and 10 years (3,650 days).",
        )]));
    }
    let mut services = Vec::with_capacity(body.service_ids.len());
    for id in &body.service_ids {
        if !services.contains(id) {
            services.push(*id);
        }
    }
    Ok(TemplateInput {
        name,
        kind: body.kind,
        body: text_body.to_owned(),
        renew_after_days: body.renew_after_days,
        services,
    })
}

/// Commits a change to a template and answers with the template as it now is.
async fn answer(
    mut op: ClinicOp<ConsentTemplatesWrite>,
    done: Audited<ConsentTemplateId>,
) -> ApiResult<Json<ConsentTemplateDetailOut>> {
    let shown = op.then(done, async |op, id| detail(op.tx(), *id).await).await?;
    Ok(Json(op.commit(shown).await?.1))
}

async fn detail(tx: &mut crate::db::ClinicTx, id: ConsentTemplateId) -> ApiResult<ConsentTemplateDetailOut> {
    let (template, versions, services) = service::template(tx, id).await?;
    Ok(ConsentTemplateDetailOut {
        template: ConsentTemplateOut::new(template, services),
        versions: versions.into_iter().map(TemplateVersionOut::from).collect(),
    })
}

#[OpenApi(tag = "ApiTags::ConsentTemplates")]
impl ConsentTemplatesApi {
    /// Consent templates
    ///
    /// Every template with its current version and the services that require it, archived
    /// ones last. Needs `consent_templates:read`.
    #[oai(path = "/consent-templates", method = "get", operation_id = "consent_templates.list")]
    async fn list(&self, auth: Staff<ConsentTemplatesRead>) -> ApiResult<Json<Vec<ConsentTemplateOut>>> {
        let mut op = auth.begin_read().await?;
        let (templates, pairs) = service::templates(op.tx()).await?;
        Ok(Json(
            templates
                .into_iter()
                .map(|t| {
                    let services = pairs.iter().filter(|(tid, _)| *tid == t.id).map(|(_, s)| *s).collect();
                    ConsentTemplateOut::new(t, services)
                })
                .collect(),
        ))
    }

    /// A consent template and every version of its text
    ///
    /// Needs `consent_templates:read`.
    #[oai(path = "/consent-templates/:id", method = "get", operation_id = "consent_templates.get")]
    async fn get(
        &self,
        auth: Staff<ConsentTemplatesRead>,
        id: Path<ConsentTemplateId>,
    ) -> ApiResult<Json<ConsentTemplateDetailOut>> {
        let mut op = auth.begin_read().await?;
        Ok(Json(detail(op.tx(), id.0).await?))
    }

    /// Add a consent template
    ///
    /// Its text becomes version 1. Needs `consent_templates:write`.
    #[oai(path = "/consent-templates", method = "post", operation_id = "consent_templates.create")]
    async fn create(
        &self,
        auth: Staff<ConsentTemplatesWrite>,
        body: Json<ConsentTemplateIn>,
    ) -> ApiResult<Json<ConsentTemplateDetailOut>> {
        let input = template_input(&body)?;
        let mut op = auth.begin().await?;
        let created = service::create(&mut op, &input).await?;
        answer(op, created).await
    }

    /// Change a consent template
    ///
    /// A change to the name or text writes a new version; earlier versions and every copy
    /// signed from them stay exactly as they were, and patients sign the new version at their
    /// next visit. Changing the kind, renewal or services writes no version. Needs
    /// `consent_templates:write`.
    #[oai(path = "/consent-templates/:id", method = "put", operation_id = "consent_templates.update")]
    async fn update(
        &self,
        auth: Staff<ConsentTemplatesWrite>,
        id: Path<ConsentTemplateId>,
        body: Json<ConsentTemplateIn>,
    ) -> ApiResult<Json<ConsentTemplateDetailOut>> {
        let input = template_input(&body)?;
        let mut op = auth.begin().await?;
        let updated = service::update(&mut op, id.0, &input).await?;
        answer(op, updated).await
    }

    /// Archive a consent template
    ///
    /// No service requires it any more and it can't be signed; signed copies keep it. Needs
    /// `consent_templates:write`.
    #[oai(path = "/consent-templates/:id/archive", method = "post", operation_id = "consent_templates.archive")]
    async fn archive(
        &self,
        auth: Staff<ConsentTemplatesWrite>,
        id: Path<ConsentTemplateId>,
    ) -> ApiResult<Json<ConsentTemplateDetailOut>> {
        let mut op = auth.begin().await?;
        let archived = service::set_archived(&mut op, id.0, true).await?;
        answer(op, archived).await
    }

    /// Restore an archived consent template
    ///
    /// Needs `consent_templates:write`.
    #[oai(path = "/consent-templates/:id/restore", method = "post", operation_id = "consent_templates.restore")]
    async fn restore(
        &self,
        auth: Staff<ConsentTemplatesWrite>,
        id: Path<ConsentTemplateId>,
    ) -> ApiResult<Json<ConsentTemplateDetailOut>> {
        let mut op = auth.begin().await?;
        let restored = service::set_archived(&mut op, id.0, false).await?;
        answer(op, restored).await
    }
}

fn strokes(input: &[Vec<Vec<u16>>]) -> Result<Strokes, ApiError> {
    let mut strokes = Vec::with_capacity(input.len());
    for stroke in input {
        let mut points = Vec::with_capacity(stroke.len());
        for point in stroke {
            match point.as_slice() {
                [x, y] => points.push([*x, *y]),
                _ => {
                    return Err(ApiError::validation(vec![FieldProblem::new(
                        "strokes",
                        "invalid",
                        "Each point is an [x, y] pair.",
                    )]));
                }
            }
        }
        strokes.push(points);
    }
    Ok(Strokes(strokes))
}

#[OpenApi(tag = "ApiTags::Consents")]
impl ConsentsApi {
    /// A visit's consents
    ///
    /// Each consent the visit's service requires, as current, expired (past its renewal),
    /// new_version (the text changed since it was signed) or missing, judged at the visit's
    /// start; and everything signed at this visit. Needs `consents:read`.
    #[oai(path = "/appointments/:id/consents", method = "get", operation_id = "consents.of_visit")]
    async fn of_visit(&self, auth: Staff<ConsentsRead>, id: Path<AppointmentId>) -> ApiResult<Json<VisitConsentsOut>> {
        let mut op = auth.begin_read().await?;
        let consents = signing::of_visit(op.tx(), id.0).await?;
        Ok(Json(VisitConsentsOut::from(&consents)))
    }

    /// Sign a consent for a visit
    ///
    /// The patient signs the current version of a template on the clinic's device; the staff
    /// member signed in is the witness, so an API token is refused (`signature_needs_person`).
    /// A missing name or signature is `signature_required`; a version that is no longer
    /// current is `consent_version_changed`. Sending the same signature twice keeps it once.
    /// Needs `consents:write`.
    #[oai(path = "/appointments/:id/consents", method = "post", operation_id = "consents.sign")]
    async fn sign(
        &self,
        auth: Person<ConsentsWrite>,
        id: Path<AppointmentId>,
        body: Json<SignConsentIn>,
    ) -> ApiResult<Json<SignedConsentSummaryOut>> {
        let input = signing::SignatureInput {
            version: body.template_version_id,
            signer_name: body.signer_name.clone(),
            strokes: strokes(&body.strokes)?,
        };
        let mut op = auth.begin().await?;
        let signed = signing::sign(&mut op, id.0, &input).await?;
        Ok(Json(SignedConsentSummaryOut::from(&op.commit(signed).await?)))
    }

    /// A link to sign on the patient's own phone
    ///
    /// A signed link, good for two hours, that opens the visit's consents on the clinic's
    /// site with no sign-in, and the same link as a QR code to show the patient. Issuing it
    /// is recorded. Needs `consents:write`.
    #[oai(path = "/appointments/:id/consent-link", method = "post", operation_id = "consents.link")]
    async fn link(&self, auth: Staff<ConsentsWrite>, id: Path<AppointmentId>) -> ApiResult<Json<ConsentLinkOut>> {
        let mut op = auth.begin().await?;
        let base = op.services().config.clinic_url(&op.clinic().slug);
        let issued = signing::issue_link(&mut op, id.0).await?;
        let link = op.commit(issued).await?;
        let url = format!("{base}{}", link.path);
        Ok(Json(ConsentLinkOut { qr_svg: super::qr::svg(&url), url, expires_at: link.expires_at }))
    }

    /// A patient's consents
    ///
    /// Every copy the patient signed (newest first, revoked ones included), and where the
    /// consents of their next booked visit stand. Needs `consents:read`.
    #[oai(path = "/patients/:id/consents", method = "get", operation_id = "consents.of_patient")]
    async fn of_patient(&self, auth: Staff<ConsentsRead>, id: Path<PatientId>) -> ApiResult<Json<PatientConsentsOut>> {
        let mut op = auth.begin_read().await?;
        patients::record(op.tx(), id.0).await?;
        let now = op.now();
        let (signed, next) = signing::of_patient(op.tx(), id.0, now).await?;
        Ok(Json(PatientConsentsOut {
            signed: signed.iter().map(SignedConsentSummaryOut::from).collect(),
            next_visit: next.as_ref().map(VisitConsentsOut::from),
        }))
    }

    /// A signed consent
    ///
    /// The exact text the patient saw, their signature strokes, both hashes, who witnessed
    /// it and where it was signed. Reading it is recorded. Needs `consents:read`.
    #[oai(path = "/consents/:id", method = "get", operation_id = "consents.get")]
    async fn get(&self, auth: Staff<ConsentsRead>, id: Path<SignedConsentId>) -> ApiResult<Json<SignedConsentOut>> {
        let mut op = auth.begin().await?;
        let read = signing::read(&mut op, id.0, false).await?;
        Ok(Json(SignedConsentOut::from(op.commit(read).await?)))
    }

    /// A signed consent as a PDF
    ///
    /// The text, the signature drawn from its strokes, the signer, witness and time, and both
    /// hashes, ready to print. Downloading it is recorded. Needs `consents:read`.
    #[oai(path = "/consents/:id/pdf", method = "get", operation_id = "consents.pdf")]
    async fn pdf(&self, auth: Staff<ConsentsRead>, id: Path<SignedConsentId>) -> ApiResult<PdfFile> {
        let mut op = auth.begin().await?;
        let read = signing::read(&mut op, id.0, true).await?;
        let shown = op.then(read, async |op, copy| patients::record(op.tx(), copy.summary.patient_id).await).await?;
        let tz = op.tz();
        let (copy, patient) = op.commit(shown).await?;
        let bytes = super::document::pdf(&copy, &patient, &auth.ctx.clinic().name, tz);
        Ok(PdfFile::attachment(bytes, &copy.summary.title, copy.summary.signed_at.with_timezone(&tz).date_naive()))
    }

    /// Revoke a signed consent
    ///
    /// For a copy that should not count (signed by the wrong person, the wrong form). The
    /// copy is kept exactly as it was; the revocation and its reason (required) are added
    /// beside it, and the visit shows the consent as missing again. Needs `consents:write`.
    #[oai(path = "/consents/:id/revoke", method = "post", operation_id = "consents.revoke")]
    async fn revoke(
        &self,
        auth: Staff<ConsentsWrite>,
        id: Path<SignedConsentId>,
        body: Json<RevokeConsentIn>,
    ) -> ApiResult<Json<SignedConsentSummaryOut>> {
        let reason = text("reason", &body.reason, 500)?;
        let mut op = auth.begin().await?;
        let revoked = signing::revoke(&mut op, id.0, &reason).await?;
        Ok(Json(SignedConsentSummaryOut::from(&op.commit(revoked).await?)))
    }
}
