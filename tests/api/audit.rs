use contour::args;
use contour::auth::Role;
use contour::db::Backend;
use reqwest::StatusCode;
use serde_json::json;

use crate::helpers::{TestApp, TestClinic, backend};

#[tokio::test]
async fn the_audit_log_is_filtered_and_paged_newest_first() {
    let app = TestApp::spawn().await;
    let c = app.create_clinic().await;
    let owner = c.owner(&app).await;
    for i in 0..5 {
        owner.post("/api/v1/api-tokens", &json!({ "name": format!("t{i}"), "role": "read_only" })).await;
    }
    let page = owner.get("/api/v1/audit?action=api_token.created&limit=2").await;
    assert_eq!(page.status, StatusCode::OK);
    let entries = page.body["entries"].as_array().unwrap();
    assert_eq!(entries.len(), 2);
    assert!(entries[0]["occurredAt"].as_str() >= entries[1]["occurredAt"].as_str());
    let mut seen = entries.len();
    let mut cursor = page.body["nextCursor"].as_str().map(str::to_owned);
    while let Some(c) = cursor {
        let next = owner.get(&format!("/api/v1/audit?action=api_token.created&limit=2&cursor={c}")).await;
        seen += next.body["entries"].as_array().unwrap().len();
        cursor = next.body["nextCursor"].as_str().map(str::to_owned);
    }
    assert_eq!(seen, 5);

    let me = owner.user_id.clone().unwrap();
    let mine = owner.get(&format!("/api/v1/audit?userId={me}")).await;
    assert!(mine.body["entries"].as_array().unwrap().iter().all(|e| e["actorId"] == me.as_str()));
    let future = (app.now() + chrono::Duration::days(1)).to_rfc3339_opts(chrono::SecondsFormat::Secs, true);
    let none = owner.get(&format!("/api/v1/audit?from={future}")).await;
    assert_eq!(none.body["entries"].as_array().unwrap().len(), 0);
    assert!(none.body["nextCursor"].is_null());
    assert_eq!(owner.get("/api/v1/audit?limit=0").await.code(), "validation_failed");
    assert_eq!(owner.get("/api/v1/audit?action=made.up").await.code(), "invalid_parameter");

    let md = c.as_role(&app, Role::MedicalDirector).await;
    assert_eq!(md.get("/api/v1/audit").await.status, StatusCode::OK);
}

#[tokio::test]
async fn refusals_are_audited() {
    let app = TestApp::spawn().await;
    let c = app.create_clinic().await;
    let desk = c.as_role(&app, Role::FrontDesk).await;
    assert_eq!(desk.get("/api/v1/staff").await.status, StatusCode::FORBIDDEN);
    let owner = c.owner(&app).await;
    let log = owner.get("/api/v1/audit?action=auth.permission_denied").await;
    let entry = &log.body["entries"][0];
    assert_eq!(entry["outcome"], "denied");
    assert_eq!(entry["actorRole"], "front_desk");
    assert_eq!(entry["details"]["permission"], "staff:read");
    assert_eq!(entry["details"]["path"], "/api/v1/staff");
    assert!(entry["requestId"].as_str().is_some_and(|id| id.len() == 32));
}

/// Runs `contour audit verify` against the test's database; returns (exit code, stderr).
fn verify_cli(app: &TestApp, slug: &str) -> (i32, String) {
    let mut cmd = std::process::Command::new(env!("CARGO_BIN_EXE_contour"));
    cmd.args(["audit", "verify", "--clinic", slug]).env("CONTOUR_DATA_DIR", app.dir.path()).env("CONTOUR_LOG", "error");
    match &app.state.config.database_url {
        Some(url) => cmd.env("CONTOUR_DATABASE_URL", url),
        None => cmd.env_remove("CONTOUR_DATABASE_URL"),
    };
    let out = cmd.output().unwrap();
    (
        out.status.code().unwrap_or(-1),
        format!("{}{}", String::from_utf8_lossy(&out.stdout), String::from_utf8_lossy(&out.stderr)),
    )
}

