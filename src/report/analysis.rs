//! The analyses (compare, sweep, sensitivity) in each [`AnalysisFormat`], and the grids they
//! and the simulation are shown as (terminal table, CSV, Markdown, HTML table).

use super::AnalysisFormat;
use super::grid::{Cell, Grid};
use crate::analysis::compare::Comparison;
use crate::analysis::sensitivity::Sensitivity;
use crate::analysis::simulate::{Simulation, Stats};
use crate::analysis::sweep::Sweep;
use rust_decimal::Decimal;

/// An analysis result: what differs per result type; [`AnalysisReport::render`] picks the format.
pub trait AnalysisReport: serde::Serialize {
    /// The terminal table with its heading and notes.
    fn table(&self) -> String;
    /// The grid CSV and Markdown show.
    fn grid(&self) -> Grid;
    /// The self-contained HTML page.
    fn html(&self) -> String;

    /// The result in `format`; JSON carries the result's exact figures (money as strings).
    fn render(&self, format: AnalysisFormat) -> String {
        match format {
            AnalysisFormat::Table => self.table(),
            AnalysisFormat::Json => json(self),
            AnalysisFormat::Csv => self.grid().csv(),
            AnalysisFormat::Markdown => self.grid().markdown(),
            AnalysisFormat::Html => self.html(),
        }
    }
}

fn json<T: serde::Serialize + ?Sized>(v: &T) -> String {
    let mut s =
        serde_json::to_string_pretty(v).unwrap_or_else(|e| format!("{{\"error\": \"{e}\"}}"));
    s.push('\n');
    s
}

impl AnalysisReport for Comparison {
    fn table(&self) -> String {
        compare_table(self)
    }
    fn grid(&self) -> Grid {
        compare_grid(self)
    }
    fn html(&self) -> String {
        super::html::compare(self)
    }
}

impl AnalysisReport for Sweep {
    fn table(&self) -> String {
        sweep_table(self)
    }
    fn grid(&self) -> Grid {
        sweep_grid(self)
    }
    fn html(&self) -> String {
        super::html::sweep(self)
    }
}

impl AnalysisReport for Sensitivity {
    fn table(&self) -> String {
        sensitivity_table(self)
    }
    fn grid(&self) -> Grid {
        sensitivity_grid(self)
    }
    fn html(&self) -> String {
        super::html::sensitivity(self)
    }
}

pub fn compare_grid(c: &Comparison) -> Grid {
    // With commitments on either side: the amortised month and the break-even month too, through
    // the commitments view (so the figures are the ones `estimate` shows).
    let committed = |e: &crate::Estimate, shown: Decimal| {
        e.commitments
            .as_ref()
            .map(|s| super::commitments_view::CommitmentsView::new(s, shown))
    };
    let any = c.base_estimate.commitments.is_some()
        || c.scenarios.iter().any(|r| r.estimate.commitments.is_some());
    let mut headers = vec![
        "scenario",
        "total monthly USD",
        "Δ USD",
        "Δ %",
        "moved most",
        "warnings",
    ];
    if any {
        headers.extend(["amortised monthly USD", "break-even month"]);
    }
    let mut g = Grid::new(&headers);
    let extra = |e: &crate::Estimate, shown: Decimal| -> Vec<Cell> {
        if !any {
            return Vec::new();
        }
        match committed(e, shown) {
            Some(v) => vec![
                Cell::Usd(v.amortised_monthly_usd),
                match v.break_even_month {
                    Some(m) => Cell::Number(Decimal::from(m)),
                    None => Cell::Text("never".into()),
                },
            ],
            None => vec![Cell::Empty, Cell::Empty],
        }
    };
    let mut base = vec![
        Cell::Text(format!("{} (base)", c.base.name)),
        Cell::Usd(c.base.shown_total_usd),
        Cell::Empty,
        Cell::Empty,
        Cell::Empty,
        Cell::Text(codes(c.base.warnings.iter().map(|w| w.code))),
    ];
    base.extend(extra(&c.base_estimate, c.base.shown_total_usd));
    g.rows.push(base);
    for r in &c.scenarios {
        let mut row = vec![
            Cell::Text(r.name.clone()),
            Cell::Usd(r.shown_total_usd),
            Cell::SignedUsd(r.shown_delta_usd),
            Cell::Percent(r.delta_percent),
            Cell::Text(
                r.top_movers
                    .iter()
                    .map(|m| m.label())
                    .collect::<Vec<_>>()
                    .join("; "),
            ),
            Cell::Text(codes(r.warnings.iter().map(|w| w.code))),
        ];
        row.extend(extra(&r.estimate, r.shown_total_usd));
        g.rows.push(row);
    }
    g
}

