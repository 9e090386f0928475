//! Clinic set-up for scheduling: rooms, services, providers' hours, services and time off.

use chrono::{DateTime, Utc};
use poem_openapi::param::{Path, Query};
use poem_openapi::payload::Json;
use poem_openapi::{ApiResponse, Object, OpenApi};

use crate::auth::Staff;
use crate::auth::permissions::{SettingsRead, SettingsWrite};
use crate::charting::TemplateKind;
use crate::http::tags::ApiTags;
use crate::http::{ApiError, ApiResult, FieldProblem};
use crate::scheduling::model::{NewService, Room, RoomId, Service, ServiceId, TimeOff, TimeOffId};
use crate::scheduling::service::{self, ProviderProfile, ProviderSetup, RoomInput};
use crate::staff::StaffUserId;
use crate::types::{clean_optional, parse_color};

pub struct SettingsApi;

#[derive(Debug, Object)]
#[oai(rename_all = "camelCase", skip_serializing_if_is_none)]
pub struct RoomOut {
    pub id: RoomId,
    pub name: String,
    pub description: Option<String>,
    pub sort_order: i32,
    pub archived: bool,
}

impl From<Room> for RoomOut {
    fn from(r: Room) -> Self {
        Self {
            id: r.id,
            name: r.name,
            description: r.description,
            sort_order: r.sort_order,
            archived: r.archived_at.is_some(),
        }
    }
}

#[derive(Debug, Object)]
#[oai(rename_all = "camelCase", skip_serializing_if_is_none)]
pub struct RoomIn {
    pub name: String,
    pub description: Option<String>,
    #[oai(default)]
    pub sort_order: i32,
}

#[derive(Debug, Object)]
#[oai(rename_all = "camelCase", skip_serializing_if_is_none)]
pub struct ServiceOut {
    pub id: ServiceId,
    pub name: String,
    pub category: String,
    pub description: Option<String>,
    pub duration_minutes: i32,
    pub buffer_after_minutes: i32,
    pub price_cents: i64,
    /// `#rrggbb`, the service's colour on the calendar.
    pub color: String,
    pub needs_room: bool,
    pub bookable_online: bool,
    pub chart_kind: TemplateKind,
    /// Rooms it may use (empty: any room).
    pub room_ids: Vec<RoomId>,
    pub sort_order: i32,
    pub archived: bool,
}

impl From<(Service, Vec<RoomId>)> for ServiceOut {
    fn from((s, room_ids): (Service, Vec<RoomId>)) -> Self {
        Self {
            id: s.id,
            name: s.name,
            category: s.category,
            description: s.description,
            duration_minutes: s.duration_minutes,
            buffer_after_minutes: s.buffer_after_minutes,
            price_cents: s.price_cents,
            color: s.color,
            needs_room: s.needs_room,
            bookable_online: s.bookable_online,
            chart_kind: s.chart_kind,
            room_ids,
            sort_order: s.sort_order,
            archived: s.archived_at.is_some(),
        }
    }
}

#[derive(Debug, Object)]
#[oai(rename_all = "camelCase", skip_serializing_if_is_none)]
pub struct ServiceIn {
    pub name: String,
    pub category: String,
    pub description: Option<String>,
    pub duration_minutes: i32,
    #[oai(default)]
    pub buffer_after_minutes: i32,
    pub price_cents: i64,
    pub color: String,
    #[oai(default)]
    pub needs_room: bool,
    #[oai(default)]
    pub bookable_online: bool,
    pub chart_kind: TemplateKind,
    #[oai(default)]
    pub room_ids: Vec<RoomId>,
}

/// One span of weekly hours, in the clinic's time zone.
#[derive(Debug, Clone, Object)]
#[oai(rename_all = "camelCase")]
pub struct HoursDto {
    /// 1 = Monday … 7 = Sunday.
    pub weekday: i16,
    /// `HH:MM`
    pub start: String,
    /// `HH:MM` (`24:00` for midnight)
    pub end: String,
}

#[derive(Debug, Object)]
#[oai(rename_all = "camelCase", skip_serializing_if_is_none)]
pub struct ProviderOut {
    pub user_id: StaffUserId,
    pub display_name: String,
    pub credentials: Option<String>,
    pub active: bool,
    pub color: String,
    pub bookable_online: bool,
    pub sort_order: i32,
    pub service_ids: Vec<ServiceId>,
    pub hours: Vec<HoursDto>,
}

