//! Consents: versioned templates, required per service, signed in the clinic or on the
//! patient's phone, never changed, revoked beside the copy, and covered by the chart's record.

use contour::auth::Role;
use contour::db::{Arg, Backend, DbFailure, Sql, classify};
use reqwest::StatusCode;
use serde_json::{Value, json};

use crate::charting::{Charting, charting, png, upload};
use crate::helpers::{Reply, Session, TestApp, backend};

const SIGNATURE: &str = "[[[100, 500], [400, 300], [800, 650], [1200, 420]], [[1500, 500], [1900, 520]]]";

fn strokes() -> Value {
    serde_json::from_str(SIGNATURE).unwrap()
}

/// A template for the test visit's service (Botox), renewed after `renew` days (or on a new
/// version when `None`).
async fn template(t: &Charting, name: &str, kind: &str, renew: Option<i32>) -> Value {
    let mut body = json!({ "name": name, "kind": kind, "body": format!("# {name}\n- I understand the risks.\n\n**I agree.**"), "serviceIds": [t.s.botox] });
    if let Some(days) = renew {
        body["renewAfterDays"] = json!(days);
    }
    let r = t.s.owner.post("/api/v1/consent-templates", &body).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.text);
    r.body["template"].clone()
}

async fn sign(who: &Session, appointment: &str, version: &Value) -> Reply {
    who.post(
        &format!("/api/v1/appointments/{appointment}/consents"),
        &json!({ "templateVersionId": version, "signerName": "Pat Example", "strokes": strokes() }),
    )
    .await
}

async fn states(who: &Session, appointment: &str) -> Vec<(String, String)> {
    let r = who.get(&format!("/api/v1/appointments/{appointment}/consents")).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.text);
    r.body["required"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| (c["name"].as_str().unwrap().to_owned(), c["state"].as_str().unwrap().to_owned()))
        .collect()
}

fn uuid_arg(id: &str) -> Arg {
    Arg::Uuid(Some(uuid::Uuid::parse_str(id).unwrap()))
}

#[tokio::test]
async fn a_new_version_leaves_signed_copies_exactly_as_signed() {
    let app = TestApp::spawn().await;
    let t = charting(&app).await;
    let form = template(&t, "Neurotoxin consent", "neurotoxin", None).await;
    let id = form["id"].as_str().unwrap();
    let signed = sign(&t.s.desk, &t.appointment, &form["versionId"]).await;
    assert_eq!(signed.status, StatusCode::OK, "{}", signed.text);
    assert!(signed.body["witnessName"].is_string(), "the front desk witnessed it");
    let consent = signed.body["id"].as_str().unwrap().to_owned();
    assert_eq!(states(&t.s.desk, &t.appointment).await, [("Neurotoxin consent".into(), "current".into())]);

    let mut change = form.clone();
    change["body"] = json!("# Neurotoxin consent\nReworded after legal review.");
    let updated = t.s.owner.put(&format!("/api/v1/consent-templates/{id}"), &change).await;
    assert_eq!(updated.status, StatusCode::OK, "{}", updated.text);
    assert_eq!(updated.body["template"]["version"], 2);
    let versions = updated.body["versions"].as_array().unwrap();
    assert_eq!(versions.len(), 2);
    assert_ne!(versions[0]["bodySha256"], versions[1]["bodySha256"]);
    assert_eq!(versions[1]["body"], form["body"], "version 1 keeps its text");

    let copy = t.s.desk.get(&format!("/api/v1/consents/{consent}")).await;
    assert_eq!(copy.status, StatusCode::OK, "{}", copy.text);
    assert_eq!(copy.body["body"], form["body"], "the signed copy keeps the text the patient saw");
    assert_eq!(copy.body["bodySha256"], form["bodySha256"]);
    assert_eq!(copy.body["strokes"], strokes());
    assert_eq!(states(&t.s.desk, &t.appointment).await, [("Neurotoxin consent".into(), "new_version".into())]);

    // The old version can no longer be signed; the new one can.
    let stale = sign(&t.s.desk, &t.appointment, &form["versionId"]).await;
    assert_eq!(stale.code(), "consent_version_changed", "{}", stale.text);
    let again = sign(&t.s.desk, &t.appointment, &updated.body["template"]["versionId"]).await;
    assert_eq!(again.status, StatusCode::OK, "{}", again.text);
    assert_eq!(states(&t.s.desk, &t.appointment).await, [("Neurotoxin consent".into(), "current".into())]);

    // Changing only the renewal or the services writes no version.
    let mut renewal = updated.body["template"].clone();
    renewal["renewAfterDays"] = json!(365);
    let same = t.s.owner.put(&format!("/api/v1/consent-templates/{id}"), &renewal).await;
    assert_eq!(same.body["template"]["version"], 2, "{}", same.text);
    // Only owners write templates.
    assert_eq!(t.s.desk.put(&format!("/api/v1/consent-templates/{id}"), &renewal).await.status, StatusCode::FORBIDDEN);
}

