use chrono::{DateTime, Duration, TimeZone, Utc};
use contour::auth::Role;
use reqwest::StatusCode;
use serde_json::{Value, json};

use crate::helpers::{Session, TestApp, TestClinic};

const LA: chrono_tz::Tz = chrono_tz::America::Los_Angeles;

/// 10:00 on Wednesday 9 December 2026 in Los Angeles, plus `minutes`.
fn wed(minutes: i64) -> DateTime<Utc> {
    LA.with_ymd_and_hms(2026, 12, 9, 10, 0, 0).unwrap().with_timezone(&Utc) + Duration::minutes(minutes)
}

/// A clinic set up to book: two rooms, a roomed service with a buffer, a roomless one, two
/// providers working 9-17 on weekdays, a patient. The clock stands at 7:00 that Wednesday.
pub struct Setup {
    pub c: TestClinic,
    pub owner: Session,
    pub desk: Session,
    pub rooms: Vec<String>,
    pub botox: String,
    pub consult: String,
    pub riley: String,
    pub jordan: String,
    /// The providers' sign-in emails (password STAFF_PASSWORD).
    pub riley_email: String,
    pub jordan_email: String,
    pub patient: String,
    pub patient2: String,
}

pub async fn setup(app: &TestApp) -> Setup {
    app.clock.set(wed(-180));
    let c = app.create_clinic().await;
    let owner = c.owner(app).await;
    let desk = c.as_role(app, Role::FrontDesk).await;
    let mut rooms = Vec::new();
    for name in ["Treatment Room 1", "Treatment Room 2"] {
        let r = owner.post("/api/v1/rooms", &json!({ "name": name })).await;
        assert_eq!(r.status, StatusCode::OK, "{}", r.text);
        rooms.push(r.body["id"].as_str().unwrap().to_owned());
    }
    let botox = owner
        .post(
            "/api/v1/services",
            &json!({ "name": "Neurotoxin", "category": "Injectables", "durationMinutes": 30, "bufferAfterMinutes": 10,
                     "priceCents": 1400, "color": "#1c7ed6", "needsRoom": true, "bookableOnline": true,
                     "chartKind": "injectables", "roomIds": rooms }),
        )
        .await;
    assert_eq!(botox.status, StatusCode::OK, "{}", botox.text);
    let consult = owner
        .post(
            "/api/v1/services",
            &json!({ "name": "Consultation", "category": "Consultations", "durationMinutes": 30, "priceCents": 0,
                     "color": "#868e96", "chartKind": "general" }),
        )
        .await;
    let (botox, consult) =
        (botox.body["id"].as_str().unwrap().to_owned(), consult.body["id"].as_str().unwrap().to_owned());
    let mut providers = Vec::new();
    let mut emails = Vec::new();
    for color in ["#d6336c", "#7048e8"] {
        let (email, id) = c.add_staff(app, Role::Provider).await;
        emails.push(email);
        let p = owner.put(&format!("/api/v1/providers/{id}"), &json!({ "color": color, "bookableOnline": true })).await;
        assert_eq!(p.status, StatusCode::OK, "{}", p.text);
        let hours: Vec<Value> = (1..=5).map(|d| json!({ "weekday": d, "start": "09:00", "end": "17:00" })).collect();
        assert_eq!(
            owner.put(&format!("/api/v1/providers/{id}/hours"), &json!({ "hours": hours })).await.status,
            StatusCode::OK
        );
        let s =
            owner.put(&format!("/api/v1/providers/{id}/services"), &json!({ "serviceIds": [botox, consult] })).await;
        assert_eq!(s.body["serviceIds"].as_array().unwrap().len(), 2);
        providers.push(id.to_string());
    }
    let mut patients = Vec::new();
    for (first, last) in [("Ava", "Applewood"), ("Mia", "Birchfield")] {
        let p = desk.post("/api/v1/patients", &json!({ "firstName": first, "lastName": last })).await;
        patients.push(p.body["id"].as_str().unwrap().to_owned());
    }
    Setup {
        c,
        owner,
        desk,
        rooms,
        botox,
        consult,
        riley: providers[0].clone(),
        jordan: providers[1].clone(),
        riley_email: emails[0].clone(),
        jordan_email: emails[1].clone(),
        patient: patients[0].clone(),
        patient2: patients[1].clone(),
    }
}