fn hhmm(minute: i32) -> String {
    format!("{:02}:{:02}", minute / 60, minute % 60)
}

impl From<ProviderSetup> for ProviderOut {
    fn from(p: ProviderSetup) -> Self {
        Self {
            user_id: p.provider.user_id,
            display_name: p.provider.display_name,
            credentials: p.provider.credentials,
            active: p.provider.active,
            color: p.provider.calendar_color,
            bookable_online: p.provider.bookable_online,
            sort_order: p.provider.sort_order,
            service_ids: p.services,
            hours: p
                .hours
                .into_iter()
                .map(|h| HoursDto { weekday: h.weekday, start: hhmm(h.start_minute), end: hhmm(h.end_minute) })
                .collect(),
        }
    }
}

#[derive(Debug, Object)]
#[oai(rename_all = "camelCase")]
pub struct ProviderIn {
    pub color: String,
    #[oai(default)]
    pub bookable_online: bool,
    #[oai(default)]
    pub sort_order: i32,
}

#[derive(Debug, Object)]
#[oai(rename_all = "camelCase")]
pub struct HoursIn {
    pub hours: Vec<HoursDto>,
}

#[derive(Debug, Object)]
#[oai(rename_all = "camelCase")]
pub struct ProviderServicesIn {
    pub service_ids: Vec<ServiceId>,
}

#[derive(Debug, Object)]
#[oai(rename_all = "camelCase", skip_serializing_if_is_none)]
pub struct TimeOffOut {
    pub id: TimeOffId,
    pub provider_id: StaffUserId,
    pub starts_at: DateTime<Utc>,
    pub ends_at: DateTime<Utc>,
    pub reason: Option<String>,
}

impl From<TimeOff> for TimeOffOut {
    fn from(t: TimeOff) -> Self {
        Self { id: t.id, provider_id: t.provider_id, starts_at: t.starts_at, ends_at: t.ends_at, reason: t.reason }
    }
}

#[derive(Debug, Object)]
#[oai(rename_all = "camelCase", skip_serializing_if_is_none)]
pub struct TimeOffIn {
    pub starts_at: DateTime<Utc>,
    pub ends_at: DateTime<Utc>,
    pub reason: Option<String>,
}

#[derive(ApiResponse)]
pub enum Removed {
    #[oai(status = 204)]
    Done,
}

fn room_input(body: &RoomIn) -> Result<(String, Option<String>), ApiError> {
    let name = body.name.split_whitespace().collect::<Vec<_>>().join(" ");
    let description = clean_optional(body.description.as_deref());
    let mut problems = Vec::new();
    if name.is_empty() || name.chars().count() > 60 {
        problems.push(FieldProblem::new("name", "invalid", "Name the room (up to 60 characters)."));
    }
    if description.as_ref().is_some_and(|d| d.chars().count() > 200) {
        problems.push(FieldProblem::new("description", "too_long", "Use at most 200 characters."));
    }
    if problems.is_empty() { Ok((name, description)) } else { Err(ApiError::validation(problems)) }
}

fn service_input(body: &ServiceIn) -> Result<NewService, ApiError> {
    let name = body.name.split_whitespace().collect::<Vec<_>>().join(" ");
    let category = body.category.split_whitespace().collect::<Vec<_>>().join(" ");
    let description = clean_optional(body.description.as_deref());
    let mut problems = Vec::new();
    if name.is_empty() || name.chars().count() > 80 {
        problems.push(FieldProblem::new("name", "invalid", "Name the service (up to 80 characters)."));
    }
    if category.is_empty() || category.chars().count() > 60 {
        problems.push(FieldProblem::new(
            "category",
            "invalid",
            "Give a category, like Injectables (up to 60 characters).",
        ));
    }
    if description.as_ref().is_some_and(|d| d.chars().count() > 500) {
        problems.push(FieldProblem::new("description", "too_long", "Use at most 500 characters."));
    }
    if !(5..=720).contains(&body.duration_minutes) || body.duration_minutes % 5 != 0 {
        problems.push(FieldProblem::new("durationMinutes", "invalid", "Use 5 to 720 minutes, in steps of 5."));
    }
    if !(0..=240).contains(&body.buffer_after_minutes) || body.buffer_after_minutes % 5 != 0 {
        problems.push(FieldProblem::new("bufferAfterMinutes", "invalid", "Use 0 to 240 minutes, in steps of 5."));
    }
    if !(0..=100_000_000).contains(&body.price_cents) {
        problems.push(FieldProblem::new("priceCents", "invalid", "Enter a price from 0."));
    }
    let color = parse_color(&body.color);
    if color.is_none() {
        problems.push(FieldProblem::new("color", "invalid", "Use a colour like #6d5bd0."));
    }
    match color {
        Some(color) if problems.is_empty() => Ok(NewService {
            name,
            category,
            description,
            duration_minutes: body.duration_minutes,
            buffer_after_minutes: body.buffer_after_minutes,
            price_cents: body.price_cents,
            color,
            needs_room: body.needs_room,
            bookable_online: body.bookable_online,
            chart_kind: body.chart_kind,
            rooms: body.room_ids.clone(),
        }),
        _ => Err(ApiError::validation(problems)),
    }
}

