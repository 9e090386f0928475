use contour::args;
use contour::demo;
use contour::platform;
use reqwest::StatusCode;

use crate::helpers::TestApp;

const TABLES: &[&str] = &[
    "staff_users",
    "provider_profiles",
    "provider_working_hours",
    "provider_services",
    "provider_time_off",
    "rooms",
    "services",
    "service_rooms",
    "patients",
    "patient_allergies",
    "tags",
    "patient_tags",
    "membership_plans",
    "patient_memberships",
    "credit_ledger",
    "appointments",
    "products",
    "product_lots",
];

fn unique_slug() -> String {
    format!("demo{}", &uuid::Uuid::new_v4().simple().to_string()[..10])
}

async fn counts(app: &TestApp, slug: &str) -> Vec<(String, i64)> {
    let mut tx = app.state.dbs().platform_read().await.unwrap();
    let clinic = platform::find_by_slug(&mut tx, slug).await.unwrap().expect("the demo clinic exists");
    let mut tx = app.tenant_write(&clinic).await;
    let mut out = Vec::new();
    for table in TABLES {
        let sql: &'static str = Box::leak(format!("select count(*) from {table}").into_boxed_str());
        out.push((table.to_string(), tx.fetch_scalar::<i64>(sql, args![]).await.unwrap()));
    }
    out
}

#[tokio::test]
async fn demo_twice_gives_one_clinic_with_the_same_counts() {
    let app = TestApp::spawn().await;
    let slug = unique_slug();
    let first = demo::run_as(&app.state, &slug).await.unwrap();
    let after_first = counts(&app, &slug).await;
    let second = demo::run_as(&app.state, &slug).await.unwrap();
    let after_second = counts(&app, &slug).await;
    assert_eq!(after_first, after_second);
    assert_eq!(first.counts, second.counts);

    let mut tx = app.state.dbs().platform_read().await.unwrap();
    let glows = platform::list(&mut tx).await.unwrap().into_iter().filter(|c| c.slug == slug).count();
    assert_eq!(glows, 1);

    let get = |name: &str| after_first.iter().find(|(t, _)| t == name).map(|(_, n)| *n).unwrap();
    assert_eq!(get("staff_users"), 8);
    assert_eq!(get("rooms"), 4);
    assert!(get("services") >= 10);
    assert_eq!(get("patients"), 80);
    assert!(get("patient_allergies") >= 10);
    assert!(get("patient_tags") >= 40);
    assert!(get("appointments") >= 100);
    // Every clinical product has lots; the two retail products have none.
    assert!(get("product_lots") > get("products") - 2);
    assert!(second.to_string().contains(&format!("http://{slug}.localhost:{}", app.addr.port())));
    assert!(second.to_string().contains("glow-owner-demo"));
}

#[tokio::test]
async fn the_demo_has_every_appointment_status_and_an_expired_lot() {
    let app = TestApp::spawn().await;
    let slug = unique_slug();
    demo::run_as(&app.state, &slug).await.unwrap();
    let mut tx = app.state.dbs().platform_read().await.unwrap();
    let clinic = platform::find_by_slug(&mut tx, &slug).await.unwrap().unwrap();
    let mut tx = app.tenant_write(&clinic).await;
    let statuses: Vec<String> =
        tx.fetch_scalars("select distinct status from appointments order by status", args![]).await.unwrap();
    assert_eq!(statuses, ["booked", "cancelled", "checked_in", "completed", "confirmed", "in_progress", "no_show"]);
    let today = app.now().date_naive();
    let expired: i64 =
        tx.fetch_scalar("select count(*) from product_lots where expires_on < $1", args![today]).await.unwrap();
    assert_eq!(expired, 1);
    let roles: Vec<String> =
        tx.fetch_scalars("select distinct role from staff_users order by role", args![]).await.unwrap();
    assert_eq!(roles, ["billing", "front_desk", "medical_director", "owner", "provider", "read_only"]);
    drop(tx);

    let reply = app.client_for(&app.clinic_host(&slug)).get("/api/v1/clinic").await;
    assert_eq!(reply.status, StatusCode::OK);
    assert_eq!(reply.body["name"], "Glow Aesthetics");
}

#[tokio::test]
async fn the_demo_leaves_a_real_clinic_called_glow_alone() {
    let app = TestApp::spawn().await;
    let slug = unique_slug();
    let new = platform::NewClinic::parse(
        &slug,
        "A Real Glow",
        "UTC",
        "owner@real-glow.example",
        "Real Owner",
        crate::helpers::OWNER_PASSWORD,
    )
    .unwrap();
    platform::provisioning::create(app.state.dbs(), new, "tests", app.now()).await.unwrap();
    let err = demo::run_as(&app.state, &slug).await.unwrap_err();
    assert!(err.to_string().contains("not the demo clinic"), "{err}");
}

#[tokio::test]
async fn the_demo_has_plans_and_members_with_histories() {
    let app = TestApp::spawn().await;
    let slug = unique_slug();
    demo::run_as(&app.state, &slug).await.unwrap();
    let mut tx = app.state.dbs().platform_read().await.unwrap();
    let clinic = platform::find_by_slug(&mut tx, &slug).await.unwrap().unwrap();
    let mut tx = app.tenant_write(&clinic).await;
    let kinds: Vec<String> =
        tx.fetch_scalars("select distinct entry_kind from credit_ledger order by entry_kind", args![]).await.unwrap();
    assert_eq!(kinds, ["adjust", "expire", "grant", "use"]);
    let statuses: Vec<String> =
        tx.fetch_scalars("select distinct status from patient_memberships order by status", args![]).await.unwrap();
    assert_eq!(statuses, ["active", "cancelled", "paused"]);
    let archived: i64 =
        tx.fetch_scalar("select count(*) from membership_plans where archived_at is not null", args![]).await.unwrap();
    assert_eq!(archived, 1);
    let units: i64 = tx
        .fetch_scalar("select count(*) from credit_ledger where credit_kind = 'units' and entry_kind = 'use'", args![])
        .await
        .unwrap();
    assert_eq!(units, 1, "the unit bank was drawn from");
}
