//! The medical director's sign-off: a submitted chart is signed (its record hash kept with the
//! signature) or returned to its provider with a comment; after signing, corrections are signed
//! addenda; and every hash can be recomputed to show the record is as it was signed.
//!
//! Invariant: a signature is the act of the person it names, signed in as themselves (never an
//! API token), and records their own name and role. Signatures, returns and addenda are
//! append-only; the database refuses changes to them and to the signed chart.

pub mod api;
mod error;
mod model;
pub mod record;
mod repo;
mod service;

pub use error::SignoffError;
pub use model::*;
pub use service::*;
