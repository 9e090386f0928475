//! Configuration: defaults that need no set-up, overridden by an optional TOML file, overridden in
//! turn by `CONTOUR_*` environment variables. Every subcommand reads the same configuration.

use std::net::IpAddr;
use std::path::{Path, PathBuf};
use std::time::Duration;

use anyhow::{Context, bail};
use serde::Deserialize;

#[derive(Debug, Clone)]
pub struct Config {
    /// Where SQLite files, the local photo store and the generated secret live.
    pub data_dir: PathBuf,
    pub bind: IpAddr,
    pub port: u16,
    /// Clinics are served on `{slug}.{base_domain}`; the platform on `admin.{base_domain}`.
    pub base_domain: String,
    /// `https` makes cookies `Secure` and links absolute with https.
    pub public_scheme: String,
    /// The port in public links; defaults to `port` (omitted when it is the scheme's default).
    pub public_port: Option<u16>,
    /// Postgres when set; otherwise SQLite under `data_dir`.
    pub database_url: Option<String>,
    pub db_max_connections: u32,
    /// Honour `X-Forwarded-Host` (only behind a proxy that sets it).
    pub trust_forwarded_host: bool,
    /// Secret for signed URLs and sealed fields; generated into `data_dir` when not given.
    pub secret_key: Option<String>,
    pub session_idle_timeout: Duration,
    pub session_absolute_timeout: Duration,
    /// Photos go to this S3-compatible bucket when set; otherwise under `data_dir/objects`.
    pub s3: Option<S3Config>,
    /// How long a signed photo link works.
    pub photo_link_lifetime: Duration,
    /// Booking pages one address may load per minute, and bookings it may confirm per hour.
    pub booking_pages_per_minute: u32,
    pub booking_confirmations_per_hour: u32,
    pub log_format: LogFormat,
    pub log_filter: String,
}

/// An S3-compatible object store (AWS S3, MinIO, R2, ...).
#[derive(Clone, Deserialize, Default)]
#[serde(deny_unknown_fields)]
pub struct S3Config {
    pub bucket: String,
    /// Endpoint URL for stores other than AWS (`https://s3.example.com`); AWS when absent.
    pub endpoint: Option<String>,
    pub region: Option<String>,
    pub access_key_id: Option<String>,
    pub secret_access_key: Option<String>,
}

impl std::fmt::Debug for S3Config {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("S3Config")
            .field("bucket", &self.bucket)
            .field("endpoint", &self.endpoint)
            .field("region", &self.region)
            .field("access_key_id", &self.access_key_id.as_ref().map(|_| "…"))
            .finish_non_exhaustive()
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum LogFormat {
    Json,
    Pretty,
}

impl Default for Config {
    fn default() -> Self {
        Self {
            data_dir: PathBuf::from("./data"),
            bind: IpAddr::from([127, 0, 0, 1]),
            port: 8080,
            base_domain: "localhost".into(),
            public_scheme: "http".into(),
            public_port: None,
            database_url: None,
            db_max_connections: 16,
            trust_forwarded_host: false,
            secret_key: None,
            session_idle_timeout: Duration::from_secs(30 * 60),
            session_absolute_timeout: Duration::from_secs(12 * 60 * 60),
            s3: None,
            photo_link_lifetime: Duration::from_secs(5 * 60),
            booking_pages_per_minute: 120,
            booking_confirmations_per_hour: 20,
            log_format: LogFormat::Pretty,
            log_filter: "info,sqlx=warn".into(),
        }
    }
}

/// The file form: every key optional, same names as the environment without the prefix.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct FileConfig {
    data_dir: Option<PathBuf>,
    bind: Option<IpAddr>,
    port: Option<u16>,
    base_domain: Option<String>,
    public_scheme: Option<String>,
    public_port: Option<u16>,
    database_url: Option<String>,
    db_max_connections: Option<u32>,
    trust_forwarded_host: Option<bool>,
    secret_key: Option<String>,
    session_idle_timeout_minutes: Option<u64>,
    session_absolute_timeout_minutes: Option<u64>,
    s3: Option<S3Config>,
    photo_link_seconds: Option<u64>,
    booking_pages_per_minute: Option<u32>,
    booking_confirmations_per_hour: Option<u32>,
    log_format: Option<LogFormat>,
    log_filter: Option<String>,
}

