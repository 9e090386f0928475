use crate::http::{ApiError, ErrorCode, FieldProblem};

#[derive(Debug, thiserror::Error)]
pub enum ConsentsError {
    #[error("not found")]
    NotFound,
    #[error("a consent template with that name exists")]
    NameTaken,
    #[error("{field}: {message}")]
    Invalid { field: &'static str, code: &'static str, message: String },
    /// No typed name, or no drawn signature where one was needed.
    #[error("{field}: {message}")]
    Unsigned { field: &'static str, message: String },
    /// The text the patient was shown is no longer the template's current version.
    #[error("the consent's text has changed")]
    VersionChanged,
    #[error("the consent is already revoked")]
    AlreadyRevoked,
    /// A witness is a person: an API token can't witness a signature.
    #[error("a person must witness")]
    NeedsPerson,
    #[error(transparent)]
    Db(#[from] sqlx::Error),
}

impl ConsentsError {
    pub fn invalid(field: &'static str, code: &'static str, message: impl Into<String>) -> Self {
        Self::Invalid { field, code, message: message.into() }
    }

    pub fn unsigned(field: &'static str, message: impl Into<String>) -> Self {
        Self::Unsigned { field, message: message.into() }
    }
}

impl From<ConsentsError> for ApiError {
    fn from(err: ConsentsError) -> Self {
        match err {
            ConsentsError::NotFound => ApiError::not_found(),
            ConsentsError::NameTaken => {
                ApiError::new(ErrorCode::AlreadyExists, "A consent template with that name exists.")
                    .field(FieldProblem::new("name", "taken", "A consent template with that name exists."))
            }
            ConsentsError::Invalid { field, code, message } => {
                ApiError::validation(vec![FieldProblem::new(field, code, message)])
            }
            ConsentsError::Unsigned { field, message } => ApiError::new(ErrorCode::SignatureRequired, message.clone())
                .field(FieldProblem::new(field, "required", message)),
            ConsentsError::VersionChanged => ApiError::new(
                ErrorCode::ConsentVersionChanged,
                "This consent's text was updated. Show the patient the new text before they sign.",
            ),
            ConsentsError::AlreadyRevoked => {
                ApiError::new(ErrorCode::ConsentRevoked, "This consent has already been revoked.")
            }
            ConsentsError::NeedsPerson => ApiError::new(
                ErrorCode::SignatureNeedsPerson,
                "A staff member signed in as themselves must witness a signature; an API token can't.",
            ),
            ConsentsError::Db(e) => e.into(),
        }
    }
}

impl crate::clinic::Retryable for ConsentsError {
    fn is_retryable(&self) -> bool {
        matches!(self, ConsentsError::Db(e) if crate::db::classify(e) == crate::db::DbFailure::Retry)
    }
}
