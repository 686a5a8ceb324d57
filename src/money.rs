//! Exact money and the one place where it is rounded, for display only.
//!
//! # The rounding rule
//! Costs are computed exactly with [`Decimal`]. For display, every line item's monthly (and annual)
//! amount is rounded to the cent, half away from zero (`0.005` → `0.01`), the way an invoice rounds
//! its lines. A displayed subtotal or total is the sum of the rounded figures displayed above it, so
//! every displayed table adds up to its displayed total to the cent. The displayed total can differ
//! from the exact total rounded on its own by at most half a cent per line; JSON carries the exact
//! figures. Unit prices are never rounded: they show their full precision (at least two decimals).
//!
//! # Exact arithmetic
//! `Decimal` holds 28 significant digits (a 96-bit mantissa). Its `checked_mul`/`checked_add` and its
//! `from_str` silently ROUND a result that needs more; costplan never does: every product goes
//! through [`exact_mul`], every sum through [`exact_add`]/[`exact_sum`], and every decimal string
//! through [`parse_exact`]. Each returns `None` when the exact value does not fit, and the caller
//! reports an error naming the figure (see docs/money.md).

use rust_decimal::{Decimal, RoundingStrategy};

/// Hours per month by the AWS Pricing Calculator convention (8,760 / 12).
pub const DEFAULT_HOURS_PER_MONTH: Decimal = Decimal::from_parts(730, 0, 0, false, 0);
/// Months per year.
pub const MONTHS_PER_YEAR: Decimal = Decimal::from_parts(12, 0, 0, false, 0);

/// The significant digits a [`Decimal`] holds exactly (every 28-digit number fits; some 29-digit
/// ones do too, up to 79,228,162,514,264,337,593,543,950,335).
pub const EXACT_DIGITS: u32 = 28;

/// `a × b` exactly, or `None` when the exact product does not fit a [`Decimal`] (more than 28
/// significant digits, or more than 28 decimals that are not trailing zeros). Unlike
/// `Decimal::checked_mul`, which rounds such a product, this never loses a digit.
pub fn exact_mul(a: Decimal, b: Decimal) -> Option<Decimal> {
    let negative = a.is_sign_negative() != b.is_sign_negative();
    let (ma, mb) = (a.mantissa().unsigned_abs(), b.mantissa().unsigned_abs());
    let scale = a.scale() + b.scale();
    // The common case: rust_decimal only ever rounds a product by lowering its scale, so a
    // product that kept the full scale is exact.
    if let Some(product) = a.checked_mul(b)
        && product.scale() == scale
    {
        return Some(product);
    }
    // Then plain u128, then 256 bits.
    if let Some(product) = ma.checked_mul(mb) {
        return fit_u128(negative, product, scale);
    }
    fit(
        negative,
        Wide::from_u128(ma).mul(Wide::from_u128(mb))?,
        scale,
    )
}

/// Whether `a × b` is beyond `Decimal`'s range altogether (an overflow, whatever the digits),
/// rather than merely needing more than 28 significant digits.
pub fn product_overflows(a: Decimal, b: Decimal) -> bool {
    a.checked_mul(b).is_none()
}

/// `a + b` exactly, or `None` when the exact sum does not fit a [`Decimal`]. Unlike
/// `Decimal::checked_add`, which rounds the digits that do not fit (`10^28 + 0.1`), this never
/// loses a digit.
pub fn exact_add(a: Decimal, b: Decimal) -> Option<Decimal> {
    let scale = a.scale().max(b.scale());
    // The common case: rust_decimal only ever rounds a sum by lowering its scale below that of
    // the finer operand, so a sum that kept it is exact.
    if let Some(sum) = a.checked_add(b)
        && sum.scale() == scale
    {
        return Some(sum);
    }
    // Then plain i128 (both aligned mantissas fit), then 256 bits.
    let align = |d: Decimal| {
        10i128
            .checked_pow(scale - d.scale())
            .and_then(|k| d.mantissa().checked_mul(k))
    };
    if let Some(sum) = align(a).zip(align(b)).and_then(|(x, y)| x.checked_add(y)) {
        return fit_u128(sum < 0, sum.unsigned_abs(), scale);
    }
    let widen = |d: Decimal| {
        (d.scale()..scale).try_fold(Wide::from_u128(d.mantissa().unsigned_abs()), |w, _| {
            w.mul_small(10)
        })
    };
    let (x, y) = (widen(a)?, widen(b)?);
    let (negative, magnitude) = if a.is_sign_negative() == b.is_sign_negative() {
        (a.is_sign_negative(), x.add(y)?)
    } else if x >= y {
        (a.is_sign_negative(), x.sub(y))
    } else {
        (b.is_sign_negative(), y.sub(x))
    };
    fit(negative, magnitude, scale)
}

