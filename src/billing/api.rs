//! Billing over HTTP: checkout from a visit, the checkout screen's drafts, issuing, payments
//! and refunds, voids, the invoices list and its totals, the invoice PDF, and the clinic's
//! billing settings. Roles follow `invoices:*`; the medical director sees nothing of billing.

use chrono::{DateTime, Utc};
use poem_openapi::param::{Header, Path, Query};
use poem_openapi::payload::Json;
use poem_openapi::{ApiResponse, OpenApi};

pub use super::dto::*;
use super::input::{draft, payment, reason, settings_in};
use super::model::*;
use super::read::{self, InvoiceView};
use super::{document, drafts, lifecycle, settings};
use crate::auth::Staff;
use crate::auth::permissions::{InvoicesRead, InvoicesWrite, SettingsRead, SettingsWrite};
use crate::clinic::with_retries;
use crate::http::download::PdfFile;
use crate::http::input::idempotency_key;
use crate::http::tags::ApiTags;
use crate::http::{ApiError, ApiResult, FieldProblem};
use crate::patients::PatientId;
use crate::scheduling::AppointmentId;
use crate::staff::StaffUserId;

pub struct InvoicesApi;

#[derive(ApiResponse)]
pub enum CheckoutAnswer {
    /// The visit's invoice was made now, pre-filled from the visit and its chart.
    #[oai(status = 201)]
    Created(Json<InvoiceOut>),
    /// The visit already had an invoice (not void): this is it.
    #[oai(status = 200)]
    Existing(Json<InvoiceOut>),
}

fn out(view: InvoiceView) -> InvoiceOut {
    InvoiceOut::new(view.invoice, view.currency, view.lines, view.payments, view.differences)
}

/// Runs a change (`$verb`, using the unit of work `$op`) with retries on lock conflicts, and
/// answers with the invoice as it now is.
macro_rules! changed {
    ($auth:expr, |$op:ident| $verb:expr) => {{
        let view = with_retries(
            || $auth.begin(),
            |mut $op| async move {
                let done = match $verb.await {
                    Ok(done) => $op.then(done, async |op, id| read::invoice(op.tx(), *id).await).await,
                    Err(e) => Err(e),
                };
                ($op, done)
            },
        )
        .await?;
        Ok(Json(out(view.1)))
    }};
}

#[OpenApi(tag = "ApiTags::Invoices")]
impl InvoicesApi {
    /// Check out a visit
    ///
    /// Makes the visit's invoice as a draft, pre-filled with its service at its price; for a
    /// service billed per unit, with the units of each product its chart records at the
    /// product's price. If the visit already has an invoice (not void), answers with that one
    /// (200) instead: pressing "Check out" twice never makes two. Needs `invoices:write`.
    #[oai(path = "/appointments/:id/checkout", method = "post", operation_id = "invoices.checkout")]
    async fn checkout(&self, auth: Staff<InvoicesWrite>, id: Path<AppointmentId>) -> ApiResult<CheckoutAnswer> {
        let ((_, made), view) = with_retries(
            || auth.begin(),
            |mut op| async move {
                let done = match drafts::checkout(&mut op, id.0).await {
                    Ok(done) => op.then(done, async |op, (id, _)| read::invoice(op.tx(), *id).await).await,
                    Err(e) => Err(e),
                };
                (op, done)
            },
        )
        .await?;
        Ok(if made { CheckoutAnswer::Created(Json(out(view))) } else { CheckoutAnswer::Existing(Json(out(view))) })
    }

    /// Start an invoice without a visit
    ///
    /// An empty draft for a patient: a retail sale, a package bought at the desk. Needs
    /// `invoices:write`.
    #[oai(path = "/invoices", method = "post", operation_id = "invoices.create")]
    async fn create(&self, auth: Staff<InvoicesWrite>, body: Json<InvoiceCreateIn>) -> ApiResult<Json<InvoiceOut>> {
        let patient: PatientId = body.patient_id;
        changed!(auth, |op| drafts::create(&mut op, patient))
    }

