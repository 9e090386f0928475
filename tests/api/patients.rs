use contour::auth::Role;
use reqwest::StatusCode;
use serde_json::{Value, json};

use crate::helpers::{Session, TestApp};

async fn add(s: &Session, body: Value) -> Value {
    let r = s.post("/api/v1/patients", &body).await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.text);
    r.body
}

fn names(reply: &crate::helpers::Reply) -> Vec<String> {
    reply.body["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| format!("{} {}", p["firstName"].as_str().unwrap(), p["lastName"].as_str().unwrap()))
        .collect()
}

#[tokio::test]
async fn patients_are_created_read_changed_archived_and_restored() {
    let app = TestApp::spawn().await;
    let c = app.create_clinic().await;
    let desk = c.as_role(&app, Role::FrontDesk).await;
    let created = add(
        &desk,
        json!({
            "firstName": " Ava ", "lastName": "Applewood", "preferredName": "Avi", "dateOfBirth": "1990-03-08",
            "sex": "female", "pronouns": "she/her", "email": "Ava.Applewood@Example.com", "phone": "(310) 555-0142",
            "address": { "line1": "1 Demo Way", "city": "Santa Monica", "region": "CA", "postalCode": "90401", "country": "us" }
        }),
    )
    .await;
    assert_eq!(created["firstName"], "Ava");
    assert_eq!(created["email"], "ava.applewood@example.com");
    assert_eq!(created["address"]["country"], "US");
    assert!(created["age"].as_u64().unwrap() >= 35);
    assert_eq!(created["hasAllergies"], false, "front desk may see the allergy flag");
    let id = created["id"].as_str().unwrap().to_owned();

    let patched =
        desk.patch(&format!("/api/v1/patients/{id}"), &json!({ "preferredName": null, "phone": "310 555 0199" })).await;
    assert_eq!(patched.status, StatusCode::OK, "{}", patched.text);
    assert!(patched.body["preferredName"].is_null());
    assert_eq!(patched.body["phone"], "310 555 0199");
    assert_eq!(patched.body["lastName"], "Applewood", "untouched fields stay");

    let bad = desk.patch(&format!("/api/v1/patients/{id}"), &json!({ "firstName": "", "email": "nope" })).await;
    assert_eq!(bad.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(bad.body["fields"].as_array().unwrap().len(), 2);

    // Front desk cannot archive; owners can.
    assert_eq!(desk.post(&format!("/api/v1/patients/{id}/archive"), &json!({})).await.status, StatusCode::FORBIDDEN);
    let owner = c.owner(&app).await;
    let archived = owner.post(&format!("/api/v1/patients/{id}/archive"), &json!({})).await;
    assert_eq!(archived.body["archived"], true);
    assert!(names(&desk.get("/api/v1/patients").await).is_empty());
    assert_eq!(names(&desk.get("/api/v1/patients?archived=true").await), ["Ava Applewood"]);
    let frozen = desk.patch(&format!("/api/v1/patients/{id}"), &json!({ "pronouns": "they/them" })).await;
    assert_eq!(frozen.code(), "patient_archived");
    assert_eq!(desk.get(&format!("/api/v1/patients/{id}")).await.body["archived"], true, "still readable");
    owner.post(&format!("/api/v1/patients/{id}/restore"), &json!({})).await;
    assert_eq!(names(&desk.get("/api/v1/patients").await), ["Ava Applewood"]);

    let log = owner.get("/api/v1/audit?action=patient.archived").await;
    assert_eq!(log.body["entries"][0]["patientId"], id.as_str());
}

#[tokio::test]
async fn a_new_patient_is_checked_field_by_field() {
    let app = TestApp::spawn().await;
    let c = app.create_clinic().await;
    let desk = c.as_role(&app, Role::FrontDesk).await;
    let r = desk
        .post(
            "/api/v1/patients",
            &json!({ "firstName": "", "lastName": "X", "dateOfBirth": "2999-01-01", "email": "a@b", "phone": "12", "address": { "country": "USA" } }),
        )
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    let fields: Vec<&str> = r.body["fields"].as_array().unwrap().iter().map(|f| f["field"].as_str().unwrap()).collect();
    assert_eq!(fields, ["firstName", "dateOfBirth", "email", "phone", "address.country"]);
    let bad_date =
        desk.post("/api/v1/patients", &json!({ "firstName": "A", "lastName": "B", "dateOfBirth": "03/08/1990" })).await;
    assert_eq!(bad_date.code(), "invalid_body");
}

#[tokio::test]
async fn duplicates_are_flagged_and_can_be_overridden() {
    let app = TestApp::spawn().await;
    let c = app.create_clinic().await;
    let desk = c.as_role(&app, Role::FrontDesk).await;
    add(&desk, json!({ "firstName": "Mia", "lastName": "Birchfield", "dateOfBirth": "1988-01-02", "phone": "310-555-0111", "email": "mia@example.com" })).await;

    for (what, body) in [
        ("same phone", json!({ "firstName": "Other", "lastName": "Person", "phone": "(310) 555 0111" })),
        ("same email", json!({ "firstName": "Other", "lastName": "Person", "email": "MIA@example.com" })),
        (
            "same name and birth date",
            json!({ "firstName": "mia", "lastName": "BIRCHFIELD", "dateOfBirth": "1988-01-02" }),
        ),
    ] {
        let r = desk.post("/api/v1/patients", &body).await;
        assert_eq!(r.status, StatusCode::CONFLICT, "{what}");
        assert_eq!(r.code(), "possible_duplicate", "{what}");
        let found = desk.post("/api/v1/patients/duplicates", &body).await;
        assert_eq!(found.body.as_array().unwrap().len(), 1, "{what}");
    }
    let same_name_other_birthday = json!({ "firstName": "Mia", "lastName": "Birchfield", "dateOfBirth": "1991-05-05" });
    assert_eq!(desk.post("/api/v1/patients", &same_name_other_birthday).await.status, StatusCode::CREATED);

    let mut forced =
        json!({ "firstName": "Mia", "lastName": "Birchfield", "phone": "310-555-0111", "allowDuplicate": true });
    assert_eq!(desk.post("/api/v1/patients", &forced).await.status, StatusCode::CREATED);
    forced["allowDuplicate"] = json!(false);
    assert_eq!(desk.post("/api/v1/patients", &forced).await.code(), "possible_duplicate");
}

#[tokio::test]
async fn search_finds_by_name_typo_phone_email_and_birth_date() {
    let app = TestApp::spawn().await;
    let c = app.create_clinic().await;
    let desk = c.as_role(&app, Role::FrontDesk).await;
    for (first, last, dob, phone, email) in [
        ("Ava", "Applewood", "1990-03-08", "(310) 555-0142", "ava.applewood@example.com"),
        ("Avery", "Appleton", "1985-07-19", "310.555.0177", "avery@example.com"),
        ("Zoë", "Ängström-Lee", "1979-12-01", "+1 424 555 0100", "zoe.lee@example.com"),
        ("Marco", "Dewdrop", "2001-02-28", "213 555 0188", "marco.d@example.com"),
        ("Jade", "Fernsby", "1995-06-30", "818-555-0123", "jade@example.com"),
    ] {
        add(&desk, json!({ "firstName": first, "lastName": last, "dateOfBirth": dob, "phone": phone, "email": email }))
            .await;
    }
    let find = |q: &str| {
        let desk = desk.clone();
        let q = q.to_owned();
        async move {
            let url = format!("/api/v1/patients?q={}", urlencode(&q));
            let r = desk.get(&url).await;
            assert_eq!(r.status, StatusCode::OK, "{q}: {}", r.text);
            names(&r)
        }
    };
    assert_eq!(find("av").await, ["Avery Appleton", "Ava Applewood"], "prefix matches, by last name");
    assert_eq!(find("ava").await, ["Ava Applewood"]);
    assert_eq!(find("av app").await, ["Avery Appleton", "Ava Applewood"]);
    assert_eq!(find("appleton av").await, ["Avery Appleton"], "exact words rank first and all must match");
    assert_eq!(find("applewood").await, ["Ava Applewood"]);
    assert_eq!(find("Aplewood").await, ["Ava Applewood"], "a letter missing");
    assert_eq!(find("applewodo").await, ["Ava Applewood"], "two letters swapped");
    assert_eq!(find("zoe angstrom").await, ["Zoë Ängström-Lee"], "accents fold");
    assert_eq!(find("lee").await, ["Zoë Ängström-Lee"], "hyphenated names split");
    assert!(find("quincy").await.is_empty());
    for phone in ["(310) 555-0142", "310.555.0142", "3105550142", "+1 310 555 0142", "0142", "555-0142"] {
        assert_eq!(find(phone).await, ["Ava Applewood"], "{phone}");
    }
    assert_eq!(find("4245550100").await, ["Zoë Ängström-Lee"]);
    assert_eq!(find("avery@example.com").await, ["Avery Appleton"]);
    assert_eq!(find("ava.applewood@ex").await, ["Ava Applewood"], "email prefix");
    assert_eq!(find("1990-03-08").await, ["Ava Applewood"]);
    assert_eq!(find("03/08/1990").await, ["Ava Applewood"]);
}

fn urlencode(s: &str) -> String {
    s.bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'.' | b'_' => (b as char).to_string(),
            _ => format!("%{b:02X}"),
        })
        .collect()
}

