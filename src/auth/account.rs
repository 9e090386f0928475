//! A person's own account: signing out, and choosing a new password. Both are audited.

use chrono::Duration;

use super::permissions::SignedIn;
use super::sessions::{self, EndReason, SessionId};
use crate::audit::{AuditAction, Outcome};
use crate::clinic::{Audited, ClinicOp};
use crate::staff::{self, StaffUserId};

/// Ends this session at once.
pub async fn sign_out(op: &mut ClinicOp<SignedIn>, session: SessionId) -> Result<Audited<()>, sqlx::Error> {
    let now = op.now();
    sessions::end(op.tx(), session, EndReason::Logout, now).await?;
    op.audit(op.entry(AuditAction::Logout), ()).await
}

/// Someone gave the wrong password of the signed-in person: while changing it
/// (`PasswordChangeFailed`) or confirming it was them (`ConfirmFailed`).
pub async fn password_refused(
    op: &mut ClinicOp<SignedIn>,
    user: StaffUserId,
    action: AuditAction,
) -> Result<Audited<()>, sqlx::Error> {
    let entry = op.entry(action).outcome(Outcome::Failure).entity("staff_user", user.0);
    op.audit(entry, ()).await
}

/// A person's new password: every session of theirs ends, and this browser gets a fresh one.
pub async fn change_password(
    op: &mut ClinicOp<SignedIn>,
    user: StaffUserId,
    hash: &str,
    ttl: Duration,
) -> Result<Audited<sessions::Started>, sqlx::Error> {
    let now = op.now();
    staff::set_password(op.tx(), user, hash, false, now).await?;
    sessions::end_for_user(op.tx(), user, EndReason::PasswordChanged, now).await?;
    let request = op.request().cloned().unwrap_or_else(crate::http::RequestMeta::unknown);
    let started = sessions::start(op.tx(), user, &request, ttl, now).await?;
    let entry = op.entry(AuditAction::PasswordChanged).entity("staff_user", user.0);
    op.audit(entry, started).await
}
