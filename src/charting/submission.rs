//! Submission: the provider hands a chart to the medical director. Its content is checked,
//! what it shows of its visit is fixed, and so are the signed consents it rests on; without
//! every required consent current it goes ahead only with the provider's reason, which the
//! medical director sees.

use serde_json::json;

use super::error::ChartingError;
use super::model::{ChartId, ChartStatus};
use super::repo;
use super::rules;
use super::service::{ChartView, chart_entry, chart_row, hold, unsealed, view};
use crate::audit::AuditAction;
use crate::auth::permissions::ChartsSubmit;
use crate::clinic::{Audited, ClinicOp};
use crate::consents;
use crate::scheduling;
use crate::sealed::Sensitive;

/// The provider hands the chart to the medical director; from here it is locked, and what it
/// shows of its visit is fixed, with the signed consents it rests on. A visit whose required
/// consents are not all current is refused unless the provider gives `override_reason`, which
/// is kept on the chart for the medical director and audited.
pub async fn submit(
    op: &mut ClinicOp<ChartsSubmit>,
    id: ChartId,
    override_reason: Option<&str>,
) -> Result<Audited<ChartView>, ChartingError> {
    let now = op.now();
    let me = op.by();
    let tx = op.tx();
    let chart = hold(tx, id).await?;
    match chart.status {
        ChartStatus::Draft => {}
        ChartStatus::NeedsSignOff => {
            return Err(ChartingError::Transition("This chart is already waiting for sign-off."));
        }
        ChartStatus::MdSigned => return Err(ChartingError::Signed),
    }
    if Some(chart.provider_id) != me {
        return Err(ChartingError::Transition("Only the chart's own provider can submit it for sign-off."));
    }
    let technique = unsealed(chart.technique_sealed.as_deref())?;
    let entries = repo::entries(tx, id).await?;
    let problems = rules::submission_problems(
        chart.template_kind,
        &chart.areas.0,
        &entries,
        technique.as_ref().map(Sensitive::expose),
    );
    if !problems.is_empty() {
        return Err(ChartingError::Incomplete(problems));
    }
    let visit = match chart.appointment_id {
        Some(appointment) => scheduling::service::hold_visit_for_record(tx, appointment).await?.unwrap_or_default(),
        None => scheduling::VisitShown::default(),
    };
    let (relied_on, missing) = match chart.appointment_id {
        Some(appointment) => {
            let consents = consents::of_visit(tx, appointment).await?;
            let missing: Vec<String> = consents
                .standings()
                .iter()
                .filter(|s| s.state != consents::status::ConsentState::Current)
                .map(|s| s.requirement.name.clone())
                .collect();
            (consents.relied_on(), missing)
        }
        None => (Vec::new(), Vec::new()),
    };
    let override_reason = if missing.is_empty() {
        None
    } else {
        Some(override_reason.ok_or(ChartingError::ConsentMissing(missing.clone()))?)
    };
    let submission = repo::Submission { visit: &visit, consents: &relied_on, override_reason };
    repo::set_submitted(tx, id, chart.provider_id, &submission, now).await?;
    let submitted = chart_row(tx, id).await?;
    let overridden = match override_reason {
        Some(_) => {
            let entry = chart_entry(op, AuditAction::ConsentOverridden, &submitted)
                .details(json!({ "appointmentId": submitted.appointment_id, "missing": missing.len() }));
            op.audit(entry, ()).await?
        }
        None => Audited::unchanged(()),
    };
    let entry =
        chart_entry(op, AuditAction::ChartSubmitted, &submitted).details(json!({ "revision": submitted.revision }));
    let view = view(op.tx(), submitted).await?;
    Ok(overridden.and(op.audit(entry, view).await?).map(|(_, view)| view))
}
