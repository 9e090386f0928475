//! The clinic's staff: who works here, in which role, and whether they may still sign in.
//! Staff live inside their clinic's own database; nobody is a member of two clinics.

mod model;
mod repo;
mod service;

pub use model::{NewStaff, StaffError, StaffUser, StaffUserId};
pub use service::{create, find_by_email, find_by_id, list};
