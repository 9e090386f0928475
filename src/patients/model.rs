use chrono::NaiveDate;
use unicode_normalization::UnicodeNormalization;

use crate::sealed::Sensitive;
use crate::types::Email;

crate::id_type!(
    /// A patient's id.
    PatientId
);
crate::id_type!(
    /// An allergy record's id.
    AllergyId
);
crate::id_type!(
    /// A tag's id.
    TagId
);

crate::text_enum! {
    pub enum Sex {
        Female = "female",
        Male = "male",
        Intersex = "intersex",
        Unknown = "unknown",
    }
}

crate::text_enum! {
    pub enum Severity {
        Mild = "mild",
        Moderate = "moderate",
        Severe = "severe",
        Unknown = "unknown",
    }
}

crate::text_enum! {
    pub enum PatientSource {
        Staff = "staff",
        Online = "online",
        Import = "import",
        Api = "api",
    }
}

/// A phone number as the patient gave it, and its digits for searching.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Phone {
    pub display: String,
    pub digits: String,
}

impl Phone {
    /// Accepts the usual ways of writing a number (spaces, dots, dashes, brackets, a leading +)
    /// with 7 to 15 digits.
    pub fn parse(input: &str) -> Option<Self> {
        let display = input.split_whitespace().collect::<Vec<_>>().join(" ");
        let allowed = display.chars().all(|c| c.is_ascii_digit() || " +-().".contains(c));
        let digits: String = display.chars().filter(char::is_ascii_digit).collect();
        (allowed && (7..=15).contains(&digits.len()) && display.len() <= 40).then_some(Self { display, digits })
    }
}

#[derive(Debug, Clone)]
pub struct NewPatient {
    pub first_name: String,
    pub last_name: String,
    pub preferred_name: Option<String>,
    pub date_of_birth: Option<NaiveDate>,
    pub sex: Option<Sex>,
    pub pronouns: Option<String>,
    pub email: Option<Email>,
    pub phone: Option<Phone>,
    pub source: PatientSource,
}

#[derive(Debug, Clone)]
pub struct NewAllergy {
    pub substance: Sensitive,
    pub reaction: Option<Sensitive>,
    pub severity: Severity,
}

/// The form of a name used for searching: lower case, accents removed, single spaces.
pub fn search_name(first: &str, last: &str, preferred: Option<&str>) -> String {
    let joined = [Some(first), Some(last), preferred].into_iter().flatten().collect::<Vec<_>>().join(" ");
    let folded: String =
        joined.nfkd().filter(|c| c.is_alphanumeric() || c.is_whitespace() || *c == '-' || *c == '\'').collect();
    folded.to_lowercase().split_whitespace().collect::<Vec<_>>().join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn phones() {
        let p = Phone::parse(" (310)  555-0142 ").unwrap();
        assert_eq!(p.display, "(310) 555-0142");
        assert_eq!(p.digits, "3105550142");
        assert_eq!(Phone::parse("+1 310.555.0142").unwrap().digits, "13105550142");
        assert!(Phone::parse("555").is_none());
        assert!(Phone::parse("call me maybe").is_none());
    }

    #[test]
    fn search_names_fold_accents_and_case() {
        assert_eq!(search_name("Zoë", "Ängström-Lee", Some("Zo")), "zoe angstrom-lee zo");
    }
}
