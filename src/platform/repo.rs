use chrono::{DateTime, Utc};

use super::model::{Clinic, ClinicId, ClinicStatus};
use crate::args;
use crate::db::PlatformTx;

pub async fn find_by_slug(tx: &mut PlatformTx, slug: &str) -> Result<Option<Clinic>, sqlx::Error> {
    tx.fetch_optional(
        "select id, slug, name, timezone, status, is_demo, suspended_at, created_at from clinics where slug = $1",
        args![slug],
    )
    .await
}

pub async fn list(tx: &mut PlatformTx) -> Result<Vec<Clinic>, sqlx::Error> {
    tx.fetch_all(
        "select id, slug, name, timezone, status, is_demo, suspended_at, created_at from clinics order by slug",
        args![],
    )
    .await
}

pub(super) async fn insert(tx: &mut PlatformTx, clinic: &Clinic) -> Result<(), sqlx::Error> {
    tx.execute(
        "insert into clinics (id, slug, name, timezone, status, is_demo, created_at, updated_at) \
         values ($1, $2, $3, $4, $5, $6, $7, $7)",
        args![
            clinic.id,
            &clinic.slug,
            &clinic.name,
            &clinic.timezone,
            clinic.status,
            clinic.is_demo,
            clinic.created_at
        ],
    )
    .await
    .map(drop)
}

pub(super) async fn set_status(
    tx: &mut PlatformTx,
    id: ClinicId,
    status: ClinicStatus,
    now: DateTime<Utc>,
) -> Result<u64, sqlx::Error> {
    let suspended_at = (status == ClinicStatus::Suspended).then_some(now);
    tx.execute(
        "update clinics set status = $2, suspended_at = $3, updated_at = $4 where id = $1",
        args![id, status, suspended_at, now],
    )
    .await
}

pub(super) async fn record_event(
    tx: &mut PlatformTx,
    actor_label: &str,
    action: &str,
    clinic: ClinicId,
    details: serde_json::Value,
    now: DateTime<Utc>,
) -> Result<(), sqlx::Error> {
    tx.execute(
        "insert into events (occurred_at, actor_label, action, clinic_id, details) values ($1, $2, $3, $4, $5)",
        args![now, actor_label, action, clinic, details],
    )
    .await
    .map(drop)
}
