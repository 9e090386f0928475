use chrono::{DateTime, Utc};

use crate::auth::Role;
use crate::types::Email;

crate::id_type!(
    /// A staff member's id.
    StaffUserId
);

#[derive(Debug, Clone, sqlx::FromRow)]
pub struct StaffUser {
    pub id: StaffUserId,
    pub email: String,
    pub display_name: String,
    pub role: Role,
    pub credentials: Option<String>,
    pub password_hash: Option<String>,
    pub must_change_password: bool,
    pub active: bool,
    pub last_login_at: Option<DateTime<Utc>>,
    pub created_at: DateTime<Utc>,
}

#[derive(Debug, Clone)]
pub struct NewStaff {
    pub email: Email,
    pub display_name: String,
    pub role: Role,
    pub credentials: Option<String>,
    pub password_hash: Option<String>,
    pub must_change_password: bool,
}

/// A change to a staff member; `None` leaves a field as it is.
#[derive(Debug, Clone, Default)]
pub struct StaffPatch {
    pub display_name: Option<String>,
    pub role: Option<Role>,
    /// `Some(None)` clears the credentials.
    pub credentials: Option<Option<String>>,
}

#[derive(Debug, thiserror::Error)]
pub enum StaffError {
    #[error("someone on the staff already uses that email")]
    EmailTaken,
    #[error("no such staff member")]
    NotFound,
    #[error("the clinic must keep at least one active owner")]
    LastOwner,
    #[error(transparent)]
    Db(#[from] sqlx::Error),
}

impl From<StaffError> for crate::http::ApiError {
    fn from(err: StaffError) -> Self {
        use crate::http::{ApiError, ErrorCode, FieldProblem};
        match err {
            StaffError::EmailTaken => {
                ApiError::new(ErrorCode::AlreadyExists, "Someone on the staff already uses that email.")
                    .field(FieldProblem::new("email", "taken", "Someone on the staff already uses that email."))
            }
            StaffError::NotFound => ApiError::not_found(),
            StaffError::LastOwner => ApiError::new(
                ErrorCode::LastOwner,
                "The clinic needs at least one active owner. Make someone else an owner first.",
            ),
            StaffError::Db(e) => e.into(),
        }
    }
}