#[tokio::test]
async fn where_each_required_consent_stands() {
    let app = TestApp::spawn().await;
    let t = charting(&app).await;
    let toxin = template(&t, "Neurotoxin consent", "neurotoxin", Some(3)).await;
    let photo = template(&t, "Photography consent", "photography", None).await;
    let general = template(&t, "General consent", "general", Some(365)).await;
    assert_eq!(toxin["renewAfterDays"], 3, "{toxin}");
    let missing = states(&t.s.desk, &t.appointment).await;
    assert!(missing.iter().all(|(_, s)| s == "missing"), "{missing:?}");

    // Signed four days before the visit, with a three-day renewal: expired by the visit.
    let today = app.now();
    app.clock.set(today - chrono::Duration::days(4));
    assert_eq!(sign(&t.s.desk, &t.appointment, &toxin["versionId"]).await.status, StatusCode::OK);
    app.clock.set(today);
    // Signed, then the text changed.
    assert_eq!(sign(&t.riley, &t.appointment, &photo["versionId"]).await.status, StatusCode::OK);
    let mut change = photo.clone();
    change["body"] = json!("Reworded.");
    t.s.owner.put(&format!("/api/v1/consent-templates/{}", photo["id"].as_str().unwrap()), &change).await;
    // Signed and current.
    assert_eq!(sign(&t.s.owner, &t.appointment, &general["versionId"]).await.status, StatusCode::OK);

    // Listed by name when a service's forms were added one by one.
    let now = states(&t.s.desk, &t.appointment).await;
    assert_eq!(
        now,
        [
            ("General consent".into(), "current".into()),
            ("Neurotoxin consent".into(), "expired".into()),
            ("Photography consent".into(), "new_version".into()),
        ]
    );
    let visit = t.s.desk.get(&format!("/api/v1/appointments/{}/consents", t.appointment)).await;
    assert_eq!(visit.body["allCurrent"], false);
    assert_eq!(visit.body["signedHere"].as_array().unwrap().len(), 3);
    assert!(visit.body["required"][0]["expiresAt"].is_string(), "a current copy says when it lapses");

    // Revoking the current copy makes it missing again; revoking twice is refused.
    let copy = visit.body["required"][0]["signed"]["id"].as_str().unwrap().to_owned();
    let no_reason = t.s.desk.post(&format!("/api/v1/consents/{copy}/revoke"), &json!({ "reason": " " })).await;
    assert_eq!(no_reason.status, StatusCode::UNPROCESSABLE_ENTITY);
    app.clock.advance(chrono::Duration::minutes(5));
    let revoked =
        t.s.desk.post(&format!("/api/v1/consents/{copy}/revoke"), &json!({ "reason": "Wrong patient signed." })).await;
    assert_eq!(revoked.status, StatusCode::OK, "{}", revoked.text);
    assert_eq!(revoked.body["revocation"]["reason"], "Wrong patient signed.");
    assert_eq!(states(&t.s.desk, &t.appointment).await[0].1, "missing");
    let twice = t.s.desk.post(&format!("/api/v1/consents/{copy}/revoke"), &json!({ "reason": "Again." })).await;
    assert_eq!(twice.code(), "consent_revoked");
    let copy_now = t.s.desk.get(&format!("/api/v1/consents/{copy}")).await;
    assert_eq!(copy_now.body["signerName"], "Pat Example", "the revoked copy is still there, as it was");

    // The patient's own list shows all of it, newest first.
    let patient = t.s.desk.get(&format!("/api/v1/patients/{}/consents", t.s.patient)).await;
    assert_eq!(patient.status, StatusCode::OK, "{}", patient.text);
    assert_eq!(patient.body["signed"].as_array().unwrap().len(), 3);
    assert_eq!(patient.body["nextVisit"]["appointmentId"], t.appointment.as_str());

    // The timeline shows signing and revoking in date order, for those who read consents.
    let timeline = t.s.desk.get(&format!("/api/v1/patients/{}/timeline", t.s.patient)).await;
    let kinds: Vec<&str> =
        timeline.body["entries"].as_array().unwrap().iter().map(|e| e["kind"].as_str().unwrap()).collect();
    assert_eq!(kinds.iter().filter(|k| **k == "consent_signed").count(), 3, "{kinds:?}");
    assert_eq!(kinds.first(), Some(&"appointment"), "the visit is latest: {kinds:?}");
    assert_eq!(kinds.get(1), Some(&"consent_revoked"), "then the revocation: {kinds:?}");
    let billing = t.s.c.as_role(&app, Role::Billing).await;
    let theirs = billing.get(&format!("/api/v1/patients/{}/timeline", t.s.patient)).await;
    assert!(theirs.text.contains("appointment") && !theirs.text.contains("consent_"), "{}", theirs.text);
}

