//! Sign-off's SQL: returns, addenda and signatures, all append-only.

use chrono::{DateTime, Utc};

use super::model::{AddendumId, AddendumRow, Return, Signature, SignatureKind};
use crate::args;
use crate::auth::Signer;
use crate::charting::ChartId;
use crate::db::ClinicTx;
use crate::staff::StaffUserId;

pub(super) async fn insert_return(
    tx: &mut ClinicTx,
    chart: ChartId,
    by: StaffUserId,
    comment: &str,
    now: DateTime<Utc>,
) -> Result<(), sqlx::Error> {
    tx.execute(
        "insert into chart_returns (id, chart_id, returned_by, comment, created_at) values ($1, $2, $3, $4, $5)",
        args![uuid::Uuid::now_v7(), chart, by, comment, now],
    )
    .await
    .map(drop)
}

pub(super) async fn returns(tx: &mut ClinicTx, chart: ChartId) -> Result<Vec<Return>, sqlx::Error> {
    tx.fetch_all(
        "select u.display_name as returned_by_name, r.comment, r.created_at from chart_returns r \
         join staff_users u on u.id = r.returned_by where r.chart_id = $1 order by r.created_at",
        args![chart],
    )
    .await
}

pub(super) async fn insert_addendum(
    tx: &mut ClinicTx,
    id: AddendumId,
    chart: ChartId,
    author: StaffUserId,
    body_sealed: &str,
    now: DateTime<Utc>,
) -> Result<(), sqlx::Error> {
    tx.execute(
        "insert into chart_addenda (id, chart_id, author_id, body_sealed, created_at) values ($1, $2, $3, $4, $5)",
        args![id, chart, author, body_sealed, now],
    )
    .await
    .map(drop)
}

pub(super) async fn addenda(tx: &mut ClinicTx, chart: ChartId) -> Result<Vec<AddendumRow>, sqlx::Error> {
    tx.fetch_all(
        "select d.id, d.author_id, u.display_name as author_name, d.body_sealed, d.created_at from chart_addenda d \
         join staff_users u on u.id = d.author_id where d.chart_id = $1 order by d.created_at",
        args![chart],
    )
    .await
}

/// A signature to record: who signed what, and the hash they vouch for.
pub(super) struct NewSignature<'a> {
    pub chart: ChartId,
    pub addendum: Option<AddendumId>,
    pub kind: SignatureKind,
    pub signer: &'a Signer,
    pub record_hash: &'a str,
    pub hash_version: i32,
}

pub(super) async fn insert_signature(
    tx: &mut ClinicTx,
    s: &NewSignature<'_>,
    now: DateTime<Utc>,
) -> Result<(), sqlx::Error> {
    tx.execute(
        "insert into signatures (id, chart_id, addendum_id, kind, signer_id, signer_name, signer_role, signed_at, \
         record_hash, hash_version, created_at) values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $8)",
        args![
            uuid::Uuid::now_v7(),
            s.chart,
            s.addendum,
            s.kind,
            s.signer.id,
            &s.signer.name,
            s.signer.role.as_str(),
            now,
            s.record_hash,
            s.hash_version
        ],
    )
    .await
    .map(drop)
}

pub(super) async fn signatures(tx: &mut ClinicTx, chart: ChartId) -> Result<Vec<Signature>, sqlx::Error> {
    tx.fetch_all(
        "select kind, addendum_id, signer_id, signer_name, signer_role, signed_at, record_hash, hash_version \
         from signatures where chart_id = $1 order by signed_at",
        args![chart],
    )
    .await
}
