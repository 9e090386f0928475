//! The booking pages, one handler per step: treatment, who, when, details, done.
//!
//! Every link carries the choices so far in its path, so each page stands alone (a refresh, a
//! shared link or the back button all work) and no server-side session is needed. The one form
//! posts back to its own address and answers with a redirect to the done page.

use std::collections::BTreeMap;

use chrono::{DateTime, Duration, NaiveDate, NaiveDateTime, Utc};
use chrono_tz::Tz;
use poem::http::{StatusCode, header};
use poem::web::{Form, Path, Query};
use poem::{Request, Response, handler};
use serde::Deserialize;
use serde_json::json;

use super::form::{Browser, DetailsForm, FieldErrors, check};
use super::ics;
use super::render::{ClinicLook, money, page};
use super::service::{self, ConfirmError, Confirmed, Offered, Rules};
use super::settings::{self, Storefront};
use crate::auth::{self, permissions::OnlineBooking};
use crate::clinic::{ClinicHost, ClinicOp, with_retries};
use crate::db::ClinicTx;
use crate::scheduling::ServiceId;
use crate::scheduling::availability::Slot;
use crate::scheduling::model::{AppointmentStatus, Service};
use crate::scheduling::service as scheduling;
use crate::staff::StaffUserId;

const DAYS_PER_PAGE: usize = 5;
const SCAN_DAYS: i64 = 14;

type Page = Result<Response, Response>;

fn either(page: Page) -> Response {
    page.unwrap_or_else(|r| r)
}

/// One visit to a booking page: the clinic, its booking settings and an open read.
/// The read-only unit of work a page is made in.
type Reading = ClinicOp<OnlineBooking>;

struct Visit {
    host: ClinicHost,
    look: ClinicLook,
    store: Storefront,
    tz: Tz,
}

impl Visit {
    /// Counts the page against the visitor's limit and refuses it when online booking is off.
    async fn open(host: ClinicHost) -> Result<(Self, Reading), Response> {
        let (visit, tx) = Self::open_any(host).await?;
        if !visit.store.booking.enabled {
            return Err(visit.message(
                StatusCode::NOT_FOUND,
                "Online booking is closed",
                &format!("{} isn’t taking bookings online just now. Please call the clinic to book.", visit.look.name),
                None,
            ));
        }
        Ok((visit, tx))
    }

    /// Counts the page against the visitor's limit, whether or not online booking is on (done
    /// pages and calendar files keep working after it is switched off).
    async fn open_any(host: ClinicHost) -> Result<(Self, Reading), Response> {
        let ip = host.request.ip.clone().unwrap_or_default();
        if let Err(wait) = host.services.booking.pages.hit(&ip, host.now()) {
            return Err(too_many(&host, wait));
        }
        let mut tx = auth::online_booking(&host, false).await.map_err(|e| failed(&e))?;
        let store = settings::storefront(tx.tx()).await.map_err(|e| failed(&e))?;
        let look = ClinicLook::new(&host.clinic, &store.brand_color)
            .with_contact(store.clinic_address.clone(), store.clinic_phone.clone());
        let tz = host.clinic.tz();
        Ok((Self { host, look, store, tz }, tx))
    }

    fn rules(&self) -> Rules<'_> {
        Rules { tz: self.tz, settings: &self.store.booking, now: self.now() }
    }

    fn now(&self) -> DateTime<Utc> {
        self.host.now()
    }

    fn render(&self, status: StatusCode, template: &str, mut context: serde_json::Value) -> Response {
        context["clinic"] = json!(&self.look);
        page(status, template, &context)
    }

    fn message(&self, status: StatusCode, heading: &str, body: &str, link: Option<(&str, &str)>) -> Response {
        self.render(status, "book/message.html", message_context(heading, body, link))
    }

    fn price(&self, service: &Service) -> String {
        money(service.price_cents, &self.store.currency)
    }

    fn service_card(&self, service: &Service) -> serde_json::Value {
        json!({
            "name": service.name,
            "minutes": service.duration_minutes,
            "price": self.price(service),
            "description": service.description,
        })
    }

    fn not_offered(&self) -> Response {
        self.message(
            StatusCode::NOT_FOUND,
            "That can’t be booked online",
            "It may have just changed. Please choose again from what’s on offer.",
            Some(("/book", "See treatments")),
        )
    }

    fn secure(&self) -> bool {
        self.host.services.config.secure_cookies()
    }

    fn sign(&self, purpose: &str, parts: &[&str]) -> String {
        let clinic = self.host.clinic.id.0.to_string();
        let mut all = vec![clinic.as_str()];
        all.extend_from_slice(parts);
        let mut mac = self.host.services.secret.sign(purpose, &all);
        mac.truncate(32);
        mac
    }
}

