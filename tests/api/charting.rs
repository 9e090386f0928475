use chrono::{DateTime, Duration, Utc};
use contour::auth::Role;
use contour::db::{Backend, Sql};
use reqwest::StatusCode;
use serde_json::{Value, json};
use sha2::{Digest, Sha256};

use crate::helpers::{Reply, STAFF_PASSWORD, Session, TestApp, backend};
use crate::scheduling::{Setup, setup};

/// 10:00 on the test Wednesday in Los Angeles (see `scheduling::setup`), plus `minutes`.
pub fn wed(minutes: i64) -> DateTime<Utc> {
    use chrono::TimeZone;
    chrono_tz::America::Los_Angeles.with_ymd_and_hms(2026, 12, 9, 10, 0, 0).unwrap().with_timezone(&Utc)
        + Duration::minutes(minutes)
}

/// A clinic ready to chart: the booking set-up, a neurotoxin with a good and an expired lot, a
/// visit with Riley, and sessions for Riley, Jordan and the medical director.
pub struct Charting {
    pub s: Setup,
    pub riley: Session,
    pub jordan: Session,
    pub md: Session,
    pub product: String,
    pub lot: String,
    pub expired_lot: String,
    pub appointment: String,
}

pub async fn charting(app: &TestApp) -> Charting {
    let s = setup(app).await;
    let riley = s.c.sign_in(app, &s.riley_email, STAFF_PASSWORD).await;
    let jordan = s.c.sign_in(app, &s.jordan_email, STAFF_PASSWORD).await;
    let md = s.c.as_role(app, Role::MedicalDirector).await;
    let product = s
        .owner
        .post(
            "/api/v1/products",
            &json!({ "name": "Botox", "manufacturer": "Allergan", "kind": "neurotoxin", "defaultUnit": "units" }),
        )
        .await;
    assert_eq!(product.status, StatusCode::OK, "{}", product.text);
    let product = product.body["id"].as_str().unwrap().to_owned();
    let lot = s
        .owner
        .post(
            &format!("/api/v1/products/{product}/lots"),
            &json!({ "lotNumber": "C3709C3", "expiresOn": "2027-06-30" }),
        )
        .await;
    assert_eq!(lot.status, StatusCode::OK, "{}", lot.text);
    let expired = s
        .owner
        .post(&format!("/api/v1/products/{product}/lots"), &json!({ "lotNumber": "OLD-1", "expiresOn": "2026-11-30" }))
        .await;
    assert_eq!(expired.body["expired"], true);
    let appointment = s
        .desk
        .post(
            "/api/v1/appointments",
            &json!({ "patientId": s.patient, "providerId": s.riley, "serviceId": s.botox, "startsAt": wed(0) }),
        )
        .await;
    assert_eq!(appointment.status, StatusCode::CREATED, "{}", appointment.text);
    Charting {
        riley,
        jordan,
        md,
        product,
        lot: lot.body["id"].as_str().unwrap().to_owned(),
        expired_lot: expired.body["id"].as_str().unwrap().to_owned(),
        appointment: appointment.body["appointment"]["id"].as_str().unwrap().to_owned(),
        s,
    }
}

impl Charting {
    /// Riley opens the visit's chart and charts 20 units to the glabella.
    pub async fn charted(&self) -> String {
        let opened = self.riley.post(&format!("/api/v1/appointments/{}/chart", self.appointment), &json!({})).await;
        assert_eq!(opened.status, StatusCode::OK, "{}", opened.text);
        let chart = opened.body["chartId"].as_str().unwrap().to_owned();
        let entry = self.entry(&chart, "Glabella", "20").await;
        assert_eq!(entry.status, StatusCode::OK, "{}", entry.text);
        chart
    }

    pub async fn entry(&self, chart: &str, area: &str, dose: &str) -> Reply {
        self.riley
            .post(
                &format!("/api/v1/charts/{chart}/entries"),
                &json!({ "area": area, "productId": self.product, "lotId": self.lot, "dose": dose, "injectionPoints": 5 }),
            )
            .await
    }
}

/// A small PNG, different for each `seed`.
pub fn png(width: u32, height: u32, seed: u8) -> Vec<u8> {
    let img = image::ImageBuffer::from_fn(width, height, |x, y| image::Rgb([seed, (x % 250) as u8, (y % 250) as u8]));
    let mut out = std::io::Cursor::new(Vec::new());
    image::DynamicImage::ImageRgb8(img).write_to(&mut out, image::ImageFormat::Png).unwrap();
    out.into_inner()
}

pub async fn upload(who: &Session, chart: &str, bytes: Vec<u8>, name: &str) -> Reply {
    let form = reqwest::multipart::Form::new()
        .part("file", reqwest::multipart::Part::bytes(bytes).file_name(name.to_owned()))
        .text("phase", "before")
        .text("view", "front");
    let mut req = who.client.http.post(who.client.url(&format!("/api/v1/charts/{chart}/photos"))).multipart(form);
    if let Some(csrf) = &who.csrf {
        req = req.header("x-csrf-token", csrf);
    }
    who.client.send(req).await
}

/// Fetches a signed link the way a browser would (a relative link goes to the clinic's host).
pub async fn fetch(who: &Session, url: &str) -> (StatusCode, Vec<u8>) {
    let full = if url.starts_with('/') { who.client.url(url) } else { url.to_owned() };
    let r = who.client.http.get(full).send().await.unwrap();
    (r.status(), r.bytes().await.unwrap().to_vec())
}

fn sha(bytes: &[u8]) -> String {
    hex::encode(Sha256::digest(bytes))
}