async fn book(s: &Setup, who: &Session, provider: &str, service: &str, at: DateTime<Utc>) -> crate::helpers::Reply {
    who.post(
        "/api/v1/appointments",
        &json!({ "patientId": s.patient, "providerId": provider, "serviceId": service, "startsAt": at }),
    )
    .await
}

#[tokio::test]
async fn booking_fills_in_the_end_buffer_and_a_free_room() {
    let app = TestApp::spawn().await;
    let s = setup(&app).await;
    let r = book(&s, &s.desk, &s.riley, &s.botox, wed(0)).await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.text);
    let a = &r.body["appointment"];
    assert_eq!(a["status"], "booked");
    assert_eq!(a["source"], "staff");
    assert_eq!(a["patientFirstName"], "Ava");
    assert_eq!(a["serviceName"], "Neurotoxin");
    assert_eq!(a["roomId"], s.rooms[0].as_str(), "the first free suitable room");
    assert_eq!(a["endsAt"].as_str().unwrap().parse::<DateTime<Utc>>().unwrap(), wed(30));
    assert_eq!(a["blockedUntil"].as_str().unwrap().parse::<DateTime<Utc>>().unwrap(), wed(40));
    assert_eq!(a["hasAllergies"], false);
    assert_eq!(r.body["outsideWorkingHours"], false);

    // A second provider at the same time gets the other room; a third finds none free.
    let second = book(&s, &s.desk, &s.jordan, &s.botox, wed(0)).await;
    assert_eq!(second.body["appointment"]["roomId"], s.rooms[1].as_str());
    let (_, third) = s.c.add_staff(&app, Role::Provider).await;
    s.owner.put(&format!("/api/v1/providers/{third}"), &json!({ "color": "#0c8599" })).await;
    let none = book(&s, &s.desk, &third.to_string(), &s.botox, wed(15)).await;
    assert_eq!(none.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(none.body["fields"][0]["field"], "roomId");

    let bad = s.desk.post("/api/v1/appointments", &json!({ "patientId": s.patient, "providerId": s.riley, "serviceId": s.botox, "startsAt": wed(60), "endsAt": wed(50) })).await;
    assert_eq!(bad.code(), "validation_failed");
}

#[tokio::test]
async fn a_provider_or_room_cannot_be_double_booked() {
    let app = TestApp::spawn().await;
    let s = setup(&app).await;
    let first = book(&s, &s.desk, &s.riley, &s.botox, wed(0)).await;
    let first_id = first.body["appointment"]["id"].as_str().unwrap().to_owned();

    // The same provider 10 minutes later: refused, naming the appointment in the way.
    let clash = book(&s, &s.desk, &s.riley, &s.consult, wed(10)).await;
    assert_eq!(clash.status, StatusCode::CONFLICT);
    assert_eq!(clash.code(), "slot_unavailable");
    assert!(clash.body["message"].as_str().unwrap().contains("10:00 AM–10:30 AM"), "{}", clash.text);
    assert_eq!(clash.body["fields"][0]["code"], "provider_busy");
    assert_eq!(clash.body["fields"][1]["message"], first_id.as_str());

    // Inside the buffer (10:30-10:40) is still taken; right after it is free.
    assert_eq!(book(&s, &s.desk, &s.riley, &s.consult, wed(35)).await.code(), "slot_unavailable");
    assert_eq!(book(&s, &s.desk, &s.riley, &s.consult, wed(40)).await.status, StatusCode::CREATED);

    // The same room with another provider: refused.
    let room_clash = s
        .desk
        .post(
            "/api/v1/appointments",
            &json!({ "patientId": s.patient2, "providerId": s.jordan, "serviceId": s.botox, "roomId": s.rooms[0], "startsAt": wed(20) }),
        )
        .await;
    assert_eq!(room_clash.code(), "slot_unavailable");
    assert_eq!(room_clash.body["fields"][0]["code"], "room_busy");
    assert!(room_clash.body["message"].as_str().unwrap().starts_with("Treatment Room 1 is in use"));

    // Cancelling frees the time at once.
    let cancelled = s
        .desk
        .post(&format!("/api/v1/appointments/{first_id}/cancel"), &json!({ "reason": "Rescheduled by patient" }))
        .await;
    assert_eq!(cancelled.body["status"], "cancelled");
    assert_eq!(book(&s, &s.desk, &s.riley, &s.consult, wed(10)).await.status, StatusCode::CREATED);
}