fn minute_of(text: &str) -> Option<i32> {
    let (h, m) = text.trim().split_once(':')?;
    let (h, m): (i32, i32) = (h.parse().ok()?, m.parse().ok()?);
    ((0..=24).contains(&h) && (0..60).contains(&m) && (h < 24 || m == 0)).then_some(h * 60 + m)
}

fn hours_input(body: &HoursIn) -> Result<Vec<(i16, i32, i32)>, ApiError> {
    let mut spans = Vec::new();
    let mut problems = Vec::new();
    for (i, h) in body.hours.iter().enumerate() {
        match (minute_of(&h.start), minute_of(&h.end)) {
            (Some(start), Some(end)) if (1..=7).contains(&h.weekday) && start < end => {
                spans.push((h.weekday, start, end))
            }
            _ => problems.push(FieldProblem::new(
                format!("hours[{i}]"),
                "invalid",
                "Each span needs a weekday from 1 to 7 and a start before its end, as HH:MM.",
            )),
        }
    }
    spans.sort();
    for pair in spans.windows(2) {
        if pair[0].0 == pair[1].0 && pair[1].1 < pair[0].2 {
            problems.push(FieldProblem::new("hours", "overlap", "Two spans on the same day overlap."));
            break;
        }
    }
    if problems.is_empty() { Ok(spans) } else { Err(ApiError::validation(problems)) }
}

#[OpenApi(tag = "ApiTags::Settings")]
impl SettingsApi {
    /// List rooms
    ///
    /// Archived ones last. Needs `settings:read`.
    #[oai(path = "/rooms", method = "get", operation_id = "rooms.list")]
    async fn rooms(&self, auth: Staff<SettingsRead>) -> ApiResult<Json<Vec<RoomOut>>> {
        let mut op = auth.begin_read().await?;
        Ok(Json(service::rooms(op.tx()).await?.into_iter().map(Into::into).collect()))
    }

    /// Add a room
    ///
    /// Needs `settings:write`.
    #[oai(path = "/rooms", method = "post", operation_id = "rooms.create")]
    async fn add_room(&self, auth: Staff<SettingsWrite>, body: Json<RoomIn>) -> ApiResult<Json<RoomOut>> {
        let (name, description) = room_input(&body)?;
        let room = RoomInput { name: &name, description: description.as_deref(), sort_order: body.sort_order };
        let mut op = auth.begin().await?;
        let added = service::add_room(&mut op, &room).await?;
        Ok(Json(op.commit(added).await?.into()))
    }

    /// Change a room
    ///
    /// Needs `settings:write`.
    #[oai(path = "/rooms/:id", method = "put", operation_id = "rooms.update")]
    async fn update_room(
        &self,
        auth: Staff<SettingsWrite>,
        id: Path<RoomId>,
        body: Json<RoomIn>,
    ) -> ApiResult<Json<RoomOut>> {
        let (name, description) = room_input(&body)?;
        let room = RoomInput { name: &name, description: description.as_deref(), sort_order: body.sort_order };
        let mut op = auth.begin().await?;
        let updated = service::update_room(&mut op, id.0, &room).await?;
        Ok(Json(op.commit(updated).await?.into()))
    }

    /// Archive a room
    ///
    /// It is no longer offered; past appointments keep it. Needs `settings:write`.
    #[oai(path = "/rooms/:id/archive", method = "post", operation_id = "rooms.archive")]
    async fn archive_room(&self, auth: Staff<SettingsWrite>, id: Path<RoomId>) -> ApiResult<Json<RoomOut>> {
        let mut op = auth.begin().await?;
        let room = service::set_room_archived(&mut op, id.0, true).await?;
        Ok(Json(op.commit(room).await?.into()))
    }

