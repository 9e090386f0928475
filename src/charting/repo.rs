use chrono::{DateTime, NaiveDate, Utc};

use super::model::{DoseUnit, LotId, ProductId, ProductKind};
use crate::args;
use crate::db::Tx;
use crate::types::name_key;

pub(super) async fn insert_product(
    tx: &mut Tx,
    id: ProductId,
    name: &str,
    manufacturer: Option<&str>,
    kind: ProductKind,
    unit: DoseUnit,
    now: DateTime<Utc>,
) -> Result<(), sqlx::Error> {
    tx.execute(
        "insert into products (id, name, name_key, manufacturer, kind, default_unit, created_at, updated_at) \
         values ($1, $2, $3, $4, $5, $6, $7, $7)",
        args![id, name, name_key(name), manufacturer, kind, unit, now],
    )
    .await
    .map(drop)
}

pub(super) async fn insert_lot(
    tx: &mut Tx,
    id: LotId,
    product: ProductId,
    lot_number: &str,
    expires_on: NaiveDate,
    received_on: Option<NaiveDate>,
    now: DateTime<Utc>,
) -> Result<(), sqlx::Error> {
    tx.execute(
        "insert into product_lots (id, product_id, lot_number, expires_on, received_on, created_at, updated_at) \
         values ($1, $2, $3, $4, $5, $6, $6)",
        args![id, product, lot_number, expires_on, received_on, now],
    )
    .await
    .map(drop)
}
