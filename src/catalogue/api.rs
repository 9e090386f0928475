//! The product and lot catalogue over HTTP: owners keep it; every role reads it; a recall finds
//! every patient a lot went into.

use std::collections::HashSet;

use chrono::NaiveDate;
use chrono::{DateTime, Utc};
use poem_openapi::param::Path;
use poem_openapi::payload::Json;
use poem_openapi::{Object, OpenApi};

use super::model::{DoseUnit, Lot, LotId, LotInput, Product, ProductId, ProductInput, ProductKind, format_dose};
use super::service;
use crate::auth::Staff;
use crate::auth::permissions::{ChartsRead, Permission, SettingsRead, SettingsWrite};
use crate::charting::{ChartId, ChartStatus};
use crate::clinic::{Audited, ClinicOp};
use crate::http::input::{optional_text, text};
use crate::http::tags::ApiTags;
use crate::http::{ApiError, ApiResult, FieldProblem};
use crate::patients::PatientId;

pub struct ProductsApi;

#[derive(Debug, Object)]
#[oai(rename_all = "camelCase", skip_serializing_if_is_none)]
pub struct LotOut {
    pub id: LotId,
    pub product_id: ProductId,
    pub lot_number: String,
    pub expires_on: NaiveDate,
    pub received_on: Option<NaiveDate>,
    pub notes: Option<String>,
    pub archived: bool,
    /// Past its expiry date today (in the clinic's time zone): it can't be charted.
    pub expired: bool,
    /// How many chart entries used it.
    pub uses: i64,
}

impl LotOut {
    pub fn new(l: Lot, today: NaiveDate) -> Self {
        Self {
            id: l.id,
            product_id: l.product_id,
            expired: l.expires_on < today,
            lot_number: l.lot_number,
            expires_on: l.expires_on,
            received_on: l.received_on,
            notes: l.notes,
            archived: l.archived_at.is_some(),
            uses: l.uses,
        }
    }
}

#[derive(Debug, Object)]
#[oai(rename_all = "camelCase", skip_serializing_if_is_none)]
pub struct ProductOut {
    pub id: ProductId,
    pub name: String,
    pub manufacturer: Option<String>,
    pub kind: ProductKind,
    pub default_unit: DoseUnit,
    /// The price of one `defaultUnit`, which checkout bills charted units at.
    pub price_cents: Option<i64>,
    /// Sold over the counter.
    pub retail: bool,
    pub archived: bool,
    /// Newest expiry first.
    pub lots: Vec<LotOut>,
}

impl ProductOut {
    pub fn new(p: Product, lots: Vec<LotOut>) -> Self {
        Self {
            id: p.id,
            name: p.name,
            manufacturer: p.manufacturer,
            kind: p.kind,
            default_unit: p.default_unit,
            price_cents: p.price_cents,
            retail: p.retail,
            archived: p.archived_at.is_some(),
            lots,
        }
    }
}

#[derive(Debug, Object)]
#[oai(rename_all = "camelCase", skip_serializing_if_is_none)]
pub struct ProductIn {
    pub name: String,
    pub manufacturer: Option<String>,
    pub kind: ProductKind,
    pub default_unit: DoseUnit,
    /// The price of one `defaultUnit` (0–100,000,000); absent if not sold by the unit.
    pub price_cents: Option<i64>,
    /// Sold over the counter; `false` when absent.
    #[oai(default)]
    pub retail: bool,
}

#[derive(Debug, Object)]
#[oai(rename_all = "camelCase", skip_serializing_if_is_none)]
pub struct LotIn {
    pub lot_number: String,
    pub expires_on: NaiveDate,
    pub received_on: Option<NaiveDate>,
    pub notes: Option<String>,
}

#[derive(Debug, Object)]
#[oai(rename_all = "camelCase", skip_serializing_if_is_none)]
pub struct LotUseOut {
    pub chart_id: ChartId,
    pub patient_id: PatientId,
    pub patient_name: String,
    pub phone: Option<String>,
    pub email: Option<String>,
    pub provider_name: String,
    pub area: String,
    pub dose: Option<String>,
    pub dose_unit: Option<DoseUnit>,
    pub charted_at: DateTime<Utc>,
    pub chart_status: ChartStatus,
}

