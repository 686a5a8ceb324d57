//! The terminal format of the capacity results: the capacity report with the cost of the
//! right-sized topology, and the growth plan. Tables in the
//! style of every terminal report ([`super::table`]); totals from the views.

use super::capacity::{CapacityView, Export, GrowthView};
use super::table::{right, table};
use crate::capacity::assess::CapacityReport;
use crate::capacity::assess::growth::GrowthMonth;
use crate::money::{format_quantity, format_signed_usd, format_usd};
use comfy_table::{Cell, ContentArrangement};
use rust_decimal::Decimal;
use std::fmt::Write;

/// The terminal format of the capacity results.
pub struct Table;

fn opt(d: Option<Decimal>, unit: &str) -> String {
    match d {
        Some(d) => format!("{}{unit}", d.normalize()),
        None => "∞".to_string(),
    }
}

impl Export<CapacityView<'_>> for Table {
    fn export(&self, view: &CapacityView<'_>) -> String {
        capacity_table(view)
    }
}

impl Export<GrowthView<'_>> for Table {
    fn export(&self, view: &GrowthView<'_>) -> String {
        growth_table(view)
    }
}

/// The readable capacity report.
fn capacity_table(view: &CapacityView<'_>) -> String {
    let (r, cost) = (view.report, view.cost);
    let mut out = String::new();
    let _ = writeln!(
        out,
        "{} ({}): capacity at the stated load, {} availability zone{}",
        r.name,
        r.region,
        r.availability_zones,
        if r.availability_zones == 1 { "" } else { "s" }
    );
    services(&mut out, r);
    fargate(&mut out, r);
    load_balancer(&mut out, r);
    traffic(&mut out, r);
    database(&mut out, r);
    cache(&mut out, r);
    recovery(&mut out, r);
    let _ = writeln!(out);
    let _ = writeln!(out, "Right-sized topology (costs from the estimate engine)");
    let (cur, new) = (view.current_monthly_usd, view.right_sized_monthly_usd);
    let _ = writeln!(
        out,
        "  monthly: {} USD as written, {} USD right-sized ({} USD)",
        format_usd(cur),
        format_usd(new),
        format_signed_usd(new - cur)
    );
    if cost.changes.is_empty() {
        let _ = writeln!(out, "  no changes: the topology fits its load");
    } else {
        for c in &cost.changes {
            let _ = writeln!(out, "  - {} {}: {} -> {}", c.component, c.key, c.from, c.to);
        }
        let _ = writeln!(out, "  run with --apply to print the right-sized topology");
    }
    let fits = super::capacity::savings_plan_fit_lines(cost);
    if !fits.is_empty() {
        let _ = writeln!(out);
        let _ = writeln!(
            out,
            "Compute Savings Plans sized by the right-sized Fargate usage"
        );
        for f in fits {
            let _ = writeln!(out, "  {f}");
        }
    }
    for n in &r.notes {
        let _ = writeln!(out, "note: {n}");
    }
    out
}

fn services(out: &mut String, r: &CapacityReport) {
    if r.services.is_empty() {
        return;
    }
    let _ = writeln!(out);
    let _ = writeln!(
        out,
        "Services (required = sized at peak, survives one AZ loss, balanced across AZs)"
    );
    let mut t = table();
    t.set_header(vec![
        Cell::new("service"),
        Cell::new("workload"),
        right("peak erlangs"),
        right("slots"),
        right("required"),
        right("per AZ"),
        right("provisioned"),
        right("util avg"),
        right("util peak"),
        right("mean wait peak"),
        Cell::new("status"),
    ]);
    let mut objectives = Vec::new();
    for s in &r.services {
        match &s.sizing {
            Some(z) => {
                t.add_row(vec![
                    Cell::new(&s.name),
                    Cell::new(s.workload),
                    right(opt(z.offered_load, "")),
                    right(format!("{} × {}", z.tasks_needed, z.concurrency_per_task)),
                    right(z.tasks_required),
                    right(z.tasks_per_zone),
                    right(s.provisioned),
                    right(opt(z.utilisation_avg_percent, "%")),
                    right(opt(z.utilisation_peak_percent, "%")),
                    right(opt(z.mean_wait_peak_ms, " ms")),
                    Cell::new(z.status),
                ]);
                objectives.push(format!(
                    "  {}: {}{}",
                    s.name,
                    z.objective,
                    if z.objective_met {
                        ""
                    } else {
                        " (not met with the provisioned tasks)"
                    }
                ));
            }
            None => {
                t.add_row(vec![
                    Cell::new(&s.name),
                    Cell::new(s.workload),
                    right("-"),
                    right("-"),
                    right("-"),
                    right("-"),
                    right(s.provisioned),
                    right("-"),
                    right("-"),
                    right("-"),
                    Cell::new("not sized"),
                ]);
            }
        }
    }
    let _ = writeln!(out, "{t}");
    if !objectives.is_empty() {
        let _ = writeln!(out, "Objectives at peak:");
        for o in objectives {
            let _ = writeln!(out, "{o}");
        }
    }
}

