//! The public booking pages, driven as a browser without JavaScript would: follow links, post
//! the form, keep cookies.

use std::collections::HashSet;

use chrono::{DateTime, Duration, TimeZone, Utc};
use reqwest::StatusCode;
use serde_json::{Value, json};

use crate::helpers::{Client, TestApp};
use crate::scheduling::{Setup, setup};

const LA: chrono_tz::Tz = chrono_tz::America::Los_Angeles;

/// `minutes` after 10:00 on Wednesday 9 December 2026 in Los Angeles (the set-up's clock is 7:00).
fn wed(minutes: i64) -> DateTime<Utc> {
    LA.with_ymd_and_hms(2026, 12, 9, 10, 0, 0).unwrap().with_timezone(&Utc) + Duration::minutes(minutes)
}

fn stamp(t: DateTime<Utc>) -> String {
    t.format("%Y%m%dT%H%M%SZ").to_string()
}

/// A page as a browser gets it.
struct Page {
    status: StatusCode,
    location: Option<String>,
    html: String,
}

impl Page {
    fn links(&self) -> Vec<String> {
        self.html.split("href=\"").skip(1).filter_map(|rest| rest.split('"').next()).map(str::to_owned).collect()
    }

    fn link_containing(&self, part: &str) -> String {
        self.links()
            .into_iter()
            .find(|l| l.contains(part))
            .unwrap_or_else(|| panic!("no link with {part} in:\n{}", self.html))
    }

    fn hidden(&self, name: &str) -> String {
        let marker = format!("name=\"{name}\" value=\"");
        let at = self.html.find(&marker).unwrap_or_else(|| panic!("no field {name} in:\n{}", self.html));
        self.html[at + marker.len()..].split('"').next().unwrap().to_owned()
    }

    fn says(&self, text: &str) -> bool {
        self.html.contains(text)
    }
}

async fn open(client: &Client, path: &str) -> Page {
    let resp = client.http.get(client.url(path)).header("accept", "text/html").send().await.unwrap();
    page(resp).await
}

async fn page(resp: reqwest::Response) -> Page {
    let status = resp.status();
    let location = resp.headers().get("location").map(|v| v.to_str().unwrap().to_owned());
    let html = resp.text().await.unwrap();
    Page { status, location, html }
}

async fn submit(client: &Client, path: &str, fields: &[(&str, &str)]) -> Page {
    let resp = client.http.post(client.url(path)).header("accept", "text/html").form(fields).send().await.unwrap();
    page(resp).await
}

/// A fresh browser (its own cookies) on the clinic's host.
fn browser(app: &TestApp, s: &Setup) -> Client {
    app.client_for(&app.clinic_host(&s.c.clinic.slug))
}

/// The set-up clinic with online booking on and no lead time.
async fn open_for_booking(app: &TestApp) -> Setup {
    let s = setup(app).await;
    let r = s
        .owner
        .put(
            "/api/v1/online-booking",
            &json!({ "enabled": true, "leadMinutes": 0, "horizonDays": 30, "slotMinutes": 15 }),
        )
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.text);
    s
}

fn details_path(s: &Setup, who: &str, at: DateTime<Utc>) -> String {
    format!("/book/s/{}/p/{who}/t/{}", s.botox, stamp(at))
}

/// Opens the details form and fills it in: the fields a browser would send.
async fn form_for(client: &Client, path: &str, first: &str, last: &str, phone: &str) -> Vec<(String, String)> {
    let form = open(client, path).await;
    assert_eq!(form.status, StatusCode::OK, "{}", form.html);
    vec![
        ("csrf".into(), form.hidden("csrf")),
        ("key".into(), form.hidden("key")),
        ("website".into(), String::new()),
        ("first_name".into(), first.into()),
        ("last_name".into(), last.into()),
        ("phone".into(), phone.into()),
        ("email".into(), String::new()),
        ("note".into(), String::new()),
    ]
}

async fn send(client: &Client, path: &str, form: &[(String, String)]) -> Page {
    let fields: Vec<(&str, &str)> = form.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
    submit(client, path, &fields).await
}

