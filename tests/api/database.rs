//! What the database itself guarantees, on both backends.

use chrono::Duration;
use contour::args;
use contour::auth::passwords::Password;
use contour::db::{Backend, DbFailure, OverlapOf, classify};
use contour::platform::{NewClinic, NewOwner, Slug, provisioning};
use contour::types::Email;
use uuid::Uuid;

use crate::helpers::{TestApp, backend};

/// Inserts the minimum an appointment needs and returns (patient, provider, service, room).
async fn fixtures(tx: &mut contour::db::ClinicTx, now: chrono::DateTime<chrono::Utc>) -> (Uuid, Uuid, Uuid, Uuid) {
    let (patient, provider, service, room) = (Uuid::now_v7(), Uuid::now_v7(), Uuid::now_v7(), Uuid::now_v7());
    tx.execute(
        "insert into patients (id, first_name, last_name, sort_name, created_at, updated_at) \
         values ($1, 'Test', 'Patient', 'patient test', $2, $2)",
        args![patient, now],
    )
    .await
    .unwrap();
    tx.execute(
        "insert into staff_users (id, email, display_name, role, created_at, updated_at) \
         values ($1, $2, 'Pat Provider', 'provider', $3, $3)",
        args![provider, format!("p{}@example.com", provider.simple()), now],
    )
    .await
    .unwrap();
    tx.execute(
        "insert into services (id, name, name_key, duration_minutes, price_cents, color, created_at, updated_at) \
         values ($1, $2, $2, 30, 0, '#123456', $3, $3)",
        args![service, format!("consult {service}"), now],
    )
    .await
    .unwrap();
    tx.execute(
        "insert into rooms (id, name, name_key, created_at, updated_at) values ($1, $2, $2, $3, $3)",
        args![room, format!("room {room}"), now],
    )
    .await
    .unwrap();
    (patient, provider, service, room)
}

async fn book(
    tx: &mut contour::db::ClinicTx,
    ids: (Uuid, Uuid, Uuid, Option<Uuid>),
    start: chrono::DateTime<chrono::Utc>,
    minutes: i64,
    status: &str,
) -> Result<u64, sqlx::Error> {
    let end = start + Duration::minutes(minutes);
    let cancelled_at = (status == "cancelled").then_some(start);
    tx.execute(
        "insert into appointments (id, patient_id, provider_id, service_id, room_id, starts_at, ends_at, \
         blocked_until, status, source, cancelled_at, created_at, updated_at) \
         values ($1, $2, $3, $4, $5, $6, $7, $7, $8, 'staff', $9, $6, $6)",
        args![Uuid::now_v7(), ids.0, ids.1, ids.2, ids.3, start, end, status, cancelled_at],
    )
    .await
}

#[tokio::test]
async fn overlapping_active_appointments_of_one_provider_or_room_are_refused() {
    let app = TestApp::spawn().await;
    let c = app.create_clinic().await;
    let now = app.now();
    let mut tx = app.tenant_write(&c.clinic).await;
    let (patient, provider, service, room) = fixtures(&mut tx, now).await;
    let (_, provider2, _, _) = fixtures(&mut tx, now).await;
    let start = now + Duration::days(1);
    book(&mut tx, (patient, provider, service, Some(room)), start, 30, "booked").await.unwrap();
    tx.commit().await.unwrap();

    // Same provider, overlapping, another room: refused.
    let mut tx = app.tenant_write(&c.clinic).await;
    let err = book(&mut tx, (patient, provider, service, None), start + Duration::minutes(15), 30, "booked")
        .await
        .unwrap_err();
    assert_eq!(classify(&err), DbFailure::Overlap(OverlapOf::Provider), "{err}");
    drop(tx);

    // Same room, another provider: refused.
    let mut tx = app.tenant_write(&c.clinic).await;
    let err = book(&mut tx, (patient, provider2, service, Some(room)), start + Duration::minutes(29), 30, "confirmed")
        .await
        .unwrap_err();
    assert_eq!(classify(&err), DbFailure::Overlap(OverlapOf::Room), "{err}");
    drop(tx);

    // Back to back is fine; a cancelled one never blocks; neither does a no-show.
    let mut tx = app.tenant_write(&c.clinic).await;
    book(&mut tx, (patient, provider, service, Some(room)), start + Duration::minutes(30), 30, "booked").await.unwrap();
    book(&mut tx, (patient, provider, service, Some(room)), start, 30, "cancelled").await.unwrap();
    book(&mut tx, (patient, provider, service, Some(room)), start, 30, "no_show").await.unwrap();
    tx.commit().await.unwrap();

    // Moving an appointment onto a taken slot is refused too.
    let mut tx = app.tenant_write(&c.clinic).await;
    let err = tx
        .execute(
            "update appointments set starts_at = $1, ends_at = $2, blocked_until = $2, status = 'booked', \
             cancelled_at = null where status = 'cancelled'",
            args![start + Duration::minutes(5), start + Duration::minutes(35)],
        )
        .await
        .unwrap_err();
    assert!(matches!(classify(&err), DbFailure::Overlap(_)), "{err}");
}

