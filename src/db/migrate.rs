//! Forward-only migrations, embedded in the binary. Each database (the platform's and every
//! clinic's) keeps its own `_migrations` table. Postgres and SQLite folders hold the same
//! versions under the same names; `tests::folders_pair_up` holds them to that.

use chrono::{DateTime, Utc};
use sha2::{Digest, Sha256};
use thiserror::Error;

use super::{Backend, Scope, Tx};
use crate::args;

#[derive(Debug)]
pub struct Migration {
    pub stem: &'static str,
    pub postgres: &'static str,
    pub sqlite: &'static str,
}

impl Migration {
    pub fn version(&self) -> i64 {
        self.stem.split('_').next().and_then(|v| v.parse().ok()).unwrap_or(0)
    }

    fn script(&self, backend: Backend) -> &'static str {
        match backend {
            Backend::Postgres => self.postgres,
            Backend::Sqlite => self.sqlite,
        }
    }

    fn checksum(&self, backend: Backend) -> String {
        hex::encode(Sha256::digest(self.script(backend).as_bytes()))
    }
}

macro_rules! migrations {
    ($dir:literal: $($stem:literal),+ $(,)?) => {
        &[$(Migration {
            stem: $stem,
            postgres: include_str!(concat!("../../", $dir, "/postgres/", $stem, ".sql")),
            sqlite: include_str!(concat!("../../", $dir, "/sqlite/", $stem, ".sql")),
        }),+]
    };
}

pub static PLATFORM: &[Migration] = migrations!("platform_migrations": "0001_platform");

pub static TENANT: &[Migration] = migrations!("tenant_migrations":
    "0001_staff_and_access",
    "0002_patients",
    "0003_scheduling",
    "0004_clinical_records",
    "0005_consents",
    "0006_billing",
    "0007_memberships",
    "0008_audit_log",
    "0009_visit_lock",
    "0010_consent_flow",
    "0011_billing_flow",
    "0012_invoice_day_totals",
    "0013_membership_flow",
);

#[derive(Debug, Error)]
pub enum MigrateError {
    #[error("migration {0} was changed after it was applied")]
    Changed(String),
    #[error("the database has migration {0}, which this build does not know; is it older?")]
    Unknown(i64),
    #[error("migration {stem} failed: {source}")]
    Failed { stem: &'static str, source: sqlx::Error },
    #[error(transparent)]
    Db(#[from] sqlx::Error),
}

#[derive(sqlx::FromRow)]
struct Applied {
    version: i64,
    checksum: String,
}

/// Applies what is missing of `set` inside `tx` (which the caller has pointed at the right
/// schema or file and will commit). Returns how many migrations ran.
pub async fn apply<S: Scope>(
    tx: &mut Tx<S>,
    set: &'static [Migration],
    now: DateTime<Utc>,
) -> Result<usize, MigrateError> {
    let backend = tx.backend();
    tx.execute_script(super::Sql::each(
        "create table if not exists _migrations (
            version bigint primary key, name text not null, checksum text not null,
            applied_at timestamptz not null)",
        "create table if not exists _migrations (
            version integer primary key, name text not null, checksum text not null,
            applied_at text not null) strict",
    ))
    .await?;
    let applied: Vec<Applied> =
        tx.fetch_all("select version, checksum from _migrations order by version", args![]).await?;
    for row in &applied {
        let known = set.iter().find(|m| m.version() == row.version).ok_or(MigrateError::Unknown(row.version))?;
        if known.checksum(backend) != row.checksum {
            return Err(MigrateError::Changed(known.stem.to_owned()));
        }
    }
    let mut ran = 0;
    for migration in set.iter().filter(|m| applied.iter().all(|a| a.version != m.version())) {
        let script = super::Sql::from(migration.script(backend));
        tx.execute_script(script).await.map_err(|source| MigrateError::Failed { stem: migration.stem, source })?;
        tx.execute(
            "insert into _migrations (version, name, checksum, applied_at) values ($1, $2, $3, $4)",
            args![migration.version(), migration.stem, migration.checksum(backend), now],
        )
        .await?;
        ran += 1;
    }
    Ok(ran)
}

pub fn latest(set: &[Migration]) -> i64 {
    set.iter().map(Migration::version).max().unwrap_or(0)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::BTreeSet;
    use std::path::Path;

    fn stems(dir: &Path) -> BTreeSet<String> {
        std::fs::read_dir(dir)
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .map(|name| name.strip_suffix(".sql").unwrap_or_else(|| panic!("{name} is not a .sql file")).to_owned())
            .collect()
    }

    /// Both folders hold the same versions with the same names, every file is embedded, and
    /// versions increase one by one.
    #[test]
    fn folders_pair_up() {
        let root = Path::new(env!("CARGO_MANIFEST_DIR"));
        for (dir, set) in [("tenant_migrations", TENANT), ("platform_migrations", PLATFORM)] {
            let pg = stems(&root.join(dir).join("postgres"));
            let lite = stems(&root.join(dir).join("sqlite"));
            assert_eq!(pg, lite, "{dir}: postgres/ and sqlite/ must hold the same migrations");
            let embedded: BTreeSet<String> = set.iter().map(|m| m.stem.to_owned()).collect();
            assert_eq!(pg, embedded, "{dir}: every migration file must be listed in db/migrate.rs");
            for (i, m) in set.iter().enumerate() {
                assert_eq!(m.version(), i as i64 + 1, "{dir}: {} is out of sequence", m.stem);
                assert!(!m.postgres.trim().is_empty() && !m.sqlite.trim().is_empty());
            }
        }
    }
}
