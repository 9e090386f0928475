//! Clinical photos over HTTP: uploaded to a draft chart (the original stored once, with its
//! SHA-256), shown only through short-lived signed links (each one audited), and drawn on in
//! versioned overlays.

use bytes::Bytes;
use chrono::{DateTime, Utc};
use poem_openapi::param::{Path, Query};
use poem_openapi::payload::Json;
use poem_openapi::types::multipart::Upload;
use poem_openapi::{Enum, Multipart, Object, OpenApi};
use serde_json::Value;
use sha2::{Digest, Sha256};

use super::images::{self, ImageKind};
use super::model::{Photo, PhotoId, PhotoPhase, PhotoRecord, PhotoView};
use super::service::{self, PhotoLink};
use crate::auth::Staff;
use crate::auth::permissions::{PhotosRead, PhotosWrite};
use crate::charting::ChartId;
use crate::http::tags::ApiTags;
use crate::http::{ApiError, ApiResult, ErrorCode, FieldProblem};
use crate::storage::{ObjectKey, PhotoObject};

pub struct PhotosApi;

/// The largest photo accepted, in bytes.
pub const MAX_PHOTO_BYTES: usize = 25 * 1024 * 1024;

/// At most this many photos are decoded at once; more wait their turn.
static DECODING: tokio::sync::Semaphore = tokio::sync::Semaphore::const_new(2);

#[derive(Debug, Object)]
#[oai(rename_all = "camelCase", skip_serializing_if_is_none)]
pub struct PhotoOut {
    pub id: PhotoId,
    pub chart_id: Option<ChartId>,
    pub phase: PhotoPhase,
    pub view: PhotoView,
    /// Upright size in pixels: overlays use this grid.
    pub width: i32,
    pub height: i32,
    pub content_type: String,
    pub byte_size: i64,
    /// SHA-256 of the original bytes.
    pub sha256: String,
    /// The latest overlay version (none: not drawn on).
    pub annotation_version: Option<i32>,
    pub created_at: DateTime<Utc>,
    /// The photography consent that covered it when it was taken. Absent: it was taken for the
    /// clinical record only.
    pub marketing_consent_id: Option<crate::consents::SignedConsentId>,
}

impl From<Photo> for PhotoOut {
    fn from(p: Photo) -> Self {
        Self {
            id: p.id,
            chart_id: p.chart_id,
            phase: p.phase,
            view: p.view,
            width: p.width.unwrap_or(0),
            height: p.height.unwrap_or(0),
            content_type: p.content_type,
            byte_size: p.byte_size,
            sha256: p.sha256,
            annotation_version: p.annotation_version,
            created_at: p.created_at,
            marketing_consent_id: p.consent_id,
        }
    }
}

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

impl Variant {
    /// As the audit log names it.
    fn label(self) -> &'static str {
        match self {
            Variant::Original => "original",
            Variant::Display => "display",
            Variant::Thumb => "thumb",
        }
    }
}

impl From<PhotoLink> for PhotoUrlOut {
    fn from(l: PhotoLink) -> Self {
        Self { photo_id: l.photo, url: l.url, expires_at: l.expires_at }
    }
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
        // Before any work: the chart must be a draft.
        service::check_chart_takes_photos(&mut auth.begin_read().await?, id.0).await?;
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
        let clinic = auth.ctx.clinic().id.0;
        let keys = [PhotoObject::Original, PhotoObject::Display, PhotoObject::Thumb]
            .map(|o| ObjectKey::photo(clinic, photo_id.0, o));
        let storage = &auth.ctx.host.services.storage;
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
            let mut op = auth.begin().await?;
            let photo = service::record(&mut op, id.0, &record).await?;
            Ok(op.commit(photo).await?)
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
        let variant = variant.0.unwrap_or(Variant::Display);
        let mut op = auth.begin().await?;
        let links = service::link(&mut op, id.0, variant.into(), variant.label()).await?;
        let link = op.commit(links).await?.pop().ok_or_else(ApiError::not_found)?;
        Ok(Json(link.into()))
    }

    /// A link to a photo for marketing use
    ///
    /// The original, for use beyond the chart (a before-and-after gallery). Refused with
    /// `photo_consent_missing` unless the patient holds a current photography consent now;
    /// the link and the consent that allowed it are recorded. Needs `photos:write`.
    #[oai(path = "/photos/:id/marketing-export", method = "post", operation_id = "photos.marketing_export")]
    async fn marketing_export(&self, auth: Staff<PhotosWrite>, id: Path<PhotoId>) -> ApiResult<Json<PhotoUrlOut>> {
        let mut op = auth.begin().await?;
        let link = service::marketing_link(&mut op, id.0).await?;
        Ok(Json(op.commit(link).await?.into()))
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
        let variant = variant.0.unwrap_or(Variant::Thumb);
        let mut op = auth.begin().await?;
        let links = service::chart_links(&mut op, id.0, variant.into(), variant.label()).await?;
        Ok(Json(op.commit(links).await?.into_iter().map(Into::into).collect()))
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
        let mut op = auth.begin().await?;
        let photo = service::relabel(&mut op, id.0, body.phase, body.view).await?;
        Ok(Json(op.commit(photo).await?.into()))
    }

    /// Remove a photo from a draft
    ///
    /// It is marked removed; the original stays stored. Needs `photos:write`.
    #[oai(path = "/photos/:id", method = "delete", operation_id = "photos.remove")]
    async fn remove(&self, auth: Staff<PhotosWrite>, id: Path<PhotoId>) -> ApiResult<Json<PhotoOut>> {
        let mut op = auth.begin().await?;
        let photo = service::remove(&mut op, id.0).await?;
        Ok(Json(op.commit(photo).await?.into()))
    }

    /// A photo's overlays
    ///
    /// Every saved version, and the latest drawing. Reading them is recorded in the audit log.
    /// Needs `photos:read`.
    #[oai(path = "/photos/:id/annotations", method = "get", operation_id = "photos.annotations")]
    async fn annotations(&self, auth: Staff<PhotosRead>, id: Path<PhotoId>) -> ApiResult<Json<AnnotationsOut>> {
        let mut op = auth.begin().await?;
        let versions = service::annotations(&mut op, id.0).await?;
        let versions = op.commit(versions).await?;
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
        let mut op = auth.begin().await?;
        let saved = service::save_annotation(&mut op, id.0, &body.overlay, body.base_version).await?;
        let (version, overlay) = op.commit(saved).await?;
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
