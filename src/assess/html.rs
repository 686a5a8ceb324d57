//! `capacity --growth … --format html`: one self-contained HTML file (no scripts, no network) with
//! two inline SVG charts (right-sized monthly cost; required tasks per service), the month table
//! and the change months. Chart geometry is computed in decimals; every name is HTML-escaped.

use super::growth::GrowthReport;
use crate::money::format_usd;
use rust_decimal::Decimal;
use std::fmt::Write;

const WIDTH: i64 = 720;
const HEIGHT: i64 = 240;
const LEFT: i64 = 70;
const RIGHT: i64 = 20;
const TOP: i64 = 20;
const BOTTOM: i64 = 40;
const COLOURS: [&str; 6] = [
    "#1f77b4", "#ff7f0e", "#2ca02c", "#d62728", "#9467bd", "#8c564b",
];

/// Escapes text for HTML element content and attribute values.
pub fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

/// Maps month and value to SVG coordinates inside the plot area.
struct Axes {
    months: Decimal,
    min: Decimal,
    max: Decimal,
}

impl Axes {
    fn new(months: u32, values: impl Iterator<Item = Decimal> + Clone) -> Axes {
        let min = values
            .clone()
            .min()
            .unwrap_or(Decimal::ZERO)
            .min(Decimal::ZERO);
        let mut max = values.max().unwrap_or(Decimal::ONE);
        if max <= min {
            max = min + Decimal::ONE;
        }
        Axes {
            months: Decimal::from(months.max(1)),
            min,
            max,
        }
    }

    fn x(&self, month: u32) -> Decimal {
        let span = Decimal::from(WIDTH - LEFT - RIGHT);
        (Decimal::from(LEFT) + span * Decimal::from(month) / self.months)
            .round_dp(1)
            .normalize()
    }

    fn y(&self, v: Decimal) -> Decimal {
        let span = Decimal::from(HEIGHT - TOP - BOTTOM);
        let frac = (v - self.min) / (self.max - self.min);
        (Decimal::from(TOP) + span * (Decimal::ONE - frac))
            .round_dp(1)
            .normalize()
    }
}

fn chart(
    out: &mut String,
    title: &str,
    months: u32,
    series: &[(String, Vec<Decimal>)],
    unit: &str,
) {
    let axes = Axes::new(
        months,
        series
            .iter()
            .flat_map(|(_, v)| v.iter().copied())
            .collect::<Vec<_>>()
            .into_iter(),
    );
    let _ = writeln!(
        out,
        "<figure><figcaption>{}</figcaption>\n<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{WIDTH}\" height=\"{HEIGHT}\" viewBox=\"0 0 {WIDTH} {HEIGHT}\" role=\"img\" aria-label=\"{}\">",
        escape(title),
        escape(title)
    );
    let (x0, x1) = (LEFT, WIDTH - RIGHT);
    let (y0, y1) = (TOP, HEIGHT - BOTTOM);
    let _ = writeln!(
        out,
        "<line x1=\"{x0}\" y1=\"{y1}\" x2=\"{x1}\" y2=\"{y1}\" stroke=\"#333\"/>"
    );
    let _ = writeln!(
        out,
        "<line x1=\"{x0}\" y1=\"{y0}\" x2=\"{x0}\" y2=\"{y1}\" stroke=\"#333\"/>"
    );
    for (label, v) in [(axes.max, axes.max), (axes.min, axes.min)] {
        let _ = writeln!(
            out,
            "<text x=\"{}\" y=\"{}\" text-anchor=\"end\" font-size=\"11\">{}{}</text>",
            LEFT - 6,
            axes.y(v) + Decimal::from(4),
            escape(&crate::money::format_quantity(label.round_dp(2))),
            escape(unit)
        );
    }
    for m in 0..=months {
        if months <= 24 || m % 6 == 0 {
            let _ = writeln!(
                out,
                "<text x=\"{}\" y=\"{}\" text-anchor=\"middle\" font-size=\"11\">{m}</text>",
                axes.x(m),
                y1 + 16
            );
        }
    }
    let _ = writeln!(
        out,
        "<text x=\"{}\" y=\"{}\" text-anchor=\"middle\" font-size=\"11\">month</text>",
        (x0 + x1) / 2,
        HEIGHT - 4
    );
    for (i, (name, values)) in series.iter().enumerate() {
        let colour = COLOURS[i % COLOURS.len()];
        let points: Vec<String> = values
            .iter()
            .enumerate()
            .map(|(m, v)| {
                format!(
                    "{},{}",
                    axes.x(u32::try_from(m).unwrap_or(u32::MAX)),
                    axes.y(*v)
                )
            })
            .collect();
        let _ = writeln!(
            out,
            "<polyline fill=\"none\" stroke=\"{colour}\" stroke-width=\"2\" points=\"{}\"><title>{}</title></polyline>",
            points.join(" "),
            escape(name)
        );
        let _ = writeln!(
            out,
            "<text x=\"{}\" y=\"{}\" font-size=\"11\" fill=\"{colour}\">{}</text>",
            LEFT + 8,
            TOP + 12 + 14 * i64::try_from(i).unwrap_or(0),
            escape(name)
        );
    }
    let _ = writeln!(out, "</svg></figure>");
}

