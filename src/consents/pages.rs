//! The consent pages a patient opens on their own phone, at `/consent` on the clinic's host,
//! from the link on their booking confirmation or the QR code the front desk shows. One
//! required consent at a time: its text, the typed full name, and a signature pad that a small
//! script adds; without the script the typed name is the signature, and is recorded as such.
//! The link is signed with the server's secret and expires; nothing else is needed to use it.

use chrono::{DateTime, Utc};
use poem::http::{StatusCode, header};
use poem::web::{Form, Path};
use poem::{Response, handler};
use serde::Deserialize;
use serde_json::json;

use super::error::ConsentsError;
use super::signature::Strokes;
use super::signing::{self, SignatureInput, VisitConsents, link_token};
use super::status::ConsentState;
use super::{TemplateVersionId, repo, text};
use crate::auth;
use crate::booking::render::{ClinicLook, asset, page, page_with_scripts};
use crate::booking::settings;
use crate::clinic::{ClinicHost, with_retries};
use crate::scheduling::AppointmentId;
use crate::scheduling::model::AppointmentStatus;

/// Strokes of a long signature are the bulk of the form.
pub const MAX_FORM_BYTES: usize = 256 * 1024;

type Page = Result<Response, Response>;

fn either(page: Page) -> Response {
    page.unwrap_or_else(|r| r)
}

/// The pages, to be nested at `/consent`.
pub fn routes() -> impl poem::Endpoint {
    use poem::EndpointExt;
    poem::Route::new().at("/pad.js", poem::get(pad_script)).at(
        "/:appointment/:expires/:token",
        poem::get(show).post(sign.with(poem::middleware::SizeLimit::new(MAX_FORM_BYTES))),
    )
}

#[handler]
fn pad_script() -> Response {
    match asset("consent/pad.js") {
        Some(bytes) => Response::builder()
            .content_type("text/javascript; charset=utf-8")
            .header(header::CACHE_CONTROL, "public, max-age=3600")
            .body(bytes),
        None => Response::builder().status(StatusCode::NOT_FOUND).finish(),
    }
}

/// A link as it arrived, checked: the visit it names, still within its time.
struct Link {
    host: ClinicHost,
    look: ClinicLook,
    appointment: AppointmentId,
    path: String,
}

impl Link {
    async fn open(host: ClinicHost, appointment: &str, expires: &str, token: &str) -> Result<Self, Response> {
        let ip = host.request.ip.clone().unwrap_or_default();
        if let Err(wait) = host.services.booking.pages.hit(&ip, host.now()) {
            let look = ClinicLook::new(&host.clinic, "");
            let mut slow = message(&look, StatusCode::TOO_MANY_REQUESTS, "Please slow down", SLOW_DOWN);
            if let Ok(value) = wait.to_string().parse() {
                slow.headers_mut().insert(header::RETRY_AFTER, value);
            }
            return Err(slow);
        }
        let mut op = auth::patient_signing(&host, false).await.map_err(|e| failed(&e))?;
        let brand = settings::storefront(op.tx()).await.map_err(|e| failed(&e))?.brand_color;
        let look = ClinicLook::new(&host.clinic, &brand);
        let missing = || message(&look, StatusCode::NOT_FOUND, "We can’t find that link", NOT_FOUND);
        let id = appointment.parse::<uuid::Uuid>().map(AppointmentId).map_err(|_| missing())?;
        let until = expires.parse::<i64>().ok().and_then(|s| DateTime::<Utc>::from_timestamp(s, 0));
        let Some(until) = until else { return Err(missing()) };
        let expected = link_token(&op, id, expires);
        if !crate::secret::constant_time_eq(token.as_bytes(), expected.as_bytes()) {
            return Err(missing());
        }
        if until <= host.now() {
            return Err(message(&look, StatusCode::GONE, "This link has expired", EXPIRED));
        }
        let path = format!("/consent/{appointment}/{expires}/{token}");
        Ok(Self { host, look, appointment: id, path })
    }

    async fn consents(&self) -> Result<VisitConsents, Response> {
        let mut op = auth::patient_signing(&self.host, false).await.map_err(|e| failed(&e))?;
        match signing::of_visit(op.tx(), self.appointment).await {
            Ok(v) if matches!(v.visit.status, AppointmentStatus::Cancelled | AppointmentStatus::NoShow) => {
                Err(message(&self.look, StatusCode::GONE, "This appointment was cancelled", CANCELLED))
            }
            Ok(v) => Ok(v),
            Err(ConsentsError::Db(e)) => Err(failed(&e)),
            Err(_) => Err(message(&self.look, StatusCode::NOT_FOUND, "We can’t find that link", NOT_FOUND)),
        }
    }

