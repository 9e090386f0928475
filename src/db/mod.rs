//! One code path over two databases. Queries are written once with `$1` placeholders and
//! run inside a [`Tx`], which is either a Postgres transaction (bound to one clinic's schema by a
//! transaction-local search_path) or a SQLite transaction on the clinic's own file.
//!
//! Values are bound through [`Arg`] so both backends store them the same portable way: instants
//! as `timestamptz` or fixed-width UTC text (text order is time order), JSON as `jsonb` or text.

mod args;
mod errors;
pub mod migrate;
mod pools;

use sqlx::postgres::PgRow;
use sqlx::sqlite::SqliteRow;
use sqlx::{FromRow, Postgres, Sqlite};

pub use args::{Arg, sqlite_instant};
pub use errors::{DbFailure, OverlapOf, classify};
pub use pools::{Databases, TenantDb, schema_name};
pub(crate) use pools::{begin_postgres_in_schema, begin_postgres_raw, begin_sqlite_immediate};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Backend {
    Postgres,
    Sqlite,
}

/// Builds a `Vec<Arg>` from values of any bindable type.
#[macro_export]
macro_rules! args {
    () => { Vec::<$crate::db::Arg>::new() };
    ($($value:expr),+ $(,)?) => { vec![$($crate::db::Arg::from($value)),+] };
}

/// SQL text: the same for both backends, or one text each where the dialects differ.
#[derive(Debug, Clone, Copy)]
pub struct Sql {
    pub postgres: &'static str,
    pub sqlite: &'static str,
}

impl Sql {
    pub const fn each(postgres: &'static str, sqlite: &'static str) -> Self {
        Self { postgres, sqlite }
    }
}

impl From<&'static str> for Sql {
    fn from(text: &'static str) -> Self {
        Self { postgres: text, sqlite: text }
    }
}

/// A row type both drivers can decode (`#[derive(sqlx::FromRow)]` gives this).
pub trait DbRow: for<'r> FromRow<'r, PgRow> + for<'r> FromRow<'r, SqliteRow> + Send + Unpin {}
impl<T> DbRow for T where T: for<'r> FromRow<'r, PgRow> + for<'r> FromRow<'r, SqliteRow> + Send + Unpin {}

/// A single column value both drivers can decode.
pub trait DbValue:
    for<'r> sqlx::Decode<'r, Postgres>
    + sqlx::Type<Postgres>
    + for<'r> sqlx::Decode<'r, Sqlite>
    + sqlx::Type<Sqlite>
    + Send
    + Unpin
{
}
impl<T> DbValue for T where
    T: for<'r> sqlx::Decode<'r, Postgres>
        + sqlx::Type<Postgres>
        + for<'r> sqlx::Decode<'r, Sqlite>
        + sqlx::Type<Sqlite>
        + Send
        + Unpin
{
}

/// Where a transaction runs: one clinic's data, or the platform's. The two are different types
/// ([`ClinicTx`], [`PlatformTx`]), so clinic code cannot be handed the platform's database.
pub trait Scope: Send + 'static {}

/// A clinic's schema or file.
#[derive(Debug)]
pub enum InClinic {}
impl Scope for InClinic {}

/// The platform's schema or file: the clinic directory, platform admins.
#[derive(Debug)]
pub enum OnPlatform {}
impl Scope for OnPlatform {}

/// A transaction on one clinic's data.
pub type ClinicTx = Tx<InClinic>;
/// A transaction on the platform's data.
pub type PlatformTx = Tx<OnPlatform>;

/// An open transaction on one database. Dropping it without `commit` rolls back.
pub struct Tx<S: Scope> {
    inner: TxInner,
    /// The clinic this transaction belongs to, if any: advisory locks are scoped to it, since
    /// every clinic's schema shares one Postgres database.
    scope: Option<uuid::Uuid>,
    _scope: std::marker::PhantomData<fn() -> S>,
}

