//! The catalogue's SQL, the same text on both databases.

use chrono::{DateTime, NaiveDate, Utc};

use super::model::{Lot, LotId, LotUse, Product, ProductId, ProductInput};
use crate::args;
use crate::db::ClinicTx;
use crate::types::name_key;

pub(super) async fn insert_product(
    tx: &mut ClinicTx,
    id: ProductId,
    p: &ProductInput,
    now: DateTime<Utc>,
) -> Result<(), sqlx::Error> {
    tx.execute(
        "insert into products (id, name, name_key, manufacturer, kind, default_unit, price_cents, retail, \
         created_at, updated_at) values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $9)",
        args![id, &p.name, name_key(&p.name), &p.manufacturer, p.kind, p.unit, p.price_cents, p.retail, now],
    )
    .await
    .map(drop)
}

pub(super) async fn update_product(
    tx: &mut ClinicTx,
    id: ProductId,
    p: &ProductInput,
    now: DateTime<Utc>,
) -> Result<u64, sqlx::Error> {
    tx.execute(
        "update products set name = $2, name_key = $3, manufacturer = $4, kind = $5, default_unit = $6, \
         price_cents = $7, retail = $8, updated_at = $9 where id = $1",
        args![id, &p.name, name_key(&p.name), &p.manufacturer, p.kind, p.unit, p.price_cents, p.retail, now],
    )
    .await
}

pub(super) async fn set_product_archived(
    tx: &mut ClinicTx,
    id: ProductId,
    at: Option<DateTime<Utc>>,
    now: DateTime<Utc>,
) -> Result<u64, sqlx::Error> {
    tx.execute("update products set archived_at = $2, updated_at = $3 where id = $1", args![id, at, now]).await
}

pub(super) async fn products(tx: &mut ClinicTx) -> Result<Vec<Product>, sqlx::Error> {
    tx.fetch_all(
        "select id, name, manufacturer, kind, default_unit, price_cents, retail, archived_at from products \
         order by archived_at is not null, name_key",
        args![],
    )
    .await
}

pub(super) async fn product(tx: &mut ClinicTx, id: ProductId) -> Result<Option<Product>, sqlx::Error> {
    tx.fetch_optional(
        "select id, name, manufacturer, kind, default_unit, price_cents, retail, archived_at from products where id = $1",
        args![id],
    )
    .await
}

#[allow(clippy::too_many_arguments)]
pub(super) async fn insert_lot(
    tx: &mut ClinicTx,
    id: LotId,
    product: ProductId,
    lot_number: &str,
    expires_on: NaiveDate,
    received_on: Option<NaiveDate>,
    notes: Option<&str>,
    now: DateTime<Utc>,
) -> Result<(), sqlx::Error> {
    tx.execute(
        "insert into product_lots (id, product_id, lot_number, expires_on, received_on, notes, created_at, updated_at) \
         values ($1, $2, $3, $4, $5, $6, $7, $7)",
        args![id, product, lot_number, expires_on, received_on, notes, now],
    )
    .await
    .map(drop)
}

pub(super) async fn update_lot(
    tx: &mut ClinicTx,
    id: LotId,
    lot_number: &str,
    expires_on: NaiveDate,
    received_on: Option<NaiveDate>,
    notes: Option<&str>,
    now: DateTime<Utc>,
) -> Result<u64, sqlx::Error> {
    tx.execute(
        "update product_lots set lot_number = $2, expires_on = $3, received_on = $4, notes = $5, updated_at = $6 \
         where id = $1",
        args![id, lot_number, expires_on, received_on, notes, now],
    )
    .await
}

pub(super) async fn set_lot_archived(
    tx: &mut ClinicTx,
    id: LotId,
    at: Option<DateTime<Utc>>,
    now: DateTime<Utc>,
) -> Result<u64, sqlx::Error> {
    tx.execute("update product_lots set archived_at = $2, updated_at = $3 where id = $1", args![id, at, now]).await
}

macro_rules! lot_select {
    () => {
        "select l.id, l.product_id, l.lot_number, l.expires_on, l.received_on, l.notes, l.archived_at, \
         (select count(*) from chart_entries e where e.lot_id = l.id and e.deleted_at is null) as uses \
         from product_lots l"
    };
}

pub(super) async fn lots(tx: &mut ClinicTx) -> Result<Vec<Lot>, sqlx::Error> {
    tx.fetch_all(concat!(lot_select!(), " order by l.product_id, l.expires_on desc, l.lot_number"), args![]).await
}

pub(super) async fn lot(tx: &mut ClinicTx, id: LotId) -> Result<Option<Lot>, sqlx::Error> {
    tx.fetch_optional(concat!(lot_select!(), " where l.id = $1"), args![id]).await
}

pub(super) async fn lot_uses(tx: &mut ClinicTx, lot: LotId) -> Result<Vec<LotUse>, sqlx::Error> {
    tx.fetch_all(
        "select c.id as chart_id, p.id as patient_id, p.first_name, p.last_name, p.phone, p.email, \
         u.display_name as provider_name, e.area, e.dose_milli, e.dose_unit, e.created_at as charted_at, c.status \
         from chart_entries e join charts c on c.id = e.chart_id join patients p on p.id = c.patient_id \
         join staff_users u on u.id = c.provider_id \
         where e.lot_id = $1 and e.deleted_at is null and c.deleted_at is null \
         order by e.created_at desc",
        args![lot],
    )
    .await
}