    /// The page for the next consent to sign, or the thank-you page when none is left.
    async fn next(&self, status: StatusCode, error: Option<&str>, name: &str) -> Page {
        let consents = self.consents().await?;
        let tz = self.host.clinic.tz();
        let standings = consents.standings();
        let total = standings.len();
        let pending: Vec<_> = standings.iter().filter(|s| s.state != ConsentState::Current).collect();
        let when = consents.visit.starts_at.with_timezone(&tz).format("%A, %B %-d at %-I:%M %p").to_string();
        let Some(first) = pending.first() else {
            let signed: Vec<_> = standings.iter().map(|s| s.requirement.name.clone()).collect();
            return Ok(self.render(
                StatusCode::OK,
                "consent/done.html",
                json!({ "service": consents.visit.service_name, "when": when, "signed": signed }),
            ));
        };
        let mut op = auth::patient_signing(&self.host, false).await.map_err(|e| failed(&e))?;
        let version = repo::version(op.tx(), first.requirement.version_id)
            .await
            .map_err(|e| failed(&e))?
            .ok_or_else(|| message(&self.look, StatusCode::NOT_FOUND, "We can’t find that link", NOT_FOUND))?;
        let reason = match first.state {
            ConsentState::Expired => Some("Your earlier signature has expired, so we need it again."),
            ConsentState::NewVersion => Some("This form has been updated since you last signed it."),
            _ => None,
        };
        let context = json!({
            "service": consents.visit.service_name,
            "when": when,
            "step": total - pending.len() + 1,
            "total": total,
            "title": version.title,
            // Escaped by `to_html` itself; the template prints it as it is.
            "body": text::to_html(&version.body),
            "version": version.id,
            "reason": reason,
            "error": error,
            "name": name,
            "action": self.path,
        });
        Ok(self.render_with_pad(status, context))
    }

    fn render(&self, status: StatusCode, template: &str, mut context: serde_json::Value) -> Response {
        context["clinic"] = json!(&self.look);
        page(status, template, &context)
    }

    fn render_with_pad(&self, status: StatusCode, mut context: serde_json::Value) -> Response {
        context["clinic"] = json!(&self.look);
        page_with_scripts(status, "consent/sign.html", &context)
    }
}

const SLOW_DOWN: &str = "We’ve had a lot of requests from your connection. Please wait a minute and try again.";
const NOT_FOUND: &str = "The link may be incomplete. Ask the front desk for a new one.";
const EXPIRED: &str = "For your privacy, signing links only work for a short while. Ask the front desk for a new one.";
const CANCELLED: &str = "There’s nothing to sign for it. Call the clinic if you think this is a mistake.";

fn message(look: &ClinicLook, status: StatusCode, heading: &str, body: &str) -> Response {
    page(status, "book/message.html", &json!({ "clinic": look, "heading": heading, "body": body, "link": null }))
}

fn failed(e: &sqlx::Error) -> Response {
    tracing::error!(error = %e, "a consent page could not read the clinic");
    Response::builder()
        .status(StatusCode::SERVICE_UNAVAILABLE)
        .header(header::RETRY_AFTER, "5")
        .content_type("text/plain; charset=utf-8")
        .body("We couldn’t load this page just now. Please try again in a moment.")
}

#[handler]
pub async fn show(host: ClinicHost, Path((appointment, expires, token)): Path<(String, String, String)>) -> Response {
    either(async { Link::open(host, &appointment, &expires, &token).await?.next(StatusCode::OK, None, "").await }.await)
}

#[derive(Debug, Deserialize)]
pub struct SignForm {
    version: String,
    #[serde(default)]
    name: String,
    /// The pad's strokes as JSON; empty when the page ran without its script.
    #[serde(default)]
    strokes: String,
    agree: Option<String>,
}

#[handler]
pub async fn sign(
    host: ClinicHost,
    Path((appointment, expires, token)): Path<(String, String, String)>,
    Form(form): Form<SignForm>,
) -> Response {
    either(signed(host, &appointment, &expires, &token, form).await)
}

async fn signed(host: ClinicHost, appointment: &str, expires: &str, token: &str, form: SignForm) -> Page {
    let link = Link::open(host, appointment, expires, token).await?;
    let problem = match attempt(&link, &form).await {
        Ok(()) => {
            return Ok(Response::builder().status(StatusCode::SEE_OTHER).header(header::LOCATION, &link.path).finish());
        }
        Err(Refused::Page(page)) => return Err(page),
        Err(Refused::Fix(problem)) => problem,
    };
    link.next(StatusCode::UNPROCESSABLE_ENTITY, Some(&problem), &form.name).await
}

/// Why a signature was not taken: something the patient can fix on the form, or a page to show.
enum Refused {
    Fix(String),
    Page(Response),
}

async fn attempt(link: &Link, form: &SignForm) -> Result<(), Refused> {
    let fix = |text: &str| Refused::Fix(text.to_owned());
    if form.agree.is_none() {
        return Err(fix("Tick the box to say you have read and agree to this form."));
    }
    let strokes = match form.strokes.trim() {
        "" => Strokes::default(),
        given => serde_json::from_str::<Strokes>(given)
            .map_err(|_| fix("We couldn’t read your signature. Please clear it and sign again."))?,
    };
    let version =
        form.version.parse::<uuid::Uuid>().map_err(|_| fix("This form has changed. Please read it again and sign."))?;
    let input = SignatureInput { version: TemplateVersionId(version), signer_name: form.name.clone(), strokes };
    let begin = || auth::patient_signing(&link.host, true);
    let run = |mut op| async {
        let done = signing::sign(&mut op, link.appointment, &input).await;
        (op, done)
    };
    match with_retries(begin, run).await {
        Ok(_) => Ok(()),
        Err(ConsentsError::Unsigned { message, .. } | ConsentsError::Invalid { message, .. }) => {
            Err(Refused::Fix(message))
        }
        Err(ConsentsError::VersionChanged) => {
            Err(fix("This form was just updated. Please read the new version and sign."))
        }
        Err(ConsentsError::Db(e)) => Err(Refused::Page(failed(&e))),
        Err(_) => Err(Refused::Page(message(&link.look, StatusCode::NOT_FOUND, "We can’t find that link", NOT_FOUND))),
    }
}
