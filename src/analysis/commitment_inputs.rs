//! The commitment inputs a sweep may move (`database.commitment.term_years`,
//! `savings_plan.NAME.hourly_commitment_usd`, `discounts.enterprise_percent`, …): read and written
//! on a validated topology, each value checked by the same rules as the topology validator
//! (`term_years` 1 or 3, a payment option AWS sells, an hourly commitment from 0.001 to 5,000 USD).
//!
//! These inputs have no totals-only fast path: a point that moves one is evaluated with the full
//! estimate and its commitments (see [`super::sweep`]).

use crate::error::{Error, Result};
use crate::model::Payment;
use crate::topology::Topology;
use crate::topology::commitments::PlanType;
use crate::topology::paths::Target;
use crate::topology::validate::commitments::{MAX_HOURLY_COMMITMENT_USD, PAYMENTS};
use rust_decimal::Decimal;

/// The path patterns of the commitment inputs a sweep may move.
pub const PATTERNS: &[&str] = &[
    "database.*.commitment.term_years",
    "database.*.commitment.payment",
    "database.*.commitment.class",
    "database.*.commitment.count",
    "cache.*.commitment.term_years",
    "cache.*.commitment.payment",
    "cache.*.commitment.class",
    "cache.*.commitment.count",
    "savings_plan.*.type",
    "savings_plan.*.hourly_commitment_usd",
    "savings_plan.*.term_years",
    "savings_plan.*.payment",
    "discounts.enterprise_percent",
];

/// Whether `target` is a commitment input.
pub fn is_commitment(target: &Target) -> bool {
    PATTERNS.contains(&target.def.pattern)
}

/// Whether the input takes text (a payment option, a class, a plan type) rather than a number.
pub fn is_text(target: &Target) -> bool {
    matches!(
        target.def.pattern.rsplit('.').next(),
        Some("payment" | "class" | "type")
    )
}

fn reservation<'t>(
    t: &'t mut Topology,
    target: &Target,
) -> Option<&'t mut crate::topology::commitments::Reservation> {
    if target.def.pattern.starts_with("database.") {
        t.databases.get_mut(target.index)?.commitment.as_mut()
    } else {
        t.caches.get_mut(target.index)?.commitment.as_mut()
    }
}

/// The input's value in `t`, as a scenario would write it; `None` when its table is absent.
pub fn get(t: &Topology, target: &Target) -> Option<String> {
    let field = target.def.pattern.rsplit('.').next()?;
    let p = target.def.pattern;
    if p.starts_with("database.") || p.starts_with("cache.") {
        let r = if p.starts_with("database.") {
            t.databases.get(target.index)?.commitment.as_ref()?
        } else {
            t.caches.get(target.index)?.commitment.as_ref()?
        };
        return match field {
            "term_years" => Some(r.term_years.to_string()),
            "payment" => Some(r.payment.input_name().to_string()),
            "class" => r.class.clone(),
            "count" => r.count.map(|c| c.to_string()),
            _ => None,
        };
    }
    if p.starts_with("savings_plan.") {
        let s = t.finance.savings_plans.get(target.index)?;
        return match field {
            "type" => Some(s.plan_type.id().to_string()),
            "hourly_commitment_usd" => Some(s.hourly_commitment_usd.normalize().to_string()),
            "term_years" => Some(s.term_years.to_string()),
            "payment" => Some(s.payment.input_name().to_string()),
            _ => None,
        };
    }
    t.finance
        .discounts
        .as_ref()?
        .enterprise_percent
        .map(|p| p.normalize().to_string())
}

fn bad(target: &Target, message: String, hint: &str) -> Error {
    Error::usage(format!("`{}`: {message}\n  = hint: {hint}", target.path))
}

fn number(target: &Target, v: &str) -> Result<Decimal> {
    crate::money::parse_exact(v.trim())
        .ok_or_else(|| bad(target, format!("`{v}` is not a number"), "write e.g. `1`"))
}

fn whole(target: &Target, v: &str, max: u32) -> Result<u32> {
    let n = number(target, v)?;
    if !n.fract().is_zero() || n < Decimal::ZERO || n > Decimal::from(max) {
        return Err(bad(
            target,
            format!("must be a whole number from 0 to {max}, found {v}"),
            "use whole steps",
        ));
    }
    Ok(u32::try_from(n.trunc().mantissa()).unwrap_or(max))
}

