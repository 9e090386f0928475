//! An invoice's arithmetic, in one pure function over integer minor units (cents).
//!
//! The rule, applied line by line and rounded half away from zero at each step:
//! 1. a line's amount is its quantity (thousandths) times its unit price, rounded to the cent;
//! 2. its own discount comes off (never below zero), giving the line's net;
//! 3. the invoice discount is shared over the lines: a percentage is taken from each line's
//!    net; an amount (capped at the subtotal) is spread in proportion to the lines' nets, the
//!    cents left over by rounding down going to the lines with the largest remainders (the
//!    earlier line first on a tie), so the shares add up to the amount exactly;
//! 4. tax is the rate on what remains of each taxable line, unless the invoice is tax-exempt.
//!
//! So the subtotal is the sum of the nets, the discount the sum of the shares, the tax the sum
//! of the lines' taxes, and the total is subtotal − discount + tax, never negative.

/// A line as the arithmetic sees it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct LineInput {
    /// Thousandths of a unit (0.5 syringe = 500).
    pub quantity_milli: i64,
    pub unit_price_cents: i64,
    /// The line's own discount, in cents.
    pub discount_cents: i64,
    pub taxable: bool,
}

/// How the whole invoice is discounted.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum InvoiceDiscount {
    None,
    /// Basis points: 1000 = 10 %.
    Percent(i64),
    /// Cents.
    Amount(i64),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct LineTotals {
    /// Quantity × unit price, rounded.
    pub gross_cents: i64,
    /// Gross less the line's own discount.
    pub net_cents: i64,
    /// This line's share of the invoice discount.
    pub invoice_discount_cents: i64,
    pub tax_cents: i64,
}

#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Totals {
    pub lines: Vec<LineTotals>,
    /// Sum of the lines' nets.
    pub subtotal_cents: i64,
    /// The invoice discount actually taken.
    pub discount_cents: i64,
    pub tax_cents: i64,
    pub total_cents: i64,
}

/// `numerator / denominator` rounded half away from zero; `denominator` is positive.
pub fn div_round(numerator: i128, denominator: i128) -> i128 {
    let half = denominator / 2;
    if numerator >= 0 { (numerator + half) / denominator } else { -((-numerator + half) / denominator) }
}

fn clamp_i64(value: i128) -> i64 {
    value.clamp(0, i128::from(i64::MAX)) as i64
}

/// The invoice's totals. Inputs are assumed validated (non-negative; a line's discount at most
/// its amount); anything else is clamped rather than allowed to go negative.
pub fn compute(lines: &[LineInput], discount: InvoiceDiscount, tax_rate_bp: i64, tax_exempt: bool) -> Totals {
    let mut out: Vec<LineTotals> = lines
        .iter()
        .map(|l| {
            let gross = clamp_i64(div_round(i128::from(l.quantity_milli) * i128::from(l.unit_price_cents), 1000));
            LineTotals {
                gross_cents: gross,
                net_cents: (gross - l.discount_cents.max(0)).max(0),
                ..LineTotals::default()
            }
        })
        .collect();
    let subtotal: i64 = out.iter().map(|l| l.net_cents).sum();

    match discount {
        InvoiceDiscount::None => {}
        InvoiceDiscount::Percent(bp) => {
            let bp = i128::from(bp.clamp(0, 10_000));
            for line in &mut out {
                line.invoice_discount_cents = clamp_i64(div_round(i128::from(line.net_cents) * bp, 10_000));
            }
        }
        InvoiceDiscount::Amount(cents) => share_amount(&mut out, cents.clamp(0, subtotal), subtotal),
    }

    for (line, input) in out.iter_mut().zip(lines) {
        if input.taxable && !tax_exempt {
            let base = i128::from(line.net_cents - line.invoice_discount_cents);
            line.tax_cents = clamp_i64(div_round(base * i128::from(tax_rate_bp.clamp(0, 10_000)), 10_000));
        }
    }
    let discount_cents: i64 = out.iter().map(|l| l.invoice_discount_cents).sum();
    let tax_cents: i64 = out.iter().map(|l| l.tax_cents).sum();
    Totals {
        lines: out,
        subtotal_cents: subtotal,
        discount_cents,
        tax_cents,
        total_cents: subtotal - discount_cents + tax_cents,
    }
}

