//! `--format html`: one self-contained page (no external assets, no network) with a summary,
//! tables and inline SVG charts, for `estimate`, `compare`, `sweep` and `sensitivity`.
//!
//! Pages are built with [`maud`] templates, so every value put into the page is escaped for
//! its text or attribute context unless it is wrapped in [`PreEscaped`] on purpose. Only
//! three things are: the fixed style sheet, the fixed chart-size script and the SVG charts
//! (whose text and attributes the SVG backend escapes, see [`super::charts`]).
//! The figures are those of the other formats: the rounded [`EstimateView`] and the displayed
//! totals of the analyses.

use super::charts;
use super::grid::{Cell, Grid};
use super::view::EstimateView;
use crate::analysis::compare::Comparison;
use crate::analysis::sensitivity::Sensitivity;
use crate::analysis::simulate::{Distribution, Simulation};
use crate::analysis::sweep::Sweep;
use crate::money::{format_price, format_quantity, format_signed_usd, format_usd, percent_change};
use crate::topology::DeclaredRange;
use maud::{DOCTYPE, Markup, PreEscaped, html};
use rust_decimal::Decimal;

/// Escapes text for HTML text and double-quoted attribute values.
pub fn escape(s: &str) -> String {
    html! { (s) }.into_string()
}

const STYLE: &str = "body{font-family:system-ui,-apple-system,'Segoe UI',sans-serif;margin:2rem auto;max-width:1100px;color:#222;padding:0 1rem}\
h1{font-size:1.6rem}h2{font-size:1.25rem;margin-top:2rem;border-bottom:1px solid #ddd}\
table{border-collapse:collapse;margin:.5rem 0 1rem;font-size:.9rem;display:block;overflow-x:auto;max-width:100%}th,td{border:1px solid #ddd;padding:.25rem .5rem;text-align:left}\
th{background:#f4f4f4}td.n{text-align:right;font-variant-numeric:tabular-nums}tr.sub td{font-weight:600;background:#fafafa}\
.summary{display:flex;gap:2rem;flex-wrap:wrap}.summary div{background:#f4f7fb;padding:.6rem 1rem;border-radius:6px}\
.summary b{display:block;font-size:1.3rem}figure{margin:1rem 0}figure svg{max-width:100%;height:auto}\
.warn{color:#8a4b00}.note{color:#666;font-size:.85rem}.verdict{font-weight:600}\
table.provenance td{font-size:.8rem;overflow-wrap:anywhere}table.provenance td:nth-child(n+5){white-space:nowrap;overflow-wrap:normal}footer{margin-top:2rem;border-top:1px solid #ddd;padding-top:.5rem}\
@page{size:auto;margin:14mm 12mm 16mm;@bottom-right{content:'Page ' counter(page) ' of ' counter(pages);font-size:8pt;color:#666}}\
@media print{body{max-width:none;margin:0;padding:0;font-size:10pt}h1{font-size:15pt}h2{font-size:12pt;break-after:avoid;page-break-after:avoid}\
table{display:table;overflow:visible;width:100%;font-size:8pt}thead{display:table-header-group}tfoot{display:table-footer-group}\
tr,figure,.summary,section.keep{break-inside:avoid;page-break-inside:avoid}td{overflow-wrap:anywhere}td.n{white-space:nowrap;overflow-wrap:normal}\
figure svg{width:100%;max-width:100%;height:auto}a{color:inherit;text-decoration:none}.summary div{border:1px solid #ddd}}";

/// Writes each chart's rendered size into the page (`data-chart-sizes` on `<body>`), so a
/// headless browser check can confirm the charts laid out with a non-empty size.
const SIZE_SCRIPT: &str = "(function(){var o=[];document.querySelectorAll('figure[data-chart] svg').forEach(function(s){var r=s.getBoundingClientRect();o.push(s.parentNode.getAttribute('data-chart')+':'+Math.round(r.width)+'x'+Math.round(r.height));});document.body.setAttribute('data-chart-sizes',o.join(' '));document.body.setAttribute('data-loaded','yes');})();";

