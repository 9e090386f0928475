use poem_openapi::param::{Header, Path};
use poem_openapi::payload::Json;
use poem_openapi::types::MaybeUndefined;
use poem_openapi::{ApiResponse, OpenApi};

use super::dto::{AppointmentIn, AppointmentOut, AppointmentPatchIn, BookedOut, CancelIn, StatusIn, Visibility};
use crate::auth::Staff;
use crate::auth::permissions::{
    AppointmentsCancel, AppointmentsRead, AppointmentsWrite, ChartsRead, MedicalRead, Permission,
};
use crate::clinic::with_retries;
use crate::http::input::idempotency_key;
use crate::http::tags::ApiTags;
use crate::http::{ApiError, ApiResult, FieldProblem};
use crate::scheduling::model::{AppointmentId, AppointmentSource};
use crate::scheduling::service::{self as booking, BookingRequest, Change};
use crate::types::clean_optional;

pub struct AppointmentsApi;

#[derive(ApiResponse)]
pub enum Created {
    #[oai(status = 201)]
    Created(Json<BookedOut>),
}

fn notes(input: Option<&str>) -> Result<Option<String>, ApiError> {
    let notes = clean_optional(input);
    if notes.as_ref().is_some_and(|n| n.chars().count() > 2000) {
        return Err(ApiError::validation(vec![FieldProblem::new(
            "notes",
            "too_long",
            "Keep notes under 2,000 characters.",
        )]));
    }
    Ok(notes)
}

#[OpenApi(tag = "ApiTags::Appointments")]
impl AppointmentsApi {
    /// Book an appointment
    ///
    /// The provider and room must be free for the visit plus the service's buffer; otherwise
    /// `slot_unavailable` (409) names what is in the way. Staff may book outside the provider's
    /// hours; the answer says so (`outsideWorkingHours`). Needs `appointments:write`.
    #[oai(path = "/appointments", method = "post", operation_id = "appointments.create")]
    async fn create(
        &self,
        auth: Staff<AppointmentsWrite>,
        body: Json<AppointmentIn>,
        /// Any unique string (say a UUID) for this booking: sending the same request again with
        /// it (a double tap, a retry after a dropped connection) returns the first appointment.
        #[oai(name = "Idempotency-Key")]
        key: Header<Option<String>>,
    ) -> ApiResult<Created> {
        let ctx = &auth.ctx;
        // Scoped to the caller, so one person's key can never reveal another's booking.
        let idempotency_key = idempotency_key(key.0.as_deref(), format!("staff:{}", ctx.on_behalf_of().0))?;
        let request = BookingRequest {
            patient: body.patient_id,
            provider: body.provider_id,
            service: body.service_id,
            room: body.room_id,
            starts_at: body.starts_at,
            ends_at: body.ends_at,
            notes: notes(body.notes.as_deref())?,
            source: if ctx.user().is_some() { AppointmentSource::Staff } else { AppointmentSource::Api },
            idempotency_key,
        };
        let booked = with_retries(
            || auth.begin(),
            |mut op| {
                let request = request.clone();
                async move {
                    let booked = booking::book(&mut op, request).await;
                    (op, booked)
                }
            },
        )
        .await?;
        Ok(Created::Created(Json(BookedOut {
            appointment: AppointmentOut::new(booked.appointment, visibility(&auth)),
            outside_working_hours: booked.outside_hours,
        })))
    }

    /// Get an appointment
    ///
    /// Needs `appointments:read`.
    #[oai(path = "/appointments/:id", method = "get", operation_id = "appointments.get")]
    async fn get(&self, auth: Staff<AppointmentsRead>, id: Path<AppointmentId>) -> ApiResult<Json<AppointmentOut>> {
        let mut op = auth.begin_read().await?;
        let appointment = booking::appointment(&mut op, id.0).await?;
        Ok(Json(AppointmentOut::new(appointment, visibility(&auth))))
    }

