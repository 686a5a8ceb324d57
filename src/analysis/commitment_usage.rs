//! How each commitment fares when the usage it covers falls (a service that shrinks to fewer
//! tasks, a database removed for part of the month): the estimate's lines of the keys the
//! commitment may cover are scaled down by 10, 25 and 50 %, and the commitments engine is run
//! again on that estimate ([`crate::estimate::commitment::summarise`]): no second cost model.
//! Each row gives what the commitment then covers at on-demand prices, what it costs (amortised),
//! the saving (negative: it costs more than the usage it covers), its utilisation and its waste.

use crate::error::{Error, Result};
use crate::estimate::Estimate;
use crate::estimate::commitment::{CommitmentKind, summarise};
use crate::money::exact_mul;
use crate::pricing::PriceTable;
use crate::topology::Topology;
use rust_decimal::Decimal;
use serde::Serialize;

/// The falls in covered usage shown, percent (0 is the estimate as it is).
pub const DROPS_PERCENT: [u32; 4] = [0, 10, 25, 50];

#[derive(Debug, Clone, Serialize)]
pub struct UsageDropRow {
    pub name: String,
    pub kind: CommitmentKind,
    /// How far the usage it may cover falls, percent.
    pub usage_drop_percent: u32,
    /// What the usage it covers would cost on demand, per month.
    pub covered_on_demand_monthly_usd: Decimal,
    /// Its recurring charge plus its amortised upfront fee, per month.
    pub effective_monthly_usd: Decimal,
    /// Covered on demand less effective (negative: it costs more than it covers).
    pub saving_monthly_usd: Decimal,
    /// Share of the commitment used (0–1).
    pub utilisation: Option<Decimal>,
    /// Paid for and not used, per month.
    pub unused_monthly_usd: Decimal,
}

/// `estimate` with the lines of `keys` scaled by `factor` (quantity and amount, exactly).
fn scaled(estimate: &Estimate, keys: &[String], factor: Decimal) -> Result<Estimate> {
    let mut e = estimate.clone();
    for l in e
        .line_items
        .iter_mut()
        .filter(|l| keys.contains(&l.price_key))
    {
        let inexact = || Error::Inexact {
            what: format!("{} scaled by {factor}", l.price_key),
            price_data: false,
            hint: None,
        };
        l.quantity = exact_mul(l.quantity, factor).ok_or_else(inexact)?;
        l.monthly_usd = exact_mul(l.monthly_usd, factor).ok_or_else(inexact)?;
    }
    Ok(e)
}

/// One row per commitment and fall in covered usage ([`DROPS_PERCENT`]); empty when the topology
/// states no commitment.
pub fn usage_drops(
    topology: &Topology,
    table: &PriceTable,
    estimate: &Estimate,
) -> Result<Vec<UsageDropRow>> {
    let Some(base) = &estimate.commitments else {
        return Ok(Vec::new());
    };
    let mut rows = Vec::new();
    for (i, keys) in base.covered_keys.iter().enumerate() {
        for drop in DROPS_PERCENT {
            let factor = Decimal::from(100 - drop) / Decimal::ONE_HUNDRED;
            let e = scaled(estimate, keys, factor)?;
            let Some(s) = summarise(topology, table, &e)? else {
                continue;
            };
            let Some(l) = s.applied.committed.get(i) else {
                continue;
            };
            rows.push(UsageDropRow {
                name: l.name.clone(),
                kind: l.kind,
                usage_drop_percent: drop,
                covered_on_demand_monthly_usd: l.covered_on_demand_monthly_usd,
                effective_monthly_usd: l.effective_monthly_usd,
                saving_monthly_usd: l.covered_on_demand_monthly_usd - l.effective_monthly_usd,
                utilisation: l.utilisation,
                unused_monthly_usd: l.unused_monthly_usd,
            });
        }
    }
    Ok(rows)
}