fn message_context(heading: &str, body: &str, link: Option<(&str, &str)>) -> serde_json::Value {
    json!({
        "heading": heading,
        "body": body,
        "link": link.map(|(href, label)| json!({ "href": href, "label": label })),
    })
}

/// The clinic's look is unknown when the database can't be read, so this page is plain.
fn failed(e: &sqlx::Error) -> Response {
    tracing::error!(error = %e, "a booking page could not read the clinic");
    Response::builder()
        .status(StatusCode::SERVICE_UNAVAILABLE)
        .header(header::RETRY_AFTER, "5")
        .content_type("text/plain; charset=utf-8")
        .body("We couldn’t load this page just now. Please try again in a moment.")
}

fn too_many(host: &ClinicHost, wait: u64) -> Response {
    let mut context = message_context(
        "Please slow down",
        "We’ve had a lot of requests from your connection. Please wait a minute and try again.",
        None,
    );
    context["clinic"] = json!(ClinicLook::new(&host.clinic, ""));
    let mut response = page(StatusCode::TOO_MANY_REQUESTS, "book/message.html", &context);
    if let Ok(value) = wait.to_string().parse() {
        response.headers_mut().insert(header::RETRY_AFTER, value);
    }
    response
}

/// Whom a patient chose: anyone, or one provider.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Who {
    Anyone,
    One(StaffUserId),
}

impl Who {
    fn parse(text: &str) -> Option<Self> {
        if text == "anyone" {
            return Some(Who::Anyone);
        }
        text.parse::<uuid::Uuid>().ok().map(|id| Who::One(StaffUserId(id)))
    }

    fn provider(self) -> Option<StaffUserId> {
        match self {
            Who::Anyone => None,
            Who::One(id) => Some(id),
        }
    }

    fn segment(self) -> String {
        match self {
            Who::Anyone => "anyone".into(),
            Who::One(id) => id.0.to_string(),
        }
    }

    fn name(self, offered: &Offered) -> Option<String> {
        match self {
            Who::Anyone => Some("Anyone available".into()),
            Who::One(id) => offered.providers.iter().find(|p| p.user_id == id).map(|p| p.display_name.clone()),
        }
    }
}

fn service_href(service: ServiceId) -> String {
    format!("/book/s/{}", service.0)
}

fn times_href(service: ServiceId, who: Who) -> String {
    format!("{}/p/{}", service_href(service), who.segment())
}

fn details_href(service: ServiceId, who: Who, start: DateTime<Utc>) -> String {
    format!("{}/t/{}", times_href(service, who), start.format("%Y%m%dT%H%M%SZ"))
}

fn parse_start(text: &str) -> Option<DateTime<Utc>> {
    NaiveDateTime::parse_from_str(text, "%Y%m%dT%H%M%SZ").ok().map(|t| t.and_utc())
}

fn time_label(tz: Tz, at: DateTime<Utc>) -> String {
    at.with_timezone(&tz).format("%-I:%M %p").to_string()
}

fn day_label(day: NaiveDate, today: NaiveDate) -> String {
    let date = day.format("%A, %B %-d").to_string();
    match (day - today).num_days() {
        0 => format!("Today · {date}"),
        1 => format!("Tomorrow · {date}"),
        _ => date,
    }
}

fn when_label(tz: Tz, at: DateTime<Utc>) -> String {
    at.with_timezone(&tz).format("%A, %B %-d at %-I:%M %p").to_string()
}

