//! Invoice queries, written once for both databases. The list and its totals are in `list`.

mod list;
mod payments;

use chrono::{DateTime, Utc};

pub(super) use list::*;
pub(super) use payments::*;

use super::model::*;
use super::totals::Totals;
use crate::args;
use crate::db::ClinicTx;
use crate::patients::PatientId;
use crate::scheduling::{AppointmentId, ServiceId};
use crate::staff::StaffUserId;

macro_rules! invoice_columns {
    () => {
        "select i.id, i.number, i.status, i.patient_id, p.first_name as patient_first_name, \
         p.last_name as patient_last_name, i.appointment_id, a.starts_at as visit_starts_at, \
         s.name as visit_service_name, i.provider_id, u.display_name as provider_name, i.discount_kind, \
         i.discount_value, i.discount_reason, i.tax_rate_bp, i.tax_exempt, i.subtotal_cents, i.discount_cents, \
         i.tax_cents, i.total_cents, i.paid_cents, i.refunded_cents, i.notes, i.dated_at, i.issued_at, \
         ib.display_name as issued_by_name, i.voided_at, i.void_reason, i.created_at, i.updated_at "
    };
}
macro_rules! invoice_joins {
    () => {
        "join patients p on p.id = i.patient_id \
         left join appointments a on a.id = i.appointment_id left join services s on s.id = a.service_id \
         left join staff_users u on u.id = i.provider_id left join staff_users ib on ib.id = i.issued_by "
    };
}
macro_rules! invoice_select {
    () => {
        concat!(invoice_columns!(), "from invoices i ", invoice_joins!())
    };
}
pub(super) use {invoice_columns, invoice_joins};

pub(super) async fn invoice(tx: &mut ClinicTx, id: InvoiceId) -> Result<Option<Invoice>, sqlx::Error> {
    tx.fetch_optional(concat!(invoice_select!(), "where i.id = $1"), args![id]).await
}

/// The visit's invoice that is not void, if any.
pub(super) async fn invoice_for_visit(
    tx: &mut ClinicTx,
    appointment: AppointmentId,
) -> Result<Option<InvoiceId>, sqlx::Error> {
    tx.fetch_optional::<(InvoiceId,)>(
        "select id from invoices where appointment_id = $1 and status <> 'void'",
        args![appointment],
    )
    .await
    .map(|row| row.map(|r| r.0))
}

pub(super) async fn lines(tx: &mut ClinicTx, id: InvoiceId) -> Result<Vec<Line>, sqlx::Error> {
    tx.fetch_all(
        "select id, position, kind, description, service_id, product_id, quantity_milli, unit, unit_price_cents, \
         discount_cents, taxable, from_chart, total_cents, invoice_discount_cents, tax_cents \
         from invoice_lines where invoice_id = $1 order by position",
        args![id],
    )
    .await
}

/// A visit as checkout needs it.
#[derive(Debug, Clone, sqlx::FromRow)]
pub(super) struct Visit {
    pub patient_id: PatientId,
    pub provider_id: StaffUserId,
    pub service_id: ServiceId,
    pub service_name: String,
    pub price_cents: i64,
    pub pricing: Pricing,
}

pub(super) async fn visit(tx: &mut ClinicTx, id: AppointmentId) -> Result<Option<Visit>, sqlx::Error> {
    tx.fetch_optional(
        "select a.patient_id, a.provider_id, a.service_id, s.name as service_name, s.price_cents, s.pricing \
         from appointments a join services s on s.id = a.service_id where a.id = $1",
        args![id],
    )
    .await
}

macro_rules! charted_rest {
    () => {
        "p.price_cents, p.default_unit from charts c join chart_entries e on e.chart_id = c.id \
         join products p on p.id = e.product_id \
         where c.appointment_id = $1 and c.deleted_at is null and e.deleted_at is null and e.dose_milli is not null \
         group by e.product_id, p.name, e.dose_unit, p.price_cents, p.default_unit order by min(e.position), p.name"
    };
}