    /// Invoices
    ///
    /// Newest first (by the date issued, or made for drafts), a page at a time, with the
    /// totals of everything the filters match: invoiced, collected and outstanding. `q` finds
    /// an invoice by number (or its end, "42") or a patient by the start of their names.
    /// Needs `invoices:read`.
    #[oai(path = "/invoices", method = "get", operation_id = "invoices.list")]
    #[allow(clippy::too_many_arguments)]
    async fn list(
        &self,
        auth: Staff<InvoicesRead>,
        /// Any of these statuses; all when absent.
        status: Query<Vec<InvoiceStatus>>,
        /// From this instant (inclusive).
        from: Query<Option<DateTime<Utc>>>,
        /// Up to this instant (exclusive).
        to: Query<Option<DateTime<Utc>>>,
        #[oai(name = "providerId")] provider_id: Query<Option<StaffUserId>>,
        #[oai(name = "patientId")] patient_id: Query<Option<PatientId>>,
        q: Query<Option<String>>,
        /// `nextCursor` from the previous page.
        after: Query<Option<String>>,
        /// 1–200; 50 when absent.
        limit: Query<Option<u32>>,
    ) -> ApiResult<Json<InvoicePage>> {
        let limit = i64::from(limit.0.unwrap_or(50));
        if !(1..=200).contains(&limit) {
            return Err(ApiError::validation(vec![FieldProblem::new("limit", "out_of_range", "Use 1 to 200.")]));
        }
        let after = match after.0.as_deref() {
            None | Some("") => None,
            Some(text) => Some(Cursor::decode(text).ok_or_else(|| {
                ApiError::validation(vec![FieldProblem::new("after", "invalid", "Use the nextCursor of a page.")])
            })?),
        };
        let filter = ListFilter {
            statuses: status.0,
            from: from.0,
            to: to.0,
            provider: provider_id.0,
            patient: patient_id.0,
            query: q.0.filter(|q| q.trim().chars().count() <= 100),
        };
        let mut op = auth.begin_read().await?;
        let page = read::list(op.tx(), &filter, after, limit).await?;
        Ok(Json(InvoicePage {
            items: page.items.iter().map(InvoiceSummaryOut::from).collect(),
            totals: InvoiceTotalsOut {
                count: page.totals.count,
                invoiced_cents: page.totals.invoiced_cents,
                collected_cents: page.totals.collected_cents,
                outstanding_cents: page.totals.outstanding_cents,
            },
            currency: page.currency,
            next_cursor: page.next.map(|c| c.encode()),
        }))
    }

    /// An invoice
    ///
    /// With its lines, payments and, for a visit billed from its chart, where the chart now
    /// disagrees with it. Needs `invoices:read`.
    #[oai(path = "/invoices/:id", method = "get", operation_id = "invoices.get")]
    async fn get(&self, auth: Staff<InvoicesRead>, id: Path<InvoiceId>) -> ApiResult<Json<InvoiceOut>> {
        let mut op = auth.begin_read().await?;
        Ok(Json(out(read::invoice(op.tx(), id.0).await?)))
    }

    /// Save a draft
    ///
    /// Replaces the draft's lines, discount, tax switch and notes, and recomputes its totals
    /// (per line, rounded half away from zero). An issued invoice can't be edited
    /// (`invoice_issued`, 409). Needs `invoices:write`.
    #[oai(path = "/invoices/:id", method = "put", operation_id = "invoices.update")]
    async fn update(
        &self,
        auth: Staff<InvoicesWrite>,
        id: Path<InvoiceId>,
        body: Json<InvoiceDraftIn>,
    ) -> ApiResult<Json<InvoiceOut>> {
        let input = &draft(&body)?;
        changed!(auth, |op| drafts::save(&mut op, id.0, input))
    }

    /// Bill what the chart records now
    ///
    /// On a draft for a visit: the chart's products take the quantities charted now; other
    /// lines stay. Needs `invoices:write`.
    #[oai(path = "/invoices/:id/sync-chart", method = "post", operation_id = "invoices.sync_chart")]
    async fn sync_chart(&self, auth: Staff<InvoicesWrite>, id: Path<InvoiceId>) -> ApiResult<Json<InvoiceOut>> {
        changed!(auth, |op| drafts::sync_chart(&mut op, id.0))
    }

    /// Issue an invoice
    ///
    /// Gives the draft the next number of the clinic's sequence (no gaps, no repeats, also
    /// when many are issued at once) and freezes what it charges. An invoice without lines is
    /// refused (`invoice_empty`, 422). Needs `invoices:write`.
    #[oai(path = "/invoices/:id/issue", method = "post", operation_id = "invoices.issue")]
    async fn issue(&self, auth: Staff<InvoicesWrite>, id: Path<InvoiceId>) -> ApiResult<Json<InvoiceOut>> {
        changed!(auth, |op| lifecycle::issue(&mut op, id.0))
    }