/// The day's appointments as the staff calendar shows them.
async fn calendar(s: &Setup) -> Vec<Value> {
    let enc = |t: DateTime<Utc>| t.to_rfc3339_opts(chrono::SecondsFormat::Secs, true).replace('+', "%2B");
    let r = s.desk.get(&format!("/api/v1/calendar?from={}&to={}", enc(wed(-600)), enc(wed(840)))).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.text);
    r.body["appointments"].as_array().unwrap().clone()
}

#[tokio::test]
async fn a_patient_books_in_four_steps_and_the_calendar_shows_it() {
    let app = TestApp::spawn().await;
    let s = open_for_booking(&app).await;
    let b = browser(&app, &s);

    let services = open(&b, "/book").await;
    assert_eq!(services.status, StatusCode::OK);
    assert!(services.says("Test Clinic"), "the clinic's name on every page");
    assert!(services.says("--brand:#"), "and its brand colour");
    assert!(services.says("Injectables") && services.says("Neurotoxin") && services.says("30 min · $14"));
    assert!(!services.says("Consultation"), "a service not bookable online is not offered");
    assert!(!services.html.contains("<script"), "no JavaScript");

    let providers = open(&b, &services.link_containing(&s.botox)).await;
    assert!(providers.says("Anyone available"));
    assert!(providers.links().contains(&"/book".to_owned()), "a back link");
    let times = open(&b, &providers.link_containing("/p/anyone")).await;
    assert!(times.says("Today · Wednesday, December 9"), "{}", times.html);
    assert!(times.says(">9:00 AM<"), "the first time of the working day");
    assert!(times.says("Later dates"));

    let details = open(&b, &times.link_containing(&stamp(wed(0)))).await;
    assert!(details.says("Wednesday, December 9 at 10:00 AM") && details.says("Step 4 of 4"));
    let form: Vec<(&str, String)> = vec![
        ("csrf", details.hidden("csrf")),
        ("key", details.hidden("key")),
        ("website", String::new()),
        ("first_name", "Nova".into()),
        ("last_name", "Testerson".into()),
        ("phone", "(555) 010-0177".into()),
        ("email", String::new()),
        ("note", "First visit".into()),
    ];
    let fields: Vec<(&str, &str)> = form.iter().map(|(k, v)| (*k, v.as_str())).collect();
    let done = submit(&b, &details_path(&s, "anyone", wed(0)), &fields).await;
    assert_eq!(done.status, StatusCode::SEE_OTHER, "{}", done.html);
    let done_path = done.location.unwrap();
    assert!(done_path.starts_with("/book/done/"));
    let done = open(&b, &done_path).await;
    assert!(done.says("You’re booked, Nova") && done.says("Neurotoxin") && done.says("10:00 AM"));

    let ics = b.http.get(b.url(&format!("{done_path}/appointment.ics"))).send().await.unwrap();
    assert!(ics.headers()["content-type"].to_str().unwrap().starts_with("text/calendar"));
    let ics = ics.text().await.unwrap();
    assert!(ics.starts_with("BEGIN:VCALENDAR\r\n") && ics.ends_with("END:VCALENDAR\r\n"));
    assert!(ics.contains(&format!("DTSTART:{}\r\n", stamp(wed(0)))));
    assert!(ics.contains(&format!("DTEND:{}\r\n", stamp(wed(30)))));
    let last = if done_path.ends_with('0') { "1" } else { "0" };
    let tampered = format!("{}{last}", &done_path[..done_path.len() - 1]);
    assert_eq!(open(&b, &tampered).await.status, StatusCode::NOT_FOUND, "the done link is signed");

    let day = calendar(&s).await;
    let booked: Vec<_> = day.iter().filter(|a| a["source"] == "online").collect();
    assert_eq!(booked.len(), 1);
    let a = booked[0];
    assert_eq!(a["status"], "booked");
    assert_eq!(a["patientFirstName"], "Nova");
    assert_eq!(a["startsAt"].as_str().unwrap().parse::<DateTime<Utc>>().unwrap(), wed(0));
    assert_eq!(a["serviceId"], s.botox.as_str());

    let audit = s.owner.get("/api/v1/audit?action=appointment.booked").await;
    let entry = &audit.body["entries"][0];
    assert_eq!(entry["actorName"], "Online booking");
    assert_eq!(entry["entityId"], a["id"]);
    assert!(!entry.to_string().contains("Nova"), "no patient details in the audit log");
}

