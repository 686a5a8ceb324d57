//! The rounded view of `costplan actual` that every renderer shows.
//!
//! Rule (see [`crate::money`]): each row's estimated and billed cost and its usage effect are
//! rounded to the cent; its variance is billed − estimated and its price effect variance − usage
//! as displayed; group subtotals, section totals and the totals are sums of displayed rows. So
//! every table adds up to its displayed total, and the waterfall (estimate → price effects →
//! usage effects → unestimated lines → credits, taxes and fees → bill) adds up to the bill.

use crate::actual::{Actual, Precision, Row};
use crate::model::Group;
use crate::money::{percent_change, round_cents};
use rust_decimal::Decimal;

use super::grid::{Cell, Grid};

/// How many unestimated bill lines a report for people lists before summing the rest in one row.
pub const UNESTIMATED_SHOWN: usize = 15;

pub struct RowView<'a> {
    pub row: &'a Row,
    pub estimated_usd: Decimal,
    pub billed_usd: Decimal,
    pub variance_usd: Decimal,
    pub variance_percent: Option<Decimal>,
    /// `None` when the row has no split.
    pub usage_usd: Option<Decimal>,
    pub price_usd: Option<Decimal>,
}

/// Displayed sums of some rows.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Sums {
    pub estimated_usd: Decimal,
    pub billed_usd: Decimal,
    pub variance_usd: Decimal,
    pub usage_usd: Decimal,
    pub price_usd: Decimal,
    /// Variance of rows without a split.
    pub unsplit_usd: Decimal,
}

impl Sums {
    fn add(&mut self, r: &RowView) {
        self.estimated_usd += r.estimated_usd;
        self.billed_usd += r.billed_usd;
        self.variance_usd += r.variance_usd;
        match (r.usage_usd, r.price_usd) {
            (Some(u), Some(p)) => {
                self.usage_usd += u;
                self.price_usd += p;
            }
            _ => self.unsplit_usd += r.variance_usd,
        }
    }
}

pub struct GroupView<'a> {
    pub group: Group,
    pub rows: Vec<RowView<'a>>,
    pub sums: Sums,
}

/// One bar of the waterfall: a label and the displayed amount (the first and last are totals).
pub struct Step {
    pub label: &'static str,
    pub usd: Decimal,
}

pub struct ActualView<'a> {
    pub actual: &'a Actual,
    pub groups: Vec<GroupView<'a>>,
    /// All rows' sums: the estimate as stated and the matched bill lines.
    pub matched: Sums,
    /// Unestimated lines with their displayed amounts, ranked by cost.
    pub unestimated: Vec<Decimal>,
    pub unestimated_usd: Decimal,
    pub charges: Vec<Decimal>,
    pub charges_usd: Decimal,
    pub estimated_total_usd: Decimal,
    pub billed_total_usd: Decimal,
    pub billed_usage_usd: Decimal,
    pub variance_usd: Decimal,
    pub variance_percent: Option<Decimal>,
}

impl<'a> ActualView<'a> {
    pub fn new(actual: &'a Actual) -> Self {
        let c = &actual.comparison;
        let mut groups: Vec<GroupView<'a>> = Vec::new();
        let mut matched = Sums::default();
        for row in &c.rows {
            // as `estimate` shows it: the sum of the rounded estimate lines
            let estimated: Decimal = row
                .estimate_lines_usd
                .iter()
                .copied()
                .map(round_cents)
                .sum();
            let billed = round_cents(row.billed_usd);
            let variance = billed - estimated;
            let usage = row.split.as_ref().map(|s| round_cents(s.usage_usd));
            let r = RowView {
                row,
                estimated_usd: estimated,
                billed_usd: billed,
                variance_usd: variance,
                variance_percent: percent_change(variance, estimated),
                usage_usd: usage,
                price_usd: usage.map(|u| variance - u),
            };
            matched.add(&r);
            match groups.iter_mut().find(|g| g.group == row.group) {
                Some(g) => {
                    g.sums.add(&r);
                    g.rows.push(r);
                }
                None => {
                    let mut sums = Sums::default();
                    sums.add(&r);
                    groups.push(GroupView {
                        group: row.group,
                        rows: vec![r],
                        sums,
                    });
                }
            }
        }
        groups.sort_by_key(|g| g.group);
        let unestimated: Vec<Decimal> = c
            .not_in_topology
            .iter()
            .map(|u| round_cents(u.billed_usd))
            .collect();
        let unestimated_usd: Decimal = unestimated.iter().sum();
        let charges: Vec<Decimal> = c
            .charges
            .iter()
            .map(|x| round_cents(x.billed_usd))
            .collect();
        let charges_usd: Decimal = charges.iter().sum();
        let billed_usage = matched.billed_usd + unestimated_usd;
        let billed_total = billed_usage + charges_usd;
        let variance = billed_total - matched.estimated_usd;
        ActualView {
            actual,
            groups,
            matched,
            unestimated,
            unestimated_usd,
            charges,
            charges_usd,
            estimated_total_usd: matched.estimated_usd,
            billed_total_usd: billed_total,
            billed_usage_usd: billed_usage,
            variance_usd: variance,
            variance_percent: percent_change(variance, matched.estimated_usd),
        }
    }

