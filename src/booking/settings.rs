//! The clinic's online-booking settings, kept with its other settings.

use serde_json::json;

use crate::args;
use crate::audit::AuditAction;
use crate::auth::permissions::SettingsWrite;
use crate::clinic::{Audited, ClinicOp};
use crate::db::ClinicTx;

#[derive(Debug, Clone, Copy, PartialEq, Eq, sqlx::FromRow)]
pub struct OnlineBooking {
    pub enabled: bool,
    /// How soon the earliest bookable time may be.
    pub lead_minutes: i32,
    /// How far ahead patients may book.
    pub horizon_days: i32,
    /// Minutes between the start times offered.
    pub slot_minutes: i32,
}

pub const SLOT_CHOICES: &[i32] = &[5, 10, 15, 20, 30, 60];

pub async fn load(tx: &mut ClinicTx) -> Result<OnlineBooking, sqlx::Error> {
    tx.fetch_one(
        "select online_booking_enabled as enabled, booking_min_lead_minutes as lead_minutes, \
         booking_horizon_days as horizon_days, booking_slot_interval_minutes as slot_minutes \
         from clinic_settings where singleton = true",
        args![],
    )
    .await
}

/// An owner changes the settings, audited as a settings change.
pub async fn save(op: &mut ClinicOp<SettingsWrite>, s: OnlineBooking) -> Result<Audited<OnlineBooking>, sqlx::Error> {
    let now = op.now();
    op.tx()
        .execute(
            "update clinic_settings set online_booking_enabled = $1, booking_min_lead_minutes = $2, \
             booking_horizon_days = $3, booking_slot_interval_minutes = $4, updated_at = $5 where singleton = true",
            args![s.enabled, s.lead_minutes, s.horizon_days, s.slot_minutes, now],
        )
        .await?;
    let entry = op.entry(AuditAction::SettingsChanged).entity("online_booking", op.clinic().id.0).details(json!({
        "enabled": s.enabled,
        "leadMinutes": s.lead_minutes,
        "horizonDays": s.horizon_days,
        "slotMinutes": s.slot_minutes,
    }));
    op.audit(entry, s).await
}

/// What every booking page needs from the settings: the switches above, and how the clinic looks
/// and counts money.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct Storefront {
    pub brand_color: String,
    pub currency: String,
    pub clinic_address: Option<String>,
    pub clinic_phone: Option<String>,
    #[sqlx(flatten)]
    pub booking: OnlineBooking,
}

pub async fn storefront(tx: &mut ClinicTx) -> Result<Storefront, sqlx::Error> {
    tx.fetch_one(
        "select brand_color, currency, clinic_address, clinic_phone, online_booking_enabled as enabled, \
         booking_min_lead_minutes as lead_minutes, booking_horizon_days as horizon_days, \
         booking_slot_interval_minutes as slot_minutes from clinic_settings where singleton = true",
        args![],
    )
    .await
}