/// The whole page around `body`.
/// The one page shell of every HTML report: style, the body, the rounding note, the size script.
pub(crate) fn document(title: &str, body: Markup) -> String {
    let mut out = html! {
        (DOCTYPE)
        html lang="en" {
            head {
                meta charset="utf-8";
                meta name="viewport" content="width=device-width, initial-scale=1";
                title { (title) }
                style { (PreEscaped(STYLE)) }
                "\n"
            }
            body {
                (body)
                footer.note {
                    "Generated " (generated_at()) " by costplan " (env!("CARGO_PKG_VERSION")) ". Amounts are exact decimals \
                     rounded to the cent for display (half away from zero); charts are drawn from the \
                     same figures."
                }
                script { (PreEscaped(SIZE_SCRIPT)) }
            }
        }
    }
    .into_string();
    out.push('\n');
    out
}

/// When the page was generated: `SOURCE_DATE_EPOCH` (Unix seconds) when set, as the xlsx
/// workbook does, so the same input gives the same page; otherwise now. UTC, to the minute.
pub fn generated_at() -> String {
    let secs = std::env::var("SOURCE_DATE_EPOCH")
        .ok()
        .and_then(|v| v.trim().parse::<i64>().ok())
        .unwrap_or_else(|| {
            std::time::SystemTime::now()
                .duration_since(std::time::UNIX_EPOCH)
                .map_or(0, |d| d.as_secs() as i64)
        });
    utc_minute(secs)
}

/// `YYYY-MM-DD HH:MM UTC` of Unix seconds (proleptic Gregorian; H. Hinnant's days-to-civil).
pub fn utc_minute(secs: i64) -> String {
    let days = secs.div_euclid(86_400);
    let rem = secs.rem_euclid(86_400);
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    let y = yoe + era * 400 + i64::from(m <= 2);
    format!(
        "{y:04}-{m:02}-{d:02} {:02}:{:02} UTC",
        rem / 3600,
        rem % 3600 / 60
    )
}

/// A chart: `svg` comes from [`super::charts`], whose backend escapes its text.
pub(crate) fn chart(id: &str, svg: String) -> Markup {
    html! { figure data-chart=(id) { "\n" (PreEscaped(svg)) "\n" } "\n" }
}

/// Headline figures as a row of boxes.
pub(crate) fn boxes(items: &[(&str, String)]) -> Markup {
    html! {
        div.summary {
            @for (label, value) in items {
                div { (label) b { (value) } }
            }
        }
        "\n"
    }
}

fn warnings<'a>(ws: impl Iterator<Item = &'a str>) -> Markup {
    html! {
        @for w in ws {
            p.warn { "warning: " (w) } "\n"
        }
    }
}

/// A grid as an HTML table; figures are right-aligned.
fn grid(g: &Grid) -> Markup {
    html! {
        table {
            thead { tr { @for h in &g.headers { th { (h) } } } } "\n"
            tbody {
                @for row in &g.rows {
                    tr {
                        @for c in row {
                            @if matches!(c, Cell::Text(_) | Cell::Empty) {
                                td { (c.display()) }
                            } @else {
                                td.n { (c.display()) }
                            }
                        }
                    }
                    "\n"
                }
            }
        }
        "\n"
    }
}

/// A grid as an HTML table.
pub fn grid_html(g: &Grid) -> String {
    grid(g).into_string()
}

/// Declared ranges and, when run, a simulation, for the estimate page.
pub struct RangeSection<'a> {
    pub ranges: &'a [DeclaredRange],
    pub low: Decimal,
    pub expected: Decimal,
    pub high: Decimal,
    pub simulation: Option<&'a Simulation>,
}

/// What the estimate page shows besides the estimate itself.
#[derive(Default)]
pub struct EstimateExtras<'a> {
    /// Declared ranges and, when run, a simulation.
    pub ranges: Option<&'a RangeSection<'a>>,
    /// An earlier estimate (`--previous`), for "vs last estimate".
    pub previous: Option<&'a crate::Estimate>,
    /// The price table the estimate was priced with, for each price's provenance.
    pub prices: Option<&'a crate::pricing::PriceTable>,
}

/// The estimate page with only ranges (see [`estimate_page`]).
pub fn estimate(view: &EstimateView, ranges: Option<&RangeSection>) -> String {
    estimate_page(
        view,
        &EstimateExtras {
            ranges,
            ..EstimateExtras::default()
        },
    )
}

