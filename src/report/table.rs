//! The default, readable report: line items with subtotals and totals, then the reconciliation.

use super::commitments_view::{opt_month, opt_percent, saving_text};
use super::view::EstimateView;
use crate::diff::{Amounts, EstimateDiff};
use crate::money::{format_percent, format_price, format_quantity, format_signed_usd, format_usd};
use comfy_table::{Cell, CellAlignment, Color, Table, presets};
use rust_decimal::Decimal;
use std::fmt::Write;

/// An empty table in the style of every terminal report.
pub(crate) fn table() -> Table {
    let mut t = Table::new();
    t.load_style(presets::UTF8_FULL_CONDENSED);
    t
}

/// A right-aligned cell (numbers, and the placeholders in number columns).
pub(crate) fn right(s: impl ToString) -> Cell {
    Cell::new(s.to_string()).set_alignment(CellAlignment::Right)
}

pub fn render(view: &EstimateView) -> String {
    let e = view.estimate;
    let mut out = String::new();
    let _ = writeln!(
        out,
        "{} ({}), {} hours per month",
        e.name,
        e.region,
        e.hours_per_month.normalize()
    );
    let _ = writeln!(
        out,
        "Prices: {} table effective {} ({})",
        e.price_table.region, e.price_table.effective_date, e.price_table.source
    );
    let _ = writeln!(out);

    let mut t = table();
    t.set_header(vec![
        Cell::new("group"),
        Cell::new("resource"),
        Cell::new("component"),
        right("quantity"),
        Cell::new("unit"),
        right("unit price USD"),
        right("monthly USD"),
    ]);
    for g in &view.groups {
        for (i, l) in g.lines.iter().enumerate() {
            t.add_row(vec![
                Cell::new(if i == 0 { g.group.label() } else { "" }),
                Cell::new(&l.item.resource),
                Cell::new(&l.item.component),
                right(format_quantity(l.item.quantity)),
                Cell::new(&l.item.unit),
                right(format_price(l.item.unit_price_usd)),
                right(format_usd(l.monthly_usd)),
            ]);
        }
        t.add_row(vec![
            Cell::new(""),
            Cell::new(format!("{} subtotal", g.group.label())),
            Cell::new(""),
            Cell::new(""),
            Cell::new(""),
            Cell::new(""),
            right(format_usd(g.monthly_usd)),
        ]);
    }
    t.add_row(vec![
        Cell::new("Total monthly"),
        Cell::new(""),
        Cell::new(""),
        Cell::new(""),
        Cell::new(""),
        Cell::new(""),
        right(format_usd(view.total_monthly_usd)),
    ]);
    t.add_row(vec![
        Cell::new("Total annual (12 × monthly)"),
        Cell::new(""),
        Cell::new(""),
        Cell::new(""),
        Cell::new(""),
        Cell::new(""),
        right(format_usd(view.total_annual_usd)),
    ]);
    let _ = writeln!(out, "{t}");

    if let Some(b) = &e.budget {
        let _ = writeln!(out);
        let verdict = if b.over_budget {
            "over budget"
        } else {
            "within budget"
        };
        let _ = writeln!(out, "Budget: {verdict}");
        let mut t = table();
        t.set_header(vec![
            Cell::new("budget"),
            right("limit USD"),
            right("cost USD"),
            right("headroom USD"),
            Cell::new("status"),
        ]);
        for l in &b.limits {
            t.add_row(vec![
                Cell::new(l.label()),
                right(format_usd(l.monthly_usd)),
                right(format_usd(l.spent_usd)),
                right(format_usd(l.headroom_usd)),
                Cell::new(if l.over_budget { "over" } else { "within" }),
            ]);
        }
        let _ = writeln!(out, "{t}");
    }

    if let (Some(rows), Some(r)) = (view.reconciliation(), &e.reference) {
        let _ = writeln!(out);
        let _ = writeln!(out, "Reconciliation with {}", r.source);
        let mut t = table();
        t.set_header(vec![
            Cell::new("group"),
            right("stated USD"),
            right("computed USD"),
            right("difference USD"),
            right("difference %"),
        ]);
        for row in &rows {
            let (stated, diff, pct) = match (row.stated_usd, row.difference_usd) {
                (Some(s), Some(d)) => (format_usd(s), format_signed_usd(d), percent(d, s)),
                _ => ("not stated".to_string(), String::new(), String::new()),
            };
            t.add_row(vec![
                Cell::new(row.group.label()),
                right(stated),
                right(format_usd(row.computed_usd)),
                right(diff),
                right(pct),
            ]);
        }
        for row in &rows {
            for (component, usd) in &row.excluded {
                t.add_row(vec![
                    Cell::new(format!("{}: {component}", row.group.label())),
                    right("not stated"),
                    right(format_usd(*usd)),
                    right(""),
                    right(""),
                ]);
            }
        }
        let (stated, diff, pct) = match r.stated_total_usd {
            Some(s) => {
                let d = view.total_monthly_usd - s;
                (format_usd(s), format_signed_usd(d), percent(d, s))
            }
            None => ("not stated".to_string(), String::new(), String::new()),
        };
        t.add_row(vec![
            Cell::new("Total"),
            right(stated),
            right(format_usd(view.total_monthly_usd)),
            right(diff),
            right(pct),
        ]);
        let _ = writeln!(out, "{t}");
        let unstated: Vec<String> = view
            .not_stated()
            .into_iter()
            .map(|(what, usd)| format!("{what} {}", format_usd(usd)))
            .collect();
        if !unstated.is_empty() {
            let _ = writeln!(out, "Not stated in {}: {}", r.source, unstated.join(", "));
        }
    }
    if let Some(c) = super::commitments_view::CommitmentsView::of(view) {
        commitments(&mut out, &c);
    }
    for w in &e.warnings {
        let _ = writeln!(out, "warning: {w}");
    }
    if let Some(a) = &e.plan {
        let _ = writeln!(out, "\n{}", super::plan::summary(a));
        let left_out = super::plan::left_out(a);
        if !left_out.rows.is_empty() {
            let _ = writeln!(out, "Not in the estimate:");
            let _ = write!(out, "{}", left_out.table());
        }
        if let Some(i) = super::plan::ignored_usage(a) {
            let _ = writeln!(out, "{i}");
        }
    }
    let _ = writeln!(
        out,
        "Amounts are rounded to the cent per line (half away from zero); subtotals and totals add the rounded lines."
    );
    out
}

