use chrono::{DateTime, NaiveDate, Utc};

use super::model::{DoseUnit, LotId, ProductId, ProductKind};
use super::repo;
use crate::db::Tx;

pub async fn create_product(
    tx: &mut Tx,
    name: &str,
    manufacturer: Option<&str>,
    kind: ProductKind,
    unit: DoseUnit,
    now: DateTime<Utc>,
) -> Result<ProductId, sqlx::Error> {
    let id = ProductId::generate();
    repo::insert_product(tx, id, name, manufacturer, kind, unit, now).await?;
    Ok(id)
}

pub async fn add_lot(
    tx: &mut Tx,
    product: ProductId,
    lot_number: &str,
    expires_on: NaiveDate,
    received_on: Option<NaiveDate>,
    now: DateTime<Utc>,
) -> Result<LotId, sqlx::Error> {
    let id = LotId::generate();
    repo::insert_lot(tx, id, product, lot_number, expires_on, received_on, now).await?;
    Ok(id)
}
