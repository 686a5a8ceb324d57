//! `sensitivity`: one input at a time to its low and high value, ranked by the swing in the total
//! (a tornado), with the elasticity of each.
//!
//! Low and high are the range the topology declares for the input, or the base value ∓ the swing
//! (50% by default), clamped to the input's allowed bounds. Whole-number inputs move outward to
//! whole steps (5 ± 50% → 2 and 8). Inputs that cannot move (zero, or pinned at a bound on both
//! sides) are left out.
//!
//! With commitments in the topology, the result also shows how each commitment's saving,
//! utilisation and waste move when the usage it covers falls ([`super::commitment_usage`]).

use super::model::PricedModel;
use crate::error::{Error, Result};
use rust_decimal::{Decimal, RoundingStrategy};
use serde::Serialize;

#[derive(Debug, Clone, Serialize)]
pub struct SensitivityRow {
    pub path: String,
    /// `declared range` or `±50%`.
    pub basis: String,
    pub base_value: Decimal,
    pub low_value: Decimal,
    pub high_value: Decimal,
    pub low_total_usd: Decimal,
    pub high_total_usd: Decimal,
    /// |total at high − total at low|.
    pub swing_usd: Decimal,
    /// (ΔTotal / Total) / (ΔInput / Input) between low and high; absent when undefined.
    pub elasticity: Option<Decimal>,
}

#[derive(Debug, Clone, Serialize)]
pub struct Sensitivity {
    pub name: String,
    pub swing_percent: Decimal,
    pub base_total_monthly_usd: Decimal,
    /// Largest swing first.
    pub rows: Vec<SensitivityRow>,
    /// Inputs left out because they cannot move.
    pub unmoved: usize,
    /// With commitments: each one's saving, utilisation and waste when the usage it covers falls
    /// by 10, 25 and 50 % (see [`super::commitment_usage`]).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub commitment_usage: Vec<super::commitment_usage::UsageDropRow>,
    /// With commitments: each commitment input moved alone to its other values (the other term
    /// and payment options, a number ∓ the swing), with the amortised and break-even months.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub commitment_options: Vec<super::commitment_inputs::OptionRow>,
    /// The base's amortised month (with commitments), exact.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub base_amortised_monthly_usd: Option<Decimal>,
    /// The base's commitments, for the reports' rounded view.
    #[serde(skip)]
    pub base_commitments: Option<Box<crate::estimate::commitment::CommitmentSummary>>,
}

/// Parses `50%`, `50` (percent) or `12.5%`; 0 < swing ≤ 100.
pub fn parse_swing(s: &str) -> std::result::Result<Decimal, String> {
    let v = crate::money::parse_percent(s)
        .ok_or_else(|| format!("`{s}` is not a percentage, e.g. `50%`"))?;
    if v <= Decimal::ZERO || v > Decimal::ONE_HUNDRED {
        return Err(format!(
            "the swing must be above 0% and at most 100%, found `{s}`"
        ));
    }
    Ok(v)
}

pub fn sensitivity(model: &PricedModel, swing_percent: Decimal) -> Result<Sensitivity> {
    let base = model.base_totals()?;
    let s = swing_percent / Decimal::ONE_HUNDRED;
    let basis = format!("±{}%", swing_percent.normalize());
    let mut rows = Vec::new();
    let mut unmoved = 0;
    for (target, v) in &model.inputs {
        let (min, max) = (Decimal::from(target.def.min), Decimal::from(target.def.max));
        let declared = model.topology.ranges.iter().find(|r| r.path == target.path);
        let (low, high, basis) = match declared {
            Some(r) => (r.low, r.high, "declared range".to_string()),
            None => {
                let mut low = *v - *v * s;
                let mut high = *v + *v * s;
                if target.whole() {
                    low = low.round_dp_with_strategy(0, RoundingStrategy::ToNegativeInfinity);
                    high = high.round_dp_with_strategy(0, RoundingStrategy::ToPositiveInfinity);
                }
                (low.max(min).min(max), high.max(min).min(max), basis.clone())
            }
        };
        if low == high {
            unmoved += 1;
            continue;
        }
        // A fresh copy per input: setting one input never leaves a trace on the next (setting
        // `public_ipv4.addresses` pins the otherwise derived count, for example).
        let mut t = model.topology.clone();
        target.set(&mut t, low);
        let lo = model.evaluate(&t)?;
        target.set(&mut t, high);
        let hi = model.evaluate(&t)?;
        let d_total = hi.total - lo.total;
        let elasticity = if base.total.is_zero() || v.is_zero() {
            None
        } else {
            d_total
                .checked_mul(*v)
                .and_then(|n| {
                    base.total
                        .checked_mul(high - low)
                        .and_then(|d| n.checked_div(d))
                })
                .map(|e| e.round_dp_with_strategy(4, RoundingStrategy::MidpointAwayFromZero))
        };
        rows.push(SensitivityRow {
            path: target.path.clone(),
            basis,
            base_value: v.normalize(),
            low_value: low.normalize(),
            high_value: high.normalize(),
            low_total_usd: lo.shown_total,
            high_total_usd: hi.shown_total,
            swing_usd: (hi.shown_total - lo.shown_total).abs(),
            elasticity,
        });
    }
    if rows.is_empty() {
        return Err(Error::usage(
            "no input of this topology can move: nothing to rank",
        ));
    }
    let base_estimate = model.estimate(&model.topology)?;
    rows.sort_by(|a, b| {
        b.swing_usd
            .cmp(&a.swing_usd)
            .then_with(|| a.path.cmp(&b.path))
    });
    Ok(Sensitivity {
        name: model.topology.name.clone(),
        swing_percent: swing_percent.normalize(),
        base_total_monthly_usd: base.shown_total,
        rows,
        unmoved,
        commitment_usage: super::commitment_usage::usage_drops(
            &model.topology,
            model.table,
            &base_estimate,
        )?,
        commitment_options: super::commitment_inputs::options(model, swing_percent)?,
        base_amortised_monthly_usd: base_estimate
            .commitments
            .as_ref()
            .map(|c| c.applied.amortised_monthly_usd),
        base_commitments: base_estimate.commitments.map(Box::new),
    })
}