enum TxInner {
    Pg(sqlx::Transaction<'static, Postgres>),
    Lite(sqlx::Transaction<'static, Sqlite>),
}

macro_rules! bind_all {
    ($query:expr, $args:expr, postgres) => {{
        let mut q = $query;
        for arg in $args {
            q = match arg {
                Arg::Uuid(v) => q.bind(v),
                Arg::Text(v) => q.bind(v),
                Arg::Int(v) => q.bind(v),
                Arg::Int32(v) => q.bind(v),
                Arg::Bool(v) => q.bind(v),
                Arg::Instant(v) => q.bind(v),
                Arg::Date(v) => q.bind(v),
                Arg::Json(v) => q.bind(v.map(sqlx::types::Json)),
                Arg::UuidList(v) => q.bind(v),
                Arg::TextList(v) => q.bind(v),
            };
        }
        q
    }};
    ($query:expr, $args:expr, sqlite) => {{
        let mut q = $query;
        for arg in $args {
            q = match arg {
                Arg::Uuid(v) => q.bind(v),
                Arg::Text(v) => q.bind(v),
                Arg::Int(v) => q.bind(v),
                Arg::Int32(v) => q.bind(v),
                Arg::Bool(v) => q.bind(v),
                Arg::Instant(v) => q.bind(v.map(|t| sqlite_instant(&t))),
                Arg::Date(v) => q.bind(v),
                Arg::Json(v) => q.bind(v.map(|j| j.to_string())),
                Arg::UuidList(v) => q.bind(
                    serde_json::Value::from(v.iter().map(|id| id.simple().to_string()).collect::<Vec<_>>()).to_string(),
                ),
                Arg::TextList(v) => q.bind(serde_json::Value::from(v).to_string()),
            };
        }
        q
    }};
}

/// Runs one statement on whichever backend the transaction is on: `$make` builds the query
/// from the text (`sqlx::query_as::<_, R>`, `sqlx::query_scalar::<_, T>`, `sqlx::query`), the
/// arguments are bound the portable way, and `$run` executes it (`fetch_one`, `execute`, ...).
macro_rules! on_backend {
    ($tx:expr, $sql:expr, $args:expr, $make:path, $run:ident) => {{
        let sql: Sql = $sql.into();
        match &mut $tx.inner {
            TxInner::Pg(tx) => bind_all!($make(sql.postgres), $args, postgres).$run(&mut **tx).await,
            TxInner::Lite(tx) => bind_all!($make(sql.sqlite), $args, sqlite).$run(&mut **tx).await,
        }
    }};
}

impl<S: Scope> Tx<S> {
    pub(crate) fn postgres(tx: sqlx::Transaction<'static, Postgres>) -> Self {
        Self { inner: TxInner::Pg(tx), scope: None, _scope: std::marker::PhantomData }
    }

    pub(crate) fn sqlite(tx: sqlx::Transaction<'static, Sqlite>) -> Self {
        Self { inner: TxInner::Lite(tx), scope: None, _scope: std::marker::PhantomData }
    }

    pub(crate) fn scoped(mut self, clinic: uuid::Uuid) -> Self {
        self.scope = Some(clinic);
        self
    }

    /// The same open transaction, now about the other scope. Only provisioning does this, on
    /// Postgres, to register a new clinic in the platform in the transaction that built it.
    pub(crate) fn rescope<T: Scope>(self) -> Tx<T> {
        Tx { inner: self.inner, scope: self.scope, _scope: std::marker::PhantomData }
    }

    pub fn backend(&self) -> Backend {
        match self.inner {
            TxInner::Pg(_) => Backend::Postgres,
            TxInner::Lite(_) => Backend::Sqlite,
        }
    }

    pub async fn fetch_one<R: DbRow>(&mut self, sql: impl Into<Sql>, args: Vec<Arg>) -> Result<R, sqlx::Error> {
        on_backend!(self, sql, args, sqlx::query_as::<_, R>, fetch_one)
    }

    pub async fn fetch_optional<R: DbRow>(
        &mut self,
        sql: impl Into<Sql>,
        args: Vec<Arg>,
    ) -> Result<Option<R>, sqlx::Error> {
        on_backend!(self, sql, args, sqlx::query_as::<_, R>, fetch_optional)
    }

    pub async fn fetch_all<R: DbRow>(&mut self, sql: impl Into<Sql>, args: Vec<Arg>) -> Result<Vec<R>, sqlx::Error> {
        on_backend!(self, sql, args, sqlx::query_as::<_, R>, fetch_all)
    }

    pub async fn fetch_scalar<T: DbValue>(&mut self, sql: impl Into<Sql>, args: Vec<Arg>) -> Result<T, sqlx::Error> {
        on_backend!(self, sql, args, sqlx::query_scalar::<_, T>, fetch_one)
    }

    pub async fn fetch_scalars<T: DbValue>(
        &mut self,
        sql: impl Into<Sql>,
        args: Vec<Arg>,
    ) -> Result<Vec<T>, sqlx::Error> {
        on_backend!(self, sql, args, sqlx::query_scalar::<_, T>, fetch_all)
    }

    /// Runs a statement and returns the number of rows it touched.
    pub async fn execute(&mut self, sql: impl Into<Sql>, args: Vec<Arg>) -> Result<u64, sqlx::Error> {
        let sql = sql.into();
        let done = match &mut self.inner {
            TxInner::Pg(tx) => {
                bind_all!(sqlx::query(sql.postgres), args, postgres).execute(&mut **tx).await?.rows_affected()
            }
            TxInner::Lite(tx) => {
                bind_all!(sqlx::query(sql.sqlite), args, sqlite).execute(&mut **tx).await?.rows_affected()
            }
        };
        Ok(done)
    }

    /// Runs several statements without parameters (migrations, test set-up).
    pub async fn execute_script(&mut self, script: impl Into<Sql>) -> Result<(), sqlx::Error> {
        let script = script.into();
        match &mut self.inner {
            TxInner::Pg(tx) => sqlx::raw_sql(script.postgres).execute(&mut **tx).await.map(drop),
            TxInner::Lite(tx) => sqlx::raw_sql(script.sqlite).execute(&mut **tx).await.map(drop),
        }
    }

    /// Serialises writers of one named resource (of this clinic) until this transaction ends.
    /// Postgres takes a transaction-scoped advisory lock; SQLite write transactions are already
    /// serial.
    pub async fn lock(&mut self, key: &str) -> Result<(), sqlx::Error> {
        if let TxInner::Pg(tx) = &mut self.inner {
            let key = match self.scope {
                Some(clinic) => format!("{clinic}:{key}"),
                None => key.to_owned(),
            };
            sqlx::query("select pg_advisory_xact_lock(hashtextextended($1, 0))").bind(key).execute(&mut **tx).await?;
        }
        Ok(())
    }

    pub async fn commit(self) -> Result<(), sqlx::Error> {
        match self.inner {
            TxInner::Pg(tx) => tx.commit().await,
            TxInner::Lite(tx) => tx.commit().await,
        }
    }

    pub async fn rollback(self) -> Result<(), sqlx::Error> {
        match self.inner {
            TxInner::Pg(tx) => tx.rollback().await,
            TxInner::Lite(tx) => tx.rollback().await,
        }
    }
}
