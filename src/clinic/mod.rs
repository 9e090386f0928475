//! A clinic's requests: the clinic a request is addressed to ([`ClinicHost`]) and the unit of
//! work every clinic operation runs as ([`ClinicOp`]).
//!
//! A handler's shape is always the same: the context (`Staff<P>` proves who asks and that their
//! role holds `P`), a unit of work begun from it, one service verb that checks, writes and
//! audits, the commit, and the answer:
//!
//! ```ignore
//! async fn sign(&self, auth: Person<ChartsSign>, id: Path<ChartId>) -> ApiResult<Json<ChartOut>> {
//!     let mut op = auth.begin().await?;
//!     let signed = signoff::sign(&mut op, id.0).await?;
//!     let chart = op.commit(signed).await?;
//!     Ok(Json(ChartOut::new(&auth, chart)))
//! }
//! ```
//!
//! A clinic transaction exists only inside a unit of work; a unit of work only comes from an
//! authorised context (staff, the public booking visitor, or the system acting for the
//! platform), and commits only with an audit entry written in it.

use std::sync::Arc;

use poem::{FromRequest, Request, RequestBody};

pub use crate::auth::{Acting, Audited, ClinicOp, Retryable, with_retries};

use crate::db::TenantDb;
use crate::http::{ApiError, RequestMeta};
use crate::platform::Clinic;
use crate::platform::tenancy::Site;
use crate::state::{AppState, Services};

/// The clinic a request is addressed to (from its Host header), with its database. Asking for
/// it on any other host answers 404. It carries the server's [`Services`] but never the other
/// databases, so nothing reached from it can open another clinic's data or the platform's.
#[derive(Clone)]
pub struct ClinicHost {
    pub clinic: Arc<Clinic>,
    db: TenantDb,
    pub services: Arc<Services>,
    pub request: RequestMeta,
}

impl ClinicHost {
    pub fn now(&self) -> chrono::DateTime<chrono::Utc> {
        self.services.clock.now()
    }

    /// This clinic's database. Only authentication (sessions, tokens, sign-in) opens it
    /// directly; everything else gets its transaction from a [`ClinicOp`].
    pub(crate) fn db(&self) -> &TenantDb {
        &self.db
    }

    pub async fn from_request_without_body(req: &Request) -> poem::Result<Self> {
        let mut body = RequestBody::default();
        <ClinicHost as FromRequest>::from_request(req, &mut body).await
    }
}

impl<'a> FromRequest<'a> for ClinicHost {
    async fn from_request(req: &'a Request, _body: &mut RequestBody) -> poem::Result<Self> {
        let Some(Site::Clinic(clinic)) = req.extensions().get::<Site>() else {
            return Err(ApiError::not_found().into());
        };
        let state = req.data::<AppState>().ok_or_else(|| ApiError::internal(anyhow::anyhow!("no state")))?;
        let request = req.extensions().get::<RequestMeta>().cloned().unwrap_or_else(RequestMeta::unknown);
        Ok(Self {
            db: state.dbs().tenant(clinic.id.0),
            clinic: clinic.clone(),
            services: state.services().clone(),
            request,
        })
    }
}
