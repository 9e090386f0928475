//! The clinic's set-up for booking: rooms, services, providers' profiles, hours and the
//! services they perform, and time off. Reads are shared with booking and the calendar; every
//! change is an owner's, audited as `settings.changed` with what changed.

use chrono::{DateTime, Utc};

use super::super::model::{
    NewService, Provider, Room, RoomId, SchedulingError, Service, ServiceId, TimeOff, TimeOffId, WeeklyHours,
};
use super::super::repo;
use crate::audit::AuditAction;
use crate::auth::permissions::SettingsWrite;
use crate::clinic::{Audited, ClinicOp};
use crate::db::{ClinicTx, DbFailure, classify};
use crate::staff::{self, StaffUserId};

fn name_taken(e: sqlx::Error) -> SchedulingError {
    match classify(&e) {
        DbFailure::Unique(_) => SchedulingError::NameTaken,
        _ => SchedulingError::Db(e),
    }
}

type Op = ClinicOp<SettingsWrite>;

/// Audits a change to a set-up record.
async fn changed<T>(
    op: &mut Op,
    entity: &'static str,
    id: uuid::Uuid,
    change: &'static str,
    value: T,
) -> Result<Audited<T>, SchedulingError> {
    Ok(op.record_change(AuditAction::SettingsChanged, entity, id, change, value).await?)
}

pub async fn rooms(tx: &mut ClinicTx) -> Result<Vec<Room>, sqlx::Error> {
    repo::rooms(tx).await
}

/// A room's name, description and place in the list.
pub struct RoomInput<'a> {
    pub name: &'a str,
    pub description: Option<&'a str>,
    pub sort_order: i32,
}

pub async fn add_room(op: &mut Op, room: &RoomInput<'_>) -> Result<Audited<Room>, SchedulingError> {
    let id = RoomId::generate();
    let now = op.now();
    repo::insert_room(op.tx(), id, room.name, room.description, room.sort_order, now).await.map_err(name_taken)?;
    let room = repo::room(op.tx(), id).await?.ok_or(SchedulingError::NotFound)?;
    changed(op, "room", id.0, "created", room).await
}

pub async fn update_room(op: &mut Op, id: RoomId, room: &RoomInput<'_>) -> Result<Audited<Room>, SchedulingError> {
    let now = op.now();
    let updated =
        repo::update_room(op.tx(), id, room.name, room.description, room.sort_order, now).await.map_err(name_taken)?;
    if updated == 0 {
        return Err(SchedulingError::NotFound);
    }
    let room = repo::room(op.tx(), id).await?.ok_or(SchedulingError::NotFound)?;
    changed(op, "room", id.0, "updated", room).await
}

