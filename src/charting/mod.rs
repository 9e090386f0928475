//! Clinical charting: what was done at a visit, to which areas, with which product and lot, at
//! what dose. The product and lot catalogue lives here because charting is what uses it: every
//! product use records its lot and expiry for recalls.

mod model;
mod repo;
mod service;

pub use model::{DoseUnit, LotId, ProductId, ProductKind, TemplateKind};
pub use service::{add_lot, create_product};
