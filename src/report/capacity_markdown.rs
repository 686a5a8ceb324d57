//! `capacity --format markdown`: the capacity report and the growth plan as GitHub-flavoured
//! Markdown, for a pull-request comment. Tables are [`Grid`]s (the Markdown of every analysis
//! report); every name from the topology is escaped, in tables and in prose.

use super::capacity::{CapacityView, Export, GrowthView};
use super::grid::{Cell, Grid, markdown_escape as esc};
use crate::capacity::assess::CapacityReport;
use crate::capacity::assess::growth::GrowthMonth;
use crate::money::{format_quantity, format_signed_usd, format_usd};
use rust_decimal::Decimal;
use std::fmt::Write;

/// The Markdown format of the capacity results.
pub struct Markdown;

fn text(s: impl Into<String>) -> Cell {
    Cell::Text(s.into())
}

fn measure(d: Option<Decimal>, unit: &str) -> Cell {
    text(d.map_or("∞".to_string(), |d| format!("{}{unit}", d.normalize())))
}

impl Export<CapacityView<'_>> for Markdown {
    fn export(&self, view: &CapacityView<'_>) -> String {
        let r = view.report;
        let mut out = String::new();
        let _ = writeln!(
            out,
            "## Capacity of {} ({})\n\nAt the stated load, {} availability zone{}.",
            esc(&r.name),
            esc(&r.region),
            r.availability_zones,
            if r.availability_zones == 1 { "" } else { "s" }
        );
        services(&mut out, r);
        sections(&mut out, r);
        let (cur, new) = (view.current_monthly_usd, view.right_sized_monthly_usd);
        let _ = writeln!(
            out,
            "\n### Right-sized topology\n\n**{} USD** per month as written, **{} USD** right-sized ({} USD).\n",
            format_usd(cur),
            format_usd(new),
            format_signed_usd(new - cur)
        );
        if view.cost.changes.is_empty() {
            let _ = writeln!(out, "No changes: the topology fits its load.");
        }
        for c in &view.cost.changes {
            let _ = writeln!(
                out,
                "- {} {}: {} → {}",
                esc(&c.component),
                esc(c.key),
                esc(&c.from),
                esc(&c.to)
            );
        }
        let fits = super::capacity::savings_plan_fit_lines(view.cost);
        if !fits.is_empty() {
            let _ = writeln!(
                out,
                "\n### Compute Savings Plans sized by the right-sized Fargate usage\n"
            );
            for f in fits {
                let _ = writeln!(out, "- {}", esc(&f));
            }
        }
        for n in &r.notes {
            let _ = writeln!(out, "\n_Note: {}_", esc(n));
        }
        out
    }
}

fn services(out: &mut String, r: &CapacityReport) {
    if r.services.is_empty() {
        return;
    }
    let mut g = Grid::new(&[
        "service",
        "workload",
        "required",
        "per AZ",
        "provisioned",
        "util peak",
        "mean wait peak",
        "status",
    ]);
    for s in &r.services {
        let provisioned = Cell::Number(Decimal::from(s.provisioned));
        g.rows.push(match &s.sizing {
            Some(z) => vec![
                text(&s.name),
                text(s.workload),
                Cell::Number(Decimal::from(z.tasks_required)),
                Cell::Number(Decimal::from(z.tasks_per_zone)),
                provisioned,
                measure(z.utilisation_peak_percent, "%"),
                measure(z.mean_wait_peak_ms, " ms"),
                text(z.status),
            ],
            None => vec![
                text(&s.name),
                text(s.workload),
                Cell::Empty,
                Cell::Empty,
                provisioned,
                Cell::Empty,
                Cell::Empty,
                text("not sized"),
            ],
        });
    }
    let _ = write!(out, "\n### Services\n\n{}", g.markdown());
    let fits: Vec<_> = r
        .services
        .iter()
        .filter_map(|s| s.fargate.as_ref().map(|f| (s, f)))
        .collect();
    if fits.is_empty() {
        return;
    }
    let mut g = Grid::new(&[
        "service",
        "need vCPU / GB",
        "current",
        "smallest valid",
        "current fits",
    ]);
    for (s, f) in fits {
        let pair = |v: Decimal, m: Decimal| format!("{} / {}", v.normalize(), m.normalize());
        g.rows.push(vec![
            text(&s.name),
            text(pair(f.needed_vcpu, f.needed_memory_gb)),
            text(pair(f.current_vcpu, f.current_memory_gb)),
            text(match (f.smallest_vcpu, f.smallest_memory_gb) {
                (Some(v), Some(m)) => pair(v, m),
                _ => "none fits".to_string(),
            }),
            text(if f.current_fits { "yes" } else { "no" }),
        ]);
    }
    let _ = write!(out, "\n### Fargate task size\n\n{}", g.markdown());
}

