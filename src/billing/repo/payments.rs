//! Payments and refunds: recorded, summed, voided; never changed or deleted.

use chrono::{DateTime, Utc};

use crate::args;
use crate::billing::model::*;
use crate::db::ClinicTx;
use crate::patients::PatientId;
use crate::staff::StaffUserId;

pub(in crate::billing) async fn payments(tx: &mut ClinicTx, id: InvoiceId) -> Result<Vec<Payment>, sqlx::Error> {
    tx.fetch_all(
        "select y.id, y.kind, y.method, y.amount_cents, y.reference, y.received_at, \
         u.display_name as recorded_by_name, y.voided_at, y.void_reason \
         from payments y join staff_users u on u.id = y.recorded_by where y.invoice_id = $1 \
         order by y.received_at, y.id",
        args![id],
    )
    .await
}

pub(in crate::billing) async fn patient_payments(
    tx: &mut ClinicTx,
    patient: PatientId,
) -> Result<Vec<PatientPayment>, sqlx::Error> {
    tx.fetch_all(
        "select y.id, y.kind, y.method, y.amount_cents, y.reference, y.received_at, \
         u.display_name as recorded_by_name, y.voided_at, y.void_reason, y.invoice_id, i.number \
         from payments y join invoices i on i.id = y.invoice_id join staff_users u on u.id = y.recorded_by \
         where i.patient_id = $1 order by y.received_at desc",
        args![patient],
    )
    .await
}

/// What was paid and refunded on an invoice, from its payments that are not void.
pub(in crate::billing) async fn sums(tx: &mut ClinicTx, id: InvoiceId) -> Result<(i64, i64), sqlx::Error> {
    tx.fetch_one(
        crate::db::Sql::each(
            "select coalesce(sum(case when kind = 'payment' then amount_cents else 0 end), 0)::bigint, \
             coalesce(sum(case when kind = 'refund' then amount_cents else 0 end), 0)::bigint \
             from payments where invoice_id = $1 and voided_at is null",
            "select coalesce(sum(case when kind = 'payment' then amount_cents else 0 end), 0), \
             coalesce(sum(case when kind = 'refund' then amount_cents else 0 end), 0) \
             from payments where invoice_id = $1 and voided_at is null",
        ),
        args![id],
    )
    .await
}

pub(in crate::billing) async fn payment(
    tx: &mut ClinicTx,
    invoice: InvoiceId,
    id: PaymentId,
) -> Result<Option<Payment>, sqlx::Error> {
    tx.fetch_optional(
        "select y.id, y.kind, y.method, y.amount_cents, y.reference, y.received_at, \
         u.display_name as recorded_by_name, y.voided_at, y.void_reason \
         from payments y join staff_users u on u.id = y.recorded_by where y.invoice_id = $1 and y.id = $2",
        args![invoice, id],
    )
    .await
}

pub(in crate::billing) async fn set_paid(
    tx: &mut ClinicTx,
    id: InvoiceId,
    paid: i64,
    refunded: i64,
    status: InvoiceStatus,
    now: DateTime<Utc>,
) -> Result<(), sqlx::Error> {
    tx.execute(
        "update invoices set paid_cents = $2, refunded_cents = $3, status = $4, updated_at = $5 where id = $1",
        args![id, paid, refunded, status, now],
    )
    .await
    .map(drop)
}

pub(in crate::billing) async fn payment_by_key(
    tx: &mut ClinicTx,
    key: &str,
) -> Result<Option<(PaymentId, InvoiceId)>, sqlx::Error> {
    tx.fetch_optional("select id, invoice_id from payments where idempotency_key = $1", args![key]).await
}

pub(in crate::billing) async fn insert_payment(
    tx: &mut ClinicTx,
    id: PaymentId,
    invoice: InvoiceId,
    p: &PaymentInput,
    by: StaffUserId,
    now: DateTime<Utc>,
) -> Result<(), sqlx::Error> {
    tx.execute(
        "insert into payments (id, invoice_id, kind, method, amount_cents, reference, received_at, recorded_by, \
         idempotency_key, created_at, updated_at) values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $10)",
        args![
            id,
            invoice,
            p.kind,
            p.method,
            p.amount_cents,
            p.reference.clone(),
            p.received_at.unwrap_or(now),
            by,
            p.idempotency_key.clone(),
            now
        ],
    )
    .await
    .map(drop)
}

pub(in crate::billing) async fn void_payment(
    tx: &mut ClinicTx,
    invoice: InvoiceId,
    id: PaymentId,
    reason: &str,
    by: Option<StaffUserId>,
    now: DateTime<Utc>,
) -> Result<u64, sqlx::Error> {
    tx.execute(
        "update payments set voided_at = $3, voided_by = $4, void_reason = $5, updated_at = $3 \
         where id = $2 and invoice_id = $1 and voided_at is null",
        args![invoice, id, now, by, reason],
    )
    .await
}