#[tokio::test]
async fn a_signature_needs_a_name_ink_and_a_person() {
    let app = TestApp::spawn().await;
    let t = charting(&app).await;
    let form = template(&t, "Neurotoxin consent", "neurotoxin", None).await;
    let path = format!("/api/v1/appointments/{}/consents", t.appointment);
    let cases = [
        (json!({ "templateVersionId": form["versionId"], "signerName": "Pat Example", "strokes": [] }), "strokes"),
        (
            json!({ "templateVersionId": form["versionId"], "signerName": "Pat Example", "strokes": [[[5, 5]]] }),
            "strokes",
        ),
        (json!({ "templateVersionId": form["versionId"], "signerName": "   ", "strokes": strokes() }), "signerName"),
    ];
    for (body, field) in cases {
        let r = t.s.desk.post(&path, &body).await;
        assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{body}: {}", r.text);
        assert_eq!(r.code(), "signature_required", "{body}");
        assert_eq!(r.body["fields"][0]["field"], field);
    }
    let off_pad =
        json!({ "templateVersionId": form["versionId"], "signerName": "Pat", "strokes": [[[5, 5], [4000, 5]]] });
    assert_eq!(t.s.desk.post(&path, &off_pad).await.status, StatusCode::UNPROCESSABLE_ENTITY);
    let not_a_point = json!({ "templateVersionId": form["versionId"], "signerName": "Pat", "strokes": [[[5, 5, 5]]] });
    assert_eq!(t.s.desk.post(&path, &not_a_point).await.code(), "validation_failed");
    let unknown = json!({ "templateVersionId": uuid::Uuid::now_v7(), "signerName": "Pat", "strokes": strokes() });
    assert_eq!(t.s.desk.post(&path, &unknown).await.status, StatusCode::UNPROCESSABLE_ENTITY);

    // A witness is a person: an API token can't take a signature.
    let token = t.s.owner.post("/api/v1/api-tokens", &json!({ "name": "Kiosk", "role": "front_desk" })).await;
    let bot = Session {
        client: t.s.desk.client.clone(),
        csrf: None,
        bearer: token.body["secret"].as_str().map(str::to_owned),
        user_id: None,
    };
    let by_token = sign(&bot, &t.appointment, &form["versionId"]).await;
    assert_eq!(by_token.code(), "signature_needs_person", "{}", by_token.text);
    // Billing doesn't see consents at all; read-only sees but doesn't take them.
    let billing = t.s.c.as_role(&app, Role::Billing).await;
    assert_eq!(billing.get(&path).await.status, StatusCode::FORBIDDEN);
    let read_only = t.s.c.as_role(&app, Role::ReadOnly).await;
    assert_eq!(read_only.get(&path).await.status, StatusCode::OK);
    assert_eq!(sign(&read_only, &t.appointment, &form["versionId"]).await.status, StatusCode::FORBIDDEN);

    // Nothing was signed by any of that, and the same signature sent twice is kept once.
    let first = sign(&t.s.desk, &t.appointment, &form["versionId"]).await;
    let second = sign(&t.s.desk, &t.appointment, &form["versionId"]).await;
    assert_eq!(first.body["id"], second.body["id"], "{}", second.text);
    let visit = t.s.desk.get(&path).await;
    assert_eq!(visit.body["signedHere"].as_array().unwrap().len(), 1);
}

