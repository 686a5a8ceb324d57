//! Scenarios, compare, sweep, sensitivity, ranges and simulation, through the CLI and the library.

use assert_cmd::Command;
use costplan::analysis::model::PricedModel;
use costplan::analysis::simulate::{self, Distribution};
use costplan::estimate::Group;
use costplan::pricing::PriceCatalog;
use predicates::prelude::*;
use proptest::prelude::*;
use std::path::{Path, PathBuf};

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn costplan() -> Command {
    let mut c = Command::cargo_bin("costplan").expect("binary built");
    c.current_dir(root());
    c
}

fn stdout(args: &[&str]) -> String {
    let out = costplan()
        .args(args)
        .assert()
        .success()
        .get_output()
        .stdout
        .clone();
    String::from_utf8(out).expect("utf-8")
}

/// A directory with the baseline and the given scenario text, for error cases.
fn dir_with(scenario: &str) -> tempfile::TempDir {
    let d = tempfile::tempdir().expect("tempdir");
    std::fs::copy(
        root().join("scenarios/baseline.toml"),
        d.path().join("baseline.toml"),
    )
    .expect("copy");
    std::fs::write(d.path().join("s.toml"), scenario).expect("write");
    d
}

fn fails_with(scenario: &str, needles: &[&str]) {
    let d = dir_with(scenario);
    let assert = costplan()
        .args(["compare", "scenarios/baseline.toml"])
        .arg(d.path().join("s.toml"))
        .assert()
        .code(2);
    let err = String::from_utf8(assert.get_output().stderr.clone()).expect("utf-8");
    for n in needles {
        assert!(err.contains(n), "expected {n:?} in:\n{err}");
    }
}

// ---- golden outputs on the shipped scenarios ----

#[test]
fn compare_what_if_golden_in_every_format() {
    for (format, name) in [
        ("table", "compare_table"),
        ("json", "compare_json"),
        ("csv", "compare_csv"),
        ("markdown", "compare_markdown"),
    ] {
        let out = stdout(&[
            "compare",
            "scenarios/baseline.toml",
            "scenarios/what-if.toml",
            "-f",
            format,
        ]);
        insta::assert_snapshot!(name, out);
    }
}

#[test]
fn compare_is_sorted_by_delta_and_flags_broken_multi_az() {
    let out = stdout(&[
        "compare",
        "scenarios/baseline.toml",
        "scenarios/what-if.toml",
        "-f",
        "json",
    ]);
    let v: serde_json::Value = serde_json::from_str(&out).expect("json");
    let rows = v["scenarios"].as_array().expect("rows");
    assert_eq!(rows.len(), 13);
    let deltas: Vec<rust_decimal::Decimal> = rows
        .iter()
        .map(|r| {
            r["delta_usd"]
                .as_str()
                .expect("decimal string")
                .parse()
                .expect("decimal")
        })
        .collect();
    assert!(deltas.windows(2).all(|w| w[0] <= w[1]), "{deltas:?}");
    let codes = |name: &str| -> Vec<String> {
        rows.iter().find(|r| r["name"] == name).expect("row")["warnings"]
            .as_array()
            .expect("warnings")
            .iter()
            .map(|w| w["code"].as_str().unwrap_or("").to_string())
            .collect()
    };
    assert_eq!(codes("one NAT gateway"), ["single-nat"]);
    // the baseline's [recovery] targets: a single-AZ database puts instance/AZ loss at risk
    assert_eq!(codes("RDS single-AZ"), ["single-az-db", "recovery"]);
    assert_eq!(codes("ElastiCache replica removed"), ["single-cache-node"]);
    assert!(codes("workers x2").is_empty());
}

