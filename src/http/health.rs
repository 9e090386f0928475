//! `/healthz`: the process is up. `/readyz`: the database answers. Both on any host, so load
//! balancers can call them by address.

use poem::http::StatusCode;
use poem::web::Data;
use poem::{IntoResponse, Response, handler};

use crate::state::AppState;

#[handler]
pub fn healthz() -> Response {
    Response::builder().content_type("application/json").body(r#"{"status":"ok"}"#)
}

#[handler]
pub async fn readyz(state: Data<&AppState>) -> Response {
    match state.dbs().ping().await {
        Ok(()) => Response::builder().content_type("application/json").body(r#"{"status":"ready"}"#),
        Err(err) => {
            tracing::warn!(error = %err, "database not reachable");
            let problem = super::Problem {
                code: super::ErrorCode::ServiceUnavailable,
                message: "The database is not reachable.".into(),
                fields: vec![],
            };
            super::error::problem_response(StatusCode::SERVICE_UNAVAILABLE, &problem).into_response()
        }
    }
}
