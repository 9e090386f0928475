//! Making and editing draft invoices: checkout from a visit (its service at its price, or what
//! its chart records for a service billed per unit), a sale without a visit, saving what the
//! checkout screen shows, and taking the chart's current quantities again.

use serde_json::json;

use crate::audit::AuditAction;
use crate::auth::permissions::InvoicesWrite;
use crate::billing::error::BillingError;
use crate::billing::model::*;
use crate::billing::repo::{self, NewInvoice, Visit};
use crate::billing::totals::{self, InvoiceDiscount, Totals};
use crate::catalogue::ProductId;
use crate::clinic::{Audited, ClinicOp};
use crate::patients::PatientId;
use crate::scheduling::AppointmentId;

type Op = ClinicOp<InvoicesWrite>;

/// The arithmetic for a draft's content.
pub fn totals_of(draft: &DraftInput, tax_rate_bp: i32) -> Totals {
    let lines: Vec<totals::LineInput> = draft
        .lines
        .iter()
        .map(|l| totals::LineInput {
            quantity_milli: l.quantity_milli,
            unit_price_cents: l.unit_price_cents,
            discount_cents: l.discount_cents,
            taxable: l.taxable,
        })
        .collect();
    let discount = match draft.discount_kind {
        DiscountKind::None => InvoiceDiscount::None,
        DiscountKind::Percent => InvoiceDiscount::Percent(draft.discount_value),
        DiscountKind::Amount => InvoiceDiscount::Amount(draft.discount_value),
    };
    totals::compute(&lines, discount, i64::from(tax_rate_bp), draft.tax_exempt)
}

/// A line for each product the chart records, at the product's price when charted in the unit
/// it is priced by.
fn chart_lines(visit: &Visit, charted: &[Charted], taxable: bool) -> Vec<LineInput> {
    charted
        .iter()
        .map(|c| LineInput {
            kind: LineKind::Service,
            description: c.product_name.clone(),
            service_id: Some(visit.service_id),
            product_id: Some(c.product_id),
            quantity_milli: c.quantity_milli,
            unit: Some(c.unit),
            unit_price_cents: if c.unit == c.default_unit { c.price_cents.unwrap_or(0) } else { 0 },
            discount_cents: 0,
            taxable,
            from_chart: true,
        })
        .collect()
}

/// What a visit's invoice starts with.
fn visit_lines(visit: &Visit, charted: &[Charted], settings: &BillingSettings) -> Vec<LineInput> {
    let service_line = LineInput {
        kind: LineKind::Service,
        description: visit.service_name.clone(),
        service_id: Some(visit.service_id),
        product_id: None,
        quantity_milli: 1000,
        unit: None,
        unit_price_cents: visit.price_cents,
        discount_cents: 0,
        taxable: settings.tax_services,
        from_chart: false,
    };
    match visit.pricing {
        Pricing::Fixed => vec![service_line],
        // Until something is charted, the visit's own line holds its place.
        Pricing::PerUnit if charted.is_empty() => vec![service_line],
        Pricing::PerUnit => chart_lines(visit, charted, settings.tax_services),
    }
}

fn empty_draft(lines: Vec<LineInput>) -> DraftInput {
    DraftInput {
        lines,
        discount_kind: DiscountKind::None,
        discount_value: 0,
        discount_reason: None,
        tax_exempt: false,
        notes: None,
    }
}

async fn created(
    op: &mut Op,
    id: InvoiceId,
    patient: PatientId,
    from: &'static str,
) -> Result<Audited<InvoiceId>, BillingError> {
    let entry = op
        .entry(AuditAction::InvoiceCreated)
        .entity("invoice", id.0)
        .patient(patient.0)
        .details(json!({ "from": from }));
    Ok(op.audit(entry, id).await?)
}

