//! `costplan capacity`: golden outputs, exit codes, `--apply` round trips, growth, and the
//! library path behind them.

use crate::common::{costplan, path};
use costplan::capacity::assess::{self, right_size};
use costplan::source::SourceFile;
use costplan::{PriceCatalog, Topology};
use rust_decimal::Decimal;

fn run(args: &[&str]) -> (i32, String, String) {
    let out = costplan().args(args).output().unwrap();
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8(out.stdout).unwrap(),
        String::from_utf8(out.stderr).unwrap(),
    )
}

fn baseline() -> (Topology, SourceFile, PriceCatalog) {
    let catalog = PriceCatalog::bundled().unwrap();
    let (t, f) = costplan::topology::read(&path("scenarios/baseline.toml"), &catalog).unwrap();
    (t, f, catalog)
}

fn d(s: &str) -> Decimal {
    s.parse().unwrap()
}

/// A topology that fits its load and its recovery targets.
const FITTING: &str = r#"
name = "fits"
region = "us-east-1"
[[service]]
name = "api"
count = 4
vcpu = 0.5
memory_gb = 1
[service.load]
avg_requests_per_second = 20
peak_requests_per_second = 60
service_time_ms = 80
db_connections_per_task = 10
[database]
engine = "postgres"
instance_class = "db.t3.medium"
deployment = "multi-az"
storage_gb = 100
backup_retention_days = 7
[load]
availability_zones = 2
[recovery]
rto_minutes = 60
rpo_minutes = 15
cross_region = "read-replica"
dr_stack_provisioned = true
tested_restore_minutes = 30
"#;

fn write_temp(text: &str) -> tempfile::NamedTempFile {
    let mut f = tempfile::Builder::new().suffix(".toml").tempfile().unwrap();
    std::io::Write::write_all(&mut f, text.as_bytes()).unwrap();
    f
}

#[test]
fn baseline_capacity_table() {
    let (code, out, err) = run(&["capacity", "scenarios/baseline.toml"]);
    // the seed's 2 API tasks do not survive an AZ loss at peak, and region loss is unprotected
    assert_eq!(code, 1, "{err}");
    assert!(out.contains("│ api       ┆ requests ┆"), "{out}");
    insta::assert_snapshot!(out);
}

#[test]
fn baseline_capacity_json() {
    let (code, out, _) = run(&["capacity", "scenarios/baseline.toml", "--format", "json"]);
    assert_eq!(code, 1);
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(v["schema_version"], 1);
    assert_eq!(v["services"][0]["sizing"]["tasks_required"], 4);
    assert_eq!(v["services"][0]["sizing"]["status"], "under");
    assert_eq!(v["recovery"]["overall"], "fails");
    insta::assert_snapshot!(out);
}

#[test]
fn baseline_growth_table_and_json() {
    let (code, out, err) = run(&[
        "capacity",
        "scenarios/baseline.toml",
        "--growth",
        "10%",
        "--months",
        "12",
    ]);
    assert_eq!(code, 0, "{err}");
    assert!(
        out.contains("cache node_type: cache.t3.micro -> cache.t3.small by month 5"),
        "{out}"
    );
    insta::assert_snapshot!("baseline_growth_table", out);
    let (code, out, _) = run(&[
        "capacity",
        "scenarios/baseline.toml",
        "--growth",
        "10",
        "--format",
        "json",
    ]);
    assert_eq!(code, 0);
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(v["rows"].as_array().unwrap().len(), 13);
    assert_eq!(v["rows"][0]["load_factor"], "1");
    assert_eq!(v["rows"][12]["load_factor"], "3.1384");
}

#[test]
fn growth_month_zero_costs_what_apply_costs() {
    let (_, growth, _) = run(&[
        "capacity",
        "scenarios/baseline.toml",
        "--growth",
        "10%",
        "--format",
        "json",
    ]);
    let (_, report, _) = run(&["capacity", "scenarios/baseline.toml", "--format", "json"]);
    let g: serde_json::Value = serde_json::from_str(&growth).unwrap();
    let r: serde_json::Value = serde_json::from_str(&report).unwrap();
    assert_eq!(
        g["rows"][0]["monthly_usd"],
        r["cost"]["right_sized_monthly_usd"]
    );
}

