//! The clinic's audit log: who did what to which record, when and from where, written in the
//! same transaction as the action itself. Rows are append-only (database triggers refuse UPDATE
//! and DELETE) and hash-chained: each row's hash covers the previous row's hash and its own
//! canonical content, so editing, removing or reordering rows is caught by [`verify`].

pub mod api;
mod chain;
mod model;
mod repo;

pub use chain::{Break, VerifyReport, verify};
pub use model::{Actor, ActorKind, AuditAction, AuditEntry, Outcome};
pub use repo::AuditRow;

use chrono::{DateTime, Utc};

use crate::db::ClinicTx;
use crate::platform::ClinicId;

/// Appends one entry. Call it inside the transaction that performs the action, so the action
/// and its record commit or fail together.
pub async fn append(
    tx: &mut ClinicTx,
    clinic: ClinicId,
    entry: AuditEntry,
    now: DateTime<Utc>,
) -> Result<(), sqlx::Error> {
    // Writers of one clinic's chain take turns, so each row links to the true last one.
    tx.lock("audit").await?;
    let prev = repo::last_hash(tx).await?.unwrap_or_else(|| chain::genesis(clinic));
    let row = entry.into_row(now, prev);
    repo::insert(tx, &row).await
}