fn term(target: &Target, v: &str) -> Result<u32> {
    let y = whole(target, v, 3)?;
    if y != 1 && y != 3 {
        return Err(bad(
            target,
            format!("`term_years` must be 1 or 3, found {v}"),
            "AWS sells commitments for 1 or 3 years: sweep `1..3:2` or `1,3`",
        ));
    }
    Ok(y)
}

fn payment(target: &Target, v: &str) -> Result<Payment> {
    match v.trim() {
        "no_upfront" => Ok(Payment::NoUpfront),
        "partial_upfront" => Ok(Payment::PartialUpfront),
        "all_upfront" => Ok(Payment::AllUpfront),
        other => Err(bad(
            target,
            format!("unknown payment option `{}`", other.escape_debug()),
            &format!("one of {}", PAYMENTS.join(", ")),
        )),
    }
}

/// Writes `value` (as a scenario would write it) into `t`, checked like the validator checks the
/// file; a usage error (exit 2) naming the path when it is not valid or its table is absent.
pub fn set(t: &mut Topology, target: &Target, value: &str) -> Result<()> {
    let field = target.def.pattern.rsplit('.').next().unwrap_or_default();
    let p = target.def.pattern;
    let absent = || {
        let section = p.split('.').next().unwrap_or_default();
        bad(
            target,
            format!(
                "the topology has no such commitment to change (its `{section}` table states none)"
            ),
            "add the commitment to the topology first, then sweep its inputs",
        )
    };
    if p.starts_with("database.") || p.starts_with("cache.") {
        let parsed_term = if field == "term_years" {
            Some(term(target, value)?)
        } else {
            None
        };
        let parsed_payment = if field == "payment" {
            Some(payment(target, value)?)
        } else {
            None
        };
        let parsed_count = if field == "count" {
            Some(whole(target, value, 10_000)?)
        } else {
            None
        };
        let class = value.trim();
        if field == "class" && class != "standard" && class != "convertible" {
            return Err(bad(
                target,
                format!("unknown offering class `{}`", class.escape_debug()),
                "one of standard, convertible",
            ));
        }
        let r = reservation(t, target).ok_or_else(absent)?;
        match field {
            "term_years" => r.term_years = parsed_term.unwrap_or(r.term_years),
            "payment" => r.payment = parsed_payment.unwrap_or(r.payment),
            "count" => r.count = parsed_count,
            _ => r.class = Some(class.to_string()),
        }
        return Ok(());
    }
    if p.starts_with("savings_plan.") {
        let index = target.index;
        match field {
            "type" => {
                let kind = match value.trim() {
                    "compute" => PlanType::Compute,
                    "ec2_instance" => PlanType::Ec2Instance,
                    other => {
                        return Err(bad(
                            target,
                            format!("unknown Savings Plan type `{}`", other.escape_debug()),
                            "one of compute, ec2_instance",
                        ));
                    }
                };
                let s = t.finance.savings_plans.get_mut(index).ok_or_else(absent)?;
                s.plan_type = kind;
            }
            "hourly_commitment_usd" => {
                let v = number(target, value)?;
                if v < Decimal::new(1, 3) || v > Decimal::from(MAX_HOURLY_COMMITMENT_USD) {
                    return Err(bad(
                        target,
                        format!(
                            "must be from 0.001 to {MAX_HOURLY_COMMITMENT_USD} USD an hour, found {value}"
                        ),
                        "AWS takes hourly commitments from $0.001",
                    ));
                }
                let s = t.finance.savings_plans.get_mut(index).ok_or_else(absent)?;
                s.hourly_commitment_usd = v;
            }
            "term_years" => {
                let y = term(target, value)?;
                let s = t.finance.savings_plans.get_mut(index).ok_or_else(absent)?;
                s.term_years = y;
            }
            _ => {
                let pay = payment(target, value)?;
                let s = t.finance.savings_plans.get_mut(index).ok_or_else(absent)?;
                s.payment = pay;
            }
        }
        return Ok(());
    }
    let v = number(target, value)?;
    if v < Decimal::ZERO || v > Decimal::ONE_HUNDRED {
        return Err(bad(
            target,
            format!("must be from 0 to 100, found {value}"),
            "a percentage of the bill",
        ));
    }
    let d = t.finance.discounts.as_mut().ok_or_else(absent)?;
    d.enterprise_percent = Some(v);
    Ok(())
}

