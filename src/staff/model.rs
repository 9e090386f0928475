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

#[derive(Debug, thiserror::Error)]
pub enum StaffError {
    #[error("someone on the staff already uses that email")]
    EmailTaken,
    #[error(transparent)]
    Db(#[from] sqlx::Error),
}
