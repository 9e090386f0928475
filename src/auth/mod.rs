//! Who is asking and what they may do: passwords, roles, and (with the access module) sessions,
//! single sign-on, API tokens and the RBAC policy.

pub mod passwords;
mod roles;
pub mod sessions;

pub use roles::Role;
