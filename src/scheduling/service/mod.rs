use chrono::{DateTime, Utc};

use super::model::{AppointmentId, NewAppointment, NewService, RoomId, ServiceId, TimeOffId};
use super::repo;
use crate::db::ClinicTx;
use crate::staff::StaffUserId;

pub async fn create_room(
    tx: &mut ClinicTx,
    name: &str,
    description: Option<&str>,
    sort_order: i32,
    now: DateTime<Utc>,
) -> Result<RoomId, sqlx::Error> {
    let id = RoomId::generate();
    repo::insert_room(tx, id, name, description, sort_order, now).await?;
    Ok(id)
}

pub async fn create_service(
    tx: &mut ClinicTx,
    service: &NewService,
    sort_order: i32,
    now: DateTime<Utc>,
) -> Result<ServiceId, sqlx::Error> {
    let id = ServiceId::generate();
    repo::insert_service(tx, id, service, sort_order, now).await?;
    Ok(id)
}

pub async fn create_provider_profile(
    tx: &mut ClinicTx,
    user: StaffUserId,
    color: &str,
    sort_order: i32,
    now: DateTime<Utc>,
) -> Result<(), sqlx::Error> {
    repo::insert_provider_profile(tx, user, color, sort_order, now).await
}

/// Replaces a provider's weekly hours with `spans` of (ISO weekday, start minute, end minute).
pub async fn set_working_hours(
    tx: &mut ClinicTx,
    provider: StaffUserId,
    spans: &[(i16, i32, i32)],
    now: DateTime<Utc>,
) -> Result<(), sqlx::Error> {
    repo::replace_working_hours(tx, provider, spans, now).await
}

pub async fn seed_time_off(
    tx: &mut ClinicTx,
    provider: StaffUserId,
    starts_at: DateTime<Utc>,
    ends_at: DateTime<Utc>,
    reason: Option<&str>,
    now: DateTime<Utc>,
) -> Result<TimeOffId, sqlx::Error> {
    let id = TimeOffId::generate();
    repo::insert_time_off(tx, id, provider, starts_at, ends_at, reason, now).await?;
    Ok(id)
}

pub async fn set_provider_services(
    tx: &mut ClinicTx,
    provider: StaffUserId,
    services: &[ServiceId],
    now: DateTime<Utc>,
) -> Result<(), sqlx::Error> {
    repo::replace_provider_services(tx, provider, services, now).await
}

/// Writes an appointment exactly as given (the database still refuses overlaps). Booking with
/// its checks is built on top of this.
pub async fn insert_appointment(
    tx: &mut ClinicTx,
    appointment: &NewAppointment,
    now: DateTime<Utc>,
) -> Result<AppointmentId, sqlx::Error> {
    let id = AppointmentId::generate();
    repo::insert_appointment(tx, id, appointment, now).await?;
    Ok(id)
}

/// Every appointment of a patient, newest first.
pub async fn appointments_of_patient(
    tx: &mut ClinicTx,
    patient: crate::patients::PatientId,
) -> Result<Vec<super::model::PatientAppointment>, sqlx::Error> {
    repo::of_patient(tx, patient).await
}

mod booking;
mod calendar;
mod settings;

pub use booking::*;
pub use calendar::*;
pub use settings::*;
