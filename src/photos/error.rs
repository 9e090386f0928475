use crate::charting::ChartingError;
use crate::http::{ApiError, ErrorCode, FieldProblem};

#[derive(Debug, thiserror::Error)]
pub enum PhotosError {
    #[error("not found")]
    NotFound,
    /// Someone saved a newer overlay on the photo than the one this drawing was made on.
    #[error("a newer version was saved")]
    VersionConflict,
    #[error("{message}")]
    Invalid { field: &'static str, message: String },
    /// The chart the photo belongs to refused the change (locked, signed, not theirs).
    #[error(transparent)]
    Chart(#[from] ChartingError),
    /// No current photography consent: the photo stays in the clinical record.
    #[error("no photography consent")]
    ConsentMissing,
    #[error(transparent)]
    Storage(crate::storage::StorageError),
    #[error(transparent)]
    Db(sqlx::Error),
}

impl From<sqlx::Error> for PhotosError {
    fn from(err: sqlx::Error) -> Self {
        match crate::db::classify(&err) {
            crate::db::DbFailure::ChartSigned => PhotosError::Chart(ChartingError::Signed),
            _ => PhotosError::Db(err),
        }
    }
}

impl From<PhotosError> for ApiError {
    fn from(err: PhotosError) -> Self {
        match err {
            PhotosError::NotFound => ApiError::not_found(),
            PhotosError::VersionConflict => ApiError::new(
                ErrorCode::VersionConflict,
                "Someone saved a newer drawing on this photo. Reload to see it.",
            ),
            PhotosError::Invalid { field, message } => {
                ApiError::validation(vec![FieldProblem::new(field, "invalid", message)])
            }
            PhotosError::Chart(e) => e.into(),
            PhotosError::ConsentMissing => ApiError::new(
                ErrorCode::PhotoConsentMissing,
                "This patient has no current photography consent, so their photos stay in the clinical record.",
            ),
            PhotosError::Storage(e) => ApiError::internal(e),
            PhotosError::Db(e) => e.into(),
        }
    }
}
