//! Free start times for a service: the pure part of availability.
//!
//! A start time is free for a provider when the whole visit (duration) fits inside one of their
//! working spans for that day (in the clinic's wall-clock time), and the visit plus its buffer
//! overlaps none of their appointments or time off; when the service needs a room, some eligible
//! room must be free for the visit plus buffer as well. Candidate starts step through each span on
//! the clinic's slot grid (every `step` minutes from midnight). Wall-clock times that do not exist
//! on a DST change day are skipped; repeated ones take their first occurrence.

use std::collections::BTreeMap;

use chrono::offset::LocalResult;
use chrono::{DateTime, Datelike, Duration, NaiveDate, TimeZone, Utc};
use chrono_tz::Tz;

use super::model::RoomId;
use crate::staff::StaffUserId;

pub type Span = (DateTime<Utc>, DateTime<Utc>);

/// Busy time, sorted and merged, answering "does this span overlap?" by binary search.
#[derive(Debug, Clone, Default)]
pub struct Busy(Vec<Span>);

impl Busy {
    pub fn new(mut spans: Vec<Span>) -> Self {
        spans.retain(|(a, b)| a < b);
        spans.sort();
        let mut merged: Vec<Span> = Vec::with_capacity(spans.len());
        for (start, end) in spans {
            match merged.last_mut() {
                Some(last) if start <= last.1 => last.1 = last.1.max(end),
                _ => merged.push((start, end)),
            }
        }
        Self(merged)
    }

    /// Half-open overlap: [a, b) meets [c, d) when a < d and c < b.
    pub fn overlaps(&self, (start, end): Span) -> bool {
        let i = self.0.partition_point(|(_, busy_end)| *busy_end <= start);
        self.0.get(i).is_some_and(|(busy_start, _)| *busy_start < end)
    }
}

#[derive(Debug, Clone, Copy)]
pub struct ServiceNeeds {
    pub duration: Duration,
    pub buffer: Duration,
    pub needs_room: bool,
}

#[derive(Debug, Clone)]
pub struct ProviderCalendar {
    pub id: StaffUserId,
    /// (ISO weekday, start minute, end minute) in wall-clock time.
    pub hours: Vec<(u32, u32, u32)>,
    /// Appointments (up to their buffer's end) and time off.
    pub busy: Busy,
}

#[derive(Debug, Clone)]
pub struct RoomCalendar {
    pub id: RoomId,
    pub busy: Busy,
}

#[derive(Debug, Clone)]
pub struct Request<'a> {
    pub tz: Tz,
    pub from: NaiveDate,
    /// Inclusive.
    pub to: NaiveDate,
    pub step_minutes: u32,
    /// Nothing earlier than this (now, plus any minimum notice).
    pub not_before: DateTime<Utc>,
    pub service: ServiceNeeds,
    /// Only providers who perform the service.
    pub providers: &'a [ProviderCalendar],
    /// Only rooms the service may use.
    pub rooms: &'a [RoomCalendar],
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Slot {
    pub starts_at: DateTime<Utc>,
    pub ends_at: DateTime<Utc>,
    /// Who could take it, and in which room.
    pub options: Vec<(StaffUserId, Option<RoomId>)>,
}

fn resolve(tz: Tz, day: NaiveDate, minute: u32) -> Option<DateTime<Utc>> {
    let naive = day.and_hms_opt(0, 0, 0)? + Duration::minutes(i64::from(minute));
    match tz.from_local_datetime(&naive) {
        LocalResult::Single(t) => Some(t.with_timezone(&Utc)),
        LocalResult::Ambiguous(first, _) => Some(first.with_timezone(&Utc)),
        LocalResult::None => None,
    }
}

/// Minutes since the day's midnight of an instant, on that day, in wall-clock time.
fn wall_minute(tz: Tz, day: NaiveDate, at: DateTime<Utc>) -> Option<i64> {
    let local = at.with_timezone(&tz).naive_local();
    let midnight = day.and_hms_opt(0, 0, 0)?;
    Some((local - midnight).num_minutes())
}

