//! Wire shapes shared by the patient endpoints, and parsing input into checked domain values.

use chrono::{DateTime, NaiveDate, Utc};
use poem_openapi::Object;
use poem_openapi::types::MaybeUndefined;

use crate::http::FieldProblem;
use crate::patients::{Address, NewPatient, Patient, PatientId, PatientSource, Phone, Sex, Tag, TagId};
use crate::types::{Email, clean_optional};

#[derive(Debug, Clone, Object)]
#[oai(rename_all = "camelCase")]
pub struct TagOut {
    pub id: TagId,
    pub name: String,
    /// `#rrggbb`
    pub color: String,
}

impl From<Tag> for TagOut {
    fn from(t: Tag) -> Self {
        Self { id: t.id, name: t.name, color: t.color }
    }
}

#[derive(Debug, Clone, Default, Object)]
#[oai(rename_all = "camelCase", skip_serializing_if_is_none)]
pub struct AddressDto {
    #[oai(nullable)]
    pub line1: Option<String>,
    #[oai(nullable)]
    pub line2: Option<String>,
    #[oai(nullable)]
    pub city: Option<String>,
    /// State, province or county.
    #[oai(nullable)]
    pub region: Option<String>,
    #[oai(nullable)]
    pub postal_code: Option<String>,
    /// Two-letter country code, e.g. `US`.
    #[oai(nullable)]
    pub country: Option<String>,
}

#[derive(Debug, Object)]
#[oai(rename_all = "camelCase", skip_serializing_if_is_none)]
pub struct PatientOut {
    pub id: PatientId,
    pub first_name: String,
    pub last_name: String,
    pub preferred_name: Option<String>,
    pub date_of_birth: Option<NaiveDate>,
    /// Whole years, in the clinic's time zone.
    pub age: Option<u32>,
    pub sex: Option<Sex>,
    pub pronouns: Option<String>,
    pub email: Option<String>,
    pub phone: Option<String>,
    pub address: AddressDto,
    pub tags: Vec<TagOut>,
    /// Whether allergies are on record; present only for roles that may read medical details.
    pub has_allergies: Option<bool>,
    pub archived: bool,
    pub archived_at: Option<DateTime<Utc>>,
    pub source: PatientSource,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

impl PatientOut {
    pub fn new(p: Patient, tags: Vec<TagOut>, has_allergies: Option<bool>, today: NaiveDate) -> Self {
        Self {
            age: p.age_on(today),
            id: p.id,
            first_name: p.first_name,
            last_name: p.last_name,
            preferred_name: p.preferred_name,
            date_of_birth: p.date_of_birth,
            sex: p.sex,
            pronouns: p.pronouns,
            email: p.email,
            phone: p.phone,
            address: AddressDto {
                line1: p.address_line1,
                line2: p.address_line2,
                city: p.city,
                region: p.region,
                postal_code: p.postal_code,
                country: p.country,
            },
            tags,
            has_allergies,
            archived: p.deleted_at.is_some(),
            archived_at: p.deleted_at,
            source: p.source,
            created_at: p.created_at,
            updated_at: p.updated_at,
        }
    }
}

#[derive(Debug, Object)]
#[oai(rename_all = "camelCase", skip_serializing_if_is_none)]
pub struct PatientIn {
    pub first_name: String,
    pub last_name: String,
    pub preferred_name: Option<String>,
    pub date_of_birth: Option<NaiveDate>,
    pub sex: Option<Sex>,
    pub pronouns: Option<String>,
    pub email: Option<String>,
    pub phone: Option<String>,
    pub address: Option<AddressDto>,
    /// Create even if the patient looks like one who already exists.
    #[oai(default)]
    pub allow_duplicate: bool,
}

/// Absent fields stay as they are; `null` clears an optional field.
#[derive(Debug, Object)]
#[oai(rename_all = "camelCase", skip_serializing_if_is_none)]
pub struct PatientPatchIn {
    pub first_name: Option<String>,
    pub last_name: Option<String>,
    #[oai(nullable)]
    pub preferred_name: MaybeUndefined<String>,
    #[oai(nullable)]
    pub date_of_birth: MaybeUndefined<NaiveDate>,
    #[oai(nullable)]
    pub sex: MaybeUndefined<Sex>,
    #[oai(nullable)]
    pub pronouns: MaybeUndefined<String>,
    #[oai(nullable)]
    pub email: MaybeUndefined<String>,
    #[oai(nullable)]
    pub phone: MaybeUndefined<String>,
    #[oai(nullable)]
    pub address: MaybeUndefined<AddressDto>,
}

/// The raw fields of a patient, before checking.
pub struct RawPatient {
    pub first_name: String,
    pub last_name: String,
    pub preferred_name: Option<String>,
    pub date_of_birth: Option<NaiveDate>,
    pub sex: Option<Sex>,
    pub pronouns: Option<String>,
    pub email: Option<String>,
    pub phone: Option<String>,
    pub address: AddressDto,
}

impl From<&PatientIn> for RawPatient {
    fn from(p: &PatientIn) -> Self {
        Self {
            first_name: p.first_name.clone(),
            last_name: p.last_name.clone(),
            preferred_name: p.preferred_name.clone(),
            date_of_birth: p.date_of_birth,
            sex: p.sex,
            pronouns: p.pronouns.clone(),
            email: p.email.clone(),
            phone: p.phone.clone(),
            address: p.address.clone().unwrap_or_default(),
        }
    }
}

impl RawPatient {
    pub fn of(p: &Patient) -> Self {
        Self {
            first_name: p.first_name.clone(),
            last_name: p.last_name.clone(),
            preferred_name: p.preferred_name.clone(),
            date_of_birth: p.date_of_birth,
            sex: p.sex,
            pronouns: p.pronouns.clone(),
            email: p.email.clone(),
            phone: p.phone.clone(),
            address: AddressDto {
                line1: p.address_line1.clone(),
                line2: p.address_line2.clone(),
                city: p.city.clone(),
                region: p.region.clone(),
                postal_code: p.postal_code.clone(),
                country: p.country.clone(),
            },
        }
    }