#[tokio::test]
async fn an_existing_patient_is_matched_by_name_and_phone_or_email() {
    let app = TestApp::spawn().await;
    let s = open_for_booking(&app).await;
    let on_file = s
        .desk
        .post(
            "/api/v1/patients",
            &json!({ "firstName": "Iris", "lastName": "Quill", "phone": "(555) 010-0142", "email": "iris.quill@example.com" }),
        )
        .await;
    let on_file = on_file.body["id"].as_str().unwrap().to_owned();

    let book = |who: &'static str, at: DateTime<Utc>, first: &'static str, phone: &'static str| {
        let b = browser(&app, &s);
        let path = details_path(&s, who, at);
        async move {
            let form = form_for(&b, &path, first, "QUILL", phone).await;
            let done = send(&b, &path, &form).await;
            assert_eq!(done.status, StatusCode::SEE_OTHER, "{}", done.html);
        }
    };
    book("anyone", wed(0), "iris", "555.010.0142").await;
    book("anyone", wed(60), "Ivy", "555 010 0142").await;
    let day = calendar(&s).await;
    let patient_of = |at: DateTime<Utc>| {
        day.iter()
            .find(|a| a["startsAt"].as_str().unwrap().parse::<DateTime<Utc>>().unwrap() == at)
            .map(|a| a["patientId"].as_str().unwrap().to_owned())
            .unwrap()
    };
    assert_eq!(patient_of(wed(0)), on_file, "same name and phone: the patient on file");
    let providers: HashSet<&str> = day.iter().map(|a| a["providerId"].as_str().unwrap()).collect();
    assert_eq!(providers.len(), 2, "\"anyone\" spreads bookings across the providers");
    assert_ne!(patient_of(wed(60)), on_file, "same phone, another name: a new patient");
    let created = s.desk.get(&format!("/api/v1/patients/{}", patient_of(wed(60)))).await;
    assert_eq!(created.body["firstName"], "Ivy");
    assert_eq!(created.body["source"], "online");
}

#[tokio::test]
async fn fifty_people_confirming_one_time_get_one_appointment() {
    let app = TestApp::spawn_with(|c| {
        c.booking_pages_per_minute = 1000;
        c.booking_confirmations_per_hour = 1000;
    })
    .await;
    let s = open_for_booking(&app).await;
    let path = details_path(&s, &s.riley, wed(0));
    let mut forms = Vec::new();
    for i in 0..50 {
        let b = browser(&app, &s);
        let form = form_for(&b, &path, &format!("Racer{i}"), "Example", &format!("555-010-{:04}", 1000 + i)).await;
        forms.push((b, form));
    }
    let attempts = forms.into_iter().map(|(b, form)| {
        let path = path.clone();
        tokio::spawn(async move { send(&b, &path, &form).await })
    });
    let pages: Vec<Page> = futures::future::join_all(attempts).await.into_iter().map(Result::unwrap).collect();
    let statuses: Vec<StatusCode> = pages.iter().map(|p| p.status).collect();
    assert!(statuses.iter().all(|s| !s.is_server_error()), "{statuses:?}");
    assert_eq!(statuses.iter().filter(|s| **s == StatusCode::SEE_OTHER).count(), 1, "{statuses:?}");
    for lost in pages.iter().filter(|p| p.status != StatusCode::SEE_OTHER) {
        assert_eq!(lost.status, StatusCode::CONFLICT);
        assert!(lost.says("just taken") && lost.says("nearest free times"), "{}", lost.html);
        assert!(!lost.says(&format!("/t/{}\"", stamp(wed(0)))), "the taken time is not offered again");
    }
    let at_ten: Vec<_> = calendar(&s)
        .await
        .into_iter()
        .filter(|a| a["startsAt"].as_str().unwrap().parse::<DateTime<Utc>>().unwrap() == wed(0))
        .collect();
    assert_eq!(at_ten.len(), 1);
}