#[test]
fn sweep_golden() {
    let out = stdout(&[
        "sweep",
        "scenarios/baseline.toml",
        "--set",
        "service.worker.count=1..10:3",
    ]);
    insta::assert_snapshot!("sweep_worker_count", out);
    let out = stdout(&[
        "sweep",
        "scenarios/baseline.toml",
        "--set",
        "nat.gateways=1..2",
        "--set",
        "nat.data_processed_gb=0..200:100",
        "-f",
        "csv",
    ]);
    insta::assert_snapshot!("sweep_two_inputs_csv", out);
}

#[test]
fn sensitivity_golden() {
    let out = stdout(&["sensitivity", "scenarios/baseline.toml"]);
    insta::assert_snapshot!("sensitivity_baseline", out);
    let out = stdout(&[
        "sensitivity",
        "scenarios/usage-ranges.toml",
        "--swing",
        "25%",
        "-f",
        "markdown",
    ]);
    insta::assert_snapshot!("sensitivity_ranges_markdown", out);
}

#[test]
fn simulation_golden_and_reproducible() {
    let args = [
        "estimate",
        "scenarios/usage-ranges.toml",
        "--simulate",
        "2000",
        "--seed",
        "42",
        "-f",
        "json",
    ];
    let a = stdout(&args);
    assert_eq!(a, stdout(&args), "same seed, same figures");
    let v: serde_json::Value = serde_json::from_str(&a).expect("json");
    insta::assert_json_snapshot!("simulation_total", v["simulation"]["total"]);
    insta::assert_json_snapshot!("range_totals", {
        let r = &v["ranges"];
        serde_json::json!([
            r["low_total_monthly_usd"],
            r["expected_total_monthly_usd"],
            r["high_total_monthly_usd"]
        ])
    });
    // The expected total of the ranges is the baseline's total.
    assert_eq!(
        v["ranges"]["expected_total_monthly_usd"],
        v["total_monthly_usd"]
    );
    let tri = stdout(&[
        "estimate",
        "scenarios/usage-ranges.toml",
        "--simulate",
        "2000",
        "--distribution",
        "triangular",
        "-f",
        "json",
    ]);
    assert_ne!(a, tri, "the distribution is selectable");
}

#[test]
fn cross_region_replica_is_priced_from_its_region_table() {
    let replica = "base = \"baseline.toml\"\n[set]\n\"database.read_replica\" = [{ region = \"us-west-2\", replicated_gb = 50 }]\n";
    // Without a us-west-2 table: a clear error naming the region, never us-east-1 prices.
    let d = dir_with(replica);
    let prices = tempfile::tempdir().expect("tempdir");
    std::fs::copy(
        root().join("pricing/aws/us-east-1.toml"),
        prices.path().join("us-east-1.toml"),
    )
    .expect("copy");
    costplan()
        .args(["compare", "scenarios/baseline.toml"])
        .arg(d.path().join("s.toml"))
        .arg("--prices")
        .arg(prices.path())
        .assert()
        .code(2)
        .stderr(predicate::str::contains(
            "s.toml:3:39: no price table for region `us-west-2` (read replica)",
        ))
        .stderr(predicate::str::contains(
            "tables are available for: us-east-1",
        ));
    // With the bundled tables: instance, storage and inter-region replication.
    let out = costplan()
        .args(["compare", "scenarios/baseline.toml", "-f", "json"])
        .arg(d.path().join("s.toml"))
        .assert()
        .success()
        .get_output()
        .stdout
        .clone();
    let v: serde_json::Value = serde_json::from_slice(&out).expect("json");
    let row = &v["scenarios"][0];
    // us-west-2: 730 h × 0.072 + 100 GB × 0.115; us-east-1 out: 50 GB × 0.02 = 52.56 + 11.50 + 1.00
    let delta: rust_decimal::Decimal = row["delta_usd"]
        .as_str()
        .expect("decimal")
        .parse()
        .expect("decimal");
    assert_eq!(delta, "65.06".parse().expect("decimal"));
    let movers: Vec<&str> = row["top_movers"]
        .as_array()
        .expect("movers")
        .iter()
        .map(|m| m["component"].as_str().unwrap_or(""))
        .collect();
    assert_eq!(
        movers,
        [
            "instance (Single-AZ)",
            "gp2 storage (Single-AZ)",
            "replication, inter-region out"
        ]
    );
    assert_eq!(row["warnings"][0]["code"], "cross-region-replica");
}