/// Start times (in order) as the pages list them: under their day, each a link to its details.
fn day_sections(
    tz: Tz,
    today: NaiveDate,
    service: ServiceId,
    who: Who,
    starts: &[DateTime<Utc>],
) -> Vec<serde_json::Value> {
    let mut days: Vec<(NaiveDate, Vec<serde_json::Value>)> = Vec::new();
    for &at in starts {
        let day = at.with_timezone(&tz).date_naive();
        let time = json!({ "label": time_label(tz, at), "href": details_href(service, who, at) });
        match days.last_mut() {
            Some((d, times)) if *d == day => times.push(time),
            _ => days.push((day, vec![time])),
        }
    }
    days.into_iter().map(|(day, times)| json!({ "label": day_label(day, today), "times": times })).collect()
}

/// The service a path names, if it is open to online booking; the 404 page otherwise.
async fn offered_service(visit: &Visit, tx: &mut ClinicTx, segment: &str) -> Result<Offered, Response> {
    let Ok(id) = segment.parse::<uuid::Uuid>() else { return Err(visit.not_offered()) };
    match service::offered_service(tx, ServiceId(id)).await {
        Ok(Some(offered)) => Ok(offered),
        Ok(None) => Err(visit.not_offered()),
        Err(e) => Err(failed(&e)),
    }
}

#[handler]
pub async fn show_services(host: ClinicHost) -> Response {
    either(services_page(host).await)
}

async fn services_page(host: ClinicHost) -> Page {
    let (visit, mut tx) = Visit::open(host).await?;
    let offered = service::offered(tx.tx()).await.map_err(|e| failed(&e))?;
    let mut order: Vec<String> = Vec::new();
    let mut groups: BTreeMap<String, Vec<serde_json::Value>> = BTreeMap::new();
    for o in &offered {
        let category = if o.service.category.trim().is_empty() { "Treatments" } else { o.service.category.trim() };
        if !groups.contains_key(category) {
            order.push(category.to_owned());
        }
        let mut card = visit.service_card(&o.service);
        card["href"] = json!(service_href(o.service.id));
        groups.entry(category.to_owned()).or_default().push(card);
    }
    let categories: Vec<_> = order
        .iter()
        .map(|name| json!({ "name": name, "services": groups.get(name).cloned().unwrap_or_default() }))
        .collect();
    Ok(visit.render(StatusCode::OK, "book/services.html", json!({ "categories": categories })))
}

#[handler]
pub async fn show_providers(host: ClinicHost, Path(service): Path<String>) -> Response {
    either(providers_page(host, &service).await)
}

async fn providers_page(host: ClinicHost, service: &str) -> Page {
    let (visit, mut tx) = Visit::open(host).await?;
    let offered = offered_service(&visit, tx.tx(), service).await?;
    let id = offered.service.id;
    let providers: Vec<_> = offered
        .providers
        .iter()
        .map(|p| {
            json!({
                "name": p.display_name,
                "credentials": p.credentials,
                "href": times_href(id, Who::One(p.user_id)),
            })
        })
        .collect();
    Ok(visit.render(
        StatusCode::OK,
        "book/providers.html",
        json!({
            "back": "/book",
            "service": visit.service_card(&offered.service),
            "anyone": times_href(id, Who::Anyone),
            "providers": providers,
        }),
    ))
}

#[derive(Deserialize)]
pub struct TimesQuery {
    from: Option<String>,
}

#[handler]
pub async fn show_times(
    host: ClinicHost,
    Path((service, who)): Path<(String, String)>,
    Query(q): Query<TimesQuery>,
) -> Response {
    either(times_page(host, &service, &who, q.from.as_deref()).await)
}

/// The offered service and a provider who performs it online (or anyone).
async fn choice(
    visit: &Visit,
    tx: &mut ClinicTx,
    service: &str,
    who: &str,
) -> Result<(Offered, Who, String), Response> {
    let offered = offered_service(visit, tx, service).await?;
    let who = Who::parse(who).ok_or_else(|| visit.not_offered())?;
    let name = who.name(&offered).ok_or_else(|| visit.not_offered())?;
    Ok((offered, who, name))
}

