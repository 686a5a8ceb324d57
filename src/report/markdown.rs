//! `--format markdown`: GitHub-flavoured Markdown for a pull-request comment.
//!
//! An estimate renders as the total, a per-group table, and every line item in a collapsed
//! `<details>`; a diff as a headline ("Monthly cost will increase by $X (+Y%)"), the groups, and the
//! changed lines ranked by the size of their change. Every name is escaped ([`escape`]), since a
//! topology or a JSON estimate may come from an untrusted pull request.

use super::commitments_view::{opt_month, opt_percent, saving_text};
use super::view::EstimateView;
use crate::diff::{Amounts, EstimateDiff};
use crate::money::{format_percent, format_price, format_quantity, format_signed_usd, format_usd};
use rust_decimal::Decimal;
use std::fmt::Write;

/// Escapes text for a Markdown table cell or paragraph: Markdown punctuation is backslash-escaped,
/// `|` so it cannot end a cell, HTML is written as entities, control characters become spaces,
/// no URL can form (every `:` and the `.` after `www` are entities, which GitHub's autolinker does
/// not join across, so neither `javascript:` nor `http://` nor `www.` links), and `@` cannot
/// mention anyone.
pub fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 8);
    for c in s.chars() {
        match c {
            // Emphasis, code, links and strikethrough; `[` and `]` escaped mean no link can form.
            '\\' | '`' | '*' | '_' | '[' | ']' | '|' | '~' => {
                out.push('\\');
                out.push(c);
            }
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '&' => out.push_str("&amp;"),
            '"' => out.push_str("&quot;"),
            ':' => out.push_str("&#58;"),
            '.' if out.to_ascii_lowercase().ends_with("www") => out.push_str("&#46;"),
            // A zero-width space after `@` keeps GitHub from notifying a user or team.
            '@' => out.push_str("@&#8203;"),
            c if c.is_control() => out.push(' '),
            c => out.push(c),
        }
    }
    out
}

fn row(out: &mut String, cells: &[String]) {
    let _ = writeln!(out, "| {} |", cells.join(" | "));
}

/// A table header; `align` has one letter per column, `l` or `r`.
fn header(out: &mut String, names: &[&str], align: &str) {
    let _ = writeln!(out, "| {} |", names.join(" | "));
    let aligns: Vec<&str> = align
        .chars()
        .map(|a| if a == 'r' { "--:" } else { ":--" })
        .collect();
    let _ = writeln!(out, "| {} |", aligns.join(" | "));
}

fn bold(s: String) -> String {
    format!("**{s}**")
}

const FOOTNOTE: &str = "<sub>Amounts in USD, each line rounded to the cent (half away from zero); \
subtotals and totals add the rounded lines. Estimated by costplan.</sub>";