#[test]
fn html_reports_are_self_contained() {
    for args in [
        vec![
            "compare",
            "scenarios/baseline.toml",
            "scenarios/what-if.toml",
            "-f",
            "html",
        ],
        vec![
            "sweep",
            "scenarios/baseline.toml",
            "--set",
            "service.worker.count=1..10",
            "-f",
            "html",
        ],
        vec!["sensitivity", "scenarios/baseline.toml", "-f", "html"],
        vec![
            "estimate",
            "scenarios/usage-ranges.toml",
            "--simulate",
            "500",
            "-f",
            "html",
        ],
    ] {
        let out = stdout(&args);
        assert!(out.starts_with("<!DOCTYPE html>"), "{args:?}");
        assert!(out.contains("<svg"), "{args:?}: no inline chart");
        // Links to price sources (`<a href>`) are not assets; nothing is loaded from the network.
        for external in ["src=\"http", "<link", "@import", "url(http"] {
            assert!(
                !out.contains(external),
                "{args:?}: external asset {external}"
            );
        }
    }
}

// ---- invalid scenarios: exit 2 with file:line:col and a hint ----

#[test]
fn unknown_path_suggests_the_closest() {
    fails_with(
        "base = \"baseline.toml\"\n[set]\n\"service.workr.count\" = 3\n",
        &[
            "s.toml:3:1: unknown path `service.workr.count`",
            "did you mean `service.worker.count`?",
        ],
    );
    fails_with(
        "base = \"baseline.toml\"\n[scale]\n\"nat.gateway\" = 2\n",
        &[
            "s.toml:3:1: unknown path `nat.gateway`",
            "did you mean `nat.gateways`?",
        ],
    );
}

#[test]
fn invalid_values_get_the_topology_messages_at_the_scenario_location() {
    fails_with(
        "base = \"baseline.toml\"\n[set]\n\"nat.gateways\" = -1\n",
        &[
            "s.toml:3:18: `gateways` must not be negative, found -1",
            "allowed: 0 to 100",
        ],
    );
    fails_with(
        "base = \"baseline.toml\"\n[set]\n\"database.instance_class\" = \"db.t3.medium2\"\n",
        &[
            "s.toml:3:29: unknown instance class `db.t3.medium2`",
            "did you mean",
        ],
    );
    fails_with(
        "base = \"baseline.toml\"\n[set]\n\"database.deployment\" = \"multi_az\"\n",
        &[
            "s.toml:3:25: unknown deployment `multi_az`",
            "`multi_az` is written `multi-az` here",
        ],
    );
    fails_with(
        "base = \"baseline.toml\"\n[set]\n\"nat.gateways\" = \"two\"\n",
        &["s.toml:3:18: `nat.gateways` takes a whole number, found string"],
    );
    fails_with(
        "base = \"baseline.toml\"\n[scale]\n\"service.worker.count\" = 0.3\n",
        &["s.toml:3:26: `count` must be a whole number, found 1.5"],
    );
    fails_with(
        "base = \"baseline.toml\"\n[scale]\n\"service.*.arch\" = 2\n",
        &["s.toml:3:1: `service.*.arch` cannot be scaled"],
    );
    fails_with(
        "base = \"baseline.toml\"\n[set]\n\"service.worker.count\" = { low = 9, expected = 5, high = 10 }\n",
        &["s.toml:3:26:", "low ≤ expected ≤ high"],
    );
}

