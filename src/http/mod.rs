//! HTTP plumbing shared by every module: the problem error shape, request ids and access logs,
//! and the health endpoints.

pub mod download;
pub mod error;
pub mod health;
pub mod input;
pub mod middleware;
pub mod pages;
pub mod spec;
pub mod tags;

pub use error::{ApiError, ApiResult, ErrorCode, FieldProblem, Problem};
pub use middleware::RequestMeta;