#[test]
fn apply_prints_a_topology_that_fits_and_costs_what_the_report_says() {
    let (code, toml, err) = run(&["capacity", "scenarios/baseline.toml", "--apply"]);
    assert_eq!(code, 0, "{err}");
    assert!(
        toml.starts_with(
            "# Right-sized by `costplan capacity --apply` from scenarios/baseline.toml."
        )
    );
    assert!(
        toml.contains(
            "count = 4                         # [doc] desired_count: 2 (costplan: was 2)"
        )
    );
    insta::assert_snapshot!("baseline_apply", toml);
    let f = write_temp(&toml);
    let p = f.path().to_str().unwrap();
    // the right-sized topology needs no further change
    let (_, again, _) = run(&["capacity", p, "--format", "json"]);
    let v: serde_json::Value = serde_json::from_str(&again).unwrap();
    assert_eq!(v["cost"]["changes"].as_array().unwrap().len(), 0, "{again}");
    assert!(
        v["services"]
            .as_array()
            .unwrap()
            .iter()
            .all(|s| s["sizing"].is_null() || s["sizing"]["status"] == "ok")
    );
    // and `estimate` prices it at the right-sized figure of the report
    let (_, est, _) = run(&["estimate", p, "--format", "json"]);
    let e: serde_json::Value = serde_json::from_str(&est).unwrap();
    let (_, report, _) = run(&["capacity", "scenarios/baseline.toml", "--format", "json"]);
    let r: serde_json::Value = serde_json::from_str(&report).unwrap();
    assert_eq!(e["total_monthly_usd"], r["cost"]["right_sized_monthly_usd"]);
}

#[test]
fn the_struct_and_text_paths_of_apply_agree() {
    let (t, f, catalog) = baseline();
    let table = catalog.table(&t.region).unwrap();
    let rs = right_size::right_size(&t, table, Decimal::ONE).unwrap();
    assert!(!rs.changes.is_empty());
    let via_struct = costplan::estimate(&rs.apply_to(&t), table).unwrap();
    let current = costplan::estimate(&t, table).unwrap();
    let text = costplan::report::capacity::apply_header(&f.path, &rs, &current, &via_struct)
        + &rs.apply_to_text(&f.path, &f.text).unwrap();
    let reparsed =
        costplan::topology::parse(&SourceFile::new("applied.toml", text), &catalog).unwrap();
    let via_text = costplan::estimate(&reparsed, table).unwrap();
    assert_eq!(via_struct.line_items, via_text.line_items);
    assert_eq!(via_struct.total_monthly_usd, via_text.total_monthly_usd);
}

#[test]
fn a_fitting_topology_exits_zero() {
    let f = write_temp(FITTING);
    let (code, out, err) = run(&["capacity", f.path().to_str().unwrap()]);
    assert_eq!(code, 0, "{out}{err}");
    assert!(
        out.contains("no changes: the topology fits its load"),
        "{out}"
    );
    assert!(
        out.contains("Recovery targets: RTO < 60 min, RPO < 15 min: meets"),
        "{out}"
    );
}

#[test]
fn no_load_sizes_nothing_and_says_so() {
    let f = write_temp(
        "name = \"x\"\nregion = \"us-east-1\"\n[[service]]\nname = \"a\"\ncount = 3\nvcpu = 0.25\nmemory_gb = 0.5\n",
    );
    let (code, out, _) = run(&["capacity", f.path().to_str().unwrap()]);
    assert_eq!(code, 0);
    assert!(out.contains("not sized"), "{out}");
    assert!(
        out.contains("note: no [load] or [service.load] in the topology"),
        "{out}"
    );
}