#[tokio::test]
async fn many_taps_at_once_keep_one_signature() {
    let app = TestApp::spawn().await;
    let t = charting(&app).await;
    let form = template(&t, "Neurotoxin consent", "neurotoxin", None).await;
    let taps = (0..24).map(|_| sign(&t.s.desk, &t.appointment, &form["versionId"]));
    let replies = futures::future::join_all(taps).await;
    for r in &replies {
        assert_eq!(r.status, StatusCode::OK, "{}", r.text);
    }
    let visit = t.s.desk.get(&format!("/api/v1/appointments/{}/consents", t.appointment)).await;
    assert_eq!(visit.body["signedHere"].as_array().unwrap().len(), 1, "{}", visit.text);
}

#[tokio::test]
async fn signed_consents_never_change_by_any_call_or_by_sql() {
    let app = TestApp::spawn().await;
    let t = charting(&app).await;
    let form = template(&t, "Neurotoxin consent", "neurotoxin", None).await;
    let consent = sign(&t.s.desk, &t.appointment, &form["versionId"]).await.body["id"].as_str().unwrap().to_owned();
    for method in [reqwest::Method::PUT, reqwest::Method::PATCH, reqwest::Method::DELETE] {
        let r = t.s.owner.request(method.clone(), &format!("/api/v1/consents/{consent}"), Some(&json!({}))).await;
        assert!(
            r.status == StatusCode::METHOD_NOT_ALLOWED || r.status == StatusCode::NOT_FOUND,
            "{method}: {}",
            r.status
        );
    }
    t.s.desk.post(&format!("/api/v1/consents/{consent}/revoke"), &json!({ "reason": "Test." })).await;
    for sql in [
        "update signed_consents set body = 'Something else' where id = $1",
        "update signed_consents set signer_name = 'Someone Else' where id = $1",
        "delete from signed_consents where id = $1",
        "update consent_revocations set reason = 'x' where signed_consent_id = $1",
        "delete from consent_revocations where signed_consent_id = $1",
        "update consent_template_versions set body = 'x' where id = (select template_version_id from signed_consents where id = $1)",
    ] {
        let mut tx = app.tenant_write(&t.s.c.clinic).await;
        let err = tx.execute(sql, vec![uuid_arg(&consent)]).await.expect_err(sql);
        assert_eq!(classify(&err), DbFailure::AppendOnly, "{sql}: {err}");
    }
}