async fn times_page(host: ClinicHost, service: &str, who: &str, from: Option<&str>) -> Page {
    let (visit, mut tx) = Visit::open(host).await?;
    let (offered, who, who_name) = choice(&visit, tx.tx(), service, who).await?;
    let id = offered.service.id;
    let now = visit.now();
    let today = now.with_timezone(&visit.tz).date_naive();
    let (_, last) = visit.rules().window();
    let asked = from.and_then(|f| NaiveDate::parse_from_str(f, "%Y-%m-%d").ok());
    let start = asked.unwrap_or(today).max(today);

    let mut days: Vec<(NaiveDate, Vec<DateTime<Utc>>)> = Vec::new();
    let mut cursor = start;
    while days.len() < DAYS_PER_PAGE && cursor <= last {
        let found = service::slots(tx.tx(), visit.rules(), id, who.provider(), cursor, SCAN_DAYS)
            .await
            .map_err(|e| visit_error(&visit, e))?;
        for slot in found {
            let day = slot.starts_at.with_timezone(&visit.tz).date_naive();
            if let Some((d, times)) = days.last_mut()
                && *d == day
            {
                times.push(slot.starts_at);
            } else if days.len() < DAYS_PER_PAGE {
                days.push((day, vec![slot.starts_at]));
            } else {
                break;
            }
        }
        cursor += Duration::days(SCAN_DAYS);
    }
    let later = days
        .last()
        .filter(|_| days.len() == DAYS_PER_PAGE)
        .map(|(d, _)| *d + Duration::days(1))
        .filter(|next| *next <= last)
        .map(|next| format!("{}?from={}", times_href(id, who), next.format("%Y-%m-%d")));
    let empty = if start > today {
        format!("No more free times before {}.", last.format("%B %-d"))
    } else if matches!(who, Who::One(_)) {
        format!("No free times in the next {} days with {who_name}.", visit.store.booking.horizon_days)
    } else {
        format!("No free times in the next {} days.", visit.store.booking.horizon_days)
    };
    let starts: Vec<DateTime<Utc>> = days.into_iter().flat_map(|(_, times)| times).collect();
    let days = day_sections(visit.tz, today, id, who, &starts);
    Ok(visit.render(
        StatusCode::OK,
        "book/times.html",
        json!({
            "back": service_href(id),
            "service": visit.service_card(&offered.service),
            "who": who_name,
            "anyone": matches!(who, Who::One(_)).then(|| times_href(id, Who::Anyone)),
            "days": days,
            "empty": empty,
            "later": later,
            "earlier": (start > today).then(|| times_href(id, who)),
        }),
    ))
}

fn visit_error(visit: &Visit, e: crate::scheduling::model::SchedulingError) -> Response {
    tracing::error!(error = %e, "reading free times failed");
    visit.message(
        StatusCode::SERVICE_UNAVAILABLE,
        "We couldn’t load the times",
        "Please try again in a moment, or call the clinic to book.",
        None,
    )
}

/// The details step, rendered for the first time or again with problems.
struct Details<'a> {
    visit: &'a Visit,
    offered: &'a Offered,
    who: Who,
    who_name: &'a str,
    start: DateTime<Utc>,
}

