//! Clinical photos: uploaded to a draft chart (the original stored once, with its SHA-256),
//! shown only through short-lived signed links (each one audited), and drawn on in versioned
//! overlays.

use bytes::Bytes;
use chrono::{DateTime, Utc};
use poem_openapi::param::{Path, Query};
use poem_openapi::payload::Json;
use poem_openapi::types::multipart::Upload;
use poem_openapi::{Enum, Multipart, Object, OpenApi};
use serde_json::{Value, json};
use sha2::{Digest, Sha256};

use super::actor;
use super::dto::PhotoOut;
use crate::audit::AuditAction;
use crate::auth::permissions::{PhotosRead, PhotosWrite};
use crate::auth::{ClinicCtx, Staff};
use crate::charting::images::{self, ImageKind};
use crate::charting::service::{self, PhotoRecord};
use crate::charting::{ChartId, Photo, PhotoId, PhotoPhase, PhotoView};
use crate::db::ClinicTx;
use crate::http::tags::ApiTags;
use crate::http::{ApiError, ApiResult, ErrorCode, FieldProblem};
use crate::storage::{ObjectKey, PhotoObject};

pub struct PhotosApi;

/// The largest photo accepted, in bytes.
pub const MAX_PHOTO_BYTES: usize = 25 * 1024 * 1024;

/// At most this many photos are decoded at once; more wait their turn.
static DECODING: tokio::sync::Semaphore = tokio::sync::Semaphore::const_new(2);

#[derive(Debug, Multipart)]
pub struct PhotoUpload {
    /// The image: JPEG, PNG or WebP, up to 25 MB.
    pub file: Upload,
    /// `before`, `after` or `other` (default `before`).
    pub phase: Option<String>,
    /// `front`, `left_oblique`, `right_oblique`, `left_profile`, `right_profile`, `other`.
    pub view: Option<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Enum)]
#[oai(rename_all = "snake_case")]
pub enum Variant {
    /// The untouched original.
    Original,
    /// Up to 1,600 pixels, upright.
    Display,
    /// Up to 320 pixels, upright.
    Thumb,
}

impl From<Variant> for PhotoObject {
    fn from(v: Variant) -> Self {
        match v {
            Variant::Original => PhotoObject::Original,
            Variant::Display => PhotoObject::Display,
            Variant::Thumb => PhotoObject::Thumb,
        }
    }
}

#[derive(Debug, Object)]
#[oai(rename_all = "camelCase")]
pub struct PhotoUrlOut {
    pub photo_id: PhotoId,
    pub url: String,
    pub expires_at: DateTime<Utc>,
}

#[derive(Debug, Object)]
#[oai(rename_all = "camelCase")]
pub struct PhotoLabelsIn {
    pub phase: PhotoPhase,
    pub view: PhotoView,
}

#[derive(Debug, Object)]
#[oai(rename_all = "camelCase")]
pub struct AnnotationVersionOut {
    pub version: i32,
    pub created_by_name: String,
    pub created_at: DateTime<Utc>,
    /// SHA-256 of the overlay's canonical JSON.
    pub sha256: String,
}

#[derive(Debug, Object)]
#[oai(rename_all = "camelCase", skip_serializing_if_is_none)]
pub struct AnnotationsOut {
    /// Every saved version, oldest first.
    pub versions: Vec<AnnotationVersionOut>,
    /// The latest version's drawing, if any.
    pub latest: Option<Value>,
}

#[derive(Debug, Object)]
#[oai(rename_all = "camelCase", skip_serializing_if_is_none)]
pub struct AnnotationIn {
    /// The drawing: `{ "version": 1, "shapes": [...] }` with lines (`points`, `color`, `width`)
    /// and numbered points (`number`, `x`, `y`, optional `label` and `dose`), in the photo's
    /// upright pixel coordinates (integers).
    pub overlay: Value,
    /// The version this drawing was made on (none for the first).
    pub base_version: Option<i32>,
}