pub async fn set_room_archived(op: &mut Op, id: RoomId, archived: bool) -> Result<Audited<Room>, SchedulingError> {
    let now = op.now();
    if repo::set_room_archived(op.tx(), id, archived.then_some(now), now).await? == 0 {
        return Err(SchedulingError::NotFound);
    }
    let room = repo::room(op.tx(), id).await?.ok_or(SchedulingError::NotFound)?;
    changed(op, "room", id.0, if archived { "archived" } else { "restored" }, room).await
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

pub async fn add_service(op: &mut Op, new: &NewService) -> Result<Audited<(Service, Vec<RoomId>)>, SchedulingError> {
    check_rooms(op.tx(), &new.rooms).await?;
    let id = ServiceId::generate();
    let now = op.now();
    let order = repo::services(op.tx()).await?.len() as i32;
    repo::insert_service(op.tx(), id, new, order, now).await.map_err(name_taken)?;
    let created = service(op.tx(), id).await?;
    changed(op, "service", id.0, "created", created).await
}

pub async fn update_service(
    op: &mut Op,
    id: ServiceId,
    new: &NewService,
) -> Result<Audited<(Service, Vec<RoomId>)>, SchedulingError> {
    check_rooms(op.tx(), &new.rooms).await?;
    // Its rooms are replaced wholesale; two saves at once take turns.
    op.tx().lock(&format!("service:{id}")).await?;
    let now = op.now();
    if repo::update_service(op.tx(), id, new, now).await.map_err(name_taken)? == 0 {
        return Err(SchedulingError::NotFound);
    }
    let updated = service(op.tx(), id).await?;
    changed(op, "service", id.0, "updated", updated).await
}

pub async fn set_service_archived(
    op: &mut Op,
    id: ServiceId,
    archived: bool,
) -> Result<Audited<(Service, Vec<RoomId>)>, SchedulingError> {
    let now = op.now();
    if repo::set_service_archived(op.tx(), id, archived.then_some(now), now).await? == 0 {
        return Err(SchedulingError::NotFound);
    }
    let s = service(op.tx(), id).await?;
    changed(op, "service", id.0, if archived { "archived" } else { "restored" }, s).await
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

/// How a provider shows on the calendar and whether patients can book them online.
pub struct ProviderProfile<'a> {
    pub color: &'a str,
    pub bookable_online: bool,
    pub sort_order: i32,
}

/// Makes a staff member bookable (or updates how they show on the calendar).
pub async fn set_provider(
    op: &mut Op,
    user: StaffUserId,
    profile: &ProviderProfile<'_>,
) -> Result<Audited<ProviderSetup>, SchedulingError> {
    staff::find_by_id(op.tx(), user).await?.ok_or(SchedulingError::NotFound)?;
    let now = op.now();
    repo::upsert_provider(op.tx(), user, profile.color, profile.bookable_online, profile.sort_order, now).await?;
    let setup = provider_setup(op.tx(), user).await?;
    changed(op, "provider", user.0, "profile", setup).await
}

/// Replaces a provider's weekly hours with `spans` of (ISO weekday, start minute, end minute).
pub async fn replace_hours(
    op: &mut Op,
    user: StaffUserId,
    spans: &[(i16, i32, i32)],
) -> Result<Audited<ProviderSetup>, SchedulingError> {
    op.tx().lock(&format!("provider-setup:{user}")).await?;
    repo::provider(op.tx(), user).await?.ok_or(SchedulingError::NotFound)?;
    let now = op.now();
    repo::replace_working_hours(op.tx(), user, spans, now).await?;
    let setup = provider_setup(op.tx(), user).await?;
    changed(op, "provider", user.0, "hours", setup).await
}

pub async fn replace_services(
    op: &mut Op,
    user: StaffUserId,
    services: &[ServiceId],
) -> Result<Audited<ProviderSetup>, SchedulingError> {
    op.tx().lock(&format!("provider-setup:{user}")).await?;
    repo::provider(op.tx(), user).await?.ok_or(SchedulingError::NotFound)?;
    let known = repo::services(op.tx()).await?;
    if !services.iter().all(|s| known.iter().any(|k| k.id == *s)) {
        return Err(SchedulingError::invalid("serviceIds", "unknown", "One of those services does not exist."));
    }
    let now = op.now();
    repo::replace_provider_services(op.tx(), user, services, now).await?;
    let setup = provider_setup(op.tx(), user).await?;
    changed(op, "provider", user.0, "services", setup).await
}

pub async fn time_off(
    tx: &mut ClinicTx,
    from: DateTime<Utc>,
    to: DateTime<Utc>,
    provider: Option<StaffUserId>,
) -> Result<Vec<TimeOff>, sqlx::Error> {
    repo::time_off_between(tx, from, to, provider).await
}

pub async fn add_time_off(
    op: &mut Op,
    provider: StaffUserId,
    starts_at: DateTime<Utc>,
    ends_at: DateTime<Utc>,
    reason: Option<&str>,
) -> Result<Audited<TimeOff>, SchedulingError> {
    repo::provider(op.tx(), provider).await?.ok_or(SchedulingError::NotFound)?;
    let id = TimeOffId::generate();
    let now = op.now();
    repo::insert_time_off(op.tx(), id, provider, starts_at, ends_at, reason, now).await?;
    let off = TimeOff { id, provider_id: provider, starts_at, ends_at, reason: reason.map(str::to_owned) };
    changed(op, "time_off", id.0, "created", off).await
}

pub async fn remove_time_off(op: &mut Op, id: TimeOffId) -> Result<Audited<()>, SchedulingError> {
    let now = op.now();
    if repo::remove_time_off(op.tx(), id, now).await? == 0 {
        return Err(SchedulingError::NotFound);
    }
    changed(op, "time_off", id.0, "removed", ()).await
}
