use chrono::{DateTime, Utc};

use crate::charting::TemplateKind;
use crate::patients::PatientId;
use crate::staff::StaffUserId;

crate::id_type!(
    /// A room's id.
    RoomId
);
crate::id_type!(
    /// A service's id.
    ServiceId
);
crate::id_type!(
    /// An appointment's id.
    AppointmentId
);
crate::id_type!(
    /// A block of a provider's time off.
    TimeOffId
);
crate::id_type!(
    /// One span of a provider's weekly working hours.
    WorkingHoursId
);

crate::text_enum! {
    /// Where an appointment is in its day: booked -> confirmed -> checked_in -> in_progress ->
    /// completed, or cancelled / no_show.
    pub enum AppointmentStatus {
        Booked = "booked",
        Confirmed = "confirmed",
        CheckedIn = "checked_in",
        InProgress = "in_progress",
        Completed = "completed",
        Cancelled = "cancelled",
        NoShow = "no_show",
    }
}

impl AppointmentStatus {
    /// Whether the appointment still holds its provider's and room's time.
    pub fn is_active(self) -> bool {
        !matches!(self, AppointmentStatus::Cancelled | AppointmentStatus::NoShow)
    }
}

crate::text_enum! {
    pub enum AppointmentSource {
        Staff = "staff",
        Online = "online",
        Api = "api",
    }
}

#[derive(Debug, Clone)]
pub struct NewService {
    pub name: String,
    pub category: String,
    pub description: Option<String>,
    pub duration_minutes: i32,
    pub buffer_after_minutes: i32,
    pub price_cents: i64,
    pub color: String,
    pub needs_room: bool,
    pub bookable_online: bool,
    pub chart_kind: TemplateKind,
    /// When it needs a room: the rooms that will do (empty: any room).
    pub rooms: Vec<RoomId>,
}

#[derive(Debug, Clone)]
pub struct NewAppointment {
    pub patient: PatientId,
    pub provider: StaffUserId,
    pub service: ServiceId,
    pub room: Option<RoomId>,
    pub starts_at: DateTime<Utc>,
    pub ends_at: DateTime<Utc>,
    pub blocked_until: DateTime<Utc>,
    pub status: AppointmentStatus,
    pub source: AppointmentSource,
    pub notes: Option<String>,
    pub cancellation_reason: Option<String>,
    /// When the status last moved (used for the matching `*_at` column).
    pub status_at: DateTime<Utc>,
    pub created_by: Option<StaffUserId>,
}

/// An appointment as a patient's history shows it.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct PatientAppointment {
    pub id: AppointmentId,
    pub starts_at: DateTime<Utc>,
    pub ends_at: DateTime<Utc>,
    pub status: AppointmentStatus,
    pub source: AppointmentSource,
    pub service_name: String,
    pub service_color: String,
    pub provider_name: String,
    pub room_name: Option<String>,
    pub cancellation_reason: Option<String>,
}
