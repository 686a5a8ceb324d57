//! What-if analyses over the one cost model: compare scenarios, sweep inputs, rank inputs by
//! sensitivity, and simulate declared ranges.

pub mod commitment_inputs;
pub mod commitment_usage;
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
