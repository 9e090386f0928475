//! Staff sessions: a random token in an HttpOnly cookie, only its hash in the database.

use chrono::{DateTime, Utc};

use crate::args;
use crate::db::Tx;

crate::text_enum! {
    pub enum EndReason {
        Logout = "logout",
        PasswordChanged = "password_changed",
        Deactivated = "deactivated",
        RoleChanged = "role_changed",
        ClinicSuspended = "clinic_suspended",
        Expired = "expired",
    }
}

/// Ends every live session in the clinic.
pub async fn end_all(tx: &mut Tx, reason: EndReason, now: DateTime<Utc>) -> Result<u64, sqlx::Error> {
    tx.execute("update staff_sessions set ended_at = $1, end_reason = $2 where ended_at is null", args![now, reason])
        .await
}
