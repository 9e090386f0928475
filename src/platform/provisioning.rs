//! Creating, suspending and resuming clinics.
//!
//! Creating a clinic is all or nothing. On Postgres one transaction inserts the platform row,
//! creates the schema, migrates it and adds the first owner. On SQLite the clinic's file is made
//! and migrated first and the platform row written last; if anything fails the file is removed.

use std::path::Path;

use chrono::{DateTime, Utc};
use chrono_tz::Tz;
use serde_json::json;

use super::model::{Clinic, ClinicId, ClinicStatus, Slug};
use super::repo;
use crate::audit::{self, Actor, AuditAction, AuditEntry};
use crate::auth::passwords::{self, Password};
use crate::auth::{Role, sessions};
use crate::db::migrate::{self, TENANT};
use crate::db::{Backend, ClinicTx, Databases, DbFailure, OnPlatform, PlatformTx, classify};
use crate::http::FieldProblem;
use crate::staff::{self, NewStaff};
use crate::types::Email;

/// A clinic to create, already checked.
#[derive(Debug, Clone)]
pub struct NewClinic {
    pub slug: Slug,
    pub name: String,
    pub timezone: Tz,
    pub owner: NewOwner,
    pub is_demo: bool,
}

#[derive(Debug, Clone)]
pub struct NewOwner {
    pub email: Email,
    pub display_name: String,
    pub password: Password,
}

impl NewClinic {
    /// Checks raw input (from the CLI or the platform API), naming every bad field.
    pub fn parse(
        slug: &str,
        name: &str,
        timezone: &str,
        owner_email: &str,
        owner_name: &str,
        owner_password: &str,
    ) -> Result<Self, Vec<FieldProblem>> {
        let mut problems = Vec::new();
        let slug = Slug::parse(slug).map_err(|e| problems.push(FieldProblem::new("slug", "invalid", e.to_string())));
        let name = name.trim();
        if name.is_empty() || name.chars().count() > 120 {
            problems.push(FieldProblem::new("name", "invalid", "Give the clinic a name of up to 120 characters."));
        }
        let timezone = timezone.trim().parse::<Tz>().map_err(|_| {
            problems.push(FieldProblem::new(
                "timezone",
                "invalid",
                "Use an IANA time zone such as America/Los_Angeles.",
            ))
        });
        let email = Email::parse(owner_email)
            .ok_or_else(|| problems.push(FieldProblem::new("ownerEmail", "invalid", "Enter a valid email address.")));
        let owner_name = owner_name.trim();
        if owner_name.is_empty() || owner_name.chars().count() > 120 {
            problems.push(FieldProblem::new("ownerName", "invalid", "Give the owner a name of up to 120 characters."));
        }
        let password = Password::parse(owner_password)
            .map_err(|e| problems.push(FieldProblem::new("ownerPassword", "invalid", e.to_string())));
        match (slug, timezone, email, password) {
            (Ok(slug), Ok(timezone), Ok(email), Ok(password)) if problems.is_empty() => Ok(NewClinic {
                slug,
                name: name.to_owned(),
                timezone,
                owner: NewOwner { email, display_name: owner_name.to_owned(), password },
                is_demo: false,
            }),
            _ => Err(problems),
        }
    }
}

#[derive(Debug, thiserror::Error)]
pub enum ProvisionError {
    #[error("a clinic with that address already exists")]
    SlugTaken,
    #[error("no such clinic")]
    NotFound,
    #[error(transparent)]
    Failed(#[from] anyhow::Error),
}

impl From<sqlx::Error> for ProvisionError {
    fn from(err: sqlx::Error) -> Self {
        ProvisionError::Failed(err.into())
    }
}

impl From<migrate::MigrateError> for ProvisionError {
    fn from(err: migrate::MigrateError) -> Self {
        ProvisionError::Failed(err.into())
    }
}

/// Who is provisioning, for the platform's event log.
pub fn actor_label_cli() -> &'static str {
    "command line"
}