/// The estimate page, in the order a finance reader needs it: the summary (monthly and annual
/// totals against the reference, the budget and the previous estimate), cost by group (sorted,
/// with its chart), line items, budget and headroom, the reconciliation, commitments, discounts
/// and credits, assumptions, price provenance, then declared ranges and the Terraform plan's
/// account.
pub fn estimate_page(view: &EstimateView, extras: &EstimateExtras) -> String {
    let e = view.estimate;
    let title = format!("{}: monthly AWS cost", e.name);
    let body = html! {
        h1 { (title) } "\n"
        p {
            "Region " (e.region) " · " (e.hours_per_month.normalize()) " hours per month · prices: "
            (e.price_table.region) " table effective " (e.price_table.effective_date)
        }
        "\n"
        (summary(view, extras.previous))
        (warnings(e.warnings.iter().map(String::as_str)))
        section {
            h2 { "Cost by group" } "\n"
            (groups_table(view))
            (cost_by_group("Monthly cost by group, largest first", view))
        }
        "\n"
        section {
            h2 { "Line items" } "\n"
            (line_items(view))
        }
        "\n"
        (budget(view))
        (reconciliation(view))
        (commitments(view))
        (assumptions(view))
        (provenance(view, extras.prices))
        @if let Some(rs) = extras.ranges {
            (range_section(rs))
        }
        @if let Some(a) = &e.plan {
            h2 { "Terraform plan" } "\n"
            p { (super::plan::summary(a)) } "\n"
            @if let Some(i) = super::plan::ignored_usage(a) {
                p { (i) } "\n"
            }
            (grid(&super::plan::all(a)))
        }
    };
    document(&title, body)
}

/// The summary table: the totals, then each comparison the estimate has (reference, budget,
/// previous estimate), every figure the one the tables below show.
fn summary(view: &EstimateView, previous: Option<&crate::Estimate>) -> Markup {
    let e = view.estimate;
    let mut g = Grid::new(&[
        "",
        "monthly USD",
        "annual USD",
        "difference USD",
        "difference %",
    ]);
    g.rows.push(vec![
        Cell::Text("Estimated total".into()),
        Cell::Usd(view.total_monthly_usd),
        Cell::Usd(view.total_annual_usd),
        Cell::Empty,
        Cell::Empty,
    ]);
    let mut against = |label: String, monthly: Decimal| {
        let diff = view.total_monthly_usd - monthly;
        g.rows.push(vec![
            Cell::Text(label),
            Cell::Usd(monthly),
            Cell::Usd(monthly * crate::money::MONTHS_PER_YEAR),
            Cell::SignedUsd(diff),
            Cell::Percent(percent_change(diff, monthly)),
        ]);
    };
    if let Some(stated) = e
        .reference
        .as_ref()
        .and_then(|r| r.stated_total_usd.map(|t| (r, t)))
    {
        against(format!("Reference ({})", stated.0.source), stated.1);
    }
    let total_limit = e
        .budget
        .as_ref()
        .and_then(|b| b.limits.iter().find(|l| l.group.is_none()));
    if let Some(l) = total_limit {
        against("Budget (whole topology)".into(), l.monthly_usd);
    }
    if let Some(p) = previous {
        let shown = EstimateView::new(p).total_monthly_usd;
        against(
            format!(
                "Previous estimate ({}, prices effective {})",
                p.name, p.price_table.effective_date
            ),
            shown,
        );
    }
    let verdict = e.budget.as_ref().map(|b| {
        let over: Vec<&str> = b
            .limits
            .iter()
            .filter(|l| l.over_budget)
            .map(|l| l.label())
            .collect();
        if over.is_empty() {
            "Within budget.".to_string()
        } else {
            format!("Over budget: {}.", over.join(", "))
        }
    });
    html! {
        section.keep.summary-block {
            h2 { "Summary" } "\n"
            (boxes(&[
                ("Total monthly USD", format_usd(view.total_monthly_usd)),
                ("Total annual USD", format_usd(view.total_annual_usd)),
                ("Line items", e.line_items.len().to_string()),
            ]))
            (grid(&g))
            @if let Some(v) = verdict {
                p.verdict { (v) } "\n"
            }
            p.note {
                "Difference = this estimate − the figure of the row (positive: this estimate is higher)."
            }
            "\n"
        }
        "\n"
    }
}