#[test]
fn usage_errors_exit_two() {
    let (code, _, err) = run(&["capacity", "scenarios/baseline.toml", "--growth", "ten"]);
    assert_eq!(code, 2);
    assert!(err.contains("invalid growth rate `ten`"), "{err}");
    let (code, _, err) = run(&[
        "capacity",
        "scenarios/baseline.toml",
        "--growth",
        "10%",
        "--months",
        "121",
    ]);
    assert_eq!(code, 2);
    assert!(err.contains("at most 120 months"), "{err}");
    let (code, _, err) = run(&["capacity", "scenarios/baseline.toml", "--growth", "-100%"]);
    assert_eq!(code, 2);
    assert!(err.contains("above -100%"), "{err}");
    let (code, _, _) = run(&[
        "capacity",
        "scenarios/baseline.toml",
        "--growth",
        "10%",
        "--months",
        "0",
    ]);
    assert_eq!(code, 2);
    let (code, _, err) = run(&[
        "capacity",
        "scenarios/baseline.toml",
        "--apply",
        "--growth",
        "5%",
    ]);
    assert_eq!(code, 2);
    assert!(err.contains("cannot be used with"), "{err}");
    let (code, _, _) = run(&["capacity", "scenarios/baseline.toml", "--months", "3"]);
    assert_eq!(code, 2);
    let (code, _, err) = run(&["capacity", "no-such-file.toml"]);
    assert_eq!(code, 2);
    assert!(err.contains("no-such-file.toml: cannot read"), "{err}");
}

#[test]
fn a_load_no_service_can_carry_fails_cleanly() {
    // 400,000 busy slots at one slot per task: more tasks than one service may run
    let f = write_temp(
        "name = \"x\"\nregion = \"us-east-1\"\n[[service]]\nname = \"a\"\ncount = 3\nvcpu = 0.25\nmemory_gb = 0.5\n\
         [service.load]\navg_requests_per_second = 400000\nservice_time_ms = 1000\nconcurrency_per_task = 1\n",
    );
    let (code, out, err) = run(&["capacity", f.path().to_str().unwrap(), "--apply"]);
    assert_eq!(code, 2, "{out}");
    assert!(
        err.contains("more than the 10000 one service may run"),
        "{err}"
    );
}

#[test]
fn growth_requirements_never_shrink_with_positive_growth() {
    let (t, _, catalog) = baseline();
    let table = catalog.table(&t.region).unwrap();
    let g = assess::growth::plan(&t, table, d("0.1"), 24).unwrap();
    for pair in g.rows.windows(2) {
        for (a, b) in pair[0].tasks.iter().zip(&pair[1].tasks) {
            assert!(a <= b, "{:?} -> {:?}", pair[0].tasks, pair[1].tasks);
        }
        assert!(pair[0].monthly_usd <= pair[1].monthly_usd);
    }
    // and month 0 of the plan is the right-sized topology of today
    let rs = right_size::right_size(&t, table, Decimal::ONE).unwrap();
    let today = costplan::estimate(&rs.apply_to(&t), table).unwrap();
    assert_eq!(g.rows[0].monthly_usd, today.total_monthly_usd);
}

#[test]
fn applied_load_balancer_dimensions_bill_the_derived_average_lcu() {
    let (t, _, catalog) = baseline();
    let table = catalog.table(&t.region).unwrap();
    let report = assess::analyse(&t, table, Decimal::ONE).unwrap();
    let rs = right_size::right_size_from(&t, table, Decimal::ONE, &report).unwrap();
    let applied = rs.apply_to(&t);
    let lb = applied.load_balancers.first().unwrap();
    let derived = report.load_balancer.as_ref().unwrap();
    // the estimate engine's LCU formula on the applied dimensions = the capacity model's average
    assert_eq!(
        costplan::resource::alb::cost::lcus(lb).round_dp(4),
        derived.avg.billed
    );
    assert_eq!(derived.avg.billed, d("0.216"));
    assert_eq!(derived.peak.billed, d("0.648"));
}

mod robustness {
    use super::*;
    use proptest::prelude::*;

