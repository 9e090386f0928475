//! The product and lot catalogue: what the clinic injects and applies, and every lot received
//! with its expiry. Charts copy the product's name and the lot's number and expiry when a
//! treatment is charted, so a recall finds every patient a lot went into, and a charted lot's
//! number and expiry never change. Owners keep the catalogue; every role reads it.

pub mod api;
mod error;
mod model;
mod repo;
mod service;

pub use error::CatalogueError;
pub use model::*;
pub use service::*;
