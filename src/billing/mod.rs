//! Billing: what a visit costs and what was paid. Checkout makes a visit's invoice in one step,
//! pre-filled with its service, or, for a service billed per unit, with what its chart records
//! (what was injected is what is billed, and a later change to the chart shows as a
//! difference). A draft is edited freely: lines, line and invoice discounts, tax. Issuing
//! numbers it from the clinic's sequence, without gaps, and freezes it; then payments and
//! refunds are recorded (never processed) and its status follows them. Corrections are voids,
//! refunds and new invoices; nothing is deleted. One pure function (`totals`) does the
//! arithmetic. Owners, providers, front desk and billing write; read-only staff read; the
//! medical director sees nothing of billing.

pub mod api;
mod document;
pub mod dto;
mod error;
mod input;
mod model;
pub mod pdf;
pub mod read;
mod repo;
pub mod service;
pub mod totals;

pub use document::{money, quantity_with_unit};
pub use error::BillingError;
pub use model::*;
pub use service::{drafts, lifecycle, sales, settings};
