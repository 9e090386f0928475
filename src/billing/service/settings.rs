//! The clinic's billing settings: tax (the default rate, and whether services and retail
//! products are taxable by default), the invoice numbering, and the address and phone printed
//! on documents.

use serde_json::json;

use crate::audit::AuditAction;
use crate::auth::permissions::SettingsWrite;
use crate::billing::error::BillingError;
use crate::billing::model::BillingSettings;
use crate::billing::repo;
use crate::clinic::{Audited, ClinicOp};
use crate::db::ClinicTx;

pub async fn load(tx: &mut ClinicTx) -> Result<BillingSettings, sqlx::Error> {
    repo::settings(tx).await
}

/// An owner changes them. The next invoice number may only move forward, so no number is
/// ever given twice.
pub async fn save(
    op: &mut ClinicOp<SettingsWrite>,
    new: BillingSettings,
) -> Result<Audited<BillingSettings>, BillingError> {
    let now = op.now();
    let tx = op.tx();
    let current = repo::settings(tx).await?;
    if new.next_invoice_number < current.next_invoice_number {
        return Err(BillingError::invalid(
            "nextInvoiceNumber",
            "too_low",
            format!("Invoices up to {} may already exist; choose that or higher.", current.next_invoice_number),
        ));
    }
    let saved = BillingSettings { currency: current.currency, ..new };
    repo::save_settings(tx, &saved, now).await?;
    let entry = op.entry(AuditAction::SettingsChanged).entity("billing", op.clinic().id.0).details(json!({
        "taxRateBp": saved.tax_rate_bp,
        "taxServices": saved.tax_services,
        "taxProducts": saved.tax_products,
        "invoicePrefix": saved.invoice_prefix,
        "nextInvoiceNumber": saved.next_invoice_number,
    }));
    Ok(op.audit(entry, saved).await?)
}