/// `a − b` exactly, or `None` (see [`exact_add`]).
pub fn exact_sub(a: Decimal, b: Decimal) -> Option<Decimal> {
    exact_add(a, -b)
}

/// `a × b` where one factor is already a quotient (a share of usage a Savings Plan covers, a
/// ratio), so exactness is already gone: rounded to 28 significant digits like the quotient
/// itself; `None` on overflow. Never for a price × quantity: that is [`exact_mul`]. Used by the
/// commitment engine (`estimate::commitment`).
pub fn share_mul(a: Decimal, b: Decimal) -> Option<Decimal> {
    a.checked_mul(b)
}

/// The exact sum of some amounts, or `None` when a partial sum does not fit.
pub fn exact_sum(amounts: impl IntoIterator<Item = Decimal>) -> Option<Decimal> {
    amounts.into_iter().try_fold(Decimal::ZERO, exact_add)
}

/// Reads a decimal string (`0.0404800000`, `-12`, `1.0E-4`) exactly: `None` when it is not a
/// number or when `Decimal::from_str` would round it (more than 28 significant digits, or more
/// than 28 decimals). The one parser of decimal text from files (price tables, offers,
/// topologies).
pub fn parse_exact(text: &str) -> Option<Decimal> {
    let t = text.trim();
    let Some(e) = t.find(['e', 'E']) else {
        return Decimal::from_str_exact(t).ok();
    };
    let mantissa = Decimal::from_str_exact(&t[..e]).ok()?;
    let exponent: i32 = t[e + 1..].parse().ok()?;
    if exponent >= 0 {
        let mut v = mantissa;
        for _ in 0..exponent {
            v = exact_mul(v, Decimal::TEN)?;
        }
        Some(v)
    } else {
        let scale = mantissa.scale().checked_add(exponent.unsigned_abs())?;
        fit(
            mantissa.is_sign_negative(),
            Wide::from_u128(mantissa.mantissa().unsigned_abs()),
            scale,
        )
    }
}

/// Why [`parse_exact`] refused a text that looks like a number: it would have to be rounded.
pub fn needs_rounding(text: &str) -> bool {
    let t = text.trim();
    parse_exact(t).is_none()
        && (t.parse::<Decimal>().is_ok() || Decimal::from_scientific(t).is_ok())
}

/// [`fit`] for a magnitude that fits u128.
fn fit_u128(negative: bool, mut magnitude: u128, mut scale: u32) -> Option<Decimal> {
    const MAX_MANTISSA: u128 = (1 << 96) - 1;
    while scale > 28 || magnitude > MAX_MANTISSA {
        if scale == 0 || !magnitude.is_multiple_of(10) {
            return None;
        }
        magnitude /= 10;
        scale -= 1;
    }
    let m = i128::try_from(magnitude).ok()?;
    Decimal::try_from_i128_with_scale(if negative { -m } else { m }, scale).ok()
}

