//! Products and lots: owners keep the catalogue; anyone who charts reads it; a recall finds every
//! patient a lot went into.

use std::collections::HashSet;

use poem_openapi::OpenApi;
use poem_openapi::param::Path;
use poem_openapi::payload::Json;

use super::dto::{LotIn, LotOut, LotUseOut, ProductIn, ProductOut, RecallOut};
use super::{optional_text, text, today};
use crate::audit::AuditAction;
use crate::auth::permissions::{ChartsRead, SettingsRead, SettingsWrite};
use crate::auth::{ClinicCtx, Staff};
use crate::charting::rules::format_dose;
use crate::charting::service::{self, LotInput, ProductInput};
use crate::charting::{LotId, ProductId};
use crate::db::ClinicTx;
use crate::http::tags::ApiTags;
use crate::http::{ApiError, ApiResult, FieldProblem};

pub struct ProductsApi;

fn product_input(body: &ProductIn) -> Result<ProductInput, ApiError> {
    Ok(ProductInput {
        name: text("name", &body.name, 80)?,
        manufacturer: optional_text("manufacturer", body.manufacturer.as_deref(), 80)?,
        kind: body.kind,
        unit: body.default_unit,
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

async fn product_out(ctx: &ClinicCtx, tx: &mut ClinicTx, id: ProductId) -> ApiResult<ProductOut> {
    let (products, lots) = service::catalogue(tx).await?;
    let today = today(ctx);
    let product = products.into_iter().find(|p| p.id == id).ok_or_else(ApiError::not_found)?;
    let lots = lots.into_iter().filter(|l| l.product_id == id).map(|l| LotOut::new(l, today)).collect();
    Ok(ProductOut::new(product, lots))
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
        let ctx = auth.ctx;
        let mut tx = ctx.read().await?;
        let (products, lots) = service::catalogue(&mut tx).await?;
        let today = today(&ctx);
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
        let ctx = auth.ctx;
        let input = product_input(&body)?;
        let mut tx = ctx.write().await?;
        let product = service::add_product(&mut tx, &input, ctx.now()).await?;
        ctx.audit_change(&mut tx, AuditAction::ProductsChanged, "product", product.id.0, "created").await?;
        let out = product_out(&ctx, &mut tx, product.id).await?;
        tx.commit().await?;
        Ok(Json(out))
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
        let ctx = auth.ctx;
        let input = product_input(&body)?;
        let mut tx = ctx.write().await?;
        service::update_product(&mut tx, id.0, &input, ctx.now()).await?;
        ctx.audit_change(&mut tx, AuditAction::ProductsChanged, "product", id.0.0, "updated").await?;
        let out = product_out(&ctx, &mut tx, id.0).await?;
        tx.commit().await?;
        Ok(Json(out))
    }

    /// Archive a product
    ///
    /// It can no longer be charted; past charts keep it. Needs `settings:write`.
    #[oai(path = "/products/:id/archive", method = "post", operation_id = "products.archive")]
    async fn archive(&self, auth: Staff<SettingsWrite>, id: Path<ProductId>) -> ApiResult<Json<ProductOut>> {
        self.set_archived(auth.ctx, id.0, true).await
    }

    /// Restore an archived product
    ///
    /// Needs `settings:write`.
    #[oai(path = "/products/:id/restore", method = "post", operation_id = "products.restore")]
    async fn restore(&self, auth: Staff<SettingsWrite>, id: Path<ProductId>) -> ApiResult<Json<ProductOut>> {
        self.set_archived(auth.ctx, id.0, false).await
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
        let ctx = auth.ctx;
        let input = lot_input(&body)?;
        let mut tx = ctx.write().await?;
        let lot = service::create_lot(&mut tx, id.0, &input, ctx.now()).await?;
        ctx.audit_change(&mut tx, AuditAction::ProductsChanged, "lot", lot.id.0, "created").await?;
        tx.commit().await?;
        Ok(Json(LotOut::new(lot, today(&ctx))))
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
        let ctx = auth.ctx;
        let input = lot_input(&body)?;
        let mut tx = ctx.write().await?;
        let lot = service::update_lot(&mut tx, id.0, &input, ctx.now()).await?;
        ctx.audit_change(&mut tx, AuditAction::ProductsChanged, "lot", lot.id.0, "updated").await?;
        tx.commit().await?;
        Ok(Json(LotOut::new(lot, today(&ctx))))
    }

    /// Archive a lot
    ///
    /// Needs `settings:write`.
    #[oai(path = "/lots/:id/archive", method = "post", operation_id = "lots.archive")]
    async fn archive_lot(&self, auth: Staff<SettingsWrite>, id: Path<LotId>) -> ApiResult<Json<LotOut>> {
        let ctx = auth.ctx;
        let mut tx = ctx.write().await?;
        let lot = service::set_lot_archived(&mut tx, id.0, true, ctx.now()).await?;
        ctx.audit_change(&mut tx, AuditAction::ProductsChanged, "lot", lot.id.0, "archived").await?;
        tx.commit().await?;
        Ok(Json(LotOut::new(lot, today(&ctx))))
    }

    /// Recall: who received a lot
    ///
    /// Every chart entry that used the lot, with each patient's contact details, newest first.
    /// Needs `charts:read`.
    #[oai(path = "/lots/:id/uses", method = "get", operation_id = "lots.uses")]
    async fn uses(&self, auth: Staff<ChartsRead>, id: Path<LotId>) -> ApiResult<Json<RecallOut>> {
        let ctx = auth.ctx;
        let mut tx = ctx.read().await?;
        let (lot, uses) = service::lot_uses(&mut tx, id.0).await?;
        let (products, _) = service::catalogue(&mut tx).await?;
        let product_name = products.into_iter().find(|p| p.id == lot.product_id).map(|p| p.name).unwrap_or_default();
        let patient_count = uses.iter().map(|u| u.patient_id).collect::<HashSet<_>>().len() as i64;
        Ok(Json(RecallOut {
            product_name,
            lot: LotOut::new(lot, today(&ctx)),
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

impl ProductsApi {
    async fn set_archived(&self, ctx: ClinicCtx, id: ProductId, archived: bool) -> ApiResult<Json<ProductOut>> {
        let mut tx = ctx.write().await?;
        service::set_product_archived(&mut tx, id, archived, ctx.now()).await?;
        ctx.audit_change(
            &mut tx,
            AuditAction::ProductsChanged,
            "product",
            id.0,
            if archived { "archived" } else { "restored" },
        )
        .await?;
        let out = product_out(&ctx, &mut tx, id).await?;
        tx.commit().await?;
        Ok(Json(out))
    }
}
