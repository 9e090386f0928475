//! Memberships and packages: plans, enrolment through billing, balances that are the sum of an
//! append-only ledger, renewals and expiries that happen once however often they run, by the
//! clinic's days across a clock change, and credits that are never taken twice.

use chrono::{TimeZone, Utc};
use chrono_tz::America::Los_Angeles;
use contour::db::{Arg, DbFailure, classify};
use contour::platform::jobs::{Swept, sweep};
use futures::future::join_all;
use reqwest::StatusCode;
use serde_json::{Value, json};

use crate::helpers::TestApp;
use crate::scheduling::{Setup, setup};

async fn long_sessions() -> TestApp {
    let year = std::time::Duration::from_secs(400 * 24 * 3600);
    TestApp::spawn_with(|c| {
        c.session_idle_timeout = year;
        c.session_absolute_timeout = year;
    })
    .await
}

/// Sets the clock to a wall-clock time in the clinic's zone (Los Angeles).
fn at(app: &TestApp, y: i32, m: u32, d: u32, h: u32, min: u32) {
    app.clock.set(Los_Angeles.with_ymd_and_hms(y, m, d, h, min, 0).unwrap().with_timezone(&Utc));
}

async fn plan(s: &Setup, body: Value) -> String {
    let r = s.owner.post("/api/v1/membership-plans", &body).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.text);
    r.body["id"].as_str().unwrap().to_owned()
}

async fn enrol(s: &Setup, plan: &str, extra: Value) -> Value {
    let mut body = json!({ "planId": plan });
    body.as_object_mut().unwrap().extend(extra.as_object().unwrap().clone());
    let r = s.desk.post(&format!("/api/v1/patients/{}/memberships", s.patient), &body).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.text);
    r.body
}

async fn memberships(s: &Setup) -> Vec<Value> {
    let r = s.desk.get(&format!("/api/v1/patients/{}/memberships", s.patient)).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.text);
    r.body.as_array().unwrap().clone()
}

/// The balance of the first credit of the membership, and the sum of its ledger.
fn balance_and_sum(m: &Value) -> (i64, i64) {
    let b = &m["balances"][0];
    let available = b["quantityMilli"].as_i64().unwrap() + b["amountCents"].as_i64().unwrap();
    let sum = m["entries"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["quantityMilli"].as_i64().unwrap() + e["amountCents"].as_i64().unwrap())
        .sum();
    (available, sum)
}

fn package(s: &Setup, name: &str, sessions: i64, days: i64) -> Value {
    json!({ "kind": "package", "name": name, "priceCents": 75_000, "billingInterval": "none", "validityDays": days,
            "benefits": [{ "creditKind": "service", "serviceId": s.botox, "quantityMilli": sessions * 1000 }] })
}