#[tokio::test]
async fn browsing_pages_through_everyone_in_name_order_and_filters_by_tag() {
    let app = TestApp::spawn().await;
    let c = app.create_clinic().await;
    let desk = c.as_role(&app, Role::FrontDesk).await;
    let vip = desk.post("/api/v1/tags", &json!({ "name": "VIP", "color": "#E0A800" })).await.body["id"]
        .as_str()
        .unwrap()
        .to_owned();
    for i in 0..23 {
        let p = add(&desk, json!({ "firstName": format!("Pat{i:02}"), "lastName": format!("Page{}", 23 - i) })).await;
        if i % 5 == 0 {
            let r = desk.put(&format!("/api/v1/patients/{}/tags/{vip}", p["id"].as_str().unwrap()), &json!({})).await;
            assert_eq!(r.status, StatusCode::OK);
            assert_eq!(r.body["tags"][0]["name"], "VIP");
        }
    }
    let mut seen = Vec::new();
    let mut cursor: Option<String> = None;
    loop {
        let url = match &cursor {
            Some(c) => format!("/api/v1/patients?limit=5&cursor={c}"),
            None => "/api/v1/patients?limit=5".to_owned(),
        };
        let page = desk.get(&url).await;
        assert_eq!(page.status, StatusCode::OK, "{}", page.text);
        seen.extend(page.body["items"].as_array().unwrap().iter().map(|p| p["lastName"].as_str().unwrap().to_owned()));
        cursor = page.body["nextCursor"].as_str().map(str::to_owned);
        if cursor.is_none() {
            break;
        }
    }
    assert_eq!(seen.len(), 23);
    let mut sorted = seen.clone();
    sorted.sort();
    assert_eq!(seen, sorted, "name order, no repeats across pages");
    sorted.dedup();
    assert_eq!(sorted.len(), 23);

    let tagged = desk.get(&format!("/api/v1/patients?tag={vip}")).await;
    assert_eq!(tagged.body["items"].as_array().unwrap().len(), 5);
    let tagged_search = names(&desk.get(&format!("/api/v1/patients?tag={vip}&q=pat0")).await);
    assert_eq!(tagged_search[..2], ["Pat05 Page18", "Pat00 Page23"], "prefix matches first");
    assert!(
        tagged_search.iter().all(|n| ["Pat00", "Pat05", "Pat10", "Pat15", "Pat20"].contains(&&n[..5])),
        "only the tagged"
    );
    assert_eq!(desk.get("/api/v1/patients?cursor=garbage").await.code(), "validation_failed");
    assert_eq!(desk.get("/api/v1/patients?limit=500").await.code(), "validation_failed");
}