impl Details<'_> {
    /// The same browser booking the same time gets the same key, so a resubmitted form (a
    /// double tap, a refresh, back and again) finds the booking it already made.
    fn form_key(&self, browser: &Browser) -> String {
        let start = self.start.format("%Y%m%dT%H%M%SZ").to_string();
        let service = self.offered.service.id.0.to_string();
        self.visit.sign("contour-book-key-v1", &[&browser.nonce, &service, &self.who.segment(), &start])
    }

    fn render(
        &self,
        status: StatusCode,
        browser: &Browser,
        form: &DetailsForm,
        errors: &FieldErrors,
        problem: Option<String>,
        nearby: &[Slot],
    ) -> Response {
        let id = self.offered.service.id;
        let csrf = self.visit.sign("contour-book-csrf-v1", &[&browser.nonce]);
        let key = self.form_key(browser);
        let tz = self.visit.tz;
        let today = self.visit.now().with_timezone(&tz).date_naive();
        let starts: Vec<DateTime<Utc>> = nearby.iter().map(|s| s.starts_at).collect();
        let nearby = day_sections(tz, today, id, self.who, &starts);
        let mut response = self.visit.render(
            status,
            "book/details.html",
            json!({
                "back": times_href(id, self.who),
                "action": details_href(id, self.who, self.start),
                "service": self.visit.service_card(&self.offered.service),
                "when": when_label(tz, self.start),
                "who": self.who_name,
                "csrf": csrf,
                "key": key,
                "form": form,
                "errors": errors,
                "problem": problem,
                "nearby": nearby,
            }),
        );
        if let Some(cookie) = &browser.set_cookie
            && let Ok(value) = cookie.parse()
        {
            response.headers_mut().append(header::SET_COOKIE, value);
        }
        response
    }

    /// The time is gone: say so and offer the nearest free ones.
    async fn taken(&self, tx: &mut ClinicTx, browser: &Browser, form: &DetailsForm) -> Response {
        let id = self.offered.service.id;
        let nearby =
            service::nearby(tx, self.visit.rules(), id, self.who.provider(), self.start).await.unwrap_or_default();
        let problem = if nearby.is_empty() {
            "Sorry, that time was just taken, and there’s nothing free close to it. Please choose another day."
        } else {
            "Sorry, that time was just taken. These are the nearest free times:"
        };
        self.render(StatusCode::CONFLICT, browser, form, &FieldErrors::default(), Some(problem.into()), &nearby)
    }
}

/// Whether the time is one the times page would offer now.
async fn still_free(
    visit: &Visit,
    tx: &mut ClinicTx,
    service: ServiceId,
    who: Who,
    start: DateTime<Utc>,
) -> Result<bool, Response> {
    let day = start.with_timezone(&visit.tz).date_naive();
    let found =
        service::slots(tx, visit.rules(), service, who.provider(), day, 1).await.map_err(|e| visit_error(visit, e))?;
    Ok(found.iter().any(|s| s.starts_at == start))
}

#[handler]
pub async fn show_details(
    host: ClinicHost,
    req: &Request,
    Path((service, who, start)): Path<(String, String, String)>,
) -> Response {
    either(details_page(host, req, &service, &who, &start).await)
}

async fn details_page(host: ClinicHost, req: &Request, service: &str, who: &str, start: &str) -> Page {
    let (visit, mut tx) = Visit::open(host).await?;
    let (offered, who, who_name) = choice(&visit, tx.tx(), service, who).await?;
    let start = parse_start(start).ok_or_else(|| visit.not_offered())?;
    let browser = Browser::of(req, visit.secure());
    let step = Details { visit: &visit, offered: &offered, who, who_name: &who_name, start };
    let form = DetailsForm::default();
    if !still_free(&visit, tx.tx(), offered.service.id, who, start).await? {
        // Back to the form after booking: the booking, not "taken".
        let key = step.form_key(&browser);
        if let Ok(Some(appointment)) = service::booked_with_form(tx.tx(), &key).await {
            return Ok(see_other(&done_href(&visit, appointment.id.0)));
        }
        return Ok(step.taken(tx.tx(), &browser, &form).await);
    }
    Ok(step.render(StatusCode::OK, &browser, &form, &FieldErrors::default(), None, &[]))
}

#[handler]
pub async fn post_details(
    host: ClinicHost,
    req: &Request,
    Path((service, who, start)): Path<(String, String, String)>,
    Form(form): Form<DetailsForm>,
) -> Response {
    either(confirm_page(host, req, &service, &who, &start, form).await)
}