    fn topology(
        rps: &str,
        st_ms: &str,
        jobs: &str,
        conc: u32,
        util: &str,
        zones: u32,
        data: &str,
    ) -> String {
        format!(
            "name = \"p\"\nregion = \"us-east-1\"\n\
             [[service]]\nname = \"api\"\ncount = 2\nvcpu = 0.5\nmemory_gb = 1\n\
             [service.load]\navg_requests_per_second = {rps}\nservice_time_ms = {st_ms}\ndb_connections_per_task = 20\n\
             [[service]]\nname = \"worker\"\ncount = 2\nvcpu = 0.25\nmemory_gb = 0.5\n\
             [service.load]\navg_jobs_per_second = {jobs}\njob_duration_seconds = 2\nmax_queue_wait_seconds = 1\n\
             [database]\nengine = \"postgres\"\ninstance_class = \"db.t3.micro\"\nstorage_gb = 20\n\
             [cache]\nengine = \"redis\"\nnode_type = \"cache.t3.micro\"\nnodes = 2\n\
             [load_balancer]\n[nat]\ngateways = 2\n\
             [load]\nconcurrency_per_task = {conc}\ntarget_utilisation_percent = {util}\navailability_zones = {zones}\n\
             cache_data_gb = {data}\nnat_percent = 10\ndb_avg_cpu_percent = 30\n\
             [recovery]\nrto_minutes = 60\nrpo_minutes = 5\n"
        )
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(48))]

        /// Any load the validator accepts gives a report, a right-sizing and a growth plan, or an
        /// error; never a panic. Required counts are monotone in the load factor.
        #[test]
        fn any_valid_load_is_sized_without_panic(
            rps in prop_oneof![Just("0".to_string()), (0u32..20_000).prop_map(|v| v.to_string())],
            st in (1u32..2_000).prop_map(|v| v.to_string()),
            jobs in (0u32..5_000).prop_map(|v| v.to_string()),
            conc in 1u32..64,
            util in (20u32..100).prop_map(|v| v.to_string()),
            zones in 1u32..6,
            data in (0u32..2_000).prop_map(|v| format!("{}", f64::from(v) / 10.0)),
            growth in -50i32..300,
        ) {
            let catalog = PriceCatalog::bundled().unwrap();
            let text = topology(&rps, &st, &jobs, conc, &util, zones, &data);
            let Ok(t) = costplan::topology::parse(&SourceFile::new("p.toml", text), &catalog) else {
                return Ok(());
            };
            let table = catalog.table(&t.region).unwrap();
            // within these ranges the load is always sizeable (at most 40,000 erlangs at 20 %)
            let r = assess::analyse(&t, table, Decimal::ONE);
            prop_assert!(r.is_ok(), "{r:?}");
            if let Ok(r) = r {
                let _ = right_size::right_size_from(&t, table, Decimal::ONE, &r);
            }
            let rate = Decimal::from(growth) / Decimal::ONE_HUNDRED;
            if let Ok(g) = assess::growth::plan(&t, table, rate, 3)
                && growth >= 0
            {
                for pair in g.rows.windows(2) {
                    for (a, b) in pair[0].tasks.iter().zip(&pair[1].tasks) {
                        prop_assert!(a <= b);
                    }
                }
            }
        }
    }
}

#[test]
fn growth_html_is_one_self_contained_page_with_charts() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("growth.html");
    let o = out.to_str().unwrap();
    let (code, stdout, err) = run(&[
        "capacity",
        "scenarios/baseline.toml",
        "--growth",
        "10%",
        "--format",
        "html",
        "-o",
        o,
    ]);
    assert_eq!(code, 0, "{err}");
    assert!(stdout.is_empty());
    let html = std::fs::read_to_string(&out).unwrap();
    assert!(html.starts_with("<!DOCTYPE html>"));
    assert_eq!(html.matches("<figure data-chart=").count(), 2);
    // one table row per month
    assert_eq!(html.matches("<tr><td class=\"n\">").count(), 13);
    // self-contained: nothing fetched
    assert!(!html.contains("src=") && !html.contains("href="));
    assert!(html.contains("cache node_type: cache.t3.micro → cache.t3.small by month 5"));
    // html draws the growth plan only
    let (code, _, err) = run(&["capacity", "scenarios/baseline.toml", "--format", "html"]);
    assert_eq!(code, 2);
    assert!(err.contains("add `--growth RATE`"), "{err}");
}

#[test]
fn check_reports_recovery_targets_without_gating_on_them() {
    let (code, out, err) = run(&["check", "scenarios/baseline.toml"]);
    assert_eq!(code, 0, "{err}");
    assert!(
        out.contains("recovery: RTO < 60 min, RPO < 5 min: fails"),
        "{out}"
    );
    assert!(
        out.contains("region loss                  fails    RPO unbounded, RTO unbounded"),
        "{out}"
    );
    let f = write_temp(FITTING);
    let (code, out, _) = run(&["check", f.path().to_str().unwrap()]);
    assert_eq!(code, 0);
    assert!(
        out.contains("recovery: RTO < 60 min, RPO < 15 min: meets"),
        "{out}"
    );
}

