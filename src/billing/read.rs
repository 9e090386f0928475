//! Reading invoices: one with its lines, payments and differences from its chart, and the
//! list a page at a time with its totals.

use chrono::{DateTime, Utc};

use super::error::BillingError;
use super::model::*;
use super::repo;
use super::service::drafts::chart_differences;
use crate::db::ClinicTx;

/// An invoice and everything its screen shows.
#[derive(Debug, Clone)]
pub struct InvoiceView {
    pub invoice: Invoice,
    pub lines: Vec<Line>,
    pub payments: Vec<Payment>,
    pub differences: Vec<ChartDifference>,
    pub currency: String,
}

pub async fn invoice(tx: &mut ClinicTx, id: InvoiceId) -> Result<InvoiceView, BillingError> {
    let invoice = repo::invoice(tx, id).await?.ok_or(BillingError::NotFound)?;
    let lines = repo::lines(tx, id).await?;
    let payments = repo::payments(tx, id).await?;
    let differences = chart_differences(tx, &invoice, &lines).await?;
    let currency = repo::settings(tx).await?.currency;
    Ok(InvoiceView { invoice, lines, payments, differences, currency })
}

pub struct Page {
    pub items: Vec<Invoice>,
    pub totals: ListTotals,
    pub next: Option<Cursor>,
    pub currency: String,
}

pub async fn list(
    tx: &mut ClinicTx,
    filter: &ListFilter,
    after: Option<Cursor>,
    limit: i64,
) -> Result<Page, sqlx::Error> {
    let mut items = repo::list(tx, filter, after, limit + 1).await?;
    let next = if items.len() as i64 > limit {
        items.truncate(limit as usize);
        items.last().map(|i| Cursor { dated_at: i.dated_at, id: i.id })
    } else {
        None
    };
    let totals = repo::totals(tx, filter).await?;
    let currency = repo::settings(tx).await?.currency;
    Ok(Page { items, totals, next, currency })
}

/// A patient's invoices (newest first, up to 500) and payments, for their history.
pub async fn of_patient(
    tx: &mut ClinicTx,
    patient: crate::patients::PatientId,
) -> Result<(Vec<Invoice>, Vec<PatientPayment>), sqlx::Error> {
    let filter = ListFilter { patient: Some(patient), ..ListFilter::default() };
    Ok((repo::list(tx, &filter, None, 500).await?, repo::patient_payments(tx, patient).await?))
}

impl Cursor {
    /// `2026-12-03T15:00:00Z_<uuid>`: opaque to clients.
    pub fn encode(&self) -> String {
        format!("{}_{}", self.dated_at.to_rfc3339_opts(chrono::SecondsFormat::Micros, true), self.id)
    }

    pub fn decode(text: &str) -> Option<Self> {
        let (at, id) = text.split_once('_')?;
        let dated_at = DateTime::parse_from_rfc3339(at).ok()?.with_timezone(&Utc);
        Some(Self { dated_at, id: InvoiceId(id.parse().ok()?) })
    }
}
