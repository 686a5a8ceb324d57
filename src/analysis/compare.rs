//! `compare`: each scenario's estimate against the base: total, Δ, the lines that moved most, and
//! the design warnings the scenario triggers that the base does not.

use crate::error::Result;
use crate::estimate::warnings::{Warning, design_warnings};
use crate::estimate::{Estimate, Group};
use crate::pricing::PriceCatalog;
use crate::scenario::Scenario;
use rust_decimal::Decimal;
use serde::Serialize;
use std::collections::BTreeMap;

/// How many moved line items each row shows.
pub const TOP_MOVERS: usize = 3;

#[derive(Debug, Clone, Serialize)]
pub struct Movement {
    pub group: Group,
    pub resource: String,
    pub component: String,
    pub base_monthly_usd: Decimal,
    pub scenario_monthly_usd: Decimal,
    pub delta_usd: Decimal,
}

#[derive(Debug, Clone, Serialize)]
pub struct CompareRow {
    pub name: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    pub file: String,
    pub total_monthly_usd: Decimal,
    pub delta_usd: Decimal,
    /// Δ as a percentage of the base total, exact; absent when the base total is zero.
    pub delta_percent: Option<Decimal>,
    pub top_movers: Vec<Movement>,
    /// Warnings the scenario triggers that the base does not.
    pub warnings: Vec<Warning>,
    /// The total as `estimate` displays it (the sum of the lines rounded to the cent), and Δ
    /// between displayed totals, so that the tables of both commands agree to the cent.
    #[serde(skip)]
    pub shown_total_usd: Decimal,
    #[serde(skip)]
    pub shown_delta_usd: Decimal,
    #[serde(skip)]
    pub estimate: Estimate,
}

#[derive(Debug, Clone, Serialize)]
pub struct BaseSummary {
    pub name: String,
    pub file: String,
    pub total_monthly_usd: Decimal,
    pub warnings: Vec<Warning>,
    #[serde(skip)]
    pub shown_total_usd: Decimal,
}

#[derive(Debug, Clone, Serialize)]
pub struct Comparison {
    pub schema_version: u32,
    pub base: BaseSummary,
    /// Sorted by Δ, largest saving first.
    pub scenarios: Vec<CompareRow>,
    #[serde(skip)]
    pub base_estimate: Estimate,
}

/// Estimates a scenario with the table of its region.
pub fn estimate_scenario(s: &Scenario, catalog: &PriceCatalog) -> Result<Estimate> {
    let table = catalog.table(&s.topology.region)?;
    crate::estimate(&s.topology, table)
}

pub fn compare(
    base: &Scenario,
    scenarios: &[Scenario],
    catalog: &PriceCatalog,
) -> Result<Comparison> {
    let base_estimate = estimate_scenario(base, catalog)?;
    let base_warnings = design_warnings(&base.topology);
    let shown = |e: &Estimate| crate::report::EstimateView::new(e).total_monthly_usd;
    let base_shown = shown(&base_estimate);
    let mut rows = Vec::with_capacity(scenarios.len());
    for s in scenarios {
        let e = estimate_scenario(s, catalog)?;
        let delta = e.total_monthly_usd - base_estimate.total_monthly_usd;
        let mut warnings: Vec<Warning> = design_warnings(&s.topology)
            .into_iter()
            .filter(|w| !base_warnings.contains(w))
            .collect();
        // recovery cases (`[recovery]`) the scenario does worse on than the base
        warnings.extend(crate::capacity::assess::recovery_regressions(
            &base.topology,
            &s.topology,
        )?);
        rows.push(CompareRow {
            name: s.name.clone(),
            description: s.description.clone(),
            file: s.file.clone(),
            total_monthly_usd: e.total_monthly_usd,
            delta_usd: delta,
            delta_percent: super::percent(delta, base_estimate.total_monthly_usd),
            top_movers: movers(&base_estimate, &e, TOP_MOVERS),
            warnings,
            shown_total_usd: shown(&e),
            shown_delta_usd: shown(&e) - base_shown,
            estimate: e,
        });
    }
    rows.sort_by(|a, b| {
        a.delta_usd
            .cmp(&b.delta_usd)
            .then_with(|| a.name.cmp(&b.name))
    });
    Ok(Comparison {
        schema_version: 1,
        base: BaseSummary {
            name: base.name.clone(),
            file: base.file.clone(),
            total_monthly_usd: base_estimate.total_monthly_usd,
            warnings: base_warnings,
            shown_total_usd: base_shown,
        },
        scenarios: rows,
        base_estimate,
    })
}

/// The `n` line items whose monthly cost moved most (by absolute change), matched by group,
/// resource and component; a line on one side only moves by its whole amount.
pub fn movers(base: &Estimate, other: &Estimate, n: usize) -> Vec<Movement> {
    let mut by: BTreeMap<(Group, &str, &str), (Decimal, Decimal)> = BTreeMap::new();
    for l in &base.line_items {
        by.entry(l.identity()).or_default().0 += l.monthly_usd;
    }
    for l in &other.line_items {
        by.entry(l.identity()).or_default().1 += l.monthly_usd;
    }
    let mut out: Vec<Movement> = by
        .into_iter()
        .filter(|(_, (a, b))| a != b)
        .map(|((group, resource, component), (a, b))| Movement {
            group,
            resource: resource.to_string(),
            component: component.to_string(),
            base_monthly_usd: a,
            scenario_monthly_usd: b,
            delta_usd: b - a,
        })
        .collect();
    out.sort_by(|x, y| {
        y.delta_usd.abs().cmp(&x.delta_usd.abs()).then_with(|| {
            (x.group, &x.resource, &x.component).cmp(&(y.group, &y.resource, &y.component))
        })
    });
    out.truncate(n);
    out
}

impl Movement {
    /// `worker vCPU (Linux/x86_64, on-demand) +36.04`
    pub fn label(&self) -> String {
        format!(
            "{} {} {}",
            self.resource,
            self.component,
            crate::money::format_signed_usd(self.delta_usd)
        )
    }
}
