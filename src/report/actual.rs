//! `costplan actual` as a terminal table, CSV or Markdown, over the rounded [`ActualView`]; the
//! JSON and HTML renderers are [`super::actual_json`] and [`super::actual_html`].

use super::actual_view::{ActualView, UNESTIMATED_SHOWN};
use super::grid::{Cell, Grid};
use crate::actual::Actual;
use crate::money::{format_percent, format_signed_usd, format_usd};

/// Output formats of `actual`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, clap::ValueEnum)]
pub enum ActualFormat {
    /// A readable table for the terminal.
    #[default]
    Table,
    /// Exact figures as JSON (money as decimal strings).
    Json,
    /// One CSV table: a `section` column says what each row is.
    Csv,
    /// GitHub-flavoured Markdown.
    Markdown,
    /// One self-contained HTML page with a variance waterfall.
    Html,
}

impl ActualFormat {
    pub fn render(self, actual: &Actual) -> String {
        let view = ActualView::new(actual);
        match self {
            ActualFormat::Table => table(&view),
            ActualFormat::Json => super::actual_json::render(actual),
            ActualFormat::Csv => csv(&view),
            ActualFormat::Markdown => markdown(&view),
            ActualFormat::Html => super::actual_html::render(&view),
        }
    }
}

/// The one-line verdict: estimate, bill, variance.
pub fn headline(view: &ActualView) -> String {
    let a = view.actual;
    format!(
        "{} {}: estimated {} USD, billed {} USD, variance {} USD ({})",
        a.estimate_name,
        a.month,
        format_usd(view.estimated_total_usd),
        format_usd(view.billed_total_usd),
        format_signed_usd(view.variance_usd),
        view.variance_percent
            .map_or_else(|| "no estimate to compare with".to_string(), format_percent)
    )
}

/// The terminal table.
pub fn table(view: &ActualView) -> String {
    let mut s = String::new();
    s.push_str(&headline(view));
    s.push('\n');
    s.push_str(&view.source_line());
    s.push('\n');
    s.push_str(&format!("Precision: {}.\n\n", view.precision_note()));
    s.push_str("Estimate vs bill\n");
    s.push_str(&view.rows_grid().table());
    if let Some(w) = view.without_bill_line() {
        s.push_str(&format!("{w}\n"));
    }
    s.push_str("\nNot in the topology (bill usage lines no estimate line covers, by cost)\n");
    s.push_str(&view.unestimated_grid(Some(UNESTIMATED_SHOWN)).table());
    s.push_str("\nCredits, taxes, refunds and fees (kept apart from usage)\n");
    s.push_str(&view.charges_grid().table());
    s.push_str("\nFrom estimate to bill\n");
    s.push_str(&view.summary_grid().table());
    s
}

/// GitHub-flavoured Markdown.
pub fn markdown(view: &ActualView) -> String {
    let esc = super::grid::markdown_escape;
    let mut s = String::new();
    s.push_str(&format!("## {}\n\n", esc(&headline(view))));
    s.push_str(&format!("{}\n\n", esc(&view.source_line())));
    s.push_str(&format!(
        "**Precision:** {}.\n\n",
        esc(view.precision_note())
    ));
    s.push_str("### Estimate vs bill\n\n");
    s.push_str(&view.rows_grid().markdown());
    if let Some(w) = view.without_bill_line() {
        s.push_str(&format!("\n{}\n", esc(&w)));
    }
    s.push_str("\n### Not in the topology\n\n");
    s.push_str(&view.unestimated_grid(Some(UNESTIMATED_SHOWN)).markdown());
    s.push_str("\n### Credits, taxes, refunds and fees\n\n");
    s.push_str(&view.charges_grid().markdown());
    s.push_str("\n### From estimate to bill\n\n");
    s.push_str(&view.summary_grid().markdown());
    s
}

