//! The rounded view of an estimate that every renderer shows.
//!
//! Rule (see [`crate::money`]): each line's monthly amount is rounded to the cent, half away from
//! zero; group subtotals and the total are sums of the rounded lines; annual figures are twelve
//! times the displayed monthly figures. So every displayed table adds up to its displayed total.

use crate::estimate::{Estimate, Group, LineItem};
use crate::money::{MONTHS_PER_YEAR, round_cents, shown_sum};
use rust_decimal::Decimal;

pub struct LineView<'a> {
    pub item: &'a LineItem,
    pub monthly_usd: Decimal,
    pub annual_usd: Decimal,
}

pub struct GroupView<'a> {
    pub group: Group,
    pub lines: Vec<LineView<'a>>,
    pub monthly_usd: Decimal,
    pub annual_usd: Decimal,
}

pub struct ReconciliationRowView {
    pub group: Group,
    /// Excluded components with their displayed (rounded) amounts.
    pub excluded: Vec<(String, Decimal)>,
    pub stated_usd: Option<Decimal>,
    pub computed_usd: Decimal,
    pub difference_usd: Option<Decimal>,
}

pub struct EstimateView<'a> {
    pub estimate: &'a Estimate,
    pub groups: Vec<GroupView<'a>>,
    pub total_monthly_usd: Decimal,
    pub total_annual_usd: Decimal,
}

impl<'a> EstimateView<'a> {
    pub fn new(estimate: &'a Estimate) -> Self {
        let mut groups: Vec<GroupView<'a>> = Vec::new();
        for item in &estimate.line_items {
            let monthly = round_cents(item.monthly_usd);
            let line = LineView {
                item,
                monthly_usd: monthly,
                annual_usd: monthly * MONTHS_PER_YEAR,
            };
            match groups.iter_mut().find(|g| g.group == item.group) {
                Some(g) => g.lines.push(line),
                None => groups.push(GroupView {
                    group: item.group,
                    lines: vec![line],
                    monthly_usd: Decimal::ZERO,
                    annual_usd: Decimal::ZERO,
                }),
            }
        }
        groups.sort_by_key(|g| g.group);
        for g in &mut groups {
            g.monthly_usd = shown_sum(g.lines.iter().map(|l| l.item.monthly_usd));
            g.annual_usd = g.monthly_usd * MONTHS_PER_YEAR;
        }
        let total = shown_sum(estimate.line_items.iter().map(|l| l.monthly_usd));
        EstimateView {
            estimate,
            groups,
            total_monthly_usd: total,
            total_annual_usd: total * MONTHS_PER_YEAR,
        }
    }

    /// The displayed subtotal of a group (zero when it has no lines).
    pub fn group_monthly_usd(&self, group: Group) -> Decimal {
        self.groups
            .iter()
            .find(|g| g.group == group)
            .map_or(Decimal::ZERO, |g| g.monthly_usd)
    }

    /// The reconciliation rows with the displayed (rounded) computed figures.
    pub fn reconciliation(&self) -> Option<Vec<ReconciliationRowView>> {
        let r = self.estimate.reference.as_ref()?;
        Some(
            r.rows
                .iter()
                .map(|row| {
                    let excluded: Vec<(String, Decimal)> = row
                        .excluded
                        .iter()
                        .map(|e| (e.component.clone(), round_cents(e.monthly_usd)))
                        .collect();
                    let excluded_usd = shown_sum(row.excluded.iter().map(|e| e.monthly_usd));
                    let computed = self.group_monthly_usd(row.group) - excluded_usd;
                    ReconciliationRowView {
                        group: row.group,
                        excluded,
                        stated_usd: row.stated_usd,
                        computed_usd: computed,
                        difference_usd: row.stated_usd.map(|s| computed - s),
                    }
                })
                .collect(),
        )
    }

    /// What the reference leaves out, as "Not stated in …" lists it: groups it does not state,
    /// then the components its figures exclude, each with the amount shown for it.
    pub fn not_stated(&self) -> Vec<(String, Decimal)> {
        let Some(r) = self.estimate.reference.as_ref() else {
            return Vec::new();
        };
        let mut out: Vec<(String, Decimal)> = r
            .unstated_groups
            .iter()
            .map(|g| (g.label().to_string(), self.group_monthly_usd(*g)))
            .collect();
        for row in self.reconciliation().unwrap_or_default() {
            for (component, usd) in row.excluded {
                out.push((format!("{} {component}", row.group.label()), usd));
            }
        }
        out
    }
}
