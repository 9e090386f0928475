//! The request's clinic: the only way a handler reaches clinic data.

use std::sync::Arc;

use poem::{FromRequest, Request, RequestBody};

use crate::app::AppState;
use crate::db::TenantDb;
use crate::http::{ApiError, RequestMeta};
use crate::platform::Clinic;
use crate::platform::tenancy::Site;

/// The clinic a request is addressed to (from its Host header), with its database. Asking for
/// it on any other host answers 404.
#[derive(Clone)]
pub struct ClinicHost {
    pub clinic: Arc<Clinic>,
    pub db: TenantDb,
    pub state: AppState,
    pub request: RequestMeta,
}

impl ClinicHost {
    pub fn now(&self) -> chrono::DateTime<chrono::Utc> {
        self.state.clock.now()
    }
}

impl<'a> FromRequest<'a> for ClinicHost {
    async fn from_request(req: &'a Request, _body: &mut RequestBody) -> poem::Result<Self> {
        let Some(Site::Clinic(clinic)) = req.extensions().get::<Site>() else {
            return Err(ApiError::not_found().into());
        };
        let state = req.data::<AppState>().cloned().ok_or_else(|| ApiError::internal(anyhow::anyhow!("no state")))?;
        let request = req.extensions().get::<RequestMeta>().cloned().unwrap_or(RequestMeta {
            id: String::new(),
            ip: None,
            user_agent: None,
        });
        Ok(Self { db: state.dbs.tenant(clinic.id.0), clinic: clinic.clone(), state, request })
    }
}