    /// Void an invoice
    ///
    /// With a reason. Refused while it has payments not refunded (`invoice_has_payments`,
    /// 409). A voided number is never reused. Needs `invoices:write`.
    #[oai(path = "/invoices/:id/void", method = "post", operation_id = "invoices.void")]
    async fn void(
        &self,
        auth: Staff<InvoicesWrite>,
        id: Path<InvoiceId>,
        body: Json<ReasonIn>,
    ) -> ApiResult<Json<InvoiceOut>> {
        let why = reason(&body.reason)?;
        let why = why.as_str();
        changed!(auth, |op| lifecycle::void(&mut op, id.0, why))
    }

    /// Record a payment or refund
    ///
    /// Contour records payments; it does not take them. A payment is at most the balance due
    /// (`overpayment`, 422); a refund at most what was paid and not refunded
    /// (`refund_exceeds_paid`, 422); a draft or void invoice takes none (`invoice_not_issued`,
    /// `invoice_void`, 409). Needs `invoices:write`.
    #[oai(path = "/invoices/:id/payments", method = "post", operation_id = "invoices.record_payment")]
    async fn record_payment(
        &self,
        auth: Staff<InvoicesWrite>,
        id: Path<InvoiceId>,
        body: Json<PaymentIn>,
        /// Any unique string for this payment: sending it again (a double tap, a retry) records
        /// it once and answers with the invoice.
        #[oai(name = "Idempotency-Key")]
        key: Header<Option<String>>,
    ) -> ApiResult<Json<InvoiceOut>> {
        let key = idempotency_key(key.0.as_deref(), format!("staff:{}", auth.ctx.on_behalf_of().0))?;
        let input = &payment(&body, key, auth.ctx.now())?;
        changed!(auth, |op| async { Ok(lifecycle::record_payment(&mut op, id.0, input).await?.map(|(id, _)| id)) })
    }

    /// Void a payment
    ///
    /// A payment or refund recorded by mistake, with a reason; the invoice's status follows.
    /// Needs `invoices:write`.
    #[oai(path = "/invoices/:id/payments/:payment_id/void", method = "post", operation_id = "invoices.void_payment")]
    async fn void_payment(
        &self,
        auth: Staff<InvoicesWrite>,
        id: Path<InvoiceId>,
        payment_id: Path<PaymentId>,
        body: Json<ReasonIn>,
    ) -> ApiResult<Json<InvoiceOut>> {
        let why = reason(&body.reason)?;
        let why = why.as_str();
        changed!(auth, |op| lifecycle::void_payment(&mut op, id.0, payment_id.0, why))
    }

    /// An invoice as a PDF
    ///
    /// The clinic's details, the lines, discounts, tax, payments and balance, ready to print or
    /// send. Downloading it is recorded. Needs `invoices:read`.
    #[oai(path = "/invoices/:id/pdf", method = "get", operation_id = "invoices.pdf")]
    async fn pdf(&self, auth: Staff<InvoicesRead>, id: Path<InvoiceId>) -> ApiResult<PdfFile> {
        let mut op = auth.begin().await?;
        let read = document::downloaded(&mut op, id.0).await?;
        let tz = op.tz();
        let (view, clinic) = op.commit(read).await?;
        let bytes = document::pdf(&view, &clinic, tz);
        let title = view.invoice.number.clone().unwrap_or_else(|| "draft invoice".to_owned());
        Ok(PdfFile::attachment(bytes, &title, view.invoice.dated_at.with_timezone(&tz).date_naive()))
    }

    /// Billing settings
    ///
    /// Tax, invoice numbering, and the address and phone printed on documents. Needs
    /// `settings:read`.
    #[oai(path = "/settings/billing", method = "get", operation_id = "billing_settings.get")]
    async fn settings(&self, auth: Staff<SettingsRead>) -> ApiResult<Json<BillingSettingsOut>> {
        let mut op = auth.begin_read().await?;
        Ok(Json(settings::load(op.tx()).await?.into()))
    }

    /// Change the billing settings
    ///
    /// The next invoice number may only move forward. Needs `settings:write`.
    #[oai(path = "/settings/billing", method = "put", operation_id = "billing_settings.update")]
    async fn update_settings(
        &self,
        auth: Staff<SettingsWrite>,
        body: Json<BillingSettingsIn>,
    ) -> ApiResult<Json<BillingSettingsOut>> {
        let input = settings_in(&body)?;
        let mut op = auth.begin().await?;
        let saved = settings::save(&mut op, input).await?;
        Ok(Json(op.commit(saved).await?.into()))
    }
}
