//! `compare`: each scenario's estimate against the base: total, Δ, the lines that moved most, and
//! the design warnings the scenario triggers that the base does not.

use crate::error::Result;
use crate::estimate::warnings::{Warning, design_warnings};
use crate::estimate::{Estimate, Group, LineItem};
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
    /// The scenario's resource and component (the base's for a line the scenario drops).
    pub resource: String,
    pub component: String,
    /// What changed in the instance class or priced option, e.g. `db.t3.medium → db.t4g.medium`
    /// (see [`crate::diff::identity`]); absent when nothing did.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub variant: Option<String>,
    pub base_monthly_usd: Decimal,
    pub scenario_monthly_usd: Decimal,
    pub delta_usd: Decimal,
}

/// What an estimate's commitments, discounts and credits come to (when its topology states any):
/// for comparing commitment options.
#[derive(Debug, Clone, Serialize)]
pub struct CommitmentBrief {
    /// Month 1 with upfront fees spread over their terms, exact.
    pub amortised_monthly_usd: Decimal,
    /// Month 1 in cash (upfront fees whole), exact.
    pub cash_month1_usd: Decimal,
    /// When everything together pays back against on-demand (cash), within 36 months.
    pub break_even_month: Option<u32>,
}

impl CommitmentBrief {
    pub fn of(e: &Estimate) -> Option<Self> {
        let c = e.commitments.as_ref()?;
        Some(CommitmentBrief {
            amortised_monthly_usd: c.applied.amortised_monthly_usd,
            cash_month1_usd: c.cash_flow.first().map_or(Decimal::ZERO, |f| f.cash_usd),
            break_even_month: c.break_even_month,
        })
    }
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
    /// The scenario's commitments, when it states any.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub commitments: Option<CommitmentBrief>,
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
    /// The base's commitments, when it states any.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub commitments: Option<CommitmentBrief>,
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
    let shown = |e: &Estimate| crate::money::shown_sum(e.line_items.iter().map(|l| l.monthly_usd));
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
            commitments: CommitmentBrief::of(&e),
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
            commitments: CommitmentBrief::of(&base_estimate),
            shown_total_usd: base_shown,
        },
        scenarios: rows,
        base_estimate,
    })
}

/// The `n` line items whose monthly cost moved most (by absolute change), matched by the
/// stable line identity of `diff` (group, resource, component kind: an instance-class change or
/// a platform swap is one movement with its net); a line on one side only moves by its whole
/// amount.
pub fn movers(base: &Estimate, other: &Estimate, n: usize) -> Vec<Movement> {
    #[derive(Default)]
    struct Sides<'a> {
        base_usd: Decimal,
        other_usd: Decimal,
        base_line: Option<&'a LineItem>,
        other_line: Option<&'a LineItem>,
    }
    let mut by: BTreeMap<crate::diff::Identity, Sides> = BTreeMap::new();
    for l in &base.line_items {
        let s = by.entry(crate::diff::identity(l)).or_default();
        s.base_usd += l.monthly_usd;
        s.base_line.get_or_insert(l);
    }
    for l in &other.line_items {
        let s = by.entry(crate::diff::identity(l)).or_default();
        s.other_usd += l.monthly_usd;
        s.other_line.get_or_insert(l);
    }
    let mut out: Vec<Movement> = by
        .into_iter()
        .filter(|(_, s)| s.base_usd != s.other_usd)
        .filter_map(|((group, _, _), s)| {
            let shown = s.other_line.or(s.base_line)?;
            Some(Movement {
                group,
                resource: shown.resource.clone(),
                component: shown.component.clone(),
                variant: s
                    .base_line
                    .zip(s.other_line)
                    .and_then(|(a, b)| crate::diff::variant(a, b)),
                base_monthly_usd: s.base_usd,
                scenario_monthly_usd: s.other_usd,
                delta_usd: s.other_usd - s.base_usd,
            })
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
    /// `worker vCPU (Linux/x86_64, on-demand) +36.04`; with a class or option change,
    /// `postgres db.t4g.medium instance (Multi-AZ) (changed: db.t3.medium → db.t4g.medium) -4.38`.
    pub fn label(&self) -> String {
        let variant = self
            .variant
            .as_ref()
            .map_or_else(String::new, |v| format!(" (changed: {v})"));
        format!(
            "{} {}{variant} {}",
            self.resource,
            self.component,
            crate::money::format_signed_usd(self.delta_usd)
        )
    }
}
