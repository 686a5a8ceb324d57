//! A reconciliation: the estimate's group subtotals against the figures a document states.
//! Computed by [`crate::checks::reconcile`]; carried on the estimate for every report to show.

use super::Group;
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReconciliationRow {
    pub group: Group,
    /// What the document states, if it states this group.
    pub stated_usd: Option<Decimal>,
    /// The computed subtotal, less the excluded components.
    pub computed_usd: Decimal,
    /// computed − stated, when stated.
    pub difference_usd: Option<Decimal>,
    /// Components of this group the document's figure leaves out (`[reference] excludes`).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub excluded: Vec<ExcludedLine>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ExcludedLine {
    pub resource: String,
    pub component: String,
    pub monthly_usd: Decimal,
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
