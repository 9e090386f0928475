//! A signed consent as a PDF (`consents::pdf::render`), pure CPU: a typical neuromodulator
//! consent of some 600 words (headings, lists, bold) and a drawn signature of 6 strokes of 80
//! points. Target: under 50 ms at the median. Run as `cargo bench --bench consent_pdf`; the
//! times spent warming up and measuring are `--warm-up-time` and `--measurement-time`
//! (seconds; 1 and 3 unless given).

use std::hint::black_box;
use std::time::{Duration, Instant};

use anyhow::Context;
use contour::consents::pdf::{self, ConsentPdf};

const TARGET: Duration = Duration::from_millis(50);
/// Runs measured whatever the measurement time, so the percentiles mean something.
const MIN_RUNS: usize = 20;

const BODY: &str = "\
# About this treatment
Neuromodulators such as **Botox®, Dysport® and Xeomin®** relax the muscles that cause expression \
lines. Results appear in 3–14 days and typically last 3–4 months. My provider has explained the \
number of units and the areas to be treated, and I may ask questions at any time before, during or \
after the treatment.

## Possible risks and side effects
- Bruising, redness, swelling or tenderness at the injection sites, which usually resolves within \
a few days.
- Headache or flu-like symptoms for one or two days.
- Infection, or a small bump at an injection site, which is uncommon and usually settles without \
treatment.
- Temporary drooping of the eyelid or brow (ptosis), uneven results, or an expression that feels \
“heavy” — these usually resolve as the product wears off.
- Rarely: allergic reaction, difficulty swallowing, speaking or breathing. **Seek emergency care \
immediately** if this happens.

## Before and after your treatment
1. Avoid alcohol, aspirin, ibuprofen, fish oil and vitamin E for 24 hours before treatment, \
unless a physician has prescribed them.
2. Do not rub or massage the treated areas for 4 hours, and stay upright for 4 hours.
3. Avoid strenuous exercise, saunas and hot yoga for 24 hours.
4. Contact the clinic if you notice anything unusual.

## Pregnancy and medical history
I confirm that I am not pregnant or breastfeeding, and that I have disclosed any neuromuscular \
disorder (such as myasthenia gravis, Lambert-Eaton syndrome or ALS), any allergy to botulinum \
toxin or albumin, and all the medicines I take. I understand that undisclosed conditions can \
increase the risks described above.

## Alternatives
I understand that alternatives to this treatment include dermal fillers, laser resurfacing, \
chemical peels, topical products, surgery, or no treatment at all, and that my provider has \
discussed these with me where they apply.

## Photographs
I consent to photographs of the treatment areas being taken before and after treatment for my \
medical record. They will be stored securely and will **not** be used for teaching or marketing \
without my separate written consent. I may ask for a photograph to be removed from my record once \
it is no longer medically needed.

## Results and follow-up
I understand that the practice of medicine is not an exact science and that no guarantee has been \
made about the results of this treatment. The effect varies between people and between \
treatments; more than one session may be needed to reach the result I want. A follow-up \
appointment about two weeks after treatment is recommended so that my provider can assess the \
result, and a touch-up, if needed, is charged as listed in the clinic's current price list.

## Financial responsibility
I understand that cosmetic treatments are not covered by health insurance and that I am \
responsible for their full cost. Fees are not refundable once the product has been prepared or \
injected. Appointments cancelled less than 24 hours in advance may be charged a cancellation fee.

## Consent
I have read this form, or had it read to me, and I understand it. I have had the opportunity to \
ask questions and all of my questions have been answered to my satisfaction. I consent to \
treatment by the provider named by the clinic, including any additional units the provider \
judges necessary within the areas discussed. I may withdraw this consent at any time before the \
treatment begins. I confirm that the information I have given about my health is complete and \
true, and that I will tell the clinic about any change before my next treatment.
";

fn main() -> anyhow::Result<()> {
    let (warm_up, measurement) = durations()?;
    let strokes = strokes();
    let doc = ConsentPdf {
        clinic_name: "Glow Aesthetics & Laser — Upper East Side",
        patient_name: "Jane Q. Patient",
        patient_birth_date: Some("March 4, 1990"),
        title: "Neuromodulator (Botox®, Dysport®, Xeomin®) treatment consent",
        body: BODY,
        version: 4,
        signer_name: "Jane Q. Patient",
        signed_at: "December 3, 2026 at 2:15 PM (America/New_York)",
        witness: Some("Maria Lopez, RN"),
        method: "Drawn signature on the clinic's iPad",
        body_sha256: "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08",
        signature_sha256: "60303ae22b998861bce3b28f33eec1be758a213c86c93c076dbe9f558c11c752",
        strokes: &strokes,
        revoked: None,
        consent_id: "0193a7c2-5e4b-7d2a-9c1e-3f6a8b0d4e21",
    };

    let started = Instant::now();
    let file = pdf::render(&doc);
    while started.elapsed() < warm_up {
        black_box(pdf::render(black_box(&doc)));
    }
    let mut times = Vec::new();
    let started = Instant::now();
    while started.elapsed() < measurement || times.len() < MIN_RUNS {
        let run = Instant::now();
        black_box(pdf::render(black_box(&doc)));
        times.push(run.elapsed());
    }

    times.sort();
    let median = times[times.len() / 2];
    let verdict = if median < TARGET { "met" } else { "MISSED" };
    println!(
        "consent PDF: {} words, {} strokes of {} points; {} pages, {:.1} KB",
        BODY.split_whitespace().count(),
        strokes.len(),
        strokes[0].len(),
        pages(&file),
        file.len() as f64 / 1024.0,
    );
    println!(
        "  render   median {:>9}  p95 {:>9}  ({} runs)   target < 50 ms: {verdict}",
        ms(median),
        ms(times[times.len() * 95 / 100]),
        times.len(),
    );
    Ok(())
}

/// `--warm-up-time` and `--measurement-time`, in seconds; cargo's own `--bench` is ignored.
fn durations() -> anyhow::Result<(Duration, Duration)> {
    let mut warm_up = Duration::from_secs(1);
    let mut measurement = Duration::from_secs(3);
    let mut args = std::env::args().skip(1);
    while let Some(arg) = args.next() {
        let target = match arg.as_str() {
            "--warm-up-time" => &mut warm_up,
            "--measurement-time" => &mut measurement,
            _ => continue,
        };
        let value = args.next().with_context(|| format!("{arg} needs a number of seconds"))?;
        let seconds: f64 = value.parse().with_context(|| format!("{arg} {value}: not a number of seconds"))?;
        *target = Duration::try_from_secs_f64(seconds).with_context(|| format!("{arg} {value}"))?;
    }
    Ok((warm_up, measurement))
}

/// A signature as a pad records it: 6 strokes of 80 points on the 3000 × 1000 canvas.
fn strokes() -> Vec<Vec<[u16; 2]>> {
    (0..6)
        .map(|stroke| {
            let stroke = f64::from(stroke);
            (0..80)
                .map(|point| {
                    let t = f64::from(point) / 79.0;
                    let x = 150.0 + stroke * 460.0 + t * 520.0;
                    let y = 520.0 + 300.0 * (t * std::f64::consts::TAU * 1.5 + stroke).sin() - 120.0 * t;
                    [x.round() as u16, y.round() as u16]
                })
                .collect()
        })
        .collect()
}

fn pages(file: &[u8]) -> usize {
    file.windows(12).filter(|window| *window == b"/Type /Page\n").count()
}

fn ms(d: Duration) -> String {
    format!("{:.3} ms", d.as_secs_f64() * 1000.0)
}