fn fargate(out: &mut String, r: &CapacityReport) {
    let fits: Vec<_> = r
        .services
        .iter()
        .filter_map(|s| s.fargate.as_ref().map(|f| (s, f)))
        .collect();
    if fits.is_empty() {
        return;
    }
    let _ = writeln!(out);
    let _ = writeln!(out, "Fargate task size for the stated per-task need");
    let mut t = table();
    t.set_header(vec![
        Cell::new("service"),
        right("need vCPU / GB"),
        right("current"),
        right("smallest valid"),
        Cell::new("current fits"),
    ]);
    for (s, f) in fits {
        t.add_row(vec![
            Cell::new(&s.name),
            right(format!(
                "{} / {}",
                f.needed_vcpu.normalize(),
                f.needed_memory_gb.normalize()
            )),
            right(format!(
                "{} / {}",
                f.current_vcpu.normalize(),
                f.current_memory_gb.normalize()
            )),
            right(match (f.smallest_vcpu, f.smallest_memory_gb) {
                (Some(v), Some(m)) => format!("{} / {}", v.normalize(), m.normalize()),
                _ => "none fits".to_string(),
            }),
            Cell::new(if f.current_fits { "yes" } else { "no" }),
        ]);
    }
    let _ = writeln!(out, "{t}");
}

fn load_balancer(out: &mut String, r: &CapacityReport) {
    let Some(lb) = &r.load_balancer else { return };
    let _ = writeln!(out);
    let _ = writeln!(
        out,
        "Load balancer capacity units per hour, {}{} (billed = the largest dimension)",
        lb.unit,
        lb.protocol
            .map(|p| format!(" as {p} traffic"))
            .unwrap_or_default()
    );
    let mut t = table();
    t.set_header(vec![
        Cell::new(""),
        right("requests/s"),
        right("new conns"),
        right("active conns"),
        right("processed bytes"),
        right("rule evals"),
        right(format!("billed {}", lb.unit)),
        Cell::new("dominant"),
    ]);
    for (label, row) in [("average", &lb.avg), ("peak", &lb.peak)] {
        t.add_row(vec![
            Cell::new(label),
            right(row.requests_per_second),
            right(row.new_connections),
            right(row.active_connections),
            right(row.processed_bytes),
            right(row.rule_evaluations),
            right(row.billed),
            Cell::new(row.dominant),
        ]);
    }
    let _ = writeln!(out, "{t}");
    if let Some(s) = lb.stated_lcu {
        let _ = writeln!(
            out,
            "  the topology's [load_balancer] traffic is {} {} per hour",
            s.normalize(),
            lb.unit
        );
    }
}

fn traffic(out: &mut String, r: &CapacityReport) {
    let Some(tr) = &r.traffic else { return };
    let _ = writeln!(out);
    let _ = writeln!(
        out,
        "Data per month derived from the load ({} requests or jobs) vs stated",
        format_quantity(tr.requests_per_month)
    );
    let mut t = table();
    t.set_header(vec![
        Cell::new("volume"),
        right("derived GB"),
        right("stated GB"),
        Cell::new("comparison"),
    ]);
    for v in &tr.volumes {
        t.add_row(vec![
            Cell::new(v.what),
            right(format_quantity(v.derived_gb)),
            right(format_quantity(v.stated_gb)),
            Cell::new(if v.share_stated {
                v.comparison.to_string()
            } else {
                format!("{} (share not stated: default used)", v.comparison)
            }),
        ]);
    }
    let _ = writeln!(out, "{t}");
}