    /// Move, resize or reassign an appointment
    ///
    /// Change its start (the length stays), its end, provider, room, service or notes. The same
    /// checks as booking apply. Completed, cancelled and no-show appointments can't be moved
    /// (`invalid_transition`). Once the visit's chart is submitted for sign-off, its time,
    /// provider and service are part of the record and can't change (`visit_locked`); the room
    /// and notes still can. Needs `appointments:write`.
    #[oai(path = "/appointments/:id", method = "patch", operation_id = "appointments.update")]
    async fn update(
        &self,
        auth: Staff<AppointmentsWrite>,
        id: Path<AppointmentId>,
        body: Json<AppointmentPatchIn>,
    ) -> ApiResult<Json<BookedOut>> {
        let change = Change {
            starts_at: body.starts_at,
            ends_at: body.ends_at,
            provider: body.provider_id,
            room: match &body.room_id {
                MaybeUndefined::Undefined => None,
                MaybeUndefined::Null => Some(None),
                MaybeUndefined::Value(r) => Some(Some(*r)),
            },
            service: body.service_id,
            notes: match &body.notes {
                MaybeUndefined::Undefined => None,
                MaybeUndefined::Null => Some(None),
                MaybeUndefined::Value(n) => Some(notes(Some(n))?),
            },
        };
        let booked = with_retries(
            || auth.begin(),
            |mut op| {
                let change = change.clone();
                async move {
                    let booked = booking::change(&mut op, id.0, change).await;
                    (op, booked)
                }
            },
        )
        .await?;
        Ok(Json(BookedOut {
            appointment: AppointmentOut::new(booked.appointment, visibility(&auth)),
            outside_working_hours: booked.outside_hours,
        }))
    }

    /// Change an appointment's status
    ///
    /// booked → confirmed → checked_in → in_progress → completed, and no_show; a few steps can
    /// be taken back (undo a check-in, a no-show). Check-in only on the day; no-show only once
    /// the start time has passed. Refused moves are `invalid_transition`; a visit whose chart
    /// is submitted can't become a no-show (`visit_locked`). Cancelling has its own operation.
    /// Needs `appointments:write`.
    #[oai(path = "/appointments/:id/status", method = "post", operation_id = "appointments.set_status")]
    async fn set_status(
        &self,
        auth: Staff<AppointmentsWrite>,
        id: Path<AppointmentId>,
        body: Json<StatusIn>,
    ) -> ApiResult<Json<AppointmentOut>> {
        let to = body.status;
        let appointment = with_retries(
            || auth.begin(),
            |mut op| async move {
                let changed = booking::set_status(&mut op, id.0, to).await;
                (op, changed)
            },
        )
        .await?;
        Ok(Json(AppointmentOut::new(appointment, visibility(&auth))))
    }

    /// Cancel an appointment
    ///
    /// With a reason; the time is free again at once. In-progress, completed and no-show
    /// appointments can't be cancelled, nor can a visit whose chart is submitted
    /// (`visit_locked`). Needs `appointments:cancel`.
    #[oai(path = "/appointments/:id/cancel", method = "post", operation_id = "appointments.cancel")]
    async fn cancel(
        &self,
        auth: Staff<AppointmentsCancel>,
        id: Path<AppointmentId>,
        body: Json<CancelIn>,
    ) -> ApiResult<Json<AppointmentOut>> {
        let reason = body.reason.split_whitespace().collect::<Vec<_>>().join(" ");
        if reason.is_empty() || reason.chars().count() > 500 {
            return Err(ApiError::validation(vec![FieldProblem::new(
                "reason",
                "required",
                "Say why (up to 500 characters).",
            )]));
        }
        let mut op = auth.begin().await?;
        let cancelled = booking::cancel(&mut op, id.0, &reason).await?;
        let appointment = op.commit(cancelled).await?;
        Ok(Json(AppointmentOut::new(appointment, visibility(&auth))))
    }
}

/// What the person asking may see of an appointment, by their role.
pub(super) fn visibility<P: Permission>(auth: &Staff<P>) -> Visibility {
    Visibility { allergies: auth.may::<MedicalRead>().is_some(), charts: auth.may::<ChartsRead>().is_some() }
}