/// One CSV table; the `section` column says what a row is (`bill` rows say the format and
/// precision, then `row`, `subtotal`, `not_in_topology`, `charge` and `total` rows).
pub fn csv(view: &ActualView) -> String {
    let mut g = Grid::new(&[
        "section",
        "group",
        "item",
        "estimate_lines",
        "estimated_quantity",
        "billed_quantity",
        "unit",
        "estimated_usd",
        "billed_usd",
        "variance_usd",
        "variance_percent",
        "usage_usd",
        "price_usd",
    ]);
    let text = |s: &str| Cell::Text(s.to_string());
    let blank = |n: usize| vec![Cell::Empty; n];
    let info = |label: &str, value: String| {
        let mut r = vec![text("bill"), Cell::Empty, text(label), Cell::Text(value)];
        r.extend(blank(9));
        r
    };
    let a = view.actual;
    let mut rows = vec![
        info("file", a.bill_path.clone()),
        info("format", a.bill_format.clone()),
        info("month", a.month.clone()),
        info("precision", view.precision_note().to_string()),
    ];
    if !a.filters.is_empty() {
        rows.push(info("filters", a.filters.join(", ")));
    }
    g.rows.extend(rows);
    let qty = |q: Option<rust_decimal::Decimal>| q.map_or(Cell::Empty, Cell::Number);
    let money = |v: Option<rust_decimal::Decimal>| v.map_or(Cell::Empty, Cell::SignedUsd);
    let service = a.comparison.precision == crate::actual::Precision::Service;
    for gv in &view.groups {
        for r in &gv.rows {
            g.rows.push(vec![
                text(if r.row.bill_lines == 0 {
                    "row_without_bill_line"
                } else {
                    "row"
                }),
                text(gv.group.id()),
                text(&r.row.label),
                Cell::Text(r.row.estimate_lines.join("; ")),
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
        let s = &gv.sums;
        let mut row = vec![text("subtotal"), text(gv.group.id())];
        row.extend(blank(5));
        row.extend([
            Cell::Usd(s.estimated_usd),
            Cell::Usd(s.billed_usd),
            Cell::SignedUsd(s.variance_usd),
            Cell::Percent(crate::money::percent_change(
                s.variance_usd,
                s.estimated_usd,
            )),
        ]);
        if service {
            row.extend(blank(2));
        } else {
            row.extend([Cell::SignedUsd(s.usage_usd), Cell::SignedUsd(s.price_usd)]);
        }
        g.rows.push(row);
    }
    let c = &a.comparison;
    for (u, usd) in c.not_in_topology.iter().zip(&view.unestimated) {
        let mut row = vec![
            text("not_in_topology"),
            Cell::Empty,
            Cell::Text(format!(
                "{} {} {} {}",
                u.service, u.usage_type, u.operation, u.region
            )),
            Cell::Empty,
            Cell::Empty,
            Cell::Number(u.quantity),
            Cell::Text(u.unit.clone().unwrap_or_default()),
            Cell::Empty,
            Cell::Usd(*usd),
        ];
        row.extend(blank(4));
        g.rows.push(row);
    }
    for (ch, usd) in c.charges.iter().zip(&view.charges) {
        let mut row = vec![
            text("charge"),
            Cell::Empty,
            Cell::Text(format!("{} {}", ch.kind, ch.service)),
        ];
        row.extend(blank(5));
        row.push(Cell::SignedUsd(*usd));
        row.extend(blank(4));
        g.rows.push(row);
    }
    for step in view.waterfall() {
        let mut row = vec![text("total"), Cell::Empty, text(step.label)];
        row.extend(blank(5));
        row.push(Cell::SignedUsd(step.usd));
        row.extend(blank(4));
        g.rows.push(row);
    }
    let mut row = vec![text("total"), Cell::Empty, text("variance")];
    row.extend(blank(6));
    row.push(Cell::SignedUsd(view.variance_usd));
    row.push(Cell::Percent(view.variance_percent));
    row.extend(blank(2));
    g.rows.push(row);
    g.csv()
}

/// The comment block at the top of a calibrated topology.
pub fn calibration_header(
    source_path: &str,
    a: &Actual,
    cal: &crate::actual::calibrate::Calibration,
) -> String {
    let mut h = format!(
        "# Calibrated by `costplan actual --calibrate` from {source_path} and the {} bill {} ({}).\n",
        a.month, a.bill_path, a.bill_format
    );
    if cal.changes.is_empty() {
        h.push_str("# No usage quantity changed.\n");
    }
    for c in &cal.changes {
        h.push_str(&format!(
            "# - {}: {} -> {}\n",
            c.path,
            c.old.normalize(),
            c.new.normalize()
        ));
    }
    for f in &cal.findings {
        h.push_str(&format!("# finding: {f}\n"));
    }
    h.push('\n');
    h
}

/// One stderr line per change and per finding of a calibration.
pub fn calibration_lines(cal: &crate::actual::calibrate::Calibration) -> Vec<String> {
    let mut out: Vec<String> = cal
        .changes
        .iter()
        .map(|c| {
            format!(
                "calibrated {}: {} -> {}",
                c.path,
                c.old.normalize(),
                c.new.normalize()
            )
        })
        .collect();
    out.extend(cal.findings.iter().map(|f| format!("finding: {f}")));
    out
}
