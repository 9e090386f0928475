//! Lays out the demo appointment book: each provider's working hours filled with plausible
//! visits (gaps included), rooms and patients never double-booked, statuses that make sense
//! against the current time. Pure, so it is tested without a database.

use std::collections::HashMap;

use chrono::{DateTime, Datelike, Duration, NaiveDate, TimeZone, Utc};
use chrono_tz::Tz;
use rand::Rng;
use rand::rngs::StdRng;

use super::data::{APPOINTMENT_NOTES, CANCEL_REASONS};
use crate::scheduling::{AppointmentStatus, RoomId, ServiceId};
use crate::staff::StaffUserId;

pub struct ProviderIn {
    pub id: StaffUserId,
    /// (ISO weekday, start minute, end minute) in clinic wall-clock time.
    pub hours: Vec<(u32, i64, i64)>,
    /// Indexes into the services.
    pub services: Vec<usize>,
    pub time_off: Vec<(DateTime<Utc>, DateTime<Utc>)>,
}

pub struct ServiceIn {
    pub id: ServiceId,
    pub minutes: i64,
    pub buffer: i64,
    pub rooms: Vec<RoomId>,
    pub weight: u32,
}

#[derive(Debug, Clone)]
pub struct Planned {
    pub patient: usize,
    pub provider: StaffUserId,
    pub service: ServiceId,
    pub room: Option<RoomId>,
    pub starts_at: DateTime<Utc>,
    pub ends_at: DateTime<Utc>,
    pub blocked_until: DateTime<Utc>,
    pub status: AppointmentStatus,
    pub status_at: DateTime<Utc>,
    pub notes: Option<&'static str>,
    pub cancellation_reason: Option<&'static str>,
}

type Span = (DateTime<Utc>, DateTime<Utc>);

fn overlaps(spans: &[Span], s: Span) -> bool {
    spans.iter().any(|&(a, b)| a < s.1 && b > s.0)
}

/// The first day shown: the earlier of this week's Monday and a week ago, so there is always
/// some history.
pub fn window(today: NaiveDate) -> (NaiveDate, NaiveDate) {
    let monday = today - Duration::days(i64::from(today.weekday().num_days_from_monday()));
    let start = monday.min(today - Duration::days(7));
    (start, monday + Duration::days(14))
}

pub fn plan(
    providers: &[ProviderIn],
    services: &[ServiceIn],
    patients: usize,
    tz: Tz,
    now: DateTime<Utc>,
    rng: &mut StdRng,
) -> Vec<Planned> {
    let today = now.with_timezone(&tz).date_naive();
    let (first, end) = window(today);
    let mut rooms: HashMap<RoomId, Vec<Span>> = HashMap::new();
    let mut patient_busy: Vec<Vec<Span>> = vec![Vec::new(); patients];
    let mut out = Vec::new();

    let mut day = first;
    while day < end {
        for provider in providers {
            let weekday = day.weekday().number_from_monday();
            for &(_, start_min, end_min) in provider.hours.iter().filter(|h| h.0 == weekday) {
                let Some(open) = local(tz, day, start_min) else { continue };
                let Some(close) = local(tz, day, end_min) else { continue };
                let mut t = open;
                while t < close {
                    if rng.gen_ratio(1, 5) {
                        t += Duration::minutes(if rng.gen_bool(0.5) { 15 } else { 30 });
                        continue;
                    }
                    let service = &services[pick_weighted(&provider.services, services, rng)];
                    let ends = t + Duration::minutes(service.minutes);
                    let blocked = ends + Duration::minutes(service.buffer);
                    if blocked > close {
                        break;
                    }
                    if overlaps(&provider.time_off, (t, blocked)) {
                        t += Duration::minutes(15);
                        continue;
                    }
                    let room = if service.rooms.is_empty() {
                        None
                    } else {
                        match service
                            .rooms
                            .iter()
                            .find(|r| !overlaps(rooms.get(r).map_or(&[][..], |v| v), (t, blocked)))
                        {
                            Some(r) => Some(*r),
                            None => {
                                t += Duration::minutes(15);
                                continue;
                            }
                        }
                    };
                    let mut patient = rng.gen_range(0..patients);
                    let mut tries = 0;
                    while overlaps(&patient_busy[patient], (t, ends)) && tries < 20 {
                        patient = rng.gen_range(0..patients);
                        tries += 1;
                    }
                    if tries == 20 {
                        t += Duration::minutes(15);
                        continue;
                    }
                    let (status, status_at) = status_for(t, ends, now, tz, rng);
                    if status.is_active() {
                        if let Some(r) = room {
                            rooms.entry(r).or_default().push((t, blocked));
                        }
                        patient_busy[patient].push((t, ends));
                    }
                    out.push(Planned {
                        patient,
                        provider: provider.id,
                        service: service.id,
                        room,
                        starts_at: t,
                        ends_at: ends,
                        blocked_until: blocked,
                        status,
                        status_at,
                        notes: rng
                            .gen_ratio(1, 8)
                            .then(|| APPOINTMENT_NOTES[rng.gen_range(0..APPOINTMENT_NOTES.len())]),
                        cancellation_reason: (status == AppointmentStatus::Cancelled)
                            .then(|| CANCEL_REASONS[rng.gen_range(0..CANCEL_REASONS.len())]),
                    });
                    // A cancelled visit frees its time; the next one may start right away.
                    t = round_up_5(if status.is_active() { blocked } else { t + Duration::minutes(15) });
                }
            }
        }
        day += Duration::days(1);
    }
    ensure_every_status(&mut out, now, tz);
    out
}