#[tokio::test]
async fn plans_are_checked_kept_and_frozen_once_somebody_enrols() {
    let app = TestApp::spawn().await;
    let s = setup(&app).await;
    for (body, field) in [
        (
            json!({ "kind": "membership", "name": "Club", "priceCents": 9900, "billingInterval": "none", "benefits": [] }),
            "billingInterval",
        ),
        (
            json!({ "kind": "package", "name": "Peels", "priceCents": 100, "billingInterval": "none", "benefits": [{ "creditKind": "money", "amountCents": 10 }] }),
            "validityDays",
        ),
        (
            json!({ "kind": "membership", "name": "Club", "priceCents": 9900, "billingInterval": "month", "benefits": [{ "creditKind": "service", "quantityMilli": 1000 }] }),
            "benefits[0]",
        ),
        (
            json!({ "kind": "membership", "name": "Club", "priceCents": 9900, "billingInterval": "month", "benefits": [] }),
            "benefits",
        ),
    ] {
        let r = s.owner.post("/api/v1/membership-plans", &body).await;
        assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", r.text);
        assert_eq!(r.body["fields"][0]["field"], field, "{}", r.text);
    }
    let peels = plan(&s, package(&s, "Three peels", 3, 365)).await;
    let again = s.owner.post("/api/v1/membership-plans", &package(&s, "three PEELS", 3, 365)).await;
    assert_eq!((again.status, again.body["code"].as_str()), (StatusCode::CONFLICT, Some("already_exists")));
    assert_eq!(
        s.desk.post("/api/v1/membership-plans", &package(&s, "Desk plan", 1, 30)).await.status,
        StatusCode::FORBIDDEN
    );

    // Before anybody enrols, what it grants may change; after, only its name and price.
    let r = s.owner.put(&format!("/api/v1/membership-plans/{peels}"), &package(&s, "Three peels", 4, 365)).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.text);
    assert_eq!(r.body["benefits"][0]["quantityMilli"], 4000);
    enrol(&s, &peels, json!({})).await;
    let r = s.owner.put(&format!("/api/v1/membership-plans/{peels}"), &package(&s, "Three peels", 3, 365)).await;
    assert_eq!((r.status, r.body["code"].as_str()), (StatusCode::CONFLICT, Some("plan_in_use")), "{}", r.text);
    let mut renamed = package(&s, "Four peels", 4, 365);
    renamed["priceCents"] = json!(80_000);
    let r = s.owner.put(&format!("/api/v1/membership-plans/{peels}"), &renamed).await;
    assert_eq!(
        (r.status, r.body["name"].as_str(), r.body["members"].as_i64()),
        (StatusCode::OK, Some("Four peels"), Some(1))
    );

    // Archived: nobody new enrols; the member keeps theirs.
    let r = s.owner.post(&format!("/api/v1/membership-plans/{peels}/archive"), &json!({ "archived": true })).await;
    assert_eq!(r.body["archived"], true, "{}", r.text);
    let r = s.desk.post(&format!("/api/v1/patients/{}/memberships", s.patient), &json!({ "planId": peels })).await;
    assert_eq!((r.status, r.body["code"].as_str()), (StatusCode::CONFLICT, Some("plan_archived")));
    assert_eq!(memberships(&s).await[0]["status"], "active");
}

#[tokio::test]
async fn enrolment_sells_through_billing_and_grants_the_credits() {
    let app = TestApp::spawn().await;
    let s = setup(&app).await;
    let peels = plan(&s, package(&s, "Three peels", 3, 365)).await;
    let m = enrol(&s, &peels, json!({})).await;
    assert_eq!(m["planKind"], "package");
    assert_eq!(m["balances"][0]["quantityMilli"], 3000, "{m}");
    assert_eq!(m["entries"][0]["kind"], "grant");
    let invoice = s.desk.get(&format!("/api/v1/invoices/{}", m["saleInvoiceId"].as_str().unwrap())).await;
    assert_eq!(invoice.body["status"], "unpaid", "{}", invoice.text);
    assert_eq!(invoice.body["lines"][0]["kind"], "package");
    assert_eq!(invoice.body["totalCents"], 75_000);

    // At checkout the sale joins the visit's draft instead.
    let draft = s.desk.post("/api/v1/invoices", &json!({ "patientId": s.patient })).await;
    let draft = draft.body["id"].as_str().unwrap().to_owned();
    let club = plan(&s, json!({ "kind": "membership", "name": "Glow club", "priceCents": 9900, "billingInterval": "month",
        "memberDiscountBp": 1000, "discountServices": true, "benefits": [{ "creditKind": "money", "amountCents": 5000 }] })).await;
    let m = enrol(&s, &club, json!({ "invoiceId": draft })).await;
    assert_eq!(m["saleInvoiceId"].as_str(), Some(draft.as_str()));
    let invoice = s.desk.get(&format!("/api/v1/invoices/{draft}")).await;
    assert_eq!((invoice.body["status"].as_str(), invoice.body["totalCents"].as_i64()), (Some("draft"), Some(9900)));
    assert_eq!(invoice.body["lines"][0]["kind"], "membership");

    // Providers read memberships; they don't sell them. The medical director sees nothing.
    let provider = s.c.sign_in(&app, &s.riley_email, crate::helpers::STAFF_PASSWORD).await;
    assert_eq!(provider.get(&format!("/api/v1/patients/{}/memberships", s.patient)).await.status, StatusCode::OK);
    let r = provider.post(&format!("/api/v1/patients/{}/memberships", s.patient), &json!({ "planId": club })).await;
    assert_eq!(r.status, StatusCode::FORBIDDEN);
}

