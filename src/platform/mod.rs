//! The platform: the clinics this installation serves, how a request finds its clinic from the
//! Host header alone, and provisioning (a clinic's schema or file comes into being, migrated and
//! with its first owner, all at once or not at all).

pub mod admins;
pub mod api;
pub mod jobs;
mod model;
pub mod provisioning;
mod repo;
pub mod tenancy;

pub use model::{Clinic, ClinicId, ClinicStatus, Slug, SlugError};
pub use provisioning::{NewClinic, NewOwner, ProvisionError};
pub use repo::{find_by_slug, list};
