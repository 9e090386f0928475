#[derive(Debug, thiserror::Error)]
pub enum ChartingError {
    #[error("not found")]
    NotFound,
    /// Submitted and waiting for sign-off: nothing changes until it is signed or returned.
    #[error("the chart is waiting for sign-off")]
    Locked,
    #[error("the chart is signed")]
    Signed,
    #[error("only the chart's provider or an owner can change it")]
    NotYours { provider_name: String },
    #[error("{0}")]
    Transition(&'static str),
    #[error("{field}: {message}")]
    Invalid { field: String, code: &'static str, message: String },
    #[error("{} things missing before submission", .0.len())]
    Incomplete(Vec<(String, String)>),
    /// Required consents are not all current and no override reason was given.
    #[error("consents missing: {}", .0.join(", "))]
    ConsentMissing(Vec<String>),
    #[error(transparent)]
    Patients(#[from] crate::patients::PatientsError),
    #[error(transparent)]
    Db(sqlx::Error),
}

impl From<sqlx::Error> for ChartingError {
    fn from(err: sqlx::Error) -> Self {
        match crate::db::classify(&err) {
            crate::db::DbFailure::ChartSigned => ChartingError::Signed,
            _ => ChartingError::Db(err),
        }
    }
}

impl From<crate::consents::ConsentsError> for ChartingError {
    fn from(err: crate::consents::ConsentsError) -> Self {
        match err {
            crate::consents::ConsentsError::Db(e) => e.into(),
            _ => ChartingError::NotFound,
        }
    }
}

impl ChartingError {
    pub fn invalid(field: impl Into<String>, code: &'static str, message: impl Into<String>) -> Self {
        Self::Invalid { field: field.into(), code, message: message.into() }
    }
}

impl From<ChartingError> for crate::http::ApiError {
    fn from(err: ChartingError) -> Self {
        use crate::http::{ApiError, ErrorCode, FieldProblem};
        match err {
            ChartingError::NotFound => ApiError::not_found(),
            ChartingError::Locked => ApiError::new(
                ErrorCode::ChartLocked,
                "This chart is waiting for sign-off and can't change. The medical director can return it for changes.",
            ),
            ChartingError::Signed => {
                ApiError::new(ErrorCode::ChartSigned, "This chart is signed and can't change. Add an addendum instead.")
            }
            ChartingError::NotYours { provider_name } => {
                ApiError::new(ErrorCode::Forbidden, format!("Only {provider_name} or an owner can change this chart."))
            }
            ChartingError::Transition(message) => ApiError::new(ErrorCode::InvalidTransition, message),
            ChartingError::Invalid { field, code, message } => {
                let status = if code == "lot_expired" { ErrorCode::LotExpired } else { ErrorCode::ValidationFailed };
                ApiError::new(status, message.clone()).field(FieldProblem::new(field, code, message))
            }
            ChartingError::Incomplete(problems) => {
                let mut e = ApiError::new(
                    ErrorCode::ChartIncomplete,
                    "The chart needs a little more before it can be submitted.",
                );
                for (field, message) in problems {
                    e = e.field(FieldProblem::new(field, "required", message));
                }
                e
            }
            ChartingError::ConsentMissing(names) => ApiError::new(
                ErrorCode::ConsentMissing,
                format!(
                    "Not signed and current: {}. Have the patient sign, or give a reason for going ahead without.",
                    names.join(", ")
                ),
            )
            .field(FieldProblem::new(
                "consentOverrideReason",
                "required",
                "Say why treatment went ahead without these consents.",
            )),
            ChartingError::Patients(e) => e.into(),
            ChartingError::Db(e) => e.into(),
        }
    }
}
