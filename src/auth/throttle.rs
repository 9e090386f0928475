//! Sign-in throttling, per account and per address. Failures are counted in a window; past the
//! limit, further attempts are refused with 429 and `Retry-After` until the window ends, right
//! password or not. Counters live in memory (moka), per server.

use std::sync::{Arc, Mutex};
use std::time::Duration as StdDuration;

use chrono::{DateTime, Duration, Utc};

const WINDOW: Duration = Duration::minutes(15);
pub const ACCOUNT_LIMIT: u32 = 5;
pub const ADDRESS_LIMIT: u32 = 30;

#[derive(Debug, Clone, Copy)]
struct Window {
    failures: u32,
    started: DateTime<Utc>,
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
    /// Seconds to wait before trying again, if either key is over its limit.
    pub fn blocked_for(&self, keys: &[(&str, u32)], now: DateTime<Utc>) -> Option<u64> {
        keys.iter()
            .filter_map(|(key, limit)| {
                let window = self.windows.get(*key)?;
                let w = *window.lock().unwrap_or_else(|p| p.into_inner());
                let ends = w.started + WINDOW;
                (w.failures >= *limit && now < ends).then(|| (ends - now).num_seconds().max(1).unsigned_abs())
            })
            .max()
    }

    pub fn record_failure(&self, keys: &[&str], now: DateTime<Utc>) {
        for key in keys {
            let window =
                self.windows.get_with((*key).to_owned(), || Arc::new(Mutex::new(Window { failures: 0, started: now })));
            let mut w = window.lock().unwrap_or_else(|p| p.into_inner());
            if now >= w.started + WINDOW {
                *w = Window { failures: 0, started: now };
            }
            w.failures += 1;
        }
    }

    pub fn forget(&self, key: &str) {
        self.windows.invalidate(key);
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
        for _ in 0..ACCOUNT_LIMIT - 1 {
            t.record_failure(&["a"], now);
        }
        assert_eq!(t.blocked_for(&[("a", ACCOUNT_LIMIT)], now), None);
        t.record_failure(&["a"], now);
        assert_eq!(t.blocked_for(&[("a", ACCOUNT_LIMIT)], now), Some(900));
        assert_eq!(t.blocked_for(&[("a", ACCOUNT_LIMIT)], now + Duration::minutes(10)), Some(300));
        assert_eq!(t.blocked_for(&[("a", ACCOUNT_LIMIT)], now + Duration::minutes(15)), None);
        t.forget("a");
        assert_eq!(t.blocked_for(&[("a", ACCOUNT_LIMIT)], now), None);
    }
}