/// Builds the decimal `±magnitude × 10^-scale`, dropping only trailing zeros to make it fit.
fn fit(negative: bool, mut magnitude: Wide, mut scale: u32) -> Option<Decimal> {
    const MAX_MANTISSA: u128 = (1 << 96) - 1;
    while scale > 28 || magnitude.to_u128().is_none_or(|m| m > MAX_MANTISSA) {
        let (q, r) = magnitude.div_small(10);
        if scale == 0 || r != 0 {
            return None;
        }
        magnitude = q;
        scale -= 1;
    }
    let m = i128::try_from(magnitude.to_u128()?).ok()?;
    Decimal::try_from_i128_with_scale(if negative { -m } else { m }, scale).ok()
}

/// An unsigned 256-bit integer (little-endian 64-bit limbs), wide enough for the exact product of
/// two 96-bit mantissas and for a mantissa aligned to 28 more decimals.
#[derive(Clone, Copy, PartialEq, Eq)]
struct Wide([u64; 4]);

impl Wide {
    fn from_u128(v: u128) -> Self {
        Wide([v as u64, (v >> 64) as u64, 0, 0])
    }

    fn to_u128(self) -> Option<u128> {
        (self.0[2] == 0 && self.0[3] == 0)
            .then(|| u128::from(self.0[0]) | u128::from(self.0[1]) << 64)
    }

    fn mul_small(self, m: u64) -> Option<Self> {
        let mut out = [0u64; 4];
        let mut carry = 0u128;
        for (o, &l) in out.iter_mut().zip(&self.0) {
            let v = u128::from(l) * u128::from(m) + carry;
            *o = v as u64;
            carry = v >> 64;
        }
        (carry == 0).then_some(Wide(out))
    }

    fn mul(self, other: Self) -> Option<Self> {
        let mut out = [0u64; 4];
        for (i, &a) in self.0.iter().enumerate() {
            let mut carry = 0u128;
            for (j, &b) in other.0.iter().enumerate() {
                if i + j >= 4 {
                    if a != 0 && b != 0 {
                        return None;
                    }
                    continue;
                }
                let v = u128::from(a) * u128::from(b) + u128::from(out[i + j]) + carry;
                out[i + j] = v as u64;
                carry = v >> 64;
            }
            if carry != 0 {
                return None;
            }
        }
        Some(Wide(out))
    }

    fn add(self, other: Self) -> Option<Self> {
        let mut out = [0u64; 4];
        let mut carry = false;
        for (o, (&a, &b)) in out.iter_mut().zip(self.0.iter().zip(&other.0)) {
            let (v, c1) = a.overflowing_add(b);
            let (v, c2) = v.overflowing_add(u64::from(carry));
            *o = v;
            carry = c1 || c2;
        }
        (!carry).then_some(Wide(out))
    }

    /// `self − other`, for `self ≥ other`.
    fn sub(self, other: Self) -> Self {
        let mut out = [0u64; 4];
        let mut borrow = false;
        for (o, (&a, &b)) in out.iter_mut().zip(self.0.iter().zip(&other.0)) {
            let (v, b1) = a.overflowing_sub(b);
            let (v, b2) = v.overflowing_sub(u64::from(borrow));
            *o = v;
            borrow = b1 || b2;
        }
        Wide(out)
    }

    fn div_small(self, d: u64) -> (Self, u64) {
        let mut out = [0u64; 4];
        let mut rem = 0u128;
        for i in (0..4).rev() {
            let v = (rem << 64) | u128::from(self.0[i]);
            out[i] = (v / u128::from(d)) as u64;
            rem = v % u128::from(d);
        }
        (Wide(out), rem as u64)
    }
}

impl PartialOrd for Wide {
    fn partial_cmp(&self, other: &Self) -> Option<std::cmp::Ordering> {
        Some(self.cmp(other))
    }
}

