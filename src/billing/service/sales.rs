//! Selling a membership or package through billing: its line added to the patient's draft at
//! checkout, or an invoice of its own issued at once (enrolment from the profile, and each
//! renewal of a membership). The memberships module calls these inside its own unit of work;
//! each invoice they touch is audited as billing audits it.

use serde_json::json;

use crate::audit::AuditAction;
use crate::auth::permissions::Permission;
use crate::billing::error::BillingError;
use crate::billing::model::*;
use crate::billing::repo::{self, NewInvoice};
use crate::billing::service::drafts::totals_of;
use crate::clinic::ClinicOp;
use crate::patients::PatientId;

/// What is sold: one line.
#[derive(Debug, Clone)]
pub struct Sale {
    pub patient: PatientId,
    pub kind: LineKind,
    pub description: String,
    pub price_cents: i64,
}

impl Sale {
    fn line(&self) -> LineInput {
        LineInput {
            kind: self.kind,
            description: self.description.clone(),
            service_id: None,
            product_id: None,
            quantity_milli: 1000,
            unit: None,
            unit_price_cents: self.price_cents,
            discount_cents: 0,
            taxable: false,
            from_chart: false,
        }
    }
}

fn as_input(line: &Line) -> LineInput {
    LineInput {
        kind: line.kind,
        description: line.description.clone(),
        service_id: line.service_id,
        product_id: line.product_id,
        quantity_milli: line.quantity_milli,
        unit: line.unit,
        unit_price_cents: line.unit_price_cents,
        discount_cents: line.discount_cents,
        taxable: line.taxable,
        from_chart: line.from_chart,
    }
}

/// Adds the sale's line to `draft`, which must be the same patient's draft invoice.
pub async fn add_to_draft<P: Permission>(
    op: &mut ClinicOp<P>,
    draft: InvoiceId,
    sale: &Sale,
) -> Result<(), BillingError> {
    let now = op.now();
    let tx = op.tx();
    repo::hold(tx, draft).await?;
    let invoice = repo::invoice(tx, draft).await?.ok_or(BillingError::NotFound)?;
    if invoice.status != InvoiceStatus::Draft {
        return Err(BillingError::not_draft(invoice.status));
    }
    if invoice.patient_id != sale.patient {
        return Err(BillingError::invalid("invoiceId", "other_patient", "That invoice is for another patient."));
    }
    let mut lines: Vec<LineInput> = repo::lines(tx, draft).await?.iter().map(as_input).collect();
    lines.push(sale.line());
    let content = DraftInput {
        lines,
        discount_kind: invoice.discount_kind,
        discount_value: invoice.discount_value,
        discount_reason: invoice.discount_reason.clone(),
        tax_exempt: invoice.tax_exempt,
        notes: invoice.notes.clone(),
    };
    let sums = totals_of(&content, invoice.tax_rate_bp);
    repo::save_draft(tx, draft, &content, &sums, now).await?;
    let entry = op
        .entry(AuditAction::InvoiceChanged)
        .entity("invoice", draft.0)
        .patient(sale.patient.0)
        .details(json!({ "change": "plan_sold", "kind": sale.kind }));
    // The caller's verb audits what the whole unit of work is for; this records the invoice's part.
    let _ = op.audit(entry, ()).await?;
    Ok(())
}

/// A new invoice with the sale's line, issued now: unpaid, or paid at once when it costs nothing.
pub async fn issue_invoice<P: Permission>(op: &mut ClinicOp<P>, sale: &Sale) -> Result<InvoiceId, BillingError> {
    let (now, by) = (op.now(), op.by());
    let tx = op.tx();
    let settings = repo::settings(tx).await?;
    let id = InvoiceId::generate();
    let new = NewInvoice {
        id,
        patient: sale.patient,
        appointment: None,
        provider: None,
        tax_rate_bp: settings.tax_rate_bp,
        by,
        now,
    };
    repo::insert_invoice(tx, &new).await?;
    let content = DraftInput {
        lines: vec![sale.line()],
        discount_kind: DiscountKind::None,
        discount_value: 0,
        discount_reason: None,
        tax_exempt: false,
        notes: None,
    };
    let sums = totals_of(&content, settings.tax_rate_bp);
    repo::save_draft(tx, id, &content, &sums, now).await?;
    let number = repo::take_number(tx, now).await?;
    repo::mark_issued(tx, id, &number, InvoiceStatus::from_payments(sums.total_cents, 0, 0), by, now).await?;
    let made = op.entry(AuditAction::InvoiceCreated).entity("invoice", id.0).patient(sale.patient.0);
    let _ = op.audit(made.details(json!({ "from": sale.kind })), ()).await?;
    let issued = op.entry(AuditAction::InvoiceIssued).entity("invoice", id.0).patient(sale.patient.0);
    let _ = op.audit(issued.details(json!({ "number": number, "totalCents": sums.total_cents })), ()).await?;
    Ok(id)
}
