//! One error shape on the wire. Every non-2xx response is a [`Problem`]: a stable snake_case
//! `code` (what clients branch on), a human `message`, and per-field problems. Inside, domains
//! keep their own typed errors and convert into [`ApiError`]; the code decides the status here,
//! in one place.

use std::borrow::Cow;

use poem::http::{HeaderValue, StatusCode};
use poem::{IntoResponse, Response};
use poem_openapi::registry::{MetaMediaType, MetaResponse, MetaResponses, Registry};
use poem_openapi::types::Type;
use poem_openapi::{ApiResponse, Object};
use serde::{Deserialize, Serialize};

use crate::db::{DbFailure, classify};

/// The body of every error response.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Object)]
pub struct Problem {
    /// Stable machine-readable code, e.g. `not_found`, `validation_failed`, `slot_unavailable`.
    pub code: ErrorCode,
    /// What happened, for people.
    pub message: String,
    /// Problems with particular input fields (empty when the problem is not about a field).
    pub fields: Vec<FieldProblem>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Object)]
pub struct FieldProblem {
    /// The field's name as sent, in camelCase (`dateOfBirth`, `entries[2].dose`).
    pub field: String,
    /// Stable code for the field's problem, e.g. `required`, `invalid`, `too_long`.
    pub code: String,
    pub message: String,
}

impl FieldProblem {
    pub fn new(field: impl Into<String>, code: &str, message: impl Into<String>) -> Self {
        Self { field: field.into(), code: code.to_owned(), message: message.into() }
    }
}

