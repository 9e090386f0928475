//! The catalogue's verbs: owners keep products and lots (each change audited); charting reads
//! them; a recall lists everyone a lot went into (audited, since it names patients).

use chrono::{DateTime, NaiveDate, Utc};

use super::error::CatalogueError;
use super::model::{Lot, LotId, LotInput, LotUse, Product, ProductId, ProductInput};
use super::repo;
use crate::audit::AuditAction;
use crate::auth::permissions::{ChartsRead, SettingsWrite};
use crate::clinic::{Audited, ClinicOp};
use crate::db::{ClinicTx, DbFailure, classify};

type Op = ClinicOp<SettingsWrite>;

fn unique_name(err: sqlx::Error) -> CatalogueError {
    match classify(&err) {
        DbFailure::Unique(_) => CatalogueError::NameTaken,
        _ => err.into(),
    }
}

fn lot_conflict(err: sqlx::Error) -> CatalogueError {
    match classify(&err) {
        DbFailure::Unique(_) => {
            CatalogueError::invalid("lotNumber", "taken", "This product already has a lot with that number.")
        }
        _ => err.into(),
    }
}

/// Every product and every lot.
pub async fn catalogue(tx: &mut ClinicTx) -> Result<(Vec<Product>, Vec<Lot>), sqlx::Error> {
    Ok((repo::products(tx).await?, repo::lots(tx).await?))
}

pub async fn product(tx: &mut ClinicTx, id: ProductId) -> Result<Option<Product>, sqlx::Error> {
    repo::product(tx, id).await
}

pub async fn lot(tx: &mut ClinicTx, id: LotId) -> Result<Option<Lot>, sqlx::Error> {
    repo::lot(tx, id).await
}

/// Seeds a product exactly as given (the demo, benchmarks).
pub async fn seed_product(tx: &mut ClinicTx, p: &ProductInput, now: DateTime<Utc>) -> Result<ProductId, sqlx::Error> {
    let id = ProductId::generate();
    repo::insert_product(tx, id, p, now).await?;
    Ok(id)
}

/// Seeds a lot exactly as given (the demo, benchmarks).
pub async fn seed_lot(
    tx: &mut ClinicTx,
    product: ProductId,
    lot_number: &str,
    expires_on: NaiveDate,
    received_on: Option<NaiveDate>,
    now: DateTime<Utc>,
) -> Result<LotId, sqlx::Error> {
    let id = LotId::generate();
    repo::insert_lot(tx, id, product, lot_number, expires_on, received_on, None, now).await?;
    Ok(id)
}

async fn product_changed(
    op: &mut Op,
    id: ProductId,
    change: &'static str,
) -> Result<Audited<ProductId>, CatalogueError> {
    Ok(op.record_change(AuditAction::ProductsChanged, "product", id.0, change, id).await?)
}

async fn lot_changed(op: &mut Op, id: LotId, change: &'static str) -> Result<Audited<Lot>, CatalogueError> {
    let lot = repo::lot(op.tx(), id).await?.ok_or(CatalogueError::NotFound)?;
    Ok(op.record_change(AuditAction::ProductsChanged, "lot", id.0, change, lot).await?)
}

pub async fn add_product(op: &mut Op, p: &ProductInput) -> Result<Audited<ProductId>, CatalogueError> {
    let id = ProductId::generate();
    let now = op.now();
    repo::insert_product(op.tx(), id, p, now).await.map_err(unique_name)?;
    product_changed(op, id, "created").await
}

pub async fn update_product(
    op: &mut Op,
    id: ProductId,
    p: &ProductInput,
) -> Result<Audited<ProductId>, CatalogueError> {
    let now = op.now();
    let changed = repo::update_product(op.tx(), id, p, now).await.map_err(unique_name)?;
    if changed == 0 {
        return Err(CatalogueError::NotFound);
    }
    product_changed(op, id, "updated").await
}

pub async fn set_product_archived(
    op: &mut Op,
    id: ProductId,
    archived: bool,
) -> Result<Audited<ProductId>, CatalogueError> {
    let now = op.now();
    if repo::set_product_archived(op.tx(), id, archived.then_some(now), now).await? == 0 {
        return Err(CatalogueError::NotFound);
    }
    product_changed(op, id, if archived { "archived" } else { "restored" }).await
}

pub async fn add_lot(op: &mut Op, product: ProductId, l: &LotInput) -> Result<Audited<Lot>, CatalogueError> {
    repo::product(op.tx(), product).await?.ok_or(CatalogueError::NotFound)?;
    let id = LotId::generate();
    let now = op.now();
    repo::insert_lot(op.tx(), id, product, &l.lot_number, l.expires_on, l.received_on, l.notes.as_deref(), now)
        .await
        .map_err(lot_conflict)?;
    lot_changed(op, id, "created").await
}

pub async fn update_lot(op: &mut Op, id: LotId, l: &LotInput) -> Result<Audited<Lot>, CatalogueError> {
    let current = repo::lot(op.tx(), id).await?.ok_or(CatalogueError::NotFound)?;
    if current.uses > 0 && (current.lot_number != l.lot_number || current.expires_on != l.expires_on) {
        // Charts copied the number and expiry; changing them here would make the catalogue
        // disagree with the record.
        return Err(CatalogueError::invalid(
            "lotNumber",
            "in_use",
            "This lot has been charted, so its number and expiry can't change. Archive it and add the right one.",
        ));
    }
    let now = op.now();
    repo::update_lot(op.tx(), id, &l.lot_number, l.expires_on, l.received_on, l.notes.as_deref(), now)
        .await
        .map_err(lot_conflict)?;
    lot_changed(op, id, "updated").await
}

pub async fn set_lot_archived(op: &mut Op, id: LotId, archived: bool) -> Result<Audited<Lot>, CatalogueError> {
    let now = op.now();
    if repo::set_lot_archived(op.tx(), id, archived.then_some(now), now).await? == 0 {
        return Err(CatalogueError::NotFound);
    }
    lot_changed(op, id, if archived { "archived" } else { "restored" }).await
}

/// A recall: every chart entry that used the lot, with the patient to contact, and the
/// product's name. Reading it is recorded.
pub async fn lot_uses(
    op: &mut ClinicOp<ChartsRead>,
    id: LotId,
) -> Result<Audited<(Lot, String, Vec<LotUse>)>, CatalogueError> {
    let lot = repo::lot(op.tx(), id).await?.ok_or(CatalogueError::NotFound)?;
    let product = repo::product(op.tx(), lot.product_id).await?.map(|p| p.name).unwrap_or_default();
    let uses = repo::lot_uses(op.tx(), id).await?;
    let entry = op.entry(AuditAction::LotUsesViewed).entity("lot", id.0);
    Ok(op.audit(entry, (lot, product, uses)).await?)
}