fn local(tz: Tz, day: NaiveDate, minute: i64) -> Option<DateTime<Utc>> {
    let naive = day.and_hms_opt(0, 0, 0)? + Duration::minutes(minute);
    tz.from_local_datetime(&naive).earliest().map(|t| t.with_timezone(&Utc))
}

fn round_up_5(t: DateTime<Utc>) -> DateTime<Utc> {
    let secs = t.timestamp();
    let rounded = (secs + 299) / 300 * 300;
    DateTime::from_timestamp(rounded, 0).unwrap_or(t)
}

fn pick_weighted(allowed: &[usize], services: &[ServiceIn], rng: &mut StdRng) -> usize {
    let total: u32 = allowed.iter().map(|&i| services[i].weight).sum();
    let mut roll = rng.gen_range(0..total.max(1));
    for &i in allowed {
        if roll < services[i].weight {
            return i;
        }
        roll -= services[i].weight;
    }
    allowed[0]
}

fn status_for(
    start: DateTime<Utc>,
    end: DateTime<Utc>,
    now: DateTime<Utc>,
    tz: Tz,
    rng: &mut StdRng,
) -> (AppointmentStatus, DateTime<Utc>) {
    use AppointmentStatus as S;
    let same_day = start.with_timezone(&tz).date_naive() == now.with_timezone(&tz).date_naive();
    if end <= now {
        return match rng.gen_range(0..20) {
            0..=1 => (S::NoShow, end),
            2..=3 => (S::Cancelled, start - Duration::hours(20)),
            _ => (S::Completed, end),
        };
    }
    if start <= now {
        return if rng.gen_bool(0.7) { (S::InProgress, start) } else { (S::CheckedIn, start - Duration::minutes(5)) };
    }
    let booked_at = start - Duration::days(6);
    let confirmed_at = start - Duration::days(1);
    if same_day {
        return if rng.gen_bool(0.75) { (S::Confirmed, confirmed_at) } else { (S::Booked, booked_at) };
    }
    match rng.gen_range(0..20) {
        0..=1 => (S::Cancelled, now - Duration::hours(3)),
        2..=8 => (S::Confirmed, confirmed_at.min(now)),
        _ => (S::Booked, booked_at.min(now)),
    }
}

