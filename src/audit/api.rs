//! Reading the audit log: owners and the medical director.

use chrono::{DateTime, Utc};
use poem_openapi::param::Query;
use poem_openapi::payload::Json;
use poem_openapi::{Object, OpenApi};
use uuid::Uuid;

use super::model::{ActorKind, AuditAction, Outcome};
use super::repo::{self, AuditFilter};
use crate::auth::Staff;
use crate::auth::permissions::AuditRead;
use crate::http::tags::ApiTags;
use crate::http::{ApiError, ApiResult, FieldProblem};

pub struct AuditApi;

#[derive(Debug, Object)]
#[oai(rename_all = "camelCase", skip_serializing_if_is_none)]
pub struct AuditEntryOut {
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
    pub details: serde_json::Value,
}

#[derive(Debug, Object)]
#[oai(rename_all = "camelCase", skip_serializing_if_is_none)]
pub struct AuditPage {
    pub entries: Vec<AuditEntryOut>,
    /// Pass as `cursor` for the next (older) page; absent on the last page.
    pub next_cursor: Option<String>,
}

#[OpenApi(tag = "ApiTags::Audit")]
impl AuditApi {
    /// Read the audit log
    ///
    /// Newest first, filtered by time range, user, patient and action. Needs `audit:read`.
    #[allow(clippy::too_many_arguments)]
    #[oai(path = "/audit", method = "get", operation_id = "audit.list")]
    async fn list(
        &self,
        auth: Staff<AuditRead>,
        /// From this instant (inclusive).
        from: Query<Option<DateTime<Utc>>>,
        /// Up to this instant (exclusive).
        to: Query<Option<DateTime<Utc>>>,
        /// Only what this staff member (or API token) did.
        #[oai(name = "userId")]
        user_id: Query<Option<Uuid>>,
        /// Only what concerned this patient.
        #[oai(name = "patientId")]
        patient_id: Query<Option<Uuid>>,
        action: Query<Option<AuditAction>>,
        cursor: Query<Option<String>>,
        /// Page size, 1 to 200 (default 50).
        limit: Query<Option<u32>>,
    ) -> ApiResult<Json<AuditPage>> {
        let limit = i64::from(limit.0.unwrap_or(50));
        if !(1..=200).contains(&limit) {
            return Err(ApiError::validation(vec![FieldProblem::new("limit", "out_of_range", "Use 1 to 200.")]));
        }
        let before_seq = match cursor.0.as_deref() {
            None => None,
            Some(c) => Some(c.parse::<i64>().map_err(|_| {
                ApiError::validation(vec![FieldProblem::new("cursor", "invalid", "That cursor is not valid.")])
            })?),
        };
        let filter = AuditFilter {
            from: from.0,
            to: to.0,
            actor_id: user_id.0,
            patient_id: patient_id.0,
            action: action.0.map(|a| a.as_str().to_owned()),
            before_seq,
        };
        let mut op = auth.begin_read().await?;
        let mut rows = repo::search(op.tx(), &filter, limit + 1).await?;
        let next_cursor = (rows.len() as i64 > limit).then(|| {
            rows.truncate(limit as usize);
            rows.last().map(|r| r.seq.to_string()).unwrap_or_default()
        });
        let entries = rows
            .into_iter()
            .map(|r| AuditEntryOut {
                id: r.id,
                occurred_at: r.occurred_at,
                actor_kind: r.actor_kind,
                actor_id: r.actor_id,
                actor_name: r.actor_name,
                actor_role: r.actor_role,
                action: r.action,
                entity_type: r.entity_type,
                entity_id: r.entity_id,
                patient_id: r.patient_id,
                outcome: r.outcome,
                ip: r.ip,
                user_agent: r.user_agent,
                request_id: r.request_id,
                details: r.details.0,
            })
            .collect();
        Ok(Json(AuditPage { entries, next_cursor }))
    }
}
