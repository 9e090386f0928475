//! The scheduling API: clinic set-up (`settings`), the appointment book (`appointments`), and
//! the calendar's range and availability reads (`calendar`).

mod appointments;
mod calendar;
mod dto;
mod settings;

pub use appointments::AppointmentsApi;
pub use calendar::{CalendarApi, CalendarOut, WorkingSpanOut};
pub use dto::{AppointmentOut, Visibility};
pub use settings::SettingsApi;

use std::future::Future;

use super::model::SchedulingError;
use crate::auth::ClinicCtx;
use crate::db::{ClinicTx, DbFailure, classify};
use crate::http::ApiError;

/// Runs a write, committing it, and runs it again (up to three times) when it lost a lock race
/// (a deadlock or serialization failure), which is not the caller's problem.
pub(crate) async fn write_with_retries<T, F, Fut>(ctx: &ClinicCtx, mut run: F) -> Result<T, ApiError>
where
    F: FnMut(ClinicTx) -> Fut,
    Fut: Future<Output = (ClinicTx, Result<T, SchedulingError>)>,
{
    let mut attempt = 0;
    loop {
        attempt += 1;
        let tx = ctx.write().await?;
        let (tx, result) = run(tx).await;
        match result {
            Ok(value) => match tx.commit().await {
                Ok(()) => return Ok(value),
                Err(e) if classify(&e) == DbFailure::Retry && attempt < 3 => continue,
                Err(e) => return Err(e.into()),
            },
            Err(e) if e.is_retryable() && attempt < 3 => continue,
            Err(e) => return Err(e.into()),
        }
    }
}
