//! Pure rules of charting: when a chart may change, what it needs before it can be submitted,
//! and the totals shown while charting.

use std::collections::BTreeMap;

use super::error::ChartingError;
use super::model::{ChartStatus, Entry, TemplateKind};
use crate::catalogue::DoseUnit;

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
    use crate::catalogue::{LotId, ProductId};
    use crate::charting::model::{ChartId, EntryId};

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
