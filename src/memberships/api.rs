//! Memberships over HTTP: the plans (the owner makes and changes them; staff who read
//! memberships see them), a patient's memberships with balances and ledger, enrolment, pause,
//! resume, cancellation, adjustments, and the credit liability on a day.

use chrono::{Days, NaiveDate};
use poem_openapi::OpenApi;
use poem_openapi::param::{Path, Query};
use poem_openapi::payload::Json;

pub use super::dto::*;
use super::input;
use super::model::*;
use super::read;
use super::service::enrol::{self, Enrolment};
use super::service::plans;
use crate::auth::Staff;
use crate::auth::permissions::{MembershipsRead, MembershipsWrite, ReportsRead, SettingsWrite};
use crate::clinic::{ClinicOp, with_retries};
use crate::http::tags::ApiTags;
use crate::http::{ApiError, ApiResult};
use crate::patients::PatientId;

/// When a clinic's day begins (the first instant that exists, on a day whose midnight a
/// clock change skips).
fn day_starts(day: NaiveDate, tz: chrono_tz::Tz) -> chrono::DateTime<chrono::Utc> {
    use chrono::TimeZone;
    let midnight = day.and_time(chrono::NaiveTime::MIN);
    tz.from_local_datetime(&midnight)
        .earliest()
        .or_else(|| tz.from_local_datetime(&(midnight + chrono::Duration::hours(1))).earliest())
        .map_or_else(|| midnight.and_utc(), |t| t.with_timezone(&chrono::Utc))
}

pub struct PlansApi;
pub struct MembershipsApi;

async fn plan_out<P: crate::auth::permissions::Permission>(
    op: &mut ClinicOp<P>,
    id: PlanId,
) -> Result<PlanOut, super::MembershipError> {
    read::plan(op.tx(), id).await?.map(PlanOut::from).ok_or(super::MembershipError::NotFound)
}

/// The membership as its patient's profile shows it.
async fn membership_out<P: crate::auth::permissions::Permission>(
    op: &mut ClinicOp<P>,
    id: MembershipId,
) -> Result<MembershipOut, super::MembershipError> {
    let today = enrol::today(op);
    let patient =
        super::repo::membership(op.tx(), id, today).await?.ok_or(super::MembershipError::NotFound)?.patient_id;
    read::of_patient(op.tx(), patient, today)
        .await?
        .into_iter()
        .find(|v| v.membership.id == id)
        .map(MembershipOut::from)
        .ok_or(super::MembershipError::NotFound)
}

/// Runs a change to a membership (`$verb`, using the unit of work `$op`) with retries on lock
/// conflicts, and answers with the membership as it now is.
macro_rules! changed {
    ($auth:expr, |$op:ident| $verb:expr) => {{
        let (_, out) = with_retries(
            || $auth.begin(),
            |mut $op| async move {
                let done = match $verb.await {
                    Ok(done) => $op.then(done, async |op, id| membership_out(op, *id).await).await,
                    Err(e) => Err(e),
                };
                ($op, done)
            },
        )
        .await?;
        Ok(Json(out))
    }};
}

#[OpenApi(tag = "ApiTags::Memberships")]
impl PlansApi {
    /// Membership and package plans
    ///
    /// Current plans first, then archived ones. Needs `memberships:read`.
    #[oai(path = "/membership-plans", method = "get", operation_id = "membership_plans.list")]
    async fn list(&self, auth: Staff<MembershipsRead>) -> ApiResult<Json<Vec<PlanOut>>> {
        let mut op = auth.begin_read().await?;
        Ok(Json(read::plans(op.tx()).await?.into_iter().map(PlanOut::from).collect()))
    }

    /// Make a plan
    ///
    /// Needs `settings:write` (owners).
    #[oai(path = "/membership-plans", method = "post", operation_id = "membership_plans.create")]
    async fn create(&self, auth: Staff<SettingsWrite>, body: Json<PlanIn>) -> ApiResult<Json<PlanOut>> {
        let input = input::plan(&body)?;
        let mut op = auth.begin().await?;
        let made = plans::create(&mut op, &input).await?;
        let made = op.then(made, async |op, id| plan_out(op, *id).await).await?;
        Ok(Json(op.commit(made).await?.1))
    }

    /// A plan
    ///
    /// Needs `memberships:read`.
    #[oai(path = "/membership-plans/:id", method = "get", operation_id = "membership_plans.get")]
    async fn get(&self, auth: Staff<MembershipsRead>, id: Path<PlanId>) -> ApiResult<Json<PlanOut>> {
        let mut op = auth.begin_read().await?;
        Ok(Json(plan_out(&mut op, id.0).await?))
    }

    /// Change a plan
    ///
    /// Its name, description, price and discount change for new sales and renewals. What it
    /// grants (and how often) can change only until somebody enrols (`plan_in_use`). Needs
    /// `settings:write`.
    #[oai(path = "/membership-plans/:id", method = "put", operation_id = "membership_plans.update")]
    async fn update(
        &self,
        auth: Staff<SettingsWrite>,
        id: Path<PlanId>,
        body: Json<PlanIn>,
    ) -> ApiResult<Json<PlanOut>> {
        let input = input::plan(&body)?;
        let mut op = auth.begin().await?;
        let saved = plans::update(&mut op, id.0, &input).await?;
        let saved = op.then(saved, async |op, id| plan_out(op, *id).await).await?;
        Ok(Json(op.commit(saved).await?.1))
    }