pub fn free_slots(req: &Request<'_>) -> Vec<Slot> {
    let step = req.step_minutes.max(5);
    let length = req.service.duration;
    let blocked = length + req.service.buffer;
    let mut by_start: BTreeMap<DateTime<Utc>, Vec<(StaffUserId, Option<RoomId>)>> = BTreeMap::new();
    let mut day = req.from;
    while day <= req.to {
        let weekday = day.weekday().number_from_monday();
        for provider in req.providers {
            for &(_, open, close) in provider.hours.iter().filter(|h| h.0 == weekday) {
                let mut minute = open.div_ceil(step) * step;
                while i64::from(minute) + length.num_minutes() <= i64::from(close) {
                    let candidate = minute;
                    minute += step;
                    let Some(start) = resolve(req.tz, day, candidate) else { continue };
                    if start < req.not_before {
                        continue;
                    }
                    // The visit must end inside the span by the wall clock, also across DST.
                    let end = start + length;
                    if wall_minute(req.tz, day, end).is_none_or(|m| m > i64::from(close)) {
                        continue;
                    }
                    let span = (start, start + blocked);
                    if provider.busy.overlaps(span) {
                        continue;
                    }
                    let room = if req.service.needs_room {
                        match req.rooms.iter().find(|r| !r.busy.overlaps(span)) {
                            Some(r) => Some(r.id),
                            None => continue,
                        }
                    } else {
                        None
                    };
                    by_start.entry(start).or_default().push((provider.id, room));
                }
            }
        }
        day = match day.succ_opt() {
            Some(next) => next,
            None => break,
        };
    }
    by_start.into_iter().map(|(starts_at, options)| Slot { starts_at, ends_at: starts_at + length, options }).collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    const LA: Tz = chrono_tz::America::Los_Angeles;

    fn at(y: i32, mo: u32, d: u32, h: u32, mi: u32) -> DateTime<Utc> {
        LA.with_ymd_and_hms(y, mo, d, h, mi, 0).earliest().unwrap().with_timezone(&Utc)
    }

    fn needs(minutes: i64, buffer: i64, room: bool) -> ServiceNeeds {
        ServiceNeeds { duration: Duration::minutes(minutes), buffer: Duration::minutes(buffer), needs_room: room }
    }

    fn provider(hours: &[(u32, u32, u32)], busy: Vec<Span>) -> ProviderCalendar {
        ProviderCalendar { id: StaffUserId::generate(), hours: hours.to_vec(), busy: Busy::new(busy) }
    }

    fn day(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap()
    }

    fn local_hm(t: DateTime<Utc>) -> String {
        t.with_timezone(&LA).format("%H:%M").to_string()
    }

    #[test]
    fn busy_overlap_is_half_open() {
        let b = Busy::new(vec![(at(2026, 5, 4, 10, 0), at(2026, 5, 4, 11, 0))]);
        assert!(b.overlaps((at(2026, 5, 4, 10, 30), at(2026, 5, 4, 10, 45))));
        assert!(!b.overlaps((at(2026, 5, 4, 11, 0), at(2026, 5, 4, 11, 30))), "back to back is fine");
        assert!(!b.overlaps((at(2026, 5, 4, 9, 0), at(2026, 5, 4, 10, 0))));
    }

    #[test]
    fn a_day_with_one_appointment_and_buffers() {
        // Monday 4 May 2026, hours 9:00-12:00, a 30-minute service with a 10-minute buffer,
        // an existing appointment 10:00-10:40 (its buffer included).
        let p = provider(&[(1, 540, 720)], vec![(at(2026, 5, 4, 10, 0), at(2026, 5, 4, 10, 40))]);
        let providers = [p];
        let req = Request {
            tz: LA,
            from: day(2026, 5, 4),
            to: day(2026, 5, 4),
            step_minutes: 15,
            not_before: at(2026, 5, 1, 0, 0),
            service: needs(30, 10, false),
            providers: &providers,
            rooms: &[],
        };
        let starts: Vec<String> = free_slots(&req).iter().map(|s| local_hm(s.starts_at)).collect();
        // 9:15 would run its buffer to 9:55 (fine); 9:30's buffer reaches 10:10 (not fine).
        assert_eq!(starts, ["09:00", "09:15", "10:45", "11:00", "11:15", "11:30"]);
    }

    #[test]
    fn rooms_must_be_free_too() {
        let providers = [provider(&[(1, 540, 600)], vec![])];
        let busy_room = RoomCalendar {
            id: RoomId::generate(),
            busy: Busy::new(vec![(at(2026, 5, 4, 9, 0), at(2026, 5, 4, 9, 40))]),
        };
        let rooms = [busy_room];
        let req = Request {
            tz: LA,
            from: day(2026, 5, 4),
            to: day(2026, 5, 4),
            step_minutes: 10,
            not_before: at(2026, 5, 1, 0, 0),
            service: needs(20, 0, true),
            providers: &providers,
            rooms: &rooms,
        };
        let starts: Vec<String> = free_slots(&req).iter().map(|s| local_hm(s.starts_at)).collect();
        assert_eq!(starts, ["09:40"]);
        assert!(free_slots(&Request { rooms: &[], ..req.clone() }).is_empty(), "no room at all: nothing");
    }

    #[test]
    fn time_off_and_notice_and_other_weekdays() {
        let off = (at(2026, 5, 5, 0, 0), at(2026, 5, 6, 0, 0));
        let providers = [provider(&[(1, 540, 600), (2, 540, 600)], vec![off])];
        let req = Request {
            tz: LA,
            from: day(2026, 5, 3),
            to: day(2026, 5, 6),
            step_minutes: 30,
            not_before: at(2026, 5, 4, 9, 15),
            service: needs(30, 0, false),
            providers: &providers,
            rooms: &[],
        };
        let slots = free_slots(&req);
        assert_eq!(slots.len(), 1, "Sunday closed, Monday 9:00 too soon, Tuesday off, Wednesday closed");
        assert_eq!(local_hm(slots[0].starts_at), "09:30");
    }

    #[test]
    fn several_providers_share_a_start_time() {
        let a = provider(&[(1, 540, 570)], vec![]);
        let b = provider(&[(1, 540, 570)], vec![]);
        let providers = [a.clone(), b.clone()];
        let req = Request {
            tz: LA,
            from: day(2026, 5, 4),
            to: day(2026, 5, 4),
            step_minutes: 30,
            not_before: at(2026, 5, 1, 0, 0),
            service: needs(30, 0, false),
            providers: &providers,
            rooms: &[],
        };
        let slots = free_slots(&req);
        assert_eq!(slots.len(), 1);
        assert_eq!(slots[0].options, vec![(a.id, None), (b.id, None)]);
    }

    #[test]
    fn spring_forward_skips_the_missing_hour() {
        // Sunday 8 March 2026: clocks jump from 2:00 to 3:00 in Los Angeles.
        let providers = [provider(&[(7, 60, 300)], vec![])];
        let req = Request {
            tz: LA,
            from: day(2026, 3, 8),
            to: day(2026, 3, 8),
            step_minutes: 30,
            not_before: at(2026, 3, 1, 0, 0),
            service: needs(30, 0, false),
            providers: &providers,
            rooms: &[],
        };
        let starts: Vec<String> = free_slots(&req).iter().map(|s| local_hm(s.starts_at)).collect();
        assert_eq!(starts, ["01:00", "01:30", "03:00", "03:30", "04:00", "04:30"]);
        // 1:30 lasts 30 real minutes and ends at 3:00 by the wall clock.
        let first = free_slots(&req)[1].clone();
        assert_eq!(first.ends_at - first.starts_at, Duration::minutes(30));
    }

    #[test]
    fn fall_back_offers_each_wall_clock_time_once() {
        // Sunday 1 November 2026: 1:00-2:00 happens twice in Los Angeles.
        let providers = [provider(&[(7, 0, 240)], vec![])];
        let req = Request {
            tz: LA,
            from: day(2026, 11, 1),
            to: day(2026, 11, 1),
            step_minutes: 60,
            not_before: at(2026, 10, 1, 0, 0),
            service: needs(60, 0, false),
            providers: &providers,
            rooms: &[],
        };
        let starts: Vec<String> = free_slots(&req).iter().map(|s| local_hm(s.starts_at)).collect();
        // The first 1:00 lasts until the second 1:00, which by the wall clock is not past 4:00.
        assert_eq!(starts, ["00:00", "01:00", "02:00", "03:00"]);
        let slots = free_slots(&req);
        assert!(slots.windows(2).all(|w| w[0].starts_at < w[1].starts_at));
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(200))]

        /// Whatever the bookings, no slot overlaps one, and every slot lies inside working hours.
        #[test]
        fn slots_never_overlap_bookings_and_stay_inside_hours(
            bookings in prop::collection::vec((0u32..(14 * 24 * 4), 1u32..12), 0..40),
            room_bookings in prop::collection::vec((0u32..(14 * 24 * 4), 1u32..12), 0..20),
            open in 6u32..12,
            length in 1u32..8,
            duration in prop::sample::select(vec![15i64, 30, 45, 60, 90]),
            buffer in prop::sample::select(vec![0i64, 5, 10, 15]),
            step in prop::sample::select(vec![5u32, 10, 15, 30]),
            needs_room in any::<bool>(),
            zone in prop::sample::select(vec![LA, chrono_tz::Europe::London, chrono_tz::Australia::Sydney, chrono_tz::UTC]),
        ) {
            // Two weeks that straddle a DST change in the northern hemisphere (and Sydney's in April).
            let from = NaiveDate::from_ymd_opt(2026, 3, 2).unwrap();
            let to = NaiveDate::from_ymd_opt(2026, 3, 15).unwrap();
            let origin = zone.from_local_datetime(&from.and_hms_opt(0, 0, 0).unwrap()).earliest().unwrap().with_timezone(&Utc);
            let span = |(q, n): (u32, u32)| {
                let s = origin + Duration::minutes(i64::from(q) * 15);
                (s, s + Duration::minutes(i64::from(n) * 15))
            };
            let busy: Vec<Span> = bookings.into_iter().map(span).collect();
            let room_busy: Vec<Span> = room_bookings.into_iter().map(span).collect();
            let hours: Vec<(u32, u32, u32)> = (1..=7).map(|d| (d, open * 60, (open + length).min(24) * 60)).collect();
            let providers = [ProviderCalendar { id: StaffUserId::generate(), hours: hours.clone(), busy: Busy::new(busy.clone()) }];
            let rooms = [RoomCalendar { id: RoomId::generate(), busy: Busy::new(room_busy.clone()) }];
            let req = Request {
                tz: zone, from, to, step_minutes: step, not_before: origin,
                service: ServiceNeeds { duration: Duration::minutes(duration), buffer: Duration::minutes(buffer), needs_room },
                providers: &providers, rooms: &rooms,
            };
            for slot in free_slots(&req) {
                let blocked_end = slot.starts_at + Duration::minutes(duration + buffer);
                for (b0, b1) in &busy {
                    prop_assert!(!(slot.starts_at < *b1 && *b0 < blocked_end), "slot overlaps a booking");
                }
                if needs_room {
                    for (b0, b1) in &room_busy {
                        prop_assert!(!(slot.starts_at < *b1 && *b0 < blocked_end), "slot overlaps the room's booking");
                    }
                    prop_assert!(slot.options.iter().all(|(_, r)| r.is_some()));
                }
                let local_start = slot.starts_at.with_timezone(&zone);
                let local_end = slot.ends_at.with_timezone(&zone);
                let day = local_start.date_naive();
                let start_m = (local_start.naive_local() - day.and_hms_opt(0, 0, 0).unwrap()).num_minutes();
                let end_m = (local_end.naive_local() - day.and_hms_opt(0, 0, 0).unwrap()).num_minutes();
                prop_assert!(start_m >= i64::from(open * 60), "starts before opening");
                prop_assert!(end_m <= i64::from((open + length).min(24) * 60), "ends after closing");
                prop_assert_eq!(slot.ends_at - slot.starts_at, Duration::minutes(duration));
                prop_assert!(slot.starts_at >= origin);
            }
        }
    }
}
