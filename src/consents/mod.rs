//! Consents: what a patient agrees to before treatment, signed on the clinic's iPad or on their
//! own phone. Owners write versioned templates and name the services that require each; a
//! visit's consents are current, expired (by days or by a new version of the text), or
//! missing. A signed copy keeps the exact text and signature and never changes; a mistaken one
//! is revoked beside it. Charting warns about missing consents and won't submit without them
//! unless the provider records why; the record the medical director signs covers the consents'
//! hashes. Front desk, providers and owners take signatures; the medical director and read-only
//! staff see them; billing does not.

pub mod api;
mod document;
pub mod dto;
mod error;
mod model;
pub mod pages;
pub mod pdf;
mod qr;
mod repo;
mod service;
pub mod signature;
mod signing;
pub mod status;
pub mod text;

pub use error::ConsentsError;
pub use model::*;
pub use service::*;
pub use signing::*;