#[tokio::test]
async fn a_double_submit_a_refresh_and_back_then_resubmit_book_once() {
    let app = TestApp::spawn().await;
    let s = open_for_booking(&app).await;
    let b = browser(&app, &s);
    let path = details_path(&s, &s.riley, wed(0));
    let form = form_for(&b, &path, "Dana", "Double", "555-010-0111").await;

    let (first, second) = tokio::join!(send(&b, &path, &form), send(&b, &path, &form));
    assert_eq!(first.status, StatusCode::SEE_OTHER, "{}", first.html);
    assert_eq!(second.status, StatusCode::SEE_OTHER, "{}", second.html);
    assert_eq!(first.location, second.location, "both taps land on the same booking");
    let again = send(&b, &path, &form).await;
    assert_eq!(again.location, first.location, "a refresh of the post");
    // Back to the form: the time is gone, but it is this browser's booking.
    let back = open(&b, &path).await;
    assert_eq!(back.status, StatusCode::SEE_OTHER);
    assert_eq!(back.location, first.location);

    let online: Vec<_> = calendar(&s).await.into_iter().filter(|a| a["source"] == "online").collect();
    assert_eq!(online.len(), 1, "one appointment");

    // A friend booked from the same phone into the same time (another provider is free) is a
    // second booking, not a repeat.
    let friend = form_for(&b, &details_path(&s, "anyone", wed(60)), "Fran", "Friend", "555-010-0112").await;
    let me = form_for(&b, &details_path(&s, "anyone", wed(60)), "Dana", "Double", "555-010-0111").await;
    assert_eq!(send(&b, &details_path(&s, "anyone", wed(60)), &friend).await.status, StatusCode::SEE_OTHER);
    assert_eq!(send(&b, &details_path(&s, "anyone", wed(60)), &me).await.status, StatusCode::SEE_OTHER);
    let online: Vec<_> = calendar(&s).await.into_iter().filter(|a| a["source"] == "online").collect();
    assert_eq!(online.len(), 3);
}

#[tokio::test]
async fn what_is_closed_to_online_booking_cannot_be_booked_even_by_hand() {
    let app = TestApp::spawn().await;
    let s = open_for_booking(&app).await;
    let b = browser(&app, &s);
    // A valid form token for this browser, taken from an open page.
    let mut form = form_for(&b, &details_path(&s, "anyone", wed(0)), "Hand", "Made", "555-010-0199").await;

    let consult = format!("/book/s/{}/p/{}/t/{}", s.consult, s.riley, stamp(wed(0)));
    assert_eq!(open(&b, &format!("/book/s/{}", s.consult)).await.status, StatusCode::NOT_FOUND);
    let refused = send(&b, &consult, &form).await;
    assert_eq!(refused.status, StatusCode::NOT_FOUND);
    assert!(refused.says("can’t be booked online"));

    // A provider who takes no online bookings.
    let r = s
        .owner
        .put(&format!("/api/v1/providers/{}", s.jordan), &json!({ "color": "#7048e8", "bookableOnline": false }))
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.text);
    assert_eq!(send(&b, &details_path(&s, &s.jordan, wed(0)), &form).await.status, StatusCode::NOT_FOUND);
    // Outside working hours, before now, past the horizon, off the slot grid: not offered, so refused.
    for at in [wed(600), wed(-240), wed(60 * 24 * 40), wed(7)] {
        let refused = send(&b, &details_path(&s, &s.riley, at), &form).await;
        assert_eq!(refused.status, StatusCode::CONFLICT, "{at}: {}", refused.html);
    }
    // A service archived after the page was loaded.
    let r = s.owner.post(&format!("/api/v1/services/{}/archive", s.botox), &json!({})).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.text);
    form.retain(|(k, _)| k != "first_name");
    form.push(("first_name".into(), "Later".into()));
    assert_eq!(send(&b, &details_path(&s, "anyone", wed(0)), &form).await.status, StatusCode::NOT_FOUND);
    assert!(calendar(&s).await.iter().all(|a| a["source"] != "online"), "nothing was booked");
}