pub fn render(view: &EstimateView) -> String {
    let e = view.estimate;
    let mut out = String::new();
    let _ = writeln!(out, "### Monthly cost estimate: {}", escape(&e.name));
    let _ = writeln!(out);
    let _ = writeln!(
        out,
        "**${} per month** (${} per year), {} prices effective {}.",
        format_usd(view.total_monthly_usd),
        format_usd(view.total_annual_usd),
        escape(&e.price_table.region),
        escape(&e.price_table.effective_date),
    );
    let _ = writeln!(out);
    header(&mut out, &["Group", "Monthly USD", "Annual USD"], "lrr");
    for g in &view.groups {
        row(
            &mut out,
            &[
                g.group.label().into(),
                format_usd(g.monthly_usd),
                format_usd(g.annual_usd),
            ],
        );
    }
    row(
        &mut out,
        &[
            bold("Total".into()),
            bold(format_usd(view.total_monthly_usd)),
            bold(format_usd(view.total_annual_usd)),
        ],
    );
    if let Some(b) = &e.budget {
        let verdict = if b.over_budget {
            "over budget"
        } else {
            "within budget"
        };
        budget_section(&mut out, &format!("**Budget: {verdict}.**"), b);
    }
    if let Some(c) = super::commitments_view::CommitmentsView::of(view) {
        commitments(&mut out, &c);
    }
    for w in &e.warnings {
        let _ = writeln!(out);
        let _ = writeln!(out, "> **Warning:** {}", escape(w));
    }
    let lines: usize = view.groups.iter().map(|g| g.lines.len()).sum();
    let _ = writeln!(out);
    let _ = writeln!(out, "<details>");
    let _ = writeln!(out, "<summary>All {lines} line items</summary>");
    let _ = writeln!(out);
    header(
        &mut out,
        &[
            "Group",
            "Resource",
            "Component",
            "Quantity",
            "Unit",
            "Unit price USD",
            "Monthly USD",
        ],
        "lllrlrr",
    );
    for g in &view.groups {
        for l in &g.lines {
            row(
                &mut out,
                &[
                    g.group.label().into(),
                    escape(&l.item.resource),
                    escape(&l.item.component),
                    format_quantity(l.item.quantity),
                    escape(&l.item.unit),
                    format_price(l.item.unit_price_usd),
                    format_usd(l.monthly_usd),
                ],
            );
        }
    }
    let mut total = vec![String::new(); 7];
    total[0] = bold("Total".into());
    total[6] = bold(format_usd(view.total_monthly_usd));
    row(&mut out, &total);
    let _ = writeln!(out);
    let _ = writeln!(out, "</details>");
    let _ = writeln!(out);
    if !e.assumptions.is_empty() {
        let _ = writeln!(out, "<details>");
        let _ = writeln!(
            out,
            "<summary>{} inputs marked [assumed] in the topology</summary>",
            e.assumptions.len()
        );
        let _ = writeln!(out);
        header(&mut out, &["Input", "Value", "Note", "Line"], "lllr");
        for a in &e.assumptions {
            row(
                &mut out,
                &[
                    escape(&a.path),
                    escape(&a.value_text),
                    escape(&a.note),
                    a.line.to_string(),
                ],
            );
        }
        let _ = writeln!(out);
        let _ = writeln!(out, "</details>");
        let _ = writeln!(out);
    }
    if let Some(a) = &view.estimate.plan {
        let _ = writeln!(out, "{}", escape(&super::plan::summary(a)));
        let _ = writeln!(out);
        let left_out = super::plan::left_out(a);
        if !left_out.rows.is_empty() {
            let _ = writeln!(
                out,
                "<details><summary>Not in the estimate ({})</summary>",
                left_out.rows.len()
            );
            let _ = writeln!(out);
            let _ = write!(out, "{}", left_out.markdown());
            let _ = writeln!(out);
            let _ = writeln!(out, "</details>");
            let _ = writeln!(out);
        }
        if let Some(i) = super::plan::ignored_usage(a) {
            let _ = writeln!(out, "{}", escape(&i));
            let _ = writeln!(out);
        }
    }
    let _ = writeln!(out, "{FOOTNOTE}");
    out
}

/// "Monthly cost will increase by $X (+Y%)", "… decrease by …" or "… will not change".
pub fn headline(diff: &EstimateDiff) -> String {
    let d = diff.total.delta_usd;
    let pct = diff
        .total
        .delta_percent
        .map_or_else(String::new, |p| format!(" ({})", format_percent(p)));
    if d > Decimal::ZERO {
        format!("Monthly cost will increase by ${}{pct}", format_usd(d))
    } else if d < Decimal::ZERO {
        format!("Monthly cost will decrease by ${}{pct}", format_usd(-d))
    } else {
        "Monthly cost will not change".to_string()
    }
}

fn opt_usd(d: Option<Decimal>) -> String {
    d.map_or_else(|| "–".into(), format_usd)
}

fn amount_cells(a: &Amounts) -> [String; 4] {
    [
        opt_usd(a.old_usd),
        opt_usd(a.new_usd),
        format_signed_usd(a.delta_usd),
        a.delta_percent.map_or_else(|| "–".into(), format_percent),
    ]
}

/// A verdict line, then one row per budget limit.
fn budget_section(out: &mut String, verdict: &str, b: &crate::model::BudgetStatus) {
    let _ = writeln!(out);
    let _ = writeln!(out, "{verdict}");
    let _ = writeln!(out);
    header(
        out,
        &["Budget", "Limit USD", "Cost USD", "Headroom USD", "Status"],
        "lrrrl",
    );
    for l in &b.limits {
        row(
            out,
            &[
                l.label().into(),
                format_usd(l.monthly_usd),
                format_usd(l.spent_usd),
                format_usd(l.headroom_usd),
                if l.over_budget {
                    "❌ over"
                } else {
                    "✅ within"
                }
                .into(),
            ],
        );
    }
}