/// A diff for the terminal: the headline, the groups old → new, and the changed lines, largest
/// first. With `colour`, increases are red and decreases green.
pub fn render_diff(diff: &EstimateDiff, colour: bool) -> String {
    let mut out = String::new();
    let (old, new) = diff.totals();
    let _ = writeln!(
        out,
        "{}: ${} → ${} per month",
        super::markdown::headline(diff),
        format_usd(old),
        format_usd(new)
    );
    let _ = writeln!(
        out,
        "base: {} ({}, prices {}); head: {} ({}, prices {})",
        diff.base.name,
        diff.base.region,
        diff.base.price_table_effective_date,
        diff.head.name,
        diff.head.region,
        diff.head.price_table_effective_date
    );
    let _ = writeln!(out);
    let styled = |t: &mut Table| {
        if colour {
            t.enforce_styling();
        } else {
            t.force_no_tty();
        }
    };
    let delta_cells = |a: &Amounts| -> [Cell; 4] {
        let tint = |c: Cell| match a.delta_usd.cmp(&Decimal::ZERO) {
            std::cmp::Ordering::Greater => c.fg(Color::Red),
            std::cmp::Ordering::Less => c.fg(Color::Green),
            std::cmp::Ordering::Equal => c,
        };
        [
            right(a.old_usd.map_or_else(|| "–".into(), format_usd)),
            right(a.new_usd.map_or_else(|| "–".into(), format_usd)),
            tint(right(format_signed_usd(a.delta_usd))),
            tint(right(
                a.delta_percent.map_or_else(|| "–".into(), format_percent),
            )),
        ]
    };
    let mut t = table();
    styled(&mut t);
    t.set_header(vec![
        Cell::new("group"),
        Cell::new("change"),
        right("old USD"),
        right("new USD"),
        right("Δ USD"),
        right("Δ %"),
    ]);
    for g in &diff.groups {
        let mut cells = vec![Cell::new(g.group.label()), Cell::new(g.change.id())];
        cells.extend(delta_cells(&g.amounts));
        t.add_row(cells);
    }
    let mut cells = vec![Cell::new("Total monthly"), Cell::new("")];
    cells.extend(delta_cells(&diff.total));
    t.add_row(cells);
    let _ = writeln!(out, "{t}");
    if diff.lines.is_empty() {
        let _ = writeln!(
            out,
            "No line item changed ({} unchanged).",
            diff.unchanged_lines
        );
    } else {
        let _ = writeln!(out);
        let _ = writeln!(
            out,
            "Changed line items, largest first ({} unchanged not shown):",
            diff.unchanged_lines
        );
        let mut t = table();
        styled(&mut t);
        t.set_header(vec![
            Cell::new("change"),
            Cell::new("group"),
            Cell::new("resource"),
            Cell::new("component"),
            right("old qty"),
            right("new qty"),
            Cell::new("unit"),
            right("old USD"),
            right("new USD"),
            right("Δ USD"),
            right("Δ %"),
        ]);
        for l in &diff.lines {
            let qty = |q: Option<Decimal>| right(q.map_or_else(|| "–".into(), format_quantity));
            let mut cells = vec![
                Cell::new(l.change_label()),
                Cell::new(l.group.label()),
                Cell::new(&l.resource),
                Cell::new(&l.component),
                qty(l.old_quantity),
                qty(l.new_quantity),
                Cell::new(&l.unit),
            ];
            cells.extend(delta_cells(&l.amounts));
            t.add_row(cells);
        }
        let mut cells: Vec<Cell> = (0..9).map(|_| Cell::new("")).collect();
        cells[0] = Cell::new("Total change");
        cells.push(delta_cells(&diff.total)[2].clone());
        cells.push(delta_cells(&diff.total)[3].clone());
        t.add_row(cells);
        let _ = writeln!(out, "{t}");
    }
    if let Some(p) = &diff.terraform {
        for line in super::plan::diff_summary(p) {
            let _ = writeln!(out, "{line}");
        }
        let grid = super::plan::diff_grid(p);
        if !grid.rows.is_empty() {
            let _ = writeln!(out, "Terraform resources by type:");
            let _ = write!(out, "{}", grid.table());
        }
    }
    let _ = writeln!(
        out,
        "Amounts are rounded to the cent per line (half away from zero); subtotals and totals add the rounded lines."
    );
    out
}

