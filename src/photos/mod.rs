//! Clinical photos: the original bytes stored once, never changed, with their SHA-256; upright
//! display and thumbnail copies derived from them; shown only through short-lived signed links,
//! each one audited; and drawn on in versioned overlays (numbered injection points, lines) in
//! the photo's own pixel coordinates.
//!
//! Invariant: a photo's original never changes and no photo is ever deleted (only marked
//! removed); nothing about the photos or overlays of a signed chart changes. The database
//! refuses both.

pub mod api;
mod error;
pub mod files;
pub mod images;
mod model;
pub mod overlay;
mod repo;
mod service;

pub use error::PhotosError;
pub use model::*;
pub use service::*;