#[tokio::test]
async fn owners_switch_online_booking_and_its_limits() {
    let app = TestApp::spawn().await;
    let s = setup(&app).await;
    let b = browser(&app, &s);
    let closed = open(&b, "/book").await;
    assert_eq!(closed.status, StatusCode::NOT_FOUND, "off until the owner turns it on");
    assert!(closed.says("Online booking is closed"));
    assert_eq!(open(&b, &format!("/book/s/{}", s.botox)).await.status, StatusCode::NOT_FOUND);

    let settings = s.owner.get("/api/v1/online-booking").await;
    assert_eq!(settings.body["enabled"], false);
    assert!(settings.body["url"].as_str().unwrap().ends_with("/book"));
    let bad = s
        .owner
        .put(
            "/api/v1/online-booking",
            &json!({ "enabled": true, "leadMinutes": -1, "horizonDays": 0, "slotMinutes": 7 }),
        )
        .await;
    assert_eq!(bad.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(bad.code(), "validation_failed");
    let fields: HashSet<&str> =
        bad.body["fields"].as_array().unwrap().iter().map(|f| f["field"].as_str().unwrap()).collect();
    assert_eq!(fields, HashSet::from(["leadMinutes", "horizonDays", "slotMinutes"]));
    let denied = s
        .desk
        .put(
            "/api/v1/online-booking",
            &json!({ "enabled": true, "leadMinutes": 0, "horizonDays": 30, "slotMinutes": 15 }),
        )
        .await;
    assert_eq!(denied.status, StatusCode::FORBIDDEN);

    // Three hours' notice from 7:00, one day ahead, half-hourly.
    let r = s
        .owner
        .put(
            "/api/v1/online-booking",
            &json!({ "enabled": true, "leadMinutes": 180, "horizonDays": 1, "slotMinutes": 30 }),
        )
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.text);
    let times = open(&b, &format!("/book/s/{}/p/{}", s.botox, s.riley)).await;
    assert_eq!(times.status, StatusCode::OK);
    let offered: Vec<String> = times.links().into_iter().filter(|l| l.contains("/t/")).collect();
    assert_eq!(offered.first().unwrap(), &details_path(&s, &s.riley, wed(0)), "nothing before 10:00");
    assert!(!offered.iter().any(|l| l.ends_with(&stamp(wed(15)))), "half-hourly");
    assert!(times.says("Thursday, December 10") && !times.says("Friday, December 11"), "one day ahead");
    assert!(!times.says("Later dates"));

    let audit = s.owner.get("/api/v1/audit?action=settings.changed").await;
    assert!(audit.body["entries"].as_array().unwrap().iter().any(|e| e["entityType"] == "online_booking"));
}

