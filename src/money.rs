//! Exact money and the one place where it is rounded, for display only.
//!
//! # The rounding rule
//! Costs are computed exactly with [`Decimal`]. For display, every line item's monthly (and annual)
//! amount is rounded to the cent, half away from zero (`0.005` → `0.01`), the way an invoice rounds
//! its lines. A displayed subtotal or total is the sum of the rounded figures displayed above it, so
//! every displayed table adds up to its displayed total to the cent. The displayed total can differ
//! from the exact total rounded on its own by at most half a cent per line; JSON carries the exact
//! figures. Unit prices are never rounded: they show their full precision (at least two decimals).

use rust_decimal::{Decimal, RoundingStrategy};

/// Hours per month by the AWS Pricing Calculator convention (8,760 / 12).
pub const DEFAULT_HOURS_PER_MONTH: Decimal = Decimal::from_parts(730, 0, 0, false, 0);
/// Months per year.
pub const MONTHS_PER_YEAR: Decimal = Decimal::from_parts(12, 0, 0, false, 0);

/// Rounds an amount to the cent, half away from zero. The only money rounding in costplan.
pub fn round_cents(amount: Decimal) -> Decimal {
    amount.round_dp_with_strategy(2, RoundingStrategy::MidpointAwayFromZero)
}

/// The displayed sum of some amounts: each rounded to the cent, then added. Every displayed
/// subtotal and total (reports, budget, diff, charts, simulations) is this sum, so every table
/// adds up to the total it shows.
pub fn shown_sum(amounts: impl IntoIterator<Item = Decimal>) -> Decimal {
    amounts.into_iter().map(round_cents).sum()
}

/// [`shown_sum`] that reports an overflow as `None` instead of panicking (the pricer's path,
/// which prices amounts from untrusted input).
pub fn checked_shown_sum(amounts: impl IntoIterator<Item = Decimal>) -> Option<Decimal> {
    amounts
        .into_iter()
        .try_fold(Decimal::ZERO, |sum, a| sum.checked_add(round_cents(a)))
}

/// A rounded amount as `1,234.56` (thousands separators, always two decimals).
pub fn format_usd(amount: Decimal) -> String {
    group_thousands(&format!("{:.2}", round_cents(amount)))
}

/// A rounded amount as `1234.56` (no separators), for CSV and machine-read text.
pub fn plain_usd(amount: Decimal) -> String {
    format!("{:.2}", round_cents(amount))
}

/// A unit price at its full precision, never fewer than two decimals: `0.04048`, `3.00`, `0.144`.
pub fn format_price(price: Decimal) -> String {
    let n = price.normalize();
    if n.scale() < 2 {
        format!("{n:.2}")
    } else {
        n.to_string()
    }
}

/// A quantity at its full precision with thousands separators: `1,460`, `912.5`, `0.2`.
pub fn format_quantity(quantity: Decimal) -> String {
    group_thousands(&quantity.normalize().to_string())
}

/// A signed amount: `+12.34`, `-0.50`, `0.00`.
pub fn format_signed_usd(amount: Decimal) -> String {
    let r = round_cents(amount);
    if r > Decimal::ZERO {
        format!("+{}", format_usd(r))
    } else if r < Decimal::ZERO {
        format!("-{}", format_usd(-r))
    } else {
        format_usd(Decimal::ZERO)
    }
}

/// The change from `base` by `delta` in percent, rounded to one decimal half away from zero;
/// `None` when the base is zero (a change from nothing has no percentage).
pub fn percent_change(delta: Decimal, base: Decimal) -> Option<Decimal> {
    if base.is_zero() {
        return None;
    }
    let p = delta.checked_div(base)?.checked_mul(Decimal::ONE_HUNDRED)?;
    let mut p = p.round_dp_with_strategy(1, RoundingStrategy::MidpointAwayFromZero);
    p.rescale(1);
    Some(p)
}

/// A percentage with its sign and one decimal: `+12.3%`, `-4.0%`, `0.0%`.
pub fn format_percent(percent: Decimal) -> String {
    format_percent_places(percent, 1)
}

/// A percentage with its sign and `places` decimals, rounded half away from zero like money:
/// `+4.99%`, `-10.00%`, `0.00%`. The only percent formatter in costplan.
pub fn format_percent_places(percent: Decimal, places: u32) -> String {
    let p = plain_percent_places(percent, places);
    let sign = if p > Decimal::ZERO { "+" } else { "" };
    format!("{sign}{p}%")
}