/// What the visit's chart records, per product and unit, in the order first charted.
pub(super) async fn charted(tx: &mut ClinicTx, appointment: AppointmentId) -> Result<Vec<Charted>, sqlx::Error> {
    tx.fetch_all(
        crate::db::Sql::each(
            concat!(
                "select e.product_id, p.name as product_name, e.dose_unit as unit, ",
                "sum(e.dose_milli)::bigint as quantity_milli, ",
                charted_rest!()
            ),
            concat!(
                "select e.product_id, p.name as product_name, e.dose_unit as unit, ",
                "sum(e.dose_milli) as quantity_milli, ",
                charted_rest!()
            ),
        ),
        args![appointment],
    )
    .await
}

/// How many of these services and products exist, to check a draft's lines.
pub(super) async fn count_known(
    tx: &mut ClinicTx,
    services: Vec<uuid::Uuid>,
    products: Vec<uuid::Uuid>,
) -> Result<(i64, i64), sqlx::Error> {
    let services_known: i64 = tx
        .fetch_scalar(
            crate::db::Sql::each(
                "select count(*) from services where id = any($1)",
                "select count(*) from services where id in (select unhex(value) from json_each($1))",
            ),
            vec![crate::db::Arg::UuidList(services)],
        )
        .await?;
    let products_known: i64 = tx
        .fetch_scalar(
            crate::db::Sql::each(
                "select count(*) from products where id = any($1)",
                "select count(*) from products where id in (select unhex(value) from json_each($1))",
            ),
            vec![crate::db::Arg::UuidList(products)],
        )
        .await?;
    Ok((services_known, products_known))
}

pub(super) async fn patient_exists(tx: &mut ClinicTx, id: PatientId) -> Result<bool, sqlx::Error> {
    tx.fetch_optional::<(PatientId,)>("select id from patients where id = $1 and deleted_at is null", args![id])
        .await
        .map(|row| row.is_some())
}

pub(super) async fn settings(tx: &mut ClinicTx) -> Result<BillingSettings, sqlx::Error> {
    tx.fetch_one(
        "select currency, default_tax_rate_bp as tax_rate_bp, tax_services, tax_products, invoice_prefix, \
         next_invoice_number, clinic_address, clinic_phone from clinic_settings where singleton = true",
        args![],
    )
    .await
}

pub(super) async fn save_settings(
    tx: &mut ClinicTx,
    s: &BillingSettings,
    now: DateTime<Utc>,
) -> Result<(), sqlx::Error> {
    // The sequence never moves back, even past an invoice issued meanwhile.
    tx.execute(
        crate::db::Sql::each(
            "update clinic_settings set default_tax_rate_bp = $1, tax_services = $2, tax_products = $3, \
             invoice_prefix = $4, next_invoice_number = greatest(next_invoice_number, $5), clinic_address = $6, \
             clinic_phone = $7, updated_at = $8 where singleton = true",
            "update clinic_settings set default_tax_rate_bp = $1, tax_services = $2, tax_products = $3, \
             invoice_prefix = $4, next_invoice_number = max(next_invoice_number, $5), clinic_address = $6, \
             clinic_phone = $7, updated_at = $8 where singleton = true",
        ),
        args![
            s.tax_rate_bp,
            s.tax_services,
            s.tax_products,
            s.invoice_prefix.clone(),
            s.next_invoice_number,
            s.clinic_address.clone(),
            s.clinic_phone.clone(),
            now
        ],
    )
    .await
    .map(drop)
}

pub(super) struct NewInvoice {
    pub id: InvoiceId,
    pub patient: PatientId,
    pub appointment: Option<AppointmentId>,
    pub provider: Option<StaffUserId>,
    pub tax_rate_bp: i32,
    pub by: Option<StaffUserId>,
    pub now: DateTime<Utc>,
}

pub(super) async fn insert_invoice(tx: &mut ClinicTx, n: &NewInvoice) -> Result<(), sqlx::Error> {
    tx.execute(
        "insert into invoices (id, patient_id, appointment_id, provider_id, status, tax_rate_bp, created_by, \
         dated_at, created_at, updated_at) values ($1, $2, $3, $4, 'draft', $5, $6, $7, $7, $7)",
        args![n.id, n.patient, n.appointment, n.provider, n.tax_rate_bp, n.by, n.now],
    )
    .await
    .map(drop)
}

