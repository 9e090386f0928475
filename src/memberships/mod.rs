//! Memberships, packages and unit banks. The owner makes plans: a membership bills a fee each
//! month or year and grants credits each period (sessions of a service, money, or units of a
//! kind of product) with a member discount; a package is paid once for credits that last a
//! number of days; a unit bank is a package of units ("40 units of neurotoxin") drawn from what
//! a chart records at checkout. Enrolling sells the plan through billing (an invoice line) and
//! grants the first period's credits. The credit ledger is append-only and a balance is its
//! sum: grants, uses (linked to the invoice and visit), reversals, expiries and adjustments with
//! a reason; no entry may overdraw the grant it draws from (the database refuses). Renewals and
//! expiries run periodically, by the clinic's days, and are safe to run twice or on several
//! servers at once. Owners, front desk and billing write; providers and read-only staff read;
//! the medical director sees nothing of memberships. Plans are clinic settings (owner).

pub mod api;
mod dto;
mod error;
mod input;
pub mod ledger;
pub mod model;
pub mod read;
mod repo;
pub mod service;

pub use error::MembershipError;
pub use model::*;
pub use service::{enrol, periodic, plans, redeem};