    /// The sentence saying how the bill was matched.
    pub fn precision_note(&self) -> &'static str {
        match self.actual.comparison.precision {
            Precision::UsageType => {
                "matched by offer code, usage type and region; each variance is split into usage (quantity at table prices) and price (billed rate vs table rate)"
            }
            Precision::Service => {
                "matched by service: the bill has no usage types, so rows are services and each variance is not split into usage and price"
            }
        }
    }

    /// One line saying what was compared: bill, format, month, filters.
    pub fn source_line(&self) -> String {
        let a = self.actual;
        let mut s = format!(
            "Bill {} ({}), {} {}, {} line(s)",
            a.bill_path, a.bill_format, a.month, a.currency, a.bill_lines
        );
        if !a.filters.is_empty() {
            s.push_str(&format!(", {}", a.filters.join(", ")));
        }
        if a.bill_estimated {
            s.push_str("; the period is marked Estimated (not final)");
        }
        s
    }

    /// The sentence naming the estimate rows the bill has no line for, if any.
    pub fn without_bill_line(&self) -> Option<String> {
        let rows: Vec<&str> = self
            .actual
            .comparison
            .rows
            .iter()
            .filter(|r| r.bill_lines == 0)
            .map(|r| r.label.as_str())
            .collect();
        (!rows.is_empty()).then(|| {
            format!(
                "Estimate lines with no bill line ({}): {}",
                rows.len(),
                rows.join(", ")
            )
        })
    }

    /// The waterfall: stated estimate, effects, unestimated lines, charges, bill.
    pub fn waterfall(&self) -> Vec<Step> {
        let mut steps = vec![Step {
            label: "estimate",
            usd: self.estimated_total_usd,
        }];
        match self.actual.comparison.precision {
            Precision::UsageType => {
                steps.push(Step {
                    label: "price effects",
                    usd: self.matched.price_usd,
                });
                steps.push(Step {
                    label: "usage effects",
                    usd: self.matched.usage_usd,
                });
                if !self.matched.unsplit_usd.is_zero() {
                    steps.push(Step {
                        label: "variance not split (several price keys)",
                        usd: self.matched.unsplit_usd,
                    });
                }
            }
            Precision::Service => steps.push(Step {
                label: "service variance (usage and price not separable)",
                usd: self.matched.unsplit_usd,
            }),
        }
        steps.push(Step {
            label: "unestimated lines",
            usd: self.unestimated_usd,
        });
        steps.push(Step {
            label: "credits, taxes and fees",
            usd: self.charges_usd,
        });
        steps.push(Step {
            label: "bill",
            usd: self.billed_total_usd,
        });
        steps
    }

    /// The comparison rows with group subtotals and the total of the matched rows.
    pub fn rows_grid(&self) -> Grid {
        let service = self.actual.comparison.precision == Precision::Service;
        let mut g = Grid::new(&[
            "group",
            "bill item",
            "estimate lines",
            "estimated qty",
            "billed qty",
            "unit",
            "estimated USD",
            "billed USD",
            "variance USD",
            "variance %",
            "usage USD",
            "price USD",
        ]);
        let qty = |q: Option<Decimal>| q.map_or(Cell::Empty, Cell::Number);
        let money = |v: Option<Decimal>| v.map_or(Cell::Empty, Cell::SignedUsd);
        for gv in &self.groups {
            for r in &gv.rows {
                let mut item = r.row.label.clone();
                if r.row.bill_lines == 0 {
                    item.push_str(" (no bill line)");
                }
                if let Some(n) = &r.row.note {
                    item.push_str(&format!(" [{n}]"));
                }
                let groups = r
                    .row
                    .groups
                    .iter()
                    .map(|g| g.label())
                    .collect::<Vec<_>>()
                    .join(", ");
                g.rows.push(vec![
                    Cell::Text(groups),
                    Cell::Text(item),
                    Cell::Text(compact_lines(&r.row.estimate_lines)),
                    qty(r.row.estimated_quantity),
                    qty(r.row.billed_quantity),
                    Cell::Text(if service {
                        String::new()
                    } else {
                        r.row.unit.clone()
                    }),
                    Cell::Usd(r.estimated_usd),
                    Cell::Usd(r.billed_usd),
                    Cell::SignedUsd(r.variance_usd),
                    Cell::Percent(r.variance_percent),
                    money(r.usage_usd),
                    money(r.price_usd),
                ]);
            }
            // at service precision each row is a service already
            if !service {
                g.rows.push(sum_row(
                    &format!("{} subtotal", gv.group.label()),
                    &gv.sums,
                    service,
                ));
            }
        }
        g.rows.push(sum_row(
            "Total (usage in the topology)",
            &self.matched,
            service,
        ));
        g
    }

    /// Unestimated usage lines, ranked by cost: at most `limit`, the rest summed in one row.
    pub fn unestimated_grid(&self, limit: Option<usize>) -> Grid {
        let mut g = Grid::new(&[
            "service",
            "usage type",
            "operation",
            "region",
            "quantity",
            "unit",
            "billed USD",
        ]);
        let list = &self.actual.comparison.not_in_topology;
        let shown = limit.unwrap_or(list.len()).min(list.len());
        for (u, usd) in list.iter().zip(&self.unestimated).take(shown) {
            g.rows.push(vec![
                Cell::Text(u.service.clone()),
                Cell::Text(u.usage_type.clone()),
                Cell::Text(u.operation.clone()),
                Cell::Text(u.region.clone()),
                Cell::Number(u.quantity),
                Cell::Text(u.unit.clone().unwrap_or_default()),
                Cell::Usd(*usd),
            ]);
        }
        if shown < list.len() {
            let rest: Decimal = self.unestimated[shown..].iter().sum();
            g.rows.push(vec![
                Cell::Text(format!("{} more bill line key(s)", list.len() - shown)),
                Cell::Empty,
                Cell::Empty,
                Cell::Empty,
                Cell::Empty,
                Cell::Empty,
                Cell::Usd(rest),
            ]);
        }
        g.rows.push(vec![
            Cell::Text("Total not in the topology".into()),
            Cell::Empty,
            Cell::Empty,
            Cell::Empty,
            Cell::Empty,
            Cell::Empty,
            Cell::Usd(self.unestimated_usd),
        ]);
        g
    }

    /// Credits, taxes, refunds and fees.
    pub fn charges_grid(&self) -> Grid {
        let mut g = Grid::new(&["charge", "service", "lines", "billed USD"]);
        for (c, usd) in self.actual.comparison.charges.iter().zip(&self.charges) {
            g.rows.push(vec![
                Cell::Text(c.kind.clone()),
                Cell::Text(c.service.clone()),
                Cell::Number(Decimal::from(c.lines)),
                Cell::SignedUsd(*usd),
            ]);
        }
        g.rows.push(vec![
            Cell::Text("Total credits, taxes and fees".into()),
            Cell::Empty,
            Cell::Empty,
            Cell::SignedUsd(self.charges_usd),
        ]);
        g
    }

    /// The totals and the waterfall as a table.
    pub fn summary_grid(&self) -> Grid {
        let mut g = Grid::new(&["", "USD"]);
        let steps = self.waterfall();
        let last = steps.len() - 1;
        for (i, s) in steps.iter().enumerate() {
            let cell = if i == 0 || i == last {
                Cell::Usd(s.usd)
            } else {
                Cell::SignedUsd(s.usd)
            };
            g.rows.push(vec![Cell::Text(s.label.to_string()), cell]);
        }
        g.rows.push(vec![
            Cell::Text("variance (bill − estimate)".into()),
            Cell::SignedUsd(self.variance_usd),
        ]);
        g.rows.push(vec![
            Cell::Text("variance %".into()),
            Cell::Percent(self.variance_percent),
        ]);
        g.rows.push(vec![
            Cell::Text("billed usage".into()),
            Cell::Usd(self.billed_usage_usd),
        ]);
        g
    }
}

/// Estimate lines for a table: the one line, or the resources of several.
fn compact_lines(lines: &[String]) -> String {
    if lines.len() == 1 {
        return lines[0].clone();
    }
    let mut resources: Vec<&str> = Vec::new();
    for l in lines {
        let r = l.split_once(": ").map_or(l.as_str(), |(r, _)| r);
        if !resources.contains(&r) {
            resources.push(r);
        }
    }
    format!("{} lines: {}", lines.len(), resources.join(", "))
}

fn sum_row(label: &str, s: &Sums, service: bool) -> Vec<Cell> {
    let split = |v: Decimal| {
        if service {
            Cell::Empty
        } else {
            Cell::SignedUsd(v)
        }
    };
    vec![
        Cell::Text(label.to_string()),
        Cell::Empty,
        Cell::Empty,
        Cell::Empty,
        Cell::Empty,
        Cell::Empty,
        Cell::Usd(s.estimated_usd),
        Cell::Usd(s.billed_usd),
        Cell::SignedUsd(s.variance_usd),
        Cell::Percent(percent_change(s.variance_usd, s.estimated_usd)),
        split(s.usage_usd),
        split(s.price_usd),
    ]
}
