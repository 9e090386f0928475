//! Sign-in throttling, per account and per address. Every attempt counts against both keys
//! before the password is even checked, so parallel guesses count too; a successful sign-in
//! gives its attempt back. Past the limit, attempts are refused with 429 and `Retry-After`
//! until the window ends, right password or not. Counters live in memory (moka), per server.

use std::sync::{Arc, Mutex};
use std::time::Duration as StdDuration;

use chrono::{DateTime, Duration, Utc};

const WINDOW: Duration = Duration::minutes(15);
pub const ACCOUNT_LIMIT: u32 = 5;
pub const ADDRESS_LIMIT: u32 = 30;

#[derive(Debug, Clone, Copy)]
struct Window {
    attempts: u32,
    started: DateTime<Utc>,
    /// Whether the block has already been reported (it is audited once per window).
    reported: bool,
}

impl Window {
    fn fresh(now: DateTime<Utc>) -> Self {
        Self { attempts: 0, started: now, reported: false }
    }
}

/// What the throttle says about an attempt.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Attempt {
    Allowed,
    /// Refused; try again in `wait_secs`. `first` is true once per window, for the audit log.
    Blocked {
        wait_secs: u64,
        first: bool,
    },
}

#[derive(Clone)]
pub struct LoginThrottle {
    windows: moka::sync::Cache<String, Arc<Mutex<Window>>>,
}

impl Default for LoginThrottle {
    fn default() -> Self {
        Self {
            windows: moka::sync::Cache::builder()
                .max_capacity(100_000)
                .time_to_idle(StdDuration::from_secs(WINDOW.num_seconds().unsigned_abs()))
                .build(),
        }
    }
}

impl LoginThrottle {
    fn window(&self, key: &str, now: DateTime<Utc>) -> Arc<Mutex<Window>> {
        self.windows.get_with(key.to_owned(), || Arc::new(Mutex::new(Window::fresh(now))))
    }

    /// Checks every key and, unless one is over its limit, counts the attempt against all.
    pub fn attempt(&self, keys: &[(&str, u32)], now: DateTime<Utc>) -> Attempt {
        let windows: Vec<(Arc<Mutex<Window>>, u32)> =
            keys.iter().map(|(k, limit)| (self.window(k, now), *limit)).collect();
        let mut blocked: Option<(u64, bool)> = None;
        for (window, limit) in &windows {
            let mut w = window.lock().unwrap_or_else(|p| p.into_inner());
            if now >= w.started + WINDOW {
                *w = Window::fresh(now);
            }
            if w.attempts >= *limit {
                let wait = (w.started + WINDOW - now).num_seconds().max(1).unsigned_abs();
                let first = !w.reported;
                w.reported = true;
                blocked = Some(blocked.map_or((wait, first), |(ws, f)| (ws.max(wait), f || first)));
            }
        }
        if let Some((wait_secs, first)) = blocked {
            return Attempt::Blocked { wait_secs, first };
        }
        for (window, _) in &windows {
            window.lock().unwrap_or_else(|p| p.into_inner()).attempts += 1;
        }
        Attempt::Allowed
    }

    /// A sign-in succeeded: the account starts afresh and the address gets its attempt back.
    pub fn succeeded(&self, account: &str, address: &str) {
        self.windows.invalidate(account);
        if let Some(window) = self.windows.get(address) {
            let mut w = window.lock().unwrap_or_else(|p| p.into_inner());
            w.attempts = w.attempts.saturating_sub(1);
        }
    }
}

pub fn account_key(scope: &str, email: &str) -> String {
    format!("account:{scope}:{}", email.trim().to_lowercase())
}

pub fn address_key(scope: &str, ip: Option<&str>) -> String {
    format!("address:{scope}:{}", ip.unwrap_or("unknown"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn blocks_after_the_limit_until_the_window_ends() {
        let t = LoginThrottle::default();
        let now = DateTime::<Utc>::from_timestamp(1_800_000_000, 0).unwrap();
        let keys = [("a", ACCOUNT_LIMIT), ("ip", ADDRESS_LIMIT)];
        for _ in 0..ACCOUNT_LIMIT {
            assert_eq!(t.attempt(&keys, now), Attempt::Allowed);
        }
        assert_eq!(t.attempt(&keys, now), Attempt::Blocked { wait_secs: 900, first: true });
        assert_eq!(t.attempt(&keys, now + Duration::minutes(10)), Attempt::Blocked { wait_secs: 300, first: false });
        assert_eq!(t.attempt(&keys, now + Duration::minutes(15)), Attempt::Allowed);
    }

    #[test]
    fn success_gives_the_attempt_back() {
        let t = LoginThrottle::default();
        let now = DateTime::<Utc>::from_timestamp(1_800_000_000, 0).unwrap();
        for i in 0..40 {
            let account = format!("user{i}");
            assert_eq!(t.attempt(&[(&account, ACCOUNT_LIMIT), ("ip", ADDRESS_LIMIT)], now), Attempt::Allowed);
            t.succeeded(&account, "ip");
        }
    }
}