#[tokio::test]
async fn allergies_and_notes_are_for_those_who_may_see_them() {
    let app = TestApp::spawn().await;
    let c = app.create_clinic().await;
    let provider = c.as_role(&app, Role::Provider).await;
    let p = add(&provider, json!({ "firstName": "Nora", "lastName": "Hollyhock" })).await;
    let id = p["id"].as_str().unwrap();

    let allergy = provider
        .post(
            &format!("/api/v1/patients/{id}/allergies"),
            &json!({ "substance": "Lidocaine", "reaction": "Hives", "severity": "severe" }),
        )
        .await;
    assert_eq!(allergy.status, StatusCode::CREATED, "{}", allergy.text);
    let allergy_id = allergy.body["id"].as_str().unwrap();
    let list = provider.get(&format!("/api/v1/patients/{id}/allergies")).await;
    assert_eq!(list.body[0]["substance"], "Lidocaine");
    assert_eq!(provider.get(&format!("/api/v1/patients/{id}")).await.body["hasAllergies"], true);

    let billing = c.as_role(&app, Role::Billing).await;
    assert_eq!(billing.get(&format!("/api/v1/patients/{id}/allergies")).await.status, StatusCode::FORBIDDEN);
    let as_billing = billing.get(&format!("/api/v1/patients/{id}")).await;
    assert!(as_billing.body.get("hasAllergies").is_none_or(Value::is_null), "billing never sees medical flags");

    let desk = c.as_role(&app, Role::FrontDesk).await;
    assert_eq!(desk.get(&format!("/api/v1/patients/{id}/allergies")).await.status, StatusCode::OK);
    let read_only = c.as_role(&app, Role::ReadOnly).await;
    let refused = read_only
        .post(&format!("/api/v1/patients/{id}/allergies"), &json!({ "substance": "Latex", "severity": "mild" }))
        .await;
    assert_eq!(refused.status, StatusCode::FORBIDDEN);

    let changed = provider
        .put(
            &format!("/api/v1/patients/{id}/allergies/{allergy_id}"),
            &json!({ "substance": "Lidocaine", "severity": "moderate" }),
        )
        .await;
    assert_eq!(changed.body["severity"], "moderate");
    assert_eq!(
        provider.delete(&format!("/api/v1/patients/{id}/allergies/{allergy_id}")).await.status,
        StatusCode::NO_CONTENT
    );
    assert_eq!(provider.get(&format!("/api/v1/patients/{id}/allergies")).await.body.as_array().unwrap().len(), 0);

    // The sealed columns hold the codec's form, not bare text.
    let mut tx = app.tenant_write(&c.clinic).await;
    let stored: String =
        tx.fetch_scalar("select substance_sealed from patient_allergies", contour::args![]).await.unwrap();
    assert_eq!(stored, "p1:Lidocaine");
    drop(tx);

    let note = provider
        .post(
            &format!("/api/v1/patients/{id}/notes"),
            &json!({ "body": "History of cold sores; pre-treat before lip filler." }),
        )
        .await;
    assert_eq!(note.status, StatusCode::CREATED);
    let note_id = note.body["id"].as_str().unwrap();
    let other_provider = c.as_role(&app, Role::Provider).await;
    let not_author =
        other_provider.put(&format!("/api/v1/patients/{id}/notes/{note_id}"), &json!({ "body": "changed" })).await;
    assert_eq!(not_author.status, StatusCode::FORBIDDEN);
    let owner = c.owner(&app).await;
    assert_eq!(
        owner
            .put(&format!("/api/v1/patients/{id}/notes/{note_id}"), &json!({ "body": "Edited by owner." }))
            .await
            .status,
        StatusCode::OK
    );
    let notes = desk.get(&format!("/api/v1/patients/{id}/notes")).await;
    assert_eq!(notes.body[0]["body"], "Edited by owner.");
    let log = owner.get(&format!("/api/v1/audit?action=patient.notes_viewed&patientId={id}")).await;
    assert_eq!(log.body["entries"][0]["actorRole"], "front_desk");
}

