//! The demo clinic's memberships and packages: the plans a medspa sells, and members with
//! histories (renewals paid and one unpaid, credits used, one written off after its rollover,
//! a goodwill adjustment, a pause and a cancellation, a unit bank half drawn down).

use std::collections::HashMap;

use anyhow::Context;
use chrono::{DateTime, Days, Months, NaiveDate, TimeZone, Utc};
use chrono_tz::Tz;

use crate::auth::permissions::{InvoicesWrite, MembershipsWrite, SettingsWrite};
use crate::auth::{Signer, SystemWork};
use crate::billing::{PaymentInput, PaymentKind, PaymentMethod, lifecycle};
use crate::catalogue::ProductKind;
use crate::memberships::enrol::{self, Adjustment, Enrolment};
use crate::memberships::redeem::{self, PaidFor};
use crate::memberships::{
    BenefitInput, BillingInterval, Credit, MembershipId, PlanId, PlanInput, PlanKind, periodic, plans,
};
use crate::patients::PatientId;
use crate::scheduling::ServiceId;

pub struct Ctx<'a> {
    pub tz: Tz,
    pub now: DateTime<Utc>,
    pub services: &'a HashMap<&'static str, (ServiceId, usize)>,
    pub patients: &'a [PatientId],
    pub owner: &'a Signer,
    pub desk: &'a Signer,
}

impl Ctx<'_> {
    /// 10:30 on a day, in the clinic's zone.
    fn at(&self, day: NaiveDate) -> DateTime<Utc> {
        let naive = day.and_hms_opt(10, 30, 0).unwrap_or_default();
        self.tz.from_local_datetime(&naive).earliest().map_or(self.now, |t| t.with_timezone(&Utc))
    }

    fn today(&self) -> NaiveDate {
        self.now.with_timezone(&self.tz).date_naive()
    }

    fn service(&self, key: &str) -> anyhow::Result<ServiceId> {
        self.services.get(key).map(|s| s.0).with_context(|| format!("the demo service {key}"))
    }
}

fn plan(kind: PlanKind, name: &str, price_cents: i64, interval: BillingInterval) -> PlanInput {
    PlanInput {
        kind,
        name: name.to_owned(),
        description: None,
        price_cents,
        interval,
        member_discount_bp: 0,
        discount_services: false,
        discount_products: false,
        validity_days: None,
        rollover_months: 0,
        benefits: Vec::new(),
    }
}

async fn make_plan(work: &mut SystemWork, ctx: &Ctx<'_>, input: PlanInput) -> anyhow::Result<PlanId> {
    let at = ctx.at(ctx.today() - Days::new(400));
    Ok(work.run::<SettingsWrite, _, _>(at, Some(ctx.owner), async |op| plans::create(op, &input).await).await?)
}

async fn enrol_on(
    work: &mut SystemWork,
    ctx: &Ctx<'_>,
    patient: PatientId,
    plan: PlanId,
    day: NaiveDate,
) -> anyhow::Result<MembershipId> {
    let e = Enrolment { patient, plan, starts_on: Some(day), invoice: None };
    Ok(work.run::<MembershipsWrite, _, _>(ctx.at(day), Some(ctx.desk), async |op| enrol::enrol(op, &e).await).await?)
}

async fn use_on(
    work: &mut SystemWork,
    ctx: &Ctx<'_>,
    m: MembershipId,
    credit: Credit,
    amount: i64,
    day: NaiveDate,
) -> anyhow::Result<()> {
    let paid_for = PaidFor::default();
    work.run::<MembershipsWrite, _, _>(ctx.at(day), Some(ctx.desk), async |op| {
        redeem::use_credit(op, m, credit, amount, paid_for).await
    })
    .await?;
    Ok(())
}

/// Pays, by card on the day it was billed, every invoice of the membership's periods but the
/// latest.
async fn pay_all_but_latest(work: &mut SystemWork, ctx: &Ctx<'_>, m: MembershipId) -> anyhow::Result<()> {
    let periods: Vec<(uuid::Uuid, NaiveDate)> = work
        .tx()
        .fetch_all(
            "select invoice_id, starts_on from membership_periods where membership_id = $1 and invoice_id is not null \
             order by starts_on",
            crate::args![m],
        )
        .await?;
    for (invoice, day) in periods.iter().take(periods.len().saturating_sub(1)) {
        let total: i64 =
            work.tx().fetch_scalar("select total_cents from invoices where id = $1", crate::args![*invoice]).await?;
        let payment = PaymentInput {
            kind: PaymentKind::Payment,
            method: PaymentMethod::Card,
            amount_cents: total,
            reference: Some("Card on file".to_owned()),
            received_at: None,
            idempotency_key: None,
        };
        let id = crate::billing::InvoiceId(*invoice);
        work.run::<InvoicesWrite, _, _>(ctx.at(*day), Some(ctx.desk), async |op| {
            lifecycle::record_payment(op, id, &payment).await
        })
        .await?;
    }
    Ok(())
}