pub async fn create(
    dbs: &Databases,
    new: NewClinic,
    actor_label: &str,
    now: DateTime<Utc>,
) -> Result<Clinic, ProvisionError> {
    let password_hash = passwords::hash(&new.owner.password).await?;
    {
        let mut tx = dbs.platform_read().await?;
        if repo::find_by_slug(&mut tx, new.slug.as_str()).await?.is_some() {
            return Err(ProvisionError::SlugTaken);
        }
    }
    let clinic = Clinic {
        id: ClinicId::generate(),
        slug: new.slug.as_str().to_owned(),
        name: new.name.clone(),
        timezone: new.timezone.name().to_owned(),
        status: ClinicStatus::Active,
        is_demo: new.is_demo,
        suspended_at: None,
        created_at: now,
    };
    let result = async {
        let mut tx = fresh_store(dbs, clinic.id).await?;
        migrate::apply(&mut tx, TENANT, now).await?;
        initialize(&mut tx, &clinic, &new.owner, password_hash, now).await?;
        match dbs.backend() {
            Backend::Postgres => {
                // One transaction builds the schema and registers it, so a clinic is never half made.
                tx.execute_trusted("set local search_path to platform".into()).await?;
                let mut ptx = tx.rescope::<OnPlatform>();
                register(&mut ptx, &clinic, actor_label, now).await?;
                ptx.commit().await?;
            }
            Backend::Sqlite => {
                tx.commit().await?;
                let mut ptx = dbs.platform_write().await?;
                register(&mut ptx, &clinic, actor_label, now).await?;
                ptx.commit().await?;
            }
        }
        Ok::<_, ProvisionError>(())
    }
    .await;
    if let Err(err) = result {
        discard_sqlite_store(dbs, clinic.id).await;
        return Err(err);
    }
    tracing::info!(clinic_id = %clinic.id, slug = %clinic.slug, "clinic created");
    Ok(clinic)
}

async fn register(
    tx: &mut PlatformTx,
    clinic: &Clinic,
    actor_label: &str,
    now: DateTime<Utc>,
) -> Result<(), ProvisionError> {
    repo::insert(tx, clinic).await.map_err(|e| match classify(&e) {
        DbFailure::Unique(_) => ProvisionError::SlugTaken,
        _ => e.into(),
    })?;
    repo::record_event(tx, actor_label, "clinic.created", clinic.id, json!({ "slug": clinic.slug }), now).await?;
    Ok(())
}

/// An empty, un-migrated store for a clinic, inside an open transaction: on Postgres a new
/// schema (the transaction's search_path points at it), on SQLite a new file.
async fn fresh_store(dbs: &Databases, clinic: ClinicId) -> Result<ClinicTx, ProvisionError> {
    match dbs.backend() {
        Backend::Postgres => {
            let pool = dbs.postgres_pool().ok_or_else(|| anyhow::anyhow!("no Postgres pool"))?;
            let mut tx = crate::db::begin_postgres_raw(pool).await?;
            let schema = crate::db::schema_name(clinic.0);
            tx.execute_trusted(format!(
                "drop schema if exists {schema} cascade; create schema {schema}; set local search_path to {schema}"
            ))
            .await?;
            Ok(tx)
        }
        Backend::Sqlite => {
            discard_sqlite_store(dbs, clinic).await;
            let pool = dbs.open_clinic_file(clinic.0, true).await?;
            Ok(crate::db::begin_sqlite_immediate(&pool).await?)
        }
    }
}

/// Removes a clinic's SQLite file (and its WAL companions). Only ever used on a store that was
/// never handed out, or on the demo clinic when it is rebuilt.
async fn discard_sqlite_store(dbs: &Databases, clinic: ClinicId) {
    let Some(path) = dbs.clinic_file(clinic.0) else { return };
    dbs.forget_clinic(clinic.0).await;
    for suffix in ["", "-wal", "-shm", "-journal"] {
        let file = format!("{}{suffix}", path.display());
        if Path::new(&file).exists()
            && let Err(err) = std::fs::remove_file(&file)
        {
            tracing::warn!(error = %err, "could not remove a clinic file");
        }
    }
}

/// What every new clinic starts with: its settings row and its first owner.
async fn initialize(
    tx: &mut ClinicTx,
    clinic: &Clinic,
    owner: &NewOwner,
    password_hash: String,
    now: DateTime<Utc>,
) -> Result<(), ProvisionError> {
    tx.execute(
        "insert into clinic_settings (singleton, created_at, updated_at) values (true, $1, $1)",
        crate::args![now],
    )
    .await?;
    let user = staff::insert(
        tx,
        NewStaff {
            email: owner.email.clone(),
            display_name: owner.display_name.clone(),
            role: Role::Owner,
            credentials: None,
            password_hash: Some(password_hash),
            must_change_password: false,
        },
        now,
    )
    .await
    .map_err(|e| ProvisionError::Failed(e.into()))?;
    audit::append(
        tx,
        clinic.id,
        AuditEntry::new(AuditAction::ClinicCreated, Actor::system()).entity("clinic", clinic.id.0),
        now,
    )
    .await?;
    audit::append(
        tx,
        clinic.id,
        AuditEntry::new(AuditAction::StaffCreated, Actor::system())
            .entity("staff_user", user.id.0)
            .details(json!({ "role": Role::Owner.as_str() })),
        now,
    )
    .await?;
    Ok(())
}

