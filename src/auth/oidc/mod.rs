//! Single sign-on with the clinic's own OpenID provider: authorization code flow with PKCE,
//! state and nonce.
//!
//! A sign-in starts at `/auth/oidc/start`, which remembers the state, nonce and PKCE verifier
//! (hashed state as the key, ten minutes to live) and binds the state to the browser with a
//! short-lived cookie. The provider sends the browser back to `/auth/oidc/callback`; the code is
//! exchanged and the ID token checked (signature, issuer, audience, expiry, nonce).
//!
//! The identity (issuer, subject) then has to belong to an active staff member. The first time
//! it is matched by the provider's *verified* email; once linked, only by (issuer, subject). An
//! identity that matches nobody is told so plainly and no account is ever created.

mod client;
mod flow;
mod repo;
pub mod settings;

pub use client::OidcClients;
pub use flow::{callback, start};
