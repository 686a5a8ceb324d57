//! `--format csv`: RFC 4180 CSV for spreadsheets, one row per line item, then subtotal and total
//! rows (and budget rows when the topology declares a budget); for a diff, one row per changed line,
//! per group and the total.
//!
//! The first column, `row`, says what a row is, so a spreadsheet can filter to the `line` rows and
//! sum them to the `total` row (the recipe is in `docs/csv.md`, checked by a test). Money is plain (`1234.56`, no separators), rounded as in every
//! other format. A topology or a JSON estimate may come from an untrusted pull request, so every
//! text cell that a spreadsheet would run as a formula (starting with `=`, `+`, `-`, `@`, tab or
//! carriage return) is prefixed with `'`. Numeric cells are written by costplan itself and stay
//! numbers, negative ones included.

use super::view::EstimateView;
use crate::diff::{Amounts, EstimateDiff};
use crate::money::{MONTHS_PER_YEAR, format_price, plain_percent, plain_usd};
use rust_decimal::Decimal;
use std::borrow::Cow;

/// The header of the estimate CSV.
pub const ESTIMATE_HEADER: [&str; 12] = [
    "row",
    "group",
    "resource",
    "component",
    "quantity",
    "unit",
    "unit_price_usd",
    "monthly_usd",
    "annual_usd",
    "price_key",
    "price_source",
    "price_effective_date",
];

/// The header of the diff CSV.
pub const DIFF_HEADER: [&str; 12] = [
    "row",
    "change",
    "group",
    "resource",
    "component",
    "unit",
    "old_quantity",
    "new_quantity",
    "old_monthly_usd",
    "new_monthly_usd",
    "delta_usd",
    "delta_percent",
];

/// A text cell, neutralised if a spreadsheet would evaluate it as a formula.
pub fn text(s: &str) -> Cow<'_, str> {
    if s.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        Cow::Owned(format!("'{s}"))
    } else {
        Cow::Borrowed(s)
    }
}

/// A quantity cell: the exact number, no separators.
fn number(d: Decimal) -> String {
    d.normalize().to_string()
}

fn finish(rows: Vec<Vec<String>>) -> String {
    let build = || -> Result<String, Box<dyn std::error::Error>> {
        let mut w = csv::WriterBuilder::new()
            .terminator(csv::Terminator::CRLF)
            .from_writer(Vec::new());
        for r in &rows {
            w.write_record(r)?;
        }
        Ok(String::from_utf8(
            w.into_inner().map_err(|e| e.into_error())?,
        )?)
    };
    // Writing to memory cannot fail; report it in the output if it ever does.
    build().unwrap_or_else(|e| format!("error: cannot write CSV: {e}\r\n"))
}

pub fn render(view: &EstimateView) -> String {
    let mut rows: Vec<Vec<String>> = vec![ESTIMATE_HEADER.iter().map(|h| h.to_string()).collect()];
    for g in &view.groups {
        for l in &g.lines {
            let i = l.item;
            rows.push(vec![
                "line".into(),
                g.group.id().into(),
                text(&i.resource).into(),
                text(&i.component).into(),
                number(i.quantity),
                text(&i.unit).into(),
                format_price(i.unit_price_usd),
                plain_usd(l.monthly_usd),
                plain_usd(l.annual_usd),
                text(&i.price_key).into(),
                text(&i.price_source).into(),
                text(&i.price_effective_date).into(),
            ]);
        }
    }
    let summary = |row: &str, group: &str, component: &str, monthly: Decimal, annual: Decimal| {
        let mut r = vec![String::new(); ESTIMATE_HEADER.len()];
        r[0] = row.into();
        r[1] = group.into();
        r[3] = component.into();
        r[7] = plain_usd(monthly);
        r[8] = plain_usd(annual);
        r
    };
    for g in &view.groups {
        rows.push(summary(
            "subtotal",
            g.group.id(),
            "",
            g.monthly_usd,
            g.annual_usd,
        ));
    }
    rows.push(summary(
        "total",
        "",
        "",
        view.total_monthly_usd,
        view.total_annual_usd,
    ));
    if let Some(b) = &view.estimate.budget {
        for l in &b.limits {
            let group = l.group.map_or("", |g| g.id());
            rows.push(summary(
                "budget_limit",
                group,
                "monthly limit",
                l.monthly_usd,
                l.monthly_usd * MONTHS_PER_YEAR,
            ));
            let status = if l.over_budget {
                "headroom (over budget)"
            } else {
                "headroom"
            };
            rows.push(summary(
                "budget_headroom",
                group,
                status,
                l.headroom_usd,
                l.headroom_usd * MONTHS_PER_YEAR,
            ));
        }
    }
    if let Some(c) = super::commitments_view::CommitmentsView::of(view) {
        commitment_rows(&mut rows, &c);
    }
    // A plan's resources: `plan_resource` rows (resource = address, component = status,
    // unit = type, price_source = what it became or why it was left out).
    if let Some(a) = &view.estimate.plan {
        for r in &a.resources {
            let mut row = vec![String::new(); ESTIMATE_HEADER.len()];
            row[0] = "plan_resource".into();
            row[2] = text(&r.address).into();
            row[3] = r.status.id().into();
            row[5] = text(&r.kind).into();
            row[10] = text(&r.note).into();
            rows.push(row);
        }
    }
    finish(rows)
}

