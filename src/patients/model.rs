use chrono::{DateTime, NaiveDate, Utc};

use crate::sealed::Sensitive;
use crate::staff::StaffUserId;
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
    /// A medical note's id.
    NoteId
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

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Address {
    pub line1: Option<String>,
    pub line2: Option<String>,
    pub city: Option<String>,
    pub region: Option<String>,
    pub postal_code: Option<String>,
    /// ISO 3166 alpha-2, upper case.
    pub country: Option<String>,
}

/// Demographics, checked: what creating or fully updating a patient takes.
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
    pub address: Address,
    pub source: PatientSource,
}

#[derive(Debug, Clone, sqlx::FromRow)]
pub struct Patient {
    pub id: PatientId,
    pub first_name: String,
    pub last_name: String,
    pub preferred_name: Option<String>,
    pub date_of_birth: Option<NaiveDate>,
    pub sex: Option<Sex>,
    pub pronouns: Option<String>,
    pub email: Option<String>,
    pub phone: Option<String>,
    pub address_line1: Option<String>,
    pub address_line2: Option<String>,
    pub city: Option<String>,
    pub region: Option<String>,
    pub postal_code: Option<String>,
    pub country: Option<String>,
    pub source: PatientSource,
    pub sort_name: String,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
    pub deleted_at: Option<DateTime<Utc>>,
}

impl Patient {
    pub fn draft(&self) -> NewPatient {
        NewPatient {
            first_name: self.first_name.clone(),
            last_name: self.last_name.clone(),
            preferred_name: self.preferred_name.clone(),
            date_of_birth: self.date_of_birth,
            sex: self.sex,
            pronouns: self.pronouns.clone(),
            email: self.email.as_deref().and_then(Email::parse),
            phone: self.phone.as_deref().and_then(Phone::parse),
            address: Address {
                line1: self.address_line1.clone(),
                line2: self.address_line2.clone(),
                city: self.city.clone(),
                region: self.region.clone(),
                postal_code: self.postal_code.clone(),
                country: self.country.clone(),
            },
            source: self.source,
        }
    }

    /// Age in whole years on `today`.
    pub fn age_on(&self, today: NaiveDate) -> Option<u32> {
        let born = self.date_of_birth?;
        today.years_since(born)
    }
}

#[derive(Debug, Clone)]
pub struct NewAllergy {
    pub substance: Sensitive,
    pub reaction: Option<Sensitive>,
    pub severity: Severity,
}

#[derive(Debug, Clone)]
pub struct Allergy {
    pub id: AllergyId,
    pub patient_id: PatientId,
    pub substance: Sensitive,
    pub reaction: Option<Sensitive>,
    pub severity: Severity,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

#[derive(Debug, Clone)]
pub struct MedicalNote {
    pub id: NoteId,
    pub patient_id: PatientId,
    pub body: Sensitive,
    pub author_id: StaffUserId,
    pub author_name: String,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct Tag {
    pub id: TagId,
    pub name: String,
    pub color: String,
}

#[derive(Debug, thiserror::Error)]
pub enum PatientsError {
    #[error("no such patient")]
    NotFound,
    #[error("this looks like a patient who already exists")]
    PossibleDuplicate(Vec<PatientId>),
    #[error("a tag with that name exists")]
    TagNameTaken,
    #[error("the patient is archived")]
    Archived,
    #[error("only the author can change this note")]
    NotAuthor,
    #[error(transparent)]
    Db(#[from] sqlx::Error),
    #[error(transparent)]
    Sealed(#[from] crate::sealed::UnknownCodec),
}

impl From<PatientsError> for crate::http::ApiError {
    fn from(err: PatientsError) -> Self {
        use crate::http::{ApiError, ErrorCode};
        match err {
            PatientsError::NotFound => ApiError::not_found(),
            PatientsError::PossibleDuplicate(ids) => ApiError::new(
                ErrorCode::PossibleDuplicate,
                format!(
                    "{} existing patient{} share a phone, an email, or a name and date of birth with this one. \
                     Open them, or create anyway.",
                    ids.len(),
                    if ids.len() == 1 { "" } else { "s" }
                ),
            ),
            PatientsError::TagNameTaken => {
                ApiError::new(ErrorCode::AlreadyExists, "There is already a tag with that name.")
                    .field(crate::http::FieldProblem::new("name", "taken", "There is already a tag with that name."))
            }
            PatientsError::Archived => {
                ApiError::new(ErrorCode::PatientArchived, "This patient is archived. Restore them to make changes.")
            }
            PatientsError::NotAuthor => ApiError::new(ErrorCode::Forbidden, "Only the note's author can change it."),
            PatientsError::Db(e) => e.into(),
            PatientsError::Sealed(e) => ApiError::internal(e),
        }
    }
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
}