/// `+12.3%` of `base`, one decimal; empty when the base is zero.
pub fn percent(delta: rust_decimal::Decimal, base: rust_decimal::Decimal) -> String {
    crate::money::percent_change(delta, base).map_or_else(String::new, crate::money::format_percent)
}

/// Commitments, discounts and credits: each commitment, the month-1 bill from on demand to
/// amortised, and the 12- and 36-month cash flow.
fn commitments(out: &mut String, c: &super::commitments_view::CommitmentsView) {
    let _ = writeln!(out);
    let _ = writeln!(
        out,
        "Commitments (bought in {}; the lines above stay at on-demand list prices)",
        c.start_month
    );
    let mut t = table();
    t.set_header(vec![
        Cell::new("commitment"),
        Cell::new("term, payment"),
        right("on-demand USD/mo"),
        right("effective USD/mo"),
        right("upfront USD"),
        right("amortised upfront USD/mo"),
        right("coverage"),
        right("utilisation"),
        right("unused USD/mo"),
        Cell::new("break-even"),
    ]);
    for l in &c.committed {
        t.add_row(vec![
            Cell::new(format!("{} ({})", l.name, l.kind)),
            Cell::new(format!("{} months, {}", l.term_months, l.payment)),
            right(format_usd(l.on_demand_usd)),
            right(format_usd(l.effective_usd)),
            right(format_usd(l.upfront_usd)),
            right(format_usd(l.amortised_upfront_usd)),
            right(opt_percent(l.coverage_percent)),
            right(opt_percent(l.utilisation_percent)),
            right(format_usd(l.unused_usd)),
            Cell::new(opt_month(l.break_even_month)),
        ]);
    }
    let _ = writeln!(out, "{t}");
    let mut t = table();
    t.set_header(vec![
        Cell::new("month 1, amortised"),
        Cell::new("note"),
        right("monthly USD"),
    ]);
    for r in &c.bill {
        t.add_row(vec![
            Cell::new(&r.label),
            Cell::new(&r.note),
            right(format_usd(r.monthly_usd)),
        ]);
    }
    t.add_row(vec![
        Cell::new("Amortised monthly"),
        Cell::new(saving_text(c.saving_monthly_usd)),
        right(format_usd(c.amortised_monthly_usd)),
    ]);
    let _ = writeln!(out, "{t}");
    let _ = writeln!(
        out,
        "Break-even of everything together against on-demand (cash): {}",
        opt_month(c.break_even_month)
    );
    let mut t = table();
    t.set_header(vec![
        Cell::new("month"),
        right("on-demand USD"),
        right("amortised USD"),
        right("cash USD"),
        right("cumulative on-demand USD"),
        right("cumulative cash USD"),
    ]);
    for f in &c.cash_flow {
        t.add_row(vec![
            Cell::new(format!("{} ({})", f.month, f.label)),
            right(format_usd(f.on_demand_usd)),
            right(format_usd(f.amortised_usd)),
            right(format_usd(f.cash_usd)),
            right(format_usd(f.cumulative_on_demand_usd)),
            right(format_usd(f.cumulative_cash_usd)),
        ]);
    }
    for total in &c.flow_totals {
        t.add_row(vec![
            Cell::new(format!("{} months", total.months)),
            right(format_usd(total.on_demand_usd)),
            right(format_usd(total.amortised_usd)),
            right(format_usd(total.cash_usd)),
            right(""),
            right(""),
        ]);
    }
    let _ = writeln!(out, "{t}");
    for r in &c.rates {
        let _ = writeln!(
            out,
            "rate {}: {} per {}, upfront {} ({}; {})",
            r.key,
            format_price(r.usd),
            r.unit,
            format_usd(r.upfront_usd),
            r.effective_date,
            r.source
        );
    }
}