#[derive(Debug, Object)]
#[oai(rename_all = "camelCase")]
pub struct AnnotationSavedOut {
    pub version: i32,
    pub overlay: Value,
}

fn parse_label<T: std::str::FromStr>(field: &str, value: Option<&str>, default: T) -> Result<T, ApiError> {
    match value.map(str::trim).filter(|v| !v.is_empty()) {
        None => Ok(default),
        Some(v) => v.parse().map_err(|_| {
            ApiError::validation(vec![FieldProblem::new(field, "invalid", format!("Unknown {field}: {v}."))])
        }),
    }
}

/// Issues a signed link for one object of a photo, auditing it.
async fn issue_url(ctx: &ClinicCtx, tx: &mut ClinicTx, photo: &Photo, variant: Variant) -> ApiResult<PhotoUrlOut> {
    let key = ObjectKey::photo(ctx.clinic().id.0, photo.id.0, variant.into());
    let now = ctx.now();
    let url = ctx.host.state.storage.signed_url(&key, now).await.map_err(ApiError::internal)?;
    let entry = ctx
        .audit_entry(AuditAction::PhotoUrlIssued)
        .entity("photo", photo.id.0)
        .patient(photo.patient_id.0)
        .details(json!({ "variant": format!("{variant:?}").to_lowercase() }));
    ctx.audit(tx, entry).await?;
    Ok(PhotoUrlOut {
        photo_id: photo.id,
        url,
        expires_at: now + chrono::Duration::from_std(ctx.host.state.storage.link_lifetime()).unwrap_or_default(),
    })
}

async fn audit_photo(
    ctx: &ClinicCtx,
    tx: &mut ClinicTx,
    action: AuditAction,
    photo: &Photo,
    details: Value,
) -> ApiResult<()> {
    let entry = ctx.audit_entry(action).entity("photo", photo.id.0).patient(photo.patient_id.0).details(details);
    Ok(ctx.audit(tx, entry).await?)
}

