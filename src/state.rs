//! What the server holds for every request. The databases and the clinic directory are the
//! platform's: only the tenancy resolver, provisioning, the command line and the demo reach
//! them. Everything else a request may use is in [`Services`], which is all a clinic's request
//! context carries (see `clinic::ClinicHost`), so clinic code cannot open another clinic's
//! database or the platform's.

use std::ops::Deref;
use std::sync::Arc;

use crate::auth::Rbac;
use crate::auth::oidc::OidcClients;
use crate::auth::throttle::LoginThrottle;
use crate::booking::BookingLimits;
use crate::clock::Clock;
use crate::config::Config;
use crate::db::Databases;
use crate::platform::{self, tenancy::TenantDirectory};
use crate::secret::ServerSecret;
use crate::storage::Storage;

/// The server's state, shared by all requests.
#[derive(Clone)]
pub struct AppState(Arc<Inner>);

struct Inner {
    dbs: Databases,
    tenants: TenantDirectory,
    services: Arc<Services>,
}

/// What any request may use: configuration, the clock, the role policy, throttles, the
/// identity providers' clients, photo storage and the server's signing key.
pub struct Services {
    pub config: Config,
    pub clock: Clock,
    pub rbac: Rbac,
    pub login_throttle: LoginThrottle,
    pub oidc: OidcClients,
    pub storage: Storage,
    pub secret: ServerSecret,
    pub booking: BookingLimits,
}

impl AppState {
    /// Connects to the database and brings the platform schema up to date.
    pub async fn start(config: Config, clock: Clock) -> anyhow::Result<Self> {
        let dbs = Databases::connect(&config).await?;
        platform::provisioning::migrate_platform(&dbs, clock.now()).await?;
        let tenants = TenantDirectory::new(dbs.clone());
        let rbac = Rbac::load().await?;
        // TLS to identity providers and object stores uses ring; there is one process-wide choice.
        let _ = rustls::crypto::ring::default_provider().install_default();
        let oidc = OidcClients::new()?;
        let secret = ServerSecret::load(&config)?;
        let storage = Storage::open(&config)?;
        let booking = BookingLimits::new(config.booking_pages_per_minute, config.booking_confirmations_per_hour);
        let services =
            Services { config, clock, rbac, login_throttle: LoginThrottle::default(), oidc, storage, secret, booking };
        Ok(Self(Arc::new(Inner { dbs, tenants, services: Arc::new(services) })))
    }

    /// Every database: the platform's and every clinic's.
    pub fn dbs(&self) -> &Databases {
        &self.0.dbs
    }

    pub fn tenants(&self) -> &TenantDirectory {
        &self.0.tenants
    }

    pub fn services(&self) -> &Arc<Services> {
        &self.0.services
    }
}

impl Deref for AppState {
    type Target = Services;
    fn deref(&self) -> &Services {
        &self.0.services
    }
}