#[tokio::test]
async fn pause_resume_cancel_and_adjust_keep_the_history() {
    let app = long_sessions().await;
    let s = setup(&app).await;
    at(&app, 2027, 1, 10, 10, 0);
    let club = plan(
        &s,
        json!({ "kind": "membership", "name": "Facial club", "priceCents": 12_900, "billingInterval": "month",
        "benefits": [{ "creditKind": "service", "serviceId": s.consult, "quantityMilli": 1000 }] }),
    )
    .await;
    let m = enrol(&s, &club, json!({})).await;
    let id = m["id"].as_str().unwrap().to_owned();
    let path = format!("/api/v1/memberships/{id}");
    assert_eq!(m["nextRenewalOn"], "2027-02-10");

    let too_much = json!({ "creditKind": "service", "serviceId": s.consult, "quantityMilli": -2000, "reason": "Used at the old clinic" });
    let r = s.desk.post(&format!("{path}/adjustments"), &too_much).await;
    assert_eq!((r.status, r.body["code"].as_str()), (StatusCode::CONFLICT, Some("credit_unavailable")), "{}", r.text);
    let no_reason = json!({ "creditKind": "service", "serviceId": s.consult, "quantityMilli": 1000, "reason": " " });
    assert_eq!(s.desk.post(&format!("{path}/adjustments"), &no_reason).await.status, StatusCode::UNPROCESSABLE_ENTITY);
    let goodwill = json!({ "creditKind": "service", "serviceId": s.consult, "quantityMilli": 1000, "reason": "Goodwill: late start" });
    let r = s.desk.post(&format!("{path}/adjustments"), &goodwill).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.text);
    assert_eq!(balance_and_sum(&r.body), (2000, 2000));

    let paused = s.desk.post(&format!("{path}/pause"), &json!({})).await;
    assert_eq!((paused.body["status"].as_str(), paused.body.get("nextRenewalOn")), (Some("paused"), None));
    at(&app, 2027, 3, 2, 9, 0);
    assert_eq!(sweep(&app.state, &s.c.clinic).await.unwrap().periods, 0, "a paused membership is not billed");
    let resumed = s.desk.post(&format!("{path}/resume"), &json!({})).await;
    assert_eq!(
        (resumed.body["status"].as_str(), resumed.body["nextRenewalOn"].as_str()),
        (Some("active"), Some("2027-03-10"))
    );
    let cancelled = s.desk.post(&format!("{path}/cancel"), &json!({ "reason": "Moving away" })).await;
    assert_eq!(cancelled.body["status"], "cancelled", "{}", cancelled.text);
    assert_eq!(cancelled.body["cancellationReason"], "Moving away");
    let again = s.desk.post(&format!("{path}/cancel"), &json!({ "reason": "Twice" })).await;
    assert_eq!((again.status, again.body["code"].as_str()), (StatusCode::CONFLICT, Some("invalid_transition")));
    at(&app, 2027, 3, 11, 9, 0);
    assert_eq!(sweep(&app.state, &s.c.clinic).await.unwrap().periods, 0, "a cancelled membership is not billed");
    let kept = &memberships(&s).await[0];
    let kinds: Vec<&str> = kept["entries"].as_array().unwrap().iter().map(|e| e["kind"].as_str().unwrap()).collect();
    assert_eq!(kinds, ["grant", "adjust", "expire"], "January's credit ran out; the goodwill credit stays: {kept}");
    assert_eq!(balance_and_sum(kept), (1000, 1000));
    let audit = s.owner.get("/api/v1/audit?action=credits.adjusted").await;
    assert_eq!(audit.body["entries"].as_array().unwrap().len(), 1, "{}", audit.text);
    let audit = s.owner.get("/api/v1/audit?action=membership.cancelled").await;
    assert_eq!(audit.body["entries"].as_array().unwrap().len(), 1, "{}", audit.text);
}

