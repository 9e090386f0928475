//! Checks on input as it arrives, with the field named in the error.

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

/// An `Idempotency-Key` header, scoped to whoever sends it (`scope`), so one caller's key can
/// never reveal another's result. Blank or absent is none.
pub fn idempotency_key(value: Option<&str>, scope: impl std::fmt::Display) -> Result<Option<String>, ApiError> {
    match value.map(str::trim) {
        None | Some("") => Ok(None),
        Some(k) if k.len() <= 100 && k.chars().all(|c| c.is_ascii_graphic()) => Ok(Some(format!("{scope}:{k}"))),
        Some(_) => Err(ApiError::validation(vec![FieldProblem::new(
            "Idempotency-Key",
            "invalid",
            "Use up to 100 visible ASCII characters.",
        )])),
    }
}

/// A JSON body that may be left out altogether: no body (and no content type) reads as `None`,
/// so an action whose options are all optional (submitting a chart) can be called bare. The
/// spec shows the body as optional JSON.
pub struct OptionalJson<T>(pub Option<T>);

impl<'a, T: poem_openapi::types::ParseFromJSON> poem_openapi::ApiExtractor<'a> for OptionalJson<T> {
    const TYPES: &'static [poem_openapi::ApiExtractorType] = &[poem_openapi::ApiExtractorType::RequestObject];

    type ParamType = ();
    type ParamRawType = ();

    fn register(registry: &mut poem_openapi::registry::Registry) {
        T::register(registry);
    }

    fn request_meta() -> Option<poem_openapi::registry::MetaRequest> {
        Some(poem_openapi::registry::MetaRequest {
            description: None,
            content: vec![poem_openapi::registry::MetaMediaType {
                content_type: "application/json; charset=utf-8",
                schema: T::schema_ref(),
            }],
            required: false,
        })
    }

    async fn from_request(
        request: &'a poem::Request,
        body: &mut poem::RequestBody,
        _options: poem_openapi::ExtractParamOptions<()>,
    ) -> poem::Result<Self> {
        let bytes = body.take()?.into_vec().await?;
        if bytes.iter().all(u8::is_ascii_whitespace) {
            return Ok(Self(None));
        }
        match request.content_type() {
            Some(kind) if kind.starts_with("application/json") => {}
            Some(kind) => {
                return Err(
                    poem_openapi::error::ContentTypeError::NotSupported { content_type: kind.to_owned() }.into()
                );
            }
            None => return Err(poem_openapi::error::ContentTypeError::ExpectContentType.into()),
        }
        let value: serde_json::Value = serde_json::from_slice(&bytes)
            .map_err(|e| poem_openapi::error::ParseRequestPayloadError { reason: e.to_string() })?;
        if value.is_null() {
            return Ok(Self(None));
        }
        T::parse_from_json(Some(value))
            .map(|v| Self(Some(v)))
            .map_err(|e| poem_openapi::error::ParseRequestPayloadError { reason: e.into_message() }.into())
    }
}