#[tokio::test]
async fn the_form_keeps_what_was_typed_and_refuses_forgeries_and_bots() {
    let app = TestApp::spawn().await;
    let s = open_for_booking(&app).await;
    let b = browser(&app, &s);
    let path = details_path(&s, "anyone", wed(0));
    let good = form_for(&b, &path, "Rae", "<b>Sample</b>", "12").await;

    let invalid = send(&b, &path, &good).await;
    assert_eq!(invalid.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(invalid.says("That phone number doesn’t look right"));
    assert!(invalid.says("value=\"Rae\"") && invalid.says("value=\"12\""), "what was typed is kept");
    assert!(invalid.says("value=\"&lt;b&gt;Sample&lt;/b&gt;\""));
    assert!(!invalid.says("<b>Sample"), "and escaped");
    assert!(invalid.says("aria-invalid=\"true\""));

    let with = |name: &str, value: &str| {
        let mut f = good.clone();
        f.retain(|(k, _)| k != name && k != "phone" && k != "last_name");
        f.push((name.into(), value.into()));
        f.push(("phone".into(), "555-010-0123".into()));
        f.push(("last_name".into(), "Sample".into()));
        f
    };
    let forged = send(&b, &path, &with("csrf", "0000")).await;
    assert_eq!(forged.status, StatusCode::FORBIDDEN);
    assert!(forged.says("value=\"Rae\""), "a stale form keeps the details too");
    let stranger = browser(&app, &s);
    assert_eq!(
        send(&stranger, &path, &with("website", "")).await.status,
        StatusCode::FORBIDDEN,
        "no cookie, no booking"
    );
    let bot = send(&b, &path, &with("website", "http://spam.example")).await;
    assert_eq!(bot.status, StatusCode::BAD_REQUEST);
    assert_eq!(send(&b, &path, &with("key", "not-a-key")).await.status, StatusCode::BAD_REQUEST);
    let raw = b
        .http
        .post(b.url(&path))
        .header("content-type", "application/x-www-form-urlencoded")
        .body("first_name=%ZZ&&=")
        .send()
        .await
        .unwrap();
    assert!(raw.status().is_client_error(), "{}", raw.status());
    assert!(calendar(&s).await.iter().all(|a| a["source"] != "online"), "nothing was booked");

    let ok = send(&b, &path, &with("website", "")).await;
    assert_eq!(ok.status, StatusCode::SEE_OTHER, "{}", ok.html);
}

#[tokio::test]
async fn one_address_is_slowed_down_past_its_limits() {
    let app = TestApp::spawn_with(|c| {
        c.booking_pages_per_minute = 6;
        c.booking_confirmations_per_hour = 1;
    })
    .await;
    let s = open_for_booking(&app).await;
    let b = browser(&app, &s);
    let first = form_for(&b, &details_path(&s, "anyone", wed(0)), "Lim", "Itone", "555-010-0131").await;
    let second = form_for(&b, &details_path(&s, "anyone", wed(60)), "Lim", "Ittwo", "555-010-0132").await;
    assert_eq!(send(&b, &details_path(&s, "anyone", wed(0)), &first).await.status, StatusCode::SEE_OTHER);
    let refused = send(&b, &details_path(&s, "anyone", wed(60)), &second).await;
    assert_eq!(refused.status, StatusCode::TOO_MANY_REQUESTS, "one booking an hour here");
    assert!(refused.says("Please slow down"));
    for _ in 0..2 {
        open(&b, "/book").await;
    }
    let slowed = b.http.get(b.url("/book")).send().await.unwrap();
    assert_eq!(slowed.status(), StatusCode::TOO_MANY_REQUESTS);
    assert!(slowed.headers()["retry-after"].to_str().unwrap().parse::<u64>().unwrap() <= 60);
    app.clock.advance(Duration::seconds(61));
    assert_eq!(open(&b, "/book").await.status, StatusCode::OK, "the window passes");
}

#[tokio::test]
async fn pages_stay_small_and_say_which_step_they_are() {
    let app = TestApp::spawn().await;
    let s = open_for_booking(&app).await;
    let b = browser(&app, &s);
    let pages = [
        "/book".to_owned(),
        format!("/book/s/{}", s.botox),
        format!("/book/s/{}/p/anyone", s.botox),
        details_path(&s, "anyone", wed(0)),
    ];
    for (i, path) in pages.iter().enumerate() {
        let p = open(&b, path).await;
        assert_eq!(p.status, StatusCode::OK, "{path}");
        assert!(p.html.len() < 30 * 1024, "{path}: {} bytes", p.html.len());
        assert!(p.says(&format!("Step {} of 4", i + 1)), "{path}");
        assert!(p.says("<html lang=\"en\">") && p.says("name=\"viewport\""), "{path}");
        assert!(!p.html.contains("<script"), "{path}");
    }
    let details = open(&b, &details_path(&s, "anyone", wed(0))).await;
    for (id, label) in [("first", "First name"), ("last", "Last name"), ("phone", "Mobile phone"), ("email", "Email")] {
        assert!(details.says(&format!("<label for=\"{id}\">{label}")), "{label} is labelled");
    }
}