macro_rules! error_codes {
    ($($variant:ident = $text:literal => $status:ident),+ $(,)?) => {
        /// Every error code the API can answer with: what clients branch on.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, poem_openapi::Enum)]
        pub enum ErrorCode { $(#[oai(rename = $text)] #[serde(rename = $text)] $variant),+ }

        impl ErrorCode {
            pub const ALL: &'static [ErrorCode] = &[$(ErrorCode::$variant),+];

            pub fn as_str(self) -> &'static str {
                match self { $(ErrorCode::$variant => $text),+ }
            }

            pub fn status(self) -> StatusCode {
                match self { $(ErrorCode::$variant => StatusCode::$status),+ }
            }
        }
    };
}

error_codes! {
    BadRequest = "bad_request" => BAD_REQUEST,
    InvalidBody = "invalid_body" => BAD_REQUEST,
    InvalidParameter = "invalid_parameter" => BAD_REQUEST,
    ValidationFailed = "validation_failed" => UNPROCESSABLE_ENTITY,
    Unauthenticated = "unauthenticated" => UNAUTHORIZED,
    InvalidCredentials = "invalid_credentials" => UNAUTHORIZED,
    CsrfFailed = "csrf_failed" => FORBIDDEN,
    PasswordChangeRequired = "password_change_required" => FORBIDDEN,
    Forbidden = "forbidden" => FORBIDDEN,
    NotFound = "not_found" => NOT_FOUND,
    MethodNotAllowed = "method_not_allowed" => METHOD_NOT_ALLOWED,
    Conflict = "conflict" => CONFLICT,
    AlreadyExists = "already_exists" => CONFLICT,
    LastOwner = "last_owner" => CONFLICT,
    PossibleDuplicate = "possible_duplicate" => CONFLICT,
    PatientArchived = "patient_archived" => CONFLICT,
    SlotUnavailable = "slot_unavailable" => CONFLICT,
    InvalidTransition = "invalid_transition" => CONFLICT,
    ChartLocked = "chart_locked" => CONFLICT,
    ChartSigned = "chart_signed" => CONFLICT,
    VisitLocked = "visit_locked" => CONFLICT,
    VersionConflict = "version_conflict" => CONFLICT,
    SignatureNeedsPerson = "signature_needs_person" => FORBIDDEN,
    ChartIncomplete = "chart_incomplete" => UNPROCESSABLE_ENTITY,
    LotExpired = "lot_expired" => UNPROCESSABLE_ENTITY,
    SignatureRequired = "signature_required" => UNPROCESSABLE_ENTITY,
    ConsentMissing = "consent_missing" => CONFLICT,
    ConsentVersionChanged = "consent_version_changed" => CONFLICT,
    ConsentRevoked = "consent_revoked" => CONFLICT,
    PhotoConsentMissing = "photo_consent_missing" => CONFLICT,
    InvoiceIssued = "invoice_issued" => CONFLICT,
    InvoiceVoid = "invoice_void" => CONFLICT,
    InvoiceNotIssued = "invoice_not_issued" => CONFLICT,
    InvoiceEmpty = "invoice_empty" => UNPROCESSABLE_ENTITY,
    InvoiceHasPayments = "invoice_has_payments" => CONFLICT,
    Overpayment = "overpayment" => UNPROCESSABLE_ENTITY,
    RefundExceedsPaid = "refund_exceeds_paid" => UNPROCESSABLE_ENTITY,
    PaymentVoided = "payment_voided" => CONFLICT,
    PaymentRefunded = "payment_refunded" => CONFLICT,
    IdempotencyKeyReused = "idempotency_key_reused" => CONFLICT,
    PlanInUse = "plan_in_use" => CONFLICT,
    PlanArchived = "plan_archived" => CONFLICT,
    CreditUnavailable = "credit_unavailable" => CONFLICT,
    PayloadTooLarge = "payload_too_large" => PAYLOAD_TOO_LARGE,
    UnsupportedMediaType = "unsupported_media_type" => UNSUPPORTED_MEDIA_TYPE,
    TooManyRequests = "too_many_requests" => TOO_MANY_REQUESTS,
    Internal = "internal" => INTERNAL_SERVER_ERROR,
    ServiceUnavailable = "service_unavailable" => SERVICE_UNAVAILABLE,
}

/// An error on its way to becoming a [`Problem`] response.
#[derive(Debug, thiserror::Error)]
#[error("{}: {message}", code.as_str())]
pub struct ApiError {
    pub code: ErrorCode,
    pub message: Cow<'static, str>,
    pub fields: Vec<FieldProblem>,
    pub retry_after_secs: Option<u64>,
    /// For 5xx: the cause, logged (never sent).
    #[source]
    pub cause: Option<anyhow::Error>,
}

pub type ApiResult<T> = Result<T, ApiError>;

impl ApiError {
    pub fn new(code: ErrorCode, message: impl Into<Cow<'static, str>>) -> Self {
        Self { code, message: message.into(), fields: Vec::new(), retry_after_secs: None, cause: None }
    }

    pub fn not_found() -> Self {
        Self::new(ErrorCode::NotFound, "Not found.")
    }

    pub fn forbidden() -> Self {
        Self::new(ErrorCode::Forbidden, "You do not have permission to do that.")
    }

    pub fn validation(fields: Vec<FieldProblem>) -> Self {
        let message = match fields.as_slice() {
            [one] => one.message.clone(),
            _ => "Some fields need attention.".to_owned(),
        };
        Self { fields, ..Self::new(ErrorCode::ValidationFailed, message) }
    }

    /// An unexpected failure: logged with its cause, answered with an opaque 500.
    pub fn internal(cause: impl Into<anyhow::Error>) -> Self {
        Self { cause: Some(cause.into()), ..Self::new(ErrorCode::Internal, "Something went wrong on our side.") }
    }

    pub fn field(mut self, problem: FieldProblem) -> Self {
        self.fields.push(problem);
        self
    }

    pub fn with_retry_after(mut self, secs: u64) -> Self {
        self.retry_after_secs = Some(secs);
        self
    }

    pub fn problem(&self) -> Problem {
        Problem { code: self.code, message: self.message.to_string(), fields: self.fields.clone() }
    }
}

impl From<sqlx::Error> for ApiError {
    fn from(err: sqlx::Error) -> Self {
        match classify(&err) {
            DbFailure::Retry | DbFailure::Other if matches!(err, sqlx::Error::PoolTimedOut) => {
                ApiError::new(ErrorCode::ServiceUnavailable, "The service is busy; please try again.")
                    .with_retry_after(1)
            }
            DbFailure::Retry => ApiError::new(ErrorCode::ServiceUnavailable, "The service is busy; please try again.")
                .with_retry_after(1),
            // The database's own guards, reached by a request that raced another one past the
            // checks made before writing. Domains map the ones they expect more precisely.
            DbFailure::Unique(_) => {
                ApiError::new(ErrorCode::Conflict, "Someone else just made the same change. Reload and try again.")
            }
            DbFailure::Overlap(_) => {
                ApiError::new(ErrorCode::SlotUnavailable, "That time was just taken. Please choose another.")
            }
            DbFailure::ChartSigned => ApiError::new(ErrorCode::ChartSigned, "This chart is signed and can't change."),
            DbFailure::VisitLocked => ApiError::new(
                ErrorCode::VisitLocked,
                "This visit's chart has been submitted for sign-off, so the visit can't change.",
            ),
            DbFailure::InvoiceIssued => ApiError::new(
                ErrorCode::InvoiceIssued,
                "This invoice has been issued, so what it charges can't change. Void it and make a new one, or refund.",
            ),
            _ => ApiError::internal(err),
        }
    }
}

impl From<crate::auth::passwords::Busy> for ApiError {
    fn from(_: crate::auth::passwords::Busy) -> Self {
        ApiError::new(ErrorCode::ServiceUnavailable, "Signing in is busy right now; please try again.")
            .with_retry_after(2)
    }
}

impl From<crate::db::migrate::MigrateError> for ApiError {
    fn from(err: crate::db::migrate::MigrateError) -> Self {
        ApiError::internal(err)
    }
}

impl poem::error::ResponseError for ApiError {
    fn status(&self) -> StatusCode {
        self.code.status()
    }

    fn as_response(&self) -> Response {
        if let Some(cause) = &self.cause {
            // Display, not Debug: driver errors' Debug can carry row values.
            tracing::error!(error = %format!("{cause:#}"), code = self.code.as_str(), "request failed");
        }
        let mut response = problem_response(self.code.status(), &self.problem());
        if let Some(secs) = self.retry_after_secs
            && let Ok(value) = HeaderValue::from_str(&secs.to_string())
        {
            response.headers_mut().insert("retry-after", value);
        }
        response
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        poem::error::ResponseError::as_response(&self)
    }
}

pub fn problem_response(status: StatusCode, problem: &Problem) -> Response {
    let body = serde_json::to_vec(problem).unwrap_or_default();
    Response::builder().status(status).content_type("application/problem+json").body(body)
}

impl ApiResponse for ApiError {
    fn meta() -> MetaResponses {
        let content =
            || vec![MetaMediaType { content_type: "application/problem+json", schema: Problem::schema_ref() }];
        MetaResponses {
            responses: vec![
                MetaResponse {
                    description: "A client error; `code` says which.",
                    status: None,
                    status_range: Some("4XX".into()),
                    content: content(),
                    headers: vec![],
                },
                MetaResponse {
                    description: "A server error.",
                    status: None,
                    status_range: Some("5XX".into()),
                    content: content(),
                    headers: vec![],
                },
            ],
        }
    }

    fn register(registry: &mut Registry) {
        Problem::register(registry);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_are_snake_case_and_unique() {
        let mut seen = std::collections::HashSet::new();
        for code in ErrorCode::ALL {
            let text = code.as_str();
            assert!(text.chars().all(|c| c.is_ascii_lowercase() || c == '_'), "{text}");
            assert!(seen.insert(text), "{text} is used twice");
            assert!(code.status().is_client_error() || code.status().is_server_error());
        }
    }
}
