use crate::charting::ChartingError;
use crate::http::{ApiError, ErrorCode};

#[derive(Debug, thiserror::Error)]
pub enum SignoffError {
    #[error("not found")]
    NotFound,
    #[error("the chart is signed")]
    Signed,
    /// Signing, returning and addenda are a person's own act, signed in as themselves.
    #[error("a signature needs the person it names")]
    NeedsPerson,
    #[error("only the chart's provider or an owner can add to it")]
    NotYours { provider_name: String },
    #[error("{0}")]
    Transition(&'static str),
    #[error(transparent)]
    Chart(#[from] ChartingError),
    #[error(transparent)]
    Db(sqlx::Error),
}

impl From<sqlx::Error> for SignoffError {
    fn from(err: sqlx::Error) -> Self {
        match crate::db::classify(&err) {
            crate::db::DbFailure::ChartSigned => SignoffError::Signed,
            _ => SignoffError::Db(err),
        }
    }
}

impl From<SignoffError> for ApiError {
    fn from(err: SignoffError) -> Self {
        match err {
            SignoffError::NotFound => ApiError::not_found(),
            SignoffError::Signed => ChartingError::Signed.into(),
            SignoffError::NeedsPerson => ApiError::new(
                ErrorCode::SignatureNeedsPerson,
                "A signature must be made by the person it names, signed in as themselves; API tokens can't sign.",
            ),
            SignoffError::NotYours { provider_name } => {
                ApiError::new(ErrorCode::Forbidden, format!("Only {provider_name} or an owner can change this chart."))
            }
            SignoffError::Transition(message) => ApiError::new(ErrorCode::InvalidTransition, message),
            SignoffError::Chart(e) => e.into(),
            SignoffError::Db(e) => e.into(),
        }
    }
}
