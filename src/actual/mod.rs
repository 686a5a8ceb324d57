//! `costplan actual`: an estimate put next to the AWS bill of one month.
//!
//! [`aggregate`] streams the bill into sums per (product code, usage type, operation, region,
//! line item type); [`matching`] says which bill lines an estimate line corresponds to;
//! [`variance`] computes each row's variance and its usage and price effects; [`calibrate`]
//! sets a topology's usage quantities from the bill. Pure domain logic: rendering is in
//! `report::actual*`.

pub mod aggregate;
pub mod calibrate;
pub mod matching;
pub mod variance;

#[cfg(test)]
mod tests;

pub use aggregate::{BillMonth, Filter};
pub use variance::{Comparison, Precision, Row};

use crate::error::Result;
use crate::estimate::Estimate;
use crate::pricing::PriceTable;
use rust_decimal::Decimal;

/// A breached variance gate.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Gate {
    /// `|variance| > USD`.
    VarianceUsd(Decimal),
    /// `|variance %| > PERCENT` (of the estimate).
    VariancePercent(Decimal),
}

/// The result of `costplan actual`: what was compared and the comparison.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct Actual {
    /// The estimate's name (the topology's `name`).
    pub estimate_name: String,
    pub region: String,
    pub bill_path: String,
    /// The bill's format as detected from its content (`CUR 2.0 (CSV), gzip`).
    pub bill_format: String,
    pub month: String,
    pub currency: String,
    /// Some line comes from a period Cost Explorer marks `Estimated` (not final).
    pub bill_estimated: bool,
    pub bill_lines: u64,
    /// `--tag` and `--account` as given.
    pub filters: Vec<String>,
    pub comparison: Comparison,
}

/// Compares an estimate with one month of a bill.
pub fn actual(
    estimate: &Estimate,
    table: &PriceTable,
    bill: &BillMonth,
    filter: &Filter,
) -> Result<Actual> {
    let comparison = variance::compare(estimate, table, bill)?;
    let mut filters: Vec<String> = filter
        .tags
        .iter()
        .map(|(k, v)| format!("tag {k}={v}"))
        .collect();
    filters.extend(filter.account.iter().map(|a| format!("account {a}")));
    Ok(Actual {
        estimate_name: estimate.name.clone(),
        region: estimate.region.clone(),
        bill_path: bill.path.clone(),
        bill_format: bill.info.to_string(),
        month: bill.month.clone(),
        currency: bill.currency.clone(),
        bill_estimated: bill.estimated,
        bill_lines: bill.lines,
        filters,
        comparison,
    })
}

/// The gates the comparison breaches, each with a one-line reason.
pub fn breaches(a: &Actual, gates: &[Gate]) -> Vec<String> {
    let c = &a.comparison;
    let mut out = Vec::new();
    for g in gates {
        match g {
            Gate::VarianceUsd(limit) if c.variance_usd.abs() > *limit => out.push(format!(
                "gate breached: the bill differs from the estimate by {} USD, more than {} USD (--fail-on-variance-usd)",
                c.variance_usd.normalize(),
                limit.normalize()
            )),
            Gate::VariancePercent(limit) => {
                let breached = match c.variance_percent {
                    Some(p) => p.abs() > *limit,
                    // a bill against a zero estimate differs by an unbounded share
                    None => !c.variance_usd.is_zero(),
                };
                if breached {
                    out.push(format!(
                        "gate breached: the bill differs from the estimate by {}, more than {}% (--fail-on-variance-percent)",
                        c.variance_percent
                            .map_or_else(|| "an unbounded share".to_string(), |p| format!("{}%", p.normalize())),
                        limit.normalize()
                    ));
                }
            }
            Gate::VarianceUsd(_) => {}
        }
    }
    out
}