    /// Restore an archived room
    ///
    /// Needs `settings:write`.
    #[oai(path = "/rooms/:id/restore", method = "post", operation_id = "rooms.restore")]
    async fn restore_room(&self, auth: Staff<SettingsWrite>, id: Path<RoomId>) -> ApiResult<Json<RoomOut>> {
        let mut op = auth.begin().await?;
        let room = service::set_room_archived(&mut op, id.0, false).await?;
        Ok(Json(op.commit(room).await?.into()))
    }

    /// List services
    ///
    /// Needs `settings:read`.
    #[oai(path = "/services", method = "get", operation_id = "services.list")]
    async fn services(&self, auth: Staff<SettingsRead>) -> ApiResult<Json<Vec<ServiceOut>>> {
        let mut op = auth.begin_read().await?;
        Ok(Json(service::services(op.tx()).await?.into_iter().map(Into::into).collect()))
    }

    /// Add a service
    ///
    /// Needs `settings:write`.
    #[oai(path = "/services", method = "post", operation_id = "services.create")]
    async fn add_service(&self, auth: Staff<SettingsWrite>, body: Json<ServiceIn>) -> ApiResult<Json<ServiceOut>> {
        let new = service_input(&body)?;
        let mut op = auth.begin().await?;
        let created = service::add_service(&mut op, &new).await?;
        Ok(Json(op.commit(created).await?.into()))
    }

    /// Change a service
    ///
    /// Booked appointments keep their times. Needs `settings:write`.
    #[oai(path = "/services/:id", method = "put", operation_id = "services.update")]
    async fn update_service(
        &self,
        auth: Staff<SettingsWrite>,
        id: Path<ServiceId>,
        body: Json<ServiceIn>,
    ) -> ApiResult<Json<ServiceOut>> {
        let new = service_input(&body)?;
        let mut op = auth.begin().await?;
        let updated = service::update_service(&mut op, id.0, &new).await?;
        Ok(Json(op.commit(updated).await?.into()))
    }

    /// Archive a service
    ///
    /// It can no longer be booked. Needs `settings:write`.
    #[oai(path = "/services/:id/archive", method = "post", operation_id = "services.archive")]
    async fn archive_service(&self, auth: Staff<SettingsWrite>, id: Path<ServiceId>) -> ApiResult<Json<ServiceOut>> {
        let mut op = auth.begin().await?;
        let s = service::set_service_archived(&mut op, id.0, true).await?;
        Ok(Json(op.commit(s).await?.into()))
    }

    /// Restore an archived service
    ///
    /// Needs `settings:write`.
    #[oai(path = "/services/:id/restore", method = "post", operation_id = "services.restore")]
    async fn restore_service(&self, auth: Staff<SettingsWrite>, id: Path<ServiceId>) -> ApiResult<Json<ServiceOut>> {
        let mut op = auth.begin().await?;
        let s = service::set_service_archived(&mut op, id.0, false).await?;
        Ok(Json(op.commit(s).await?.into()))
    }

    /// List providers
    ///
    /// Everyone who takes appointments, with colour, weekly hours and the services they perform.
    /// Needs `settings:read`.
    #[oai(path = "/providers", method = "get", operation_id = "providers.list")]
    async fn providers(&self, auth: Staff<SettingsRead>) -> ApiResult<Json<Vec<ProviderOut>>> {
        let mut op = auth.begin_read().await?;
        Ok(Json(service::providers(op.tx()).await?.into_iter().map(Into::into).collect()))
    }

    /// Make a staff member a provider, or change how they show
    ///
    /// Needs `settings:write`.
    #[oai(path = "/providers/:user_id", method = "put", operation_id = "providers.update")]
    async fn set_provider(
        &self,
        auth: Staff<SettingsWrite>,
        user_id: Path<StaffUserId>,
        body: Json<ProviderIn>,
    ) -> ApiResult<Json<ProviderOut>> {
        let color = parse_color(&body.color).ok_or_else(|| {
            ApiError::validation(vec![FieldProblem::new("color", "invalid", "Use a colour like #6d5bd0.")])
        })?;
        let profile =
            ProviderProfile { color: &color, bookable_online: body.bookable_online, sort_order: body.sort_order };
        let mut op = auth.begin().await?;
        let p = service::set_provider(&mut op, user_id.0, &profile).await?;
        Ok(Json(op.commit(p).await?.into()))
    }

