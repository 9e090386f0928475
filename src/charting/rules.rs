//! Pure rules of charting: doses as exact numbers, what a chart needs before it can be submitted,
//! and the totals shown while charting.

use std::collections::BTreeMap;

use super::model::{ChartStatus, ChartingError, DoseUnit, Entry, TemplateKind};

/// Largest dose accepted, in whole units (a sanity bound, not a clinical one).
const MAX_DOSE: i64 = 100_000;

/// "20", "0.5", "1.25" → thousandths. At most three decimals, more than zero.
pub fn parse_dose(text: &str) -> Option<i64> {
    let text = text.trim();
    let (whole, fraction) = text.split_once('.').unwrap_or((text, ""));
    if whole.is_empty() && fraction.is_empty()
        || !whole.chars().all(|c| c.is_ascii_digit())
        || !fraction.chars().all(|c| c.is_ascii_digit())
        || fraction.len() > 3
        || whole.len() > 6
    {
        return None;
    }
    let whole: i64 = if whole.is_empty() { 0 } else { whole.parse().ok()? };
    let fraction: i64 = format!("{fraction:0<3}").parse().ok()?;
    let milli = whole * 1000 + fraction;
    (milli > 0 && milli <= MAX_DOSE * 1000).then_some(milli)
}

/// Thousandths back to the shortest decimal: 20000 → "20", 500 → "0.5".
pub fn format_dose(milli: i64) -> String {
    let (whole, fraction) = (milli / 1000, milli % 1000);
    if fraction == 0 {
        return whole.to_string();
    }
    let fraction = format!("{fraction:03}");
    format!("{whole}.{}", fraction.trim_end_matches('0'))
}

/// Drafts change; a submitted chart waits; a signed one never changes.
pub fn check_editable(status: ChartStatus) -> Result<(), ChartingError> {
    match status {
        ChartStatus::Draft => Ok(()),
        ChartStatus::NeedsSignOff => Err(ChartingError::Locked),
        ChartStatus::MdSigned => Err(ChartingError::Signed),
    }
}

/// What is missing before a chart can go to the medical director, as (field, message).
pub fn submission_problems(
    kind: TemplateKind,
    areas: &[String],
    entries: &[Entry],
    technique: Option<&str>,
) -> Vec<(String, String)> {
    let mut problems = Vec::new();
    let has_text = technique.is_some_and(|t| !t.trim().is_empty());
    match kind {
        TemplateKind::Injectables => {
            if !entries.iter().any(|e| e.lot_id.is_some() && e.dose_milli.is_some()) {
                problems.push((
                    "entries".to_owned(),
                    "Add at least one treatment with its product lot and dose.".to_owned(),
                ));
            }
            for (i, e) in entries.iter().enumerate() {
                if e.product_id.is_some() && (e.lot_id.is_none() || e.dose_milli.is_none()) {
                    problems.push((format!("entries[{i}]"), format!("The {} entry needs its lot and dose.", e.area)));
                }
            }
        }
        TemplateKind::Laser => {
            if !entries.iter().any(|e| e.dose_milli.is_some()) {
                problems.push((
                    "entries".to_owned(),
                    "Add at least one treated area with its settings (energy, pulses or passes).".to_owned(),
                ));
            }
        }
        TemplateKind::Skin | TemplateKind::General => {
            if areas.is_empty() && entries.is_empty() && !has_text {
                problems.push((
                    "technique".to_owned(),
                    "Describe what was done: areas treated, a treatment, or technique notes.".to_owned(),
                ));
            }
        }
    }
    problems
}

/// A dose total: how much of what, in which unit.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Total {
    pub label: String,
    pub unit: DoseUnit,
    pub dose_milli: i64,
}