/// Reads a percentage as people write it, with or without the sign: `10%`, `12.5 %`, `10` → the
/// number of percent (`10`, `12.5`, `10`). The one parser of every percent costplan takes
/// (`--growth`, `--swing`, `--fail-on-increase-percent`); callers check the range they allow.
pub fn parse_percent(text: &str) -> Option<Decimal> {
    let t = text.trim();
    t.strip_suffix('%').unwrap_or(t).trim_end().parse().ok()
}

/// A percentage as a number with one decimal and no sign or `%` (`12.3`, `-4.0`), for CSV.
pub fn plain_percent(percent: Decimal) -> Decimal {
    plain_percent_places(percent, 1)
}

fn plain_percent_places(percent: Decimal, places: u32) -> Decimal {
    let mut p = percent.round_dp_with_strategy(places, RoundingStrategy::MidpointAwayFromZero);
    p.rescale(places);
    if p.is_zero() {
        // No `-0.0`.
        p.set_sign_positive(true);
    }
    p
}

fn group_thousands(s: &str) -> String {
    let (sign, rest) = match s.strip_prefix('-') {
        Some(r) => ("-", r),
        None => ("", s),
    };
    let (int, frac) = match rest.find('.') {
        Some(i) => (&rest[..i], &rest[i..]),
        None => (rest, ""),
    };
    let mut out = String::with_capacity(s.len() + int.len() / 3);
    for (i, c) in int.chars().enumerate() {
        if i > 0 && (int.len() - i) % 3 == 0 {
            out.push(',');
        }
        out.push(c);
    }
    format!("{sign}{out}{frac}")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> Decimal {
        s.parse().unwrap()
    }

    #[track_caller]
    fn case(f: fn(Decimal) -> String, input: &str, expected: &str) {
        assert_eq!(f(d(input)), expected);
    }

    #[test]
    fn rounds_half_away_from_zero() {
        case(format_usd, "16.425", "16.43");
        case(format_usd, "1.168", "1.17");
        case(format_usd, "-0.005", "-0.01");
        case(format_usd, "0.0049", "0.00");
        case(format_usd, "1234567.891", "1,234,567.89");
    }

    #[test]
    fn prices_keep_full_precision() {
        case(format_price, "0.0404800000", "0.04048");
        case(format_price, "3", "3.00");
        case(format_price, "0.144", "0.144");
        case(format_price, "0.000005", "0.000005");
    }

    #[test]
    fn quantities_are_grouped_and_normalised() {
        case(format_quantity, "1460.000", "1,460");
        case(format_quantity, "912.5", "912.5");
        case(format_quantity, "0.2", "0.2");
    }

    #[test]
    fn percentages_round_to_one_decimal_and_need_a_base() {
        assert_eq!(percent_change(d("1"), d("3")), Some(d("33.3")));
        assert_eq!(percent_change(d("-1"), d("8")), Some(d("-12.5")));
        assert_eq!(percent_change(d("5"), Decimal::ZERO), None);
        case(format_percent, "12.25", "+12.3%");
        case(format_percent, "-4", "-4.0%");
        case(format_percent, "-0.0", "0.0%");
        case(format_percent, "-0.04", "0.0%");
        assert_eq!(format_percent_places(d("0.005"), 2), "+0.01%");
        assert_eq!(format_percent_places(d("-10"), 2), "-10.00%");
    }

    #[test]
    fn percentages_are_read_with_or_without_the_sign() {
        assert_eq!(parse_percent("10%"), Some(d("10")));
        assert_eq!(parse_percent(" 12.5 % "), Some(d("12.5")));
        assert_eq!(parse_percent("10"), Some(d("10")));
        assert_eq!(parse_percent("-5%"), Some(d("-5")));
        assert_eq!(parse_percent("%"), None);
        assert_eq!(parse_percent("10%%"), None);
        assert_eq!(parse_percent("ten"), None);
    }

    #[test]
    fn shown_sums_round_each_amount_then_add() {
        let amounts = [d("0.005"), d("0.005"), d("1.114")];
        assert_eq!(shown_sum(amounts), d("1.13"));
        assert_eq!(checked_shown_sum(amounts), Some(d("1.13")));
        assert_eq!(checked_shown_sum([Decimal::MAX, Decimal::MAX]), None);
    }

    #[test]
    fn signed_amounts() {
        case(format_signed_usd, "12.345", "+12.35");
        case(format_signed_usd, "-1000", "-1,000.00");
        case(format_signed_usd, "0.001", "0.00");
    }
}
