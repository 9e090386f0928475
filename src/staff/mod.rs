//! The clinic's staff: who works here, in which role, and whether they may still sign in.
//! Staff live inside their clinic's own database; nobody is a member of two clinics.
//!
//! Invariant: a clinic always has at least one active owner. Demoting or deactivating the last
//! one is refused (`last_owner`).

pub mod api;
mod model;
mod repo;
mod service;

pub use model::{NewStaff, StaffError, StaffPatch, StaffUser, StaffUserId};
pub use service::*;
