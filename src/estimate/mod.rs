//! The estimate engine: topology + price table → priced line items, group subtotals and totals.
//!
//! Each resource kind has a pure model in [`crate::resource`] that states quantities and the price key
//! for each; [`Pricer`] looks the key up, splits tiered prices, and multiplies exactly.

pub mod commitment;
pub mod pricer;
pub mod warnings;

#[cfg(test)]
mod tests;

pub use crate::model::{Group, LineItem};
pub use pricer::Pricer;

use crate::error::{Error, Result};
use crate::money::{MONTHS_PER_YEAR, exact_add, exact_mul};
use crate::pricing::PriceTable;
use crate::topology::Topology;
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

/// The version of the JSON estimate contract (`--format json`).
pub const SCHEMA_VERSION: u32 = 1;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PriceTableInfo {
    pub region: String,
    pub effective_date: String,
    pub source: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct GroupTotal {
    pub group: Group,
    pub monthly_usd: Decimal,
}

/// A priced estimate. Amounts are exact; see [`crate::money`] for how they are displayed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Estimate {
    pub schema_version: u32,
    pub name: String,
    pub region: String,
    pub currency: String,
    pub hours_per_month: Decimal,
    pub price_table: PriceTableInfo,
    pub line_items: Vec<LineItem>,
    pub groups: Vec<GroupTotal>,
    pub total_monthly_usd: Decimal,
    pub total_annual_usd: Decimal,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    /// The reconciliation with `[reference]`: filled by [`crate::checks`], never by pricing.
    pub reference: Option<crate::model::Reconciliation>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub warnings: Vec<String>,
    /// The topology's budget and the headroom under each limit, when it declares one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    /// Filled by [`crate::checks`], never by pricing.
    pub budget: Option<crate::model::BudgetStatus>,
    /// For an estimate of a Terraform plan: what became of each of its resources.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub plan: Option<crate::model::PlanAccount>,
    /// The topology's inputs marked `# [assumed]`, with their values (absent when there are none).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub assumptions: Vec<crate::model::AssumedInput>,
    /// Reservations, Savings Plans, discounts and credits applied to the lines above (which stay
    /// at on-demand list prices), when the topology states any.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub commitments: Option<commitment::CommitmentSummary>,
}

/// Exact monthly subtotals per group (indexed like [`Group::ALL`]) and the total, from the same
/// per-resource models as [`estimate`] without building line items: the evaluation loop of
/// sweeps, sensitivity and simulation.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Totals {
    pub groups: [Decimal; Group::ALL.len()],
    pub total: Decimal,
    /// Subtotals as `estimate` displays them: lines rounded to the cent, then added.
    pub shown_groups: [Decimal; Group::ALL.len()],
    /// The total as `estimate` displays it: the sum of the displayed subtotals.
    pub shown_total: Decimal,
}

impl Totals {
    pub fn group(&self, g: Group) -> Decimal {
        self.groups[g as usize]
    }

    /// The subtotal of a group as `estimate` displays it.
    pub fn shown_group(&self, g: Group) -> Decimal {
        self.shown_groups[g as usize]
    }
}

/// Prices a topology, totals only.
pub fn totals(topology: &Topology, table: &PriceTable) -> Result<Totals> {
    totals_with(topology, Pricer::totals_only(table))
}

/// Like [`totals`], resolving prices through a memo kept across evaluations.
pub fn totals_memo<'t>(
    topology: &Topology,
    table: &'t PriceTable,
    memo: &pricer::PriceMemo<'t>,
) -> Result<Totals> {
    totals_with(topology, Pricer::totals_only_memo(table, memo))
}

fn totals_with(topology: &Topology, mut pricer: Pricer<'_, '_>) -> Result<Totals> {
    price_all(topology, &mut pricer)?;
    if let Some(e) = pricer.missing_prices() {
        return Err(e);
    }
    let groups = *pricer.group_totals();
    let total = sum(groups.iter().copied())?;
    let shown_groups = *pricer.shown_group_totals();
    let shown_total = sum(shown_groups.iter().copied())?;
    Ok(Totals {
        groups,
        total,
        shown_groups,
        shown_total,
    })
}