impl Ord for Wide {
    fn cmp(&self, other: &Self) -> std::cmp::Ordering {
        self.0.iter().rev().cmp(other.0.iter().rev())
    }
}

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
        .try_fold(Decimal::ZERO, |sum, a| exact_add(sum, round_cents(a)))
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
    parse_exact(t.strip_suffix('%').unwrap_or(t).trim_end())
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
    fn products_and_sums_are_exact_or_none() {
        // rust_decimal rounds both of these; costplan refuses them.
        let q = d("1234567890123456789012345678");
        assert_ne!(q.checked_mul(d("0.113")), None);
        assert_eq!(exact_mul(q, d("0.113")), None);
        assert_eq!(
            exact_mul(q, d("0.115")),
            Some(d("141975307364197530736419752.97"))
        );
        assert_eq!(
            exact_mul(q, d("0.1")),
            Some(d("123456789012345678901234567.8"))
        );
        let p = d("0.1234567890123456789012345678");
        assert_eq!(exact_mul(p, d("730")), None);
        assert_eq!(
            exact_mul(p, d("10")),
            Some(d("1.234567890123456789012345678"))
        );
        assert_eq!(exact_mul(d("-1.5"), d("2")), Some(d("-3.0")));
        assert_eq!(exact_mul(Decimal::MAX, d("2")), None);
        // Trailing zeros beyond 28 decimals are dropped, not rounded.
        assert_eq!(
            exact_mul(d("0.00000000000000000000000005"), d("0.20")),
            Some(d("0.00000000000000000000000001"))
        );
        let big = d("10000000000000000000000000000");
        assert_ne!(big.checked_add(d("0.1")), None);
        assert_eq!(exact_add(big, d("0.1")), None);
        assert_eq!(
            exact_add(big, d("1")),
            Some(d("10000000000000000000000000001"))
        );
        assert_eq!(exact_add(d("1.10"), d("-2")), Some(d("-0.90")));
        assert_eq!(exact_sub(d("5"), d("7.25")), Some(d("-2.25")));
        assert_eq!(exact_add(Decimal::MAX, Decimal::ONE), None);
        assert_eq!(exact_sum([d("0.1"), d("0.2")]), Some(d("0.3")));
    }

    #[test]
    fn decimal_text_is_read_exactly_or_refused() {
        assert_eq!(parse_exact("0.0404800000"), Some(d("0.04048")));
        assert_eq!(parse_exact(" 12 "), Some(d("12")));
        assert_eq!(parse_exact("1.0E-4"), Some(d("0.0001")));
        assert_eq!(parse_exact("2.5e3"), Some(d("2500")));
        assert_eq!(
            parse_exact("1234567890123456789012345678"),
            Some(d("1234567890123456789012345678"))
        );
        // 34 significant digits: Decimal::from_str rounds it, parse_exact refuses it.
        let long = "0.1234567890123456789012345678901234";
        assert!(long.parse::<Decimal>().is_ok());
        assert_eq!(parse_exact(long), None);
        assert!(needs_rounding(long));
        assert_eq!(parse_exact("1234567890123456789012345678901234"), None);
        assert_eq!(parse_exact("1e-40"), None);
        assert_eq!(parse_exact("abc"), None);
        assert!(!needs_rounding("abc"));
    }

    proptest::proptest! {
        #[test]
        fn exact_mul_is_exact_or_none(
            (am, asc) in (proptest::num::i128::ANY, 0u32..=28),
            (bm, bsc) in (proptest::num::i128::ANY, 0u32..=28),
        ) {
            let bound = (1i128 << 96) - 1;
            let a = Decimal::from_i128_with_scale(am % bound, asc);
            let b = Decimal::from_i128_with_scale(bm % bound, bsc);
            if let Some(p) = exact_mul(a, b) {
                // When the product fits, rust_decimal's own product agrees with it.
                proptest::prop_assert_eq!(Some(p), a.checked_mul(b));
            }
            if let Some(s) = exact_add(a, b) {
                proptest::prop_assert_eq!(exact_sub(s, b), Some(a));
                proptest::prop_assert_eq!(Some(s), a.checked_add(b));
            }
        }
    }

    #[test]
    fn signed_amounts() {
        case(format_signed_usd, "12.345", "+12.35");
        case(format_signed_usd, "-1000", "-1,000.00");
        case(format_signed_usd, "0.001", "0.00");
    }
}
