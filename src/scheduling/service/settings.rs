use chrono::{DateTime, Utc};

use super::super::model::{
    NewService, Provider, Room, RoomId, SchedulingError, Service, ServiceId, TimeOff, TimeOffId, WeeklyHours,
};
use super::super::repo;
use crate::db::{ClinicTx, DbFailure, classify};
use crate::staff::{self, StaffUserId};

fn name_taken(e: sqlx::Error) -> SchedulingError {
    match classify(&e) {
        DbFailure::Unique(_) => SchedulingError::NameTaken,
        _ => SchedulingError::Db(e),
    }
}

pub async fn rooms(tx: &mut ClinicTx) -> Result<Vec<Room>, sqlx::Error> {
    repo::rooms(tx).await
}

pub async fn add_room(
    tx: &mut ClinicTx,
    name: &str,
    description: Option<&str>,
    sort_order: i32,
    now: DateTime<Utc>,
) -> Result<Room, SchedulingError> {
    let id = RoomId::generate();
    repo::insert_room(tx, id, name, description, sort_order, now).await.map_err(name_taken)?;
    repo::room(tx, id).await?.ok_or(SchedulingError::NotFound)
}

pub async fn update_room(
    tx: &mut ClinicTx,
    id: RoomId,
    name: &str,
    description: Option<&str>,
    sort_order: i32,
    now: DateTime<Utc>,
) -> Result<Room, SchedulingError> {
    if repo::update_room(tx, id, name, description, sort_order, now).await.map_err(name_taken)? == 0 {
        return Err(SchedulingError::NotFound);
    }
    repo::room(tx, id).await?.ok_or(SchedulingError::NotFound)
}

pub async fn set_room_archived(
    tx: &mut ClinicTx,
    id: RoomId,
    archived: bool,
    now: DateTime<Utc>,
) -> Result<Room, SchedulingError> {
    if repo::set_room_archived(tx, id, archived.then_some(now), now).await? == 0 {
        return Err(SchedulingError::NotFound);
    }
    repo::room(tx, id).await?.ok_or(SchedulingError::NotFound)
}

/// Services, each with the rooms it may use (empty: any room).
pub async fn services(tx: &mut ClinicTx) -> Result<Vec<(Service, Vec<RoomId>)>, sqlx::Error> {
    let links = repo::service_rooms(tx).await?;
    Ok(repo::services(tx)
        .await?
        .into_iter()
        .map(|s| {
            let rooms = links.iter().filter(|l| l.service_id == s.id).map(|l| l.room_id).collect();
            (s, rooms)
        })
        .collect())
}

pub async fn service(tx: &mut ClinicTx, id: ServiceId) -> Result<(Service, Vec<RoomId>), SchedulingError> {
    let service = repo::service(tx, id).await?.ok_or(SchedulingError::NotFound)?;
    let rooms = repo::service_rooms(tx).await?.into_iter().filter(|l| l.service_id == id).map(|l| l.room_id).collect();
    Ok((service, rooms))
}

async fn check_rooms(tx: &mut ClinicTx, rooms: &[RoomId]) -> Result<(), SchedulingError> {
    let known = repo::rooms(tx).await?;
    if rooms.iter().all(|r| known.iter().any(|k| k.id == *r)) {
        Ok(())
    } else {
        Err(SchedulingError::invalid("roomIds", "unknown", "One of those rooms does not exist."))
    }
}

pub async fn add_service(
    tx: &mut ClinicTx,
    new: &NewService,
    now: DateTime<Utc>,
) -> Result<(Service, Vec<RoomId>), SchedulingError> {
    check_rooms(tx, &new.rooms).await?;
    let id = ServiceId::generate();
    let order = repo::services(tx).await?.len() as i32;
    repo::insert_service(tx, id, new, order, now).await.map_err(name_taken)?;
    service(tx, id).await
}

pub async fn update_service(
    tx: &mut ClinicTx,
    id: ServiceId,
    new: &NewService,
    now: DateTime<Utc>,
) -> Result<(Service, Vec<RoomId>), SchedulingError> {
    check_rooms(tx, &new.rooms).await?;
    // Its rooms are replaced wholesale; two saves at once take turns.
    tx.lock(&format!("service:{id}")).await?;
    if repo::update_service(tx, id, new, now).await.map_err(name_taken)? == 0 {
        return Err(SchedulingError::NotFound);
    }
    service(tx, id).await
}