#[test]
fn base_must_stay_inside_the_scenario_directory() {
    fails_with(
        "base = \"../baseline.toml\"\n",
        &["s.toml:1:8:", "must not leave", "(`..`)"],
    );
    fails_with(
        "base = \"/etc/passwd\"\n",
        &["s.toml:1:8:", "must be a relative path"],
    );
    fails_with(
        "name = \"x\"\n[set]\n\"nat.gateways\" = 1\n",
        &["missing required key `base`"],
    );
    #[cfg(unix)]
    {
        let outside = tempfile::tempdir().expect("tempdir");
        std::fs::copy(
            root().join("scenarios/baseline.toml"),
            outside.path().join("b.toml"),
        )
        .expect("copy");
        let d = dir_with("base = \"link.toml\"\n");
        std::os::unix::fs::symlink(outside.path().join("b.toml"), d.path().join("link.toml"))
            .expect("symlink");
        costplan()
            .args(["compare", "scenarios/baseline.toml"])
            .arg(d.path().join("s.toml"))
            .assert()
            .code(2)
            .stderr(predicate::str::contains(
                "outside the scenario file's directory",
            ))
            .stderr(predicate::str::contains("through a symlink"));
    }
}

#[test]
fn work_is_bounded_with_clear_errors() {
    costplan()
        .args([
            "sweep",
            "scenarios/baseline.toml",
            "--set",
            "nat.data_processed_gb=0..100000:1",
        ])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("the limit is 1000 per input"));
    costplan()
        .args([
            "sweep",
            "scenarios/baseline.toml",
            "--set",
            "service.worker.count=0..20000",
        ])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("limit"));
    costplan()
        .args([
            "sweep",
            "scenarios/baseline.toml",
            "--set",
            "service.api.vcpu=1..2",
        ])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("unknown input `service.api.vcpu`"));
    costplan()
        .args([
            "estimate",
            "scenarios/usage-ranges.toml",
            "--simulate",
            "2000000",
        ])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("1 to 1000000 samples"));
    costplan()
        .args(["estimate", "scenarios/baseline.toml", "--simulate", "10"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("--simulate needs ranges"));
    costplan()
        .args(["sensitivity", "scenarios/baseline.toml", "--swing", "150%"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("at most 100%"));
}

// ---- invariants ----

fn catalog() -> PriceCatalog {
    PriceCatalog::bundled().expect("bundled")
}

/// A topology with the given worker count, API count and usage.
fn topology_text(api: u32, worker: u32, internet_gb: u32, nat_gb: u32) -> String {
    let base = std::fs::read_to_string(root().join("scenarios/baseline.toml")).expect("baseline");
    base.replace(
        "count = 2                         # [doc] desired_count: 2\nvcpu = 0.5",
        &format!("count = {api}\nvcpu = 0.5"),
    )
    .replace("count = 5  ", &format!("count = {worker}  "))
    .replace(
        "internet_out_gb = 100 ",
        &format!("internet_out_gb = {internet_gb} "),
    )
    .replace(
        "data_processed_gb = 100 ",
        &format!("data_processed_gb = {nat_gb} "),
    )
}

fn load(dir: &Path, file: &str) -> Vec<costplan::scenario::Scenario> {
    costplan::scenario::load_any(&dir.join(file), &catalog()).expect("valid")
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 12, ..ProptestConfig::default() })]

    #[test]
    fn a_scenario_without_overrides_equals_its_base(api in 0u32..50, worker in 0u32..200, gb in 0u32..50_000, nat in 0u32..5_000) {
        let d = tempfile::tempdir().expect("tempdir");
        std::fs::write(d.path().join("base.toml"), topology_text(api, worker, gb, nat)).expect("write");
        std::fs::write(d.path().join("s.toml"), "name = \"production\"\nbase = \"base.toml\"\n[set]\n[scale]\n").expect("write");
        let base = load(d.path(), "base.toml").remove(0);
        let s = load(d.path(), "s.toml").remove(0);
        prop_assert_eq!(&s.topology, &base.topology);
        let c = catalog();
        let table = c.table("us-east-1").expect("table");
        prop_assert_eq!(costplan::estimate(&s.topology, table).expect("e"), costplan::estimate(&base.topology, table).expect("e"));
    }

    #[test]
    fn scaling_every_count_by_k_scales_fargate_by_k(api in 0u32..50, worker in 0u32..200, k in 0u32..20) {
        let d = tempfile::tempdir().expect("tempdir");
        std::fs::write(d.path().join("base.toml"), topology_text(api, worker, 100, 100)).expect("write");
        std::fs::write(d.path().join("s.toml"), format!("base = \"base.toml\"\n[scale]\n\"service.*.count\" = {k}\n")).expect("write");
        let c = catalog();
        let table = c.table("us-east-1").expect("table");
        let fargate = |t: &costplan::Topology| costplan::estimate::totals(t, table).expect("priced").group(Group::EcsFargate);
        let base = load(d.path(), "base.toml").remove(0);
        let s = load(d.path(), "s.toml").remove(0);
        prop_assert_eq!(fargate(&s.topology), fargate(&base.topology) * rust_decimal::Decimal::from(k));
    }

    #[test]
    fn percentiles_and_range_totals_are_ordered(
        lo in 0u32..100, mid in 0u32..100, hi in 0u32..100, wlo in 0u32..5, wspan in 0u32..10, seed in any::<u64>(), tri in any::<bool>()
    ) {
        let mut v = [lo, mid, hi];
        v.sort();
        let d = tempfile::tempdir().expect("tempdir");
        std::fs::write(d.path().join("base.toml"), topology_text(2, 5, 100, 100)).expect("write");
        std::fs::write(d.path().join("s.toml"), format!(
            "base = \"base.toml\"\n[set]\n\"nat.data_processed_gb\" = {{ low = {}, expected = {}, high = {} }}\n\"service.worker.count\" = {{ low = {wlo}, expected = {wlo}, high = {} }}\n",
            v[0], v[1], v[2], wlo + wspan
        )).expect("write");
        let c = catalog();
        let s = load(d.path(), "s.toml").remove(0);
        let model = PricedModel::new(s.topology, &c).expect("model");
        let (low, expected, high) = simulate::range_totals(&model, false).expect("ranges");
        prop_assert!(low <= expected && expected <= high, "{} {} {}", low, expected, high);
        let dist = if tri { Distribution::Triangular } else { Distribution::Pert };
        let sim = simulate::simulate(&model, 300, seed, dist).expect("simulated");
        prop_assert!(sim.total.p10_usd <= sim.total.p50_usd && sim.total.p50_usd <= sim.total.p90_usd);
        prop_assert!(low <= sim.total.p10_usd && sim.total.p90_usd <= high);
        for g in &sim.groups {
            prop_assert!(g.stats.p10_usd <= g.stats.p50_usd && g.stats.p50_usd <= g.stats.p90_usd);
        }
    }
}

#[test]
fn fast_paths_agree_with_the_full_estimate_for_every_shipped_scenario() {
    let c = catalog();
    let scenarios =
        costplan::scenario::load_any(&root().join("scenarios/what-if.toml"), &c).expect("valid");
    let base =
        costplan::scenario::load_any(&root().join("scenarios/baseline.toml"), &c).expect("valid");
    // One model evaluates every scenario: the memo must never serve a stale price.
    let model = PricedModel::new(base[0].topology.clone(), &c).expect("model");
    for s in scenarios.iter().chain(&base) {
        let table = c.table(&s.topology.region).expect("table");
        let full = costplan::estimate(&s.topology, table).expect("priced");
        assert_eq!(
            model.estimate(&s.topology).expect("memo estimate"),
            full,
            "{}",
            s.name
        );
        let t = model.evaluate(&s.topology).expect("totals");
        assert_eq!(t.total, full.total_monthly_usd, "{}", s.name);
        for g in &full.groups {
            assert_eq!(t.group(g.group), g.monthly_usd, "{} {}", s.name, g.group);
        }
    }
}