/// The usage behind the changes: each line whose quantity moved (old → new with its unit and the
/// factor), or that was added or removed, apart from lines whose price alone changed.
fn quantities_changed(out: &mut String, diff: &EstimateDiff) {
    let moved: Vec<String> = diff
        .lines
        .iter()
        .filter_map(|l| {
            let q = format_quantity;
            let what = format!(
                "{} · {} · {}",
                l.group.label(),
                escape(&l.resource),
                escape(&l.component)
            );
            let unit = escape(&l.unit);
            match (l.old_quantity, l.new_quantity) {
                (Some(a), Some(b)) if a != b => {
                    let factor = b.checked_div(a).map_or_else(String::new, |f| {
                        format!(" (×{})", f.round_dp(2).normalize())
                    });
                    Some(format!("- {what}: {} → {} {unit}{factor}", q(a), q(b)))
                }
                (None, Some(b)) => Some(format!("- {what}: added, {} {unit}", q(b))),
                (Some(a), None) => Some(format!("- {what}: removed, was {} {unit}", q(a))),
                _ => None,
            }
        })
        .collect();
    if moved.is_empty() {
        return;
    }
    let _ = writeln!(out);
    let _ = writeln!(out, "#### Quantities that changed");
    let _ = writeln!(out);
    for m in moved {
        let _ = writeln!(out, "{m}");
    }
}

/// The commitments (reservations, Savings Plans) the change affects: those added or removed and
/// those whose covered usage, effective cost, utilisation or waste moved, each old → new as the
/// estimate's commitments table shows them, and the amortised monthly bill old → new.
fn commitments_affected(out: &mut String, diff: &EstimateDiff) {
    use super::commitments_view::{CommitmentsView, CommittedRow};
    let (old_total, new_total) = diff.totals();
    let [base, head] = &diff.commitments;
    if base.is_none() && head.is_none() {
        return;
    }
    let view = |s: &Option<crate::estimate::commitment::CommitmentSummary>, total: Decimal| {
        s.as_ref().map(|s| CommitmentsView::new(s, total))
    };
    let (old, new) = (view(base, old_total), view(head, new_total));
    fn rows(v: &Option<CommitmentsView>) -> Vec<&CommittedRow> {
        v.iter().flat_map(|v| &v.committed).collect()
    }
    let (old_rows, new_rows) = (rows(&old), rows(&new));
    let same = |a: &CommittedRow, b: &CommittedRow| {
        a.on_demand_usd == b.on_demand_usd
            && a.effective_usd == b.effective_usd
            && a.utilisation_percent == b.utilisation_percent
            && a.unused_usd == b.unused_usd
            && a.term_months == b.term_months
            && a.payment == b.payment
    };
    let usd = |r: Option<&CommittedRow>, f: fn(&CommittedRow) -> Decimal| {
        r.map_or_else(|| "—".to_string(), |r| format!("${}", format_usd(f(r))))
    };
    let pct = |r: Option<&CommittedRow>| {
        r.and_then(|r| r.utilisation_percent)
            .map_or_else(|| "—".to_string(), |p| format!("{}%", p.round_dp(1)))
    };
    let mut affected = Vec::new();
    let key = |r: &CommittedRow| (r.kind, r.name.clone());
    for &n in &new_rows {
        let o = old_rows.iter().copied().find(|o| key(o) == key(n));
        match o {
            Some(o) if same(o, n) => {}
            Some(_) => affected.push(("changed", o, Some(n))),
            None => affected.push(("added", None, Some(n))),
        }
    }
    for &o in &old_rows {
        if !new_rows.iter().any(|n| key(n) == key(o)) {
            affected.push(("removed", Some(o), None));
        }
    }
    let amortised = |v: &Option<CommitmentsView>, total: Decimal| {
        v.as_ref().map_or(total, |v| v.amortised_monthly_usd)
    };
    let (a_old, a_new) = (amortised(&old, old_total), amortised(&new, new_total));
    let _ = writeln!(out);
    let _ = writeln!(out, "#### Commitments affected");
    let _ = writeln!(out);
    let _ = writeln!(
        out,
        "Amortised monthly bill (after commitments, discounts and credits): ${} → ${} ({}{}).",
        format_usd(a_old),
        format_usd(a_new),
        if a_new >= a_old { "+" } else { "−" },
        format_usd((a_new - a_old).abs())
    );
    if affected.is_empty() {
        let _ = writeln!(out);
        let _ = writeln!(out, "No commitment's coverage or cost changed.");
        return;
    }
    let _ = writeln!(out);
    header(
        out,
        &[
            "Change",
            "Commitment",
            "Covers (on demand) USD",
            "Effective USD",
            "Utilisation",
            "Unused USD",
        ],
        "llrrrr",
    );
    for (change, o, n) in affected {
        let r = n.or(o).expect("one side");
        let both = |f: fn(&CommittedRow) -> Decimal| format!("{} → {}", usd(o, f), usd(n, f));
        row(
            out,
            &[
                change.to_string(),
                format!("{} ({})", escape(&r.name), r.kind),
                both(|r| r.on_demand_usd),
                both(|r| r.effective_usd),
                format!("{} → {}", pct(o), pct(n)),
                both(|r| r.unused_usd),
            ],
        );
    }
}