#[OpenApi(tag = "ApiTags::Photos")]
impl PhotosApi {
    /// Upload a photo to a chart
    ///
    /// One image per request (send several at once for several photos). The type is judged by
    /// the file's bytes; the original is stored once, never changed, with its SHA-256; upright
    /// display and thumbnail copies are made from it. Drafts only. Needs `photos:write`.
    #[oai(path = "/charts/:id/photos", method = "post", operation_id = "photos.upload")]
    async fn upload(
        &self,
        auth: Staff<PhotosWrite>,
        id: Path<ChartId>,
        form: PhotoUpload,
    ) -> ApiResult<Json<PhotoOut>> {
        let ctx = auth.ctx;
        let phase = parse_label("phase", form.phase.as_deref(), PhotoPhase::Before)?;
        let view = parse_label("view", form.view.as_deref(), PhotoView::Other)?;
        if form.file.size() > MAX_PHOTO_BYTES {
            return Err(too_large());
        }
        let bytes = form
            .file
            .into_vec()
            .await
            .map_err(|_| ApiError::new(ErrorCode::BadRequest, "The upload didn't arrive whole. Try again."))?;
        if bytes.len() > MAX_PHOTO_BYTES {
            return Err(too_large());
        }
        let Some(kind) = ImageKind::sniff(&bytes) else {
            return Err(ApiError::new(ErrorCode::UnsupportedMediaType, "Only JPEG, PNG and WebP photos can be added.")
                .field(FieldProblem::new("file", "unsupported", "Only JPEG, PNG and WebP photos can be added.")));
        };
        // Before any work: the chart must be a draft this person may change.
        {
            let mut tx = ctx.read().await?;
            let chart = service::chart_row(&mut tx, id.0).await?;
            crate::charting::rules::check_editable(chart.status)?;
            tx.rollback().await?;
        }
        let bytes = Bytes::from(bytes);
        let derived = {
            let _turn = DECODING.acquire().await.map_err(ApiError::internal)?;
            let input = bytes.clone();
            tokio::task::spawn_blocking(move || images::derive(&input, kind)).await.map_err(ApiError::internal)?
        }
        .map_err(|e| {
            let code = match e {
                images::ImageError::HeicUnsupported => ErrorCode::UnsupportedMediaType,
                _ => ErrorCode::ValidationFailed,
            };
            ApiError::new(code, e.to_string()).field(FieldProblem::new("file", "unreadable", e.to_string()))
        })?;

        let photo_id = PhotoId::generate();
        let clinic = ctx.clinic().id.0;
        let keys = [PhotoObject::Original, PhotoObject::Display, PhotoObject::Thumb]
            .map(|o| ObjectKey::photo(clinic, photo_id.0, o));
        let storage = &ctx.host.state.storage;
        let sha256 = hex::encode(Sha256::digest(&bytes));
        let stored = async {
            storage.put_new(&keys[0], bytes.clone(), kind.content_type()).await?;
            storage.put_new(&keys[1], Bytes::from(derived.display), "image/jpeg").await?;
            storage.put_new(&keys[2], Bytes::from(derived.thumb), "image/jpeg").await
        }
        .await;
        if let Err(e) = stored {
            storage.discard_unreferenced(&keys).await;
            return Err(ApiError::internal(e));
        }
        let record = PhotoRecord {
            id: photo_id,
            phase,
            view,
            object_key: keys[0].as_str(),
            content_type: kind.content_type(),
            byte_size: bytes.len() as i64,
            sha256: &sha256,
            width: derived.width as i32,
            height: derived.height as i32,
        };
        let saved: ApiResult<Photo> = async {
            let mut tx = ctx.write().await?;
            let photo = service::record_photo(&mut tx, id.0, &actor(&ctx), &record, ctx.now()).await?;
            audit_photo(
                &ctx,
                &mut tx,
                AuditAction::PhotoUploaded,
                &photo,
                json!({ "chartId": id.0, "sha256": sha256 }),
            )
            .await?;
            tx.commit().await?;
            Ok(photo)
        }
        .await;
        match saved {
            Ok(photo) => Ok(Json(photo.into())),
            Err(e) => {
                // Nothing refers to the objects: no half-made photo is left behind.
                storage.discard_unreferenced(&keys).await;
                Err(e)
            }
        }
    }

    /// A signed link to a photo
    ///
    /// Works for five minutes, for this photo only; each link issued is audited. Needs
    /// `photos:read`.
    #[oai(path = "/photos/:id/url", method = "get", operation_id = "photos.url")]
    async fn url(
        &self,
        auth: Staff<PhotosRead>,
        id: Path<PhotoId>,
        variant: Query<Option<Variant>>,
    ) -> ApiResult<Json<PhotoUrlOut>> {
        let ctx = auth.ctx;
        let mut tx = ctx.write().await?;
        let photo = service::photo(&mut tx, id.0).await?;
        let out = issue_url(&ctx, &mut tx, &photo, variant.0.unwrap_or(Variant::Display)).await?;
        tx.commit().await?;
        Ok(Json(out))
    }

    /// Signed links to all of a chart's photos
    ///
    /// One per photo, each audited. Needs `photos:read`.
    #[oai(path = "/charts/:id/photo-urls", method = "get", operation_id = "photos.chart_urls")]
    async fn chart_urls(
        &self,
        auth: Staff<PhotosRead>,
        id: Path<ChartId>,
        variant: Query<Option<Variant>>,
    ) -> ApiResult<Json<Vec<PhotoUrlOut>>> {
        let ctx = auth.ctx;
        let mut tx = ctx.write().await?;
        let view = service::chart(&mut tx, id.0).await?;
        let mut out = Vec::with_capacity(view.photos.len());
        for photo in &view.photos {
            out.push(issue_url(&ctx, &mut tx, photo, variant.0.unwrap_or(Variant::Thumb)).await?);
        }
        tx.commit().await?;
        Ok(Json(out))
    }

