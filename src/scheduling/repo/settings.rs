use chrono::{DateTime, Utc};

use super::super::model::{NewService, Provider, Room, RoomId, Service, ServiceId, TimeOff, TimeOffId, WeeklyHours};
use crate::args;
use crate::db::{ClinicTx, Sql};
use crate::staff::StaffUserId;
use crate::types::name_key;

pub(in crate::scheduling) async fn rooms(tx: &mut ClinicTx) -> Result<Vec<Room>, sqlx::Error> {
    tx.fetch_all(
        "select id, name, description, sort_order, archived_at from rooms order by archived_at is not null, sort_order, name",
        args![],
    )
    .await
}

pub(in crate::scheduling) async fn room(tx: &mut ClinicTx, id: RoomId) -> Result<Option<Room>, sqlx::Error> {
    tx.fetch_optional("select id, name, description, sort_order, archived_at from rooms where id = $1", args![id]).await
}

pub(in crate::scheduling) async fn update_room(
    tx: &mut ClinicTx,
    id: RoomId,
    name: &str,
    description: Option<&str>,
    sort_order: i32,
    now: DateTime<Utc>,
) -> Result<u64, sqlx::Error> {
    tx.execute(
        "update rooms set name = $2, name_key = $3, description = $4, sort_order = $5, updated_at = $6 where id = $1",
        args![id, name, name_key(name), description, sort_order, now],
    )
    .await
}

pub(in crate::scheduling) async fn set_room_archived(
    tx: &mut ClinicTx,
    id: RoomId,
    archived_at: Option<DateTime<Utc>>,
    now: DateTime<Utc>,
) -> Result<u64, sqlx::Error> {
    tx.execute("update rooms set archived_at = $2, updated_at = $3 where id = $1", args![id, archived_at, now]).await
}

macro_rules! service_cols {
    () => {
        "id, name, category, description, duration_minutes, buffer_after_minutes, price_cents, color, needs_room, \
         bookable_online, chart_kind, pricing, sort_order, archived_at"
    };
}

pub(in crate::scheduling) async fn services(tx: &mut ClinicTx) -> Result<Vec<Service>, sqlx::Error> {
    tx.fetch_all(
        concat!(
            "select ",
            service_cols!(),
            " from services order by archived_at is not null, category, sort_order, name"
        ),
        args![],
    )
    .await
}

pub(in crate::scheduling) async fn service(tx: &mut ClinicTx, id: ServiceId) -> Result<Option<Service>, sqlx::Error> {
    tx.fetch_optional(concat!("select ", service_cols!(), " from services where id = $1"), args![id]).await
}

#[derive(sqlx::FromRow)]
pub(in crate::scheduling) struct ServiceRoom {
    pub service_id: ServiceId,
    pub room_id: RoomId,
}

pub(in crate::scheduling) async fn service_rooms(tx: &mut ClinicTx) -> Result<Vec<ServiceRoom>, sqlx::Error> {
    tx.fetch_all("select service_id, room_id from service_rooms", args![]).await
}

pub(in crate::scheduling) async fn update_service(
    tx: &mut ClinicTx,
    id: ServiceId,
    s: &NewService,
    now: DateTime<Utc>,
) -> Result<u64, sqlx::Error> {
    let n = tx
        .execute(
            "update services set name = $2, name_key = $3, category = $4, description = $5, duration_minutes = $6, \
             buffer_after_minutes = $7, price_cents = $8, color = $9, needs_room = $10, bookable_online = $11, \
             chart_kind = $12, pricing = $13, updated_at = $14 where id = $1",
            [args![id], super::service_columns(s), args![now]].concat(),
        )
        .await?;
    tx.execute("delete from service_rooms where service_id = $1", args![id]).await?;
    super::add_service_rooms(tx, id, &s.rooms).await?;
    Ok(n)
}

pub(in crate::scheduling) async fn set_service_archived(
    tx: &mut ClinicTx,
    id: ServiceId,
    archived_at: Option<DateTime<Utc>>,
    now: DateTime<Utc>,
) -> Result<u64, sqlx::Error> {
    tx.execute("update services set archived_at = $2, updated_at = $3 where id = $1", args![id, archived_at, now]).await
}

macro_rules! provider_select {
    () => {
        "select p.user_id, u.display_name, u.credentials, u.active, p.calendar_color, p.bookable_online, p.sort_order \
         from provider_profiles p join staff_users u on u.id = p.user_id"
    };
}

pub(in crate::scheduling) async fn providers(tx: &mut ClinicTx) -> Result<Vec<Provider>, sqlx::Error> {
    tx.fetch_all(concat!(provider_select!(), " order by p.sort_order, u.display_name"), args![]).await
}

pub(in crate::scheduling) async fn provider(
    tx: &mut ClinicTx,
    id: StaffUserId,
) -> Result<Option<Provider>, sqlx::Error> {
    tx.fetch_optional(concat!(provider_select!(), " where p.user_id = $1"), args![id]).await
}

pub(in crate::scheduling) async fn upsert_provider(
    tx: &mut ClinicTx,
    user: StaffUserId,
    color: &str,
    bookable_online: bool,
    sort_order: i32,
    now: DateTime<Utc>,
) -> Result<(), sqlx::Error> {
    tx.execute(
        "insert into provider_profiles (user_id, calendar_color, bookable_online, sort_order, created_at, updated_at) \
         values ($1, $2, $3, $4, $5, $5) on conflict (user_id) do update set calendar_color = excluded.calendar_color, \
         bookable_online = excluded.bookable_online, sort_order = excluded.sort_order, updated_at = excluded.updated_at",
        args![user, color, bookable_online, sort_order, now],
    )
    .await
    .map(drop)
}

pub(in crate::scheduling) async fn weekly_hours(tx: &mut ClinicTx) -> Result<Vec<WeeklyHours>, sqlx::Error> {
    tx.fetch_all(
        "select provider_id, weekday, start_minute, end_minute from provider_working_hours \
         order by provider_id, weekday, start_minute",
        args![],
    )
    .await
}

#[derive(sqlx::FromRow)]
pub(in crate::scheduling) struct ProviderService {
    pub provider_id: StaffUserId,
    pub service_id: ServiceId,
}

pub(in crate::scheduling) async fn provider_services(tx: &mut ClinicTx) -> Result<Vec<ProviderService>, sqlx::Error> {
    tx.fetch_all("select provider_id, service_id from provider_services", args![]).await
}

/// Time off overlapping [from, to), optionally of one provider.
pub(in crate::scheduling) async fn time_off_between(
    tx: &mut ClinicTx,
    from: DateTime<Utc>,
    to: DateTime<Utc>,
    provider: Option<StaffUserId>,
) -> Result<Vec<TimeOff>, sqlx::Error> {
    tx.fetch_all(
        Sql::from(
            "select id, provider_id, starts_at, ends_at, reason from provider_time_off \
             where deleted_at is null and starts_at < $2 and ends_at > $1 and ($3 is null or provider_id = $3) \
             order by starts_at",
        ),
        args![from, to, provider],
    )
    .await
}

pub(in crate::scheduling) async fn remove_time_off(
    tx: &mut ClinicTx,
    id: TimeOffId,
    now: DateTime<Utc>,
) -> Result<u64, sqlx::Error> {
    tx.execute(
        "update provider_time_off set deleted_at = $2, updated_at = $2 where id = $1 and deleted_at is null",
        args![id, now],
    )
    .await
}