impl Config {
    /// Defaults, then the file (from `path` or `CONTOUR_CONFIG`), then the environment.
    pub fn load(path: Option<&Path>) -> anyhow::Result<Self> {
        let env = |key: &str| std::env::var(format!("CONTOUR_{key}")).ok();
        let mut config = Config::default();
        let file = path.map(Path::to_path_buf).or_else(|| env("CONFIG").map(PathBuf::from));
        if let Some(file) = file {
            let text = std::fs::read_to_string(&file)
                .with_context(|| format!("reading configuration file {}", file.display()))?;
            let parsed: FileConfig =
                toml::from_str(&text).with_context(|| format!("parsing configuration file {}", file.display()))?;
            config.apply_file(parsed);
        }
        config.apply_env(env)?;
        config.validate()?;
        Ok(config)
    }

    fn apply_file(&mut self, f: FileConfig) {
        macro_rules! take {
            ($($field:ident),*) => { $( if let Some(v) = f.$field { self.$field = v; } )* };
        }
        take!(
            data_dir,
            bind,
            port,
            base_domain,
            public_scheme,
            db_max_connections,
            trust_forwarded_host,
            log_format,
            log_filter
        );
        if f.public_port.is_some() {
            self.public_port = f.public_port;
        }
        if f.database_url.is_some() {
            self.database_url = f.database_url;
        }
        if f.secret_key.is_some() {
            self.secret_key = f.secret_key;
        }
        if let Some(m) = f.session_idle_timeout_minutes {
            self.session_idle_timeout = Duration::from_secs(m * 60);
        }
        if let Some(m) = f.session_absolute_timeout_minutes {
            self.session_absolute_timeout = Duration::from_secs(m * 60);
        }
        if f.s3.is_some() {
            self.s3 = f.s3;
        }
        if let Some(n) = f.booking_pages_per_minute {
            self.booking_pages_per_minute = n;
        }
        if let Some(n) = f.booking_confirmations_per_hour {
            self.booking_confirmations_per_hour = n;
        }
        if let Some(secs) = f.photo_link_seconds {
            self.photo_link_lifetime = Duration::from_secs(secs);
        }
    }

    fn apply_env(&mut self, env: impl Fn(&str) -> Option<String>) -> anyhow::Result<()> {
        fn parse<T: std::str::FromStr>(key: &str, value: String) -> anyhow::Result<T>
        where
            T::Err: std::fmt::Display,
        {
            value.trim().parse().map_err(|e| anyhow::anyhow!("CONTOUR_{key}: {e}"))
        }
        if let Some(v) = env("DATA_DIR") {
            self.data_dir = PathBuf::from(v);
        }
        if let Some(v) = env("BIND") {
            self.bind = parse("BIND", v)?;
        }
        if let Some(v) = env("PORT") {
            self.port = parse("PORT", v)?;
        }
        if let Some(v) = env("BASE_DOMAIN") {
            self.base_domain = v;
        }
        if let Some(v) = env("PUBLIC_SCHEME") {
            self.public_scheme = v;
        }
        if let Some(v) = env("PUBLIC_PORT") {
            self.public_port = Some(parse("PUBLIC_PORT", v)?);
        }
        if let Some(v) = env("DATABASE_URL").filter(|v| !v.trim().is_empty()) {
            self.database_url = Some(v);
        }
        if let Some(v) = env("DB_MAX_CONNECTIONS") {
            self.db_max_connections = parse("DB_MAX_CONNECTIONS", v)?;
        }
        if let Some(v) = env("TRUST_FORWARDED_HOST") {
            self.trust_forwarded_host = parse("TRUST_FORWARDED_HOST", v)?;
        }
        if let Some(v) = env("SECRET_KEY") {
            self.secret_key = Some(v);
        }
        if let Some(v) = env("SESSION_IDLE_TIMEOUT_MINUTES") {
            self.session_idle_timeout = Duration::from_secs(parse::<u64>("SESSION_IDLE_TIMEOUT_MINUTES", v)? * 60);
        }
        if let Some(v) = env("SESSION_ABSOLUTE_TIMEOUT_MINUTES") {
            self.session_absolute_timeout =
                Duration::from_secs(parse::<u64>("SESSION_ABSOLUTE_TIMEOUT_MINUTES", v)? * 60);
        }
        if let Some(bucket) = env("S3_BUCKET").filter(|v| !v.trim().is_empty()) {
            self.s3 = Some(S3Config {
                bucket,
                endpoint: env("S3_ENDPOINT").filter(|v| !v.trim().is_empty()),
                region: env("S3_REGION").filter(|v| !v.trim().is_empty()),
                access_key_id: env("S3_ACCESS_KEY_ID").filter(|v| !v.trim().is_empty()),
                secret_access_key: env("S3_SECRET_ACCESS_KEY").filter(|v| !v.trim().is_empty()),
            });
        }
        if let Some(v) = env("BOOKING_PAGES_PER_MINUTE") {
            self.booking_pages_per_minute = parse("BOOKING_PAGES_PER_MINUTE", v)?;
        }
        if let Some(v) = env("BOOKING_CONFIRMATIONS_PER_HOUR") {
            self.booking_confirmations_per_hour = parse("BOOKING_CONFIRMATIONS_PER_HOUR", v)?;
        }
        if let Some(v) = env("PHOTO_LINK_SECONDS") {
            self.photo_link_lifetime = Duration::from_secs(parse("PHOTO_LINK_SECONDS", v)?);
        }
        if let Some(v) = env("LOG_FORMAT") {
            self.log_format = match v.as_str() {
                "json" => LogFormat::Json,
                "pretty" => LogFormat::Pretty,
                other => bail!("CONTOUR_LOG_FORMAT: expected json or pretty, got {other}"),
            };
        }
        if let Some(v) = env("LOG") {
            self.log_filter = v;
        }
        Ok(())
    }

