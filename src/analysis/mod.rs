//! What-if analyses over the one cost model: compare scenarios, sweep inputs, rank inputs by
//! sensitivity, and simulate declared ranges.

pub mod compare;
pub mod model;
pub mod sensitivity;
pub mod simulate;
pub mod sweep;

/// A percentage change `delta / base × 100`, exact; `None` when the base is zero.
pub fn percent(
    delta: rust_decimal::Decimal,
    base: rust_decimal::Decimal,
) -> Option<rust_decimal::Decimal> {
    if base.is_zero() {
        None
    } else {
        delta
            .checked_mul(rust_decimal::Decimal::ONE_HUNDRED)
            .and_then(|d| d.checked_div(base))
    }
}

/// A percentage rounded to one decimal with its sign: `+12.3%`, `-4.0%`, `0.0%`; empty for `None`.
pub fn format_percent(p: Option<rust_decimal::Decimal>) -> String {
    let Some(p) = p else {
        return String::new();
    };
    let r = p.round_dp_with_strategy(1, rust_decimal::RoundingStrategy::MidpointAwayFromZero);
    if r > rust_decimal::Decimal::ZERO {
        format!("+{r:.1}%")
    } else if r.is_zero() {
        "0.0%".to_string()
    } else {
        format!("{r:.1}%")
    }
}
