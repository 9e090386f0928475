//! Clinical photos and the overlays drawn on them.

use chrono::{DateTime, Utc};

use crate::charting::ChartId;
use crate::patients::PatientId;
use crate::staff::StaffUserId;

crate::id_type!(
    /// A clinical photo's id.
    PhotoId
);

crate::text_enum! {
    pub enum PhotoPhase {
        Before = "before",
        After = "after",
        Other = "other",
    }
}

crate::text_enum! {
    /// The standard angles of facial photography.
    pub enum PhotoView {
        Front = "front",
        LeftOblique = "left_oblique",
        RightOblique = "right_oblique",
        LeftProfile = "left_profile",
        RightProfile = "right_profile",
        Other = "other",
    }
}

#[derive(Debug, Clone, sqlx::FromRow)]
pub struct Photo {
    pub id: PhotoId,
    pub patient_id: PatientId,
    pub chart_id: Option<ChartId>,
    pub phase: PhotoPhase,
    pub view: PhotoView,
    pub object_key: String,
    pub content_type: String,
    pub byte_size: i64,
    pub sha256: String,
    pub width: Option<i32>,
    pub height: Option<i32>,
    pub uploaded_by: StaffUserId,
    pub created_at: DateTime<Utc>,
    pub deleted_at: Option<DateTime<Utc>>,
    /// The latest overlay version, if it has been annotated.
    pub annotation_version: Option<i32>,
    /// The photography consent that covered it when it was taken.
    pub consent_id: Option<crate::consents::SignedConsentId>,
}

#[derive(Debug, Clone, sqlx::FromRow)]
pub struct Annotation {
    pub photo_id: PhotoId,
    pub version: i32,
    pub overlay: sqlx::types::Json<serde_json::Value>,
    pub overlay_sha256: String,
    pub created_by: StaffUserId,
    pub created_by_name: String,
    pub created_at: DateTime<Utc>,
}

/// A photo whose bytes are already stored, to be recorded against a draft chart.
pub struct PhotoRecord<'a> {
    pub id: PhotoId,
    pub phase: PhotoPhase,
    pub view: PhotoView,
    pub object_key: &'a str,
    pub content_type: &'a str,
    pub byte_size: i64,
    pub sha256: &'a str,
    pub width: i32,
    pub height: i32,
}
