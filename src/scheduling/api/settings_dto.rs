//! What clinic set-up for scheduling reads and writes: rooms, services, providers' hours and
//! time off as the API shows them, and the checks on what an owner sends.

use chrono::{DateTime, Utc};
use poem_openapi::{ApiResponse, Object};

use crate::charting::TemplateKind;
use crate::http::{ApiError, FieldProblem};
use crate::scheduling::model::{NewService, Pricing, Room, RoomId, Service, ServiceId, TimeOff, TimeOffId};
use crate::scheduling::service::ProviderSetup;
use crate::staff::StaffUserId;
use crate::types::{clean_optional, parse_color};

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
    /// How checkout bills it: at its price, or per unit of the products its chart records.
    pub pricing: Pricing,
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
            pricing: s.pricing,
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
    /// `fixed` when absent.
    #[oai(default = "fixed_pricing")]
    pub pricing: Pricing,
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

pub(super) fn hhmm(minute: i32) -> String {
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

pub(super) fn room_input(body: &RoomIn) -> Result<(String, Option<String>), ApiError> {
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

pub(super) fn service_input(body: &ServiceIn) -> Result<NewService, ApiError> {
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
            pricing: body.pricing,
            rooms: body.room_ids.clone(),
        }),
        _ => Err(ApiError::validation(problems)),
    }
}

pub(super) fn minute_of(text: &str) -> Option<i32> {
    let (h, m) = text.trim().split_once(':')?;
    let (h, m): (i32, i32) = (h.parse().ok()?, m.parse().ok()?);
    ((0..=24).contains(&h) && (0..60).contains(&m) && (h < 24 || m == 0)).then_some(h * 60 + m)
}

pub(super) fn hours_input(body: &HoursIn) -> Result<Vec<(i16, i32, i32)>, ApiError> {
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

fn fixed_pricing() -> Pricing {
    Pricing::Fixed
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
