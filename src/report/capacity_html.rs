//! `capacity --growth … --format html`: the growth plan as one self-contained page: the
//! right-sized monthly cost and the required tasks per service over the months (the chart engine of
//! the other HTML reports, [`super::charts`]), the month table and the change months.
//!
//! Built with maud, so every name from a topology is escaped unless marked otherwise; the only
//! pre-escaped parts are the page's own style and script and the SVG the chart engine escapes.
//! The page shell and chart figure are the other reports' ([`super::html`]).

use super::capacity::{Export, GrowthView};
use super::charts;
use super::html::{chart, document};
use crate::capacity::assess::growth::ComponentChange;
use crate::money::format_usd;
use maud::{Markup, PreEscaped, html};
use rust_decimal::Decimal;

/// The HTML format of the growth plan.
pub struct Html;

impl Export<GrowthView<'_>> for Html {
    fn export(&self, view: &GrowthView<'_>) -> String {
        growth_page(view).into_string()
    }
}

fn change_text(c: &ComponentChange, months: u32) -> String {
    match (c.change_month, &c.needed_then) {
        (Some(m), Some(n)) => format!("{}: {} → {} by month {m}", c.component, c.provisioned, n),
        _ => format!(
            "{}: {} holds for all {months} months",
            c.component, c.provisioned
        ),
    }
}

fn growth_page(view: &GrowthView<'_>) -> Markup {
    let g = view.plan;
    let title = format!(
        "Capacity of {} under {}% monthly growth",
        g.name, g.monthly_growth_percent
    );
    let month = |m: u32| Decimal::from(m);
    let rows: Vec<_> = g.rows.iter().zip(&view.monthly_usd).collect();
    let cost = vec![(
        String::new(),
        rows.iter()
            .map(|(r, usd)| (month(r.month), **usd))
            .collect::<Vec<_>>(),
    )];
    // services sized every month get a chart line and a column
    let sized: Vec<usize> = (0..g.services.len())
        .filter(|&i| g.rows.iter().all(|r| r.tasks[i].is_some()))
        .collect();
    let tasks: Vec<(String, Vec<(Decimal, Decimal)>)> = sized
        .iter()
        .map(|&i| {
            (
                g.services[i].clone(),
                g.rows
                    .iter()
                    .map(|r| (month(r.month), Decimal::from(r.tasks[i].unwrap_or(0))))
                    .collect(),
            )
        })
        .collect();
    let first = view
        .monthly_usd
        .first()
        .map_or(String::new(), |u| format_usd(*u));
    let last = view
        .monthly_usd
        .last()
        .map_or(String::new(), |u| format_usd(*u));
    let body = html! {
        h1 { (title) }
        div.summary {
            div { "As written, USD per month" b { (format_usd(view.current_monthly_usd)) } }
            div { "Right-sized today, USD per month" b { (first) } }
            div { "Right-sized at the last month, USD per month" b { (last) } }
            div { "Months" b { (g.months) } }
        }
        (chart("growth-cost", charts::lines("Right-sized monthly cost", "month", &cost)))
        @if !tasks.is_empty() {
            (chart("growth-tasks", charts::lines_of("Required tasks per service", "month", "tasks", &tasks)))
        }
        h2 { "Month by month" }
        table {
            thead {
                tr {
                    th { "month" }
                    th { "load ×" }
                    @for &i in &sized { th { (g.services[i]) " tasks" } }
                    th { "monthly USD" }
                }
            }
            tbody {
                @for (r, usd) in &rows {
                    tr {
                        td.n { (r.month) }
                        td.n { (r.load_factor.round_dp(2)) }
                        @for &i in &sized { td.n { (r.tasks[i].unwrap_or(0)) } }
                        td.n { (format_usd(**usd)) }
                    }
                }
            }
        }
        h2 { "When each component must change" }
        ul {
            @for c in &g.changes { li { (change_text(c, g.months)) } }
        }
        @if !g.commitments.is_empty() {
            h2 { "Commitments as the need changes" }
            ul {
                @for c in &g.commitments { li { (super::capacity::commitment_course_text(c, g.months)) } }
            }
        }
        p.note { "Each month is the topology right-sized for that month's load, priced by the estimate engine." }
    };
    PreEscaped(document(&title, body))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::capacity::assess::growth::{GrowthReport, plan};
    use crate::source::SourceFile;

    /// A two-month plan of a small topology: `api` is sized from its load, `cron` is not.
    fn small_plan() -> GrowthReport {
        let catalog = crate::PriceCatalog::bundled().unwrap();
        let text = "name = \"prod\"\nregion = \"us-east-1\"\n\
            [[service]]\nname = \"api\"\ncount = 2\nvcpu = 0.5\nmemory_gb = 1\n\
            [service.load]\navg_requests_per_second = 50\npeak_requests_per_second = 150\nservice_time_ms = 80\n\
            [[service]]\nname = \"cron\"\ncount = 1\nvcpu = 0.25\nmemory_gb = 0.5\n";
        let t =
            crate::topology::parse(&SourceFile::new("t.toml", text.to_string()), &catalog).unwrap();
        plan(&t, catalog.table(&t.region).unwrap(), Decimal::new(5, 1), 2).unwrap()
    }

    fn render(g: &GrowthReport) -> String {
        Html.export(&GrowthView::new(g))
    }

    #[test]
    fn two_charts_a_row_per_month_and_the_change_months() {
        let g = small_plan();
        let html = render(&g);
        assert!(html.starts_with("<!DOCTYPE html>"));
        assert_eq!(html.matches("<figure data-chart=").count(), 2);
        assert_eq!(html.matches("<svg").count(), 2);
        assert_eq!(html.matches("<tr><td class=\"n\">").count(), 3);
        let last = format_usd(GrowthView::new(&g).monthly_usd[2]);
        assert!(
            html.contains(&format!("<td class=\"n\">{last}</td></tr>")),
            "{html}"
        );
        assert!(html.contains("service api tasks: 2 → "), "{html}");
        // an unsized service gets no line and no column
        assert!(!html.contains("cron"));
    }

    #[test]
    fn names_are_escaped() {
        let mut g = small_plan();
        g.name = "<script>alert(1)</script> & \"x\"".into();
        g.services[0] = "a<b>".into();
        let html = render(&g);
        assert!(!html.contains("<script>alert"));
        assert!(html.contains("&lt;script&gt;alert(1)&lt;/script&gt; &amp; &quot;x&quot;"));
        assert!(!html.contains("a<b>"));
        assert!(html.contains("a&lt;b&gt; tasks"));
    }

    #[test]
    fn the_table_shows_the_figures_the_view_displays() {
        let g = small_plan();
        let view = GrowthView::new(&g);
        let html = Html.export(&view);
        for usd in &view.monthly_usd {
            assert!(html.contains(&format!(">{}</td></tr>", format_usd(*usd))));
        }
    }

    #[test]
    fn flat_series_still_draw() {
        let g = small_plan();
        let view = GrowthView {
            plan: &g,
            current_monthly_usd: Decimal::ZERO,
            monthly_usd: vec![Decimal::ZERO; g.rows.len()],
        };
        assert_eq!(Html.export(&view).matches("<svg").count(), 2);
    }
}