#[tokio::test]
async fn a_repeated_booking_request_books_once() {
    let app = TestApp::spawn().await;
    let s = setup(&app).await;
    let body =
        json!({ "patientId": s.patient, "providerId": s.riley, "serviceId": s.consult, "startsAt": wed(8 * 60) });
    let key = ("Idempotency-Key", "4f1c2a9e-double-tap");
    let first = s.desk.post_with("/api/v1/appointments", &body, key).await;
    assert_eq!(first.status, StatusCode::CREATED, "{}", first.text);
    let again = s.desk.post_with("/api/v1/appointments", &body, key).await;
    assert_eq!(again.status, StatusCode::CREATED, "a retry is answered, not refused: {}", again.text);
    assert_eq!(again.body["appointment"]["id"], first.body["appointment"]["id"]);
    assert_eq!(again.body["outsideWorkingHours"], true);
    let log = s.owner.get("/api/v1/audit?action=appointment.booked").await;
    assert_eq!(log.body["entries"].as_array().unwrap().len(), 1, "booked once, logged once");

    // Someone else's key is theirs alone: the same string books (or is refused) on its own.
    let other = s.c.as_role(&app, Role::FrontDesk).await;
    let clash = other.post_with("/api/v1/appointments", &body, key).await;
    assert_eq!(clash.code(), "slot_unavailable");
    let bad = s.desk.post_with("/api/v1/appointments", &body, ("Idempotency-Key", "has spaces inside")).await;
    assert_eq!(bad.code(), "validation_failed");
}

#[tokio::test]
async fn booking_outside_hours_is_allowed_but_flagged() {
    let app = TestApp::spawn().await;
    let s = setup(&app).await;
    let evening = book(&s, &s.desk, &s.riley, &s.consult, wed(8 * 60)).await;
    assert_eq!(evening.status, StatusCode::CREATED);
    assert_eq!(evening.body["outsideWorkingHours"], true);
    let off = s
        .owner
        .post(
            &format!("/api/v1/providers/{}/time-off", s.jordan),
            &json!({ "startsAt": wed(-60), "endsAt": wed(120), "reason": "Training" }),
        )
        .await;
    assert_eq!(off.status, StatusCode::OK, "{}", off.text);
    let during_time_off = book(&s, &s.desk, &s.jordan, &s.consult, wed(0)).await;
    assert_eq!(during_time_off.body["outsideWorkingHours"], true);
    assert_eq!(book(&s, &s.desk, &s.jordan, &s.consult, wed(180)).await.body["outsideWorkingHours"], false);
}