/// One alternative value of a commitment input, estimated with everything else as it is.
#[derive(Debug, Clone, serde::Serialize)]
pub struct OptionRow {
    pub path: String,
    pub base_value: String,
    pub value: String,
    /// Month 1 amortised with this value, exact; `None` when the price table lacks a rate.
    pub amortised_monthly_usd: Option<Decimal>,
    /// Against the base's amortised month (negative: cheaper).
    pub delta_monthly_usd: Option<Decimal>,
    pub break_even_month: Option<u32>,
    /// The rate the table lacks for this value (exit 3 in `estimate`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub missing_rate: Option<String>,
    /// The commitments with this value, for the reports' rounded view.
    #[serde(skip)]
    pub summary: Option<Box<crate::estimate::commitment::CommitmentSummary>>,
}

/// The other values each commitment input of the topology may take: the other term, the other
/// payment options, and a number ∓ `swing_percent` (an hourly commitment at least $0.001, an
/// enterprise percentage within 0–100, a reserved count in whole instances).
fn alternatives(target: &Target, base: &str, swing_percent: Decimal) -> Vec<String> {
    let field = target.def.pattern.rsplit('.').next().unwrap_or_default();
    let around = |min: Decimal, max: Decimal, whole: bool| -> Vec<String> {
        let Some(v) = crate::money::parse_exact(base) else {
            return Vec::new();
        };
        let d = v * swing_percent / Decimal::ONE_HUNDRED;
        let (mut lo, mut hi) = (v - d, v + d);
        if whole {
            lo = lo.floor();
            hi = hi.ceil();
        }
        let mut out = Vec::new();
        for x in [lo.max(min).min(max), hi.max(min).min(max)] {
            let s = x.normalize().to_string();
            if x != v && !out.contains(&s) {
                out.push(s);
            }
        }
        out
    };
    match field {
        "term_years" => vec![if base == "1" { "3" } else { "1" }.to_string()],
        "payment" => PAYMENTS
            .iter()
            .filter(|p| **p != base)
            .map(|p| p.to_string())
            .collect(),
        "hourly_commitment_usd" => around(
            Decimal::new(1, 3),
            Decimal::from(MAX_HOURLY_COMMITMENT_USD),
            false,
        ),
        "enterprise_percent" => around(Decimal::ZERO, Decimal::ONE_HUNDRED, false),
        "count" => around(Decimal::ZERO, Decimal::from(10_000), true),
        _ => Vec::new(),
    }
}

/// Each commitment input of `model`'s topology moved alone to each of its alternatives, with the
/// amortised month and break-even month the full estimate gives (a full estimate per row).
pub fn options(
    model: &super::model::PricedModel,
    swing_percent: Decimal,
) -> Result<Vec<OptionRow>> {
    let base = model.estimate(&model.topology)?;
    let Some(base_c) = &base.commitments else {
        return Ok(Vec::new());
    };
    let base_amortised = base_c.applied.amortised_monthly_usd;
    let all = crate::topology::paths::targets(&crate::topology::paths::Names::of(&model.topology));
    let mut rows = Vec::new();
    for target in all.iter().filter(|t| is_commitment(t)) {
        let Some(base_value) = get(&model.topology, target) else {
            continue;
        };
        for value in alternatives(target, &base_value, swing_percent) {
            let mut t = model.topology.clone();
            set(&mut t, target, &value)?;
            let (summary, missing) = match model.estimate(&t) {
                Ok(e) => (e.commitments.map(Box::new), None),
                Err(Error::PriceNotFound { key, .. }) => (None, Some(key)),
                Err(Error::PricesNotFound { keys, .. }) => (
                    None,
                    Some(
                        keys.into_iter()
                            .map(|(k, _)| k)
                            .collect::<Vec<_>>()
                            .join(", "),
                    ),
                ),
                Err(e) => return Err(e),
            };
            let amortised = summary.as_ref().map(|c| c.applied.amortised_monthly_usd);
            let break_even = summary.as_ref().and_then(|c| c.break_even_month);
            rows.push(OptionRow {
                path: target.path.clone(),
                base_value: base_value.clone(),
                value,
                delta_monthly_usd: amortised.map(|a| a - base_amortised),
                amortised_monthly_usd: amortised,
                break_even_month: break_even,
                missing_rate: missing,
                summary,
            });
        }
    }
    Ok(rows)
}