#[test]
fn compare_says_when_a_scenario_breaks_a_recovery_target() {
    let (code, out, err) = run(&[
        "compare",
        "scenarios/baseline.toml",
        "scenarios/what-if.toml",
    ]);
    assert_eq!(code, 0, "{err}");
    let all = format!("{out}{err}");
    assert!(
        all.contains("warning [recovery]: recovery targets (RTO < 60 min, RPO < 5 min): instance or AZ loss goes from meets to at risk: single-AZ database"),
        "{all}"
    );
    // only the single-AZ database scenario weakens recovery
    assert_eq!(all.matches("warning [recovery]").count(), 1, "{all}");
    let (_, json, _) = run(&[
        "compare",
        "scenarios/baseline.toml",
        "scenarios/what-if.toml",
        "--format",
        "json",
    ]);
    let v: serde_json::Value = serde_json::from_str(&json).unwrap();
    let flagged: Vec<&str> = v["scenarios"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|s| {
            s["warnings"]
                .as_array()
                .unwrap()
                .iter()
                .any(|w| w["code"] == "recovery")
        })
        .map(|s| s["name"].as_str().unwrap())
        .collect();
    assert_eq!(flagged, ["RDS single-AZ"]);
}

#[test]
fn capacity_reads_a_scenario_but_applies_only_to_topologies() {
    let (code, out, err) = run(&[
        "capacity",
        "scenarios/what-if.toml",
        "--scenario",
        "RDS single-AZ",
    ]);
    assert_eq!(code, 1, "{err}");
    // the override is in effect: the instance/AZ case is now at risk
    assert!(
        out.contains("instance or AZ loss         ┆ at risk"),
        "{out}"
    );
    let (code, _, err) = run(&[
        "capacity",
        "scenarios/what-if.toml",
        "--scenario",
        "RDS single-AZ",
        "--apply",
    ]);
    assert_eq!(code, 2);
    assert!(err.contains("`--apply` edits a topology file"), "{err}");
    let (code, _, err) = run(&["capacity", "scenarios/what-if.toml"]);
    assert_eq!(code, 2);
    assert!(err.contains("pick one with `--scenario NAME`"), "{err}");
}

/// A service whose task count holds for the whole plan (`min_tasks`), so only the traffic grows.
const TRAFFIC_ONLY: &str = r#"
name = "traffic"
region = "us-east-1"
[[service]]
name = "api"
count = 10
vcpu = 0.5
memory_gb = 1
[service.load]
avg_requests_per_second = 5
peak_requests_per_second = 10
service_time_ms = 50
min_tasks = 10
response_bytes = 100000
[data_transfer]
internet_out_gb = 100
inter_az_gb = 0
free_tier = false
"#;

#[test]
fn growth_reprices_the_data_transfer_the_load_drives() {
    let f = write_temp(TRAFFIC_ONLY);
    let p = f.path().to_str().unwrap();
    let (code, out, err) = run(&[
        "capacity", p, "--growth", "50%", "--months", "2", "-f", "json",
    ]);
    assert_eq!(code, 0, "{err}");
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    let rows = v["rows"].as_array().unwrap();
    let usd = |m: usize| d(rows[m]["monthly_usd"].as_str().unwrap());
    let gb = |m: usize| d(rows[m]["internet_out_gb"].as_str().unwrap());
    // the tasks hold, so every cent of change is the grown internet-out volume
    assert_eq!(rows[0]["tasks"], rows[2]["tasks"]);
    assert!(gb(2) > gb(0), "{out}");
    assert!(
        usd(2) > usd(0),
        "data transfer kept at month 0's cost: {out}"
    );
    // month 2 prices 2.25 × month 0's volume, and shows the volume it prices
    let (_, est, _) = run(&["estimate", p, "-f", "json"]);
    let e: serde_json::Value = serde_json::from_str(&est).unwrap();
    let dt = |e: &serde_json::Value| -> Decimal {
        e["line_items"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|l| l["group"] == "data_transfer")
            .map(|l| d(l["monthly_usd"].as_str().unwrap()))
            .sum()
    };
    let per_gb = dt(&e) / d("100");
    assert_eq!(gb(0), d("100"));
    assert_eq!(gb(2), d("225"));
    assert_eq!(usd(2) - usd(0), (gb(2) - gb(0)) * per_gb);
}