    fn validate(&mut self) -> anyhow::Result<()> {
        self.base_domain = self.base_domain.trim().trim_end_matches('.').to_ascii_lowercase();
        if self.base_domain.is_empty() || self.base_domain.contains(['/', ':', ' ']) {
            bail!("base_domain must be a bare host name such as contour.example");
        }
        if !matches!(self.public_scheme.as_str(), "http" | "https") {
            bail!("public_scheme must be http or https");
        }
        if !(1..=3600).contains(&self.photo_link_lifetime.as_secs()) {
            bail!("photo_link_seconds must be 1 to 3600");
        }
        if self.db_max_connections == 0 {
            bail!("db_max_connections must be at least 1");
        }
        if self.session_idle_timeout.is_zero() || self.session_absolute_timeout < self.session_idle_timeout {
            bail!("session timeouts: idle must be positive and no longer than absolute");
        }
        if let Some(url) = &self.database_url
            && !(url.starts_with("postgres://") || url.starts_with("postgresql://"))
        {
            bail!("database_url must be a postgres:// URL (leave it unset for SQLite)");
        }
        Ok(())
    }

    pub fn uses_postgres(&self) -> bool {
        self.database_url.is_some()
    }

    pub fn secure_cookies(&self) -> bool {
        self.public_scheme == "https"
    }

    /// The address a browser uses for `host` (a clinic's or the platform's).
    pub fn public_url(&self, host: &str) -> String {
        let port = self.public_port.unwrap_or(self.port);
        let default_port = if self.public_scheme == "https" { 443 } else { 80 };
        if port == default_port {
            format!("{}://{host}", self.public_scheme)
        } else {
            format!("{}://{host}:{port}", self.public_scheme)
        }
    }

    pub fn clinic_url(&self, slug: &str) -> String {
        self.public_url(&format!("{slug}.{}", self.base_domain))
    }

    pub fn platform_url(&self) -> String {
        self.public_url(&format!("admin.{}", self.base_domain))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn environment_overrides_defaults() {
        let mut config = Config::default();
        let vars = [("PORT", "9090"), ("BASE_DOMAIN", "Contour.Example."), ("DATABASE_URL", "")];
        config.apply_env(|k| vars.iter().find(|(n, _)| *n == k).map(|(_, v)| v.to_string())).unwrap();
        config.validate().unwrap();
        assert_eq!(config.port, 9090);
        assert_eq!(config.base_domain, "contour.example");
        assert!(!config.uses_postgres(), "an empty database URL means SQLite");
        assert_eq!(config.clinic_url("glow"), "http://glow.contour.example:9090");
    }

    #[test]
    fn file_keys_are_checked() {
        let err = toml::from_str::<FileConfig>("prot = 1").unwrap_err();
        assert!(err.to_string().contains("unknown field"));
        let ok: FileConfig = toml::from_str("port = 8181\nsession_idle_timeout_minutes = 5").unwrap();
        let mut config = Config::default();
        config.apply_file(ok);
        assert_eq!(config.port, 8181);
        assert_eq!(config.session_idle_timeout, Duration::from_secs(300));
    }

    #[test]
    fn bad_values_are_refused() {
        let mut config = Config::default();
        assert!(config.apply_env(|k| (k == "PORT").then(|| "eighty".to_string())).is_err());
        let mut config = Config { database_url: Some("mysql://x".into()), ..Config::default() };
        assert!(config.validate().is_err());
    }
}
