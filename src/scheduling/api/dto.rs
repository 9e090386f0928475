use chrono::{DateTime, Utc};
use poem_openapi::Object;
use poem_openapi::types::MaybeUndefined;

use super::super::model::{
    AppointmentId, AppointmentSource, AppointmentStatus, CalendarAppointment, RoomId, ServiceId,
};
use crate::patients::PatientId;
use crate::staff::StaffUserId;

/// An appointment as the calendar and its side panel show it.
#[derive(Debug, Clone, Object)]
#[oai(rename_all = "camelCase", skip_serializing_if_is_none)]
pub struct AppointmentOut {
    pub id: AppointmentId,
    pub patient_id: PatientId,
    pub patient_first_name: String,
    pub patient_last_name: String,
    pub patient_preferred_name: Option<String>,
    /// Whether the patient has allergies on record; only for roles that may read medical details.
    pub has_allergies: Option<bool>,
    pub provider_id: StaffUserId,
    pub provider_name: String,
    pub service_id: ServiceId,
    pub service_name: String,
    pub service_color: String,
    pub room_id: Option<RoomId>,
    pub room_name: Option<String>,
    pub starts_at: DateTime<Utc>,
    pub ends_at: DateTime<Utc>,
    /// The end plus the service's buffer: until then neither provider nor room is free.
    pub blocked_until: DateTime<Utc>,
    pub status: AppointmentStatus,
    pub source: AppointmentSource,
    pub notes: Option<String>,
    pub cancellation_reason: Option<String>,
    /// The visit's chart, once opened; only for roles that may read charts.
    pub chart_id: Option<crate::charting::ChartId>,
    /// Only for roles that may read charts.
    pub chart_status: Option<crate::charting::ChartStatus>,
}

/// What of an appointment the person asking may see beyond the calendar itself.
#[derive(Debug, Clone, Copy)]
pub struct Visibility {
    /// Whether the patient has allergies (`patient_medical:read`).
    pub allergies: bool,
    /// The visit's chart and its status (`charts:read`).
    pub charts: bool,
}

impl AppointmentOut {
    pub fn new(a: CalendarAppointment, seen: Visibility) -> Self {
        Self {
            id: a.id,
            patient_id: a.patient_id,
            patient_first_name: a.first_name,
            patient_last_name: a.last_name,
            patient_preferred_name: a.preferred_name,
            has_allergies: seen.allergies.then_some(a.has_allergies),
            provider_id: a.provider_id,
            provider_name: a.provider_name,
            service_id: a.service_id,
            service_name: a.service_name,
            service_color: a.service_color,
            room_id: a.room_id,
            room_name: a.room_name,
            starts_at: a.starts_at,
            ends_at: a.ends_at,
            blocked_until: a.blocked_until,
            status: a.status,
            source: a.source,
            notes: a.notes,
            cancellation_reason: a.cancellation_reason,
            chart_id: a.chart_id.filter(|_| seen.charts),
            chart_status: a.chart_status.filter(|_| seen.charts),
        }
    }
}

#[derive(Debug, Object)]
#[oai(rename_all = "camelCase")]
pub struct BookedOut {
    pub appointment: AppointmentOut,
    /// Staff may book outside the provider's hours (or into their time off); this says when they did.
    pub outside_working_hours: bool,
}

#[derive(Debug, Object)]
#[oai(rename_all = "camelCase", skip_serializing_if_is_none)]
pub struct AppointmentIn {
    pub patient_id: PatientId,
    pub provider_id: StaffUserId,
    pub service_id: ServiceId,
    /// Left out: a suitable free room is chosen when the service needs one.
    pub room_id: Option<RoomId>,
    pub starts_at: DateTime<Utc>,
    /// Left out: the service's duration.
    pub ends_at: Option<DateTime<Utc>>,
    pub notes: Option<String>,
}

/// Move, resize, reassign or annotate. Absent fields stay; `null` clears room or notes.
#[derive(Debug, Object)]
#[oai(rename_all = "camelCase", skip_serializing_if_is_none)]
pub struct AppointmentPatchIn {
    pub starts_at: Option<DateTime<Utc>>,
    pub ends_at: Option<DateTime<Utc>>,
    pub provider_id: Option<StaffUserId>,
    #[oai(nullable)]
    pub room_id: MaybeUndefined<RoomId>,
    pub service_id: Option<ServiceId>,
    #[oai(nullable)]
    pub notes: MaybeUndefined<String>,
}

#[derive(Debug, Object)]
#[oai(rename_all = "camelCase")]
pub struct StatusIn {
    pub status: AppointmentStatus,
}

#[derive(Debug, Object)]
#[oai(rename_all = "camelCase")]
pub struct CancelIn {
    /// Why, e.g. "Rescheduled by patient".
    pub reason: String,
}