#[tokio::test]
async fn a_chart_goes_from_draft_to_signed_and_then_never_changes() {
    let app = TestApp::spawn().await;
    let t = charting(&app).await;
    let chart = t.charted().await;
    let again = t.riley.post(&format!("/api/v1/appointments/{}/chart", t.appointment), &json!({})).await;
    assert_eq!(again.body["chartId"], chart.as_str(), "one chart per visit");
    assert_eq!(again.body["created"], false);

    t.riley
        .patch(
            &format!("/api/v1/charts/{chart}"),
            &json!({ "areas": ["Glabella", "Forehead"], "technique": "Diluted with 2.5 mL saline." }),
        )
        .await;
    let second = t.entry(&chart, "Forehead", "10.5").await;
    assert_eq!(second.body["doseUnit"], "units", "the product's unit by default");
    let got = t.riley.get(&format!("/api/v1/charts/{chart}")).await;
    assert_eq!(got.status, StatusCode::OK, "{}", got.text);
    let c = &got.body;
    assert_eq!(c["status"], "draft");
    assert_eq!(c["templateKind"], "injectables");
    assert_eq!(c["technique"], "Diluted with 2.5 mL saline.");
    assert_eq!(c["entries"][0]["lotNumber"], "C3709C3");
    assert_eq!(c["totals"]["byProduct"][0]["dose"], "30.5");
    assert_eq!(c["totals"]["byArea"].as_array().unwrap().len(), 2);
    assert_eq!(c["canEdit"], true);
    assert_eq!(c["canSubmit"], true);

    let photo = upload(&t.riley, &chart, png(80, 60, 3), "before.png").await.body["id"].as_str().unwrap().to_owned();

    // Only Riley submits Riley's chart; then it is locked, even to Riley.
    assert_eq!(t.jordan.post(&format!("/api/v1/charts/{chart}/submit"), &json!({})).await.code(), "invalid_transition");
    assert_eq!(t.md.post(&format!("/api/v1/charts/{chart}/submit"), &json!({})).await.status, StatusCode::FORBIDDEN);
    let submitted = t.riley.post(&format!("/api/v1/charts/{chart}/submit"), &json!({})).await;
    assert_eq!(submitted.body["status"], "needs_signoff", "{}", submitted.text);
    assert_eq!(t.riley.patch(&format!("/api/v1/charts/{chart}"), &json!({ "areas": [] })).await.code(), "chart_locked");
    assert_eq!(t.entry(&chart, "Chin", "2").await.code(), "chart_locked");

    let signed = t.md.post(&format!("/api/v1/charts/{chart}/sign"), &json!({})).await;
    assert_eq!(signed.status, StatusCode::OK, "{}", signed.text);
    assert_eq!(signed.body["status"], "md_signed");
    let signature = &signed.body["signature"];
    assert_eq!(signature["signerRole"], "medical_director");
    assert_eq!(signature["recordHash"].as_str().unwrap().len(), 64);
    let verified = t.md.get(&format!("/api/v1/charts/{chart}/verify")).await;
    assert_eq!(verified.body["matches"], true, "{}", verified.text);

    // Every changing call is refused now, with the same clear answer.
    let entry_id = c["entries"][0]["id"].as_str().unwrap();
    let refusals = [
        t.riley.patch(&format!("/api/v1/charts/{chart}"), &json!({ "technique": "changed" })).await,
        t.entry(&chart, "Chin", "2").await,
        t.riley
            .put(
                &format!("/api/v1/charts/{chart}/entries/{entry_id}"),
                &json!({ "area": "Chin", "productId": t.product, "lotId": t.lot, "dose": "1" }),
            )
            .await,
        t.riley.delete(&format!("/api/v1/charts/{chart}/entries/{entry_id}")).await,
        t.riley.post(&format!("/api/v1/charts/{chart}/submit"), &json!({})).await,
        t.md.post(&format!("/api/v1/charts/{chart}/sign"), &json!({})).await,
        t.md.post(&format!("/api/v1/charts/{chart}/return"), &json!({ "comment": "Please fix" })).await,
        upload(&t.riley, &chart, png(40, 30, 1), "late.png").await,
        t.riley.patch(&format!("/api/v1/photos/{photo}"), &json!({ "phase": "after", "view": "front" })).await,
        t.riley.delete(&format!("/api/v1/photos/{photo}")).await,
        t.riley
            .post(&format!("/api/v1/photos/{photo}/annotations"), &json!({ "overlay": { "version": 1, "shapes": [] } }))
            .await,
    ];
    for r in refusals {
        assert_eq!(r.status, StatusCode::CONFLICT, "{}", r.text);
        assert_eq!(r.code(), "chart_signed", "{}", r.text);
    }

    // Corrections are addenda, signed by their author.
    let amended = t
        .riley
        .post(
            &format!("/api/v1/charts/{chart}/addenda"),
            &json!({ "body": "Patient reported mild headache on day 2." }),
        )
        .await;
    assert_eq!(amended.status, StatusCode::OK, "{}", amended.text);
    let addendum = &amended.body["addenda"][0];
    assert_eq!(addendum["body"], "Patient reported mild headache on day 2.");
    assert_eq!(addendum["signature"]["signerName"], "Test Provider");
    let verified = t.md.get(&format!("/api/v1/charts/{chart}/verify")).await;
    assert_eq!(verified.body["matches"], true);
    assert_eq!(verified.body["checks"].as_array().unwrap().len(), 3, "the record, the photo and the addendum");

    for action in ["chart.created", "chart.read", "chart.submitted", "chart.signed", "chart.addendum_added"] {
        let found = t.s.owner.get(&format!("/api/v1/audit?action={action}")).await;
        assert!(!found.body["entries"].as_array().unwrap().is_empty(), "{action} is audited");
    }
}