async fn confirm_page(
    host: ClinicHost,
    req: &Request,
    service: &str,
    who: &str,
    start: &str,
    form: DetailsForm,
) -> Page {
    let (visit, mut tx) = Visit::open(host).await?;
    let (offered, who, who_name) = choice(&visit, tx.tx(), service, who).await?;
    let start = parse_start(start).ok_or_else(|| visit.not_offered())?;
    let browser = Browser::of(req, visit.secure());
    let step = Details { visit: &visit, offered: &offered, who, who_name: &who_name, start };

    let csrf = visit.sign("contour-book-csrf-v1", &[&browser.nonce]);
    if browser.set_cookie.is_some() || !crate::secret::constant_time_eq(form.csrf.as_bytes(), csrf.as_bytes()) {
        let problem = "For your security this form expired. Please check your details and confirm again.";
        return Err(step.render(
            StatusCode::FORBIDDEN,
            &browser,
            &form,
            &FieldErrors::default(),
            Some(problem.into()),
            &[],
        ));
    }
    if !form.website.is_empty() {
        return Err(visit.message(
            StatusCode::BAD_REQUEST,
            "We couldn’t take this booking",
            "Something about this request looked automated. Please try again, or call the clinic to book.",
            Some((&times_href(offered.service.id, who), "Back to times")),
        ));
    }
    let key = form.key.trim();
    if !(16..=64).contains(&key.len()) || !key.chars().all(|c| c.is_ascii_hexdigit()) {
        let problem = "This form is out of date. Please check your details and confirm again.";
        return Err(step.render(
            StatusCode::BAD_REQUEST,
            &browser,
            &form,
            &FieldErrors::default(),
            Some(problem.into()),
            &[],
        ));
    }
    let contact = match check(&form) {
        Ok(contact) => contact,
        Err(errors) => {
            let problem = "Please check the highlighted details.";
            return Err(step.render(
                StatusCode::UNPROCESSABLE_ENTITY,
                &browser,
                &form,
                &errors,
                Some(problem.into()),
                &[],
            ));
        }
    };
    // The write takes its own connection; holding this one meanwhile could starve the pool.
    drop(tx);
    let ip = visit.host.request.ip.clone().unwrap_or_default();
    if let Err(wait) = visit.host.services.booking.confirmations.hit(&ip, visit.now()) {
        return Err(too_many(&visit.host, wait));
    }
    // The stored key also names the person, so one browser may book a friend into the same time.
    let person =
        visit.sign("contour-book-person-v1", &[&contact.first_name.to_lowercase(), &contact.last_name.to_lowercase()]);
    let stored_key = format!("{key}:{person}");
    let request = service::Request {
        service: offered.service.id,
        provider: who.provider(),
        starts_at: start,
        contact: &contact,
        key: &stored_key,
    };
    match book(&visit, &request).await {
        Ok(confirmed) => Ok(see_other(&done_href(&visit, confirmed.appointment.id.0))),
        Err(ConfirmError::Taken) => {
            let mut tx = auth::online_booking(&visit.host, false).await.map_err(|e| failed(&e))?;
            Err(step.taken(tx.tx(), &browser, &form).await)
        }
        Err(e) => {
            // The message only: a database error's debug form can carry the row, patient and all.
            tracing::error!(error = %e, "confirming an online booking failed");
            Err(visit.message(
                StatusCode::SERVICE_UNAVAILABLE,
                "We couldn’t confirm your booking",
                "Nothing was booked. Please try again in a moment, or call the clinic to book.",
                Some((&details_href(offered.service.id, who, start), "Try again")),
            ))
        }
    }
}

/// Confirms in its own write, audited, and tries again when it lost a lock race.
async fn book(visit: &Visit, request: &service::Request<'_>) -> Result<Confirmed, ConfirmError> {
    let rules = visit.rules();
    let begin = || auth::online_booking(&visit.host, true);
    let confirm = |mut op| async move {
        let confirmed = service::confirm(&mut op, rules, request).await;
        (op, confirmed)
    };
    match with_retries(begin, confirm).await {
        Err(ConfirmError::Taken) => {
            // Taken by this very form, sent twice at once (a double tap)? Then it's booked.
            let mut op = auth::online_booking(&visit.host, false).await?;
            match service::already_confirmed(op.tx(), request.key).await? {
                Some(appointment) => Ok(Confirmed { appointment, replayed: true, new_patient: false }),
                None => Err(ConfirmError::Taken),
            }
        }
        other => other,
    }
}