#[tokio::test]
async fn appointments_move_resize_and_change_hands() {
    let app = TestApp::spawn().await;
    let s = setup(&app).await;
    let a = book(&s, &s.desk, &s.riley, &s.botox, wed(0)).await.body["appointment"].clone();
    let id = a["id"].as_str().unwrap();
    let blocker = book(&s, &s.desk, &s.jordan, &s.consult, wed(120)).await;
    assert_eq!(blocker.status, StatusCode::CREATED);

    let moved = s
        .desk
        .patch(&format!("/api/v1/appointments/{id}"), &json!({ "startsAt": wed(60), "providerId": s.jordan }))
        .await;
    assert_eq!(moved.status, StatusCode::OK, "{}", moved.text);
    let m = &moved.body["appointment"];
    assert_eq!(m["providerId"], s.jordan.as_str());
    assert_eq!(m["endsAt"].as_str().unwrap().parse::<DateTime<Utc>>().unwrap(), wed(90), "moving keeps the length");
    assert!(m["roomId"].is_string(), "still in a room");

    let resized = s.desk.patch(&format!("/api/v1/appointments/{id}"), &json!({ "endsAt": wed(105) })).await;
    assert_eq!(resized.body["appointment"]["endsAt"].as_str().unwrap().parse::<DateTime<Utc>>().unwrap(), wed(105));
    // Growing into the next booking (its buffer included) is refused.
    let too_long = s.desk.patch(&format!("/api/v1/appointments/{id}"), &json!({ "endsAt": wed(125) })).await;
    assert_eq!(too_long.code(), "slot_unavailable");
    let onto = s.desk.patch(&format!("/api/v1/appointments/{id}"), &json!({ "startsAt": wed(110) })).await;
    assert_eq!(onto.code(), "slot_unavailable");

    let notes =
        s.desk.patch(&format!("/api/v1/appointments/{id}"), &json!({ "notes": "Prefers numbing cream." })).await;
    assert_eq!(notes.body["appointment"]["notes"], "Prefers numbing cream.");
    let cleared = s.desk.patch(&format!("/api/v1/appointments/{id}"), &json!({ "notes": null })).await;
    assert!(cleared.body["appointment"]["notes"].is_null());
}

#[tokio::test]
async fn statuses_follow_the_day() {
    let app = TestApp::spawn().await;
    let s = setup(&app).await;
    let id =
        book(&s, &s.desk, &s.riley, &s.consult, wed(0)).await.body["appointment"]["id"].as_str().unwrap().to_owned();
    let tomorrow = book(&s, &s.desk, &s.riley, &s.consult, wed(24 * 60)).await.body["appointment"]["id"]
        .as_str()
        .unwrap()
        .to_owned();
    let status = |id: &str, to: &str| {
        let desk = s.desk.clone();
        let path = format!("/api/v1/appointments/{id}/status");
        let to = to.to_owned();
        async move { desk.post(&path, &json!({ "status": to })).await }
    };

    assert_eq!(status(&tomorrow, "checked_in").await.code(), "invalid_transition", "not the day");
    assert_eq!(status(&id, "no_show").await.code(), "invalid_transition", "not started yet");
    assert_eq!(status(&id, "completed").await.code(), "invalid_transition", "never started");
    for to in ["confirmed", "checked_in", "in_progress", "completed"] {
        let r = status(&id, to).await;
        assert_eq!(r.status, StatusCode::OK, "{to}: {}", r.text);
        assert_eq!(r.body["status"], to);
    }
    assert_eq!(status(&id, "in_progress").await.code(), "invalid_transition", "completed is final");
    let cant_move = s.desk.patch(&format!("/api/v1/appointments/{id}"), &json!({ "startsAt": wed(300) })).await;
    assert_eq!(cant_move.code(), "invalid_transition");
    assert_eq!(
        s.desk.post(&format!("/api/v1/appointments/{id}/cancel"), &json!({ "reason": "x" })).await.code(),
        "invalid_transition"
    );

    // Cancelled can't be completed; a reason is required.
    assert_eq!(
        s.desk.post(&format!("/api/v1/appointments/{tomorrow}/cancel"), &json!({ "reason": " " })).await.code(),
        "validation_failed"
    );
    s.desk.post(&format!("/api/v1/appointments/{tomorrow}/cancel"), &json!({ "reason": "Feeling unwell" })).await;
    assert_eq!(status(&tomorrow, "completed").await.code(), "invalid_transition");

    // A no-show once the start has passed, and undone.
    let late =
        book(&s, &s.desk, &s.jordan, &s.consult, wed(60)).await.body["appointment"]["id"].as_str().unwrap().to_owned();
    app.clock.set(wed(75));
    let desk = s.c.as_role(&app, Role::FrontDesk).await; // the morning session has gone idle by now
    let path = format!("/api/v1/appointments/{late}/status");
    assert_eq!(desk.post(&path, &json!({ "status": "no_show" })).await.body["status"], "no_show");
    assert_eq!(desk.post(&path, &json!({ "status": "booked" })).await.body["status"], "booked");

    // Providers can't cancel; front desk and owners can.
    let provider = s.c.as_role(&app, Role::Provider).await;
    assert_eq!(
        provider.post(&format!("/api/v1/appointments/{late}/cancel"), &json!({ "reason": "x" })).await.status,
        StatusCode::FORBIDDEN
    );
    let owner = s.c.owner(&app).await;
    let log = owner.get("/api/v1/audit?action=appointment.status_changed").await;
    assert!(log.body["entries"].as_array().unwrap().len() >= 6);
}

