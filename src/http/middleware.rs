use std::time::Instant;

use poem::http::{HeaderValue, StatusCode, header};
use poem::{Endpoint, IntoResponse, Request, Response};
use tracing::Instrument;

use super::error::{ApiError, ErrorCode, FieldProblem, Problem, problem_response};

/// Who asked, from where: attached to every request, used by the audit log.
#[derive(Debug, Clone)]
pub struct RequestMeta {
    pub id: String,
    pub ip: Option<String>,
    pub user_agent: Option<String>,
}

impl RequestMeta {
    /// For work with no request behind it.
    pub fn unknown() -> Self {
        Self { id: String::new(), ip: None, user_agent: None }
    }
}

/// Outermost layer: gives each request an id (echoed as `x-request-id`), states the server time
/// it took (`server-timing`), logs one line per request without query strings or bodies, and
/// turns every error into a problem response.
pub async fn observe<E: Endpoint>(next: E, mut req: Request, trust_proxy: bool) -> poem::Result<Response> {
    let started = Instant::now();
    let id = uuid::Uuid::now_v7().simple().to_string();
    let forwarded = trust_proxy
        .then(|| req.header("x-forwarded-for").and_then(|v| v.split(',').next()).map(|v| v.trim().to_owned()))
        .flatten();
    let ip = forwarded.or_else(|| req.remote_addr().as_socket_addr().map(|a| a.ip().to_string()));
    let user_agent = req.header(header::USER_AGENT).map(|v| v.chars().take(300).collect());
    req.extensions_mut().insert(RequestMeta { id: id.clone(), ip, user_agent });

    let method = req.method().clone();
    let path = req.uri().path().to_owned();
    let wants_html =
        !path.starts_with("/api/") && req.header(header::ACCEPT).is_some_and(|accept| accept.contains("text/html"));
    let span = tracing::info_span!("request", request_id = %id, method = %method, path = %path);

    let mut response = match next.call(req).instrument(span.clone()).await {
        Ok(response) => response.into_response(),
        Err(err) => error_response(err, wants_html),
    };
    if let Ok(value) = HeaderValue::from_str(&id) {
        response.headers_mut().insert("x-request-id", value);
    }
    let headers = response.headers_mut();
    headers.insert("x-content-type-options", HeaderValue::from_static("nosniff"));
    headers.insert("referrer-policy", HeaderValue::from_static("same-origin"));
    headers.entry("x-frame-options").or_insert(HeaderValue::from_static("DENY"));
    let status = response.status().as_u16();
    let elapsed_ms = started.elapsed().as_secs_f64() * 1000.0;
    // The server's own time for the request, for browsers' developer tools and the benchmarks.
    if let Ok(value) = HeaderValue::from_str(&format!("app;dur={elapsed_ms:.3}")) {
        response.headers_mut().insert("server-timing", value);
    }
    span.in_scope(|| {
        if status >= 500 {
            tracing::warn!(status, elapsed_ms, "answered");
        } else {
            tracing::info!(status, elapsed_ms, "answered");
        }
    });
    Ok(response)
}

/// Renders any error as a problem (or, for a browser asking for a page, a plain friendly page).
pub fn error_response(err: poem::Error, wants_html: bool) -> Response {
    if err.is::<ApiError>() {
        return err.into_response();
    }
    let status = err.status();
    let (code, message, fields) = describe(&err, status);
    if status.is_server_error() {
        tracing::error!(error = %err, "unhandled error");
    }
    if wants_html && matches!(status, StatusCode::NOT_FOUND | StatusCode::METHOD_NOT_ALLOWED) {
        return not_available_page();
    }
    problem_response(status, &Problem { code, message, fields })
}

fn describe(err: &poem::Error, status: StatusCode) -> (ErrorCode, String, Vec<FieldProblem>) {
    use poem_openapi::error::{
        ContentTypeError, ParseMultipartError, ParseParamError, ParsePathError, ParseRequestPayloadError,
    };
    if let Some(e) = err.downcast_ref::<ParseRequestPayloadError>() {
        let field = missing_or_bad_field(&e.reason);
        let fields = field.map(|f| vec![FieldProblem::new(f, "invalid", e.reason.clone())]).unwrap_or_default();
        return (ErrorCode::InvalidBody, format!("The request body is not valid: {}", e.reason), fields);
    }
    if let Some(e) = err.downcast_ref::<ParseParamError>() {
        return (
            ErrorCode::InvalidParameter,
            format!("The parameter `{}` is not valid.", e.name),
            vec![FieldProblem::new(e.name, "invalid", e.reason.clone())],
        );
    }
    if let Some(e) = err.downcast_ref::<ParsePathError>() {
        return (
            ErrorCode::InvalidParameter,
            format!("The path parameter `{}` is not valid.", e.name),
            vec![FieldProblem::new(e.name, "invalid", e.reason.clone())],
        );
    }
    if let Some(e) = err.downcast_ref::<ParseMultipartError>() {
        return (ErrorCode::InvalidBody, format!("The upload is not valid: {}", e.reason), vec![]);
    }
    if err.downcast_ref::<ContentTypeError>().is_some() {
        return (ErrorCode::UnsupportedMediaType, "Send this request as application/json.".into(), vec![]);
    }
    let code = match status {
        StatusCode::NOT_FOUND => ErrorCode::NotFound,
        StatusCode::METHOD_NOT_ALLOWED => ErrorCode::MethodNotAllowed,
        StatusCode::UNAUTHORIZED => ErrorCode::Unauthenticated,
        StatusCode::FORBIDDEN => ErrorCode::Forbidden,
        StatusCode::PAYLOAD_TOO_LARGE | StatusCode::LENGTH_REQUIRED => ErrorCode::PayloadTooLarge,
        StatusCode::UNSUPPORTED_MEDIA_TYPE => ErrorCode::UnsupportedMediaType,
        StatusCode::TOO_MANY_REQUESTS => ErrorCode::TooManyRequests,
        s if s.is_server_error() => ErrorCode::Internal,
        _ => ErrorCode::BadRequest,
    };
    let message = match code {
        ErrorCode::NotFound => "Not found.".to_owned(),
        ErrorCode::MethodNotAllowed => "That method is not allowed here.".to_owned(),
        ErrorCode::Unauthenticated => "Sign in to continue.".to_owned(),
        ErrorCode::Internal => "Something went wrong on our side.".to_owned(),
        _ => err.to_string(),
    };
    (code, message, vec![])
}

/// Picks the field name out of serde's "missing field `x`" / "unknown field `x`" reasons.
fn missing_or_bad_field(reason: &str) -> Option<String> {
    let start = reason.find('`')? + 1;
    let end = start + reason[start..].find('`')?;
    Some(reason[start..end].to_owned())
}

/// The page a browser sees for anything that is not there, including unknown and suspended
/// clinics: it says nothing about why.
pub fn not_available_page() -> Response {
    super::pages::message(
        StatusCode::NOT_FOUND,
        "This page isn’t available",
        "Check the address, or ask your clinic for the right link.",
        None,
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn field_names_are_found_in_parse_reasons() {
        assert_eq!(
            missing_or_bad_field("failed to parse \"X\": missing field `firstName`").as_deref(),
            Some("firstName")
        );
        assert_eq!(missing_or_bad_field("expected value at line 1"), None);
    }
}