/// The groups, largest first, with each one's share of the total; the rows add up to the total.
fn groups_table(view: &EstimateView) -> Markup {
    let mut g = Grid::new(&["group", "monthly USD", "annual USD", "share of total %"]);
    for gv in sorted_groups(view) {
        g.rows.push(vec![
            Cell::Text(gv.group.label().into()),
            Cell::Usd(gv.monthly_usd),
            Cell::Usd(gv.annual_usd),
            Cell::Share(share(gv.monthly_usd, view.total_monthly_usd)),
        ]);
    }
    g.rows.push(vec![
        Cell::Text("Total".into()),
        Cell::Usd(view.total_monthly_usd),
        Cell::Usd(view.total_annual_usd),
        Cell::Share(share(view.total_monthly_usd, view.total_monthly_usd)),
    ]);
    grid(&g)
}

/// `part` as a percentage of `whole` (none when the whole is zero).
fn share(part: Decimal, whole: Decimal) -> Option<Decimal> {
    percent_change(part, whole)
}

/// The groups by displayed subtotal, largest first (group order among equals).
fn sorted_groups<'v, 'a>(view: &'v EstimateView<'a>) -> Vec<&'v super::view::GroupView<'a>> {
    let mut groups: Vec<&super::view::GroupView> = view.groups.iter().collect();
    groups.sort_by(|a, b| {
        b.monthly_usd
            .cmp(&a.monthly_usd)
            .then(a.group.cmp(&b.group))
    });
    groups
}

/// The displayed group subtotals as bars, largest first (the figures the tables show).
fn cost_by_group(title: &str, view: &EstimateView) -> Markup {
    let groups: Vec<(String, Decimal)> = sorted_groups(view)
        .into_iter()
        .map(|g| (g.group.label().to_string(), g.monthly_usd))
        .collect();
    chart("cost-by-group", charts::bars(title, &groups))
}

fn line_items(view: &EstimateView) -> Markup {
    html! {
        table {
            thead {
                tr {
                    th { "group" } th { "resource" } th { "component" } th { "quantity" }
                    th { "unit" } th { "unit price USD" } th { "monthly USD" }
                }
            }
            "\n"
            tbody {
                @for g in sorted_groups(view) {
                    @for l in &g.lines {
                        tr {
                            td { (g.group.label()) }
                            td { (l.item.resource) }
                            td { (l.item.component) }
                            td.n { (format_quantity(l.item.quantity)) }
                            td { (l.item.unit) }
                            td.n title=(l.item.price_source) { (format_price(l.item.unit_price_usd)) }
                            td.n { (format_usd(l.monthly_usd)) }
                        }
                        "\n"
                    }
                    tr.sub {
                        td colspan="6" { (g.group.label()) " subtotal" }
                        td.n { (format_usd(g.monthly_usd)) }
                    }
                    "\n"
                }
                tr.sub {
                    td colspan="6" { "Total monthly" }
                    td.n { (format_usd(view.total_monthly_usd)) }
                }
                "\n"
                tr.sub {
                    td colspan="6" { "Total annual (12 × monthly)" }
                    td.n { (format_usd(view.total_annual_usd)) }
                }
                "\n"
            }
        }
        "\n"
    }
}

/// The budget verdict and each limit with its headroom, with the figures the table and
/// Markdown show.
fn budget(view: &EstimateView) -> Markup {
    let Some(b) = &view.estimate.budget else {
        return html! {};
    };
    let verdict = if b.over_budget {
        "over budget"
    } else {
        "within budget"
    };
    let mut g = Grid::new(&[
        "budget",
        "limit USD",
        "cost USD",
        "headroom USD",
        "used %",
        "status",
    ]);
    for l in &b.limits {
        g.rows.push(vec![
            Cell::Text(l.label().into()),
            Cell::Usd(l.monthly_usd),
            Cell::Usd(l.spent_usd),
            Cell::Usd(l.headroom_usd),
            Cell::Share(share(l.spent_usd, l.monthly_usd)),
            Cell::Text(if l.over_budget { "over" } else { "within" }.into()),
        ]);
    }
    html! {
        section.keep {
            h2 { "Budget: " (verdict) } "\n"
            (grid(&g))
            p.note { "Headroom = limit − cost; negative when over." } "\n"
        }
        "\n"
    }
}