#[tokio::test]
async fn renewal_bills_and_grants_each_period_once_however_often_it_runs() {
    let app = long_sessions().await;
    let s = setup(&app).await;
    at(&app, 2027, 1, 31, 15, 0);
    let club = plan(
        &s,
        json!({ "kind": "membership", "name": "Glow club", "priceCents": 9900, "billingInterval": "month",
        "benefits": [{ "creditKind": "money", "amountCents": 5000 }] }),
    )
    .await;
    enrol(&s, &club, json!({})).await;
    // The end of February: its period starts on the 28th (the 31st does not exist).
    at(&app, 2027, 2, 28, 6, 0);
    let runs = join_all((0..4).map(|_| sweep(&app.state, &s.c.clinic))).await;
    let periods: usize = runs.into_iter().map(|r| r.unwrap().periods).sum();
    assert_eq!(periods, 1, "four runs at once bill February once");
    assert_eq!(sweep(&app.state, &s.c.clinic).await.unwrap(), Swept::default(), "and a later run does nothing");
    // Two months later, without a run in between: both periods, each once.
    at(&app, 2027, 4, 30, 6, 0);
    assert_eq!(sweep(&app.state, &s.c.clinic).await.unwrap().periods, 2);
    assert_eq!(sweep(&app.state, &s.c.clinic).await.unwrap().periods, 0);

    let m = &memberships(&s).await[0];
    assert_eq!(m["nextRenewalOn"], "2027-05-31");
    let grants = m["entries"].as_array().unwrap().iter().filter(|e| e["kind"] == "grant").count();
    assert_eq!(grants, 4, "{m}");
    let invoices = s.desk.get(&format!("/api/v1/invoices?patientId={}", s.patient)).await;
    let renewals: Vec<&Value> =
        invoices.body["items"].as_array().unwrap().iter().filter(|i| i["status"] == "unpaid").collect();
    assert_eq!(renewals.len(), 4, "the sale and three renewals: {}", invoices.text);
    assert_eq!(m["overdue"], true, "periods unpaid for over a week");
    let audit = s.owner.get("/api/v1/audit?action=membership.renewed").await;
    assert_eq!(audit.body["entries"].as_array().unwrap().len(), 2, "{}", audit.text);
}

#[tokio::test]
async fn credits_expire_after_their_last_day_in_the_clinics_time_zone_across_a_clock_change() {
    let app = long_sessions().await;
    let s = setup(&app).await;
    // A package bought on 1 March lasting 14 days: its last day is 14 March, the day clocks
    // in Los Angeles go forward.
    at(&app, 2027, 3, 1, 10, 0);
    let peels = plan(&s, package(&s, "Two peels", 2, 14)).await;
    let m = enrol(&s, &peels, json!({})).await;
    assert_eq!(m["expiresOn"], "2027-03-14");
    // A monthly membership from 10 February with a month's rollover: February's credit lasts
    // through 9 April, past the clock change.
    at(&app, 2027, 2, 10, 10, 0);
    let club = plan(&s, json!({ "kind": "membership", "name": "Facial club", "priceCents": 12_900, "billingInterval": "month",
        "creditRolloverMonths": 1, "benefits": [{ "creditKind": "service", "serviceId": s.consult, "quantityMilli": 1000 }] })).await;
    enrol(&s, &club, json!({})).await;

    at(&app, 2027, 3, 14, 23, 30);
    assert_eq!(sweep(&app.state, &s.c.clinic).await.unwrap().expired, 0, "the last day is not over");
    let package_of = |all: &[Value]| all.iter().find(|m| m["planKind"] == "package").unwrap().clone();
    assert_eq!(balance_and_sum(&package_of(&memberships(&s).await)), (2000, 2000));
    at(&app, 2027, 3, 15, 0, 30);
    assert_eq!(sweep(&app.state, &s.c.clinic).await.unwrap().expired, 1);
    assert_eq!(sweep(&app.state, &s.c.clinic).await.unwrap().expired, 0, "expired once");
    let gone = package_of(&memberships(&s).await);
    assert_eq!(balance_and_sum(&gone), (0, 0), "{gone}");
    assert_eq!(gone["entries"][1]["kind"], "expire");

    let club_of = |all: &[Value]| all.iter().find(|m| m["planKind"] == "membership").unwrap().clone();
    at(&app, 2027, 4, 9, 23, 30);
    sweep(&app.state, &s.c.clinic).await.unwrap();
    let m = club_of(&memberships(&s).await);
    let february = m["entries"].as_array().unwrap().iter().filter(|e| e["kind"] == "expire").count();
    assert_eq!(february, 0, "February's credit rolls over through 9 April: {m}");
    at(&app, 2027, 4, 10, 0, 30);
    sweep(&app.state, &s.c.clinic).await.unwrap();
    let m = club_of(&memberships(&s).await);
    let expired: Vec<&Value> = m["entries"].as_array().unwrap().iter().filter(|e| e["kind"] == "expire").collect();
    assert_eq!(expired.len(), 1, "{m}");
    let (available, sum) = balance_and_sum(&m);
    assert_eq!(available, sum, "the balance is the sum of the ledger");
}

