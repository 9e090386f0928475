//! What may happen to an appointment, and when. Pure, so every rule is tested on its own.

use super::model::AppointmentStatus;
use AppointmentStatus as S;

#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum RuleError {
    #[error("A {from} appointment can't become {to}.")]
    NotAllowed { from: &'static str, to: &'static str },
    #[error("Patients can be checked in only on the day of their appointment.")]
    NotTheDay,
    #[error("An appointment can be marked a no-show only once its start time has passed.")]
    NotStartedYet,
    #[error("A {0} appointment can't be moved or changed.")]
    Frozen(&'static str),
    #[error("A {0} appointment can't be cancelled.")]
    NotCancellable(&'static str),
}

fn label(s: S) -> &'static str {
    match s {
        S::Booked => "booked",
        S::Confirmed => "confirmed",
        S::CheckedIn => "checked-in",
        S::InProgress => "in-progress",
        S::Completed => "completed",
        S::Cancelled => "cancelled",
        S::NoShow => "no-show",
    }
}

/// Whether `from` may move to `to`. `on_the_day`: today is the appointment's day in the clinic's
/// time zone; `started`: its start time has passed.
pub fn check_transition(from: S, to: S, on_the_day: bool, started: bool) -> Result<(), RuleError> {
    let allowed = match from {
        S::Booked => matches!(to, S::Confirmed | S::CheckedIn | S::NoShow),
        S::Confirmed => matches!(to, S::Booked | S::CheckedIn | S::NoShow),
        S::CheckedIn => matches!(to, S::InProgress | S::Completed | S::Confirmed),
        S::InProgress => matches!(to, S::Completed | S::CheckedIn),
        S::NoShow => matches!(to, S::Booked),
        S::Completed | S::Cancelled => false,
    };
    if !allowed || to == S::Cancelled {
        return Err(RuleError::NotAllowed { from: label(from), to: label(to) });
    }
    if to == S::CheckedIn && from != S::InProgress && !on_the_day {
        return Err(RuleError::NotTheDay);
    }
    if to == S::NoShow && !started {
        return Err(RuleError::NotStartedYet);
    }
    Ok(())
}

/// Whether an appointment may still be moved, resized or reassigned.
pub fn check_editable(status: S) -> Result<(), RuleError> {
    match status {
        S::Completed | S::Cancelled | S::NoShow => Err(RuleError::Frozen(label(status))),
        _ => Ok(()),
    }
}

pub fn check_cancellable(status: S) -> Result<(), RuleError> {
    match status {
        S::Booked | S::Confirmed | S::CheckedIn => Ok(()),
        other => Err(RuleError::NotCancellable(label(other))),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_day_runs_forward() {
        for (from, to) in [
            (S::Booked, S::Confirmed),
            (S::Confirmed, S::CheckedIn),
            (S::CheckedIn, S::InProgress),
            (S::InProgress, S::Completed),
        ] {
            assert_eq!(check_transition(from, to, true, true), Ok(()), "{from} -> {to}");
        }
    }

    #[test]
    fn mistakes_can_be_undone_but_endings_are_final() {
        assert!(check_transition(S::Confirmed, S::Booked, true, false).is_ok());
        assert!(check_transition(S::CheckedIn, S::Confirmed, true, true).is_ok());
        assert!(check_transition(S::NoShow, S::Booked, true, true).is_ok());
        for to in AppointmentStatus::ALL {
            assert!(check_transition(S::Completed, *to, true, true).is_err(), "completed -> {to}");
            assert!(check_transition(S::Cancelled, *to, true, true).is_err(), "cancelled -> {to}");
        }
    }

    #[test]
    fn no_completing_what_never_started_and_no_cancelling_through_status() {
        assert!(check_transition(S::Booked, S::Completed, true, true).is_err());
        assert!(check_transition(S::Booked, S::Cancelled, true, true).is_err());
    }

    #[test]
    fn check_in_only_on_the_day_and_no_show_only_once_started() {
        assert_eq!(check_transition(S::Booked, S::CheckedIn, false, false), Err(RuleError::NotTheDay));
        assert_eq!(check_transition(S::Booked, S::NoShow, true, false), Err(RuleError::NotStartedYet));
        assert!(check_transition(S::Booked, S::NoShow, true, true).is_ok());
    }

    #[test]
    fn what_can_be_edited_and_cancelled() {
        assert!(check_editable(S::InProgress).is_ok());
        assert!(check_editable(S::Completed).is_err());
        assert!(check_cancellable(S::CheckedIn).is_ok());
        assert!(check_cancellable(S::InProgress).is_err());
        assert!(check_cancellable(S::Cancelled).is_err());
    }
}