    pub fn apply(&mut self, patch: &PatientPatchIn) {
        fn set<T: Clone>(field: &mut Option<T>, value: &MaybeUndefined<T>) {
            match value {
                MaybeUndefined::Undefined => {}
                MaybeUndefined::Null => *field = None,
                MaybeUndefined::Value(v) => *field = Some(v.clone()),
            }
        }
        if let Some(v) = &patch.first_name {
            self.first_name = v.clone();
        }
        if let Some(v) = &patch.last_name {
            self.last_name = v.clone();
        }
        set(&mut self.preferred_name, &patch.preferred_name);
        set(&mut self.date_of_birth, &patch.date_of_birth);
        set(&mut self.sex, &patch.sex);
        set(&mut self.pronouns, &patch.pronouns);
        set(&mut self.email, &patch.email);
        set(&mut self.phone, &patch.phone);
        match &patch.address {
            MaybeUndefined::Undefined => {}
            MaybeUndefined::Null => self.address = AddressDto::default(),
            MaybeUndefined::Value(a) => self.address = a.clone(),
        }
    }

    /// Checks every field, naming each problem; `today` is in the clinic's time zone.
    pub fn check(self, source: PatientSource, today: NaiveDate) -> Result<NewPatient, Vec<FieldProblem>> {
        let mut problems = Vec::new();
        let mut name = |field: &str, value: &str, required: bool| -> Option<String> {
            let v = value.split_whitespace().collect::<Vec<_>>().join(" ");
            if v.is_empty() {
                if required {
                    problems.push(FieldProblem::new(field, "required", "This is required."));
                }
                return None;
            }
            if v.chars().count() > 100 {
                problems.push(FieldProblem::new(field, "too_long", "Use at most 100 characters."));
            }
            Some(v)
        };
        let first = name("firstName", &self.first_name, true);
        let last = name("lastName", &self.last_name, true);
        let preferred = self.preferred_name.as_deref().and_then(|p| name("preferredName", p, false));
        if let Some(dob) = self.date_of_birth {
            if dob > today {
                problems.push(FieldProblem::new(
                    "dateOfBirth",
                    "in_the_future",
                    "A date of birth can't be in the future.",
                ));
            } else if dob < NaiveDate::from_ymd_opt(1900, 1, 1).unwrap_or(dob) {
                problems.push(FieldProblem::new("dateOfBirth", "too_early", "Check the year of birth."));
            }
        }
        let pronouns = clean_optional(self.pronouns.as_deref());
        if pronouns.as_ref().is_some_and(|p| p.chars().count() > 40) {
            problems.push(FieldProblem::new("pronouns", "too_long", "Use at most 40 characters."));
        }
        let email = match clean_optional(self.email.as_deref()) {
            None => None,
            Some(raw) => Email::parse(&raw).or_else(|| {
                problems.push(FieldProblem::new("email", "invalid", "Enter a valid email address."));
                None
            }),
        };
        let phone = match clean_optional(self.phone.as_deref()) {
            None => None,
            Some(raw) => Phone::parse(&raw).or_else(|| {
                problems.push(FieldProblem::new("phone", "invalid", "Enter a phone number with 7 to 15 digits."));
                None
            }),
        };
        let a = self.address;
        let mut line = |field: &str, v: Option<String>, max: usize| {
            let v = clean_optional(v.as_deref());
            if v.as_ref().is_some_and(|v| v.chars().count() > max) {
                problems.push(FieldProblem::new(field, "too_long", format!("Use at most {max} characters.")));
            }
            v
        };
        let address = Address {
            line1: line("address.line1", a.line1, 200),
            line2: line("address.line2", a.line2, 200),
            city: line("address.city", a.city, 100),
            region: line("address.region", a.region, 100),
            postal_code: line("address.postalCode", a.postal_code, 20),
            country: clean_optional(a.country.as_deref()).map(|c| c.to_uppercase()),
        };
        if address.country.as_ref().is_some_and(|c| c.len() != 2 || !c.chars().all(|ch| ch.is_ascii_uppercase())) {
            problems.push(FieldProblem::new(
                "address.country",
                "invalid",
                "Use a two-letter country code, such as US.",
            ));
        }
        match (first, last, problems.is_empty()) {
            (Some(first_name), Some(last_name), true) => Ok(NewPatient {
                first_name,
                last_name,
                preferred_name: preferred,
                date_of_birth: self.date_of_birth,
                sex: self.sex,
                pronouns,
                email,
                phone,
                address,
                source,
            }),
            _ => Err(problems),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn raw() -> RawPatient {
        RawPatient {
            first_name: "  Ava ".into(),
            last_name: "Applewood".into(),
            preferred_name: None,
            date_of_birth: NaiveDate::from_ymd_opt(1990, 3, 8),
            sex: None,
            pronouns: Some(" ".into()),
            email: Some("AVA@Example.COM".into()),
            phone: Some("(310) 555-0142".into()),
            address: AddressDto { country: Some("us".into()), ..AddressDto::default() },
        }
    }

    #[test]
    fn good_input_is_normalised() {
        let today = NaiveDate::from_ymd_opt(2026, 11, 24).unwrap();
        let p = raw().check(PatientSource::Staff, today).unwrap();
        assert_eq!(p.first_name, "Ava");
        assert_eq!(p.email.unwrap().as_str(), "ava@example.com");
        assert_eq!(p.phone.unwrap().digits, "3105550142");
        assert_eq!(p.pronouns, None);
        assert_eq!(p.address.country.as_deref(), Some("US"));
    }

    #[test]
    fn every_bad_field_is_named() {
        let today = NaiveDate::from_ymd_opt(2026, 11, 24).unwrap();
        let bad = RawPatient {
            first_name: " ".into(),
            date_of_birth: NaiveDate::from_ymd_opt(2030, 1, 1),
            email: Some("nope".into()),
            phone: Some("12".into()),
            address: AddressDto { country: Some("USA".into()), ..AddressDto::default() },
            ..raw()
        };
        let fields: Vec<String> =
            bad.check(PatientSource::Staff, today).unwrap_err().into_iter().map(|p| p.field).collect();
        assert_eq!(fields, ["firstName", "dateOfBirth", "email", "phone", "address.country"]);
    }
}
