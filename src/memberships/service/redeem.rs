//! Using credits: a use draws what it takes from the pots that expire soonest, linked to the
//! visit and invoice it paid for, and a use is given back (a `reverse` entry) when what it paid
//! for is undone. The membership is held while its credits change, and the database refuses
//! any entry that would take a pot below zero, so two takers of the last credit never both get
//! it.

use serde_json::json;

use crate::audit::AuditAction;
use crate::auth::permissions::MembershipsWrite;
use crate::billing::InvoiceId;
use crate::clinic::{Audited, ClinicOp};
use crate::memberships::error::MembershipError;
use crate::memberships::ledger;
use crate::memberships::model::*;
use crate::memberships::repo::{self, NewEntry};
use crate::memberships::service::enrol::{overdue_before, today};
use crate::scheduling::AppointmentId;

type Op = ClinicOp<MembershipsWrite>;

/// What a use pays for.
#[derive(Debug, Clone, Copy, Default)]
pub struct PaidFor {
    pub appointment: Option<AppointmentId>,
    pub invoice: Option<InvoiceId>,
}

/// Uses `amount` of `credit` from the membership (all of it, or nothing).
pub async fn use_credit(
    op: &mut Op,
    id: MembershipId,
    credit: Credit,
    amount: i64,
    paid_for: PaidFor,
) -> Result<Audited<MembershipId>, MembershipError> {
    if amount <= 0 {
        return Err(MembershipError::invalid("quantityMilli", "out_of_range", "Use more than nothing."));
    }
    repo::hold(op.tx(), id).await?;
    let day = today(op);
    let m = repo::membership(op.tx(), id, overdue_before(day)).await?.ok_or(MembershipError::NotFound)?;
    let pots = ledger::pots(&repo::ledger(op.tx(), id).await?);
    if ledger::available(&pots, credit, day) < amount {
        return Err(MembershipError::CreditUnavailable);
    }
    let (now, by) = (op.now(), op.by());
    for (pot, take) in ledger::draw(&pots, credit, amount, day) {
        let mut entry = NewEntry::new(id, m.patient_id, EntryKind::Use, credit, -take);
        entry.pot = Some(pot);
        entry.appointment = paid_for.appointment;
        entry.invoice = paid_for.invoice;
        entry.by = by;
        repo::insert_entry(op.tx(), &entry, now).await?;
    }
    let entry = op.entry(AuditAction::CreditsUsed).entity("patient_membership", id.0).patient(m.patient_id.0);
    let details = json!({ "credit": credit.kind(), "amount": amount, "invoiceId": paid_for.invoice, "appointmentId": paid_for.appointment });
    Ok(op.audit(entry.details(details), id).await?)
}

/// Gives back every use that paid for `invoice` and is not given back yet (the invoice was
/// voided); answers how many. Runs inside the voiding unit of work, whatever its permission.
pub async fn give_back_for_invoice<P: crate::auth::permissions::Permission>(
    op: &mut ClinicOp<P>,
    invoice: InvoiceId,
) -> Result<usize, sqlx::Error> {
    let uses = repo::uses_of_invoice(op.tx(), invoice).await?;
    let (now, by) = (op.now(), op.by());
    for u in &uses {
        let mut entry = NewEntry::new(u.membership_id, u.patient_id, EntryKind::Reverse, u.credit, -u.amount);
        entry.pot = u.pot_id;
        entry.reverses = Some(u.id);
        entry.appointment = u.appointment_id;
        entry.invoice = Some(invoice);
        entry.reason = Some("Invoice voided".to_owned());
        entry.by = by;
        repo::insert_entry(op.tx(), &entry, now).await?;
        let audit = op.entry(AuditAction::CreditsReturned).entity("patient_membership", u.membership_id.0);
        let details = json!({ "invoiceId": invoice, "credit": u.credit.kind(), "amount": -u.amount });
        let _ = op.audit(audit.patient(u.patient_id.0).details(details), ()).await?;
    }
    Ok(uses.len())
}
