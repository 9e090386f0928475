//! The demo clinic `glow` ("Glow Aesthetics"): a believable week in a medspa, made entirely of
//! fictional people (reserved `.example` addresses, 555-01xx phone numbers, lots marked DEMO).
//!
//! `contour demo` creates it, or rebuilds it from nothing when it already exists, so running it
//! twice leaves one clinic with the same data. It refuses to touch a clinic called `glow` that
//! is not marked as the demo.

mod charts;
mod consents;
mod data;
mod memberships;
mod schedule;
mod seed;

use std::fmt;

use anyhow::bail;
use chrono_tz::Tz;

use crate::auth::Role;
use crate::auth::passwords::Password;
use crate::platform::{self, ClinicStatus, NewClinic, NewOwner, Slug, provisioning};
use crate::state::AppState;
use crate::types::Email;

pub const SLUG: &str = "glow";
pub const NAME: &str = "Glow Aesthetics";
pub const TIMEZONE: Tz = chrono_tz::America::Los_Angeles;

/// What `contour demo` prints.
#[derive(Debug, Clone)]
pub struct DemoSummary {
    pub url: String,
    pub logins: Vec<(Role, &'static str, &'static str, &'static str)>,
    pub counts: seed::Counts,
}

impl fmt::Display for DemoSummary {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        writeln!(f, "Demo clinic ready: {NAME}")?;
        writeln!(f, "  {}", self.url)?;
        writeln!(f, "  Patients book online at {}/book", self.url.trim_end_matches('/'))?;
        writeln!(f)?;
        writeln!(f, "Sign in as (email / password):")?;
        for (role, name, email, password) in &self.logins {
            writeln!(f, "  {:<17} {:<22} {:<28} {}", role.label(), name, email, password)?;
        }
        writeln!(f)?;
        let c = &self.counts;
        writeln!(
            f,
            "{} staff, {} rooms, {} services, {} patients, {} appointments, {} products ({} lots), {} charts, \
             {} memberships and packages.",
            c.staff, c.rooms, c.services, c.patients, c.appointments, c.products, c.lots, c.charts, c.memberships
        )
    }
}

/// Creates or refreshes the demo clinic `glow`.
pub async fn run(state: &AppState) -> anyhow::Result<DemoSummary> {
    run_as(state, SLUG).await
}

/// The demo clinic under another address (tests run several side by side in one database).
pub async fn run_as(state: &AppState, slug: &str) -> anyhow::Result<DemoSummary> {
    let dbs = state.dbs();
    let now = state.clock.now();
    let owner_spec = &data::STAFF[0];
    let owner = NewOwner {
        email: Email::parse(owner_spec.email).ok_or_else(|| anyhow::anyhow!("demo owner email"))?,
        display_name: owner_spec.name.to_owned(),
        password: Password::parse(owner_spec.password)?,
    };
    let existing = {
        let mut tx = dbs.platform_read().await?;
        platform::find_by_slug(&mut tx, slug).await?
    };
    let (clinic, tx) = match existing {
        None => {
            let new =
                NewClinic { slug: Slug::parse(slug)?, name: NAME.to_owned(), timezone: TIMEZONE, owner, is_demo: true };
            let clinic = provisioning::create(dbs, new, "demo", now).await?;
            let tx = dbs.tenant(clinic.id.0).write().await?;
            (clinic, tx)
        }
        Some(clinic) if clinic.is_demo => {
            let tx = provisioning::rebuild_demo_store(dbs, &clinic, &owner, now).await?;
            (clinic, tx)
        }
        Some(_) => bail!("a clinic called {slug} exists and is not the demo clinic; leaving it alone"),
    };
    let mut work = crate::auth::system_work(state, &clinic, "Demo set-up", Some(tx)).await?;
    let counts = seed::fill(&mut work, &clinic, now).await?;
    work.commit().await?;
    if clinic.status == ClinicStatus::Suspended {
        provisioning::set_status(dbs, state.tenants(), slug, ClinicStatus::Active, "demo", now).await?;
    }
    state.tenants().forget(slug).await;
    Ok(DemoSummary {
        url: state.config.clinic_url(slug),
        logins: data::STAFF.iter().map(|s| (s.role, s.name, s.email, s.password)).collect(),
        counts,
    })
}