#[tokio::test]
async fn twenty_takers_of_the_last_credit_leave_exactly_one_with_it() {
    let app = TestApp::spawn().await;
    let s = setup(&app).await;
    let peels = plan(&s, package(&s, "One peel", 1, 90)).await;
    let m = enrol(&s, &peels, json!({})).await;
    let path = format!("/api/v1/memberships/{}/adjustments", m["id"].as_str().unwrap());
    let take =
        json!({ "creditKind": "service", "serviceId": s.botox, "quantityMilli": -1000, "reason": "Used elsewhere" });
    let replies = join_all((0..20).map(|_| s.desk.post(&path, &take))).await;
    let ok = replies.iter().filter(|r| r.status == StatusCode::OK).count();
    let refused = replies.iter().filter(|r| r.body["code"] == "credit_unavailable").count();
    assert_eq!((ok, refused), (1, 19), "{:?}", replies.iter().map(|r| r.text.clone()).collect::<Vec<_>>());
    assert_eq!(balance_and_sum(&memberships(&s).await[0]), (0, 0));
}

#[tokio::test]
async fn the_ledger_is_append_only_and_no_entry_overdraws_its_grant() {
    let app = TestApp::spawn().await;
    let s = setup(&app).await;
    let peels = plan(&s, package(&s, "Three peels", 3, 365)).await;
    let m = enrol(&s, &peels, json!({})).await;
    let grant = m["entries"][0]["id"].as_str().unwrap().to_owned();
    let uuid = |v: &str| Arg::Uuid(Some(uuid::Uuid::parse_str(v).unwrap()));
    for sql in
        ["update credit_ledger set quantity_milli = 9000 where id = $1", "delete from credit_ledger where id = $1"]
    {
        let mut tx = app.tenant_write(&s.c.clinic).await;
        let err = tx.execute(sql, vec![uuid(&grant)]).await.expect_err(sql);
        assert_eq!(classify(&err), DbFailure::AppendOnly, "{sql}: {err}");
    }
    let mut tx = app.tenant_write(&s.c.clinic).await;
    let err = tx
        .execute(
            "insert into credit_ledger (id, membership_id, patient_id, entry_kind, credit_kind, service_id, quantity_milli, \
             pot_id, created_at) values ($1, $2, $3, 'use', 'service', $4, -4000, $5, $6)",
            vec![
                Arg::Uuid(Some(uuid::Uuid::now_v7())),
                uuid(m["id"].as_str().unwrap()),
                uuid(&s.patient),
                uuid(&s.botox),
                uuid(&grant),
                Arg::Instant(Some(app.now())),
            ],
        )
        .await
        .expect_err("a use of more than the grant holds");
    assert_eq!(classify(&err), DbFailure::CreditOverdrawn, "{err}");
}

#[tokio::test]
async fn the_liability_is_what_unused_credits_were_paid_for() {
    let app = long_sessions().await;
    let s = setup(&app).await;
    at(&app, 2027, 1, 10, 10, 0);
    let peels = plan(&s, package(&s, "Three peels", 3, 365)).await;
    let m = enrol(&s, &peels, json!({})).await;
    let take = json!({ "creditKind": "service", "serviceId": s.botox, "quantityMilli": -1000, "reason": "Used before the move" });
    let r = s.desk.post(&format!("/api/v1/memberships/{}/adjustments", m["id"].as_str().unwrap()), &take).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.text);
    let owner = s.owner.get("/api/v1/memberships/liability").await;
    assert_eq!(owner.status, StatusCode::OK, "{}", owner.text);
    let plan_row =
        owner.body["plans"].as_array().unwrap().iter().find(|p| p["planId"] == peels.as_str()).unwrap().clone();
    assert_eq!(plan_row["members"], 1);
    assert_eq!(plan_row["outstanding"][0]["quantityMilli"], 2000);
    assert_eq!(plan_row["valueCents"], 50_000, "two of three sessions of a $750 package");
    assert_eq!(owner.body["totalValueCents"], 50_000);
    let before = s.owner.get("/api/v1/memberships/liability?on=2027-01-09").await;
    assert_eq!(before.body["totalValueCents"], 0, "{}", before.text);
    assert_eq!(s.desk.get("/api/v1/memberships/liability").await.status, StatusCode::FORBIDDEN);
}

