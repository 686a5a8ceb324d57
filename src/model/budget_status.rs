//! A budget verdict: each declared limit against the estimate's displayed cost. Computed by
//! [`crate::checks::budget`]; carried on the estimate for every report to show.

use super::Group;
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

/// One limit and how the estimate stands against it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct BudgetLimit {
    /// The cost group the limit applies to; absent for the limit on the whole topology.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub group: Option<Group>,
    /// The declared monthly limit.
    pub monthly_usd: Decimal,
    /// The displayed monthly cost it covers (sum of the cent-rounded lines).
    pub spent_usd: Decimal,
    /// `monthly_usd − spent_usd`; negative when over budget.
    pub headroom_usd: Decimal,
    pub over_budget: bool,
}

impl BudgetLimit {
    /// `total` or the group id.
    pub fn scope(&self) -> &'static str {
        self.group.map_or("total", Group::id)
    }

    /// A readable name: `total` or the group label.
    pub fn label(&self) -> &'static str {
        self.group.map_or("Total", Group::label)
    }
}

/// The budget section of an estimate: every declared limit, the whole-topology one first.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct BudgetStatus {
    /// True when any limit is exceeded.
    pub over_budget: bool,
    pub limits: Vec<BudgetLimit>,
}

impl BudgetStatus {
    /// The limits that are exceeded.
    pub fn breaches(&self) -> impl Iterator<Item = &BudgetLimit> {
        self.limits.iter().filter(|l| l.over_budget)
    }
}
