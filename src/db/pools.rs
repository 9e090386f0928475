use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::Duration;

use anyhow::Context;
use sqlx::postgres::{PgConnectOptions, PgPoolOptions};
use sqlx::sqlite::{SqliteConnectOptions, SqliteJournalMode, SqlitePoolOptions, SqliteSynchronous};
use sqlx::{AssertSqlSafe, Executor, PgPool, SqlitePool};
use uuid::Uuid;

use super::{Backend, ClinicTx, PlatformTx, Scope, Tx};
use crate::config::Config;

/// The platform database and every clinic's, on one backend.
#[derive(Clone)]
pub struct Databases {
    inner: Arc<Inner>,
}

enum Inner {
    Postgres(PgPool),
    Sqlite(SqliteDbs),
}

struct SqliteDbs {
    platform: SqlitePool,
    clinics_dir: PathBuf,
    max_connections: u32,
    /// Small pools for the clinics in use; idle ones are dropped (which closes their files).
    pools: moka::future::Cache<Uuid, SqlitePool>,
}

/// A clinic's schema name: built from its id, never from input.
pub fn schema_name(clinic: Uuid) -> String {
    format!("clinic_{}", clinic.simple())
}

impl Databases {
    pub async fn connect(config: &Config) -> anyhow::Result<Self> {
        let inner = match &config.database_url {
            Some(url) => {
                let options: PgConnectOptions = url.parse().context("parsing the Postgres URL")?;
                let pool = PgPoolOptions::new()
                    .max_connections(config.db_max_connections)
                    .acquire_timeout(Duration::from_secs(10))
                    .idle_timeout(Duration::from_secs(300))
                    // Connections that touched many clinics hold a large catalog cache.
                    .max_lifetime(Duration::from_secs(1800))
                    // Clinic transactions set search_path with SET LOCAL, which ends with the
                    // transaction; this is the backstop should anything ever set it for a session.
                    .after_release(|conn, _meta| {
                        Box::pin(async move {
                            conn.execute("reset search_path").await?;
                            Ok(true)
                        })
                    })
                    .connect_with(options)
                    .await
                    .context("connecting to Postgres")?;
                Inner::Postgres(pool)
            }
            None => {
                let clinics_dir = config.data_dir.join("clinics");
                std::fs::create_dir_all(&clinics_dir).with_context(|| format!("creating {}", clinics_dir.display()))?;
                let platform = sqlite_pool(&config.data_dir.join("platform.sqlite"), true, 4).await?;
                Inner::Sqlite(SqliteDbs {
                    platform,
                    clinics_dir,
                    max_connections: config.db_max_connections.min(8),
                    pools: moka::future::Cache::builder()
                        .max_capacity(512)
                        .time_to_idle(Duration::from_secs(600))
                        .build(),
                })
            }
        };
        Ok(Self { inner: Arc::new(inner) })
    }

    pub fn backend(&self) -> Backend {
        match &*self.inner {
            Inner::Postgres(_) => Backend::Postgres,
            Inner::Sqlite(_) => Backend::Sqlite,
        }
    }

    pub fn tenant(&self, clinic: Uuid) -> TenantDb {
        TenantDb { dbs: self.clone(), clinic }
    }

    /// A platform transaction for reading.
    pub async fn platform_read(&self) -> Result<PlatformTx, sqlx::Error> {
        match &*self.inner {
            Inner::Postgres(pool) => {
                Ok(Tx::postgres(pool.begin_with("begin; set local search_path to platform").await?))
            }
            Inner::Sqlite(s) => Ok(Tx::sqlite(s.platform.begin().await?)),
        }
    }

    /// A platform transaction that will write.
    pub async fn platform_write(&self) -> Result<PlatformTx, sqlx::Error> {
        match &*self.inner {
            Inner::Postgres(_) => self.platform_read().await,
            Inner::Sqlite(s) => Ok(Tx::sqlite(s.platform.begin_with("begin immediate").await?)),
        }
    }

    /// Is the database reachable?
    pub async fn ping(&self) -> Result<(), sqlx::Error> {
        let mut tx = self.platform_read().await?;
        tx.fetch_scalar::<i64>("select count(*) from clinics where 1 = 0", vec![]).await?;
        tx.rollback().await
    }

    pub(crate) fn postgres_pool(&self) -> Option<&PgPool> {
        match &*self.inner {
            Inner::Postgres(pool) => Some(pool),
            Inner::Sqlite(_) => None,
        }
    }

    pub(crate) fn clinic_file(&self, clinic: Uuid) -> Option<PathBuf> {
        match &*self.inner {
            Inner::Postgres(_) => None,
            Inner::Sqlite(s) => Some(s.clinics_dir.join(format!("{clinic}.sqlite"))),
        }
    }

    /// Opens (creating when asked) a clinic's SQLite file outside the pool cache: provisioning
    /// uses it before the clinic exists.
    pub(crate) async fn open_clinic_file(&self, clinic: Uuid, create: bool) -> anyhow::Result<SqlitePool> {
        let path = self.clinic_file(clinic).context("not a SQLite installation")?;
        let max = match &*self.inner {
            Inner::Sqlite(s) => s.max_connections,
            Inner::Postgres(_) => 1,
        };
        sqlite_pool(&path, create, max).await
    }