/// Spreads `amount` (at most `subtotal`) over the lines in proportion to their nets.
fn share_amount(lines: &mut [LineTotals], amount: i64, subtotal: i64) {
    if amount == 0 || subtotal == 0 {
        return;
    }
    let mut remainders = Vec::with_capacity(lines.len());
    let mut given = 0i64;
    for (i, line) in lines.iter_mut().enumerate() {
        let exact = i128::from(line.net_cents) * i128::from(amount);
        let share = (exact / i128::from(subtotal)) as i64;
        line.invoice_discount_cents = share;
        given += share;
        remainders.push((exact % i128::from(subtotal), i));
    }
    remainders.sort_by(|a, b| b.0.cmp(&a.0).then(a.1.cmp(&b.1)));
    for (_, i) in remainders.into_iter().take((amount - given) as usize) {
        lines[i].invoice_discount_cents += 1;
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn line(quantity_milli: i64, unit_price_cents: i64, discount_cents: i64, taxable: bool) -> LineInput {
        LineInput { quantity_milli, unit_price_cents, discount_cents, taxable }
    }

    #[test]
    fn rounds_each_line_half_away_from_zero() {
        // 0.5 × $0.05 = 2.5 cents → 3; 1.5 × $0.01 = 1.5 → 2.
        let t = compute(&[line(500, 5, 0, false), line(1500, 1, 0, false)], InvoiceDiscount::None, 0, false);
        assert_eq!([t.lines[0].gross_cents, t.lines[1].gross_cents], [3, 2]);
        assert_eq!(t.total_cents, 5);
        assert_eq!(div_round(-5, 2), -3);
    }

    #[test]
    fn neurotoxin_visit_with_ten_percent_off_and_taxed_retail() {
        // 32 units at $14, a $48 sunscreen taxed at 8.87 %, 10 % off everything.
        let t = compute(
            &[line(32_000, 1400, 0, false), line(1000, 4800, 0, true)],
            InvoiceDiscount::Percent(1000),
            887,
            false,
        );
        assert_eq!(t.subtotal_cents, 44_800 + 4800);
        assert_eq!(t.discount_cents, 4480 + 480);
        // (4800 − 480) × 8.87 % = 383.18 → 383
        assert_eq!(t.tax_cents, 383);
        assert_eq!(t.total_cents, 49_600 - 4960 + 383);
        let exempt = compute(
            &[line(32_000, 1400, 0, false), line(1000, 4800, 0, true)],
            InvoiceDiscount::Percent(1000),
            887,
            true,
        );
        assert_eq!(exempt.tax_cents, 0);
    }

    #[test]
    fn an_amount_discount_is_shared_exactly_and_capped() {
        let lines = [line(1000, 100, 0, true), line(1000, 100, 0, true), line(1000, 100, 0, true)];
        let t = compute(&lines, InvoiceDiscount::Amount(100), 0, false);
        let shares: Vec<i64> = t.lines.iter().map(|l| l.invoice_discount_cents).collect();
        assert_eq!(shares, vec![34, 33, 33]);
        let capped = compute(&lines, InvoiceDiscount::Amount(1_000_000), 1000, false);
        assert_eq!(capped.discount_cents, 300);
        assert_eq!(capped.total_cents, 0);
    }

    #[test]
    fn a_line_discount_never_makes_a_line_negative() {
        let t = compute(&[line(1000, 500, 900, true)], InvoiceDiscount::None, 1000, false);
        assert_eq!(t.lines[0].net_cents, 0);
        assert_eq!(t.total_cents, 0);
    }

    fn any_line() -> impl Strategy<Value = LineInput> {
        (1i64..=1_000_000, 0i64..=10_000_000, 0i64..=100, any::<bool>()).prop_map(|(q, price, pct, taxable)| {
            let gross = div_round(i128::from(q) * i128::from(price), 1000) as i64;
            line(q, price, gross * pct / 100, taxable)
        })
    }

    fn any_discount() -> impl Strategy<Value = InvoiceDiscount> {
        prop_oneof![
            Just(InvoiceDiscount::None),
            (0i64..=10_000).prop_map(InvoiceDiscount::Percent),
            (0i64..=100_000_000).prop_map(InvoiceDiscount::Amount),
        ]
    }

    proptest! {
        #[test]
        fn the_total_is_lines_less_discounts_plus_tax_and_never_negative(
            lines in proptest::collection::vec(any_line(), 0..30),
            discount in any_discount(),
            rate in 0i64..=10_000,
            exempt in any::<bool>(),
        ) {
            let t = compute(&lines, discount, rate, exempt);
            prop_assert_eq!(t.lines.len(), lines.len());
            prop_assert_eq!(t.subtotal_cents, t.lines.iter().map(|l| l.net_cents).sum::<i64>());
            prop_assert_eq!(t.discount_cents, t.lines.iter().map(|l| l.invoice_discount_cents).sum::<i64>());
            prop_assert_eq!(t.tax_cents, t.lines.iter().map(|l| l.tax_cents).sum::<i64>());
            prop_assert_eq!(t.total_cents, t.subtotal_cents - t.discount_cents + t.tax_cents);
            prop_assert!(t.total_cents >= 0);
            prop_assert!(t.discount_cents <= t.subtotal_cents);
            for (l, input) in t.lines.iter().zip(&lines) {
                prop_assert!(l.net_cents >= 0 && l.invoice_discount_cents <= l.net_cents);
                prop_assert!(l.tax_cents >= 0);
                if !input.taxable || exempt { prop_assert_eq!(l.tax_cents, 0); }
            }
            if let InvoiceDiscount::Amount(a) = discount {
                prop_assert_eq!(t.discount_cents, a.min(t.subtotal_cents));
            }
            if lines.iter().all(|l| !l.taxable) || exempt || rate == 0 {
                prop_assert_eq!(t.tax_cents, 0);
            }
        }
    }
}