/// Runs every resource kind's cost model (see [`crate::resource`]).
fn price_all(topology: &Topology, pricer: &mut Pricer) -> Result<()> {
    crate::resource::price_all(topology, pricer)
}

/// Prices a topology: line items, group subtotals, totals and the models' warnings. Checks
/// (budget, reconciliation) are not run here; [`crate::checks::estimate`] composes both.
pub fn price(topology: &Topology, table: &PriceTable) -> Result<Estimate> {
    price_with(topology, table, Pricer::new(table))
}

/// Like [`price`], resolving prices through a memo kept across evaluations.
pub fn price_memo<'t>(
    topology: &Topology,
    table: &'t PriceTable,
    memo: &pricer::PriceMemo<'t>,
) -> Result<Estimate> {
    price_with(topology, table, Pricer::with_memo(table, memo))
}

fn price_with(
    topology: &Topology,
    table: &PriceTable,
    mut pricer: Pricer<'_, '_>,
) -> Result<Estimate> {
    price_all(topology, &mut pricer)?;
    let line_items = pricer.finish()?;
    let mut estimate = assemble(topology, table, line_items)?;
    estimate.warnings = warnings::warnings(topology);
    estimate.commitments = commitment::summarise(topology, table, &estimate)?;
    Ok(estimate)
}

/// Totals the line items (exact) into group subtotals and the monthly and annual totals.
fn assemble(
    topology: &Topology,
    table: &PriceTable,
    line_items: Vec<LineItem>,
) -> Result<Estimate> {
    let groups = group_totals(&line_items)?;
    let total = sum(groups.iter().map(|g| g.monthly_usd))?;
    Ok(Estimate {
        schema_version: SCHEMA_VERSION,
        name: topology.name.clone(),
        region: topology.region.clone(),
        currency: table.currency.clone(),
        hours_per_month: topology.hours_per_month,
        price_table: PriceTableInfo {
            region: table.region.clone(),
            effective_date: table.effective_date.clone(),
            source: table.source.clone(),
        },
        line_items,
        groups,
        total_monthly_usd: total,
        total_annual_usd: exact_mul(total, MONTHS_PER_YEAR)
            .ok_or_else(|| inexact(format!("the annual total 12 × {total}")))?
            .normalize(),
        reference: None,
        warnings: Vec::new(),
        budget: None,
        plan: None,
        assumptions: topology.assumed.clone(),
        commitments: None,
    })
}

/// Group subtotals in group order, for the groups that have lines.
pub fn group_totals(lines: &[LineItem]) -> Result<Vec<GroupTotal>> {
    let mut out = Vec::new();
    for g in Group::ALL {
        let mut any = false;
        let mut total = Decimal::ZERO;
        for l in lines.iter().filter(|l| l.group == g) {
            any = true;
            total = exact_add(total, l.monthly_usd)
                .ok_or_else(|| inexact(format!("the {g} subtotal {total} + {}", l.monthly_usd)))?
                .normalize();
        }
        if any {
            out.push(GroupTotal {
                group: g,
                monthly_usd: total,
            });
        }
    }
    Ok(out)
}

fn sum(mut values: impl Iterator<Item = Decimal>) -> Result<Decimal> {
    values
        .try_fold(Decimal::ZERO, |acc, v| {
            exact_add(acc, v).ok_or_else(|| inexact(format!("the total {acc} + {v}")))
        })
        .map(|d| d.normalize())
}

/// A sum or product of amounts that does not fit exactly: the input's quantities are to blame
/// (each line was already priced exactly).
fn inexact(what: String) -> Error {
    Error::Inexact {
        what,
        price_data: false,
        hint: Some("a quantity in the input is too large or has too many digits".into()),
    }
}
