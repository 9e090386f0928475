use chrono::{DateTime, Duration, NaiveDate, Utc};
use poem_openapi::param::Query;
use poem_openapi::payload::Json;
use poem_openapi::{Object, OpenApi};

use super::appointments::visibility;
use super::dto::AppointmentOut;
use super::settings_dto::TimeOffOut;
use crate::auth::Staff;
use crate::auth::permissions::AppointmentsRead;
use crate::http::tags::ApiTags;
use crate::http::{ApiError, ApiResult, FieldProblem};
use crate::scheduling::model::{AppointmentStatus, RoomId, ServiceId};
use crate::scheduling::service::{self, AvailabilityQuery, CalendarFilter};
use crate::staff::StaffUserId;

pub struct CalendarApi;

#[derive(Debug, Object)]
#[oai(rename_all = "camelCase")]
pub struct WorkingSpanOut {
    pub provider_id: StaffUserId,
    pub starts_at: DateTime<Utc>,
    pub ends_at: DateTime<Utc>,
}

/// Everything the calendar shows for a range, in one answer.
#[derive(Debug, Object)]
#[oai(rename_all = "camelCase")]
pub struct CalendarOut {
    /// Appointments starting in the range, earliest first.
    pub appointments: Vec<AppointmentOut>,
    /// Providers' time off overlapping the range.
    pub time_off: Vec<TimeOffOut>,
    /// Providers' working hours in the range, as instants.
    pub working_hours: Vec<WorkingSpanOut>,
}

#[derive(Debug, Object)]
#[oai(rename_all = "camelCase", skip_serializing_if_is_none)]
pub struct SlotOption {
    pub provider_id: StaffUserId,
    pub room_id: Option<RoomId>,
}

#[derive(Debug, Object)]
#[oai(rename_all = "camelCase")]
pub struct SlotOut {
    pub starts_at: DateTime<Utc>,
    pub ends_at: DateTime<Utc>,
    /// Who could take it (and in which room).
    pub options: Vec<SlotOption>,
}

#[derive(Debug, Object)]
#[oai(rename_all = "camelCase")]
pub struct AvailabilityOut {
    pub slots: Vec<SlotOut>,
}

#[OpenApi(tag = "ApiTags::Calendar")]
impl CalendarApi {
    /// The calendar for a range
    ///
    /// Appointments starting between `from` and `to` (at most 42 days apart) with patient,
    /// service, provider, room and status, plus providers' working hours and time off, filtered
    /// by providers, rooms and statuses (repeat a parameter for several). Needs
    /// `appointments:read`.
    #[oai(path = "/calendar", method = "get", operation_id = "calendar.range")]
    async fn range(
        &self,
        auth: Staff<AppointmentsRead>,
        from: Query<DateTime<Utc>>,
        to: Query<DateTime<Utc>>,
        #[oai(name = "providerId", default)] providers: Query<Vec<StaffUserId>>,
        #[oai(name = "roomId", default)] rooms: Query<Vec<RoomId>>,
        #[oai(name = "status", default)] statuses: Query<Vec<AppointmentStatus>>,
    ) -> ApiResult<Json<CalendarOut>> {
        if to.0 <= from.0 || to.0 - from.0 > Duration::days(42) {
            return Err(ApiError::validation(vec![FieldProblem::new(
                "to",
                "out_of_range",
                "`to` must be after `from`, at most 42 days later.",
            )]));
        }
        let filter = CalendarFilter { providers: providers.0, rooms: rooms.0, statuses: statuses.0 };
        let mut op = auth.begin_read().await?;
        let range = service::calendar(&mut op, from.0, to.0, &filter).await?;
        let seen = visibility(&auth);
        Ok(Json(CalendarOut {
            appointments: range.appointments.into_iter().map(|a| AppointmentOut::new(a, seen)).collect(),
            time_off: range.time_off.into_iter().map(Into::into).collect(),
            working_hours: range
                .working
                .into_iter()
                .map(|w| WorkingSpanOut { provider_id: w.provider_id, starts_at: w.starts_at, ends_at: w.ends_at })
                .collect(),
        }))
    }

    /// Free times for a service
    ///
    /// Start times between two dates (inclusive, in the clinic's time zone, at most 31 days) when
    /// the service fits a provider's hours, their other appointments and time off, its buffer,
    /// and a free suitable room. For one provider, or for anyone who performs the service.
    /// Needs `appointments:read`.
    #[oai(path = "/availability", method = "get", operation_id = "calendar.availability")]
    async fn availability(
        &self,
        auth: Staff<AppointmentsRead>,
        #[oai(name = "serviceId")] service_id: Query<ServiceId>,
        #[oai(name = "providerId")] provider_id: Query<Option<StaffUserId>>,
        from: Query<NaiveDate>,
        to: Query<NaiveDate>,
        /// Minutes between start times (default 15).
        step: Query<Option<u32>>,
    ) -> ApiResult<Json<AvailabilityOut>> {
        if to.0 < from.0 || to.0 - from.0 > Duration::days(31) {
            return Err(ApiError::validation(vec![FieldProblem::new(
                "to",
                "out_of_range",
                "`to` must not be before `from`, at most 31 days later.",
            )]));
        }
        let step = step.0.unwrap_or(15);
        if !(5..=120).contains(&step) {
            return Err(ApiError::validation(vec![FieldProblem::new("step", "out_of_range", "Use 5 to 120 minutes.")]));
        }
        let query = AvailabilityQuery {
            service: service_id.0,
            provider: provider_id.0,
            from: from.0,
            to: to.0,
            step_minutes: step,
            not_before: auth.ctx.now(),
            online: false,
        };
        let mut op = auth.begin_read().await?;
        let tz = op.tz();
        let slots = service::availability(op.tx(), tz, &query).await?;
        Ok(Json(AvailabilityOut {
            slots: slots
                .into_iter()
                .map(|s| SlotOut {
                    starts_at: s.starts_at,
                    ends_at: s.ends_at,
                    options: s
                        .options
                        .into_iter()
                        .map(|(provider_id, room_id)| SlotOption { provider_id, room_id })
                        .collect(),
                })
                .collect(),
        }))
    }
}