fn opt(d: Option<Decimal>, f: fn(Decimal) -> String) -> String {
    d.map_or_else(String::new, f)
}

fn amounts(a: &Amounts) -> [String; 4] {
    [
        opt(a.old_usd, plain_usd),
        opt(a.new_usd, plain_usd),
        plain_usd(a.delta_usd),
        opt(a.delta_percent, |p| plain_percent(p).to_string()),
    ]
}

pub fn render_diff(diff: &EstimateDiff) -> String {
    let mut rows: Vec<Vec<String>> = vec![DIFF_HEADER.iter().map(|h| h.to_string()).collect()];
    for l in &diff.lines {
        let mut r = vec![
            "line".into(),
            l.change.id().into(),
            l.group.id().into(),
            text(&l.resource).into(),
            text(&l.component).into(),
            text(&l.unit).into(),
            opt(l.old_quantity, number),
            opt(l.new_quantity, number),
        ];
        r.extend(amounts(&l.amounts));
        rows.push(r);
    }
    for g in &diff.groups {
        let mut r = vec![
            "group".into(),
            g.change.id().into(),
            g.group.id().into(),
            String::new(),
            String::new(),
            String::new(),
            String::new(),
            String::new(),
        ];
        r.extend(amounts(&g.amounts));
        rows.push(r);
    }
    let mut r = vec![String::new(); 8];
    r[0] = "total".into();
    r[1] = if diff.is_empty() {
        "unchanged"
    } else {
        "changed"
    }
    .into();
    r.extend(amounts(&diff.total));
    rows.push(r);
    // Terraform plan accounting: `terraform` rows, the count of each resource type on each
    // side in the quantity columns (empty for a side that is not a plan), no amounts.
    for p in diff.terraform.iter().flat_map(|p| &p.rows) {
        let mut r = vec![String::new(); DIFF_HEADER.len()];
        r[0] = "terraform".into();
        r[1] = p.what.id().into();
        r[3] = text(&p.kind).into();
        r[5] = "resource".into();
        r[6] = p.base.map(|n| n.to_string()).unwrap_or_default();
        r[7] = p.head.map(|n| n.to_string()).unwrap_or_default();
        rows.push(r);
    }
    finish(rows)
}