/// Uses `quantity_milli` of the service credit for `appointment`/`invoice`, as checkout does.
async fn use_credit(app: &TestApp, s: &Setup, membership: &str, invoice: Option<&str>) -> Result<(), String> {
    use contour::memberships::{Credit, MembershipId, redeem};
    let id = MembershipId(uuid::Uuid::parse_str(membership).unwrap());
    let service = contour::scheduling::ServiceId(uuid::Uuid::parse_str(&s.botox).unwrap());
    let invoice = invoice.map(|i| contour::billing::InvoiceId(uuid::Uuid::parse_str(i).unwrap()));
    let mut work = contour::auth::system_work(&app.state, &s.c.clinic, "Checkout", None).await.unwrap();
    let paid_for = redeem::PaidFor { appointment: None, invoice };
    let done = work
        .run(
            app.now(),
            None,
            async |op: &mut contour::clinic::ClinicOp<contour::auth::permissions::MembershipsWrite>| {
                redeem::use_credit(op, id, Credit::Service(service), 1000, paid_for).await
            },
        )
        .await;
    match done {
        Ok(_) => work.commit().await.map_err(|e| e.to_string()),
        Err(e) => Err(e.to_string()),
    }
}

#[tokio::test]
async fn twenty_redemptions_of_the_last_credit_give_it_once_and_a_void_gives_it_back() {
    let app = TestApp::spawn().await;
    let s = setup(&app).await;
    let peels = plan(&s, package(&s, "One peel", 1, 90)).await;
    let m = enrol(&s, &peels, json!({})).await;
    let membership = m["id"].as_str().unwrap().to_owned();
    let draft = s.desk.post("/api/v1/invoices", &json!({ "patientId": s.patient })).await;
    let draft = draft.body["id"].as_str().unwrap().to_owned();
    let results = join_all((0..20).map(|_| use_credit(&app, &s, &membership, Some(&draft)))).await;
    assert_eq!(results.iter().filter(|r| r.is_ok()).count(), 1, "{results:?}");
    let used = &memberships(&s).await[0];
    assert_eq!(balance_and_sum(used), (0, 0));
    let the_use = used["entries"].as_array().unwrap().iter().find(|e| e["kind"] == "use").unwrap().clone();
    assert_eq!(the_use["invoiceId"].as_str(), Some(draft.as_str()));

    let r = s
        .desk
        .post(&format!("/api/v1/invoices/{draft}/void"), &json!({ "reason": "Patient left before treatment" }))
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.text);
    let back = &memberships(&s).await[0];
    assert_eq!(balance_and_sum(back), (1000, 1000), "{back}");
    let kinds: Vec<&str> = back["entries"].as_array().unwrap().iter().map(|e| e["kind"].as_str().unwrap()).collect();
    assert_eq!(kinds, ["grant", "use", "reverse"]);
    let audit = s.owner.get("/api/v1/audit?action=credits.returned").await;
    assert_eq!(audit.body["entries"].as_array().unwrap().len(), 1, "{}", audit.text);

    // The patient's timeline shows grants, uses and returns to those who read memberships.
    let timeline = s.desk.get(&format!("/api/v1/patients/{}/timeline", s.patient)).await;
    let credits: Vec<&str> = timeline.body["entries"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|e| e["kind"] == "credit")
        .map(|e| e["entryKind"].as_str().unwrap())
        .collect();
    assert_eq!(credits, ["reverse", "use", "grant"], "{}", timeline.text);
    let md = s.c.as_role(&app, contour::auth::Role::MedicalDirector).await;
    let theirs = md.get(&format!("/api/v1/patients/{}/timeline", s.patient)).await;
    assert!(!theirs.text.contains("\"credit\""), "{}", theirs.text);
}
