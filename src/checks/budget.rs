//! Budgets: the limits a topology declares, set against the estimate's displayed figures.
//!
//! A limit is judged on the cent-rounded amounts every report displays (the sum of the rounded
//! lines, see [`crate::money`]), so a verdict never contradicts the figures a reader sees. Costing
//! exactly the limit is within budget.

pub use crate::model::{BudgetLimit, BudgetStatus};
use crate::model::{Group, LineItem};
use crate::money::shown_sum;
use crate::topology::Budget;
use rust_decimal::Decimal;

/// Sets the declared limits against the displayed costs of `lines`.
pub fn assess(budget: &Budget, lines: &[LineItem]) -> BudgetStatus {
    let spent = |group: Option<Group>| -> Decimal {
        shown_sum(
            lines
                .iter()
                .filter(|l| group.is_none_or(|g| l.group == g))
                .map(|l| l.monthly_usd),
        )
    };
    let limit = |group: Option<Group>, monthly_usd: Decimal| {
        let spent_usd = spent(group);
        BudgetLimit {
            group,
            monthly_usd,
            spent_usd,
            headroom_usd: monthly_usd - spent_usd,
            over_budget: spent_usd > monthly_usd,
        }
    };
    let mut limits = Vec::new();
    if let Some(total) = budget.monthly_usd {
        limits.push(limit(None, total));
    }
    for (group, usd) in &budget.groups {
        limits.push(limit(Some(*group), *usd));
    }
    BudgetStatus {
        over_budget: limits.iter().any(|l| l.over_budget),
        limits,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> Decimal {
        s.parse().unwrap()
    }

    fn line(group: Group, usd: &str) -> LineItem {
        LineItem {
            group,
            resource: "r".into(),
            component: format!("c{usd}"),
            quantity: Decimal::ONE,
            unit: "u".into(),
            unit_price_usd: d(usd),
            monthly_usd: d(usd),
            price_key: "k".into(),
            price_source: "s".into(),
            price_effective_date: "2026-01-01".into(),
        }
    }

    #[test]
    fn limits_are_judged_on_displayed_cents() {
        // 0.004 + 0.004 rounds line by line to 0.00: displayed cost 0, within a 0 budget.
        let lines = [line(Group::Ecr, "0.004"), line(Group::Ecr, "0.004")];
        let b = Budget {
            monthly_usd: Some(Decimal::ZERO),
            groups: vec![],
        };
        let s = assess(&b, &lines);
        assert!(!s.over_budget);
        assert_eq!(s.limits[0].spent_usd, Decimal::ZERO);
    }

    #[test]
    fn exactly_the_limit_is_within_and_a_cent_more_is_over() {
        let lines = [line(Group::Rds, "150"), line(Group::Ecr, "0.01")];
        let b = Budget {
            monthly_usd: Some(d("150")),
            groups: vec![(Group::Rds, d("150"))],
        };
        let s = assess(&b, &lines);
        assert!(s.over_budget);
        assert_eq!(s.limits[0].scope(), "total");
        assert!(s.limits[0].over_budget);
        assert_eq!(s.limits[0].headroom_usd, d("-0.01"));
        assert_eq!(s.limits[1].scope(), "rds");
        assert!(!s.limits[1].over_budget);
        assert_eq!(s.breaches().count(), 1);
    }
}
