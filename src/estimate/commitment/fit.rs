//! Sizing a Compute Savings Plan from an estimate: the hourly commitment a month of Fargate usage
//! would use in full, at the plan's rates. `capacity` applies it to the right-sized topology, so
//! the plan it suggests is sized by the load, not by today's task counts.
//!
//! AWS bills a Savings Plan's commitment every hour whether used or not, and applies it to
//! eligible usage at the plan's rates. The usage of an estimate is the same every hour (its task
//! counts run the whole month), so the commitment that is used in full every hour is
//! Σ (quantity × Savings Plan rate) ÷ hours per month over the eligible Fargate keys; it is cut
//! down to AWS's $0.001 step, never rounded up (a larger commitment would leave some unused).
//! A rate the table lacks is an error naming its key, as in [`super::summarise`].

use super::Term;
use crate::error::{Error, Result};
use crate::estimate::Estimate;
use crate::money::{exact_add, share_mul};
use crate::pricing::PriceTable;
use crate::topology::Topology;
use crate::topology::commitments::PlanType;
use rust_decimal::{Decimal, RoundingStrategy};
use serde::Serialize;

/// A `[[savings_plan]]` of the topology against the usage of one estimate.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct SavingsPlanFit {
    pub name: String,
    pub term_years: u32,
    /// `no_upfront`, `partial_upfront`, `all_upfront`.
    pub payment: &'static str,
    /// The commitment the topology states, USD per hour.
    pub stated_hourly_usd: Decimal,
    /// The eligible usage per hour at on-demand prices.
    pub on_demand_hourly_usd: Decimal,
    /// The same usage per hour at the plan's rates: the commitment it would use in full (exact).
    pub usage_at_plan_rates_hourly_usd: Decimal,
    /// That commitment cut down to AWS's $0.001 step.
    pub fully_used_hourly_usd: Decimal,
}

/// The Fargate keys a Compute Savings Plan covers (on demand, not Spot): the one list
/// [`super::summarise`] and [`savings_plan_fit`] both use.
pub(super) fn fargate_keys() -> Vec<String> {
    use crate::pricing::key;
    let mut keys = Vec::new();
    for os in ["linux", "windows"] {
        for arch in ["x86_64", "arm64"] {
            keys.push(key::fargate_vcpu_hour(false, os, arch));
            keys.push(key::fargate_gb_hour(false, os, arch));
        }
    }
    keys
}

/// Each Compute `[[savings_plan]]` of `topology` sized to the Fargate usage of `estimate`.
pub fn savings_plan_fit(
    topology: &Topology,
    table: &PriceTable,
    estimate: &Estimate,
) -> Result<Vec<SavingsPlanFit>> {
    let overflow = || Error::Overflow {
        what: "the Savings Plan's usage per hour".to_string(),
    };
    let hours = estimate.hours_per_month;
    let mut out = Vec::new();
    for sp in &topology.finance.savings_plans {
        if sp.plan_type != PlanType::Compute || hours.is_zero() {
            continue;
        }
        let term = Term {
            years: sp.term_years,
        };
        let (mut on_demand, mut at_plan) = (Decimal::ZERO, Decimal::ZERO);
        for k in fargate_keys() {
            let lines = estimate.line_items.iter().filter(|l| l.price_key == k);
            let mut quantity = Decimal::ZERO;
            for l in lines {
                quantity = exact_add(quantity, l.quantity).ok_or_else(overflow)?;
            }
            if quantity.is_zero() {
                continue;
            }
            let rate = table
                .savings_plans(&k)
                .iter()
                .find(|r| {
                    r.plan == sp.plan_type.id()
                        && r.lease == term.lease()
                        && r.purchase_option == sp.payment.offer_name()
                })
                .ok_or_else(|| Error::PriceNotFound {
                    key: format!(
                        "{k}@savings_plan.{}.{}.{}",
                        sp.plan_type.id(),
                        term.lease(),
                        sp.payment.input_name()
                    ),
                    region: table.region.clone(),
                    table: table.origin.clone(),
                    hint: Some(
                        "`costplan pricing import` an AWSComputeSavingsPlan price list into a table and run with `--prices DIR`"
                            .to_string(),
                    ),
                })?;
            let price = table.get(&k)?;
            let on_demand_rate = match &price.rate {
                crate::pricing::Rate::Flat(usd) => *usd,
                crate::pricing::Rate::Tiered(_) => continue,
            };
            let per_hour = quantity / hours;
            on_demand = exact_add(
                on_demand,
                share_mul(per_hour, on_demand_rate).ok_or_else(overflow)?,
            )
            .ok_or_else(overflow)?;
            at_plan = exact_add(at_plan, share_mul(per_hour, rate.usd).ok_or_else(overflow)?)
                .ok_or_else(overflow)?;
        }
        out.push(SavingsPlanFit {
            name: sp.name.clone(),
            term_years: sp.term_years,
            payment: sp.payment.input_name(),
            stated_hourly_usd: sp.hourly_commitment_usd,
            on_demand_hourly_usd: on_demand,
            usage_at_plan_rates_hourly_usd: at_plan,
            fully_used_hourly_usd: at_plan.round_dp_with_strategy(3, RoundingStrategy::ToZero),
        });
    }
    Ok(out)
}
