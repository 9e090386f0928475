//! Who is asking and what they may do: passwords, sessions, API tokens, single sign-on and the
//! role policy. Every clinic operation names the permission it needs in its signature
//! (`Staff<ChartsSign>`); see `context`.

pub mod api;
mod context;
pub mod oidc;
pub mod passwords;
pub mod permissions;
mod rbac;
mod roles;
pub mod secrets;
pub mod sessions;
pub mod throttle;
pub mod tokens;
pub mod tokens_api;

pub use context::{CSRF_HEADER, ClinicCtx, Person, Principal, Signer, Staff, authenticate};
pub use rbac::Rbac;
pub use roles::Role;
