//! Patients: demographics, allergies, medical notes and tags, and finding them fast.
//!
//! A patient is a clinical record: archiving hides them (soft delete) and nothing about them is
//! ever hard-deleted. Allergies and medical notes pass through the sealed-field seam. Search
//! (`search`) reads a typed query as a name, a phone number, an email or a date of birth.

pub mod api;
mod model;
mod repo;
pub mod search;
mod service;

pub use model::{
    Address, Allergy, AllergyId, MedicalNote, NewAllergy, NewPatient, NoteId, Patient, PatientId, PatientSource,
    PatientsError, Phone, Severity, Sex, Tag, TagId,
};
pub use repo::Filter;
pub use service::*;

/// Demo and test helpers: create exactly what is given (no duplicate check).
pub async fn create_unchecked(
    tx: &mut crate::db::ClinicTx,
    new: &NewPatient,
    by: Option<crate::staff::StaffUserId>,
    now: chrono::DateTime<chrono::Utc>,
) -> Result<PatientId, PatientsError> {
    Ok(service::create(tx, new, true, by, now).await?.id)
}