#[tokio::test]
async fn the_calendar_range_has_everything_in_one_answer() {
    let app = TestApp::spawn().await;
    let s = setup(&app).await;
    let provider = s.c.as_role(&app, Role::Provider).await;
    provider
        .post(
            &format!("/api/v1/patients/{}/allergies", s.patient),
            &json!({ "substance": "Latex", "severity": "mild" }),
        )
        .await;
    book(&s, &s.desk, &s.riley, &s.botox, wed(0)).await;
    let other =
        book(&s, &s.desk, &s.jordan, &s.consult, wed(60)).await.body["appointment"]["id"].as_str().unwrap().to_owned();
    s.desk.post(&format!("/api/v1/appointments/{other}/cancel"), &json!({ "reason": "Moved" })).await;
    book(&s, &s.desk, &s.jordan, &s.consult, wed(24 * 60)).await;
    s.owner
        .post(&format!("/api/v1/providers/{}/time-off", s.jordan), &json!({ "startsAt": wed(240), "endsAt": wed(300) }))
        .await;

    let day_from = wed(-10 * 60);
    let day_to = wed(14 * 60);
    let url = |extra: &str| format!("/api/v1/calendar?from={}&to={}{extra}", enc(day_from), enc(day_to));
    let all = s.desk.get(&url("")).await;
    assert_eq!(all.status, StatusCode::OK, "{}", all.text);
    let appts = all.body["appointments"].as_array().unwrap();
    assert_eq!(appts.len(), 2, "the day only");
    assert_eq!(appts[0]["patientLastName"], "Applewood");
    assert_eq!(appts[0]["hasAllergies"], true);
    assert_eq!(appts[0]["roomName"], "Treatment Room 1");
    assert_eq!(all.body["timeOff"].as_array().unwrap().len(), 1);
    assert_eq!(all.body["workingHours"].as_array().unwrap().len(), 2, "two providers' hours that day");

    let riley_only = s.desk.get(&url(&format!("&providerId={}", s.riley))).await;
    assert_eq!(riley_only.body["appointments"].as_array().unwrap().len(), 1);
    let active = s.desk.get(&url("&status=booked&status=confirmed")).await;
    assert_eq!(active.body["appointments"].as_array().unwrap().len(), 1);
    let room = s.desk.get(&url(&format!("&roomId={}", s.rooms[1]))).await;
    assert_eq!(room.body["appointments"].as_array().unwrap().len(), 0);

    let billing = s.c.as_role(&app, Role::Billing).await;
    let b = billing.get(&url("")).await;
    assert!(b.body["appointments"][0]["hasAllergies"].is_null(), "billing sees no medical flags");
    let too_wide =
        s.desk.get(&format!("/api/v1/calendar?from={}&to={}", enc(day_from), enc(day_from + Duration::days(60)))).await;
    assert_eq!(too_wide.code(), "validation_failed");
}

