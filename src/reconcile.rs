//! Reconciliation: the estimate's group subtotals against the figures a document states.

use crate::estimate::{Estimate, Group};
use crate::topology::Reference;
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReconciliationRow {
    pub group: Group,
    /// What the document states, if it states this group.
    pub stated_usd: Option<Decimal>,
    pub computed_usd: Decimal,
    /// computed − stated, when stated.
    pub difference_usd: Option<Decimal>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Reconciliation {
    pub source: String,
    /// One row per group that is stated or computed, in group order.
    pub rows: Vec<ReconciliationRow>,
    /// Groups with a computed cost that the document does not state at all.
    pub unstated_groups: Vec<Group>,
    pub stated_total_usd: Option<Decimal>,
    pub computed_total_usd: Decimal,
    pub difference_usd: Option<Decimal>,
}

pub fn reconcile(reference: &Reference, estimate: &Estimate) -> Reconciliation {
    let computed = |g: Group| {
        estimate
            .groups
            .iter()
            .find(|t| t.group == g)
            .map(|t| t.monthly_usd)
    };
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
        let (s, c) = (stated(g), computed(g));
        if s.is_none() && c.is_none() {
            continue;
        }
        if s.is_none() {
            unstated.push(g);
        }
        let c = c.unwrap_or_default();
        rows.push(ReconciliationRow {
            group: g,
            stated_usd: s,
            computed_usd: c,
            difference_usd: s.map(|s| c - s),
        });
    }
    Reconciliation {
        source: reference.source.clone(),
        rows,
        unstated_groups: unstated,
        stated_total_usd: reference.total_usd,
        computed_total_usd: estimate.total_monthly_usd,
        difference_usd: reference.total_usd.map(|s| estimate.total_monthly_usd - s),
    }
}