/// Reconciliation with the reference document: every row (excluded components and groups it
/// does not state included), so each column adds up to its total row; the stated column to the
/// stated total (a row says what the reference states only in its total), the computed column
/// to the estimate's displayed total, the difference column to the total difference.
fn reconciliation(view: &EstimateView) -> Markup {
    let (Some(rows), Some(r)) = (view.reconciliation(), &view.estimate.reference) else {
        return html! {};
    };
    let mut g = Grid::new(&[
        "group",
        "stated USD",
        "computed USD",
        "difference USD",
        "difference %",
        "share of computed %",
    ]);
    let total = view.total_monthly_usd;
    let not_stated = || Cell::Text("not stated".into());
    let compared = |stated: Option<Decimal>, computed: Decimal| match stated {
        Some(s) => [
            Cell::Usd(s),
            Cell::SignedUsd(computed - s),
            Cell::Percent(percent_change(computed - s, s)),
        ],
        None => [not_stated(), Cell::Empty, Cell::Empty],
    };
    let mut stated_sum = Decimal::ZERO;
    let mut computed_sum = Decimal::ZERO;
    let mut any_unstated = false;
    for row in &rows {
        let [stated, diff, pct] = compared(row.stated_usd, row.computed_usd);
        stated_sum += row.stated_usd.unwrap_or_default();
        computed_sum += row.computed_usd;
        any_unstated |= row.stated_usd.is_none();
        g.rows.push(vec![
            Cell::Text(row.group.label().into()),
            stated,
            Cell::Usd(row.computed_usd),
            diff,
            pct,
            Cell::Share(share(row.computed_usd, total)),
        ]);
    }
    for row in &rows {
        for (component, usd) in &row.excluded {
            any_unstated = true;
            computed_sum += *usd;
            g.rows.push(vec![
                Cell::Text(format!("{}: {component}", row.group.label())),
                not_stated(),
                Cell::Usd(*usd),
                Cell::Empty,
                Cell::Empty,
                Cell::Share(share(*usd, total)),
            ]);
        }
    }
    // Groups with lines the reference has no row for.
    for gv in &view.groups {
        if !rows.iter().any(|r| r.group == gv.group) {
            any_unstated = true;
            computed_sum += gv.monthly_usd;
            g.rows.push(vec![
                Cell::Text(gv.group.label().into()),
                not_stated(),
                Cell::Usd(gv.monthly_usd),
                Cell::Empty,
                Cell::Empty,
                Cell::Share(share(gv.monthly_usd, total)),
            ]);
        }
    }
    // What the reference states only in its total, so the stated column adds up too.
    if let Some(t) = r.stated_total_usd.filter(|t| *t != stated_sum) {
        g.rows.push(vec![
            Cell::Text("stated in the total only, not by group".into()),
            Cell::Usd(t - stated_sum),
            Cell::Empty,
            Cell::Empty,
            Cell::Empty,
            Cell::Empty,
        ]);
    }
    let [stated, diff, pct] = compared(r.stated_total_usd, total);
    g.rows.push(vec![
        Cell::Text("Total".into()),
        stated,
        Cell::Usd(total),
        diff,
        pct,
        Cell::Share(share(total, total)),
    ]);
    let adds_up = computed_sum == total;
    let unstated: Vec<String> = view
        .not_stated()
        .into_iter()
        .map(|(what, usd)| format!("{what} {}", format_usd(usd)))
        .collect();
    html! {
        section {
            h2 { "Reconciliation with " (r.source) } "\n"
            (grid(&g))
            @if !unstated.is_empty() {
                p.note { "Not stated in " (r.source) ": " (unstated.join(", ")) } "\n"
            }
            p.note {
                "Every row is listed: the computed column adds up to the displayed total "
                (format_usd(total)) " USD"
                @if !adds_up { " (rows " (format_usd(computed_sum)) " USD: see the warning above)" }
                "; difference = computed − stated; difference % is of the stated figure."
                @if any_unstated { " Rows marked “not stated” are costs the reference leaves out (a “group: component” row is a component its stated figure excludes)." }
            }
            "\n"
        }
        "\n"
    }
}

