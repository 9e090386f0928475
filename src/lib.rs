//! Contour: practice management and EMR for medical-aesthetics clinics.
//!
//! One server for many clinics. Each clinic is reached on its own subdomain and keeps its data
//! in its own Postgres schema (or SQLite file); see `platform::tenancy` and `db`.

pub mod app;
pub mod audit;
pub mod auth;
pub mod booking;
pub mod canonical;
pub mod catalogue;
pub mod charting;
pub mod cli;
pub mod clinic;
pub mod clock;
pub mod config;
pub mod db;
pub mod demo;
pub mod http;
pub mod patients;
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
