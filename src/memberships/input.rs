//! Checks on what the memberships API is sent, each refusal naming its field.

use super::dto::{AdjustIn, PlanBenefitIn, PlanIn};
use super::model::*;
use super::service::enrol::Adjustment;
use crate::catalogue::ProductKind;
use crate::http::input::{optional_text, text};
use crate::http::{ApiError, FieldProblem};
use crate::scheduling::ServiceId;

const MAX_AMOUNT: i64 = 100_000_000;

fn problem(field: impl Into<String>, code: &'static str, message: &str) -> ApiError {
    ApiError::validation(vec![FieldProblem::new(field, code, message)])
}

pub(super) fn reason(value: &str) -> Result<String, ApiError> {
    text("reason", value, 500)
}

/// A credit and its amount from the wire's columns: thousandths for sessions and units,
/// cents for money; the other column must be zero.
fn credit(
    field: &str,
    kind: CreditKind,
    service: Option<ServiceId>,
    product_kind: Option<ProductKind>,
    quantity_milli: i64,
    amount_cents: i64,
) -> Result<(Credit, i64), ApiError> {
    let (credit, amount, other) = match kind {
        CreditKind::Service => {
            let service = service.ok_or_else(|| problem(field, "required", "A service credit names its service."))?;
            (Credit::Service(service), quantity_milli, amount_cents)
        }
        CreditKind::Units => {
            let kind =
                product_kind.ok_or_else(|| problem(field, "required", "A unit credit names its kind of product."))?;
            (Credit::Units(kind), quantity_milli, amount_cents)
        }
        CreditKind::Money => (Credit::Money, amount_cents, quantity_milli),
    };
    if other != 0 {
        return Err(problem(field, "invalid", "Give sessions and units as quantityMilli, money as amountCents."));
    }
    Ok((credit, amount))
}

fn benefit(i: usize, b: &PlanBenefitIn) -> Result<BenefitInput, ApiError> {
    let field = format!("benefits[{i}]");
    let (credit, amount) =
        credit(&field, b.credit_kind, b.service_id, b.product_kind, b.quantity_milli, b.amount_cents)?;
    if !(1..=MAX_AMOUNT).contains(&amount) {
        return Err(problem(field, "out_of_range", "Each credit is more than 0."));
    }
    Ok(BenefitInput { credit, amount })
}

pub(super) fn plan(body: &PlanIn) -> Result<PlanInput, ApiError> {
    let name = text("name", &body.name, 80)?;
    let description = optional_text("description", body.description.as_deref(), 1000)?;
    if !(0..=MAX_AMOUNT).contains(&body.price_cents) {
        return Err(problem("priceCents", "out_of_range", "A price is from 0 to 1,000,000.00."));
    }
    match (body.kind, body.billing_interval) {
        (PlanKind::Membership, BillingInterval::None) => {
            return Err(problem("billingInterval", "invalid", "A membership is billed monthly or yearly."));
        }
        (PlanKind::Package, BillingInterval::Month | BillingInterval::Year) => {
            return Err(problem("billingInterval", "invalid", "A package is paid once: use none."));
        }
        _ => {}
    }
    let validity_days = match body.kind {
        PlanKind::Package => match body.validity_days {
            Some(days) if (1..=3650).contains(&days) => Some(days),
            _ => return Err(problem("validityDays", "out_of_range", "A package lasts 1 to 3,650 days.")),
        },
        PlanKind::Membership => None,
    };
    if !(0..=10_000).contains(&body.member_discount_bp) {
        return Err(problem("memberDiscountBp", "out_of_range", "A discount is 0 to 100 %."));
    }
    if !(0..=24).contains(&body.credit_rollover_months) {
        return Err(problem("creditRolloverMonths", "out_of_range", "Credits roll over for 0 to 24 months."));
    }
    if body.benefits.len() > 20 {
        return Err(problem("benefits", "too_many", "Up to 20 credits."));
    }
    let benefits = body.benefits.iter().enumerate().map(|(i, b)| benefit(i, b)).collect::<Result<Vec<_>, _>>()?;
    if benefits.is_empty() && body.member_discount_bp == 0 {
        return Err(problem("benefits", "required", "A plan grants at least one credit or a member discount."));
    }
    Ok(PlanInput {
        kind: body.kind,
        name,
        description,
        price_cents: body.price_cents,
        interval: body.billing_interval,
        member_discount_bp: body.member_discount_bp,
        discount_services: body.discount_services,
        discount_products: body.discount_products,
        validity_days,
        rollover_months: if body.kind == PlanKind::Membership { body.credit_rollover_months } else { 0 },
        benefits,
    })
}

pub(super) fn adjustment(body: &AdjustIn) -> Result<Adjustment, ApiError> {
    let (credit, amount) = credit(
        "creditKind",
        body.credit_kind,
        body.service_id,
        body.product_kind,
        body.quantity_milli,
        body.amount_cents,
    )?;
    if amount == 0 || amount.abs() > MAX_AMOUNT {
        return Err(problem("quantityMilli", "out_of_range", "An adjustment adds or removes something."));
    }
    if amount < 0 && body.expires_on.is_some() {
        return Err(problem("expiresOn", "invalid", "Only an added credit has a last day."));
    }
    Ok(Adjustment { credit, amount, reason: reason(&body.reason)?, expires_on: body.expires_on })
}