fn database(out: &mut String, r: &CapacityReport) {
    let Some(d) = &r.database else { return };
    let _ = writeln!(out);
    let _ = writeln!(out, "Database {}", d.instance_class);
    if let Some(c) = &d.connections {
        let _ = writeln!(
            out,
            "  connections: {} steady, {} during a rolling deploy at {}%; max_connections {} ({}), {} usable after 3 reserved: {}",
            c.steady,
            c.during_deploy,
            c.deploy_maximum_percent,
            c.max_connections,
            c.max_connections_source,
            c.usable,
            c.status
        );
        if c.status != crate::capacity::database::ConnectionStatus::Ok.id() {
            match &c.smallest_fitting_class {
                Some(k) => {
                    let _ = writeln!(out, "  smallest class holding the deploy peak: {k}");
                }
                None => {
                    let _ = writeln!(
                        out,
                        "  no class in the price table holds the deploy peak: use a connection pooler (RDS Proxy, PgBouncer)"
                    );
                }
            }
        }
    } else if d.known_class {
        let _ = writeln!(
            out,
            "  connections: no service states `db_connections_per_task`"
        );
    }
    if let Some(c) = &d.credits {
        let baseline = c
            .baseline_percent
            .map_or("-".to_string(), |b| format!("{b}%"));
        let _ = write!(
            out,
            "  CPU credits: average {}%, peak {}%, baseline {}: {}",
            c.avg_cpu_percent, c.peak_cpu_percent, baseline, c.risk
        );
        if !c.surplus_vcpu_hours_per_month.is_zero() {
            let _ = write!(
                out,
                ", {} surplus vCPU-hours per month billed",
                c.surplus_vcpu_hours_per_month
            );
        }
        if let Some(h) = c.peak_hours_sustainable {
            let _ = write!(out, ", a full balance lasts {h} h at peak");
        }
        let _ = writeln!(out);
    }
}

fn cache(out: &mut String, r: &CapacityReport) {
    let Some(c) = &r.cache else { return };
    let _ = writeln!(out);
    match (c.data_gb, c.usable_gb, c.fill_percent, c.status) {
        (Some(data), Some(usable), Some(fill), Some(status)) => {
            let shards = if c.shards > 1 {
                format!(" × {} {}", c.shards, c.partitions)
            } else {
                String::new()
            };
            let _ = writeln!(
                out,
                "Cache {}{shards}: {} GB of data in {} GB usable ({}), {}% full: {}",
                c.node_type, data, usable, c.usable_rule, fill, status
            );
            if status != crate::capacity::cache::MemoryStatus::Ok.id()
                && let Some(n) = &c.smallest_fitting_node
            {
                let _ = writeln!(out, "  smallest node at most 80% full: {n}");
            }
        }
        _ => {
            let _ = writeln!(
                out,
                "Cache {}: no `cache_data_gb` in [load]; memory not checked",
                c.node_type
            );
        }
    }
}

fn recovery(out: &mut String, r: &CapacityReport) {
    let Some(rec) = &r.recovery else { return };
    let _ = writeln!(out);
    let _ = writeln!(
        out,
        "Recovery targets: RTO < {} min, RPO < {} min: {}",
        rec.rto_minutes, rec.rpo_minutes, rec.overall
    );
    let mut t = table();
    // the reasons are sentences: wrap them instead of widening the table
    t.set_content_arrangement(ContentArrangement::Dynamic);
    t.set_width(110);
    t.set_header(vec![
        Cell::new("failure"),
        Cell::new("status"),
        right("RPO"),
        right("RTO"),
        Cell::new("reason"),
    ]);
    for s in &rec.scenarios {
        t.add_row(vec![
            Cell::new(s.scenario),
            Cell::new(s.status),
            right(&s.rpo),
            right(&s.rto),
            Cell::new(&s.reason),
        ]);
    }
    let _ = writeln!(out, "{t}");
}