#[derive(Debug, Object)]
#[oai(rename_all = "camelCase")]
pub struct RecallOut {
    pub product_name: String,
    pub lot: LotOut,
    /// Every chart entry that used the lot, newest first.
    pub uses: Vec<LotUseOut>,
    /// How many different patients received it.
    pub patient_count: i64,
}

fn product_input(body: &ProductIn) -> Result<ProductInput, ApiError> {
    Ok(ProductInput {
        name: text("name", &body.name, 80)?,
        manufacturer: optional_text("manufacturer", body.manufacturer.as_deref(), 80)?,
        kind: body.kind,
        unit: body.default_unit,
        price_cents: match body.price_cents {
            Some(p) if !(0..=100_000_000).contains(&p) => {
                return Err(ApiError::validation(vec![FieldProblem::new(
                    "priceCents",
                    "out_of_range",
                    "Enter a price from 0 to 1,000,000.00.",
                )]));
            }
            other => other,
        },
        retail: body.retail,
    })
}

fn lot_input(body: &LotIn) -> Result<LotInput, ApiError> {
    let lot_number = text("lotNumber", &body.lot_number, 60)?;
    if body.received_on.is_some_and(|r| r > body.expires_on) {
        return Err(ApiError::validation(vec![FieldProblem::new(
            "receivedOn",
            "invalid",
            "A lot can't arrive after it expires.",
        )]));
    }
    Ok(LotInput {
        lot_number,
        expires_on: body.expires_on,
        received_on: body.received_on,
        notes: optional_text("notes", body.notes.as_deref(), 500)?,
    })
}

/// Today in the clinic's time zone (a lot past its expiry can't be charted).
fn today<P: Permission>(op: &ClinicOp<P>) -> NaiveDate {
    op.now().with_timezone(&op.tz()).date_naive()
}

/// Commits a change to a product and answers with the product and its lots.
async fn answer(mut op: ClinicOp<SettingsWrite>, done: Audited<ProductId>) -> ApiResult<Json<ProductOut>> {
    let today = today(&op);
    let shown = op
        .then(done, async |op, id| {
            let (products, lots) = service::catalogue(op.tx()).await?;
            let product = products.into_iter().find(|p| p.id == *id).ok_or_else(ApiError::not_found)?;
            let lots = lots.into_iter().filter(|l| l.product_id == *id).map(|l| LotOut::new(l, today)).collect();
            Ok::<_, ApiError>(ProductOut::new(product, lots))
        })
        .await?;
    Ok(Json(op.commit(shown).await?.1))
}

#[OpenApi(tag = "ApiTags::Products")]
impl ProductsApi {
    /// The product catalogue
    ///
    /// Every product with its lots (newest expiry first), archived ones last. Each lot says
    /// whether it has expired (it then can't be charted) and how often it was used. The
    /// catalogue is clinic set-up, so every role reads it. Needs `settings:read`.
    #[oai(path = "/products", method = "get", operation_id = "products.list")]
    async fn list(&self, auth: Staff<SettingsRead>) -> ApiResult<Json<Vec<ProductOut>>> {
        let mut op = auth.begin_read().await?;
        let (products, lots) = service::catalogue(op.tx()).await?;
        let today = today(&op);
        let mut lots: Vec<_> = lots.into_iter().map(|l| LotOut::new(l, today)).collect();
        Ok(Json(
            products
                .into_iter()
                .map(|p| {
                    let (mine, rest): (Vec<_>, Vec<_>) =
                        std::mem::take(&mut lots).into_iter().partition(|l| l.product_id == p.id);
                    lots = rest;
                    ProductOut::new(p, mine)
                })
                .collect(),
        ))
    }

    /// Add a product
    ///
    /// Needs `settings:write`.
    #[oai(path = "/products", method = "post", operation_id = "products.create")]
    async fn create(&self, auth: Staff<SettingsWrite>, body: Json<ProductIn>) -> ApiResult<Json<ProductOut>> {
        let input = product_input(&body)?;
        let mut op = auth.begin().await?;
        let added = service::add_product(&mut op, &input).await?;
        answer(op, added).await
    }

    /// Change a product
    ///
    /// Entries already charted keep the name they were charted with. Needs `settings:write`.
    #[oai(path = "/products/:id", method = "put", operation_id = "products.update")]
    async fn update(
        &self,
        auth: Staff<SettingsWrite>,
        id: Path<ProductId>,
        body: Json<ProductIn>,
    ) -> ApiResult<Json<ProductOut>> {
        let input = product_input(&body)?;
        let mut op = auth.begin().await?;
        let updated = service::update_product(&mut op, id.0, &input).await?;
        answer(op, updated).await
    }

