//! The owner's switches for online booking. Which services are offered is each service's own
//! "bookable online" flag, and which providers take online bookings is on their profile.

use poem_openapi::payload::Json;
use poem_openapi::{Object, OpenApi};

use super::settings::{self, OnlineBooking, SLOT_CHOICES};
use crate::auth::Staff;
use crate::auth::permissions::{SettingsRead, SettingsWrite};
use crate::http::tags::ApiTags;
use crate::http::{ApiError, ApiResult, FieldProblem};

pub struct OnlineBookingApi;

#[derive(Debug, Object)]
#[oai(rename_all = "camelCase")]
pub struct OnlineBookingOut {
    /// Whether patients can book at `url`.
    pub enabled: bool,
    /// How soon the earliest bookable time may be, in minutes from now.
    pub lead_minutes: i32,
    /// How many days ahead patients may book.
    pub horizon_days: i32,
    /// Minutes between the start times offered.
    pub slot_minutes: i32,
    /// The slot intervals a clinic may choose from.
    pub slot_choices: Vec<i32>,
    /// The public booking page.
    pub url: String,
}

#[derive(Debug, Object)]
#[oai(rename_all = "camelCase")]
pub struct OnlineBookingIn {
    pub enabled: bool,
    /// 0 to 20160 (two weeks).
    pub lead_minutes: i32,
    /// 1 to 365.
    pub horizon_days: i32,
    /// One of 5, 10, 15, 20, 30, 60.
    pub slot_minutes: i32,
}

fn out(s: OnlineBooking, url: String) -> OnlineBookingOut {
    OnlineBookingOut {
        enabled: s.enabled,
        lead_minutes: s.lead_minutes,
        horizon_days: s.horizon_days,
        slot_minutes: s.slot_minutes,
        slot_choices: SLOT_CHOICES.to_vec(),
        url,
    }
}

fn check(body: &OnlineBookingIn) -> Result<OnlineBooking, ApiError> {
    let mut fields = Vec::new();
    if !(0..=20_160).contains(&body.lead_minutes) {
        fields.push(FieldProblem::new("leadMinutes", "out_of_range", "Use 0 minutes to 14 days."));
    }
    if !(1..=365).contains(&body.horizon_days) {
        fields.push(FieldProblem::new("horizonDays", "out_of_range", "Use 1 to 365 days."));
    }
    if !SLOT_CHOICES.contains(&body.slot_minutes) {
        fields.push(FieldProblem::new("slotMinutes", "invalid", "Use 5, 10, 15, 20, 30 or 60 minutes."));
    }
    if !fields.is_empty() {
        return Err(ApiError::validation(fields));
    }
    Ok(OnlineBooking {
        enabled: body.enabled,
        lead_minutes: body.lead_minutes,
        horizon_days: body.horizon_days,
        slot_minutes: body.slot_minutes,
    })
}

#[OpenApi(tag = "ApiTags::Settings")]
impl OnlineBookingApi {
    /// Online booking settings
    ///
    /// Needs `settings:read`.
    #[oai(path = "/online-booking", method = "get", operation_id = "online_booking.get")]
    async fn get(&self, auth: Staff<SettingsRead>) -> ApiResult<Json<OnlineBookingOut>> {
        let mut op = auth.begin_read().await?;
        let s = settings::load(op.tx()).await?;
        Ok(Json(out(s, booking_url(&op.services().config, &op.clinic().slug))))
    }

    /// Change online booking settings
    ///
    /// Turns the public booking pages on or off and sets the lead time, horizon and slot
    /// interval. Needs `settings:write`.
    #[oai(path = "/online-booking", method = "put", operation_id = "online_booking.update")]
    async fn update(
        &self,
        auth: Staff<SettingsWrite>,
        body: Json<OnlineBookingIn>,
    ) -> ApiResult<Json<OnlineBookingOut>> {
        let wanted = check(&body)?;
        let mut op = auth.begin().await?;
        let saved = settings::save(&mut op, wanted).await?;
        let url = booking_url(&op.services().config, &op.clinic().slug);
        Ok(Json(out(op.commit(saved).await?, url)))
    }
}

pub fn booking_url(config: &crate::config::Config, slug: &str) -> String {
    format!("{}/book", config.clinic_url(slug))
}
