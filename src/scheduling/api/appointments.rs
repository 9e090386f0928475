use poem_openapi::param::{Header, Path};
use poem_openapi::payload::Json;
use poem_openapi::types::MaybeUndefined;
use poem_openapi::{ApiResponse, OpenApi};
use serde_json::json;

use super::dto::{AppointmentIn, AppointmentOut, AppointmentPatchIn, BookedOut, CancelIn, StatusIn, Visibility};
use super::write_with_retries;
use crate::audit::AuditAction;
use crate::auth::permissions::{AppointmentsCancel, AppointmentsRead, AppointmentsWrite, ChartsRead, MedicalRead};
use crate::auth::{ClinicCtx, Staff};
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

pub(super) fn visibility(ctx: &ClinicCtx) -> Visibility {
    let rbac = &ctx.host.state.rbac;
    Visibility { allergies: rbac.allows::<MedicalRead>(ctx.role), charts: rbac.allows::<ChartsRead>(ctx.role) }
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
        idempotency_key: Header<Option<String>>,
    ) -> ApiResult<Created> {
        let ctx = auth.ctx;
        let idempotency_key = match idempotency_key.0.as_deref().map(str::trim) {
            None | Some("") => None,
            Some(k) if k.len() <= 100 && k.chars().all(|c| c.is_ascii_graphic()) => {
                // Scoped to the caller, so one person's key can never reveal another's booking.
                Some(format!("staff:{}:{k}", ctx.on_behalf_of().0))
            }
            Some(_) => {
                return Err(ApiError::validation(vec![FieldProblem::new(
                    "Idempotency-Key",
                    "invalid",
                    "Use up to 100 visible ASCII characters.",
                )]));
            }
        };
        let tz = ctx.clinic().tz();
        let now = ctx.now();
        let request = BookingRequest {
            patient: body.patient_id,
            provider: body.provider_id,
            service: body.service_id,
            room: body.room_id,
            starts_at: body.starts_at,
            ends_at: body.ends_at,
            notes: notes(body.notes.as_deref())?,
            source: if ctx.user().is_some() { AppointmentSource::Staff } else { AppointmentSource::Api },
            created_by: Some(ctx.on_behalf_of()),
            idempotency_key,
        };
        let booked = write_with_retries(&ctx, |mut tx| {
            let request = request.clone();
            let ctx = &ctx;
            async move {
                let result = async {
                    let booked = booking::book(&mut tx, tz, request, now).await?;
                    if booked.replayed {
                        return Ok(booked);
                    }
                    let a = &booked.appointment;
                    let entry = ctx
                        .audit_entry(AuditAction::AppointmentBooked)
                        .entity("appointment", a.id.0)
                        .patient(a.patient_id.0)
                        .details(json!({ "startsAt": a.starts_at, "providerId": a.provider_id }));
                    ctx.audit(&mut tx, entry).await?;
                    Ok(booked)
                }
                .await;
                (tx, result)
            }
        })
        .await?;
        Ok(Created::Created(Json(BookedOut {
            appointment: AppointmentOut::new(booked.appointment, visibility(&ctx)),
            outside_working_hours: booked.outside_hours,
        })))
    }

    /// Get an appointment
    ///
    /// Needs `appointments:read`.
    #[oai(path = "/appointments/:id", method = "get", operation_id = "appointments.get")]
    async fn get(&self, auth: Staff<AppointmentsRead>, id: Path<AppointmentId>) -> ApiResult<Json<AppointmentOut>> {
        let ctx = auth.ctx;
        let mut tx = ctx.read().await?;
        let appointment = booking::appointment(&mut tx, id.0).await?;
        Ok(Json(AppointmentOut::new(appointment, visibility(&ctx))))
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
        let ctx = auth.ctx;
        let tz = ctx.clinic().tz();
        let now = ctx.now();
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
        let id = id.0;
        let booked = write_with_retries(&ctx, |mut tx| {
            let change = change.clone();
            let ctx = &ctx;
            async move {
                let result = async {
                    let booked = booking::change(&mut tx, tz, id, change, now).await?;
                    let a = &booked.appointment;
                    let entry = ctx
                        .audit_entry(AuditAction::AppointmentChanged)
                        .entity("appointment", a.id.0)
                        .patient(a.patient_id.0)
                        .details(json!({ "startsAt": a.starts_at, "endsAt": a.ends_at, "providerId": a.provider_id, "roomId": a.room_id }));
                    ctx.audit(&mut tx, entry).await?;
                    Ok(booked)
                }
                .await;
                (tx, result)
            }
        })
        .await?;
        Ok(Json(BookedOut {
            appointment: AppointmentOut::new(booked.appointment, visibility(&ctx)),
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
        let ctx = auth.ctx;
        let tz = ctx.clinic().tz();
        let now = ctx.now();
        let (id, to) = (id.0, body.status);
        let appointment = write_with_retries(&ctx, |mut tx| {
            let ctx = &ctx;
            async move {
                let result = async {
                    let (a, from) = booking::set_status(&mut tx, tz, id, to, now).await?;
                    let entry = ctx
                        .audit_entry(AuditAction::AppointmentStatusChanged)
                        .entity("appointment", a.id.0)
                        .patient(a.patient_id.0)
                        .details(json!({ "from": from.as_str(), "to": to.as_str() }));
                    ctx.audit(&mut tx, entry).await?;
                    Ok(a)
                }
                .await;
                (tx, result)
            }
        })
        .await?;
        Ok(Json(AppointmentOut::new(appointment, visibility(&ctx))))
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
        let ctx = auth.ctx;
        let reason = body.reason.split_whitespace().collect::<Vec<_>>().join(" ");
        if reason.is_empty() || reason.chars().count() > 500 {
            return Err(ApiError::validation(vec![FieldProblem::new(
                "reason",
                "required",
                "Say why (up to 500 characters).",
            )]));
        }
        let mut tx = ctx.write().await?;
        let a = booking::cancel(&mut tx, id.0, &reason, ctx.on_behalf_of(), ctx.now()).await?;
        let entry =
            ctx.audit_entry(AuditAction::AppointmentCancelled).entity("appointment", a.id.0).patient(a.patient_id.0);
        ctx.audit(&mut tx, entry).await?;
        tx.commit().await?;
        Ok(Json(AppointmentOut::new(a, visibility(&ctx))))
    }
}
