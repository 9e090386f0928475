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
