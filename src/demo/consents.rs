//! The demo clinic's consent forms, which services require them, and patients' signatures: the
//! visits already charted were signed for at check-in on the front desk's iPad, a few patients
//! signed their neurotoxin consent over a year ago (now expired), the photography consent was
//! reworded three weeks ago (earlier signers see "new version"), and upcoming visits still need
//! theirs. The texts are plain examples for a fictional clinic, not legal advice.

use std::collections::HashMap;

use chrono::{DateTime, Duration, Utc};
use rand::Rng;
use rand::rngs::StdRng;

use super::schedule::Planned;
use crate::auth::permissions::{ConsentTemplatesWrite, ConsentsWrite};
use crate::auth::{Signer, SystemWork};
use crate::consents::{self, ConsentKind, ConsentTemplateId, SignatureInput, TemplateInput, signature::Strokes};
use crate::scheduling::model::AppointmentStatus;
use crate::scheduling::{AppointmentId, ServiceId};

struct Form {
    key: &'static str,
    name: &'static str,
    kind: ConsentKind,
    renew_after_days: Option<i32>,
    services: &'static [&'static str],
    body: &'static str,
}

const FORMS: &[Form] = &[
    Form {
        key: "toxin",
        name: "Neurotoxin consent",
        kind: ConsentKind::Neurotoxin,
        renew_after_days: Some(365),
        services: &["botox", "dysport"],
        body: "# About the treatment\nNeurotoxin (such as Botox or Dysport) relaxes the muscles that cause \
               expression lines. Results appear over 3 to 14 days and usually last 3 to 4 months.\n\n\
               ## Possible side effects\n- Redness, swelling or bruising where injected\n- Headache for a day or two\n\
               - Rarely, a drooping eyelid or brow for a few weeks\n\n## Before and after\n\
               1. Tell us if you are pregnant, breastfeeding, or have a neuromuscular condition.\n\
               2. Stay upright for 4 hours and avoid exercise for 24 hours.\n\n\
               I understand the treatment, its risks and the alternatives, and I have had the chance to ask \
               questions. **I consent to treatment.**",
    },
    Form {
        key: "filler",
        name: "Dermal filler consent",
        kind: ConsentKind::Filler,
        renew_after_days: Some(365),
        services: &["filler", "lips"],
        body: "# About the treatment\nHyaluronic acid filler restores volume and shape. Results are immediate \
               and last 6 to 18 months.\n\n## Possible side effects\n- Swelling, tenderness and bruising\n\
               - Lumps that usually settle with massage\n- Rarely, blocked blood flow needing urgent treatment\n\n\
               I will contact the clinic at once if I notice pain, whitening or dusky skin near the treated area. \
               **I consent to treatment.**",
    },
    Form {
        key: "laser",
        name: "Laser and light treatment consent",
        kind: ConsentKind::Laser,
        renew_after_days: Some(365),
        services: &["laser-small", "laser-large", "ipl"],
        body: "# About the treatment\nLaser and intense pulsed light treatments heat targeted hair follicles or \
               pigment. Several sessions are usually needed.\n\n## Possible side effects\n\
               - Redness and a warm, sunburn-like feeling\n- Temporary darkening or lightening of the skin\n\
               - Rarely, blistering\n\nI will avoid sun exposure and self-tanner for two weeks before and after. \
               **I consent to treatment.**",
    },
    Form {
        key: "peel",
        name: "Chemical peel consent",
        kind: ConsentKind::Peel,
        renew_after_days: None,
        services: &["peel"],
        body: "# About the treatment\nA chemical peel removes the outer layers of skin to improve tone and \
               texture.\n\n## Aftercare\n- Peeling for 3 to 7 days; do not pick\n- Daily SPF 30 or higher\n\n\
               **I consent to treatment.**",
    },
    Form {
        key: "skin",
        name: "Microneedling consent",
        kind: ConsentKind::Skin,
        renew_after_days: Some(365),
        services: &["microneedling"],
        body: "# About the treatment\nMicroneedling makes tiny channels in the skin to prompt collagen. Expect \
               redness for 1 to 3 days.\n\n**I consent to treatment.**",
    },
    Form {
        key: "photo",
        name: "Photography consent",
        kind: ConsentKind::Photography,
        renew_after_days: None,
        services: &["botox", "dysport", "filler", "lips", "microneedling", "ipl"],
        body: "# Clinical photographs\nThe clinic takes photographs before and after treatment as part of my \
               medical record.\n\n## Use beyond my record\nThe clinic may use my photographs, without my name, \
               in its before-and-after gallery. I can withdraw this at any time.",
    },
];

/// The photography consent's second wording: earlier signers see it as a new version.
const PHOTO_V2: &str = "# Clinical photographs\nThe clinic takes photographs before and after treatment as part \
                        of my medical record.\n\n## Use beyond my record\nThe clinic may use my photographs, \
                        without my name and with my face cropped where possible, in its before-and-after \
                        gallery and on social media. I can withdraw this at any time by telling the front desk.";