    /// Label a photo
    ///
    /// Before, after or other, and the angle. Drafts only. Needs `photos:write`.
    #[oai(path = "/photos/:id", method = "patch", operation_id = "photos.update")]
    async fn update(
        &self,
        auth: Staff<PhotosWrite>,
        id: Path<PhotoId>,
        body: Json<PhotoLabelsIn>,
    ) -> ApiResult<Json<PhotoOut>> {
        let ctx = auth.ctx;
        let mut tx = ctx.write().await?;
        let photo = service::relabel_photo(&mut tx, id.0, &actor(&ctx), body.phase, body.view, ctx.now()).await?;
        audit_photo(
            &ctx,
            &mut tx,
            AuditAction::PhotoChanged,
            &photo,
            json!({ "phase": body.phase, "view": body.view }),
        )
        .await?;
        tx.commit().await?;
        Ok(Json(photo.into()))
    }

    /// Remove a photo from a draft
    ///
    /// It is marked removed; the original stays stored. Needs `photos:write`.
    #[oai(path = "/photos/:id", method = "delete", operation_id = "photos.remove")]
    async fn remove(&self, auth: Staff<PhotosWrite>, id: Path<PhotoId>) -> ApiResult<Json<PhotoOut>> {
        let ctx = auth.ctx;
        let mut tx = ctx.write().await?;
        let photo = service::remove_photo(&mut tx, id.0, &actor(&ctx), ctx.now()).await?;
        audit_photo(&ctx, &mut tx, AuditAction::PhotoRemoved, &photo, json!({})).await?;
        tx.commit().await?;
        Ok(Json(photo.into()))
    }

    /// A photo's overlays
    ///
    /// Every saved version, and the latest drawing. Needs `photos:read`.
    #[oai(path = "/photos/:id/annotations", method = "get", operation_id = "photos.annotations")]
    async fn annotations(&self, auth: Staff<PhotosRead>, id: Path<PhotoId>) -> ApiResult<Json<AnnotationsOut>> {
        let mut tx = auth.ctx.read().await?;
        let versions = service::annotations(&mut tx, id.0).await?;
        Ok(Json(AnnotationsOut {
            latest: versions.last().map(|a| a.overlay.0.clone()),
            versions: versions
                .into_iter()
                .map(|a| AnnotationVersionOut {
                    version: a.version,
                    created_by_name: a.created_by_name,
                    created_at: a.created_at,
                    sha256: a.overlay_sha256,
                })
                .collect(),
        }))
    }

    /// Save a drawing on a photo
    ///
    /// A new overlay version; earlier ones are kept and the photo itself never changes. Send the
    /// version you drew on as `baseVersion`: if someone saved since, the answer is
    /// `version_conflict`. Drafts only. Needs `photos:write`.
    #[oai(path = "/photos/:id/annotations", method = "post", operation_id = "photos.annotate")]
    async fn annotate(
        &self,
        auth: Staff<PhotosWrite>,
        id: Path<PhotoId>,
        body: Json<AnnotationIn>,
    ) -> ApiResult<Json<AnnotationSavedOut>> {
        let ctx = auth.ctx;
        let mut tx = ctx.write().await?;
        let (version, overlay) =
            service::save_annotation(&mut tx, id.0, &actor(&ctx), &body.overlay, body.base_version, ctx.now()).await?;
        let photo = service::photo(&mut tx, id.0).await?;
        audit_photo(&ctx, &mut tx, AuditAction::PhotoAnnotated, &photo, json!({ "version": version })).await?;
        tx.commit().await?;
        Ok(Json(AnnotationSavedOut { version, overlay }))
    }
}

fn too_large() -> ApiError {
    ApiError::new(ErrorCode::PayloadTooLarge, "Photos can be up to 25 MB.").field(FieldProblem::new(
        "file",
        "too_large",
        "Photos can be up to 25 MB.",
    ))
}
