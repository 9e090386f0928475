//! The public booking portal: pages at `/book` on the clinic's host where patients choose a
//! treatment, a provider and a free time and book it, without an account and without
//! JavaScript. Server-rendered from `templates/book/`; not part of the JSON API (only the
//! owner's settings for it are, in `api`).

pub mod api;
mod form;
mod ics;
mod pages;
pub mod render;
pub mod service;
pub mod settings;
pub mod throttle;

use poem::middleware::SizeLimit;
use poem::{EndpointExt, Route, get};

pub use render::money;
pub use throttle::BookingLimits;

/// The pages, to be nested at `/book`.
pub fn routes() -> impl poem::Endpoint {
    Route::new()
        .at("/", get(pages::show_services))
        .at("/s/:service", get(pages::show_providers))
        .at("/s/:service/p/:who", get(pages::show_times))
        .at(
            "/s/:service/p/:who/t/:start",
            get(pages::show_details).post(pages::post_details.with(SizeLimit::new(pages::MAX_FORM_BYTES))),
        )
        .at("/done/:appointment/:token", get(pages::show_done))
        .at("/done/:appointment/:token/appointment.ics", get(pages::download_ics))
}