/// The demo should show every status. Depending on the hour some cannot arise naturally (at
/// 7 am nobody is in progress yet; at 10 pm everyone has gone home), so the visits nearest to
/// now take the missing ones: today's for the statuses that only make sense on the day.
fn ensure_every_status(out: &mut [Planned], now: DateTime<Utc>, tz: Tz) {
    use AppointmentStatus as S;
    let today = now.with_timezone(&tz).date_naive();
    for wanted in [S::CheckedIn, S::InProgress, S::Completed, S::NoShow, S::Cancelled, S::Confirmed, S::Booked] {
        if out.iter().any(|p| p.status == wanted) {
            continue;
        }
        let on_the_day = matches!(wanted, S::CheckedIn | S::InProgress);
        let candidate = out
            .iter_mut()
            .filter(|p| matches!(p.status, S::Booked | S::Confirmed) || (on_the_day && p.status == S::Completed))
            .min_by_key(|p| {
                let other_day = on_the_day && p.starts_at.with_timezone(&tz).date_naive() != today;
                (other_day, p.status == S::Completed, (p.starts_at - now).num_seconds().abs())
            });
        if let Some(p) = candidate {
            p.status = wanted;
            p.status_at = now.min(p.starts_at);
            if wanted == S::Cancelled {
                p.cancellation_reason = Some(CANCEL_REASONS[0]);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use rand::SeedableRng;

    fn fixture(now: DateTime<Utc>) -> Vec<Planned> {
        let room = RoomId::generate();
        let services = vec![
            ServiceIn { id: ServiceId::generate(), minutes: 30, buffer: 10, rooms: vec![room], weight: 3 },
            ServiceIn { id: ServiceId::generate(), minutes: 45, buffer: 0, rooms: vec![], weight: 1 },
        ];
        let hours: Vec<(u32, i64, i64)> = (1..=7).map(|d| (d, 9 * 60, 17 * 60)).collect();
        let providers = vec![
            ProviderIn { id: StaffUserId::generate(), hours: hours.clone(), services: vec![0, 1], time_off: vec![] },
            ProviderIn { id: StaffUserId::generate(), hours, services: vec![0], time_off: vec![] },
        ];
        plan(&providers, &services, 30, chrono_tz::America::Los_Angeles, now, &mut StdRng::seed_from_u64(7))
    }

    #[test]
    fn nothing_overlaps_and_every_status_appears() {
        // A Wednesday at 11:00 in Los Angeles.
        let now = Utc.with_ymd_and_hms(2026, 11, 25, 19, 0, 0).unwrap();
        let plan = fixture(now);
        assert!(plan.len() > 100, "{}", plan.len());
        let active: Vec<&Planned> = plan.iter().filter(|p| p.status.is_active()).collect();
        for (i, a) in active.iter().enumerate() {
            for b in &active[i + 1..] {
                let overlap = a.starts_at < b.blocked_until && b.starts_at < a.blocked_until;
                assert!(!(overlap && a.provider == b.provider), "provider double-booked");
                assert!(!(overlap && a.room.is_some() && a.room == b.room), "room double-booked");
                let patient_overlap = a.starts_at < b.ends_at && b.starts_at < a.ends_at;
                assert!(!(patient_overlap && a.patient == b.patient), "patient in two places");
            }
        }
        for status in AppointmentStatus::ALL {
            assert!(plan.iter().any(|p| p.status == *status), "{status} missing");
        }
        assert!(plan.iter().filter(|p| p.ends_at <= now).all(|p| !matches!(p.status, AppointmentStatus::Booked)));
    }

    #[test]
    fn late_evening_still_shows_every_status() {
        let now = Utc.with_ymd_and_hms(2026, 11, 24, 5, 30, 0).unwrap(); // Monday 21:30 local
        let plan = fixture(now);
        for status in AppointmentStatus::ALL {
            assert!(plan.iter().any(|p| p.status == *status), "{status} missing");
        }
    }

    #[test]
    fn early_morning_still_shows_every_status() {
        let now = Utc.with_ymd_and_hms(2026, 11, 23, 14, 0, 0).unwrap(); // Monday 06:00 local
        let plan = fixture(now);
        for status in AppointmentStatus::ALL {
            assert!(plan.iter().any(|p| p.status == *status), "{status} missing");
        }
    }
}