pub fn render_diff(diff: &EstimateDiff) -> String {
    let mut out = String::new();
    let (old, new) = diff.totals();
    let _ = writeln!(out, "### {}", headline(diff));
    let _ = writeln!(out);
    let names = if diff.base.name == diff.head.name {
        escape(&diff.head.name)
    } else {
        format!("{} → {}", escape(&diff.base.name), escape(&diff.head.name))
    };
    let _ = writeln!(
        out,
        "**${} → ${} per month** ({names}; {} changed, {} unchanged line items).",
        format_usd(old),
        format_usd(new),
        diff.lines.len(),
        diff.unchanged_lines
    );
    let _ = writeln!(out);
    header(
        &mut out,
        &["Group", "Old USD", "New USD", "Δ USD", "Δ %"],
        "lrrrr",
    );
    for g in &diff.groups {
        let mut cells = vec![g.group.label().to_string()];
        cells.extend(amount_cells(&g.amounts));
        row(&mut out, &cells);
    }
    let mut cells = vec![bold("Total".into())];
    cells.extend(amount_cells(&diff.total).map(bold));
    row(&mut out, &cells);
    if let Some(b) = &diff.head_budget {
        let verdict = if b.over_budget {
            let over: Vec<&str> = b.breaches().map(|l| l.label()).collect();
            format!(
                "**❌ Over budget:** {} exceeds its `[budget]` ({}).",
                escape(&diff.head.name),
                over.join(", ")
            )
        } else {
            format!(
                "**✅ Within budget:** {} stays within its `[budget]`.",
                escape(&diff.head.name)
            )
        };
        budget_section(&mut out, &verdict, b);
    }
    commitments_affected(&mut out, diff);
    if !diff.lines.is_empty() {
        let _ = writeln!(out);
        let _ = writeln!(out, "#### Changes, largest first");
        let _ = writeln!(out);
        header(
            &mut out,
            &[
                "Change",
                "Group",
                "Resource",
                "Component",
                "Quantity",
                "Old USD",
                "New USD",
                "Δ USD",
                "Δ %",
            ],
            "lllllrrrr",
        );
        for l in &diff.lines {
            let mut cells = vec![
                match &l.variant {
                    Some(v) => format!("{}: {}", l.change.id(), escape(v)),
                    None => l.change.id().to_string(),
                },
                l.group.label().to_string(),
                escape(&l.resource),
                escape(&l.component),
                escape(&l.quantity_change()),
            ];
            cells.extend(amount_cells(&l.amounts));
            row(&mut out, &cells);
        }
        let mut total = vec![String::new(); 9];
        total[0] = bold("Total change".into());
        total[7] = bold(format_signed_usd(diff.total.delta_usd));
        row(&mut out, &total);
        quantities_changed(&mut out, diff);
    }
    if let Some(p) = &diff.terraform {
        let _ = writeln!(out);
        for line in super::plan::diff_summary(p) {
            let _ = writeln!(out, "{}", escape(&line));
            let _ = writeln!(out);
        }
        let grid = super::plan::diff_grid(p);
        if !grid.rows.is_empty() {
            let _ = writeln!(
                out,
                "<details><summary>Terraform resources not in the estimates, destroyed, added or removed ({} types)</summary>",
                grid.rows.len()
            );
            let _ = writeln!(out);
            let _ = write!(out, "{}", grid.markdown());
            let _ = writeln!(out);
            let _ = writeln!(out, "</details>");
        }
    }
    let _ = writeln!(out);
    let _ = writeln!(out, "{FOOTNOTE}");
    out
}