/// Commitments, discounts and credits, when the topology states any: each commitment (what it
/// covers at on-demand prices, its charges, saving, coverage, utilisation, break-even), the
/// month-1 bill adding up to the amortised monthly figure, and the 12- and 36-month cash flow;
/// the figures of [`super::commitments_view::CommitmentsView`], as every format shows them.
fn commitments(view: &EstimateView) -> Markup {
    let Some(c) = super::commitments_view::CommitmentsView::of(view) else {
        return html! {};
    };
    let mut committed = Grid::new(&[
        "commitment",
        "kind",
        "term months",
        "payment",
        "covers on demand USD",
        "recurring USD",
        "upfront USD",
        "amortised upfront USD",
        "effective USD",
        "saving USD",
        "coverage %",
        "utilisation %",
        "unused USD",
        "break-even month",
    ]);
    for r in &c.committed {
        committed.rows.push(vec![
            Cell::Text(r.name.clone()),
            Cell::Text(r.kind.into()),
            Cell::Number(r.term_months.into()),
            Cell::Text(r.payment.into()),
            Cell::Usd(r.on_demand_usd),
            Cell::Usd(r.recurring_usd),
            Cell::Usd(r.upfront_usd),
            Cell::Usd(r.amortised_upfront_usd),
            Cell::Usd(r.effective_usd),
            Cell::SignedUsd(r.saving_usd),
            Cell::Share(r.coverage_percent),
            Cell::Share(r.utilisation_percent),
            Cell::Usd(r.unused_usd),
            r.break_even_month.map_or_else(
                || Cell::Text("not within its term".into()),
                |m| Cell::Number(m.into()),
            ),
        ]);
    }
    let mut bill = Grid::new(&["month-1 bill", "note", "monthly USD"]);
    for r in &c.bill {
        bill.rows.push(vec![
            Cell::Text(r.label.clone()),
            Cell::Text(r.note.clone()),
            Cell::Usd(r.monthly_usd),
        ]);
    }
    bill.rows.push(vec![
        Cell::Text("Amortised monthly".into()),
        Cell::Empty,
        Cell::Usd(c.amortised_monthly_usd),
    ]);
    let flow = |months: usize| {
        let mut g = Grid::new(&[
            "month",
            "on-demand USD",
            "amortised USD",
            "cash USD",
            "cumulative on-demand USD",
            "cumulative cash USD",
        ]);
        for f in c.cash_flow.iter().take(months) {
            g.rows.push(vec![
                Cell::Text(format!("{} ({})", f.month, f.label)),
                Cell::Usd(f.on_demand_usd),
                Cell::Usd(f.amortised_usd),
                Cell::Usd(f.cash_usd),
                Cell::Usd(f.cumulative_on_demand_usd),
                Cell::Usd(f.cumulative_cash_usd),
            ]);
        }
        if let Some(t) = c.flow_totals.iter().find(|t| t.months as usize == months) {
            g.rows.push(vec![
                Cell::Text(format!("{} months", t.months)),
                Cell::Usd(t.on_demand_usd),
                Cell::Usd(t.amortised_usd),
                Cell::Usd(t.cash_usd),
                Cell::Empty,
                Cell::Empty,
            ]);
        }
        g
    };
    html! {
        section {
            h2 { "Commitments, discounts and credits" } "\n"
            (boxes(&[
                ("On demand monthly USD", format_usd(c.on_demand_monthly_usd)),
                ("Amortised monthly USD", format_usd(c.amortised_monthly_usd)),
                ("Saving monthly USD", format_signed_usd(c.saving_monthly_usd)),
            ]))
            p {
                "Bought in " (c.start_month) "; break-even of all together: "
                @match c.break_even_month {
                    Some(m) => { "month " (m) }
                    None => { "not within the terms" }
                }
                ". The line items above stay at on-demand list prices."
            }
            "\n"
            @if !c.committed.is_empty() { (grid(&committed)) }
            (grid(&bill))
            h3 { "Cash flow, 12 months" } "\n"
            (grid(&flow(12)))
            h3 { "Cash flow, 36 months" } "\n"
            (grid(&flow(36)))
        }
        "\n"
    }
}

