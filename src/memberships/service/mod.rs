//! The memberships verbs: the owner's plans, a patient's enrolments and their changes, the
//! periodic renewals and expiries, and redeeming credits at checkout.

pub mod credits;
pub mod enrol;
pub mod periodic;
pub mod plans;
pub mod redeem;