async fn chained_clinic(app: &TestApp) -> (TestClinic, Vec<i64>) {
    let c = app.create_clinic().await;
    let owner = c.owner(app).await;
    for i in 0..4 {
        owner.post("/api/v1/api-tokens", &json!({ "name": format!("t{i}"), "role": "read_only" })).await;
    }
    let mut tx = app.tenant_write(&c.clinic).await;
    let seqs: Vec<i64> = tx.fetch_scalars("select seq from audit_log order by seq", args![]).await.unwrap();
    assert!(seqs.len() >= 6);
    // Tampering needs the append-only triggers out of the way first.
    let drop_triggers = match backend() {
        Backend::Postgres => "drop trigger audit_log_append_only on audit_log",
        Backend::Sqlite => "drop trigger audit_log_no_update; drop trigger audit_log_no_delete",
    };
    tx.execute_script(drop_triggers).await.unwrap();
    tx.commit().await.unwrap();
    (c, seqs)
}

#[tokio::test]
async fn audit_verify_passes_an_untouched_chain() {
    let app = TestApp::spawn().await;
    let (c, seqs) = chained_clinic(&app).await;
    let (code, out) = verify_cli(&app, &c.clinic.slug);
    assert_eq!(code, 0, "{out}");
    assert!(out.contains(&format!("{} row(s), chain intact", seqs.len())), "{out}");
}

#[tokio::test]
async fn audit_verify_catches_an_edited_row() {
    let app = TestApp::spawn().await;
    let (c, seqs) = chained_clinic(&app).await;
    let mut tx = app.tenant_write(&c.clinic).await;
    tx.execute("update audit_log set actor_name = 'Someone Else' where seq = $1", args![seqs[3]]).await.unwrap();
    tx.commit().await.unwrap();
    let (code, out) = verify_cli(&app, &c.clinic.slug);
    assert_eq!(code, 1, "{out}");
    assert!(out.contains(&format!("broken at row {}", seqs[3])) && out.contains("edited"), "{out}");
}

#[tokio::test]
async fn audit_verify_catches_a_deleted_row() {
    let app = TestApp::spawn().await;
    let (c, seqs) = chained_clinic(&app).await;
    let mut tx = app.tenant_write(&c.clinic).await;
    tx.execute("delete from audit_log where seq = $1", args![seqs[2]]).await.unwrap();
    tx.commit().await.unwrap();
    let (code, out) = verify_cli(&app, &c.clinic.slug);
    assert_eq!(code, 1, "{out}");
    assert!(out.contains(&format!("broken at row {}", seqs[3])) && out.contains("removed"), "{out}");
}

#[derive(sqlx::FromRow, Clone)]
struct FullRow {
    id: uuid::Uuid,
    occurred_at: chrono::DateTime<chrono::Utc>,
    actor_name: Option<String>,
    action: String,
    entity_id: Option<uuid::Uuid>,
    details: sqlx::types::Json<serde_json::Value>,
    prev_hash: String,
    hash: String,
}

#[tokio::test]
async fn audit_verify_catches_reordered_rows() {
    let app = TestApp::spawn().await;
    let (c, seqs) = chained_clinic(&app).await;
    let (a, b) = (seqs[2], seqs[4]);
    let mut tx = app.tenant_write(&c.clinic).await;
    let select =
        "select id, occurred_at, actor_name, action, entity_id, details, prev_hash, hash from audit_log where seq = $1";
    let row_a: FullRow = tx.fetch_one(select, args![a]).await.unwrap();
    let row_b: FullRow = tx.fetch_one(select, args![b]).await.unwrap();
    // Swap the two rows' content, leaving their positions; ids and hashes are unique, so park
    // row a's under temporary values first.
    tx.execute(
        "update audit_log set id = $2, hash = $3 where seq = $1",
        args![a, uuid::Uuid::now_v7(), "0".repeat(64)],
    )
    .await
    .unwrap();
    for (seq, r) in [(b, &row_a), (a, &row_b)] {
        tx.execute(
            "update audit_log set id = $2, occurred_at = $3, actor_name = $4, action = $5, entity_id = $6, \
             details = $7, prev_hash = $8, hash = $9 where seq = $1",
            args![
                seq,
                r.id,
                r.occurred_at,
                r.actor_name.clone(),
                r.action.clone(),
                r.entity_id,
                r.details.0.clone(),
                r.prev_hash.clone(),
                r.hash.clone()
            ],
        )
        .await
        .unwrap();
    }
    tx.commit().await.unwrap();
    let (code, out) = verify_cli(&app, &c.clinic.slug);
    assert_eq!(code, 1, "{out}");
    assert!(out.contains(&format!("broken at row {a}")), "{out}");
}