fn codes<'a>(it: impl Iterator<Item = &'a str>) -> String {
    let mut v: Vec<&str> = it.collect();
    v.dedup();
    v.join(", ")
}

/// The compare table plus the warnings spelled out, for the terminal.
pub fn compare_table(c: &Comparison) -> String {
    let mut out = format!(
        "Scenarios against {} ({}), sorted by Δ\n",
        c.base.name, c.base.file
    );
    out.push_str(&compare_grid(c).table());
    let mut seen: Vec<&str> = Vec::new();
    for w in c.scenarios.iter().flat_map(|r| &r.warnings) {
        if !seen.contains(&w.message.as_str()) {
            seen.push(&w.message);
            out.push_str(&format!("warning [{}]: {}\n", w.code, w.message));
        }
    }
    out.push_str("Totals are shown as `estimate` shows them (lines rounded to the cent, then added); Δ % and the JSON use the exact totals.\n");
    out
}

pub fn sweep_grid(s: &Sweep) -> Grid {
    let mut headers: Vec<&str> = s.axes.iter().map(String::as_str).collect();
    headers.push("total monthly USD");
    let labels: Vec<String> = s
        .groups
        .iter()
        .map(|g| format!("{} USD", g.label()))
        .collect();
    headers.extend(labels.iter().map(String::as_str));
    let mut g = Grid::new(&headers);
    for p in &s.points {
        let mut row: Vec<Cell> = p.values.iter().map(|v| Cell::Number(*v)).collect();
        row.push(Cell::Usd(p.total_monthly_usd));
        row.extend(p.groups.iter().map(|(_, v)| Cell::Usd(*v)));
        g.rows.push(row);
    }
    g
}

pub fn sweep_table(s: &Sweep) -> String {
    let base: Vec<String> = s
        .axes
        .iter()
        .zip(&s.base_values)
        .map(|(a, v)| format!("{a} = {}", v.normalize()))
        .collect();
    format!(
        "Sweep of {} (base: {}; total {} USD/month)\n{}Group columns are subtotals as `estimate` shows them (lines rounded to the cent, then added).\n",
        s.name,
        base.join(", "),
        crate::money::format_usd(s.base_total_monthly_usd),
        sweep_grid(s).table()
    )
}

pub fn sensitivity_grid(s: &Sensitivity) -> Grid {
    let mut g = Grid::new(&[
        "rank",
        "input",
        "basis",
        "low",
        "base",
        "high",
        "total at low USD",
        "total at high USD",
        "swing USD",
        "elasticity",
    ]);
    for (i, r) in s.rows.iter().enumerate() {
        g.rows.push(vec![
            Cell::Number((i + 1).into()),
            Cell::Text(r.path.clone()),
            Cell::Text(r.basis.clone()),
            Cell::Number(r.low_value),
            Cell::Number(r.base_value),
            Cell::Number(r.high_value),
            Cell::Usd(r.low_total_usd),
            Cell::Usd(r.high_total_usd),
            Cell::Usd(r.swing_usd),
            r.elasticity.map_or(Cell::Empty, Cell::Number),
        ]);
    }
    g
}

pub fn sensitivity_table(s: &Sensitivity) -> String {
    format!(
        "Sensitivity of {} (total {} USD/month): each input alone to its low and high, ranked by swing\n{}{} input(s) that cannot move were left out. Elasticity: % change in the total per % change in the input.\n",
        s.name,
        crate::money::format_usd(s.base_total_monthly_usd),
        sensitivity_grid(s).table(),
        s.unmoved
    )
}

/// Mean and percentiles per group and of the total. Reports simulate over
/// [`crate::analysis::simulate::Figures::Shown`], so a group that does not move shows the
/// subtotal `estimate` shows.
pub fn simulation_grid(sim: &Simulation) -> Grid {
    let row = |label: &str, s: &Stats| {
        vec![
            Cell::Text(label.into()),
            Cell::Usd(s.mean_usd),
            Cell::Usd(s.p10_usd),
            Cell::Usd(s.p50_usd),
            Cell::Usd(s.p90_usd),
        ]
    };
    let mut g = Grid::new(&["group", "mean USD", "P10 USD", "P50 USD", "P90 USD"]);
    for gs in &sim.groups {
        g.rows.push(row(gs.group.label(), &gs.stats));
    }
    g.rows.push(row("Total monthly", &sim.total));
    g
}
