//! The scheduling API: clinic set-up (`settings`), the appointment book (`appointments`), and
//! the calendar's range and availability reads (`calendar`).

mod appointments;
mod calendar;
mod dto;
mod settings;
mod settings_dto;

pub use appointments::AppointmentsApi;
pub use calendar::{CalendarApi, CalendarOut, WorkingSpanOut};
pub use dto::{AppointmentOut, Visibility};
pub use settings::SettingsApi;