/// The readable growth plan.
fn growth_table(view: &GrowthView<'_>) -> String {
    let g = view.plan;
    let mut out = String::new();
    let _ = writeln!(
        out,
        "{}: {} months at {}% compound growth per month (as written: {} USD per month)",
        g.name,
        g.months,
        g.monthly_growth_percent,
        format_usd(view.current_monthly_usd)
    );
    let _ = writeln!(out);
    let mut t = table();
    let mut header = vec![Cell::new("month"), right("load ×")];
    let sized: Vec<usize> = (0..g.services.len())
        .filter(|&i| g.rows.iter().any(|r| r.tasks[i].is_some()))
        .collect();
    for &i in &sized {
        header.push(right(format!("{} tasks", g.services[i])));
    }
    let first = g.rows.first();
    let has = |f: &dyn Fn(&GrowthMonth) -> bool| first.is_some_and(f);
    let lcu = has(&|r| r.lcu_peak.is_some());
    let nat = has(&|r| r.nat_processed_gb.is_some());
    let out_gb = has(&|r| r.internet_out_gb.is_some());
    let conns = has(&|r| r.db_connections_during_deploy.is_some());
    let db = has(&|r| r.db_class.is_some());
    let fill = has(&|r| r.cache_fill_percent.is_some());
    let node = has(&|r| r.cache_node.is_some());
    if lcu {
        header.push(right("peak LCU"));
    }
    if out_gb {
        header.push(right("internet GB"));
    }
    if nat {
        header.push(right("NAT GB"));
    }
    if conns {
        header.push(right("DB conns (deploy)"));
    }
    if db {
        header.push(Cell::new("DB class"));
    }
    if fill {
        header.push(right("cache fill"));
    }
    if node {
        header.push(Cell::new("cache node"));
    }
    header.push(right("monthly USD"));
    t.set_header(header);
    for (r, monthly_usd) in g.rows.iter().zip(&view.monthly_usd) {
        let mut row = vec![right(r.month), right(r.load_factor.round_dp(2))];
        for &i in &sized {
            row.push(right(r.tasks[i].map_or("-".to_string(), |n| n.to_string())));
        }
        let d = |v: Option<Decimal>| {
            right(v.map_or("-".to_string(), |v| format_quantity(v.round_dp(2))))
        };
        if lcu {
            row.push(d(r.lcu_peak));
        }
        if out_gb {
            row.push(d(r.internet_out_gb));
        }
        if nat {
            row.push(d(r.nat_processed_gb));
        }
        if conns {
            row.push(right(
                r.db_connections_during_deploy
                    .map_or("-".to_string(), |n| n.to_string()),
            ));
        }
        if db {
            row.push(Cell::new(r.db_class.clone().unwrap_or_default()));
        }
        if fill {
            row.push(right(opt(r.cache_fill_percent, "%")));
        }
        if node {
            row.push(Cell::new(r.cache_node.clone().unwrap_or_default()));
        }
        row.push(right(format_usd(*monthly_usd)));
        t.add_row(row);
    }
    let _ = writeln!(out, "{t}");
    let _ = writeln!(
        out,
        "When each component must change (first month the provisioned value no longer suffices):"
    );
    for c in &g.changes {
        match (c.change_month, &c.needed_then) {
            (Some(m), Some(n)) => {
                let _ = writeln!(
                    out,
                    "  {}: {} -> {} by month {}",
                    c.component, c.provisioned, n, m
                );
            }
            _ => {
                let _ = writeln!(
                    out,
                    "  {}: {} holds for all {} months",
                    c.component, c.provisioned, g.months
                );
            }
        }
    }
    if !g.commitments.is_empty() {
        let _ = writeln!(
            out,
            "Commitments (bought today, on today's class and count) as the need changes:"
        );
        for c in &g.commitments {
            let _ = writeln!(
                out,
                "  {}",
                super::capacity::commitment_course_text(c, g.months)
            );
        }
    }
    let _ = writeln!(
        out,
        "Monthly USD is the estimate of the topology right-sized for that month's load, with its internet, NAT and inter-AZ GB\ngrown with the load (derived where the file states the share, else the stated GB × load); rounded to the cent."
    );
    out
}