fn enc(t: DateTime<Utc>) -> String {
    t.to_rfc3339_opts(chrono::SecondsFormat::Secs, true).replace('+', "%2B")
}

#[tokio::test]
async fn availability_offers_only_truly_free_times() {
    let app = TestApp::spawn().await;
    let s = setup(&app).await;
    book(&s, &s.desk, &s.riley, &s.botox, wed(0)).await;
    let url = |provider: &str| {
        format!("/api/v1/availability?serviceId={}&from=2026-12-09&to=2026-12-09&step=30{provider}", s.botox)
    };
    let riley = s.desk.get(&url(&format!("&providerId={}", s.riley))).await;
    assert_eq!(riley.status, StatusCode::OK, "{}", riley.text);
    let starts: Vec<String> = riley.body["slots"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| {
            s["startsAt"]
                .as_str()
                .unwrap()
                .parse::<DateTime<Utc>>()
                .unwrap()
                .with_timezone(&LA)
                .format("%H:%M")
                .to_string()
        })
        .collect();
    // 09:30 would run into the 10:00 booking once its 10-minute buffer is counted.
    assert_eq!(
        starts,
        [
            "09:00", "11:00", "11:30", "12:00", "12:30", "13:00", "13:30", "14:00", "14:30", "15:00", "15:30", "16:00",
            "16:30"
        ]
    );
    let anyone = s.desk.get(&url("")).await;
    let ten = anyone.body["slots"]
        .as_array()
        .unwrap()
        .iter()
        .find(|s| s["startsAt"].as_str().unwrap().parse::<DateTime<Utc>>().unwrap() == wed(0))
        .unwrap()
        .clone();
    assert_eq!(ten["options"].as_array().unwrap().len(), 1, "only Jordan at 10:00");
    assert_eq!(ten["options"][0]["providerId"], s.jordan.as_str());
    assert_eq!(ten["options"][0]["roomId"], s.rooms[1].as_str(), "in the room still free");
}

/// 200 people trying for one slot at once: exactly one appointment, and nobody gets a 5xx.
#[tokio::test]
async fn two_hundred_bookings_for_one_slot_give_one() {
    let app = TestApp::spawn().await;
    let s = setup(&app).await;
    let attempts = (0..200).map(|i| {
        let desk = s.desk.clone();
        let patient = if i % 2 == 0 { s.patient.clone() } else { s.patient2.clone() };
        let body = json!({ "patientId": patient, "providerId": s.riley, "serviceId": s.botox, "roomId": s.rooms[0], "startsAt": wed(0) });
        async move { desk.post("/api/v1/appointments", &body).await }
    });
    let replies = futures::future::join_all(attempts).await;
    let created = replies.iter().filter(|r| r.status == StatusCode::CREATED).count();
    let refused = replies.iter().filter(|r| r.status == StatusCode::CONFLICT && r.code() == "slot_unavailable").count();
    let server_errors: Vec<&str> =
        replies.iter().filter(|r| r.status.is_server_error()).map(|r| r.text.as_str()).collect();
    assert!(
        server_errors.is_empty(),
        "{} server errors: {:?}",
        server_errors.len(),
        &server_errors[..server_errors.len().min(3)]
    );
    assert_eq!(created, 1);
    assert_eq!(refused, 199);
    let day = s.desk.get(&format!("/api/v1/calendar?from={}&to={}", enc(wed(-600)), enc(wed(600)))).await;
    assert_eq!(day.body["appointments"].as_array().unwrap().len(), 1);
}