/// The visit's invoice: made now (pre-filled) or, if it has one that is not void, that one.
/// Answers whether it was made now.
pub async fn checkout(op: &mut Op, appointment: AppointmentId) -> Result<Audited<(InvoiceId, bool)>, BillingError> {
    let now = op.now();
    let by = op.by();
    let tx = op.tx();
    // Two taps on "Check out" at once make one invoice.
    tx.lock(&format!("checkout:{appointment}")).await?;
    let visit = repo::visit(tx, appointment).await?.ok_or(BillingError::NotFound)?;
    if let Some(existing) = repo::invoice_for_visit(tx, appointment).await? {
        return Ok(Audited::unchanged((existing, false)));
    }
    let settings = repo::settings(tx).await?;
    let charted = match visit.pricing {
        Pricing::PerUnit => repo::charted(tx, appointment).await?,
        Pricing::Fixed => Vec::new(),
    };
    let draft = empty_draft(visit_lines(&visit, &charted, &settings));
    let id = InvoiceId::generate();
    repo::insert_invoice(
        tx,
        &NewInvoice {
            id,
            patient: visit.patient_id,
            appointment: Some(appointment),
            provider: Some(visit.provider_id),
            tax_rate_bp: settings.tax_rate_bp,
            by,
            now,
        },
    )
    .await?;
    repo::save_draft(tx, id, &draft, &totals_of(&draft, settings.tax_rate_bp), now).await?;
    Ok(created(op, id, visit.patient_id, "visit").await?.map(|id| (id, true)))
}

/// An empty draft for a patient, for a sale without a visit.
pub async fn create(op: &mut Op, patient: PatientId) -> Result<Audited<InvoiceId>, BillingError> {
    let now = op.now();
    let by = op.by();
    let tx = op.tx();
    if !repo::patient_exists(tx, patient).await? {
        return Err(BillingError::invalid("patientId", "unknown", "That patient doesn't exist or is archived."));
    }
    let settings = repo::settings(tx).await?;
    let id = InvoiceId::generate();
    let new = NewInvoice { id, patient, appointment: None, provider: None, tax_rate_bp: settings.tax_rate_bp, by, now };
    repo::insert_invoice(tx, &new).await?;
    created(op, id, patient, "sale").await
}

async fn draft_of(op: &mut Op, id: InvoiceId) -> Result<Invoice, BillingError> {
    repo::hold(op.tx(), id).await?;
    let invoice = repo::invoice(op.tx(), id).await?.ok_or(BillingError::NotFound)?;
    if invoice.status != InvoiceStatus::Draft {
        return Err(BillingError::not_draft(invoice.status));
    }
    Ok(invoice)
}

async fn check_references(op: &mut Op, draft: &DraftInput) -> Result<(), BillingError> {
    let mut services: Vec<uuid::Uuid> = draft.lines.iter().filter_map(|l| l.service_id.map(|s| s.0)).collect();
    let mut products: Vec<uuid::Uuid> = draft.lines.iter().filter_map(|l| l.product_id.map(|p| p.0)).collect();
    services.sort_unstable();
    services.dedup();
    products.sort_unstable();
    products.dedup();
    let (s, p) = (services.len() as i64, products.len() as i64);
    let (known_services, known_products) = repo::count_known(op.tx(), services, products).await?;
    if known_services != s {
        return Err(BillingError::invalid("lines", "unknown_service", "One of those services doesn't exist."));
    }
    if known_products != p {
        return Err(BillingError::invalid("lines", "unknown_product", "One of those products doesn't exist."));
    }
    Ok(())
}

async fn changed(op: &mut Op, invoice: &Invoice, change: &'static str) -> Result<Audited<InvoiceId>, BillingError> {
    let entry = op
        .entry(AuditAction::InvoiceChanged)
        .entity("invoice", invoice.id.0)
        .patient(invoice.patient_id.0)
        .details(json!({ "change": change }));
    Ok(op.audit(entry, invoice.id).await?)
}

/// Saves a draft's whole content (lines, discount, tax switch, notes) and its totals.
pub async fn save(op: &mut Op, id: InvoiceId, draft: &DraftInput) -> Result<Audited<InvoiceId>, BillingError> {
    let invoice = draft_of(op, id).await?;
    check_references(op, draft).await?;
    let now = op.now();
    let sums = totals_of(draft, invoice.tax_rate_bp);
    repo::save_draft(op.tx(), id, draft, &sums, now).await?;
    changed(op, &invoice, "saved").await
}