    /// Archive or restore a plan
    ///
    /// Nobody new enrols in an archived plan; its members keep theirs. Needs `settings:write`.
    #[oai(path = "/membership-plans/:id/archive", method = "post", operation_id = "membership_plans.archive")]
    async fn archive(
        &self,
        auth: Staff<SettingsWrite>,
        id: Path<PlanId>,
        body: Json<PlanArchiveIn>,
    ) -> ApiResult<Json<PlanOut>> {
        let mut op = auth.begin().await?;
        let done = plans::set_archived(&mut op, id.0, body.archived).await?;
        let done = op.then(done, async |op, id| plan_out(op, *id).await).await?;
        Ok(Json(op.commit(done).await?.1))
    }
}

#[OpenApi(tag = "ApiTags::Memberships")]
impl MembershipsApi {
    /// A patient's memberships and packages
    ///
    /// Newest first, each with what it has left (usable today, by the clinic's day) and its
    /// whole ledger. Needs `memberships:read`.
    #[oai(path = "/patients/:id/memberships", method = "get", operation_id = "memberships.of_patient")]
    async fn of_patient(
        &self,
        auth: Staff<MembershipsRead>,
        id: Path<PatientId>,
    ) -> ApiResult<Json<Vec<MembershipOut>>> {
        let mut op = auth.begin_read().await?;
        let today = enrol::today(&op);
        let views = read::of_patient(op.tx(), id.0, today).await?;
        Ok(Json(views.into_iter().map(MembershipOut::from).collect()))
    }

    /// Enrol a patient
    ///
    /// Sells the plan (an invoice line: on the patient's draft invoice when `invoiceId` is
    /// given, at checkout; otherwise on an invoice of its own, issued at once) and grants the
    /// first period's credits. Needs `memberships:write`.
    #[oai(path = "/patients/:id/memberships", method = "post", operation_id = "memberships.enrol")]
    async fn enrol(
        &self,
        auth: Staff<MembershipsWrite>,
        id: Path<PatientId>,
        body: Json<EnrolIn>,
    ) -> ApiResult<Json<MembershipOut>> {
        let enrolment =
            Enrolment { patient: id.0, plan: body.plan_id, starts_on: body.starts_on, invoice: body.invoice_id };
        let enrolment = &enrolment;
        changed!(auth, |op| enrol::enrol(&mut op, enrolment))
    }

    /// Pause a membership
    ///
    /// Nothing is billed or granted while it is paused; credits already given stay until
    /// their last day. Needs `memberships:write`.
    #[oai(path = "/memberships/:id/pause", method = "post", operation_id = "memberships.pause")]
    async fn pause(&self, auth: Staff<MembershipsWrite>, id: Path<MembershipId>) -> ApiResult<Json<MembershipOut>> {
        changed!(auth, |op| enrol::pause(&mut op, id.0))
    }

    /// Resume a paused membership
    ///
    /// Its next period starts on its next renewal day. Needs `memberships:write`.
    #[oai(path = "/memberships/:id/resume", method = "post", operation_id = "memberships.resume")]
    async fn resume(&self, auth: Staff<MembershipsWrite>, id: Path<MembershipId>) -> ApiResult<Json<MembershipOut>> {
        changed!(auth, |op| enrol::resume(&mut op, id.0))
    }

    /// Cancel a membership or package
    ///
    /// Nothing more is billed; its history stays, and credits already given stay usable until
    /// their last day. Needs `memberships:write`.
    #[oai(path = "/memberships/:id/cancel", method = "post", operation_id = "memberships.cancel")]
    async fn cancel(
        &self,
        auth: Staff<MembershipsWrite>,
        id: Path<MembershipId>,
        body: Json<MembershipCancelIn>,
    ) -> ApiResult<Json<MembershipOut>> {
        let why = input::reason(&body.reason)?;
        let why = why.as_str();
        changed!(auth, |op| enrol::cancel(&mut op, id.0, why))
    }

    /// Adjust credits by hand
    ///
    /// Adds a credit (usable through `expiresOn`, or without end) or removes some from those
    /// that expire soonest, with a reason; audited. Needs `memberships:write`.
    #[oai(path = "/memberships/:id/adjustments", method = "post", operation_id = "memberships.adjust")]
    async fn adjust(
        &self,
        auth: Staff<MembershipsWrite>,
        id: Path<MembershipId>,
        body: Json<AdjustIn>,
    ) -> ApiResult<Json<MembershipOut>> {
        let adjustment = input::adjustment(&body)?;
        let adjustment = &adjustment;
        changed!(auth, |op| enrol::adjust(&mut op, id.0, adjustment))
    }

    /// Credit liability
    ///
    /// On a day (today when absent, by the clinic's days): per plan, its members, the credits
    /// they have left and what those are worth (their share of what was paid: deferred
    /// revenue). Needs `reports:read`.
    #[oai(path = "/memberships/liability", method = "get", operation_id = "memberships.liability")]
    async fn liability(&self, auth: Staff<ReportsRead>, on: Query<Option<NaiveDate>>) -> ApiResult<Json<LiabilityOut>> {
        let mut op = auth.begin_read().await?;
        let tz = op.tz();
        let on = on.0.unwrap_or_else(|| enrol::today(&op));
        let next_day = on.checked_add_days(Days::new(1)).ok_or_else(|| {
            ApiError::validation(vec![crate::http::FieldProblem::new("on", "out_of_range", "Use a real day.")])
        })?;
        let until = day_starts(next_day, tz);
        let plans = read::liability(op.tx(), on, until).await?;
        let currency = crate::billing::settings::load(op.tx()).await?.currency;
        let total_value_cents = plans.iter().map(|p| p.value_cents).sum();
        Ok(Json(LiabilityOut {
            on,
            currency,
            plans: plans.into_iter().map(PlanLiabilityOut::from).collect(),
            total_value_cents,
        }))
    }
}