/// Totals per product and per area, summed exactly from the entries.
pub fn totals(entries: &[Entry]) -> (Vec<Total>, Vec<Total>) {
    let mut by_product: BTreeMap<(String, &'static str), (DoseUnit, i64)> = BTreeMap::new();
    let mut by_area: BTreeMap<(String, &'static str), (DoseUnit, i64)> = BTreeMap::new();
    for e in entries {
        let (Some(milli), Some(unit)) = (e.dose_milli, e.dose_unit) else { continue };
        let product = e.product_name.clone().unwrap_or_else(|| "No product".to_owned());
        by_product.entry((product, unit.as_str())).or_insert((unit, 0)).1 += milli;
        by_area.entry((e.area.clone(), unit.as_str())).or_insert((unit, 0)).1 += milli;
    }
    let list = |m: BTreeMap<(String, &'static str), (DoseUnit, i64)>| {
        m.into_iter().map(|((label, _), (unit, dose_milli))| Total { label, unit, dose_milli }).collect()
    };
    (list(by_product), list(by_area))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::charting::model::{ChartId, EntryId, LotId, ProductId};

    fn entry(area: &str, product: Option<&str>, dose: Option<i64>, lot: bool) -> Entry {
        Entry {
            id: EntryId::generate(),
            chart_id: ChartId::generate(),
            position: 0,
            area: area.into(),
            product_id: product.map(|_| ProductId::generate()),
            lot_id: lot.then(LotId::generate),
            product_name: product.map(str::to_owned),
            lot_number: None,
            lot_expires_on: None,
            dose_milli: dose,
            dose_unit: dose.map(|_| DoseUnit::Units),
            injection_points: None,
            technique: None,
        }
    }

    #[test]
    fn doses_are_exact() {
        assert_eq!(parse_dose("20"), Some(20_000));
        assert_eq!(parse_dose(" 0.5 "), Some(500));
        assert_eq!(parse_dose("1.25"), Some(1_250));
        assert_eq!(parse_dose(".5"), Some(500));
        assert_eq!(parse_dose("2."), Some(2_000));
        for bad in ["", ".", "0", "0.000", "1.2345", "-1", "1e3", "abc", "1,5", "100001"] {
            assert_eq!(parse_dose(bad), None, "{bad}");
        }
        for milli in [1, 500, 1_250, 20_000, 3_333] {
            assert_eq!(parse_dose(&format_dose(milli)), Some(milli));
        }
        assert_eq!(format_dose(20_000), "20");
        assert_eq!(format_dose(1_250), "1.25");
    }

    #[test]
    fn injectables_need_a_lot_and_a_dose() {
        let none = submission_problems(TemplateKind::Injectables, &[], &[], Some("notes"));
        assert_eq!(none.len(), 1);
        let half = [entry("Glabella", Some("Botox"), Some(20_000), false)];
        let problems = submission_problems(TemplateKind::Injectables, &[], &half, None);
        assert_eq!(problems.iter().map(|p| p.0.as_str()).collect::<Vec<_>>(), ["entries", "entries[0]"]);
        let ok = [entry("Glabella", Some("Botox"), Some(20_000), true)];
        assert!(submission_problems(TemplateKind::Injectables, &[], &ok, None).is_empty());
        assert!(submission_problems(TemplateKind::General, &["Face".into()], &[], None).is_empty());
        assert_eq!(submission_problems(TemplateKind::Skin, &[], &[], Some("  ")).len(), 1);
    }

    #[test]
    fn totals_add_up_per_product_and_area() {
        let entries = [
            entry("Glabella", Some("Botox"), Some(20_000), true),
            entry("Forehead", Some("Botox"), Some(10_000), true),
            entry("Glabella", Some("Botox"), Some(4_500), true),
            entry("Lips", Some("Juvederm"), None, false),
        ];
        let (by_product, by_area) = totals(&entries);
        assert_eq!(by_product, [Total { label: "Botox".into(), unit: DoseUnit::Units, dose_milli: 34_500 }]);
        assert_eq!(by_area.len(), 2);
        assert_eq!(by_area[1], Total { label: "Glabella".into(), unit: DoseUnit::Units, dose_milli: 24_500 });
    }

    #[test]
    fn only_drafts_change() {
        assert!(check_editable(ChartStatus::Draft).is_ok());
        assert!(matches!(check_editable(ChartStatus::NeedsSignOff), Err(ChartingError::Locked)));
        assert!(matches!(check_editable(ChartStatus::MdSigned), Err(ChartingError::Signed)));
    }
}
