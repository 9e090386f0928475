//! The platform's periodic work over its clinics: membership renewals and credit expiries,
//! each membership in a transaction of its own, by each clinic's days. Safe to run on several
//! servers at once (the clinic's database guards every period and every expiry).

use crate::auth::permissions::MembershipsWrite;
use crate::clinic::ClinicOp;
use crate::memberships::MembershipError;
use crate::memberships::periodic::{due, expire, renew};
use crate::platform::{Clinic, ClinicStatus};
use crate::state::AppState;

/// What one sweep of a clinic did.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct Swept {
    pub periods: usize,
    pub expired: usize,
}

/// One clinic's renewals and expiries, as of now.
pub async fn sweep(state: &AppState, clinic: &Clinic) -> Result<Swept, MembershipError> {
    let now = state.clock.now();
    let today = now.with_timezone(&clinic.tz()).date_naive();
    let mut work = crate::auth::system_work(state, clinic, "Memberships", None).await?;
    let (renewing, expiring) = work
        .run(now, None, async |op: &mut ClinicOp<MembershipsWrite>| {
            due(op, today).await.map(crate::clinic::Audited::unchanged)
        })
        .await?;
    work.commit().await?;
    let mut swept = Swept::default();
    for id in renewing {
        let mut work = crate::auth::system_work(state, clinic, "Memberships", None).await?;
        swept.periods +=
            work.run(now, None, async |op: &mut ClinicOp<MembershipsWrite>| renew(op, id, today).await).await?;
        work.commit().await?;
    }
    for id in expiring {
        let mut work = crate::auth::system_work(state, clinic, "Memberships", None).await?;
        swept.expired +=
            work.run(now, None, async |op: &mut ClinicOp<MembershipsWrite>| expire(op, id, today).await).await?;
        work.commit().await?;
    }
    Ok(swept)
}

/// Sweeps every active clinic now and then, for as long as the server runs. A clinic that
/// fails is logged (by id only) and tried again next time.
pub async fn run_forever(state: AppState, every: std::time::Duration) {
    let mut tick = tokio::time::interval(every);
    tick.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
    loop {
        tick.tick().await;
        let clinics = match state.dbs().platform_read().await {
            Ok(mut tx) => crate::platform::list(&mut tx).await.unwrap_or_default(),
            Err(_) => Vec::new(),
        };
        for clinic in clinics.iter().filter(|c| c.status == ClinicStatus::Active) {
            if let Err(err) = sweep(&state, clinic).await {
                tracing::warn!(clinic = %clinic.id, error = %err, "membership renewals and expiries failed");
            }
        }
    }
}