#[tokio::test]
async fn tags_are_managed_and_unique_by_name() {
    let app = TestApp::spawn().await;
    let c = app.create_clinic().await;
    let desk = c.as_role(&app, Role::FrontDesk).await;
    let tag = desk.post("/api/v1/tags", &json!({ "name": "Filler client", "color": "#d6336c" })).await;
    assert_eq!(tag.status, StatusCode::CREATED);
    let tag_id = tag.body["id"].as_str().unwrap();
    assert_eq!(
        desk.post("/api/v1/tags", &json!({ "name": "filler  CLIENT", "color": "#000000" })).await.code(),
        "already_exists"
    );
    assert_eq!(desk.post("/api/v1/tags", &json!({ "name": "X", "color": "red" })).await.code(), "validation_failed");
    let renamed = desk.put(&format!("/api/v1/tags/{tag_id}"), &json!({ "name": "Filler", "color": "#AA0000" })).await;
    assert_eq!(renamed.body, json!({ "id": tag_id, "name": "Filler", "color": "#aa0000" }));
    let p = add(&desk, json!({ "firstName": "Iris", "lastName": "Inkwell" })).await;
    let pid = p["id"].as_str().unwrap();
    desk.put(&format!("/api/v1/patients/{pid}/tags/{tag_id}"), &json!({})).await;
    desk.put(&format!("/api/v1/patients/{pid}/tags/{tag_id}"), &json!({})).await;
    assert_eq!(desk.get(&format!("/api/v1/patients/{pid}")).await.body["tags"].as_array().unwrap().len(), 1);
    let off = desk.delete(&format!("/api/v1/patients/{pid}/tags/{tag_id}")).await;
    assert_eq!(off.body["tags"].as_array().unwrap().len(), 0);
    desk.put(&format!("/api/v1/patients/{pid}/tags/{tag_id}"), &json!({})).await;
    assert_eq!(desk.delete(&format!("/api/v1/tags/{tag_id}")).await.status, StatusCode::NO_CONTENT);
    assert_eq!(desk.get(&format!("/api/v1/patients/{pid}")).await.body["tags"].as_array().unwrap().len(), 0);
    assert_eq!(desk.get("/api/v1/tags").await.body.as_array().unwrap().len(), 0);

    // Taking off a tag the clinic doesn't have is not found, not a quiet success.
    let unknown = uuid::Uuid::now_v7();
    let missing = desk.delete(&format!("/api/v1/patients/{pid}/tags/{unknown}")).await;
    assert_eq!(missing.status, StatusCode::NOT_FOUND, "{}", missing.text);
    assert_eq!(missing.code(), "not_found");
    let gone = desk.delete(&format!("/api/v1/patients/{pid}/tags/{tag_id}")).await;
    assert_eq!(gone.status, StatusCode::NOT_FOUND, "a deleted tag: {}", gone.text);
}

