//! Demo charts for the demo's past and present visits: signed ones from before this week, a few
//! waiting for the medical director, and drafts for patients in the clinic now. All made through
//! the charting service, so they hold the same guarantees as real ones.

use std::collections::HashMap;

use chrono::{DateTime, Duration, Utc};
use rand::Rng;
use rand::rngs::StdRng;

use super::schedule::Planned;
use crate::auth::permissions::{ChartsSign, ChartsSubmit, ChartsWrite};
use crate::auth::{Signer, SystemWork};
use crate::catalogue::{DoseUnit, LotId, ProductId, parse_dose};
use crate::charting::{self, ContentChange, EntryInput};
use crate::scheduling::{AppointmentId, AppointmentStatus};
use crate::sealed::Sensitive;
use crate::signoff;
use crate::staff::StaffUserId;

/// A product the demo charts with, and a lot of it that is good for the visits charted.
#[derive(Clone, Copy)]
pub struct Stock {
    pub product: ProductId,
    pub lot: LotId,
}

pub struct Ctx<'a> {
    pub tz: chrono_tz::Tz,
    pub now: DateTime<Utc>,
    /// Service id to the demo's service key.
    pub services: &'a HashMap<crate::scheduling::ServiceId, &'static str>,
    /// Product name to what to chart it from.
    pub stock: &'a HashMap<&'static str, Stock>,
    /// The staff, as they sign.
    pub people: &'a HashMap<StaffUserId, Signer>,
    pub md: Signer,
}

/// One injection site: area, dose, and its unit when not the product's own.
type Site = (&'static str, &'static str, Option<DoseUnit>);

/// What was done at one visit of a service: the product, the sites, the technique.
struct Treatment {
    product: &'static str,
    sites: Vec<Site>,
    technique: &'static str,
}

fn treatment(service: &str, rng: &mut StdRng) -> Option<Treatment> {
    let t = |product, sites, technique| Some(Treatment { product, sites, technique });
    match service {
        "botox" => {
            let mut sites = vec![("Glabella", "20", None), ("Forehead", "10", None)];
            if rng.gen_bool(0.6) {
                sites.extend([("Crow's feet (L)", "12", None), ("Crow's feet (R)", "12", None)]);
            }
            t(
                "Botox Cosmetic",
                sites,
                "Reconstituted with 2.5 mL preservative-free saline. 30G needle, intramuscular. Tolerated well.",
            )
        }
        "dysport" => t(
            "Dysport",
            vec![("Glabella", "50", None), ("Forehead", "30", None)],
            "Reconstituted with 3 mL saline. Tolerated well.",
        ),
        "filler" => t(
            "Juvederm Ultra XC",
            vec![("Nasolabial folds", "0.5", Some(DoseUnit::Ml)), ("Marionette lines", "0.5", Some(DoseUnit::Ml))],
            "25G cannula, retrograde linear threading. Massaged, no blanching.",
        ),
        "lips" => t(
            "Restylane Kysse",
            vec![("Lips", "1", Some(DoseUnit::Ml))],
            "30G needle, vermilion border and body. Ice applied.",
        ),
        _ => None,
    }
}

/// Charts the demo's visits; returns how many charts were made.
pub async fn fill(
    work: &mut SystemWork,
    visits: &[(AppointmentId, &Planned)],
    ctx: &Ctx<'_>,
    rng: &mut StdRng,
) -> anyhow::Result<usize> {
    let today = ctx.now.with_timezone(&ctx.tz).date_naive();
    let mut made = 0;
    for (appointment, visit) in visits {
        let Some(key) = ctx.services.get(&visit.service) else { continue };
        let Some(Treatment { product, sites, technique }) = treatment(key, rng) else { continue };
        let Some(stock) = ctx.stock.get(product) else { continue };
        let day = visit.starts_at.with_timezone(&ctx.tz).date_naive();
        let in_clinic = matches!(visit.status, AppointmentStatus::CheckedIn | AppointmentStatus::InProgress);
        let recent = visit.status == AppointmentStatus::Completed && (today - day).num_days() <= 14;
        if !(in_clinic || recent) {
            continue;
        }
        let Some(provider) = ctx.people.get(&visit.provider) else { continue };
        let opened_at = visit.starts_at + Duration::minutes(5);
        let (chart, _) = work
            .run::<ChartsWrite, _, _>(opened_at, Some(provider), async |op| {
                charting::open_for_appointment(op, *appointment).await
            })
            .await?;
        let areas: Vec<String> = sites.iter().map(|(area, _, _)| (*area).to_owned()).collect();
        let change = ContentChange {
            areas: Some(areas),
            technique: Some(Some(Sensitive::new(technique))),
            aftercare: Some(Some(Sensitive::new(
                "Stay upright for 4 hours; no exercise, massage or facials for 24 hours. Bruising may appear.",
            ))),
            ..ContentChange::default()
        };
        work.run::<ChartsWrite, _, _>(opened_at, Some(provider), async |op| {
            charting::update_content(op, chart, change).await
        })
        .await?;
        for (area, dose, unit) in &sites {
            let input = EntryInput {
                area: (*area).to_owned(),
                product: Some(stock.product),
                lot: Some(stock.lot),
                dose_milli: parse_dose(dose),
                dose_unit: *unit,
                injection_points: Some(rng.gen_range(1..=5)),
                technique: None,
            };
            work.run::<ChartsWrite, _, _>(opened_at, Some(provider), async |op| {
                charting::save_entry(op, chart, None, &input).await
            })
            .await?;
        }
        made += 1;
        if in_clinic {
            continue;
        }
        let submitted = visit.ends_at + Duration::minutes(rng.gen_range(5..40));
        work.run::<ChartsSubmit, _, _>(submitted, Some(provider), async |op| {
            charting::submit(op, chart, Some("Consent on paper, scanned later")).await
        })
        .await?;
        // The medical director signs what is more than a few days old; the rest waits.
        if (today - day).num_days() > 3 {
            let signed_at = submitted + Duration::hours(rng.gen_range(16..40));
            work.run::<ChartsSign, _, _>(signed_at, Some(&ctx.md), async |op| signoff::sign(op, chart).await).await?;
        }
    }
    Ok(made)
}
