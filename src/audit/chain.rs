use serde_json::json;
use sha2::{Digest, Sha256};
use uuid::Uuid;

use super::repo::{self, AuditRow};
use crate::canonical::to_canonical_json;
use crate::db::{ClinicTx, sqlite_instant};
use crate::platform::ClinicId;

/// The first row's `prev_hash`: bound to the clinic, so one clinic's chain cannot be passed off
/// as another's.
pub(super) fn genesis(clinic: ClinicId) -> String {
    hex::encode(Sha256::digest(format!("contour-audit-genesis:{clinic}").as_bytes()))
}

/// sha256(prev_hash || canonical JSON of the row's content).
pub(super) fn row_hash(row: &AuditRow) -> String {
    let content = json!({
        "id": row.id.to_string(),
        "occurredAt": sqlite_instant(&row.occurred_at),
        "actorKind": row.actor_kind.as_str(),
        "actorId": row.actor_id.map(|v| v.to_string()),
        "actorName": row.actor_name,
        "actorRole": row.actor_role,
        "action": row.action,
        "entityType": row.entity_type,
        "entityId": row.entity_id.map(|v| v.to_string()),
        "patientId": row.patient_id.map(|v| v.to_string()),
        "outcome": row.outcome.as_str(),
        "ip": row.ip,
        "userAgent": row.user_agent,
        "requestId": row.request_id,
        "details": row.details.0,
    });
    // Details hold ids and codes only; a float there would be a bug, and hashing its text
    // form would still be deterministic.
    let canonical = to_canonical_json(&content).unwrap_or_else(|_| content.to_string());
    let mut hasher = Sha256::new();
    hasher.update(row.prev_hash.as_bytes());
    hasher.update(canonical.as_bytes());
    hex::encode(hasher.finalize())
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Break {
    /// The row's content no longer matches its hash: it was edited.
    Altered,
    /// The row does not follow the one before it: rows were removed, inserted or reordered.
    Unlinked,
}

#[derive(Debug, Clone)]
pub struct VerifyReport {
    pub rows: u64,
    /// The first bad row: its sequence number, id and what is wrong.
    pub first_break: Option<(i64, Uuid, Break)>,
}

/// Recomputes the whole chain, oldest first, stopping at the first bad row.
pub async fn verify(tx: &mut ClinicTx, clinic: ClinicId) -> Result<VerifyReport, sqlx::Error> {
    let mut expected_prev = genesis(clinic);
    let mut after = 0;
    let mut rows = 0;
    loop {
        let page = repo::page_after(tx, after, 1000).await?;
        if page.is_empty() {
            return Ok(VerifyReport { rows, first_break: None });
        }
        for row in page {
            rows += 1;
            if row.prev_hash != expected_prev {
                return Ok(VerifyReport { rows, first_break: Some((row.seq, row.id, Break::Unlinked)) });
            }
            if row_hash(&row) != row.hash {
                return Ok(VerifyReport { rows, first_break: Some((row.seq, row.id, Break::Altered)) });
            }
            expected_prev = row.hash.clone();
            after = row.seq;
        }
    }
}