/// The growth plan as a self-contained HTML page.
pub fn growth_html(g: &GrowthReport) -> String {
    let mut out = String::new();
    let title = format!(
        "{}: capacity and cost under {}% monthly growth",
        g.name, g.monthly_growth_percent
    );
    let _ = writeln!(
        out,
        "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>{}</title>\n<style>\
         body{{font-family:system-ui,sans-serif;margin:2em;color:#222}} table{{border-collapse:collapse}} \
         td,th{{border:1px solid #ccc;padding:2px 8px;text-align:right}} th{{background:#f3f3f3}} \
         figure{{margin:1em 0}} figcaption{{font-weight:600}}</style></head><body>",
        escape(&title)
    );
    let _ = writeln!(out, "<h1>{}</h1>", escape(&title));
    let _ = writeln!(
        out,
        "<p>{} months; as written the topology costs {} USD per month. Each month shows the topology right-sized for that month's load, priced by the estimate engine.</p>",
        g.months,
        format_usd(g.displayed_current_monthly_usd)
    );
    let cost: Vec<Decimal> = g.rows.iter().map(|r| r.displayed_monthly_usd).collect();
    chart(
        &mut out,
        "Right-sized monthly cost (USD)",
        g.months,
        &[("monthly USD".to_string(), cost)],
        "",
    );
    let tasks: Vec<(String, Vec<Decimal>)> = g
        .services
        .iter()
        .enumerate()
        .filter_map(|(i, name)| {
            let v: Option<Vec<Decimal>> = g
                .rows
                .iter()
                .map(|r| r.tasks[i].map(Decimal::from))
                .collect();
            v.map(|v| (name.clone(), v))
        })
        .collect();
    if !tasks.is_empty() {
        chart(&mut out, "Required tasks per service", g.months, &tasks, "");
    }
    let _ = writeln!(out, "<table><thead><tr><th>month</th><th>load ×</th>");
    for (name, _) in &tasks {
        let _ = write!(out, "<th>{} tasks</th>", escape(name));
    }
    let _ = writeln!(out, "<th>monthly USD</th></tr></thead><tbody>");
    let sized: Vec<usize> = (0..g.services.len())
        .filter(|&i| g.rows.iter().all(|r| r.tasks[i].is_some()))
        .collect();
    for r in &g.rows {
        let _ = write!(
            out,
            "<tr><td>{}</td><td>{}</td>",
            r.month,
            r.load_factor.round_dp(2)
        );
        for &i in &sized {
            let _ = write!(out, "<td>{}</td>", r.tasks[i].unwrap_or(0));
        }
        let _ = writeln!(out, "<td>{}</td></tr>", format_usd(r.displayed_monthly_usd));
    }
    let _ = writeln!(
        out,
        "</tbody></table>\n<h2>When each component must change</h2><ul>"
    );
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
        let _ = writeln!(out, "<li>{}</li>", escape(&text));
    }
    let _ = writeln!(out, "</ul></body></html>");
    out
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

    fn report(name: &str) -> GrowthReport {
        GrowthReport {
            name: name.to_string(),
            monthly_growth_percent: Decimal::from(10),
            months: 2,
            services: vec!["api".into(), "cron".into()],
            current_monthly_usd: Decimal::from(90),
            displayed_current_monthly_usd: Decimal::from(90),
            rows: vec![month(0, 100, 2), month(1, 150, 4), month(2, 200, 4)],
            changes: vec![ComponentChange {
                component: "service api tasks".into(),
                provisioned: "2".into(),
                change_month: Some(1),
                needed_then: Some("4".into()),
            }],
        }
    }

    #[test]
    fn charts_have_one_point_per_month_and_scale_to_the_plot() {
        let html = growth_html(&report("prod"));
        assert!(html.starts_with("<!DOCTYPE html>"));
        assert_eq!(html.matches("<svg").count(), 2);
        // cost: 0 → 200 over y 20..200; month 0 at x 70, month 2 at x 700
        assert!(html.contains("points=\"70,110 385,65 700,20\""), "{html}");
        assert!(html.contains("service api tasks: 2 → 4 by month 1"));
        // an unsized service gets no line and no column
        assert!(!html.contains("cron"));
        assert!(!html.contains("<script"));
    }

    #[test]
    fn names_are_escaped() {
        let html = growth_html(&report("<script>alert(1)</script> & \"x\""));
        assert!(!html.contains("<script>"));
        assert!(html.contains("&lt;script&gt;alert(1)&lt;/script&gt; &amp; &quot;x&quot;"));
    }

    #[test]
    fn flat_series_do_not_divide_by_zero() {
        let mut r = report("flat");
        for row in &mut r.rows {
            row.displayed_monthly_usd = Decimal::ZERO;
        }
        let html = growth_html(&r);
        assert!(html.contains("<polyline"));
    }
}
