//! Clinical charting: what was done at a visit, to which areas, with which product and lot, at
//! what dose; the photos taken and drawn on; and the medical director's sign-off, after which the
//! record never changes. The product and lot catalogue lives here because charting is what uses
//! it: every product use records its lot and expiry for recalls.

pub mod api;
pub mod images;
mod model;
pub mod overlay;
pub mod record;
mod repo;
pub mod rules;
pub mod service;

pub use model::*;
pub use service::{add_lot, create_product};
