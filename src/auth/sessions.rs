//! Staff sessions: a random 256-bit token in an HttpOnly, host-only cookie; only its hash is
//! stored. A session ends on logout, password change, deactivation, clinic suspension, after
//! the idle timeout and after the absolute timeout, whichever comes first.

use chrono::{DateTime, Duration, Utc};

use super::secrets::{random_token, token_hash};
use crate::args;
use crate::db::ClinicTx;
use crate::http::RequestMeta;
use crate::staff::StaffUserId;

pub const COOKIE: &str = "contour_session";
/// Sessions are touched at most this often, so reads stay reads.
const TOUCH_EVERY: Duration = Duration::seconds(60);

crate::id_type!(
    /// A session's id.
    SessionId
);

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

/// A session just started: the raw token goes into the cookie and nowhere else.
#[derive(Debug)]
pub struct Started {
    pub id: SessionId,
    pub token: String,
    pub csrf_token: String,
    pub expires_at: DateTime<Utc>,
}

#[derive(Debug, Clone, sqlx::FromRow)]
pub struct LiveSession {
    pub id: SessionId,
    pub user_id: StaffUserId,
    pub csrf_token: String,
    pub last_seen_at: DateTime<Utc>,
    pub expires_at: DateTime<Utc>,
}

pub async fn start(
    tx: &mut ClinicTx,
    user: StaffUserId,
    meta: &RequestMeta,
    absolute: Duration,
    now: DateTime<Utc>,
) -> Result<Started, sqlx::Error> {
    let started = Started {
        id: SessionId::generate(),
        token: random_token(),
        csrf_token: random_token(),
        expires_at: now + absolute,
    };
    tx.execute(
        "insert into staff_sessions (id, user_id, token_hash, csrf_token, ip, user_agent, created_at, last_seen_at, \
         expires_at) values ($1, $2, $3, $4, $5, $6, $7, $7, $8)",
        args![
            started.id,
            user,
            token_hash(&started.token),
            &started.csrf_token,
            &meta.ip,
            &meta.user_agent,
            now,
            started.expires_at
        ],
    )
    .await?;
    Ok(started)
}

/// The live session for a raw cookie token, if there is one.
pub async fn find(tx: &mut ClinicTx, token: &str) -> Result<Option<LiveSession>, sqlx::Error> {
    tx.fetch_optional(
        "select id, user_id, csrf_token, last_seen_at, expires_at from staff_sessions \
         where token_hash = $1 and ended_at is null",
        args![token_hash(token)],
    )
    .await
}

/// Whether the session has run out, by idle or absolute time.
pub fn expired(session: &LiveSession, idle: Duration, now: DateTime<Utc>) -> bool {
    now >= session.expires_at || now - session.last_seen_at >= idle
}

pub fn needs_touch(session: &LiveSession, now: DateTime<Utc>) -> bool {
    now - session.last_seen_at >= TOUCH_EVERY
}

pub async fn touch(tx: &mut ClinicTx, id: SessionId, now: DateTime<Utc>) -> Result<(), sqlx::Error> {
    tx.execute("update staff_sessions set last_seen_at = $2 where id = $1 and ended_at is null", args![id, now])
        .await
        .map(drop)
}

pub async fn end(tx: &mut ClinicTx, id: SessionId, reason: EndReason, now: DateTime<Utc>) -> Result<(), sqlx::Error> {
    tx.execute(
        "update staff_sessions set ended_at = $2, end_reason = $3 where id = $1 and ended_at is null",
        args![id, now, reason],
    )
    .await
    .map(drop)
}

/// Ends every live session of one user.
pub async fn end_for_user(
    tx: &mut ClinicTx,
    user: StaffUserId,
    reason: EndReason,
    now: DateTime<Utc>,
) -> Result<u64, sqlx::Error> {
    tx.execute(
        "update staff_sessions set ended_at = $2, end_reason = $3 where user_id = $1 and ended_at is null",
        args![user, now, reason],
    )
    .await
}

/// Ends every live session in the clinic.
pub async fn end_all(tx: &mut ClinicTx, reason: EndReason, now: DateTime<Utc>) -> Result<u64, sqlx::Error> {
    tx.execute("update staff_sessions set ended_at = $1, end_reason = $2 where ended_at is null", args![now, reason])
        .await
}

/// `Set-Cookie` for a new session: host-only (no Domain), HttpOnly, SameSite=Lax, Secure over https.
pub fn cookie(name: &str, token: &str, max_age: Duration, secure: bool) -> String {
    format!(
        "{name}={token}; Path=/; HttpOnly; SameSite=Lax; Max-Age={}{}",
        max_age.num_seconds(),
        if secure { "; Secure" } else { "" }
    )
}

/// `Set-Cookie` that removes the cookie.
pub fn clear_cookie(name: &str, secure: bool) -> String {
    cookie(name, "", Duration::zero(), secure)
}

/// A cookie's value from a request's `Cookie` header.
pub fn read_cookie<'r>(header: Option<&'r str>, name: &str) -> Option<&'r str> {
    header?
        .split(';')
        .filter_map(|pair| pair.trim().split_once('='))
        .find(|(k, _)| *k == name)
        .map(|(_, v)| v.trim())
        .filter(|v| !v.is_empty())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cookies() {
        let c = cookie(COOKIE, "abc", Duration::hours(12), true);
        assert_eq!(c, "contour_session=abc; Path=/; HttpOnly; SameSite=Lax; Max-Age=43200; Secure");
        assert!(!c.contains("Domain"), "host-only");
        assert!(!cookie(COOKIE, "abc", Duration::hours(1), false).contains("Secure"));
        assert_eq!(read_cookie(Some("a=1; contour_session=tok; b=2"), COOKIE), Some("tok"));
        assert_eq!(read_cookie(Some("contour_session="), COOKIE), None);
        assert_eq!(read_cookie(None, COOKIE), None);
    }
}