#[tokio::test]
async fn audit_rows_cannot_be_changed_or_removed() {
    let app = TestApp::spawn().await;
    let c = app.create_clinic().await;
    let mut tx = app.tenant_write(&c.clinic).await;
    let rows: i64 = tx.fetch_scalar("select count(*) from audit_log", args![]).await.unwrap();
    assert!(rows >= 2, "creating a clinic is audited");
    let err = tx.execute("update audit_log set action = 'auth.logout'", args![]).await.unwrap_err();
    assert_eq!(classify(&err), DbFailure::AppendOnly, "{err}");
    drop(tx);
    let mut tx = app.tenant_write(&c.clinic).await;
    let err = tx.execute("delete from audit_log", args![]).await.unwrap_err();
    assert_eq!(classify(&err), DbFailure::AppendOnly, "{err}");
}

#[tokio::test]
async fn signed_consents_and_signatures_are_append_only() {
    let app = TestApp::spawn().await;
    let c = app.create_clinic().await;
    let now = app.now();
    let mut tx = app.tenant_write(&c.clinic).await;
    let (patient, provider, _, _) = fixtures(&mut tx, now).await;
    let (template, version, consent) = (Uuid::now_v7(), Uuid::now_v7(), Uuid::now_v7());
    let hash = "a".repeat(64);
    tx.execute(
        "insert into consent_templates (id, name, name_key, treatment_kind, created_at, updated_at) \
         values ($1, 'Neurotoxin', 'neurotoxin', 'neurotoxin', $2, $2)",
        args![template, now],
    )
    .await
    .unwrap();
    tx.execute(
        "insert into consent_template_versions (id, template_id, version, title, body, body_sha256, created_at) \
         values ($1, $2, 1, 'Neurotoxin consent', 'I understand...', $3, $4)",
        args![version, template, hash.clone(), now],
    )
    .await
    .unwrap();
    tx.execute(
        "insert into signed_consents (id, patient_id, template_version_id, title, body, body_sha256, \
         signature_strokes, signature_sha256, signer_name, signed_at, witness_id, created_at) \
         values ($1, $2, $3, 't', 'b', $4, $5, $4, 'Test Patient', $6, $7, $6)",
        args![consent, patient, version, hash, serde_json::json!([[1, 2], [3, 4]]), now, provider],
    )
    .await
    .unwrap();
    tx.commit().await.unwrap();
    for sql in [
        "update signed_consents set body = 'changed'",
        "delete from signed_consents",
        "update consent_template_versions set body = 'changed'",
    ] {
        let mut tx = app.tenant_write(&c.clinic).await;
        let err = tx.execute(sql, args![]).await.unwrap_err();
        assert_eq!(classify(&err), DbFailure::AppendOnly, "{sql}: {err}");
    }
}

#[tokio::test]
async fn a_clinic_that_fails_half_way_leaves_nothing_behind() {
    let app = TestApp::spawn().await;
    let slug = format!("t{}", &Uuid::new_v4().simple().to_string()[..10]);
    // The owner's name breaks a database check after the schema is made and migrated.
    let new = NewClinic {
        slug: Slug::parse(&slug).unwrap(),
        name: "Half Way".into(),
        timezone: chrono_tz::UTC,
        owner: NewOwner {
            email: Email::parse("owner@example.com").unwrap(),
            display_name: "x".repeat(500),
            password: Password::parse(crate::helpers::OWNER_PASSWORD).unwrap(),
        },
        is_demo: false,
    };
    assert!(provisioning::create(app.state.dbs(), new, "tests", app.now()).await.is_err());
    let mut tx = app.state.dbs().platform_read().await.unwrap();
    assert!(contour::platform::find_by_slug(&mut tx, &slug).await.unwrap().is_none());
    match backend() {
        Backend::Postgres => {
            let schemas: i64 = tx
                .fetch_scalar(
                    "select count(*) from pg_namespace n where not exists \
                     (select 1 from clinics c where 'clinic_' || replace(c.id::text, '-', '') = n.nspname) \
                     and n.nspname like 'clinic\\_%'",
                    args![],
                )
                .await
                .unwrap();
            assert_eq!(schemas, 0, "an orphaned clinic schema was left behind");
        }
        Backend::Sqlite => {
            let files = std::fs::read_dir(app.dir.path().join("clinics")).unwrap().count();
            assert_eq!(files, 0, "an orphaned clinic file was left behind");
        }
    }
}

#[tokio::test]
async fn migrating_again_changes_nothing() {
    let app = TestApp::spawn().await;
    app.create_clinic().await;
    app.create_clinic().await;
    let report = provisioning::migrate_clinics(app.state.dbs(), app.now()).await.unwrap();
    assert!(report.clinics >= 2);
    assert_eq!(report.migrations_applied, 0);
    assert_eq!(provisioning::migrate_platform(app.state.dbs(), app.now()).await.unwrap(), 0);
}

#[tokio::test]
async fn instants_round_trip_exactly() {
    let app = TestApp::spawn().await;
    let c = app.create_clinic().await;
    let mut tx = app.tenant_write(&c.clinic).await;
    let at = app.now() + Duration::microseconds(123_457);
    tx.execute("update clinic_settings set updated_at = $1", args![at]).await.unwrap();
    let back: chrono::DateTime<chrono::Utc> =
        tx.fetch_scalar("select updated_at from clinic_settings", args![]).await.unwrap();
    assert_eq!(back, at);
    if backend() == Backend::Sqlite {
        let text: String = tx.fetch_scalar("select updated_at from clinic_settings", args![]).await.unwrap();
        assert_eq!(text.len(), 27, "{text}");
    }
}