    /// Set a provider's weekly hours
    ///
    /// Replaces them all. Several spans a day are fine (a lunch break); they may not overlap.
    /// Needs `settings:write`.
    #[oai(path = "/providers/:user_id/hours", method = "put", operation_id = "providers.set_hours")]
    async fn set_hours(
        &self,
        auth: Staff<SettingsWrite>,
        user_id: Path<StaffUserId>,
        body: Json<HoursIn>,
    ) -> ApiResult<Json<ProviderOut>> {
        let spans = hours_input(&body)?;
        let mut op = auth.begin().await?;
        let p = service::replace_hours(&mut op, user_id.0, &spans).await?;
        Ok(Json(op.commit(p).await?.into()))
    }

    /// Set which services a provider performs
    ///
    /// Needs `settings:write`.
    #[oai(path = "/providers/:user_id/services", method = "put", operation_id = "providers.set_services")]
    async fn set_services(
        &self,
        auth: Staff<SettingsWrite>,
        user_id: Path<StaffUserId>,
        body: Json<ProviderServicesIn>,
    ) -> ApiResult<Json<ProviderOut>> {
        let mut op = auth.begin().await?;
        let p = service::replace_services(&mut op, user_id.0, &body.service_ids).await?;
        Ok(Json(op.commit(p).await?.into()))
    }

    /// Providers' time off in a range
    ///
    /// Needs `settings:read`.
    #[oai(path = "/time-off", method = "get", operation_id = "time_off.list")]
    async fn time_off(
        &self,
        auth: Staff<SettingsRead>,
        from: Query<DateTime<Utc>>,
        to: Query<DateTime<Utc>>,
        #[oai(name = "providerId")] provider_id: Query<Option<StaffUserId>>,
    ) -> ApiResult<Json<Vec<TimeOffOut>>> {
        let mut op = auth.begin_read().await?;
        Ok(Json(service::time_off(op.tx(), from.0, to.0, provider_id.0).await?.into_iter().map(Into::into).collect()))
    }

    /// Add time off for a provider
    ///
    /// Existing appointments stay; new bookings then show as outside their hours. Needs
    /// `settings:write`.
    #[oai(path = "/providers/:user_id/time-off", method = "post", operation_id = "time_off.create")]
    async fn add_time_off(
        &self,
        auth: Staff<SettingsWrite>,
        user_id: Path<StaffUserId>,
        body: Json<TimeOffIn>,
    ) -> ApiResult<Json<TimeOffOut>> {
        let reason = clean_optional(body.reason.as_deref());
        if body.ends_at <= body.starts_at || reason.as_ref().is_some_and(|r| r.chars().count() > 200) {
            return Err(ApiError::validation(vec![FieldProblem::new(
                "endsAt",
                "invalid",
                "Time off must end after it starts.",
            )]));
        }
        let mut op = auth.begin().await?;
        let off = service::add_time_off(&mut op, user_id.0, body.starts_at, body.ends_at, reason.as_deref()).await?;
        Ok(Json(op.commit(off).await?.into()))
    }

    /// Remove time off
    ///
    /// Needs `settings:write`.
    #[oai(path = "/time-off/:id", method = "delete", operation_id = "time_off.delete")]
    async fn remove_time_off(&self, auth: Staff<SettingsWrite>, id: Path<TimeOffId>) -> ApiResult<Removed> {
        let mut op = auth.begin().await?;
        let removed = service::remove_time_off(&mut op, id.0).await?;
        op.commit(removed).await?;
        Ok(Removed::Done)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hours_parse_and_must_not_overlap() {
        assert_eq!(minute_of("09:30"), Some(570));
        assert_eq!(minute_of("24:00"), Some(1440));
        assert_eq!(minute_of("24:30"), None);
        assert_eq!(minute_of("9"), None);
        let ok = HoursIn {
            hours: vec![
                HoursDto { weekday: 1, start: "13:00".into(), end: "17:00".into() },
                HoursDto { weekday: 1, start: "09:00".into(), end: "12:00".into() },
            ],
        };
        assert_eq!(hours_input(&ok).unwrap(), vec![(1, 540, 720), (1, 780, 1020)]);
        let overlapping = HoursIn {
            hours: vec![
                HoursDto { weekday: 2, start: "09:00".into(), end: "13:00".into() },
                HoursDto { weekday: 2, start: "12:00".into(), end: "17:00".into() },
            ],
        };
        assert!(hours_input(&overlapping).is_err());
    }
}