/// Every input the topology marks `# [assumed]`, with its value as written.
fn assumptions(view: &EstimateView) -> Markup {
    let a = &view.estimate.assumptions;
    if a.is_empty() {
        return html! {};
    }
    html! {
        section {
            h2 { "Assumptions" } "\n"
            p { (a.len()) " input(s) of the topology are marked " code { "[assumed]" } ": figures the source document does not give." } "\n"
            table {
                thead { tr { th { "input" } th { "value" } th { "note" } th { "line" } } } "\n"
                tbody {
                    @for x in a {
                        tr {
                            td { code { (x.path) } }
                            td { code { (x.value_text) } }
                            td { (x.note) }
                            td.n { (x.line) }
                        }
                        "\n"
                    }
                }
            }
            "\n"
        }
        "\n"
    }
}

/// Each price used: key, unit, product, source (linked when it cites an address), effective
/// date and evidence grade.
fn provenance(view: &EstimateView, prices: Option<&crate::pricing::PriceTable>) -> Markup {
    let rows = super::provenance::rows(view.estimate, prices);
    if rows.is_empty() {
        return html! {};
    }
    let e = view.estimate;
    html! {
        section {
            h2 { "Price provenance" } "\n"
            p {
                "Price table " (e.price_table.region) ", effective " (e.price_table.effective_date)
                ": " (e.price_table.source) ". Evidence: A = AWS Price List data, B = a pricing tool's output from the live API, C = a secondary source."
            }
            "\n"
            table.provenance {
                thead { tr { th { "price key" } th { "unit" } th { "product" } th { "source" } th { "effective" } th { "evidence" } } } "\n"
                tbody {
                    @for r in &rows {
                        tr {
                            td { code { (r.key) } }
                            td { (r.unit) }
                            td { (r.product) }
                            td {
                                (r.source)
                                @if let Some(u) = &r.url {
                                    br; a.source href=(u) rel="noreferrer" { (u) }
                                }
                            }
                            td { (r.effective_date) }
                            td { (r.evidence) }
                        }
                        "\n"
                    }
                }
            }
            "\n"
        }
        "\n"
    }
}

fn range_section(rs: &RangeSection) -> Markup {
    let mut g = Grid::new(&["input", "low", "expected", "high"]);
    for r in rs.ranges {
        g.rows.push(vec![
            Cell::Text(r.path.clone()),
            Cell::Number(r.low),
            Cell::Number(r.expected),
            Cell::Number(r.high),
        ]);
    }
    html! {
        h2 { "Declared ranges" } "\n"
        (boxes(&[
            ("Low total USD", format_usd(rs.low)),
            ("Expected total USD", format_usd(rs.expected)),
            ("High total USD", format_usd(rs.high)),
        ]))
        (grid(&g))
        @if let Some(sim) = rs.simulation {
            (simulation(sim))
        }
    }
}

fn simulation(sim: &Simulation) -> Markup {
    let distribution = match sim.distribution {
        Distribution::Pert => "PERT (λ = 4)",
        Distribution::Triangular => "triangular",
    };
    let total = &sim.total;
    html! {
        h2 { "Simulation" } "\n"
        p { (sim.samples) " samples, " (distribution) " distribution, seed " (sim.seed) "." } "\n"
        (chart("distribution", charts::histogram(
            "Distribution of the monthly total",
            &sim.totals,
            &[("P10", total.p10_usd), ("P50", total.p50_usd), ("P90", total.p90_usd)],
        )))
        (grid(&super::analysis::simulation_grid(sim)))
    }
}