    /// Forgets a clinic's cached pool (after its file was replaced or removed).
    pub(crate) async fn forget_clinic(&self, clinic: Uuid) {
        if let Inner::Sqlite(s) = &*self.inner
            && let Some(pool) = s.pools.remove(&clinic).await
        {
            pool.close().await;
        }
    }

    async fn clinic_pool(&self, clinic: Uuid) -> Result<SqlitePool, sqlx::Error> {
        let Inner::Sqlite(s) = &*self.inner else {
            unreachable!("clinic_pool is only called for SQLite");
        };
        let path = s.clinics_dir.join(format!("{clinic}.sqlite"));
        let max = s.max_connections;
        s.pools
            .try_get_with(clinic, async move {
                sqlite_pool(&path, false, max).await.map_err(|e| sqlx::Error::Configuration(e.into()))
            })
            .await
            .map_err(|e: Arc<sqlx::Error>| match Arc::try_unwrap(e) {
                Ok(err) => err,
                Err(shared) => sqlx::Error::Configuration(shared.to_string().into()),
            })
    }

    pub async fn close(&self) {
        match &*self.inner {
            Inner::Postgres(pool) => pool.close().await,
            Inner::Sqlite(s) => {
                for (_, pool) in s.pools.iter() {
                    pool.close().await;
                }
                s.platform.close().await;
            }
        }
    }
}

async fn sqlite_pool(path: &Path, create: bool, max_connections: u32) -> anyhow::Result<SqlitePool> {
    let options = SqliteConnectOptions::new()
        .filename(path)
        .create_if_missing(create)
        .journal_mode(SqliteJournalMode::Wal)
        // Clinical data: a commit is on disk before it is acknowledged.
        .synchronous(SqliteSynchronous::Full)
        .foreign_keys(true)
        .busy_timeout(Duration::from_secs(10));
    SqlitePoolOptions::new()
        .max_connections(max_connections)
        .min_connections(0)
        .idle_timeout(Duration::from_secs(60))
        .acquire_timeout(Duration::from_secs(30))
        .connect_with(options)
        .await
        .with_context(|| format!("opening {}", path.display()))
}

/// One clinic's database: its Postgres schema or its SQLite file.
#[derive(Clone)]
pub struct TenantDb {
    dbs: Databases,
    clinic: Uuid,
}

impl TenantDb {
    pub fn clinic_id(&self) -> Uuid {
        self.clinic
    }

    pub fn backend(&self) -> Backend {
        self.dbs.backend()
    }

    /// A transaction for reading (it may still write; on SQLite it then waits for the writer).
    pub async fn read(&self) -> Result<ClinicTx, sqlx::Error> {
        match &*self.dbs.inner {
            Inner::Postgres(pool) => {
                Ok(Tx::postgres(pool.begin_with(enter_schema(self.clinic)).await?).scoped(self.clinic))
            }
            Inner::Sqlite(_) => {
                Ok(Tx::sqlite(self.dbs.clinic_pool(self.clinic).await?.begin().await?).scoped(self.clinic))
            }
        }
    }

    /// A transaction that will write: on SQLite it takes the write lock up front
    /// (`BEGIN IMMEDIATE`), so concurrent writers queue instead of failing half-way.
    pub async fn write(&self) -> Result<ClinicTx, sqlx::Error> {
        match &*self.dbs.inner {
            Inner::Postgres(_) => self.read().await,
            Inner::Sqlite(_) => {
                let pool = self.dbs.clinic_pool(self.clinic).await?;
                Ok(Tx::sqlite(pool.begin_with("begin immediate").await?).scoped(self.clinic))
            }
        }
    }
}

fn enter_schema(clinic: Uuid) -> AssertSqlSafe<String> {
    // The schema name is made from a UUID's hex digits, so it needs no quoting.
    AssertSqlSafe(format!("begin; set local search_path to {}", schema_name(clinic)))
}

impl<S: Scope> Tx<S> {
    /// Runs DDL naming a clinic schema; the text is made only from ids.
    pub(crate) async fn execute_trusted(&mut self, sql: String) -> Result<(), sqlx::Error> {
        match &mut self.inner {
            super::TxInner::Pg(tx) => sqlx::raw_sql(AssertSqlSafe(sql)).execute(&mut **tx).await.map(drop),
            super::TxInner::Lite(tx) => sqlx::raw_sql(AssertSqlSafe(sql)).execute(&mut **tx).await.map(drop),
        }
    }
}

pub(crate) async fn begin_postgres_raw<S: Scope>(pool: &PgPool) -> Result<Tx<S>, sqlx::Error> {
    Ok(Tx::postgres(pool.begin().await?))
}

pub(crate) async fn begin_sqlite_immediate<S: Scope>(pool: &SqlitePool) -> Result<Tx<S>, sqlx::Error> {
    Ok(Tx::sqlite(pool.begin_with("begin immediate").await?))
}

pub(crate) async fn begin_postgres_in_schema(pool: &PgPool, clinic: Uuid) -> Result<ClinicTx, sqlx::Error> {
    Ok(Tx::postgres(pool.begin_with(enter_schema(clinic)).await?).scoped(clinic))
}
