//! The booking pages' templates (MiniJinja, in `templates/book/`) and what every page shows:
//! the clinic's name and a brand colour made readable.

use std::sync::OnceLock;

use minijinja::value::{Serde, Value};
use minijinja::{AutoEscape, Environment, Output, State};
use poem::Response;
use poem::http::{StatusCode, header};
use serde::Serialize;

use crate::platform::Clinic;

#[derive(rust_embed::RustEmbed)]
#[folder = "templates/"]
struct Templates;

fn environment() -> &'static Environment<'static> {
    static ENV: OnceLock<Environment<'static>> = OnceLock::new();
    ENV.get_or_init(|| {
        let mut env = Environment::new();
        env.set_formatter(escape_html);
        for name in Templates::iter().filter(|n| n.ends_with(".html")) {
            if let Some(file) = Templates::get(&name)
                && let Ok(text) = String::from_utf8(file.data.into_owned())
                && let Err(e) = env.add_template_owned(name.to_string(), text)
            {
                tracing::error!(template = %name, error = %e, "a booking template does not parse");
            }
        }
        env
    })
}

/// Escapes what HTML needs escaped, and not `/` (which MiniJinja's default also escapes, making
/// every link longer to no purpose).
fn escape_html(out: &mut Output<'_>, state: &mut State<'_, '_>, value: &Value) -> Result<(), minijinja::Error> {
    match value.as_str() {
        Some(text) if *state.auto_escape() == AutoEscape::Html && !value.is_safe() => {
            let mut rest = text;
            while let Some(at) = rest.find(['&', '<', '>', '"', '\'']) {
                out.write_str(&rest[..at])?;
                out.write_str(match rest.as_bytes()[at] {
                    b'&' => "&amp;",
                    b'<' => "&lt;",
                    b'>' => "&gt;",
                    b'"' => "&quot;",
                    _ => "&#39;",
                })?;
                rest = &rest[at + 1..];
            }
            Ok(out.write_str(rest)?)
        }
        _ => minijinja::escape_formatter(out, state, value),
    }
}

/// What the layout needs to know about the clinic.
#[derive(Serialize)]
pub struct ClinicLook {
    pub name: String,
    pub initial: String,
    /// The brand colour, darkened if need be so white text on it and it on white both read.
    pub brand: String,
    pub brand_ink: String,
    pub tz_label: String,
    /// Where the clinic is and how to call it, shown at the foot of its pages.
    pub address: Option<String>,
    pub phone: Option<String>,
}

impl ClinicLook {
    /// With the clinic's address and phone (from its billing settings).
    pub fn with_contact(mut self, address: Option<String>, phone: Option<String>) -> Self {
        self.address = address;
        self.phone = phone;
        self
    }

    pub fn new(clinic: &Clinic, brand: &str) -> Self {
        let readable = readable(brand);
        Self {
            name: clinic.name.clone(),
            initial: clinic.name.chars().next().map(|c| c.to_uppercase().to_string()).unwrap_or_default(),
            brand_ink: darken(&readable, 0.15),
            brand: readable,
            tz_label: format!("{} time", clinic.timezone.rsplit('/').next().unwrap_or("local").replace('_', " ")),
            address: None,
            phone: None,
        }
    }
}

fn channels(hex: &str) -> Option<[f64; 3]> {
    let hex = hex.strip_prefix('#')?;
    if hex.len() != 6 {
        return None;
    }
    let c = |i: usize| u8::from_str_radix(&hex[i..i + 2], 16).ok().map(f64::from);
    Some([c(0)?, c(2)?, c(4)?])
}

fn luminance([r, g, b]: [f64; 3]) -> f64 {
    let lin = |c: f64| {
        let c = c / 255.0;
        if c <= 0.039_28 { c / 12.92 } else { ((c + 0.055) / 1.055).powf(2.4) }
    };
    0.2126 * lin(r) + 0.7152 * lin(g) + 0.0722 * lin(b)
}

/// Contrast of a colour against white (WCAG).
fn contrast_with_white(rgb: [f64; 3]) -> f64 {
    1.05 / (luminance(rgb) + 0.05)
}

fn darken(hex: &str, by: f64) -> String {
    let Some([r, g, b]) = channels(hex) else { return "#4c3fa8".into() };
    let f = |c: f64| (c * (1.0 - by)).round().clamp(0.0, 255.0) as u8;
    format!("#{:02x}{:02x}{:02x}", f(r), f(g), f(b))
}