/// Rebuilds the demo clinic's store from nothing and returns the open transaction, migrated and
/// with its owner, for the demo seeder to fill and commit. Refuses any clinic not marked demo.
pub async fn rebuild_demo_store(
    dbs: &Databases,
    clinic: &Clinic,
    owner: &NewOwner,
    now: DateTime<Utc>,
) -> Result<ClinicTx, ProvisionError> {
    if !clinic.is_demo {
        return Err(ProvisionError::Failed(anyhow::anyhow!(
            "clinic {} is not a demo clinic; refusing to rebuild it",
            clinic.slug
        )));
    }
    let password_hash = passwords::hash(&owner.password).await?;
    let mut tx = fresh_store(dbs, clinic.id).await?;
    migrate::apply(&mut tx, TENANT, now).await?;
    initialize(&mut tx, clinic, owner, password_hash, now).await?;
    Ok(tx)
}

/// Suspends or resumes a clinic. The platform row changes first, so the host stops answering
/// even if what follows fails. Suspending ends every session at once; resuming ends any that
/// servers with a stale view of the clinic let in meanwhile. The host answers 404 from the next
/// request on this server (others within the tenant cache's lifetime).
pub async fn set_status(
    dbs: &Databases,
    tenants: &super::tenancy::TenantDirectory,
    slug: &str,
    status: ClinicStatus,
    actor_label: &str,
    now: DateTime<Utc>,
) -> Result<Clinic, ProvisionError> {
    let mut ptx = dbs.platform_write().await?;
    let mut clinic = repo::find_by_slug(&mut ptx, slug).await?.ok_or(ProvisionError::NotFound)?;
    if clinic.status == status {
        ptx.rollback().await?;
        tenants.forget(&clinic.slug).await;
        return Ok(clinic);
    }
    repo::set_status(&mut ptx, clinic.id, status, now).await?;
    let action = match status {
        ClinicStatus::Suspended => "clinic.suspended",
        ClinicStatus::Active => "clinic.resumed",
    };
    repo::record_event(&mut ptx, actor_label, action, clinic.id, json!({}), now).await?;
    ptx.commit().await?;
    tenants.forget(&clinic.slug).await;

    let mut tx = dbs.tenant(clinic.id.0).write().await?;
    sessions::end_all(&mut tx, sessions::EndReason::ClinicSuspended, now).await?;
    let audit_action = match status {
        ClinicStatus::Suspended => AuditAction::ClinicSuspended,
        ClinicStatus::Active => AuditAction::ClinicResumed,
    };
    audit::append(&mut tx, clinic.id, AuditEntry::new(audit_action, Actor::system()), now).await?;
    tx.commit().await?;
    clinic.status = status;
    clinic.suspended_at = (status == ClinicStatus::Suspended).then_some(now);
    Ok(clinic)
}

/// Brings the platform schema up to date. Safe to run from several processes at once.
pub async fn migrate_platform(dbs: &Databases, now: DateTime<Utc>) -> anyhow::Result<usize> {
    let mut tx = match dbs.postgres_pool() {
        Some(pool) => {
            let mut tx = crate::db::begin_postgres_raw(pool).await?;
            tx.lock("contour:platform-migrations").await?;
            tx.execute_trusted("create schema if not exists platform; set local search_path to platform".into())
                .await?;
            tx
        }
        None => dbs.platform_write().await?,
    };
    let ran = migrate::apply(&mut tx, migrate::PLATFORM, now).await?;
    tx.commit().await?;
    Ok(ran)
}

#[derive(Debug, Default)]
pub struct MigrationReport {
    pub clinics: usize,
    pub migrations_applied: usize,
}

/// Brings every clinic (suspended ones too) up to date, one transaction per clinic.
pub async fn migrate_clinics(dbs: &Databases, now: DateTime<Utc>) -> anyhow::Result<MigrationReport> {
    let clinics = {
        let mut tx = dbs.platform_read().await?;
        repo::list(&mut tx).await?
    };
    let mut report = MigrationReport::default();
    for clinic in clinics {
        let mut tx = match dbs.postgres_pool() {
            Some(pool) => {
                let mut tx = crate::db::begin_postgres_in_schema(pool, clinic.id.0).await?;
                tx.lock("migrations").await?;
                tx
            }
            None => dbs.tenant(clinic.id.0).write().await?,
        };
        let ran =
            migrate::apply(&mut tx, TENANT, now).await.map_err(|e| anyhow::anyhow!("clinic {}: {e}", clinic.slug))?;
        tx.commit().await?;
        report.clinics += 1;
        report.migrations_applied += ran;
    }
    Ok(report)
}