/// Fills in the plans and members; answers how many memberships it made.
pub async fn fill(work: &mut SystemWork, ctx: &Ctx<'_>) -> anyhow::Result<usize> {
    let today = ctx.today();
    let hydrafacial = ctx.service("hydrafacial")?;
    let microneedling = ctx.service("microneedling")?;
    let peel = ctx.service("peel")?;

    let mut glow = plan(PlanKind::Membership, "Glow Membership", 14_900, BillingInterval::Month);
    glow.description = Some("A HydraFacial every month and 10% off treatments.".to_owned());
    glow.member_discount_bp = 1000;
    glow.discount_services = true;
    glow.rollover_months = 1;
    glow.benefits = vec![BenefitInput { credit: Credit::Service(hydrafacial), amount: 1000 }];
    let glow = make_plan(work, ctx, glow).await?;

    let mut skin = plan(PlanKind::Membership, "Skin Credit Club", 9_900, BillingInterval::Month);
    skin.description = Some("$100 to spend on anything each month.".to_owned());
    skin.benefits = vec![BenefitInput { credit: Credit::Money, amount: 10_000 }];
    let skin = make_plan(work, ctx, skin).await?;

    let mut series = plan(PlanKind::Package, "Microneedling Series of 3", 97_500, BillingInterval::None);
    series.validity_days = Some(365);
    series.benefits = vec![BenefitInput { credit: Credit::Service(microneedling), amount: 3000 }];
    let series = make_plan(work, ctx, series).await?;

    let mut bank = plan(PlanKind::Package, "Neurotoxin Bank · 40 units", 52_000, BillingInterval::None);
    bank.description = Some("Prepaid neurotoxin units, drawn from what is charted.".to_owned());
    bank.validity_days = Some(365);
    bank.benefits = vec![BenefitInput { credit: Credit::Units(ProductKind::Neurotoxin), amount: 40_000 }];
    let bank = make_plan(work, ctx, bank).await?;

    let mut trio = plan(PlanKind::Package, "Holiday Peel Trio", 29_900, BillingInterval::None);
    trio.validity_days = Some(180);
    trio.benefits = vec![BenefitInput { credit: Credit::Service(peel), amount: 3000 }];
    let trio = make_plan(work, ctx, trio).await?;
    let archived_on = ctx.at(today - Days::new(300));
    work.run::<SettingsWrite, _, _>(archived_on, Some(ctx.owner), async |op| plans::set_archived(op, trio, true).await)
        .await?;

    let p = |i: usize| ctx.patients.get(i).copied().context("enough demo patients");
    let mut made = 0;

    // Seven months of the Glow Membership: renewed each month, a facial most months, two months
    // skipped (the first one's facial rolled over, then ran out), the latest renewal not paid.
    let start = today.checked_sub_months(Months::new(7)).context("a date")?;
    let member = enrol_on(work, ctx, p(0)?, glow, start).await?;
    made += 1;
    for month in 1..=7 {
        let day = start.checked_add_months(Months::new(month)).context("a date")?;
        if day > today {
            break;
        }
        let facial_day = day.checked_sub_days(Days::new(12)).context("a date")?;
        if !(3..=4).contains(&month) {
            use_on(work, ctx, member, Credit::Service(hydrafacial), 1000, facial_day).await?;
        }
        work.run::<MembershipsWrite, _, _>(ctx.at(day), None, async |op| periodic::renew(op, member, day).await)
            .await?;
        work.run::<MembershipsWrite, _, _>(ctx.at(day), None, async |op| periodic::expire(op, member, day).await)
            .await?;
    }
    pay_all_but_latest(work, ctx, member).await?;

    // A microneedling series with one session left.
    let s = enrol_on(work, ctx, p(1)?, series, today - Days::new(120)).await?;
    use_on(work, ctx, s, Credit::Service(microneedling), 1000, today - Days::new(90)).await?;
    use_on(work, ctx, s, Credit::Service(microneedling), 1000, today - Days::new(45)).await?;
    // A neurotoxin bank with 20 of its 40 units used.
    let b = enrol_on(work, ctx, p(2)?, bank, today - Days::new(60)).await?;
    use_on(work, ctx, b, Credit::Units(ProductKind::Neurotoxin), 20_000, today - Days::new(58)).await?;
    // The credit club with a goodwill adjustment, now paused.
    let c = enrol_on(work, ctx, p(3)?, skin, today - Days::new(40)).await?;
    let goodwill = Adjustment {
        credit: Credit::Money,
        amount: 2_500,
        reason: "Goodwill: appointment ran late".into(),
        expires_on: None,
    };
    work.run::<MembershipsWrite, _, _>(ctx.at(today - Days::new(30)), Some(ctx.desk), async |op| {
        enrol::adjust(op, c, &goodwill).await
    })
    .await?;
    work.run::<MembershipsWrite, _, _>(ctx.at(today - Days::new(5)), Some(ctx.desk), async |op| {
        enrol::pause(op, c).await
    })
    .await?;
    // A cancelled membership keeps its history.
    let gone = enrol_on(work, ctx, p(4)?, glow, today - Days::new(75)).await?;
    work.run::<MembershipsWrite, _, _>(ctx.at(today - Days::new(20)), Some(ctx.desk), async |op| {
        enrol::cancel(op, gone, "Moving out of state").await
    })
    .await?;
    made += 4;
    Ok(made)
}