/// Commitments, discounts and credits: the amortised bill, each commitment, and the cash flow
/// (12 months shown, 36 in a collapsed block).
fn commitments(out: &mut String, c: &super::commitments_view::CommitmentsView) {
    let _ = writeln!(out);
    let _ = writeln!(
        out,
        "**With commitments: ${} per month amortised** (on demand ${}; {}). Bought in {}; break-even of all together: {}.",
        format_usd(c.amortised_monthly_usd),
        format_usd(c.on_demand_monthly_usd),
        saving_text(c.saving_monthly_usd),
        escape(&c.start_month),
        opt_month(c.break_even_month),
    );
    let _ = writeln!(out);
    header(
        out,
        &[
            "Commitment",
            "Term, payment",
            "On-demand USD/mo",
            "Effective USD/mo",
            "Upfront USD",
            "Amortised upfront USD/mo",
            "Coverage",
            "Utilisation",
            "Unused USD/mo",
            "Break-even",
        ],
        "llrrrrrrrl",
    );
    for l in &c.committed {
        row(
            out,
            &[
                format!("{} ({})", escape(&l.name), l.kind),
                format!("{} months, {}", l.term_months, l.payment),
                format_usd(l.on_demand_usd),
                format_usd(l.effective_usd),
                format_usd(l.upfront_usd),
                format_usd(l.amortised_upfront_usd),
                opt_percent(l.coverage_percent),
                opt_percent(l.utilisation_percent),
                format_usd(l.unused_usd),
                opt_month(l.break_even_month),
            ],
        );
    }
    let _ = writeln!(out);
    header(out, &["Month 1, amortised", "Note", "Monthly USD"], "llr");
    for r in &c.bill {
        row(
            out,
            &[escape(&r.label), escape(&r.note), format_usd(r.monthly_usd)],
        );
    }
    row(
        out,
        &[
            bold("Amortised monthly".into()),
            String::new(),
            bold(format_usd(c.amortised_monthly_usd)),
        ],
    );
    let _ = writeln!(out);
    let flow = |out: &mut String, months: usize| {
        header(
            out,
            &[
                "Month",
                "On-demand USD",
                "Amortised USD",
                "Cash USD",
                "Cumulative on-demand USD",
                "Cumulative cash USD",
            ],
            "lrrrrr",
        );
        for f in c.cash_flow.iter().take(months) {
            row(
                out,
                &[
                    format!("{} ({})", f.month, escape(&f.label)),
                    format_usd(f.on_demand_usd),
                    format_usd(f.amortised_usd),
                    format_usd(f.cash_usd),
                    format_usd(f.cumulative_on_demand_usd),
                    format_usd(f.cumulative_cash_usd),
                ],
            );
        }
        if let Some(t) = c.flow_totals.iter().find(|t| t.months as usize == months) {
            row(
                out,
                &[
                    bold(format!("{} months", t.months)),
                    bold(format_usd(t.on_demand_usd)),
                    bold(format_usd(t.amortised_usd)),
                    bold(format_usd(t.cash_usd)),
                    String::new(),
                    String::new(),
                ],
            );
        }
    };
    let _ = writeln!(out, "Cash flow, 12 months:");
    let _ = writeln!(out);
    flow(out, 12);
    let _ = writeln!(out);
    let _ = writeln!(out, "<details>");
    let _ = writeln!(out, "<summary>Cash flow, 36 months</summary>");
    let _ = writeln!(out);
    flow(out, 36);
    let _ = writeln!(out);
    let _ = writeln!(out, "</details>");
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_cannot_break_tables_run_html_or_link() {
        assert_eq!(escape("a|b"), "a\\|b");
        assert_eq!(escape("`x`"), "\\`x\\`");
        assert_eq!(
            escape("<img src=x onerror=alert(1)>"),
            "&lt;img src=x onerror=alert(1)&gt;"
        );
        assert_eq!(
            escape("[c](javascript:alert(1))"),
            "\\[c\\](javascript&#58;alert(1))"
        );
        assert_eq!(escape("*_&"), "\\*\\_&amp;");
        assert_eq!(escape("@team"), "@&#8203;team");
        assert_eq!(escape("a\nb"), "a b");
        assert_eq!(escape("service api"), "service api");
        assert_eq!(
            escape("see https://x.io or WWW.x.io"),
            "see https&#58;//x.io or WWW&#46;x.io"
        );
    }
}