    /// Archive a product
    ///
    /// It can no longer be charted; past charts keep it. Needs `settings:write`.
    #[oai(path = "/products/:id/archive", method = "post", operation_id = "products.archive")]
    async fn archive(&self, auth: Staff<SettingsWrite>, id: Path<ProductId>) -> ApiResult<Json<ProductOut>> {
        let mut op = auth.begin().await?;
        let archived = service::set_product_archived(&mut op, id.0, true).await?;
        answer(op, archived).await
    }

    /// Restore an archived product
    ///
    /// Needs `settings:write`.
    #[oai(path = "/products/:id/restore", method = "post", operation_id = "products.restore")]
    async fn restore(&self, auth: Staff<SettingsWrite>, id: Path<ProductId>) -> ApiResult<Json<ProductOut>> {
        let mut op = auth.begin().await?;
        let restored = service::set_product_archived(&mut op, id.0, false).await?;
        answer(op, restored).await
    }

    /// Add a lot to a product
    ///
    /// Lot numbers are unique per product. Needs `settings:write`.
    #[oai(path = "/products/:id/lots", method = "post", operation_id = "lots.create")]
    async fn add_lot(
        &self,
        auth: Staff<SettingsWrite>,
        id: Path<ProductId>,
        body: Json<LotIn>,
    ) -> ApiResult<Json<LotOut>> {
        let input = lot_input(&body)?;
        let mut op = auth.begin().await?;
        let added = service::add_lot(&mut op, id.0, &input).await?;
        let today = today(&op);
        Ok(Json(LotOut::new(op.commit(added).await?, today)))
    }

    /// Change a lot
    ///
    /// Once charted, a lot's number and expiry are part of the record and can't change.
    /// Needs `settings:write`.
    #[oai(path = "/lots/:id", method = "put", operation_id = "lots.update")]
    async fn update_lot(
        &self,
        auth: Staff<SettingsWrite>,
        id: Path<LotId>,
        body: Json<LotIn>,
    ) -> ApiResult<Json<LotOut>> {
        let input = lot_input(&body)?;
        let mut op = auth.begin().await?;
        let updated = service::update_lot(&mut op, id.0, &input).await?;
        let today = today(&op);
        Ok(Json(LotOut::new(op.commit(updated).await?, today)))
    }

    /// Archive a lot
    ///
    /// Needs `settings:write`.
    #[oai(path = "/lots/:id/archive", method = "post", operation_id = "lots.archive")]
    async fn archive_lot(&self, auth: Staff<SettingsWrite>, id: Path<LotId>) -> ApiResult<Json<LotOut>> {
        let mut op = auth.begin().await?;
        let archived = service::set_lot_archived(&mut op, id.0, true).await?;
        let today = today(&op);
        Ok(Json(LotOut::new(op.commit(archived).await?, today)))
    }

    /// Recall: who received a lot
    ///
    /// Every chart entry that used the lot, with each patient's contact details, newest first.
    /// Reading it is recorded in the audit log. Needs `charts:read`.
    #[oai(path = "/lots/:id/uses", method = "get", operation_id = "lots.uses")]
    async fn uses(&self, auth: Staff<ChartsRead>, id: Path<LotId>) -> ApiResult<Json<RecallOut>> {
        let mut op = auth.begin().await?;
        let recall = service::lot_uses(&mut op, id.0).await?;
        let today = today(&op);
        let (lot, product_name, uses) = op.commit(recall).await?;
        let patient_count = uses.iter().map(|u| u.patient_id).collect::<HashSet<_>>().len() as i64;
        Ok(Json(RecallOut {
            product_name,
            lot: LotOut::new(lot, today),
            patient_count,
            uses: uses
                .into_iter()
                .map(|u| LotUseOut {
                    chart_id: u.chart_id,
                    patient_id: u.patient_id,
                    patient_name: format!("{} {}", u.first_name, u.last_name),
                    phone: u.phone,
                    email: u.email,
                    provider_name: u.provider_name,
                    area: u.area,
                    dose: u.dose_milli.map(format_dose),
                    dose_unit: u.dose_unit,
                    charted_at: u.charted_at,
                    chart_status: u.status,
                })
                .collect(),
        }))
    }
}