/// Load balancer, traffic, database, cache and recovery.
fn sections(out: &mut String, r: &CapacityReport) {
    if let Some(lb) = &r.load_balancer {
        let billed = format!("billed {}", lb.unit);
        let mut g = Grid::new(&["", "requests/s", billed.as_str(), "dominant"]);
        for (label, row) in [("average", &lb.avg), ("peak", &lb.peak)] {
            g.rows.push(vec![
                text(label),
                Cell::Number(row.requests_per_second),
                Cell::Number(row.billed),
                text(row.dominant),
            ]);
        }
        let _ = write!(
            out,
            "\n### Load balancer capacity units per hour\n\n{}",
            g.markdown()
        );
    }
    if let Some(tr) = &r.traffic {
        let mut g = Grid::new(&["volume", "derived GB", "stated GB", "comparison"]);
        for v in &tr.volumes {
            g.rows.push(vec![
                text(v.what),
                Cell::Number(v.derived_gb),
                Cell::Number(v.stated_gb),
                text(if v.share_stated {
                    v.comparison.to_string()
                } else {
                    format!("{} (share not stated: default used)", v.comparison)
                }),
            ]);
        }
        let _ = write!(
            out,
            "\n### Data per month derived from the load\n\n{} requests or jobs per month.\n\n{}",
            format_quantity(tr.requests_per_month),
            g.markdown()
        );
    }
    if let Some(d) = &r.database {
        let _ = writeln!(out, "\n### Database {}\n", esc(&d.instance_class));
        if let Some(c) = &d.connections {
            let _ = writeln!(
                out,
                "- connections: {} steady, {} during a deploy, {} usable: **{}**",
                c.steady, c.during_deploy, c.usable, c.status
            );
        }
        if let Some(c) = &d.credits {
            let _ = writeln!(
                out,
                "- CPU credits: average {}%, peak {}%: {}",
                c.avg_cpu_percent, c.peak_cpu_percent, c.risk
            );
        }
        if d.connections.is_none() && d.credits.is_none() {
            let _ = writeln!(out, "- not checked");
        }
    }
    if let Some(c) = &r.cache {
        let _ = writeln!(out, "\n### Cache {}\n", esc(&c.node_type));
        match (c.fill_percent, c.status) {
            (Some(fill), Some(status)) => {
                let _ = writeln!(out, "- {}% full: **{status}**", fill.normalize());
            }
            _ => {
                let _ = writeln!(out, "- memory not checked");
            }
        }
    }
    if let Some(rec) = &r.recovery {
        let mut g = Grid::new(&["failure", "status", "RPO", "RTO", "reason"]);
        for s in &rec.scenarios {
            g.rows.push(vec![
                text(s.scenario),
                text(s.status),
                text(&s.rpo),
                text(&s.rto),
                text(&s.reason),
            ]);
        }
        let _ = write!(
            out,
            "\n### Recovery targets: RTO < {} min, RPO < {} min: **{}**\n\n{}",
            rec.rto_minutes,
            rec.rpo_minutes,
            rec.overall,
            g.markdown()
        );
    }
}

/// One optional column of the growth table: the cell of a month.
type MonthCell = fn(&GrowthMonth) -> Cell;

fn gb(v: Option<Decimal>) -> Cell {
    v.map_or(Cell::Empty, |v| Cell::Number(v.round_dp(2)))
}

