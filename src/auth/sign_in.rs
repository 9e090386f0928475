//! What happens once someone has proved who they are, by password or single sign-on: a session
//! starts, the sign-in is noted on their staff record, and the audit log says how they came in.
//! Refused sign-ins are recorded here too. This is the one place both kinds of sign-in meet.

use chrono::Duration;
use serde_json::json;

use super::sessions;
use crate::audit::{self, Actor, ActorKind, AuditAction, AuditEntry, Outcome};
use crate::clinic::ClinicHost;
use crate::config::Config;
use crate::staff::{self, StaffUser, StaffUserId};

/// A session just started: the cookie to set and the CSRF token the app sends back.
pub(crate) struct NewSession {
    pub cookie: String,
    pub csrf_token: String,
}

/// How long a session lasts at most.
pub(crate) fn session_ttl(config: &Config) -> Duration {
    Duration::from_std(config.session_absolute_timeout).unwrap_or_else(|_| Duration::hours(12))
}

/// A staff member as the audit log records them.
pub(crate) fn staff_actor(user: &StaffUser) -> Actor {
    Actor { kind: ActorKind::Staff, id: Some(user.id.0), name: Some(user.display_name.clone()), role: Some(user.role) }
}

/// Starts a session for `user`, who signed in by `method` (`password` or `sso`).
pub(crate) async fn start_session(
    host: &ClinicHost,
    user: &StaffUser,
    method: &'static str,
) -> Result<NewSession, sqlx::Error> {
    let now = host.now();
    let ttl = session_ttl(&host.services.config);
    let mut tx = host.db().write().await?;
    let started = sessions::start(&mut tx, user.id, &host.request, ttl, now).await?;
    staff::record_sign_in(&mut tx, user.id, now).await?;
    let entry = AuditEntry::new(AuditAction::LoginSucceeded, staff_actor(user))
        .request(&host.request)
        .entity("staff_user", user.id.0)
        .details(json!({ "method": method }));
    audit::append(&mut tx, host.clinic.id, entry, now).await?;
    tx.commit().await?;
    let secure = host.services.config.secure_cookies();
    Ok(NewSession {
        cookie: sessions::cookie(sessions::COOKIE, &started.token, ttl, secure),
        csrf_token: started.csrf_token,
    })
}

/// Records a refused password sign-in (`reason`: throttled, unknown_account, deactivated,
/// wrong_password), in its own transaction.
pub(crate) async fn password_refused(
    host: &ClinicHost,
    email: &str,
    reason: &str,
    account: Option<StaffUserId>,
) -> Result<(), sqlx::Error> {
    let outcome = if reason == "throttled" { Outcome::Denied } else { Outcome::Failure };
    let mut entry = AuditEntry::new(AuditAction::LoginFailed, Actor::anonymous())
        .outcome(outcome)
        .details(json!({ "email": email, "reason": reason }));
    if let Some(id) = account {
        entry = entry.entity("staff_user", id.0);
    }
    record_refusal(host, entry).await
}

/// Records a refused or throttled sign-in, in its own transaction (nothing else is written).
pub(crate) async fn record_refusal(host: &ClinicHost, entry: AuditEntry) -> Result<(), sqlx::Error> {
    let mut tx = host.db().write().await?;
    audit::append(&mut tx, host.clinic.id, entry.request(&host.request), host.now()).await?;
    tx.commit().await
}