/// Bills what the visit's chart records now: the chart's products take the quantities charted
/// (a line's own discount and tax switch are kept), and for a visit billed per unit they take
/// the place of the visit's own line; other lines stay as they are.
pub async fn sync_chart(op: &mut Op, id: InvoiceId) -> Result<Audited<InvoiceId>, BillingError> {
    let invoice = draft_of(op, id).await?;
    let appointment = invoice.appointment_id.ok_or(BillingError::invalid(
        "appointmentId",
        "no_visit",
        "This invoice isn't for a visit, so there's no chart to bill from.",
    ))?;
    let now = op.now();
    let tx = op.tx();
    let visit = repo::visit(tx, appointment).await?.ok_or(BillingError::NotFound)?;
    let settings = repo::settings(tx).await?;
    let charted = repo::charted(tx, appointment).await?;
    let old = repo::lines(tx, id).await?;
    let charted_products: Vec<ProductId> = charted.iter().map(|c| c.product_id).collect();
    let placeholder = |l: &Line| {
        visit.pricing == Pricing::PerUnit
            && !charted.is_empty()
            && l.service_id == Some(visit.service_id)
            && l.product_id.is_none()
    };
    let replaced =
        |l: &Line| l.from_chart || l.product_id.is_some_and(|p| charted_products.contains(&p)) || placeholder(l);
    let mut fresh = chart_lines(&visit, &charted, settings.tax_services);
    for line in &mut fresh {
        if let Some(before) = old.iter().find(|l| replaced(l) && l.product_id == line.product_id) {
            line.taxable = before.taxable;
            line.discount_cents = before.discount_cents;
            line.unit_price_cents =
                if before.unit == line.unit { before.unit_price_cents } else { line.unit_price_cents };
            let gross = totals::div_round(i128::from(line.quantity_milli) * i128::from(line.unit_price_cents), 1000);
            line.discount_cents = line.discount_cents.min(gross.clamp(0, i128::from(i64::MAX)) as i64);
        }
    }
    let at = old.iter().position(replaced).unwrap_or(old.len());
    let mut lines: Vec<LineInput> = old.iter().filter(|l| !replaced(l)).map(LineInput::from).collect();
    let at = at.min(lines.len());
    lines.splice(at..at, fresh);
    let draft = DraftInput {
        lines,
        discount_kind: invoice.discount_kind,
        discount_value: invoice.discount_value,
        discount_reason: invoice.discount_reason.clone(),
        tax_exempt: invoice.tax_exempt,
        notes: invoice.notes.clone(),
    };
    let sums = totals_of(&draft, invoice.tax_rate_bp);
    repo::save_draft(tx, id, &draft, &sums, now).await?;
    changed(op, &invoice, "chart_synced").await
}

impl From<&Line> for LineInput {
    fn from(l: &Line) -> Self {
        LineInput {
            kind: l.kind,
            description: l.description.clone(),
            service_id: l.service_id,
            product_id: l.product_id,
            quantity_milli: l.quantity_milli,
            unit: l.unit,
            unit_price_cents: l.unit_price_cents,
            discount_cents: l.discount_cents,
            taxable: l.taxable,
            from_chart: l.from_chart,
        }
    }
}

/// Where the chart and the invoice disagree, per product and unit: what the chart records
/// against what the invoice bills (for any line naming the product).
pub fn differences(charted: &[Charted], lines: &[Line]) -> Vec<ChartDifference> {
    let mut out: Vec<ChartDifference> = charted
        .iter()
        .map(|c| ChartDifference {
            product_id: c.product_id,
            product_name: c.product_name.clone(),
            unit: c.unit,
            charted_milli: c.quantity_milli,
            billed_milli: 0,
        })
        .collect();
    for line in lines {
        let (Some(product), Some(unit)) = (line.product_id, line.unit) else { continue };
        match out.iter_mut().find(|d| d.product_id == product && d.unit == unit) {
            Some(d) => d.billed_milli += line.quantity_milli,
            None if line.from_chart => out.push(ChartDifference {
                product_id: product,
                product_name: line.description.clone(),
                unit,
                charted_milli: 0,
                billed_milli: line.quantity_milli,
            }),
            None => {}
        }
    }
    out.retain(|d| d.charted_milli != d.billed_milli);
    out
}

/// The chart's differences from a visit's invoice: none for a sale without a visit, or for a
/// visit billed at a fixed price with nothing taken from its chart.
pub async fn chart_differences(
    tx: &mut crate::db::ClinicTx,
    invoice: &Invoice,
    lines: &[Line],
) -> Result<Vec<ChartDifference>, sqlx::Error> {
    let Some(appointment) = invoice.appointment_id else { return Ok(Vec::new()) };
    let from_chart = lines.iter().any(|l| l.from_chart);
    if !from_chart && !repo::visit(tx, appointment).await?.is_some_and(|v| v.pricing == Pricing::PerUnit) {
        return Ok(Vec::new());
    }
    Ok(differences(&repo::charted(tx, appointment).await?, lines))
}