#[tokio::test]
async fn the_timeline_lists_appointments_newest_first() {
    let app = TestApp::spawn().await;
    let c = app.create_clinic().await;
    let desk = c.as_role(&app, Role::FrontDesk).await;
    let p = add(&desk, json!({ "firstName": "Lena", "lastName": "Juniper" })).await;
    let pid = contour::patients::PatientId(p["id"].as_str().unwrap().parse().unwrap());
    let now = app.now();
    let mut tx = app.tenant_write(&c.clinic).await;
    let room = contour::scheduling::create_room(&mut tx, "Room A", None, 0, now).await.unwrap();
    let service = contour::scheduling::create_service(
        &mut tx,
        &contour::scheduling::NewService {
            name: "HydraFacial".into(),
            category: "Skin".into(),
            description: None,
            duration_minutes: 60,
            buffer_after_minutes: 15,
            price_cents: 24900,
            color: "#20c997".into(),
            needs_room: true,
            bookable_online: true,
            chart_kind: contour::charting::TemplateKind::Skin,
            pricing: contour::scheduling::Pricing::Fixed,
            rooms: vec![room],
        },
        0,
        now,
    )
    .await
    .unwrap();
    let provider = contour::staff::find_by_email(&mut tx, &c.owner_email()).await.unwrap().unwrap().id;
    for (days, status) in
        [(-14, contour::scheduling::AppointmentStatus::Completed), (7, contour::scheduling::AppointmentStatus::Booked)]
    {
        let start = now + chrono::Duration::days(days);
        contour::scheduling::insert_appointment(
            &mut tx,
            &contour::scheduling::NewAppointment {
                patient: pid,
                provider,
                service,
                room: Some(room),
                starts_at: start,
                ends_at: start + chrono::Duration::minutes(60),
                blocked_until: start + chrono::Duration::minutes(75),
                status,
                source: contour::scheduling::AppointmentSource::Staff,
                notes: None,
                cancellation_reason: None,
                status_at: start,
                created_by: None,
                idempotency_key: None,
            },
            now,
        )
        .await
        .unwrap();
    }
    tx.commit().await.unwrap();
    let timeline = desk.get(&format!("/api/v1/patients/{}/timeline", pid.0)).await;
    assert_eq!(timeline.status, StatusCode::OK, "{}", timeline.text);
    let entries = timeline.body["entries"].as_array().unwrap();
    assert_eq!(entries.len(), 2);
    assert_eq!(entries[0]["kind"], "appointment");
    assert_eq!(entries[0]["status"], "booked");
    assert_eq!(entries[1]["status"], "completed");
    assert_eq!(entries[0]["serviceName"], "HydraFacial");
    assert_eq!(entries[0]["roomName"], "Room A");
    assert_eq!(
        desk.get(&format!("/api/v1/patients/{}/timeline", uuid::Uuid::now_v7())).await.status,
        StatusCode::NOT_FOUND
    );
}