pub async fn set_service_archived(
    tx: &mut ClinicTx,
    id: ServiceId,
    archived: bool,
    now: DateTime<Utc>,
) -> Result<(Service, Vec<RoomId>), SchedulingError> {
    if repo::set_service_archived(tx, id, archived.then_some(now), now).await? == 0 {
        return Err(SchedulingError::NotFound);
    }
    service(tx, id).await
}

/// A provider with their weekly hours and the services they perform.
#[derive(Debug, Clone)]
pub struct ProviderSetup {
    pub provider: Provider,
    pub hours: Vec<WeeklyHours>,
    pub services: Vec<ServiceId>,
}

pub async fn providers(tx: &mut ClinicTx) -> Result<Vec<ProviderSetup>, sqlx::Error> {
    let hours = repo::weekly_hours(tx).await?;
    let links = repo::provider_services(tx).await?;
    Ok(repo::providers(tx)
        .await?
        .into_iter()
        .map(|provider| ProviderSetup {
            hours: hours.iter().filter(|h| h.provider_id == provider.user_id).copied().collect(),
            services: links.iter().filter(|l| l.provider_id == provider.user_id).map(|l| l.service_id).collect(),
            provider,
        })
        .collect())
}

pub async fn provider_setup(tx: &mut ClinicTx, id: StaffUserId) -> Result<ProviderSetup, SchedulingError> {
    providers(tx).await?.into_iter().find(|p| p.provider.user_id == id).ok_or(SchedulingError::NotFound)
}

/// Makes a staff member bookable (or updates how they show on the calendar).
pub async fn set_provider(
    tx: &mut ClinicTx,
    user: StaffUserId,
    color: &str,
    bookable_online: bool,
    sort_order: i32,
    now: DateTime<Utc>,
) -> Result<ProviderSetup, SchedulingError> {
    staff::find_by_id(tx, user).await?.ok_or(SchedulingError::NotFound)?;
    repo::upsert_provider(tx, user, color, bookable_online, sort_order, now).await?;
    provider_setup(tx, user).await
}

pub async fn replace_hours(
    tx: &mut ClinicTx,
    user: StaffUserId,
    spans: &[(i16, i32, i32)],
    now: DateTime<Utc>,
) -> Result<ProviderSetup, SchedulingError> {
    tx.lock(&format!("provider-setup:{user}")).await?;
    repo::provider(tx, user).await?.ok_or(SchedulingError::NotFound)?;
    repo::replace_working_hours(tx, user, spans, now).await?;
    provider_setup(tx, user).await
}

pub async fn replace_services(
    tx: &mut ClinicTx,
    user: StaffUserId,
    services: &[ServiceId],
    now: DateTime<Utc>,
) -> Result<ProviderSetup, SchedulingError> {
    tx.lock(&format!("provider-setup:{user}")).await?;
    repo::provider(tx, user).await?.ok_or(SchedulingError::NotFound)?;
    let known = repo::services(tx).await?;
    if !services.iter().all(|s| known.iter().any(|k| k.id == *s)) {
        return Err(SchedulingError::invalid("serviceIds", "unknown", "One of those services does not exist."));
    }
    repo::replace_provider_services(tx, user, services, now).await?;
    provider_setup(tx, user).await
}

pub async fn time_off(
    tx: &mut ClinicTx,
    from: DateTime<Utc>,
    to: DateTime<Utc>,
    provider: Option<StaffUserId>,
) -> Result<Vec<TimeOff>, sqlx::Error> {
    repo::time_off_between(tx, from, to, provider).await
}

pub async fn add_time_off_checked(
    tx: &mut ClinicTx,
    provider: StaffUserId,
    starts_at: DateTime<Utc>,
    ends_at: DateTime<Utc>,
    reason: Option<&str>,
    now: DateTime<Utc>,
) -> Result<TimeOff, SchedulingError> {
    repo::provider(tx, provider).await?.ok_or(SchedulingError::NotFound)?;
    let id = TimeOffId::generate();
    repo::insert_time_off(tx, id, provider, starts_at, ends_at, reason, now).await?;
    Ok(TimeOff { id, provider_id: provider, starts_at, ends_at, reason: reason.map(str::to_owned) })
}

pub async fn remove_time_off(tx: &mut ClinicTx, id: TimeOffId, now: DateTime<Utc>) -> Result<(), SchedulingError> {
    if repo::remove_time_off(tx, id, now).await? == 0 {
        return Err(SchedulingError::NotFound);
    }
    Ok(())
}
