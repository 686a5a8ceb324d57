//! The default, readable report: line items with subtotals and totals, then the reconciliation.

use super::view::EstimateView;
use crate::money::{format_price, format_quantity, format_signed_usd, format_usd};
use comfy_table::{Cell, CellAlignment, Table, presets};
use std::fmt::Write;

fn table() -> Table {
    let mut t = Table::new();
    t.load_style(presets::UTF8_FULL_CONDENSED);
    t
}

fn right(s: impl ToString) -> Cell {
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
        let mut unstated: Vec<String> = r
            .unstated_groups
            .iter()
            .map(|g| format!("{} {}", g.label(), format_usd(view.group_monthly_usd(*g))))
            .collect();
        for row in &rows {
            for (component, usd) in &row.excluded {
                unstated.push(format!(
                    "{} {component} {}",
                    row.group.label(),
                    format_usd(*usd)
                ));
            }
        }
        if !unstated.is_empty() {
            let _ = writeln!(out, "Not stated in {}: {}", r.source, unstated.join(", "));
        }
    }
    for w in &e.warnings {
        let _ = writeln!(out, "warning: {w}");
    }
    let _ = writeln!(
        out,
        "Amounts are rounded to the cent per line (half away from zero); subtotals and totals add the rounded lines."
    );
    out
}

/// `+12.3%` of `base`, one decimal; empty when the base is zero.
pub fn percent(delta: rust_decimal::Decimal, base: rust_decimal::Decimal) -> String {
    if base.is_zero() {
        return String::new();
    }
    let p = (delta / base * rust_decimal::Decimal::ONE_HUNDRED)
        .round_dp_with_strategy(1, rust_decimal::RoundingStrategy::MidpointAwayFromZero);
    if p > rust_decimal::Decimal::ZERO {
        format!("+{p:.1}%")
    } else {
        format!("{p:.1}%")
    }
}
