//! Charting: what was done at a visit, to which areas, with which product and lot, at what
//! dose. A chart is opened from its appointment (or for a patient), filled in by its provider
//! while it is a draft, and submitted for sign-off; from then on it is locked, and what it
//! shows of its visit (the time, the service, the provider) is fixed, with the visit itself held
//! still (`holds_visit`). The medical director signs or returns it (`signoff`); photos and their
//! overlays are `photos`'; products and lots are the `catalogue`'s.
//!
//! Invariant: a submitted chart changes only by being returned to draft; a signed one never
//! changes, and the database refuses it too.

pub mod api;
pub mod dto;
mod error;
mod model;
mod repo;
pub mod rules;
mod service;
mod submission;

pub use error::ChartingError;
pub use model::*;
pub use service::*;
pub use submission::submit;
