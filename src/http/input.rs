//! Checks on free text as it arrives, with the field named in the error.

use super::error::{ApiError, FieldProblem};

/// Trims text and checks its length; `field` names it in the error.
pub fn text(field: &str, value: &str, max: usize) -> Result<String, ApiError> {
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

/// As [`text`], for a field that may be left out or blank.
pub fn optional_text(field: &str, value: Option<&str>, max: usize) -> Result<Option<String>, ApiError> {
    match value.map(str::trim).filter(|v| !v.is_empty()) {
        Some(v) => text(field, v, max).map(Some),
        None => Ok(None),
    }
}
