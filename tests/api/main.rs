//! The API test suite: one binary, the real server, both databases (see helpers).

#![allow(clippy::unwrap_used, clippy::expect_used)]

mod helpers;

mod architecture;
mod audit;
mod audit_coverage;
mod auth;
mod billing;
mod booking;
mod charting;
mod conformance;
mod consents;
mod database;
mod demo;
mod errors;
mod memberships;
mod openapi;
mod patients;
mod photos_s3;
mod platform;
mod rbac;
mod scheduling;
mod spa;
mod sso;
mod staff;
mod tenancy;