fn see_other(location: &str) -> Response {
    Response::builder().status(StatusCode::SEE_OTHER).header(header::LOCATION, location).finish()
}

fn done_token(visit: &Visit, appointment: uuid::Uuid) -> String {
    visit.sign("contour-book-done-v1", &[&appointment.to_string()])
}

fn done_href(visit: &Visit, id: uuid::Uuid) -> String {
    format!("/book/done/{id}/{}", done_token(visit, id))
}

/// The appointment a done link names, when its token is right.
async fn linked(
    visit: &Visit,
    tx: &mut ClinicTx,
    appointment: &str,
    token: &str,
) -> Result<crate::scheduling::model::CalendarAppointment, Response> {
    let missing = || {
        visit.message(
            StatusCode::NOT_FOUND,
            "We can’t find that booking",
            "The link may be incomplete. If you booked, the clinic has it; call them to check.",
            Some(("/book", "Book an appointment")),
        )
    };
    let id = appointment.parse::<uuid::Uuid>().map_err(|_| missing())?;
    if !crate::secret::constant_time_eq(token.as_bytes(), done_token(visit, id).as_bytes()) {
        return Err(missing());
    }
    scheduling::find(tx, crate::scheduling::AppointmentId(id)).await.map_err(|_| missing())
}

#[handler]
pub async fn show_done(host: ClinicHost, Path((appointment, token)): Path<(String, String)>) -> Response {
    either(done_page(host, &appointment, &token).await)
}

async fn done_page(host: ClinicHost, appointment: &str, token: &str) -> Page {
    let (visit, mut tx) = Visit::open_any(host).await?;
    let a = linked(&visit, tx.tx(), appointment, token).await?;
    if a.status == AppointmentStatus::Cancelled {
        return Ok(visit.message(
            StatusCode::OK,
            "This appointment was cancelled",
            "Please book again, or call the clinic if you think this is a mistake.",
            Some(("/book", "Book an appointment")),
        ));
    }
    // Forms the visit needs signed: the patient can sign them now, on this phone, until a day
    // after the visit starts.
    let to_sign = match crate::consents::of_visit(tx.tx(), a.id).await {
        Ok(consents) if !consents.all_current() => {
            Some(crate::consents::link_path(&tx, a.id, a.starts_at + Duration::days(1)))
        }
        Ok(_) => None,
        Err(crate::consents::ConsentsError::Db(e)) => return Err(failed(&e)),
        Err(_) => None,
    };
    Ok(visit.render(
        StatusCode::OK,
        "book/done.html",
        json!({
            "consents": to_sign,
            "first_name": a.preferred_name.as_deref().unwrap_or(&a.first_name),
            "service": a.service_name,
            "when": when_label(visit.tz, a.starts_at),
            "provider": a.provider_name,
            "ics": format!("/book/done/{appointment}/{token}/appointment.ics"),
            "again": "/book",
        }),
    ))
}

#[handler]
pub async fn download_ics(host: ClinicHost, Path((appointment, token)): Path<(String, String)>) -> Response {
    either(ics_file(host, &appointment, &token).await)
}

async fn ics_file(host: ClinicHost, appointment: &str, token: &str) -> Page {
    let (visit, mut tx) = Visit::open_any(host).await?;
    let a = linked(&visit, tx.tx(), appointment, token).await?;
    let body = ics::event(&ics::Event {
        uid: &format!("{}@{}", a.id.0, visit.host.clinic.slug),
        stamped: visit.now(),
        starts_at: a.starts_at,
        ends_at: a.ends_at,
        summary: &format!("{} at {}", a.service_name, visit.look.name),
        description: &format!("With {}", a.provider_name),
        location: &visit.look.name,
        cancelled: a.status == AppointmentStatus::Cancelled,
    });
    Ok(Response::builder()
        .content_type("text/calendar; charset=utf-8")
        .header(header::CONTENT_DISPOSITION, "attachment; filename=\"appointment.ics\"")
        .header(header::CACHE_CONTROL, "no-store")
        .body(body))
}

/// Limits on request bodies here: the details form is small.
pub const MAX_FORM_BYTES: usize = 16 * 1024;