#[tokio::test]
async fn submission_needs_the_consents_or_a_reason_the_director_sees() {
    let app = TestApp::spawn().await;
    let t = charting(&app).await;
    let form = template(&t, "Neurotoxin consent", "neurotoxin", None).await;
    let opened = t.riley.post(&format!("/api/v1/appointments/{}/chart", t.appointment), &json!({})).await;
    let chart = opened.body["chartId"].as_str().unwrap().to_owned();
    let entry =
        json!({ "area": "Glabella", "productId": t.product, "lotId": t.lot, "dose": "20", "injectionPoints": 5 });
    assert_eq!(t.riley.post(&format!("/api/v1/charts/{chart}/entries"), &entry).await.status, StatusCode::OK);

    let draft = t.riley.get(&format!("/api/v1/charts/{chart}")).await;
    assert_eq!(draft.body["consents"]["allCurrent"], false, "the chart warns: {}", draft.text);
    // Photos and charting aren't blocked.
    assert_eq!(upload(&t.riley, &chart, png(40, 40, 3), "p.png").await.status, StatusCode::OK);

    let refused = t.riley.post(&format!("/api/v1/charts/{chart}/submit"), &json!({})).await;
    assert_eq!(refused.code(), "consent_missing", "{}", refused.text);
    assert_eq!(refused.body["fields"][0]["field"], "consentOverrideReason");
    let empty =
        t.riley.post(&format!("/api/v1/charts/{chart}/submit"), &json!({ "consentOverrideReason": "  " })).await;
    assert_eq!(empty.code(), "consent_missing");

    let reason = "Patient signed a paper form; scanning it today.";
    let submitted =
        t.riley.post(&format!("/api/v1/charts/{chart}/submit"), &json!({ "consentOverrideReason": reason })).await;
    assert_eq!(submitted.status, StatusCode::OK, "{}", submitted.text);
    let queue = t.md.get("/api/v1/signoff-queue").await;
    let queued = queue.body.as_array().unwrap().iter().find(|q| q["chartId"] == chart.as_str()).unwrap().clone();
    assert_eq!(queued["consentOverrideReason"], reason, "the queue says so: {}", queue.text);
    let seen = t.md.get(&format!("/api/v1/charts/{chart}")).await;
    assert_eq!(seen.body["consents"]["overrideReason"], reason);
    assert_eq!(seen.body["consents"]["required"][0]["state"], "missing");
    let audit = t.s.owner.get("/api/v1/audit?action=consent.override_used").await;
    assert_eq!(audit.status, StatusCode::OK, "{}", audit.text);
    let rows = audit.body["entries"].as_array().unwrap();
    assert_eq!(rows.len(), 1, "{}", audit.text);

    // Returned, signed for, and submitted again: no reason needed, and the copy is relied on.
    t.md.post(&format!("/api/v1/charts/{chart}/return"), &json!({ "comment": "Please get the consent signed." })).await;
    assert_eq!(sign(&t.s.desk, &t.appointment, &form["versionId"]).await.status, StatusCode::OK);
    let clean = t.riley.post(&format!("/api/v1/charts/{chart}/submit"), &json!({})).await;
    assert_eq!(clean.status, StatusCode::OK, "{}", clean.text);
    assert!(clean.body["consents"].get("overrideReason").is_none(), "{}", clean.text);
    assert_eq!(clean.body["consents"]["reliedOn"].as_array().unwrap().len(), 1);
}

