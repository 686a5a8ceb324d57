//! Grids (terminal table, CSV, Markdown) for compare, sweep, sensitivity and simulation.

use super::grid::{Cell, Grid};
use crate::analysis::compare::Comparison;
use crate::analysis::sensitivity::Sensitivity;
use crate::analysis::simulate::{Simulation, Stats};
use crate::analysis::sweep::Sweep;

pub fn compare_grid(c: &Comparison) -> Grid {
    let mut g = Grid::new(&[
        "scenario",
        "total monthly USD",
        "Δ USD",
        "Δ %",
        "moved most",
        "warnings",
    ]);
    g.rows.push(vec![
        Cell::Text(format!("{} (base)", c.base.name)),
        Cell::Usd(c.base.shown_total_usd),
        Cell::Empty,
        Cell::Empty,
        Cell::Empty,
        Cell::Text(codes(c.base.warnings.iter().map(|w| w.code))),
    ]);
    for r in &c.scenarios {
        g.rows.push(vec![
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
        ]);
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

/// Mean and percentiles per group and of the total, over the displayed sampled figures (so a
/// group that does not move shows the subtotal `estimate` shows).
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
        g.rows.push(row(gs.group.label(), &gs.shown));
    }
    g.rows.push(row("Total monthly", &sim.shown_total));
    g
}
