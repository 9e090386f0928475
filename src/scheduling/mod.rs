//! Scheduling: rooms, services, providers' hours and the appointment book.
//!
//! Invariant: an active appointment (not cancelled, not a no-show) holds its provider and, when
//! it has one, its room from its start until its end plus the service's buffer. No two active
//! appointments of one provider or one room overlap; the database enforces it on both backends.

pub mod api;
pub mod availability;
pub(crate) mod model;
mod repo;
pub mod rules;
pub mod service;

pub use model::{
    AppointmentId, AppointmentSource, AppointmentStatus, NewAppointment, NewService, PatientAppointment, RoomId,
    ServiceId, TimeOffId, WorkingHoursId,
};
pub use service::{
    add_time_off, appointments_of_patient, create_provider_profile, create_room, create_service, insert_appointment,
    set_provider_services, set_working_hours,
};
