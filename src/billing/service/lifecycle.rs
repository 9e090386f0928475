//! An invoice after its draft: issuing (a number from the clinic's sequence, the content frozen),
//! payments and refunds recorded against it (its status follows them), voiding a payment, and
//! voiding the invoice. Nothing is deleted; every step is audited.

use serde_json::json;

use crate::audit::AuditAction;
use crate::auth::permissions::InvoicesWrite;
use crate::billing::error::BillingError;
use crate::billing::model::*;
use crate::billing::repo;
use crate::clinic::{Audited, ClinicOp};

type Op = ClinicOp<InvoicesWrite>;

async fn held(op: &mut Op, id: InvoiceId) -> Result<Invoice, BillingError> {
    repo::hold(op.tx(), id).await?;
    repo::invoice(op.tx(), id).await?.ok_or(BillingError::NotFound)
}

async fn audit(
    op: &mut Op,
    action: AuditAction,
    invoice: &Invoice,
    details: serde_json::Value,
) -> Result<Audited<InvoiceId>, BillingError> {
    let entry = op.entry(action).entity("invoice", invoice.id.0).patient(invoice.patient_id.0).details(details);
    Ok(op.audit(entry, invoice.id).await?)
}

/// Numbers a draft and freezes it. A total of zero is paid at once.
pub async fn issue(op: &mut Op, id: InvoiceId) -> Result<Audited<InvoiceId>, BillingError> {
    let invoice = held(op, id).await?;
    if invoice.status != InvoiceStatus::Draft {
        return Err(BillingError::not_draft(invoice.status));
    }
    if repo::lines(op.tx(), id).await?.is_empty() {
        return Err(BillingError::Empty);
    }
    let now = op.now();
    let by = op.by();
    let number = repo::take_number(op.tx(), now).await?;
    let status = InvoiceStatus::from_payments(invoice.total_cents, 0, 0);
    repo::mark_issued(op.tx(), id, &number, status, by, now).await?;
    audit(op, AuditAction::InvoiceIssued, &invoice, json!({ "number": number, "totalCents": invoice.total_cents }))
        .await
}

/// Voids an invoice (a draft or an issued one with nothing paid, net of refunds). Its number is
/// never given to another invoice.
pub async fn void(op: &mut Op, id: InvoiceId, reason: &str) -> Result<Audited<InvoiceId>, BillingError> {
    let invoice = held(op, id).await?;
    if invoice.status == InvoiceStatus::Void {
        return Err(BillingError::Void);
    }
    if invoice.paid_cents - invoice.refunded_cents > 0 {
        return Err(BillingError::HasPayments);
    }
    let now = op.now();
    let by = op.by();
    repo::mark_void(op.tx(), id, reason, by, now).await?;
    // Credits it used go back to the patient's memberships.
    crate::memberships::redeem::give_back_for_invoice(op, id).await?;
    audit(op, AuditAction::InvoiceVoided, &invoice, json!({ "number": invoice.number, "reason": reason })).await
}

/// Sets the invoice's paid and refunded sums, and so its status, from its payments.
async fn settle(op: &mut Op, invoice: &Invoice) -> Result<(), BillingError> {
    let (paid, refunded) = repo::sums(op.tx(), invoice.id).await?;
    let status = InvoiceStatus::from_payments(invoice.total_cents, paid, refunded);
    let now = op.now();
    repo::set_paid(op.tx(), invoice.id, paid, refunded, status, now).await?;
    Ok(())
}

/// Records a payment or a refund. A payment is at most the balance due; a refund at most what
/// was paid and not yet refunded. With an idempotency key, a repeat answers the first.
pub async fn record_payment(
    op: &mut Op,
    id: InvoiceId,
    input: &PaymentInput,
) -> Result<Audited<(InvoiceId, PaymentId)>, BillingError> {
    if let Some(key) = &input.idempotency_key {
        op.tx().lock(&format!("idempotency:{key}")).await?;
        if let Some((payment, invoice)) = repo::payment_by_key(op.tx(), key).await? {
            return if invoice == id {
                Ok(Audited::unchanged((id, payment)))
            } else {
                Err(BillingError::KeyReused(invoice))
            };
        }
    }
    let invoice = held(op, id).await?;
    match invoice.status {
        InvoiceStatus::Draft => return Err(BillingError::NotIssued),
        InvoiceStatus::Void => return Err(BillingError::Void),
        _ => {}
    }
    match input.kind {
        PaymentKind::Payment if input.amount_cents > invoice.balance_cents() => {
            return Err(BillingError::Overpayment { balance_cents: invoice.balance_cents() });
        }
        PaymentKind::Refund if input.amount_cents > invoice.paid_cents - invoice.refunded_cents => {
            return Err(BillingError::RefundExceedsPaid {
                refundable_cents: invoice.paid_cents - invoice.refunded_cents,
            });
        }
        _ => {}
    }
    let Some(by) = op.by() else {
        return Err(BillingError::invalid("recordedBy", "unknown", "A payment is recorded by a staff member."));
    };
    let now = op.now();
    let payment = PaymentId::generate();
    repo::insert_payment(op.tx(), payment, id, input, by, now).await?;
    settle(op, &invoice).await?;
    let action = match input.kind {
        PaymentKind::Payment => AuditAction::PaymentRecorded,
        PaymentKind::Refund => AuditAction::RefundRecorded,
    };
    let details = json!({
        "paymentId": payment.0,
        "number": invoice.number,
        "amountCents": input.amount_cents,
        "method": input.method,
    });
    Ok(audit(op, action, &invoice, details).await?.map(|id| (id, payment)))
}

/// Voids a payment recorded by mistake; the invoice's status follows.
pub async fn void_payment(
    op: &mut Op,
    id: InvoiceId,
    payment: PaymentId,
    reason: &str,
) -> Result<Audited<InvoiceId>, BillingError> {
    let invoice = held(op, id).await?;
    let found = repo::payment(op.tx(), id, payment).await?.ok_or(BillingError::NotFound)?;
    if invoice.status == InvoiceStatus::Void {
        return Err(BillingError::Void);
    }
    if found.voided_at.is_some() {
        return Err(BillingError::PaymentVoided);
    }
    if found.kind == PaymentKind::Payment && invoice.paid_cents - found.amount_cents < invoice.refunded_cents {
        return Err(BillingError::PaymentRefunded);
    }
    let now = op.now();
    let by = op.by();
    repo::void_payment(op.tx(), id, payment, reason, by, now).await?;
    settle(op, &invoice).await?;
    let details = json!({ "paymentId": payment.0, "amountCents": found.amount_cents, "reason": reason });
    audit(op, AuditAction::PaymentVoided, &invoice, details).await
}
