//! The injectable clock. Nothing reads the wall clock directly (clippy.toml bans it); tests pin
//! and advance a manual clock.

use std::sync::{Arc, Mutex};

use chrono::{DateTime, Duration, SubsecRound, Utc};

#[derive(Clone)]
pub struct Clock(Arc<Source>);

enum Source {
    System,
    Manual(Mutex<DateTime<Utc>>),
}

impl Clock {
    pub fn system() -> Self {
        Self(Arc::new(Source::System))
    }

    /// A clock that stands still until moved.
    pub fn manual(at: DateTime<Utc>) -> Self {
        Self(Arc::new(Source::Manual(Mutex::new(at.trunc_subsecs(6)))))
    }

    /// Now, to the microsecond (what both databases keep).
    pub fn now(&self) -> DateTime<Utc> {
        match &*self.0 {
            #[allow(clippy::disallowed_methods)]
            Source::System => Utc::now().trunc_subsecs(6),
            Source::Manual(at) => *at.lock().unwrap_or_else(|p| p.into_inner()),
        }
    }

    /// Moves a manual clock; does nothing to the system clock.
    pub fn advance(&self, by: Duration) {
        if let Source::Manual(at) = &*self.0 {
            let mut at = at.lock().unwrap_or_else(|p| p.into_inner());
            *at += by;
        }
    }

    pub fn set(&self, to: DateTime<Utc>) {
        if let Source::Manual(at) = &*self.0 {
            *at.lock().unwrap_or_else(|p| p.into_inner()) = to.trunc_subsecs(6);
        }
    }
}

impl std::fmt::Debug for Clock {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match &*self.0 {
            Source::System => f.write_str("Clock::System"),
            Source::Manual(_) => f.write_str("Clock::Manual"),
        }
    }
}
