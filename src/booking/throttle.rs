//! Per-address limits for the public booking pages: fixed windows counted in memory (moka),
//! per server. Past the limit a request is refused until its window ends.

use std::sync::{Arc, Mutex};
use std::time::Duration as StdDuration;

use chrono::{DateTime, Duration, Utc};

/// When a key's window opened, and how many requests it has had since.
type Window = Arc<Mutex<(DateTime<Utc>, u32)>>;

#[derive(Clone)]
pub struct RateLimit {
    window: Duration,
    limit: u32,
    counts: moka::sync::Cache<String, Window>,
}

impl RateLimit {
    pub fn new(limit: u32, window: Duration) -> Self {
        let idle = StdDuration::from_secs(window.num_seconds().unsigned_abs().max(1));
        Self { window, limit, counts: moka::sync::Cache::builder().max_capacity(100_000).time_to_idle(idle).build() }
    }

    /// Counts a request for `key`; `Err(seconds)` says how long until it may try again.
    pub fn hit(&self, key: &str, now: DateTime<Utc>) -> Result<(), u64> {
        let entry = self.counts.get_with(key.to_owned(), || Arc::new(Mutex::new((now, 0))));
        let mut w = entry.lock().unwrap_or_else(|p| p.into_inner());
        if now >= w.0 + self.window {
            *w = (now, 0);
        }
        if w.1 >= self.limit {
            return Err((w.0 + self.window - now).num_seconds().max(1).unsigned_abs());
        }
        w.1 += 1;
        Ok(())
    }
}

/// The booking pages' two limits: pages viewed, and bookings confirmed.
#[derive(Clone)]
pub struct BookingLimits {
    pub pages: RateLimit,
    pub confirmations: RateLimit,
}

impl BookingLimits {
    pub fn new(pages_per_minute: u32, confirmations_per_hour: u32) -> Self {
        Self {
            pages: RateLimit::new(pages_per_minute, Duration::minutes(1)),
            confirmations: RateLimit::new(confirmations_per_hour, Duration::hours(1)),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    #[test]
    fn a_window_allows_its_limit_then_refuses_until_it_ends() {
        let t0 = Utc.with_ymd_and_hms(2026, 12, 9, 10, 0, 0).unwrap();
        let limit = RateLimit::new(3, Duration::minutes(1));
        for _ in 0..3 {
            assert_eq!(limit.hit("a", t0), Ok(()));
        }
        assert_eq!(limit.hit("a", t0 + Duration::seconds(20)), Err(40));
        assert_eq!(limit.hit("b", t0), Ok(()), "other addresses are counted apart");
        assert_eq!(limit.hit("a", t0 + Duration::seconds(61)), Ok(()));
    }
}
