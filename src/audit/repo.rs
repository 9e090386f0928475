use chrono::{DateTime, Utc};
use serde_json::Value;
use sqlx::types::Json;
use uuid::Uuid;

use super::model::{ActorKind, Outcome};
use crate::args;
use crate::db::ClinicTx;

#[derive(Debug, Clone, sqlx::FromRow)]
pub struct AuditRow {
    pub seq: i64,
    pub id: Uuid,
    pub occurred_at: DateTime<Utc>,
    pub actor_kind: ActorKind,
    pub actor_id: Option<Uuid>,
    pub actor_name: Option<String>,
    pub actor_role: Option<String>,
    pub action: String,
    pub entity_type: Option<String>,
    pub entity_id: Option<Uuid>,
    pub patient_id: Option<Uuid>,
    pub outcome: Outcome,
    pub ip: Option<String>,
    pub user_agent: Option<String>,
    pub request_id: Option<String>,
    pub details: Json<Value>,
    pub prev_hash: String,
    pub hash: String,
}

pub(super) async fn last_hash(tx: &mut ClinicTx) -> Result<Option<String>, sqlx::Error> {
    tx.fetch_scalars::<String>("select hash from audit_log order by seq desc limit 1", args![])
        .await
        .map(|mut v| v.pop())
}

pub(super) async fn insert(tx: &mut ClinicTx, row: &AuditRow) -> Result<(), sqlx::Error> {
    tx.execute(
        "insert into audit_log (id, occurred_at, actor_kind, actor_id, actor_name, actor_role, action, \
         entity_type, entity_id, patient_id, outcome, ip, user_agent, request_id, details, prev_hash, hash) \
         values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17)",
        args![
            row.id,
            row.occurred_at,
            row.actor_kind,
            row.actor_id,
            row.actor_name.clone(),
            row.actor_role.clone(),
            row.action.clone(),
            row.entity_type.clone(),
            row.entity_id,
            row.patient_id,
            row.outcome,
            row.ip.clone(),
            row.user_agent.clone(),
            row.request_id.clone(),
            row.details.0.clone(),
            row.prev_hash.clone(),
            row.hash.clone(),
        ],
    )
    .await
    .map(drop)
}

/// Rows after `after_seq`, oldest first.
pub(super) async fn page_after(tx: &mut ClinicTx, after_seq: i64, limit: i64) -> Result<Vec<AuditRow>, sqlx::Error> {
    tx.fetch_all(crate::db::Sql::from(PAGE_AFTER), args![after_seq, limit]).await
}

const PAGE_AFTER: &str = "select seq, id, occurred_at, actor_kind, actor_id, actor_name, actor_role, action, \
     entity_type, entity_id, patient_id, outcome, ip, user_agent, request_id, details, prev_hash, hash \
     from audit_log where seq > $1 order by seq limit $2";

#[derive(Debug, Default)]
pub(super) struct AuditFilter {
    pub from: Option<DateTime<Utc>>,
    pub to: Option<DateTime<Utc>>,
    pub actor_id: Option<Uuid>,
    pub patient_id: Option<Uuid>,
    pub action: Option<String>,
    pub before_seq: Option<i64>,
}

/// Newest first. Absent filters match everything (`$n is null or ...`), which keeps the
/// statement fixed and prepared once.
pub(super) async fn search(tx: &mut ClinicTx, f: &AuditFilter, limit: i64) -> Result<Vec<AuditRow>, sqlx::Error> {
    tx.fetch_all(
        crate::db::Sql::each(
            "select seq, id, occurred_at, actor_kind, actor_id, actor_name, actor_role, action, entity_type, \
             entity_id, patient_id, outcome, ip, user_agent, request_id, details, prev_hash, hash from audit_log \
             where ($1::timestamptz is null or occurred_at >= $1) and ($2::timestamptz is null or occurred_at < $2) \
             and ($3::uuid is null or actor_id = $3) and ($4::uuid is null or patient_id = $4) \
             and ($5::text is null or action = $5) and ($6::bigint is null or seq < $6) \
             order by seq desc limit $7",
            "select seq, id, occurred_at, actor_kind, actor_id, actor_name, actor_role, action, entity_type, \
             entity_id, patient_id, outcome, ip, user_agent, request_id, details, prev_hash, hash from audit_log \
             where ($1 is null or occurred_at >= $1) and ($2 is null or occurred_at < $2) \
             and ($3 is null or actor_id = $3) and ($4 is null or patient_id = $4) \
             and ($5 is null or action = $5) and ($6 is null or seq < $6) \
             order by seq desc limit $7",
        ),
        args![f.from, f.to, f.actor_id, f.patient_id, f.action.clone(), f.before_seq, limit],
    )
    .await
}
