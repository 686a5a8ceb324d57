//! `capacity --growth … --format html`: the growth plan as one self-contained page, in the same
//! style and with the same chart engine as the other HTML reports ([`crate::report::html`]): the
//! right-sized monthly cost and the required tasks per service over the months, the month table
//! and the change months. Every name is HTML-escaped.

use super::growth::GrowthReport;
use crate::money::format_usd;
use crate::report::charts;
use crate::report::html::{escape, figure, page, summary};
use rust_decimal::Decimal;
use std::fmt::Write;

/// The growth plan as a self-contained HTML page.
pub fn growth_html(g: &GrowthReport) -> String {
    let mut b = String::new();
    let title = format!(
        "Capacity of {} under {}% monthly growth",
        g.name, g.monthly_growth_percent
    );
    let _ = writeln!(b, "<h1>{}</h1>", escape(&title));
    let last = g.rows.last();
    b.push_str(&summary(&[
        (
            "As written, USD per month",
            format_usd(g.displayed_current_monthly_usd),
        ),
        (
            "Right-sized today, USD per month",
            g.rows
                .first()
                .map_or(String::new(), |r| format_usd(r.displayed_monthly_usd)),
        ),
        (
            "Right-sized at the last month, USD per month",
            last.map_or(String::new(), |r| format_usd(r.displayed_monthly_usd)),
        ),
        ("Months", g.months.to_string()),
    ]));
    let month = |m: u32| Decimal::from(m);
    let cost = vec![(
        String::new(),
        g.rows
            .iter()
            .map(|r| (month(r.month), r.displayed_monthly_usd))
            .collect::<Vec<_>>(),
    )];
    b.push_str(&figure(
        "growth-cost",
        charts::lines("Right-sized monthly cost", "month", &cost),
    ));
    let sized: Vec<usize> = (0..g.services.len())
        .filter(|&i| g.rows.iter().all(|r| r.tasks[i].is_some()))
        .collect();
    if !sized.is_empty() {
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
        b.push_str(&figure(
            "growth-tasks",
            charts::lines_of("Required tasks per service", "month", "tasks", &tasks),
        ));
    }
    b.push_str("<h2>Month by month</h2>\n<table><thead><tr><th>month</th><th>load ×</th>");
    for &i in &sized {
        let _ = write!(b, "<th>{} tasks</th>", escape(&g.services[i]));
    }
    b.push_str("<th>monthly USD</th></tr></thead><tbody>\n");
    for r in &g.rows {
        let _ = write!(
            b,
            "<tr><td class=\"n\">{}</td><td class=\"n\">{}</td>",
            r.month,
            r.load_factor.round_dp(2)
        );
        for &i in &sized {
            let _ = write!(b, "<td class=\"n\">{}</td>", r.tasks[i].unwrap_or(0));
        }
        let _ = writeln!(
            b,
            "<td class=\"n\">{}</td></tr>",
            format_usd(r.displayed_monthly_usd)
        );
    }
    b.push_str("</tbody></table>\n<h2>When each component must change</h2>\n<ul>\n");
    for c in &g.changes {
        let text = match (c.change_month, &c.needed_then) {
            (Some(m), Some(n)) => {
                format!("{}: {} → {} by month {m}", c.component, c.provisioned, n)
            }
            _ => format!(
                "{}: {} holds for all {} months",
                c.component, c.provisioned, g.months
            ),
        };
        let _ = writeln!(b, "<li>{}</li>", escape(&text));
    }
    b.push_str("</ul>\n<p class=\"note\">Each month is the topology right-sized for that month's load, priced by the estimate engine.</p>\n");
    page(&title, &b)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::assess::growth::{ComponentChange, GrowthMonth};

    fn month(m: u32, usd: i64, tasks: u64) -> GrowthMonth {
        GrowthMonth {
            month: m,
            load_factor: Decimal::ONE,
            tasks: vec![Some(tasks), None],
            lcu_peak: None,
            internet_out_gb: None,
            nat_processed_gb: None,
            db_connections_during_deploy: None,
            db_class: None,
            db_credit_risk: None,
            cache_fill_percent: None,
            cache_node: None,
            monthly_usd: Decimal::from(usd),
            displayed_monthly_usd: Decimal::from(usd),
        }
    }

    fn report(name: &str, service: &str) -> GrowthReport {
        GrowthReport {
            name: name.to_string(),
            monthly_growth_percent: Decimal::from(10),
            months: 2,
            services: vec![service.into(), "cron".into()],
            current_monthly_usd: Decimal::from(90),
            displayed_current_monthly_usd: Decimal::from(90),
            rows: vec![month(0, 100, 2), month(1, 150, 4), month(2, 200, 4)],
            changes: vec![ComponentChange {
                component: format!("service {service} tasks"),
                provisioned: "2".into(),
                change_month: Some(1),
                needed_then: Some("4".into()),
            }],
        }
    }

    #[test]
    fn two_charts_a_row_per_month_and_the_change_months() {
        let html = growth_html(&report("prod", "api"));
        assert!(html.starts_with("<!DOCTYPE html>"));
        assert_eq!(html.matches("<figure data-chart=").count(), 2);
        assert_eq!(html.matches("<svg").count(), 2);
        assert_eq!(html.matches("<tr><td class=\"n\">").count(), 3);
        assert!(html.contains("<td class=\"n\">200.00</td>"));
        assert!(html.contains("service api tasks: 2 → 4 by month 1"));
        // an unsized service gets no line and no column
        assert!(!html.contains("cron"));
    }

    #[test]
    fn names_are_escaped() {
        let html = growth_html(&report("<script>alert(1)</script> & \"x\"", "a<b>"));
        assert!(!html.contains("<script>alert"));
        assert!(html.contains("&lt;script&gt;alert(1)&lt;/script&gt; &amp; &quot;x&quot;"));
        assert!(!html.contains("a<b>"));
    }

    #[test]
    fn flat_series_still_draw() {
        let mut r = report("flat", "api");
        for row in &mut r.rows {
            row.displayed_monthly_usd = Decimal::ZERO;
        }
        assert_eq!(growth_html(&r).matches("<svg").count(), 2);
    }
}
