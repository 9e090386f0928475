//! Scheduling: rooms, services, providers' hours and the appointment book.
//!
//! Invariant: an active appointment (not cancelled, not a no-show) holds its provider and, when
//! it has one, its room from its start until its end plus the service's buffer. No two active
//! appointments of one provider or one room overlap; the database enforces it on both backends.
//!
//! Booking, moving, status changes and cancelling are verbs on a unit of work (`service`), each
//! audited; the set-up verbs are the owner's (`settings:write`). The `create_*`, `set_*` and
//! `insert_appointment` functions write exactly what they are given, for seeding the demo clinic
//! and benchmarks; they are never reached from a request.

pub mod api;
pub mod availability;
pub(crate) mod model;
mod repo;
pub mod rules;
pub mod service;

pub use model::{
    AppointmentId, AppointmentSource, AppointmentStatus, NewAppointment, NewService, PatientAppointment, Pricing,
    RoomId, ServiceId, TimeOffId, WorkingHoursId,
};
pub use repo::{VisitForChart, VisitShown};
pub use service::{
    appointments_of_patient, create_provider_profile, create_room, create_service, find, insert_appointment,
    seed_time_off, set_provider_services, set_working_hours,
};
