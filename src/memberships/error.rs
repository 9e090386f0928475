use crate::billing::BillingError;
use crate::http::{ApiError, ErrorCode, FieldProblem};

use super::model::MembershipStatus;

#[derive(Debug, thiserror::Error)]
pub enum MembershipError {
    #[error("not found")]
    NotFound,
    #[error("{field}: {message}")]
    Invalid { field: &'static str, code: &'static str, message: String },
    #[error("a plan with that name exists")]
    NameTaken,
    #[error("patients have enrolled in the plan")]
    PlanInUse,
    #[error("the plan is archived")]
    PlanArchived,
    #[error("the membership is {0}")]
    Transition(MembershipStatus),
    #[error("not enough credit left")]
    CreditUnavailable,
    #[error(transparent)]
    Billing(#[from] BillingError),
    #[error(transparent)]
    Db(#[from] sqlx::Error),
}

impl MembershipError {
    pub fn invalid(field: &'static str, code: &'static str, message: impl Into<String>) -> Self {
        Self::Invalid { field, code, message: message.into() }
    }
}

impl From<MembershipError> for ApiError {
    fn from(err: MembershipError) -> Self {
        match err {
            MembershipError::NotFound => ApiError::not_found(),
            MembershipError::Invalid { field, code, message } => {
                ApiError::validation(vec![FieldProblem::new(field, code, message)])
            }
            MembershipError::NameTaken => {
                ApiError::new(ErrorCode::AlreadyExists, "A plan with that name already exists.")
                    .field(FieldProblem::new("name", "taken", "A plan with that name already exists."))
            }
            MembershipError::PlanInUse => ApiError::new(
                ErrorCode::PlanInUse,
                "Patients have enrolled in this plan, so what it grants can't change. Archive it and make a new plan.",
            ),
            MembershipError::PlanArchived => {
                ApiError::new(ErrorCode::PlanArchived, "This plan is archived; nobody new can enrol in it.")
            }
            MembershipError::Transition(status) => ApiError::new(
                ErrorCode::InvalidTransition,
                format!("This membership is {}, so that can't be done.", status.as_str()),
            ),
            MembershipError::CreditUnavailable => ApiError::new(
                ErrorCode::CreditUnavailable,
                "There isn't enough of that credit left (it may have just been used or expired).",
            ),
            MembershipError::Billing(e) => e.into(),
            MembershipError::Db(e) => match crate::db::classify(&e) {
                crate::db::DbFailure::CreditOverdrawn => MembershipError::CreditUnavailable.into(),
                _ => e.into(),
            },
        }
    }
}

impl crate::clinic::Retryable for MembershipError {
    fn is_retryable(&self) -> bool {
        match self {
            MembershipError::Db(e) => crate::db::classify(e) == crate::db::DbFailure::Retry,
            MembershipError::Billing(e) => crate::clinic::Retryable::is_retryable(e),
            _ => false,
        }
    }
}
