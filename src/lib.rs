//! Contour: practice management and EMR for medical-aesthetics clinics.
//!
//! One server for many clinics. Each clinic is reached on its own subdomain and keeps its data
//! in its own Postgres schema (or SQLite file); see `platform::tenancy` and `db`.
//!
//! # How a clinic operation is written
//!
//! Every domain folder (`patients`, `scheduling`, `charting`, `signoff`, `photos`, `consents`,
//! `catalogue`, `staff`, `booking`, `billing`) has the same parts:
//!
//! - `api`: the poem-openapi handlers and their DTOs. A handler takes its context
//!   (`auth::Staff<P>`, whose type names the permission `P` it needs), begins a unit of work
//!   (`clinic::ClinicOp<P>`), calls one service verb, commits, and turns the result into a DTO.
//!   Handlers write no SQL and no audit entries; `tests/api/architecture.rs` checks that.
//! - `service`: the verbs. Each takes `&mut ClinicOp<P>` for the permission it needs (so the
//!   compiler refuses a call from an operation that was not granted it), checks the domain
//!   rules, writes through the repo, and records its audit entry (`op.record_change`,
//!   `op.then`), which is the only thing `commit` accepts. `tests/api/audit_coverage.rs` makes
//!   every auditable operation succeed and checks it left its row.
//!   Plain reads that several contexts share (the catalogue, rooms, free times) take the
//!   transaction a permitted operation lends them (`op.tx()`) and write nothing.
//! - `repo`: the queries, written once for both databases, taking the operation's transaction.
//! - `model` and `error`: the domain types, and the domain's refusals, each with a stable
//!   problem `code` (`http::ErrorCode`).
//!
//! Permissions and the role table are in `auth::permissions` and `auth::rbac`; the audit log in
//! `audit`; what a request may reach in `state::Services` (clinic code never sees the platform
//! database or another clinic's).

pub mod app;
pub mod audit;
pub mod auth;
pub mod billing;
pub mod booking;
pub mod canonical;
pub mod catalogue;
pub mod charting;
pub mod cli;
pub mod clinic;
pub mod clock;
pub mod config;
pub mod consents;
pub mod db;
pub mod demo;
pub mod http;
pub mod memberships;
pub mod patients;
pub mod pdf;
pub mod photos;
pub mod platform;
pub mod scheduling;
pub mod sealed;
pub mod secret;
pub mod signoff;
pub mod spa;
pub mod staff;
pub mod state;
pub mod storage;
pub mod telemetry;
pub mod types;