#[tokio::test]
async fn submission_checks_content_and_lots() {
    let app = TestApp::spawn().await;
    let t = charting(&app).await;
    let opened = t.riley.post(&format!("/api/v1/appointments/{}/chart", t.appointment), &json!({})).await;
    let chart = opened.body["chartId"].as_str().unwrap().to_owned();

    let empty = t.riley.post(&format!("/api/v1/charts/{chart}/submit"), &json!({})).await;
    assert_eq!(empty.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(empty.code(), "chart_incomplete");
    assert_eq!(empty.body["fields"][0]["field"], "entries");

    let expired = t
        .riley
        .post(
            &format!("/api/v1/charts/{chart}/entries"),
            &json!({ "area": "Glabella", "productId": t.product, "lotId": t.expired_lot, "dose": "20" }),
        )
        .await;
    assert_eq!(expired.code(), "lot_expired", "{}", expired.text);
    assert!(expired.body["message"].as_str().unwrap().contains("OLD-1 expired on 30 Nov 2026"));

    let bad_dose = t.entry(&chart, "Glabella", "twenty").await;
    assert_eq!(bad_dose.code(), "validation_failed");
    assert_eq!(bad_dose.body["fields"][0]["field"], "dose");

    // An entry without a lot can be saved while charting, but not submitted.
    let no_lot = t
        .riley
        .post(
            &format!("/api/v1/charts/{chart}/entries"),
            &json!({ "area": "Glabella", "productId": t.product, "dose": "20" }),
        )
        .await;
    assert_eq!(no_lot.status, StatusCode::OK, "{}", no_lot.text);
    let still = t.riley.post(&format!("/api/v1/charts/{chart}/submit"), &json!({})).await;
    assert_eq!(still.code(), "chart_incomplete");
    assert!(still.body["fields"].as_array().unwrap().iter().any(|f| f["field"] == "entries[0]"));

    // Removing and re-adding it properly makes it submittable.
    let id = no_lot.body["id"].as_str().unwrap();
    assert_eq!(t.riley.delete(&format!("/api/v1/charts/{chart}/entries/{id}")).await.status, StatusCode::OK);
    t.entry(&chart, "Glabella", "20").await;
    assert_eq!(t.riley.post(&format!("/api/v1/charts/{chart}/submit"), &json!({})).await.status, StatusCode::OK);
}

#[tokio::test]
async fn the_medical_director_returns_with_a_comment_and_the_provider_fixes_it() {
    let app = TestApp::spawn().await;
    let t = charting(&app).await;
    let chart = t.charted().await;
    t.riley.post(&format!("/api/v1/charts/{chart}/submit"), &json!({})).await;

    let queue = t.md.get("/api/v1/signoff-queue").await;
    assert_eq!(queue.status, StatusCode::OK, "{}", queue.text);
    assert_eq!(queue.body[0]["chartId"], chart.as_str());
    assert_eq!(queue.body[0]["entryCount"], 1);
    let someone_else = t.md.get(&format!("/api/v1/signoff-queue?providerId={}", t.s.jordan)).await;
    assert_eq!(someone_else.body.as_array().unwrap().len(), 0);

    let bare = t.md.post(&format!("/api/v1/charts/{chart}/return"), &json!({ "comment": "  " })).await;
    assert_eq!(bare.code(), "validation_failed");
    let returned =
        t.md.post(&format!("/api/v1/charts/{chart}/return"), &json!({ "comment": "Add the dilution, please." })).await;
    assert_eq!(returned.body["status"], "draft", "{}", returned.text);
    assert_eq!(returned.body["returns"][0]["comment"], "Add the dilution, please.");
    assert_eq!(t.md.get("/api/v1/signoff-queue").await.body.as_array().unwrap().len(), 0);

    let fixed = t.riley.patch(&format!("/api/v1/charts/{chart}"), &json!({ "technique": "2.5 mL dilution." })).await;
    assert_eq!(fixed.status, StatusCode::OK, "{}", fixed.text);
    assert_eq!(
        t.riley.post(&format!("/api/v1/charts/{chart}/submit"), &json!({})).await.body["status"],
        "needs_signoff"
    );
    assert_eq!(t.md.post(&format!("/api/v1/charts/{chart}/sign"), &json!({})).await.body["status"], "md_signed");
}

#[tokio::test]
async fn drafts_belong_to_their_provider_and_owners() {
    let app = TestApp::spawn().await;
    let t = charting(&app).await;
    let chart = t.charted().await;
    let theirs = t.jordan.patch(&format!("/api/v1/charts/{chart}"), &json!({ "technique": "not mine" })).await;
    assert_eq!(theirs.status, StatusCode::FORBIDDEN, "{}", theirs.text);
    assert!(theirs.body["message"].as_str().unwrap().starts_with("Only Test Provider or an owner"));
    let owner =
        t.s.owner.patch(&format!("/api/v1/charts/{chart}"), &json!({ "aftercare": "No exercise for 24 hours." })).await;
    assert_eq!(owner.status, StatusCode::OK, "{}", owner.text);
    let seen_by_jordan = t.jordan.get(&format!("/api/v1/charts/{chart}")).await;
    assert_eq!(seen_by_jordan.body["canEdit"], false);
    assert_eq!(seen_by_jordan.body["aftercare"], "No exercise for 24 hours.");
}

#[tokio::test]
async fn the_medical_director_can_only_read_sign_and_return() {
    let app = TestApp::spawn().await;
    let t = charting(&app).await;
    let chart = t.charted().await;
    let photo = upload(&t.riley, &chart, png(60, 40, 2), "p.png").await.body["id"].as_str().unwrap().to_owned();
    let forbidden = [
        t.md.post(&format!("/api/v1/appointments/{}/chart", t.appointment), &json!({})).await,
        t.md.patch(&format!("/api/v1/charts/{chart}"), &json!({ "technique": "x" })).await,
        t.md.post(&format!("/api/v1/charts/{chart}/entries"), &json!({ "area": "Chin" })).await,
        upload(&t.md, &chart, png(10, 10, 3), "md.png").await,
        t.md.post(
            &format!("/api/v1/photos/{photo}/annotations"),
            &json!({ "overlay": { "version": 1, "shapes": [] } }),
        )
        .await,
        t.md.delete(&format!("/api/v1/photos/{photo}")).await,
        t.md.post(&format!("/api/v1/charts/{chart}/addenda"), &json!({ "body": "x" })).await,
        t.md.post("/api/v1/products", &json!({ "name": "X", "kind": "other", "defaultUnit": "units" })).await,
        t.md.post(&format!("/api/v1/patients/{}/charts", t.s.patient), &json!({ "templateKind": "general" })).await,
    ];
    for r in forbidden {
        assert_eq!(r.status, StatusCode::FORBIDDEN, "{}", r.text);
    }
    assert_eq!(t.md.get(&format!("/api/v1/charts/{chart}")).await.status, StatusCode::OK);
    assert_eq!(t.md.get(&format!("/api/v1/photos/{photo}/url")).await.status, StatusCode::OK);
    // Front desk doesn't see charts at all.
    assert_eq!(t.s.desk.get(&format!("/api/v1/charts/{chart}")).await.status, StatusCode::FORBIDDEN);
}

#[tokio::test]
async fn photos_keep_their_original_and_links_expire() {
    let app = TestApp::spawn().await;
    let t = charting(&app).await;
    let chart = t.charted().await;
    let original = png(300, 200, 7);
    let up = upload(&t.riley, &chart, original.clone(), "front.png").await;
    assert_eq!(up.status, StatusCode::OK, "{}", up.text);
    let photo = up.body["id"].as_str().unwrap().to_owned();
    assert_eq!(up.body["sha256"], sha(&original));
    assert_eq!((up.body["width"].as_i64(), up.body["height"].as_i64()), (Some(300), Some(200)));
    assert_eq!(up.body["contentType"], "image/png");

    // Three numbered points, then a second version on top of the first.
    let points = json!({ "version": 1, "shapes": [
        { "type": "point", "id": "a", "number": 1, "x": 100, "y": 60, "label": "Glabella", "dose": "4 units" },
        { "type": "point", "id": "b", "number": 2, "x": 150, "y": 60 },
        { "type": "point", "id": "c", "number": 3, "x": 200, "y": 60 },
        { "type": "line", "id": "l", "points": [[10, 10], [60, 40]], "color": "#e03131", "width": 3 },
    ]});
    let v1 = t.riley.post(&format!("/api/v1/photos/{photo}/annotations"), &json!({ "overlay": points })).await;
    assert_eq!(v1.body["version"], 1, "{}", v1.text);
    let stale = t.riley.post(&format!("/api/v1/photos/{photo}/annotations"), &json!({ "overlay": points })).await;
    assert_eq!(stale.code(), "version_conflict", "a drawing made on an older version is refused");
    let outside = json!({ "version": 1, "shapes": [{ "type": "point", "id": "z", "number": 1, "x": 900, "y": 10 }] });
    let bad = t
        .riley
        .post(&format!("/api/v1/photos/{photo}/annotations"), &json!({ "overlay": outside, "baseVersion": 1 }))
        .await;
    assert_eq!(bad.code(), "validation_failed");
    let v2 = t
        .riley
        .post(&format!("/api/v1/photos/{photo}/annotations"), &json!({ "overlay": points, "baseVersion": 1 }))
        .await;
    assert_eq!(v2.body["version"], 2);
    let versions = t.riley.get(&format!("/api/v1/photos/{photo}/annotations")).await;
    assert_eq!(versions.body["versions"].as_array().unwrap().len(), 2);
    assert_eq!(versions.body["latest"]["shapes"].as_array().unwrap().len(), 4);

    // The original's bytes and hash are what was uploaded, whatever was drawn.
    let link = t.riley.get(&format!("/api/v1/photos/{photo}/url?variant=original")).await;
    let url = link.body["url"].as_str().unwrap().to_owned();
    let (status, bytes) = fetch(&t.riley, &url).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(sha(&bytes), sha(&original));
    let thumb = t.riley.get(&format!("/api/v1/photos/{photo}/url?variant=thumb")).await;
    let (status, bytes) = fetch(&t.riley, thumb.body["url"].as_str().unwrap()).await;
    assert_eq!(status, StatusCode::OK);
    assert!(bytes.starts_with(&[0xff, 0xd8, 0xff]), "thumbnails are JPEG");

    // Tampered, swapped or expired links are refused.
    let tampered = url.replace("sig=", "sig=0");
    assert_eq!(fetch(&t.riley, &tampered).await.0, StatusCode::FORBIDDEN);
    let later = url.replace(url.split("exp=").nth(1).unwrap().split('&').next().unwrap(), "9999999999");
    assert_eq!(fetch(&t.riley, &later).await.0, StatusCode::FORBIDDEN);
    let other = url.replace("/original?", "/display.jpg?");
    assert_eq!(fetch(&t.riley, &other).await.0, StatusCode::FORBIDDEN);
    let elsewhere = app.create_clinic().await;
    let stranger = elsewhere.owner(&app).await;
    assert_eq!(fetch(&stranger, &url).await.0, StatusCode::FORBIDDEN, "another clinic's host");
    app.clock.advance(Duration::minutes(6));
    let (status, body) = fetch(&t.riley, &url).await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    assert!(String::from_utf8_lossy(&body).contains("expired"));

    let issued = t.s.owner.get("/api/v1/audit?action=photo.url_issued").await;
    assert_eq!(issued.body["entries"].as_array().unwrap().len(), 2, "each link issued is audited");
}

#[tokio::test]
async fn bad_uploads_are_refused_and_leave_nothing_behind() {
    let app = TestApp::spawn().await;
    let t = charting(&app).await;
    let chart = t.charted().await;
    let text = upload(&t.riley, &chart, b"<html><script>alert(1)</script>".to_vec(), "photo.jpg").await;
    assert_eq!(text.status, StatusCode::UNSUPPORTED_MEDIA_TYPE);
    assert_eq!(text.code(), "unsupported_media_type");
    let mut broken = png(100, 100, 9);
    broken.truncate(60);
    let broken = upload(&t.riley, &chart, broken, "broken.png").await;
    assert_eq!(broken.code(), "validation_failed", "{}", broken.text);
    let heic = upload(&t.riley, &chart, b"\0\0\0\x18ftypheic\0\0\0\0mif1heic".to_vec(), "IMG_0001.HEIC").await;
    assert_eq!(heic.code(), "unsupported_media_type");
    assert!(heic.body["message"].as_str().unwrap().contains("Most Compatible"));
    let huge = upload(&t.riley, &chart, vec![0xff; 26 * 1024 * 1024], "huge.jpg").await;
    assert_eq!(huge.status, StatusCode::PAYLOAD_TOO_LARGE);
    let jordan = upload(&t.jordan, &chart, png(20, 20, 4), "j.png").await;
    assert_eq!(jordan.status, StatusCode::FORBIDDEN, "not Jordan's chart");

    let stored = app.dir.path().join("objects").join("clinics");
    let files = walk(&stored);
    assert!(files.is_empty(), "nothing stored for refused uploads: {files:?}");
    let fine = upload(&t.riley, &chart, png(20, 20, 5), "ok.png").await;
    assert_eq!(fine.status, StatusCode::OK);
    assert_eq!(walk(&stored).len(), 3, "original, display and thumbnail");
}

fn walk(dir: &std::path::Path) -> Vec<std::path::PathBuf> {
    let mut out = Vec::new();
    if let Ok(entries) = std::fs::read_dir(dir) {
        for e in entries.flatten() {
            let path = e.path();
            if path.is_dir() { out.extend(walk(&path)) } else { out.push(path) }
        }
    }
    out
}

#[tokio::test]
async fn the_database_itself_refuses_changes_to_a_signed_chart_and_verify_catches_tampering() {
    let app = TestApp::spawn().await;
    let t = charting(&app).await;
    let chart = t.charted().await;
    let photo = upload(&t.riley, &chart, png(50, 50, 6), "p.png").await.body["id"].as_str().unwrap().to_owned();
    t.riley.post(&format!("/api/v1/charts/{chart}/submit"), &json!({})).await;
    t.md.post(&format!("/api/v1/charts/{chart}/sign"), &json!({})).await;
    let id = uuid::Uuid::parse_str(&chart).unwrap();
    let photo_id = uuid::Uuid::parse_str(&photo).unwrap();

    for sql in [
        "update charts set technique_sealed = 'p1:rewritten' where id = $1",
        "update chart_entries set dose_milli = 1 where chart_id = $1",
        "update photos set phase = 'after' where chart_id = $1",
        "delete from charts where id = $1",
        "update signatures set record_hash = '0000000000000000000000000000000000000000000000000000000000000000' where chart_id = $1",
    ] {
        let mut tx = app.tenant_write(&t.s.c.clinic).await;
        let err = tx.execute(sql, vec![contour::db::Arg::Uuid(Some(id))]).await.expect_err(sql);
        let kind = contour::db::classify(&err);
        assert!(
            matches!(kind, contour::db::DbFailure::ChartSigned | contour::db::DbFailure::AppendOnly),
            "{sql}: {err}"
        );
    }
    let mut tx = app.tenant_write(&t.s.c.clinic).await;
    let overlay = json!({ "version": 1, "shapes": [] });
    let err = tx
        .execute(
            "insert into photo_annotations (id, photo_id, version, overlay, overlay_sha256, created_by, created_at) \
             select $1, $2, 9, $3, $4, uploaded_by, created_at from photos where id = $2",
            vec![
                contour::db::Arg::Uuid(Some(uuid::Uuid::now_v7())),
                contour::db::Arg::Uuid(Some(photo_id)),
                contour::db::Arg::Json(Some(overlay)),
                contour::db::Arg::Text(Some("a".repeat(64))),
            ],
        )
        .await
        .expect_err("no new overlay on a signed chart's photo");
    assert_eq!(contour::db::classify(&err), contour::db::DbFailure::ChartSigned);
    drop(tx);
    assert_eq!(t.md.get(&format!("/api/v1/charts/{chart}/verify")).await.body["matches"], true);

    // Someone with database access switches the guard off and edits the record: verify says so.
    let mut tx = app.tenant_write(&t.s.c.clinic).await;
    let (disable, enable): (Sql, Sql) = match backend() {
        Backend::Postgres => (
            Sql::each("alter table chart_entries disable trigger chart_entries_signed_immutable", ""),
            Sql::each("alter table chart_entries enable trigger chart_entries_signed_immutable", ""),
        ),
        Backend::Sqlite => (Sql::each("", "drop trigger chart_entries_signed_no_update"), Sql::each("", "")),
    };
    tx.execute_script(disable).await.unwrap();
    tx.execute(
        "update chart_entries set dose_milli = 40000 where chart_id = $1",
        vec![contour::db::Arg::Uuid(Some(id))],
    )
    .await
    .unwrap();
    if backend() == Backend::Postgres {
        tx.execute_script(enable).await.unwrap();
    }
    tx.commit().await.unwrap();
    let verified = t.md.get(&format!("/api/v1/charts/{chart}/verify")).await;
    assert_eq!(verified.body["signed"], true);
    assert_eq!(verified.body["matches"], false, "{}", verified.text);
    let record = verified.body["checks"].as_array().unwrap().iter().find(|c| c["what"] == "record").unwrap().clone();
    assert_eq!(record["matches"], false);
    let photo_check =
        verified.body["checks"].as_array().unwrap().iter().find(|c| c["what"] != "record").unwrap().clone();
    assert_eq!(photo_check["matches"], true, "the photo's bytes are untouched");
}

#[tokio::test]
async fn the_catalogue_recall_and_the_calendar_know_about_charts() {
    let app = TestApp::spawn().await;
    let t = charting(&app).await;
    let chart = t.charted().await;
    let products = t.riley.get("/api/v1/products").await;
    assert_eq!(products.body[0]["name"], "Botox");
    let lots = products.body[0]["lots"].as_array().unwrap();
    assert_eq!(lots.len(), 2);
    assert_eq!(lots.iter().find(|l| l["lotNumber"] == "C3709C3").unwrap()["uses"], 1);

    let recall = t.riley.get(&format!("/api/v1/lots/{}/uses", t.lot)).await;
    assert_eq!(recall.status, StatusCode::OK, "{}", recall.text);
    assert_eq!(recall.body["productName"], "Botox");
    assert_eq!(recall.body["patientCount"], 1);
    assert_eq!(recall.body["uses"][0]["patientName"], "Ava Applewood");
    assert_eq!(recall.body["uses"][0]["chartId"], chart.as_str());
    assert_eq!(recall.body["uses"][0]["dose"], "20");

    // A charted lot's number is part of the record.
    let renumber =
        t.s.owner
            .put(&format!("/api/v1/lots/{}", t.lot), &json!({ "lotNumber": "C3709C4", "expiresOn": "2027-06-30" }))
            .await;
    assert_eq!(renumber.code(), "validation_failed");
    let dup =
        t.s.owner
            .post("/api/v1/products", &json!({ "name": "botox", "kind": "neurotoxin", "defaultUnit": "units" }))
            .await;
    assert_eq!(dup.code(), "already_exists");

    // The calendar shows the visit's chart to those who may read charts, and to no one else.
    let range = format!(
        "/api/v1/calendar?from={}&to={}",
        wed(-600).to_rfc3339().replace('+', "%2B"),
        wed(840).to_rfc3339().replace('+', "%2B")
    );
    let visit_seen_by = |reply: crate::helpers::Reply| {
        reply.body["appointments"]
            .as_array()
            .unwrap()
            .iter()
            .find(|a| a["id"] == t.appointment.as_str())
            .unwrap()
            .clone()
    };
    let a = visit_seen_by(t.riley.get(&range).await);
    assert_eq!(a["chartId"], chart.as_str());
    assert_eq!(a["chartStatus"], "draft");
    let a = visit_seen_by(t.s.desk.get(&range).await);
    assert!(a.get("chartId").is_none() && a.get("chartStatus").is_none(), "{a}");

    let timeline = t.riley.get(&format!("/api/v1/patients/{}/timeline", t.s.patient)).await;
    let kinds: Vec<&str> =
        timeline.body["entries"].as_array().unwrap().iter().map(|e| e["kind"].as_str().unwrap()).collect();
    assert!(kinds.contains(&"chart") && kinds.contains(&"appointment"), "{kinds:?}");
    let desk_timeline = t.s.desk.get(&format!("/api/v1/patients/{}/timeline", t.s.patient)).await;
    assert!(desk_timeline.body["entries"].as_array().unwrap().iter().all(|e| e["kind"] != "chart"));
}

/// Sets the visit's time, service or provider, as the calendar would.
async fn move_visit(t: &Charting, who: &Session, change: serde_json::Value) -> Reply {
    who.patch(&format!("/api/v1/appointments/{}", t.appointment), &change).await
}

#[tokio::test]
async fn a_submitted_charts_visit_holds_still_and_the_signed_record_covers_it() {
    let app = TestApp::spawn().await;
    let t = charting(&app).await;
    let chart = t.charted().await;

    // While the chart is a draft the visit moves freely, and the chart follows it.
    let moved = move_visit(&t, &t.s.desk, json!({ "startsAt": wed(60) })).await;
    assert_eq!(moved.status, StatusCode::OK, "{}", moved.text);
    let draft = t.riley.get(&format!("/api/v1/charts/{chart}")).await;
    assert_eq!(draft.body["visitAt"].as_str().map(|s| s.parse::<DateTime<Utc>>().unwrap()), Some(wed(60)));

    let submitted = t.riley.post(&format!("/api/v1/charts/{chart}/submit"), &json!({})).await;
    assert_eq!(submitted.status, StatusCode::OK, "{}", submitted.text);
    let refused = |r: Reply, what: &str| {
        assert_eq!(r.status, StatusCode::CONFLICT, "{what}: {}", r.text);
        assert_eq!(r.code(), "visit_locked", "{what}");
    };
    refused(move_visit(&t, &t.s.desk, json!({ "startsAt": wed(24 * 60) })).await, "a day later");
    refused(move_visit(&t, &t.s.desk, json!({ "startsAt": wed(14 * 24 * 60) })).await, "two weeks later");
    refused(move_visit(&t, &t.s.desk, json!({ "endsAt": wed(120) })).await, "longer");
    refused(move_visit(&t, &t.s.desk, json!({ "serviceId": t.s.consult })).await, "another service");
    refused(move_visit(&t, &t.s.desk, json!({ "providerId": t.s.jordan })).await, "another provider");
    refused(
        t.s.desk
            .post(&format!("/api/v1/appointments/{}/cancel", t.appointment), &json!({ "reason": "Changed mind" }))
            .await,
        "cancelled",
    );
    // Notes are the calendar's, not the record's.
    let noted = move_visit(&t, &t.s.desk, json!({ "notes": "Prefers the window seat" })).await;
    assert_eq!(noted.status, StatusCode::OK, "{}", noted.text);

    let signed = t.md.post(&format!("/api/v1/charts/{chart}/sign"), &json!({})).await;
    assert_eq!(signed.status, StatusCode::OK, "{}", signed.text);
    assert_eq!(signed.body["signature"]["hashVersion"], 3, "version 3 covers the visit and its consents");
    let before = signed.body.clone();
    refused(move_visit(&t, &t.s.owner, json!({ "startsAt": wed(24 * 60) })).await, "signed, a day later");
    refused(move_visit(&t, &t.s.owner, json!({ "serviceId": t.s.consult })).await, "signed, another service");

    // Renaming the service or the provider later leaves the signed record as it was.
    let service = t.s.owner.get("/api/v1/services").await;
    let mut botox = service.body.as_array().unwrap().iter().find(|s| s["id"] == t.s.botox.as_str()).unwrap().clone();
    botox["name"] = json!("Wrinkle relaxer");
    let body = json!({
        "name": botox["name"], "category": botox["category"], "durationMinutes": botox["durationMinutes"],
        "bufferAfterMinutes": botox["bufferAfterMinutes"], "priceCents": botox["priceCents"], "color": botox["color"],
        "needsRoom": botox["needsRoom"], "bookableOnline": botox["bookableOnline"], "chartKind": botox["chartKind"],
        "roomIds": botox["roomIds"],
    });
    let renamed = t.s.owner.put(&format!("/api/v1/services/{}", t.s.botox), &body).await;
    assert_eq!(renamed.status, StatusCode::OK, "{}", renamed.text);
    let after = t.md.get(&format!("/api/v1/charts/{chart}")).await;
    for field in ["visitAt", "serviceName", "providerName", "providerId"] {
        assert_eq!(after.body[field], before[field], "{field} of a signed chart never changes");
    }
    assert_eq!(after.body["serviceName"], "Neurotoxin");
    let verified = t.md.get(&format!("/api/v1/charts/{chart}/verify")).await;
    assert_eq!(verified.body["matches"], true, "{}", verified.text);

    // The database holds the visit still on its own, whatever the code above it does.
    let id = uuid::Uuid::parse_str(&t.appointment).unwrap();
    for sql in [
        Sql::each(
            "update appointments set starts_at = starts_at + interval '1 day', ends_at = ends_at + interval '1 day', \
             blocked_until = blocked_until + interval '1 day' where id = $1",
            "update appointments set starts_at = '2030-01-01T18:00:00.000000Z', \
             ends_at = '2030-01-01T18:30:00.000000Z', blocked_until = '2030-01-01T18:40:00.000000Z' where id = $1",
        ),
        Sql::from("update appointments set status = 'cancelled', cancelled_at = updated_at where id = $1"),
        Sql::from(
            "update appointments set service_id = (select id from services where name = 'Consultation') where id = $1",
        ),
    ] {
        let mut tx = app.tenant_write(&t.s.c.clinic).await;
        let err = tx.execute(sql, vec![contour::db::Arg::Uuid(Some(id))]).await.expect_err("the visit is held");
        assert_eq!(contour::db::classify(&err), contour::db::DbFailure::VisitLocked, "{err}");
    }
}

#[tokio::test]
async fn a_returned_chart_frees_its_visit_again() {
    let app = TestApp::spawn().await;
    let t = charting(&app).await;
    let chart = t.charted().await;
    t.riley.post(&format!("/api/v1/charts/{chart}/submit"), &json!({})).await;
    assert_eq!(move_visit(&t, &t.s.desk, json!({ "startsAt": wed(60) })).await.code(), "visit_locked");
    let returned =
        t.md.post(&format!("/api/v1/charts/{chart}/return"), &json!({ "comment": "Wrong day on the chart" })).await;
    assert_eq!(returned.status, StatusCode::OK, "{}", returned.text);
    let moved = move_visit(&t, &t.s.desk, json!({ "startsAt": wed(60) })).await;
    assert_eq!(moved.status, StatusCode::OK, "{}", moved.text);
    let chart_now = t.riley.get(&format!("/api/v1/charts/{chart}")).await;
    assert_eq!(chart_now.body["visitAt"].as_str().map(|s| s.parse::<DateTime<Utc>>().unwrap()), Some(wed(60)));
}

#[tokio::test]
async fn api_tokens_never_sign_and_signatures_name_the_person() {
    let app = TestApp::spawn().await;
    let t = charting(&app).await;
    let chart = t.charted().await;
    t.riley.post(&format!("/api/v1/charts/{chart}/submit"), &json!({})).await;

    // An owner can't make a token with more than an owner may do.
    let md_token =
        t.s.owner.post("/api/v1/api-tokens", &json!({ "name": "Sign bot", "role": "medical_director" })).await;
    assert_eq!(md_token.code(), "validation_failed", "{}", md_token.text);
    assert_eq!(md_token.body["fields"][0]["field"], "role");
    assert_eq!(md_token.body["fields"][0]["code"], "not_held");
    let provider_token = t.s.owner.post("/api/v1/api-tokens", &json!({ "name": "Sync", "role": "provider" })).await;
    assert_eq!(provider_token.status, StatusCode::CREATED, "{}", provider_token.text);

    // A medical director's token made before that rule (or by hand) still can't sign or return.
    let mut tx = app.tenant_write(&t.s.c.clinic).await;
    let owner_id = contour::staff::find_by_email(&mut tx, &t.s.c.owner_email()).await.unwrap().unwrap().id;
    let (_, secret) =
        contour::auth::tokens::create(&mut tx, "Sign bot", Role::MedicalDirector, None, owner_id, app.now())
            .await
            .unwrap();
    tx.commit().await.unwrap();
    let bot = Session { client: t.md.client.clone(), csrf: None, bearer: Some(secret), user_id: None };
    for (path, body) in [("sign", json!({})), ("return", json!({ "comment": "Looks fine" }))] {
        let r = bot.post(&format!("/api/v1/charts/{chart}/{path}"), &body).await;
        assert_eq!(r.status, StatusCode::FORBIDDEN, "{path}: {}", r.text);
        assert_eq!(r.code(), "signature_needs_person", "{path}");
    }
    assert_eq!(bot.get("/api/v1/signoff-queue").await.status, StatusCode::OK, "reading the queue is not signing");
    let still = t.md.get(&format!("/api/v1/charts/{chart}")).await;
    assert_eq!(still.body["status"], "needs_signoff");
    let denied = t.s.owner.get("/api/v1/audit?action=auth.permission_denied").await;
    let reasons: Vec<&Value> =
        denied.body["entries"].as_array().unwrap().iter().map(|e| &e["details"]["reason"]).collect();
    assert_eq!(reasons.iter().filter(|r| **r == "signature_needs_person").count(), 2, "{}", denied.text);

    // The person signs, and the signature carries their own name and role.
    let signed = t.md.post(&format!("/api/v1/charts/{chart}/sign"), &json!({})).await;
    assert_eq!(signed.status, StatusCode::OK, "{}", signed.text);
    assert_eq!(signed.body["signature"]["signerName"], "Test Medical director");
    assert_eq!(signed.body["signature"]["signerRole"], "medical_director");
    assert_eq!(signed.body["signature"]["signerId"].as_str(), t.md.user_id.as_deref());

    // An addendum is a signature too: its author's token may not sign one.
    let sync = Session {
        client: t.riley.client.clone(),
        csrf: None,
        bearer: provider_token.body["secret"].as_str().map(str::to_owned),
        user_id: None,
    };
    let addendum =
        sync.post(&format!("/api/v1/charts/{chart}/addenda"), &json!({ "body": "Follow-up call done." })).await;
    assert_eq!(addendum.code(), "signature_needs_person", "{}", addendum.text);
}

#[tokio::test]
async fn simultaneous_overlay_saves_give_one_version_and_clear_conflicts() {
    let app = TestApp::spawn().await;
    let t = charting(&app).await;
    let chart = t.charted().await;
    let photo = upload(&t.riley, &chart, png(120, 80, 9), "p.png").await.body["id"].as_str().unwrap().to_owned();
    let overlay = json!({ "version": 1, "shapes": [{ "type": "point", "id": "a", "number": 1, "x": 10, "y": 10 }] });
    let body = json!({ "overlay": overlay });
    let path = format!("/api/v1/photos/{photo}/annotations");
    let replies = futures::future::join_all((0..10).map(|_| t.riley.post(&path, &body))).await;
    let saved = replies.iter().filter(|r| r.status == StatusCode::OK).count();
    assert_eq!(saved, 1, "{:?}", replies.iter().map(|r| &r.text).collect::<Vec<_>>());
    for r in replies.iter().filter(|r| r.status != StatusCode::OK) {
        assert_eq!(r.status, StatusCode::CONFLICT, "{}", r.text);
        assert_eq!(r.code(), "version_conflict");
    }
    let versions = t.riley.get(&path).await;
    assert_eq!(versions.body["versions"].as_array().map(Vec::len), Some(1), "{}", versions.text);
}

#[tokio::test]
async fn chart_details_on_an_appointment_are_for_those_who_read_charts() {
    let app = TestApp::spawn().await;
    let t = charting(&app).await;
    let chart = t.charted().await;
    let path = format!("/api/v1/appointments/{}", t.appointment);
    let provider_view = t.riley.get(&path).await;
    assert_eq!(provider_view.body["chartId"], chart.as_str());
    assert_eq!(provider_view.body["chartStatus"], "draft");
    for role in [Role::Billing, Role::FrontDesk] {
        let who = t.s.c.as_role(&app, role).await;
        let seen = who.get(&path).await;
        assert_eq!(seen.status, StatusCode::OK, "{}", seen.text);
        assert!(
            seen.body.get("chartId").is_none() && seen.body.get("chartStatus").is_none(),
            "{role:?}: {}",
            seen.text
        );
        // The catalogue is clinic set-up, which every role reads.
        assert_eq!(who.get("/api/v1/products").await.status, StatusCode::OK, "{role:?}");
    }
}