/// A signature as a hand might draw it: a few joined loops across the pad.
fn strokes(rng: &mut StdRng) -> Strokes {
    let mut strokes = Vec::new();
    let mut x = 200.0 + rng.gen_range(0.0..200.0);
    for _ in 0..rng.gen_range(2..4) {
        let mut stroke = Vec::new();
        let width = rng.gen_range(500.0..800.0);
        let loops = rng.gen_range(2.0..4.0);
        for i in 0..60 {
            let t = f64::from(i) / 59.0;
            let px = x + t * width;
            let py = 520.0 + (t * std::f64::consts::TAU * loops).sin() * 220.0 * (1.0 - t * 0.4);
            stroke.push([px.round().clamp(0.0, 3000.0) as u16, py.round().clamp(0.0, 1000.0) as u16]);
        }
        strokes.push(stroke);
        x += width + rng.gen_range(60.0..160.0);
    }
    Strokes(strokes)
}

pub struct Ctx<'a> {
    pub now: DateTime<Utc>,
    pub owner: &'a Signer,
    pub desk: &'a Signer,
    pub services: &'a HashMap<&'static str, ServiceId>,
    /// Each demo patient's id and name, by index.
    pub patients: &'a [(crate::patients::PatientId, String)],
}

/// Writes the forms and the signatures; returns how many copies were signed.
pub async fn fill(
    work: &mut SystemWork,
    visits: &[(AppointmentId, &Planned)],
    ctx: &Ctx<'_>,
    rng: &mut StdRng,
) -> anyhow::Result<usize> {
    let written = ctx.now - Duration::days(420);
    let mut ids: HashMap<&str, ConsentTemplateId> = HashMap::new();
    for form in FORMS {
        let input = TemplateInput {
            name: form.name.to_owned(),
            kind: form.kind,
            body: form.body.to_owned(),
            renew_after_days: form.renew_after_days,
            services: form.services.iter().filter_map(|s| ctx.services.get(s).copied()).collect(),
        };
        let id = work
            .run::<ConsentTemplatesWrite, _, _>(written, Some(ctx.owner), async |op| consents::create(op, &input).await)
            .await?;
        ids.insert(form.key, id);
    }

    let mut signed = 0;
    // A few patients signed their neurotoxin consent at a visit more than a year ago.
    let toxin = consents::template(work.tx(), ids["toxin"]).await?.0.version_id;
    let expired_at = ctx.now - Duration::days(380);
    let mut earlier: Vec<usize> = visits.iter().map(|(_, v)| v.patient).filter(|p| p % 9 == 4).collect();
    earlier.sort_unstable();
    earlier.dedup();
    for patient in earlier.into_iter().take(6) {
        let (id, name) = &ctx.patients[patient];
        let drawn = strokes(rng);
        consents::seed_signed(work.tx(), *id, toxin, name, &drawn, ctx.desk.id, expired_at).await?;
        signed += 1;
    }

    // Visits that have happened (or are happening) were signed for at check-in, in time order;
    // the photography consent's wording changed in between.
    let reworded = ctx.now - Duration::days(21);
    let mut done: Vec<&(AppointmentId, &Planned)> = visits
        .iter()
        .filter(|(_, v)| {
            matches!(
                v.status,
                AppointmentStatus::Completed | AppointmentStatus::CheckedIn | AppointmentStatus::InProgress
            )
        })
        .collect();
    done.sort_by_key(|(_, v)| v.starts_at);
    let mut photo_reworded = false;
    for (appointment, visit) in done {
        if !photo_reworded && visit.starts_at > reworded {
            let (template, _, services) = consents::template(work.tx(), ids["photo"]).await?;
            let input = TemplateInput {
                name: template.name,
                kind: template.kind,
                body: PHOTO_V2.to_owned(),
                renew_after_days: template.renew_after_days,
                services,
            };
            let photo = ids["photo"];
            work.run::<ConsentTemplatesWrite, _, _>(reworded, Some(ctx.owner), async |op| {
                consents::update(op, photo, &input).await
            })
            .await?;
            photo_reworded = true;
        }
        // One patient in eight forgot and was treated anyway (the chart records why).
        if visit.patient % 8 == 3 {
            continue;
        }
        let at = visit.starts_at - Duration::minutes(rng.gen_range(3..15));
        let name = &ctx.patients[visit.patient].1;
        let standing = {
            let mut read = consents::of_visit(work.tx(), *appointment).await?;
            read.signed.retain(|s| s.signed_at <= at);
            read.standings()
                .iter()
                .filter(|s| s.state != consents::status::ConsentState::Current)
                .map(|s| s.requirement.version_id)
                .collect::<Vec<_>>()
        };
        for version in standing {
            let input = SignatureInput { version, signer_name: name.clone(), strokes: strokes(rng) };
            work.run::<ConsentsWrite, _, _>(at, Some(ctx.desk), async |op| {
                consents::sign(op, *appointment, &input).await
            })
            .await?;
            signed += 1;
        }
    }
    Ok(signed)
}