impl Export<GrowthView<'_>> for Markdown {
    fn export(&self, view: &GrowthView<'_>) -> String {
        let g = view.plan;
        let mut out = String::new();
        let _ = writeln!(
            out,
            "## Capacity of {} under {}% monthly growth\n\n{} month{}; **{} USD** per month as written.\n",
            esc(&g.name),
            g.monthly_growth_percent,
            g.months,
            if g.months == 1 { "" } else { "s" },
            format_usd(view.current_monthly_usd)
        );
        let sized: Vec<usize> = (0..g.services.len())
            .filter(|&i| g.rows.iter().any(|r| r.tasks[i].is_some()))
            .collect();
        let task_headers: Vec<String> = sized
            .iter()
            .map(|&i| format!("{} tasks", g.services[i]))
            .collect();
        // a column for each figure the plan has (from its first month, as the table does)
        let first = g.rows.first();
        let all: [(&str, MonthCell); 4] = [
            ("internet GB", |r| gb(r.internet_out_gb)),
            ("NAT GB", |r| gb(r.nat_processed_gb)),
            ("DB class", |r| {
                r.db_class.clone().map_or(Cell::Empty, Cell::Text)
            }),
            ("cache node", |r| {
                r.cache_node.clone().map_or(Cell::Empty, Cell::Text)
            }),
        ];
        let columns: Vec<(&str, MonthCell)> = all
            .into_iter()
            .filter(|(_, cell)| first.is_some_and(|r| !matches!(cell(r), Cell::Empty)))
            .collect();
        let mut headers = vec!["month", "load ×"];
        headers.extend(task_headers.iter().map(String::as_str));
        headers.extend(columns.iter().map(|(h, _)| *h));
        headers.push("monthly USD");
        let mut grid = Grid::new(&headers);
        for (r, usd) in g.rows.iter().zip(&view.monthly_usd) {
            let mut row = vec![
                Cell::Number(Decimal::from(r.month)),
                Cell::Number(r.load_factor.round_dp(2)),
            ];
            for &i in &sized {
                row.push(r.tasks[i].map_or(Cell::Empty, |n| Cell::Number(Decimal::from(n))));
            }
            row.extend(columns.iter().map(|(_, cell)| cell(r)));
            row.push(Cell::Usd(*usd));
            grid.rows.push(row);
        }
        out.push_str(&grid.markdown());
        let _ = writeln!(out, "\n### When each component must change\n");
        for c in &g.changes {
            let _ = match (c.change_month, &c.needed_then) {
                (Some(m), Some(n)) => writeln!(
                    out,
                    "- {}: {} → {} by month {m}",
                    esc(&c.component),
                    esc(&c.provisioned),
                    esc(n)
                ),
                _ => writeln!(
                    out,
                    "- {}: {} holds for all {} months",
                    esc(&c.component),
                    esc(&c.provisioned),
                    g.months
                ),
            };
        }
        if !g.commitments.is_empty() {
            let _ = writeln!(
                out,
                "\n### Commitments as the need changes\n\nBought today, on today's class and count.\n"
            );
            for c in &g.commitments {
                let _ = writeln!(
                    out,
                    "- {}{}",
                    esc(&c.name),
                    super::capacity::commitment_course_tail(c, g.months)
                );
            }
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::capacity::assess::growth::plan;
    use crate::source::SourceFile;

    #[test]
    fn growth_rows_show_the_view_totals_and_names_are_escaped() {
        let catalog = crate::PriceCatalog::bundled().unwrap();
        let text = "name = \"prod\"\nregion = \"us-east-1\"\n\
            [[service]]\nname = \"api\"\ncount = 2\nvcpu = 0.5\nmemory_gb = 1\n\
            [service.load]\navg_requests_per_second = 50\npeak_requests_per_second = 150\nservice_time_ms = 80\n";
        let t =
            crate::topology::parse(&SourceFile::new("t.toml", text.to_string()), &catalog).unwrap();
        let mut g = plan(&t, catalog.table(&t.region).unwrap(), Decimal::new(5, 1), 2).unwrap();
        g.name = "<img src=x> | @team".into();
        g.services[0] = "a|b".into();
        let view = GrowthView::new(&g);
        let md = Markdown.export(&view);
        assert!(md.contains("&lt;img src=x&gt; \\| @&#8203;team"), "{md}");
        assert!(md.contains("| a\\|b tasks |"), "{md}");
        for usd in &view.monthly_usd {
            assert!(md.contains(&format!("| {} |\n", format_usd(*usd))), "{md}");
        }
        // a header, a divider and one row per month
        assert_eq!(md.lines().filter(|l| l.starts_with("| ")).count(), 2 + 3);
    }
}