/// Replaces a draft's lines and totals. Only a draft changes (the database refuses the rest).
pub(super) async fn save_draft(
    tx: &mut ClinicTx,
    id: InvoiceId,
    draft: &DraftInput,
    totals: &Totals,
    now: DateTime<Utc>,
) -> Result<u64, sqlx::Error> {
    let changed = tx
        .execute(
            "update invoices set discount_kind = $2, discount_value = $3, discount_reason = $4, tax_exempt = $5, \
             notes = $6, subtotal_cents = $7, discount_cents = $8, tax_cents = $9, total_cents = $10, updated_at = $11 \
             where id = $1 and status = 'draft'",
            args![
                id,
                draft.discount_kind,
                draft.discount_value,
                draft.discount_reason.clone(),
                draft.tax_exempt,
                draft.notes.clone(),
                totals.subtotal_cents,
                totals.discount_cents,
                totals.tax_cents,
                totals.total_cents,
                now
            ],
        )
        .await?;
    if changed == 0 {
        return Ok(0);
    }
    tx.execute("delete from invoice_lines where invoice_id = $1", args![id]).await?;
    for (position, (line, sums)) in draft.lines.iter().zip(&totals.lines).enumerate() {
        tx.execute(
            "insert into invoice_lines (id, invoice_id, position, kind, description, service_id, product_id, \
             quantity_milli, unit, unit_price_cents, discount_cents, taxable, from_chart, total_cents, \
             invoice_discount_cents, tax_cents, created_at, updated_at) \
             values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $17)",
            args![
                InvoiceLineId::generate(),
                id,
                position as i32,
                line.kind,
                line.description.clone(),
                line.service_id,
                line.product_id,
                line.quantity_milli,
                line.unit,
                line.unit_price_cents,
                line.discount_cents,
                line.taxable,
                line.from_chart,
                sums.net_cents,
                sums.invoice_discount_cents,
                sums.tax_cents,
                now
            ],
        )
        .await?;
    }
    Ok(changed)
}

/// Takes the next number from the clinic's sequence. The row stays locked until the issuing
/// transaction ends, so concurrent issuers queue and a rolled-back issue gives its number back.
pub(super) async fn take_number(tx: &mut ClinicTx, now: DateTime<Utc>) -> Result<String, sqlx::Error> {
    let (prefix, n): (String, i64) = tx
        .fetch_one(
            "update clinic_settings set next_invoice_number = next_invoice_number + 1, updated_at = $1 \
             where singleton = true returning invoice_prefix, next_invoice_number - 1",
            args![now],
        )
        .await?;
    Ok(invoice_number(&prefix, n))
}

pub(super) async fn mark_issued(
    tx: &mut ClinicTx,
    id: InvoiceId,
    number: &str,
    status: InvoiceStatus,
    by: Option<StaffUserId>,
    now: DateTime<Utc>,
) -> Result<u64, sqlx::Error> {
    tx.execute(
        "update invoices set number = $2, status = $3, issued_at = $4, issued_by = $5, dated_at = $4, updated_at = $4 \
         where id = $1 and status = 'draft'",
        args![id, number, status, now, by],
    )
    .await
}

pub(super) async fn mark_void(
    tx: &mut ClinicTx,
    id: InvoiceId,
    reason: &str,
    by: Option<StaffUserId>,
    now: DateTime<Utc>,
) -> Result<u64, sqlx::Error> {
    tx.execute(
        "update invoices set status = 'void', voided_at = $2, voided_by = $3, void_reason = $4, updated_at = $2 \
         where id = $1 and status <> 'void'",
        args![id, now, by, reason],
    )
    .await
}

/// Holds the invoice until the transaction ends, so payments on it are recorded one at a time.
pub(super) async fn hold(tx: &mut ClinicTx, id: InvoiceId) -> Result<(), sqlx::Error> {
    tx.lock(&format!("invoice:{id}")).await
}