#[tokio::test]
async fn the_signed_record_covers_the_consents_and_verify_catches_a_changed_one() {
    let app = TestApp::spawn().await;
    let t = charting(&app).await;
    let form = template(&t, "Neurotoxin consent", "neurotoxin", None).await;
    let consent = sign(&t.s.desk, &t.appointment, &form["versionId"]).await.body["id"].as_str().unwrap().to_owned();
    let opened = t.riley.post(&format!("/api/v1/appointments/{}/chart", t.appointment), &json!({})).await;
    let chart = opened.body["chartId"].as_str().unwrap().to_owned();
    let entry =
        json!({ "area": "Glabella", "productId": t.product, "lotId": t.lot, "dose": "20", "injectionPoints": 5 });
    t.riley.post(&format!("/api/v1/charts/{chart}/entries"), &entry).await;
    assert_eq!(t.riley.post(&format!("/api/v1/charts/{chart}/submit"), &json!({})).await.status, StatusCode::OK);
    let signed = t.md.post(&format!("/api/v1/charts/{chart}/sign"), &json!({})).await;
    assert_eq!(signed.status, StatusCode::OK, "{}", signed.text);
    assert_eq!(signed.body["signature"]["hashVersion"], 3);
    assert_eq!(signed.body["consents"]["reliedOn"][0]["id"], consent.as_str());
    let verified = t.md.get(&format!("/api/v1/charts/{chart}/verify")).await;
    assert_eq!(verified.body["matches"], true, "{}", verified.text);
    let checks = verified.body["checks"].as_array().unwrap();
    assert!(checks.iter().any(|c| c["what"] == format!("consent {consent} signature")), "{}", verified.text);

    // Revoking it later changes nothing signed: the copy itself is untouched.
    t.s.desk.post(&format!("/api/v1/consents/{consent}/revoke"), &json!({ "reason": "Test." })).await;
    assert_eq!(t.md.get(&format!("/api/v1/charts/{chart}/verify")).await.body["matches"], true);

    // Someone with database access switches the guard off and rewrites the consent's text.
    let mut tx = app.tenant_write(&t.s.c.clinic).await;
    let (off, on): (Sql, Sql) = match backend() {
        Backend::Postgres => (
            Sql::each("alter table signed_consents disable trigger signed_consents_append_only", ""),
            Sql::each("alter table signed_consents enable trigger signed_consents_append_only", ""),
        ),
        Backend::Sqlite => (Sql::each("", "drop trigger signed_consents_no_update"), Sql::each("", "")),
    };
    tx.execute_script(off).await.unwrap();
    tx.execute("update signed_consents set body = 'I agree to anything.' where id = $1", vec![uuid_arg(&consent)])
        .await
        .unwrap();
    if backend() == Backend::Postgres {
        tx.execute_script(on).await.unwrap();
    }
    tx.commit().await.unwrap();
    let verified = t.md.get(&format!("/api/v1/charts/{chart}/verify")).await;
    assert_eq!(verified.body["matches"], false, "{}", verified.text);
    let checks = verified.body["checks"].as_array().unwrap();
    let check = |what: String| checks.iter().find(|c| c["what"] == what).unwrap()["matches"].clone();
    assert_eq!(check("record".into()), false);
    assert_eq!(check(format!("consent {consent} text")), false);
    assert_eq!(check(format!("consent {consent} signature")), true);
}

#[tokio::test]
async fn the_pdf_is_a_pdf_with_the_patients_name_and_downloading_it_is_recorded() {
    let app = TestApp::spawn().await;
    let t = charting(&app).await;
    let form = template(&t, "Neurotoxin consent", "neurotoxin", None).await;
    let consent = sign(&t.s.desk, &t.appointment, &form["versionId"]).await.body["id"].as_str().unwrap().to_owned();
    let patient = t.s.desk.get(&format!("/api/v1/patients/{}", t.s.patient)).await;
    let name =
        format!("{} {}", patient.body["firstName"].as_str().unwrap(), patient.body["lastName"].as_str().unwrap());
    let url = t.s.desk.client.url(&format!("/api/v1/consents/{consent}/pdf"));
    let response = t.s.desk.client.http.get(url).send().await.unwrap();
    assert_eq!(response.status(), StatusCode::OK);
    assert_eq!(response.headers()["content-type"], "application/octet-stream");
    let disposition = response.headers()["content-disposition"].to_str().unwrap().to_owned();
    assert!(disposition.starts_with("attachment; filename=\"neurotoxin-consent-20"), "{disposition}");
    let bytes = response.bytes().await.unwrap();
    assert!(bytes.starts_with(b"%PDF-"));
    assert!(bytes.windows(name.len()).any(|w| w == name.as_bytes()), "the PDF names {name}");
    let audit = t.s.owner.get("/api/v1/audit?action=consent.downloaded").await;
    let rows = audit.body["entries"].as_array().unwrap();
    assert_eq!(rows.len(), 1, "{}", audit.text);
}

