//! Charting over HTTP: the product catalogue, charts and sign-off, photos and their overlays,
//! and the signed `/files/...` links of the local photo store.

mod catalogue;
mod charts;
pub mod dto;
pub mod files;
mod photos;

use chrono::NaiveDate;
use poem_openapi::Object;

pub use catalogue::ProductsApi;
pub use charts::ChartsApi;
pub use photos::PhotosApi;

use super::model::ChartRow;
use super::service::Actor;
use crate::auth::{ClinicCtx, Role, Signer};
use crate::http::{ApiError, FieldProblem};

/// Who is acting, for charting's ownership rules.
fn actor(ctx: &ClinicCtx) -> Actor {
    let name = ctx.actor().name.unwrap_or_default();
    Actor { id: ctx.on_behalf_of(), name, role: ctx.role.as_str().to_owned(), is_owner: ctx.role == Role::Owner }
}

/// The person signing, as the signature records them: their own name and role.
fn signer(signer: &Signer) -> Actor {
    Actor {
        id: signer.id,
        name: signer.name.clone(),
        role: signer.role.as_str().to_owned(),
        is_owner: signer.role == Role::Owner,
    }
}

/// Today in the clinic's time zone.
fn today(ctx: &ClinicCtx) -> NaiveDate {
    ctx.now().with_timezone(&ctx.clinic().tz()).date_naive()
}

/// The day a chart's treatment happened: its visit's day, or today for charts without one.
fn visit_day(ctx: &ClinicCtx, chart: &ChartRow) -> NaiveDate {
    chart.visit_at.map_or_else(|| today(ctx), |t| t.with_timezone(&ctx.clinic().tz()).date_naive())
}

/// Trims text and checks its length; `field` names it in the error.
fn text(field: &str, value: &str, max: usize) -> Result<String, ApiError> {
    let value = value.trim();
    if value.is_empty() {
        return Err(ApiError::validation(vec![FieldProblem::new(field, "required", "This can't be empty.")]));
    }
    if value.chars().count() > max {
        return Err(ApiError::validation(vec![FieldProblem::new(
            field,
            "too_long",
            format!("Keep it under {max} characters."),
        )]));
    }
    Ok(value.to_owned())
}

fn optional_text(field: &str, value: Option<&str>, max: usize) -> Result<Option<String>, ApiError> {
    match value.map(str::trim).filter(|v| !v.is_empty()) {
        Some(v) => text(field, v, max).map(Some),
        None => Ok(None),
    }
}

/// An empty answer that says only that it worked.
#[derive(Debug, Object)]
pub struct Done {
    pub ok: bool,
}