/// The compare page: scenario totals, the comparison table, each scenario's notes and the
/// base's cost by group (the subtotals `estimate` shows).
pub fn compare(c: &Comparison) -> String {
    let title = format!("Scenarios against {}", c.base.name);
    let mut totals: Vec<(String, Decimal)> =
        vec![(format!("{} (base)", c.base.name), c.base.shown_total_usd)];
    totals.extend(
        c.scenarios
            .iter()
            .map(|r| (r.name.clone(), r.shown_total_usd)),
    );
    let mut deltas: Vec<(String, Decimal)> = c
        .scenarios
        .iter()
        .map(|r| (r.name.clone(), r.shown_delta_usd))
        .collect();
    deltas.sort_by_key(|d| std::cmp::Reverse(d.1));
    let body = html! {
        h1 { (title) } "\n"
        (boxes(&[
            ("Base total monthly USD", format_usd(c.base.shown_total_usd)),
            ("Scenarios", c.scenarios.len().to_string()),
        ]))
        (chart("scenario-totals", charts::bars("Monthly total by scenario", &totals)))
        @if !deltas.is_empty() {
            (chart("scenario-deltas", charts::diverging(
                &format!("Change of the monthly total against {}, largest increase first", c.base.name),
                "Δ USD per month against the base (right: costs more, left: costs less)",
                &deltas,
            )))
        }
        h2 { "Comparison" } "\n"
        (grid(&super::analysis::compare_grid(c)))
        @for r in c.scenarios.iter().filter(|r| !r.warnings.is_empty() || r.description.is_some()) {
            h3 { (r.name) } "\n"
            @if let Some(d) = &r.description {
                p { (d) } "\n"
            }
            p {
                "Total " (format_usd(r.shown_total_usd)) " USD ("
                (format_signed_usd(r.shown_delta_usd)) " USD)"
            }
            "\n"
            (warnings(r.warnings.iter().map(|w| w.message.as_str())))
        }
        h2 { "Base cost by group" } "\n"
        (cost_by_group("Base monthly cost by group", &EstimateView::new(&c.base_estimate)))
    };
    document(&title, body)
}

/// The sweep page: total cost against the first input (one curve per value of the second, at
/// most six), then every point.
pub fn sweep(s: &Sweep) -> String {
    let series: Vec<(String, Vec<(Decimal, Decimal)>)> = if s.axes.len() == 1 {
        vec![(
            String::new(),
            s.points
                .iter()
                .map(|p| (p.values[0], p.total_monthly_usd))
                .collect(),
        )]
    } else {
        let mut second: Vec<Decimal> = s.points.iter().map(|p| p.values[1]).collect();
        second.sort();
        second.dedup();
        // At most six curves, evenly spread over the second input's values.
        let step = second.len().div_ceil(6).max(1);
        second
            .iter()
            .step_by(step)
            .map(|v2| {
                (
                    format!("{} = {}", s.axes[1], v2.normalize()),
                    s.points
                        .iter()
                        .filter(|p| p.values[1] == *v2)
                        .map(|p| (p.values[0], p.total_monthly_usd))
                        .collect(),
                )
            })
            .collect()
    };
    let body = html! {
        h1 { "Sweep of " (s.name) ": " (s.axes.join(" × ")) } "\n"
        (boxes(&[
            ("Base total monthly USD", format_usd(s.base_total_monthly_usd)),
            ("Points", s.points.len().to_string()),
        ]))
        (chart("sweep", charts::lines("Total monthly cost", &s.axes[0], &series)))
        h2 { "Points" } "\n"
        (grid(&super::analysis::sweep_grid(s)))
    };
    document(&format!("Sweep of {}", s.name), body)
}

/// The sensitivity page: a tornado of the twenty largest swings, then the ranking.
pub fn sensitivity(s: &Sensitivity) -> String {
    let rows: Vec<(String, Decimal, Decimal)> = s
        .rows
        .iter()
        .take(20)
        .map(|r| {
            (
                format!("{} ({} to {})", r.path, r.low_value, r.high_value),
                r.low_total_usd,
                r.high_total_usd,
            )
        })
        .collect();
    let body = html! {
        h1 { "Sensitivity of " (s.name) } "\n"
        (boxes(&[
            ("Base total monthly USD", format_usd(s.base_total_monthly_usd)),
            ("Inputs ranked", s.rows.len().to_string()),
        ]))
        (chart("tornado", charts::tornado(
            "Total at each input's low and high (top 20)",
            s.base_total_monthly_usd,
            &rows,
        )))
        h2 { "Ranking" } "\n"
        (grid(&super::analysis::sensitivity_grid(s)))
        p.note { (s.unmoved) " input(s) that cannot move were left out." } "\n"
    };
    document(&format!("Sensitivity of {}", s.name), body)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn generation_dates_are_utc_calendar_dates() {
        assert_eq!(utc_minute(0), "1970-01-01 00:00 UTC");
        assert_eq!(utc_minute(951_782_400), "2000-02-29 00:00 UTC");
        assert_eq!(utc_minute(1_796_400_000), "2026-12-04 16:00 UTC");
        assert_eq!(utc_minute(-1), "1969-12-31 23:59 UTC");
    }
}