#[test]
fn capacity_names_every_check_that_makes_it_exit_one() {
    // fits its load; only the region-loss recovery case fails
    let only_region_loss = FITTING.replace(
        "cross_region = \"read-replica\"",
        "cross_region = \"none\"\nregion_loss_in_scope = true",
    );
    let f = write_temp(&only_region_loss);
    let (code, out, err) = run(&["capacity", f.path().to_str().unwrap()]);
    assert_eq!(code, 1, "{out}{err}");
    assert!(
        out.contains("no changes: the topology fits its load"),
        "{out}"
    );
    assert_eq!(
        err.trim_end(),
        "capacity check failed: recovery: region loss fails (RTO < 60 min, RPO < 15 min)",
        "{out}"
    );
    // the seed fails several checks: one line each
    let (code, _, err) = run(&["capacity", "scenarios/baseline.toml"]);
    assert_eq!(code, 1);
    let lines: Vec<&str> = err
        .lines()
        .filter(|l| l.starts_with("capacity check failed"))
        .collect();
    assert!(lines.len() >= 2, "{err}");
    assert!(
        err.contains("service `api` is under-provisioned: 2 tasks, 4 required"),
        "{err}"
    );
}

#[test]
fn check_names_every_budget_limit_that_makes_it_exit_one() {
    let over = FITTING.replace(
        "[load]",
        "[budget]\nmonthly_usd = 1\n[budget.groups]\nrds = 1\n[load]",
    );
    let f = write_temp(&over);
    let (code, out, err) = run(&["check", f.path().to_str().unwrap()]);
    assert_eq!(code, 1, "{out}{err}");
    let lines: Vec<&str> = err.lines().collect();
    assert_eq!(lines.len(), 2, "{err}");
    assert!(
        lines.iter().all(|l| l.starts_with("budget breached: ")),
        "{err}"
    );
    assert!(err.contains("group `rds` costs $"), "{err}");
    // within budget: nothing on stderr
    let (code, _, err) = run(&["check", write_temp(FITTING).path().to_str().unwrap()]);
    assert_eq!((code, err.as_str()), (0, ""));
}

/// The capacity glue is domain code: it renders nothing and knows no command.
#[test]
fn capacity_modules_import_neither_report_nor_cli() {
    let mut offenders = Vec::new();
    let mut dirs = vec![path("src/capacity")];
    while let Some(dir) = dirs.pop() {
        for entry in std::fs::read_dir(&dir).unwrap() {
            let p = entry.unwrap().path();
            if p.is_dir() {
                dirs.push(p);
                continue;
            }
            let text = std::fs::read_to_string(&p).unwrap();
            for needle in [
                "crate::report",
                "crate::cli",
                "super::render",
                "comfy_table",
                "maud",
            ] {
                if text.contains(needle) {
                    offenders.push(format!("{}: {needle}", p.display()));
                }
            }
        }
    }
    assert!(offenders.is_empty(), "{offenders:?}");
}

#[test]
fn markdown_shows_the_figures_of_the_table() {
    let (code, md, err) = run(&["capacity", "scenarios/baseline.toml", "-f", "markdown"]);
    assert_eq!(code, 1, "{err}");
    assert!(
        md.starts_with("## Capacity of production (us-east-1)"),
        "{md}"
    );
    assert!(md.contains("| api | requests | 4 | 2 | 2 |"), "{md}");
    assert!(
        md.contains("**395.66 USD** per month as written, **440.80 USD** right-sized (+45.14 USD)"),
        "{md}"
    );
    // the same failing checks on stderr as with the table
    let (_, _, table_err) = run(&["capacity", "scenarios/baseline.toml"]);
    assert_eq!(err, table_err);
    let (code, md, _) = run(&[
        "capacity",
        "scenarios/baseline.toml",
        "--growth",
        "10%",
        "-f",
        "markdown",
    ]);
    assert_eq!(code, 0);
    let (_, table, _) = run(&["capacity", "scenarios/baseline.toml", "--growth", "10%"]);
    // month 12's total is the table's
    assert!(table.contains("┆      763.24 │"), "{table}");
    assert!(
        md.contains(
            "| 12 | 3.14 | 12 | 14 | 4 | 313.84 | 313.84 | db.t3.medium | cache.t3.small | 763.24 |"
        ),
        "{md}"
    );
}
