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

crate::text_enum! {
    /// How a service is billed: at its price, or by what the visit's chart records.
    pub enum Pricing {
        Fixed = "fixed",
        /// The units of each product charted, at the product's price (neurotoxin per unit,
        /// filler per syringe), plus the service's own price if it has one.
        PerUnit = "per_unit",
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
    pub pricing: Pricing,
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
    /// Makes a repeated request (a double tap, a resubmitted form) book once.
    pub idempotency_key: Option<String>,
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

#[derive(Debug, Clone, sqlx::FromRow)]
pub struct Room {
    pub id: RoomId,
    pub name: String,
    pub description: Option<String>,
    pub sort_order: i32,
    pub archived_at: Option<DateTime<Utc>>,
}

#[derive(Debug, Clone, sqlx::FromRow)]
pub struct Service {
    pub id: ServiceId,
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
    pub pricing: Pricing,
    pub sort_order: i32,
    pub archived_at: Option<DateTime<Utc>>,
}

/// A staff member who takes appointments.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct Provider {
    pub user_id: StaffUserId,
    pub display_name: String,
    pub credentials: Option<String>,
    pub active: bool,
    pub calendar_color: String,
    pub bookable_online: bool,
    pub sort_order: i32,
}

/// One span of weekly hours, in the clinic's wall-clock time.
#[derive(Debug, Clone, Copy, PartialEq, Eq, sqlx::FromRow)]
pub struct WeeklyHours {
    pub provider_id: StaffUserId,
    /// ISO weekday: 1 = Monday.
    pub weekday: i16,
    pub start_minute: i32,
    pub end_minute: i32,
}

#[derive(Debug, Clone, sqlx::FromRow)]
pub struct TimeOff {
    pub id: TimeOffId,
    pub provider_id: StaffUserId,
    pub starts_at: DateTime<Utc>,
    pub ends_at: DateTime<Utc>,
    pub reason: Option<String>,
}

/// Where an appointment stands, as changes to it need to know.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct Appointment {
    pub provider_id: StaffUserId,
    pub service_id: ServiceId,
    pub room_id: Option<RoomId>,
    pub starts_at: DateTime<Utc>,
    pub ends_at: DateTime<Utc>,
    pub blocked_until: DateTime<Utc>,
    pub status: AppointmentStatus,
    pub notes: Option<String>,
}

/// An appointment with everything the calendar shows on it.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct CalendarAppointment {
    pub id: AppointmentId,
    pub patient_id: PatientId,
    pub provider_id: StaffUserId,
    pub service_id: ServiceId,
    pub room_id: Option<RoomId>,
    pub starts_at: DateTime<Utc>,
    pub ends_at: DateTime<Utc>,
    pub blocked_until: DateTime<Utc>,
    pub status: AppointmentStatus,
    pub source: AppointmentSource,
    pub notes: Option<String>,
    pub cancellation_reason: Option<String>,
    pub first_name: String,
    pub last_name: String,
    pub preferred_name: Option<String>,
    pub has_allergies: bool,
    pub service_name: String,
    pub service_color: String,
    pub provider_name: String,
    pub room_name: Option<String>,
    pub chart_id: Option<crate::charting::ChartId>,
    pub chart_status: Option<crate::charting::ChartStatus>,
}

/// What is already booked where a new or moved appointment wants to go.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct Conflict {
    pub id: AppointmentId,
    pub provider_id: StaffUserId,
    pub room_id: Option<RoomId>,
    pub starts_at: DateTime<Utc>,
    pub ends_at: DateTime<Utc>,
    pub provider_name: String,
    pub room_name: Option<String>,
    pub service_name: String,
}

#[derive(Debug, thiserror::Error)]
pub enum SchedulingError {
    #[error("not found")]
    NotFound,
    #[error("the slot is taken")]
    SlotUnavailable { conflict: Box<Conflict>, provider_busy: bool, tz: chrono_tz::Tz },
    /// Taken at the last moment, by a booking the database saw first.
    #[error("the slot was just taken")]
    SlotTaken,
    #[error("{0}")]
    Rule(super::rules::RuleError),
    #[error("{field}: {message}")]
    Invalid { field: &'static str, code: &'static str, message: String },
    #[error("a room or service with that name exists")]
    NameTaken,
    /// The visit's chart was submitted: its time, provider, service and patient are part of the
    /// record now.
    #[error("the visit's chart is submitted")]
    VisitLocked,
    #[error(transparent)]
    Patients(#[from] crate::patients::PatientsError),
    #[error(transparent)]
    Db(sqlx::Error),
}

impl From<sqlx::Error> for SchedulingError {
    fn from(err: sqlx::Error) -> Self {
        match crate::db::classify(&err) {
            crate::db::DbFailure::VisitLocked => SchedulingError::VisitLocked,
            _ => SchedulingError::Db(err),
        }
    }
}

impl SchedulingError {
    pub fn invalid(field: &'static str, code: &'static str, message: impl Into<String>) -> Self {
        Self::Invalid { field, code, message: message.into() }
    }
}

impl crate::clinic::Retryable for SchedulingError {
    /// Worth trying the whole transaction again (a lock conflict, not a real clash).
    fn is_retryable(&self) -> bool {
        matches!(self, SchedulingError::Db(e) if crate::db::classify(e) == crate::db::DbFailure::Retry)
    }
}

impl From<SchedulingError> for crate::http::ApiError {
    fn from(err: SchedulingError) -> Self {
        use crate::http::{ApiError, ErrorCode, FieldProblem};
        match err {
            SchedulingError::NotFound => ApiError::not_found(),
            SchedulingError::SlotUnavailable { conflict, provider_busy, tz } => {
                let fmt = |t: DateTime<Utc>| t.with_timezone(&tz).format("%-I:%M %p").to_string();
                let when = format!("{}–{}", fmt(conflict.starts_at), fmt(conflict.ends_at));
                let message = if provider_busy {
                    format!("{} is already booked {when} ({}).", conflict.provider_name, conflict.service_name)
                } else {
                    format!(
                        "{} is in use {when} ({}).",
                        conflict.room_name.clone().unwrap_or_else(|| "The room".into()),
                        conflict.service_name
                    )
                };
                ApiError::new(ErrorCode::SlotUnavailable, message.clone())
                    .field(FieldProblem::new(
                        "startsAt",
                        if provider_busy { "provider_busy" } else { "room_busy" },
                        message,
                    ))
                    .field(FieldProblem::new("conflictingAppointmentId", "appointment", conflict.id.to_string()))
            }
            SchedulingError::SlotTaken => {
                ApiError::new(ErrorCode::SlotUnavailable, "That time was just taken. Please choose another.")
            }
            SchedulingError::Rule(rule) => ApiError::new(ErrorCode::InvalidTransition, rule.to_string()),
            SchedulingError::Invalid { field, code, message } => {
                ApiError::validation(vec![FieldProblem::new(field, code, message)])
            }
            SchedulingError::NameTaken => ApiError::new(ErrorCode::AlreadyExists, "That name is already in use.")
                .field(FieldProblem::new("name", "taken", "That name is already in use.")),
            SchedulingError::VisitLocked => ApiError::new(
                ErrorCode::VisitLocked,
                "This visit's chart has been submitted for sign-off, so its time, provider, service and \
                 patient can't change, and it can't be cancelled.",
            ),
            SchedulingError::Patients(e) => e.into(),
            SchedulingError::Db(e) => e.into(),
        }
    }
}
