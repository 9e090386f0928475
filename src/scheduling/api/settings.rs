//! Clinic set-up for scheduling: rooms, services, providers' hours, services and time off.

use chrono::{DateTime, Utc};
use poem_openapi::OpenApi;
use poem_openapi::param::{Path, Query};
use poem_openapi::payload::Json;

use crate::auth::Staff;
use crate::auth::permissions::{SettingsRead, SettingsWrite};
use crate::http::tags::ApiTags;
use crate::http::{ApiError, ApiResult, FieldProblem};
use crate::scheduling::model::{RoomId, ServiceId, TimeOffId};
use crate::scheduling::service::{self, ProviderProfile, RoomInput};
use crate::staff::StaffUserId;
use crate::types::{clean_optional, parse_color};

use super::settings_dto::*;

pub struct SettingsApi;

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