#[tokio::test]
async fn another_clinics_consent_ids_are_not_found() {
    let app = TestApp::spawn().await;
    let t = charting(&app).await;
    let form = template(&t, "Neurotoxin consent", "neurotoxin", None).await;
    let consent = sign(&t.s.desk, &t.appointment, &form["versionId"]).await.body["id"].as_str().unwrap().to_owned();
    let other = crate::charting::charting(&app).await;
    let template_id = form["id"].as_str().unwrap();
    for path in [
        format!("/api/v1/consents/{consent}"),
        format!("/api/v1/consents/{consent}/pdf"),
        format!("/api/v1/appointments/{}/consents", t.appointment),
        format!("/api/v1/patients/{}/consents", t.s.patient),
        format!("/api/v1/consent-templates/{template_id}"),
    ] {
        assert_eq!(other.s.owner.get(&path).await.status, StatusCode::NOT_FOUND, "{path}");
    }
    let revoke = other.s.owner.post(&format!("/api/v1/consents/{consent}/revoke"), &json!({ "reason": "x" })).await;
    assert_eq!(revoke.status, StatusCode::NOT_FOUND);
    let steal = sign(&other.s.desk, &t.appointment, &form["versionId"]).await;
    assert_eq!(steal.status, StatusCode::NOT_FOUND, "{}", steal.text);
    let theirs = sign(&other.s.desk, &other.appointment, &form["versionId"]).await;
    assert_eq!(theirs.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", theirs.text);
}

#[tokio::test]
async fn the_patients_phone_signs_by_link_and_the_link_expires() {
    let app = TestApp::spawn().await;
    let t = charting(&app).await;
    let mut form = template(&t, "Neurotoxin consent", "neurotoxin", None).await;
    form["body"] = json!("# Neurotoxin consent\n- I understand the risks.\n\n<script>alert(1)</script>");
    let form = t.s.owner.put(&format!("/api/v1/consent-templates/{}", form["id"].as_str().unwrap()), &form).await;
    let form = form.body["template"].clone();
    let link = t.s.desk.post(&format!("/api/v1/appointments/{}/consent-link", t.appointment), &json!({})).await;
    assert_eq!(link.status, StatusCode::OK, "{}", link.text);
    assert!(link.body["qrSvg"].as_str().unwrap().contains("<svg"));
    let url = link.body["url"].as_str().unwrap();
    let path = &url[url.find("/consent/").unwrap()..];
    let phone = t.s.c.anonymous(&app);
    let page = phone.client.http.get(phone.client.url(path)).send().await.unwrap();
    assert_eq!(page.status(), StatusCode::OK);
    let html = page.text().await.unwrap();
    assert!(html.contains("Neurotoxin consent") && html.contains("I understand the risks"), "{html}");
    assert!(html.contains("<h2>Neurotoxin consent</h2>"), "the text's headings are rendered: {html}");
    assert!(!html.contains("<script>alert") && html.contains("&lt;script&gt;alert(1)"), "text is escaped");

    // Without the box ticked, nothing is signed.
    let version = form["versionId"].as_str().unwrap();
    let post = |fields: Vec<(&'static str, String)>| {
        let req = phone.client.http.post(phone.client.url(path)).form(&fields);
        async move { req.send().await.unwrap() }
    };
    let unticked = post(vec![("version", version.to_owned()), ("name", "Pat Example".into())]).await;
    assert_eq!(unticked.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let typed = post(vec![
        ("version", version.to_owned()),
        ("name", "Pat Example".into()),
        ("strokes", String::new()),
        ("agree", "yes".into()),
    ])
    .await;
    assert_eq!(typed.status(), StatusCode::SEE_OTHER);
    let visit = t.s.desk.get(&format!("/api/v1/appointments/{}/consents", t.appointment)).await;
    let copy = &visit.body["required"][0]["signed"];
    assert_eq!(visit.body["required"][0]["state"], "current", "{}", visit.text);
    assert_eq!(copy["method"], "typed");
    assert_eq!(copy["channel"], "own_device");
    assert!(copy.get("witnessName").is_none());
    let done = phone.client.http.get(phone.client.url(path)).send().await.unwrap().text().await.unwrap();
    assert!(done.contains("all set"), "{done}");

    // A changed token finds nothing; after two hours the link is gone.
    let other = if path.ends_with('0') { '1' } else { '0' };
    let forged = format!("{}{other}", &path[..path.len() - 1]);
    assert_eq!(phone.client.http.get(phone.client.url(&forged)).send().await.unwrap().status(), StatusCode::NOT_FOUND);
    app.clock.advance(chrono::Duration::hours(3));
    assert_eq!(phone.client.http.get(phone.client.url(path)).send().await.unwrap().status(), StatusCode::GONE);
}

#[tokio::test]
async fn photos_leave_the_chart_only_with_a_photography_consent() {
    let app = TestApp::spawn().await;
    let t = charting(&app).await;
    let opened = t.riley.post(&format!("/api/v1/appointments/{}/chart", t.appointment), &json!({})).await;
    let chart = opened.body["chartId"].as_str().unwrap().to_owned();
    let before = upload(&t.riley, &chart, png(40, 40, 1), "a.png").await;
    assert!(before.body.get("marketingConsentId").is_none(), "{}", before.text);
    let photo = before.body["id"].as_str().unwrap();
    let refused = t.riley.post(&format!("/api/v1/photos/{photo}/marketing-export"), &json!({})).await;
    assert_eq!(refused.code(), "photo_consent_missing", "{}", refused.text);

    let form = template(&t, "Photography consent", "photography", None).await;
    let consent = sign(&t.s.desk, &t.appointment, &form["versionId"]).await.body["id"].as_str().unwrap().to_owned();
    let after = upload(&t.riley, &chart, png(40, 40, 2), "b.png").await;
    assert_eq!(after.body["marketingConsentId"], consent.as_str());
    let allowed = t.riley.post(&format!("/api/v1/photos/{photo}/marketing-export"), &json!({})).await;
    assert_eq!(allowed.status, StatusCode::OK, "{}", allowed.text);

    t.s.desk.post(&format!("/api/v1/consents/{consent}/revoke"), &json!({ "reason": "Withdrawn by patient." })).await;
    let withdrawn = t.riley.post(&format!("/api/v1/photos/{photo}/marketing-export"), &json!({})).await;
    assert_eq!(withdrawn.code(), "photo_consent_missing");
}

#[tokio::test]
async fn handing_the_ipad_back_takes_the_staff_members_password() {
    let app = TestApp::spawn().await;
    let t = charting(&app).await;
    let wrong = t.s.desk.post("/api/v1/me/confirm", &json!({ "password": "not-it" })).await;
    assert_eq!(wrong.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(wrong.body["fields"][0]["code"], "incorrect");
    let right = t.s.desk.post("/api/v1/me/confirm", &json!({ "password": crate::helpers::STAFF_PASSWORD })).await;
    assert_eq!(right.status, StatusCode::OK, "{}", right.text);
}
