//! Who is asking and what they may do: passwords, sessions, API tokens, single sign-on and the
//! role policy. Every clinic operation names the permission it needs in its signature
//! (`Staff<ChartsSign>`); see `context`. A permit for a permission is made only here, and a unit
//! of work (`op`) only from a permit, so what a service verb may do is checked by the compiler.

mod account;
pub mod api;
mod context;
pub mod oidc;
mod op;
pub mod passwords;
pub mod permissions;
pub mod public;
mod rbac;
mod roles;
pub mod secrets;
pub mod sessions;
mod sign_in;
pub mod throttle;
pub mod tokens;
pub mod tokens_api;

pub use context::{
    CSRF_HEADER, ClinicCtx, Person, Principal, Signer, Staff, authenticate, online_booking, patient_signing,
    system_read, system_work,
};
pub use op::{Acting, Audited, ClinicOp, Retryable, SystemWork, with_retries};
pub use rbac::Rbac;
pub use roles::Role;