/// The brand colour, darkened step by step until it has 4.5:1 contrast with white.
pub fn readable(brand: &str) -> String {
    let mut color = if channels(brand).is_some() { brand.to_owned() } else { "#6d5bd0".to_owned() };
    for _ in 0..20 {
        if channels(&color).is_some_and(|c| contrast_with_white(c) >= 4.5) {
            break;
        }
        color = darken(&color, 0.08);
    }
    color
}

/// An amount of money as patients read it: whole amounts without cents.
pub fn money(cents: i64, currency: &str) -> String {
    let symbol = match currency {
        "USD" | "CAD" | "AUD" | "NZD" => "$",
        "GBP" => "£",
        "EUR" => "€",
        _ => "",
    };
    let whole = cents / 100;
    let mut digits = whole.abs().to_string();
    let mut grouped = String::new();
    while digits.len() > 3 {
        let tail = digits.split_off(digits.len() - 3);
        grouped = format!(",{tail}{grouped}");
    }
    grouped = format!("{digits}{grouped}");
    let amount = if cents % 100 == 0 { grouped } else { format!("{grouped}.{:02}", (cents % 100).abs()) };
    let sign = if cents < 0 { "-" } else { "" };
    if symbol.is_empty() { format!("{sign}{amount} {currency}") } else { format!("{sign}{symbol}{amount}") }
}

/// Renders a page; a template that fails is logged and answered with a plain apology.
pub fn page<T: Serialize>(status: StatusCode, template: &str, context: &T) -> Response {
    render(status, template, context, NO_SCRIPTS)
}

/// Renders a page that may run the clinic host's own scripts (the signature pad), nothing else.
pub fn page_with_scripts<T: Serialize>(status: StatusCode, template: &str, context: &T) -> Response {
    render(status, template, context, OWN_SCRIPTS)
}

const NO_SCRIPTS: &str = "default-src 'none'; style-src 'unsafe-inline'; img-src 'self' data:; \
                          form-action 'self'; frame-ancestors 'none'; base-uri 'none'";
const OWN_SCRIPTS: &str = "default-src 'none'; script-src 'self'; style-src 'unsafe-inline'; \
                           img-src 'self' data:; form-action 'self'; frame-ancestors 'none'; base-uri 'none'";

/// A file kept beside the templates, as it is (the signature pad's script).
pub fn asset(name: &str) -> Option<Vec<u8>> {
    Templates::get(name).map(|f| f.data.into_owned())
}

fn render<T: Serialize>(status: StatusCode, template: &str, context: &T, policy: &'static str) -> Response {
    let html = environment().get_template(template).and_then(|t| t.render(Serde(context)));
    match html {
        Ok(html) => Response::builder()
            .status(status)
            .content_type("text/html; charset=utf-8")
            .header(header::CACHE_CONTROL, "no-store")
            .header("content-security-policy", policy)
            .body(html),
        Err(e) => {
            tracing::error!(template, error = %e, "rendering a booking page failed");
            Response::builder()
                .status(StatusCode::INTERNAL_SERVER_ERROR)
                .content_type("text/plain; charset=utf-8")
                .body("Something went wrong on our side. Please try again, or call the clinic.")
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn brand_colours_are_made_readable() {
        assert_eq!(readable("#1b1d22"), "#1b1d22", "dark enough already");
        let yellow = readable("#ffd43b");
        assert!(contrast_with_white(channels(&yellow).unwrap()) >= 4.5, "{yellow}");
        assert_eq!(readable("nonsense"), "#6d5bd0");
    }

    #[test]
    fn values_are_escaped_but_links_stay_readable() {
        let mut env = Environment::new();
        env.set_formatter(escape_html);
        env.add_template("t.html", "<a href=\"{{ href }}\">{{ name }}</a>").unwrap();
        let html = env
            .get_template("t.html")
            .unwrap()
            .render(minijinja::context! { href => "/book/s/1", name => "<b>Tom & \"Jo's\"</b>" })
            .unwrap();
        assert_eq!(html, "<a href=\"/book/s/1\">&lt;b&gt;Tom &amp; &quot;Jo&#39;s&quot;&lt;/b&gt;</a>");
    }

    #[test]
    fn money_reads_naturally() {
        assert_eq!(money(35_000, "USD"), "$350");
        assert_eq!(money(1_250_050, "USD"), "$12,500.50");
        assert_eq!(money(999, "EUR"), "€9.99");
        assert_eq!(money(5_000, "CHF"), "50 CHF");
    }

    #[test]
    fn every_template_parses() {
        let pages: Vec<_> = Templates::iter().filter(|n| n.ends_with(".html")).collect();
        assert!(pages.len() > 8);
        for name in pages {
            assert!(environment().get_template(&name).is_ok(), "{name}");
        }
        assert!(asset("consent/pad.js").is_some_and(|js| js.starts_with(b"//")));
    }
}