#[tokio::test]
async fn settings_are_checked_and_for_owners() {
    let app = TestApp::spawn().await;
    let s = setup(&app).await;
    let dup = s.owner.post("/api/v1/rooms", &json!({ "name": "treatment room 1" })).await;
    assert_eq!(dup.code(), "already_exists");
    let bad = s
        .owner
        .post("/api/v1/services", &json!({ "name": "", "category": "", "durationMinutes": 7, "bufferAfterMinutes": -5, "priceCents": -1, "color": "blue", "chartKind": "general" }))
        .await;
    assert_eq!(bad.body["fields"].as_array().unwrap().len(), 6);
    let hours = s
        .owner
        .put(&format!("/api/v1/providers/{}/hours", s.riley), &json!({ "hours": [{ "weekday": 1, "start": "09:00", "end": "13:00" }, { "weekday": 1, "start": "12:00", "end": "17:00" }] }))
        .await;
    assert_eq!(hours.code(), "validation_failed");
    assert_eq!(s.desk.post("/api/v1/rooms", &json!({ "name": "Laser" })).await.status, StatusCode::FORBIDDEN);
    let archived = s.owner.post(&format!("/api/v1/services/{}/archive", s.consult), &json!({})).await;
    assert_eq!(archived.body["archived"], true);
    assert_eq!(book(&s, &s.desk, &s.riley, &s.consult, wed(0)).await.code(), "validation_failed");
    let log = s.owner.get("/api/v1/audit?action=settings.changed").await;
    let changes = log.body["entries"].as_array().unwrap();
    assert_eq!(changes.len(), 2 + 2 + 2 * 3 + 1, "rooms, services, providers and the archive; refused changes are not");
    assert_eq!(changes[0]["entityType"], "service");
    let listed = s.desk.get("/api/v1/providers").await;
    assert_eq!(listed.body.as_array().unwrap().len(), 2);
    assert_eq!(listed.body[0]["hours"].as_array().unwrap().len(), 5);
}

#[tokio::test]
async fn simultaneous_repeats_of_one_booking_all_get_the_first() {
    let app = TestApp::spawn().await;
    let s = setup(&app).await;
    let body = json!({ "patientId": s.patient, "providerId": s.riley, "serviceId": s.botox, "startsAt": wed(60) });
    let replies = futures::future::join_all(
        (0..20).map(|_| s.desk.post_with("/api/v1/appointments", &body, ("Idempotency-Key", "tap-1"))),
    )
    .await;
    let mut ids = std::collections::BTreeSet::new();
    for r in &replies {
        assert_eq!(r.status, StatusCode::CREATED, "every repeat gets the first answer: {}", r.text);
        ids.insert(r.body["appointment"]["id"].as_str().unwrap().to_owned());
    }
    assert_eq!(ids.len(), 1, "{ids:?}");
    let log = s.owner.get("/api/v1/audit?action=appointment.booked").await;
    assert_eq!(log.body["entries"].as_array().unwrap().len(), 1, "booked once, logged once");
}

#[tokio::test]
async fn a_busy_provider_is_the_clash_named_even_when_every_room_is_taken() {
    let app = TestApp::spawn().await;
    let s = setup(&app).await;
    // At 12:00 Riley and Jordan each hold one of the two rooms.
    let riley_noon = book(&s, &s.desk, &s.riley, &s.botox, wed(120)).await;
    assert_eq!(riley_noon.status, StatusCode::CREATED, "{}", riley_noon.text);
    assert_eq!(book(&s, &s.desk, &s.jordan, &s.botox, wed(120)).await.status, StatusCode::CREATED);
    let early = book(&s, &s.desk, &s.riley, &s.botox, wed(0)).await;
    let early = early.body["appointment"]["id"].as_str().unwrap().to_owned();

    let moved = s.desk.patch(&format!("/api/v1/appointments/{early}"), &json!({ "startsAt": wed(120) })).await;
    assert_eq!(moved.status, StatusCode::CONFLICT, "{}", moved.text);
    assert_eq!(moved.code(), "slot_unavailable");
    assert_eq!(moved.body["fields"][0]["code"], "provider_busy", "{}", moved.text);
    assert_eq!(moved.body["fields"][1]["message"], riley_noon.body["appointment"]["id"]);

    let booked = book(&s, &s.desk, &s.riley, &s.botox, wed(125)).await;
    assert_eq!(booked.code(), "slot_unavailable");
    assert_eq!(booked.body["fields"][0]["code"], "provider_busy", "{}", booked.text);
}
