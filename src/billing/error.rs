use crate::http::{ApiError, ErrorCode, FieldProblem};

use super::model::{InvoiceId, InvoiceStatus};

#[derive(Debug, thiserror::Error)]
pub enum BillingError {
    #[error("not found")]
    NotFound,
    #[error("{field}: {message}")]
    Invalid { field: &'static str, code: &'static str, message: String },
    #[error("the invoice is issued")]
    Issued,
    #[error("the invoice is void")]
    Void,
    #[error("the invoice is a draft")]
    NotIssued,
    #[error("the invoice has no lines")]
    Empty,
    #[error("the invoice has payments")]
    HasPayments,
    #[error("more than the balance")]
    Overpayment { balance_cents: i64 },
    #[error("more than was paid")]
    RefundExceedsPaid { refundable_cents: i64 },
    #[error("the payment is already void")]
    PaymentVoided,
    #[error("voiding the payment would leave more refunded than paid")]
    PaymentRefunded,
    #[error("the idempotency key was used for another invoice")]
    KeyReused(InvoiceId),
    #[error(transparent)]
    Db(#[from] sqlx::Error),
}

impl BillingError {
    pub fn invalid(field: &'static str, code: &'static str, message: impl Into<String>) -> Self {
        Self::Invalid { field, code, message: message.into() }
    }

    /// The refusal for changing an invoice in this state.
    pub(super) fn not_draft(status: InvoiceStatus) -> Self {
        if status == InvoiceStatus::Void { Self::Void } else { Self::Issued }
    }
}

fn cents(amount: i64) -> String {
    format!("{}.{:02}", amount / 100, amount % 100)
}

impl From<BillingError> for ApiError {
    fn from(err: BillingError) -> Self {
        match err {
            BillingError::NotFound => ApiError::not_found(),
            BillingError::Invalid { field, code, message } => {
                ApiError::validation(vec![FieldProblem::new(field, code, message)])
            }
            BillingError::Issued => ApiError::new(
                ErrorCode::InvoiceIssued,
                "This invoice has been issued, so it can't be edited. Void it and make a new one, or record a refund.",
            ),
            BillingError::Void => ApiError::new(ErrorCode::InvoiceVoid, "This invoice is void."),
            BillingError::NotIssued => {
                ApiError::new(ErrorCode::InvoiceNotIssued, "Issue the invoice before recording payments on it.")
            }
            BillingError::Empty => ApiError::new(ErrorCode::InvoiceEmpty, "Add at least one line before issuing."),
            BillingError::HasPayments => ApiError::new(
                ErrorCode::InvoiceHasPayments,
                "This invoice has payments. Refund or void them before voiding the invoice.",
            ),
            BillingError::Overpayment { balance_cents } => ApiError::new(
                ErrorCode::Overpayment,
                format!("That is more than the balance due ({}).", cents(balance_cents)),
            )
            .field(FieldProblem::new("amountCents", "over_balance", "More than the balance due.")),
            BillingError::RefundExceedsPaid { refundable_cents } => ApiError::new(
                ErrorCode::RefundExceedsPaid,
                format!("A refund can be at most what was paid and not yet refunded ({}).", cents(refundable_cents)),
            )
            .field(FieldProblem::new("amountCents", "over_paid", "More than was paid.")),
            BillingError::PaymentVoided => ApiError::new(ErrorCode::PaymentVoided, "This payment is already void."),
            BillingError::PaymentRefunded => ApiError::new(
                ErrorCode::PaymentRefunded,
                "Voiding this payment would leave more refunded than paid. Void the refund first.",
            ),
            BillingError::KeyReused(_) => ApiError::new(
                ErrorCode::IdempotencyKeyReused,
                "That Idempotency-Key was already used for a payment on another invoice.",
            ),
            BillingError::Db(e) => e.into(),
        }
    }
}

impl crate::clinic::Retryable for BillingError {
    fn is_retryable(&self) -> bool {
        matches!(self, BillingError::Db(e) if crate::db::classify(e) == crate::db::DbFailure::Retry)
    }
}
