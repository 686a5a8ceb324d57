//! Reconciliation: the estimate's group subtotals against the figures a document states.

use crate::estimate::Estimate;
pub use crate::model::{ExcludedLine, Reconciliation, ReconciliationRow};
use crate::model::{Group, LineItem};
use crate::topology::Reference;
use rust_decimal::Decimal;

/// Whether a line is the component `name` (tiered lines carry a ` (… tier)` suffix).
pub fn component_matches(line: &LineItem, name: &str) -> bool {
    line.component == name
        || line
            .component
            .strip_prefix(name)
            .is_some_and(|rest| rest.starts_with(" ("))
}

pub fn reconcile(reference: &Reference, estimate: &Estimate) -> Reconciliation {
    let stated = |g: Group| {
        reference
            .groups
            .iter()
            .find(|(s, _)| *s == g)
            .map(|(_, v)| *v)
    };
    let mut rows = Vec::new();
    let mut unstated = Vec::new();
    for g in Group::ALL {
        let s = stated(g);
        let computed = estimate
            .groups
            .iter()
            .find(|t| t.group == g)
            .map(|t| t.monthly_usd);
        if s.is_none() && computed.is_none() {
            continue;
        }
        if s.is_none() {
            unstated.push(g);
        }
        let excluded: Vec<ExcludedLine> = estimate
            .line_items
            .iter()
            .filter(|l| {
                l.group == g
                    && reference
                        .excludes
                        .iter()
                        .any(|(eg, c)| *eg == g && component_matches(l, c))
            })
            .map(|l| ExcludedLine {
                resource: l.resource.clone(),
                component: l.component.clone(),
                monthly_usd: l.monthly_usd,
            })
            .collect();
        let excluded_usd: Decimal = excluded.iter().map(|e| e.monthly_usd).sum();
        let c = (computed.unwrap_or_default() - excluded_usd).normalize();
        rows.push(ReconciliationRow {
            group: g,
            stated_usd: s,
            computed_usd: c,
            difference_usd: s.map(|s| (c - s).normalize()),
            excluded,
        });
    }
    Reconciliation {
        source: reference.source.clone(),
        rows,
        unstated_groups: unstated,
        stated_total_usd: reference.total_usd,
        computed_total_usd: estimate.total_monthly_usd,
        difference_usd: reference
            .total_usd
            .map(|s| (estimate.total_monthly_usd - s).normalize()),
    }
}

/// `[reference] excludes` entries that match no line item (likely a typo), as warnings.
pub fn unmatched_excludes(reference: &Reference, lines: &[LineItem]) -> Vec<String> {
    reference
        .excludes
        .iter()
        .filter(|(g, c)| {
            !lines
                .iter()
                .any(|l| l.group == *g && component_matches(l, c))
        })
        .map(|(g, c)| {
            let known: Vec<&str> = lines
                .iter()
                .filter(|l| l.group == *g)
                .map(|l| l.component.as_str())
                .collect();
            format!(
                "[reference] excludes `{}: {c}` but no {} line is called that{}",
                g.id(),
                g.id(),
                crate::suggest::did_you_mean(c, known)
                    .map(|s| format!(" (did you mean `{s}`?)"))
                    .unwrap_or_default()
            )
        })
        .collect()
}
