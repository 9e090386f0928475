//! Products, their lots, and doses as exact numbers.

use chrono::{DateTime, NaiveDate, Utc};

use crate::charting::{ChartId, ChartStatus};
use crate::patients::PatientId;

crate::id_type!(
    /// A product's id.
    ProductId
);
crate::id_type!(
    /// A product lot's id.
    LotId
);

crate::text_enum! {
    pub enum ProductKind {
        Neurotoxin = "neurotoxin",
        Filler = "filler",
        Biostimulator = "biostimulator",
        Skin = "skin",
        Energy = "energy",
        Other = "other",
    }
}

crate::text_enum! {
    /// The unit a dose is charted in.
    pub enum DoseUnit {
        Units = "units",
        Ml = "ml",
        Syringes = "syringes",
        Vials = "vials",
        Pulses = "pulses",
        JoulesPerCm2 = "j_cm2",
        Passes = "passes",
        Other = "other",
    }
}

impl DoseUnit {
    /// How the unit reads after a number: "20 units", "1.5 mL", "12 J/cm²".
    pub fn label(self) -> &'static str {
        match self {
            DoseUnit::Units => "units",
            DoseUnit::Ml => "mL",
            DoseUnit::Syringes => "syringes",
            DoseUnit::Vials => "vials",
            DoseUnit::Pulses => "pulses",
            DoseUnit::JoulesPerCm2 => "J/cm²",
            DoseUnit::Passes => "passes",
            DoseUnit::Other => "",
        }
    }
}

#[derive(Debug, Clone, sqlx::FromRow)]
pub struct Product {
    pub id: ProductId,
    pub name: String,
    pub manufacturer: Option<String>,
    pub kind: ProductKind,
    pub default_unit: DoseUnit,
    pub price_cents: Option<i64>,
    pub retail: bool,
    pub archived_at: Option<DateTime<Utc>>,
}

#[derive(Debug, Clone, sqlx::FromRow)]
pub struct Lot {
    pub id: LotId,
    pub product_id: ProductId,
    pub lot_number: String,
    pub expires_on: NaiveDate,
    pub received_on: Option<NaiveDate>,
    pub notes: Option<String>,
    pub archived_at: Option<DateTime<Utc>>,
    /// How many chart entries used it.
    pub uses: i64,
}

/// A chart entry that used a lot, for a recall.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct LotUse {
    pub chart_id: ChartId,
    pub patient_id: PatientId,
    pub first_name: String,
    pub last_name: String,
    pub phone: Option<String>,
    pub email: Option<String>,
    pub provider_name: String,
    pub area: String,
    pub dose_milli: Option<i64>,
    pub dose_unit: Option<DoseUnit>,
    pub charted_at: DateTime<Utc>,
    pub status: ChartStatus,
}

/// A product as an owner describes it.
#[derive(Debug, Clone)]
pub struct ProductInput {
    pub name: String,
    pub manufacturer: Option<String>,
    pub kind: ProductKind,
    pub unit: DoseUnit,
    /// The price of one `unit`, for billing what is charted; none if not sold by the unit.
    pub price_cents: Option<i64>,
    /// Sold over the counter (retail lines are taxable by the clinic's default).
    pub retail: bool,
}

/// A lot as an owner receives it.
#[derive(Debug, Clone)]
pub struct LotInput {
    pub lot_number: String,
    pub expires_on: NaiveDate,
    pub received_on: Option<NaiveDate>,
    pub notes: Option<String>,
}

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

#[cfg(test)]
mod tests {
    use super::*;

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
}