/// Commitments, discounts and credits (see `docs/csv.md`): per commitment `commitment_*` rows
/// (resource = its name); the month-1 bill as `commitment_bill` rows adding up to the
/// `commitment_amortised_total` row; the cash flow as `cash_flow_on_demand`,
/// `cash_flow_amortised` and `cash_flow_cash` rows (resource = the month `YYYY-MM`, quantity = the
/// month number), whose 12 or 36 first months add up to the `cash_flow_*_total` rows.
fn commitment_rows(rows: &mut Vec<Vec<String>>, c: &super::commitments_view::CommitmentsView) {
    let row = |kind: &str, resource: &str, component: &str, monthly: Option<Decimal>| {
        let mut r = vec![String::new(); ESTIMATE_HEADER.len()];
        r[0] = kind.into();
        r[2] = text(resource).into();
        r[3] = text(component).into();
        if let Some(m) = monthly {
            r[7] = plain_usd(m);
        }
        r
    };
    for l in &c.committed {
        let what = format!("{}, {} months, {}", l.kind, l.term_months, l.payment);
        rows.push(row(
            "commitment_on_demand",
            &l.name,
            &what,
            Some(l.on_demand_usd),
        ));
        rows.push(row(
            "commitment_recurring",
            &l.name,
            &what,
            Some(l.recurring_usd),
        ));
        rows.push(row(
            "commitment_upfront",
            &l.name,
            &what,
            Some(l.upfront_usd),
        ));
        rows.push(row(
            "commitment_amortised_upfront",
            &l.name,
            &what,
            Some(l.amortised_upfront_usd),
        ));
        rows.push(row(
            "commitment_effective",
            &l.name,
            &what,
            Some(l.effective_usd),
        ));
        rows.push(row("commitment_unused", &l.name, &what, Some(l.unused_usd)));
        for (kind, p) in [
            ("commitment_coverage", l.coverage_percent),
            ("commitment_utilisation", l.utilisation_percent),
        ] {
            let mut r = row(kind, &l.name, &what, None);
            if let Some(p) = p {
                r[4] = plain_percent(p).to_string();
                r[5] = "percent".into();
            }
            rows.push(r);
        }
        let mut r = row("commitment_break_even", &l.name, &what, None);
        if let Some(m) = l.break_even_month {
            r[4] = m.to_string();
            r[5] = "month".into();
        }
        rows.push(r);
    }
    for b in &c.bill {
        rows.push(row(
            "commitment_bill",
            &b.label,
            &b.note,
            Some(b.monthly_usd),
        ));
    }
    rows.push(row(
        "commitment_amortised_total",
        "",
        "amortised monthly",
        Some(c.amortised_monthly_usd),
    ));
    for f in &c.cash_flow {
        for (kind, usd) in [
            ("cash_flow_on_demand", f.on_demand_usd),
            ("cash_flow_amortised", f.amortised_usd),
            ("cash_flow_cash", f.cash_usd),
        ] {
            let mut r = row(kind, &f.label, "", Some(usd));
            r[4] = f.month.to_string();
            r[5] = "month".into();
            rows.push(r);
        }
    }
    for t in &c.flow_totals {
        for (kind, usd) in [
            ("cash_flow_on_demand_total", t.on_demand_usd),
            ("cash_flow_amortised_total", t.amortised_usd),
            ("cash_flow_cash_total", t.cash_usd),
        ] {
            let mut r = row(kind, "", &format!("{} months", t.months), Some(usd));
            r[4] = t.months.to_string();
            r[5] = "months".into();
            rows.push(r);
        }
    }
    for rate in &c.rates {
        let mut r = row("commitment_rate", "", "", None);
        r[4] = rate.upfront_usd.normalize().to_string();
        r[5] = text(&rate.unit).into();
        r[6] = format_price(rate.usd);
        r[9] = text(&rate.key).into();
        r[10] = text(&rate.source).into();
        r[11] = text(&rate.effective_date).into();
        rows.push(r);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formula_cells_are_neutralised_and_others_left_alone() {
        for (input, expected) in [
            ("=HYPERLINK(\"http://x\")", "'=HYPERLINK(\"http://x\")"),
            ("+1", "'+1"),
            ("-api", "'-api"),
            ("@SUM(A1)", "'@SUM(A1)"),
            ("\tx", "'\tx"),
            ("\rx", "'\rx"),
            ("api", "api"),
            ("a=b", "a=b"),
            ("", ""),
        ] {
            assert_eq!(text(input), expected, "{input:?}");
        }
    }

    #[test]
    fn numbers_are_plain() {
        assert_eq!(number("1460.000".parse().unwrap()), "1460");
        assert_eq!(number("-0.50".parse().unwrap()), "-0.5");
    }
}
