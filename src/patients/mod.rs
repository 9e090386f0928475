//! Patients: demographics, allergies, medical notes and tags. A patient is a clinical record:
//! archiving hides them (soft delete) and nothing about them is ever hard-deleted. Allergies and
//! medical notes pass through the sealed-field seam.

mod model;
mod repo;
mod service;

pub use model::{
    AllergyId, NewAllergy, NewPatient, PatientId, PatientSource, Phone, Severity, Sex, TagId, search_name,
};
pub use service::{add_allergy, assign_tag, create, create_tag};
