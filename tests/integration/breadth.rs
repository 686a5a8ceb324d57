//! The breadth example (`scenarios/examples/breadth.toml`, issue 11's acceptance architecture in
//! us-east-1): two databases, Memcached and a Redis replication group, an ALB and an NLB,
//! inter-region transfer to two destinations and vended logs, priced line by line and accepted by
//! `compare`, `sensitivity`, `capacity`, `diff` and every format.

use super::common::{costplan, json_line as line};
use rust_decimal::Decimal;

const BREADTH: &str = "scenarios/examples/breadth.toml";
const WHAT_IF: &str = "scenarios/examples/breadth-what-if.toml";

fn d(s: &str) -> Decimal {
    s.parse().unwrap()
}

fn run_ok(args: &[&str]) -> String {
    let out = costplan().args(args).output().unwrap();
    assert!(
        out.status.success(),
        "costplan {args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap()
}

fn estimate_json() -> serde_json::Value {
    serde_json::from_str(&run_ok(&["estimate", BREADTH, "--format", "json"])).unwrap()
}

#[test]
fn every_new_component_prices_as_quantity_times_unit_price() {
    let v = estimate_json();
    for l in v["line_items"].as_array().unwrap() {
        let n = |k: &str| l[k].as_str().unwrap().parse::<Decimal>().unwrap();
        assert_eq!(n("quantity") * n("unit_price_usd"), n("monthly_usd"), "{l}");
    }
    // Memcached: 3 nodes × 730 h at the cache.m4.large rate.
    assert_eq!(
        line(&v, "pages:", "nodes"),
        (d("2190"), d("0.156"), d("341.64"))
    );
    // Redis replication group: 2 shards × (1 + 1 replica) = 4 nodes × 730 h.
    assert_eq!(
        line(&v, "sessions:", "nodes (shards × (1 + replicas))"),
        (d("2920"), d("0.206"), d("601.52"))
    );
    // MySQL Multi-AZ gp3 at 500 GB: 12,000 IOPS included, 4,000 above at the Multi-AZ rate.
    assert_eq!(
        line(&v, "catalog:", "gp3 IOPS above baseline (Multi-AZ)"),
        (d("4000"), d("0.04"), d("160"))
    );
    // Aurora Standard: I/O requests per million.
    assert_eq!(
        line(&v, "orders:", "I/O requests (millions)"),
        (d("400"), d("0.2"), d("80"))
    );
    // ALB: 2 LCU per hour (active connections and processed bytes both at 2).
    assert_eq!(
        line(&v, "web:", "LCU-hours"),
        (d("1460"), d("0.008"), d("11.68"))
    );
    // NLB, billed per protocol: TCP 1.5 NLCU (processed bytes), TLS 0.5 NLCU (processed bytes).
    assert_eq!(
        line(&v, "feeds:", "NLCU-hours (TCP)"),
        (d("1095"), d("0.006"), d("6.57"))
    );
    assert_eq!(
        line(&v, "feeds:", "NLCU-hours (TLS)"),
        (d("365"), d("0.006"), d("2.19"))
    );
    // Inter-region transfer priced by destination: us-east-2 costs half of us-west-2.
    assert_eq!(
        line(&v, "inter-region", "out to us-east-2"),
        (d("1500"), d("0.01"), d("15"))
    );
    assert_eq!(
        line(&v, "inter-region", "out to us-west-2"),
        (d("300"), d("0.02"), d("6"))
    );
    // Vended logs in their first volume tier.
    assert_eq!(
        line(
            &v,
            "logs",
            "vended logs delivered to CloudWatch Logs (0–10,240 GB tier)"
        ),
        (d("400"), d("0.5"), d("200"))
    );
}

#[test]
fn every_format_shows_the_same_total() {
    let total = "3,088.64";
    for format in ["table", "markdown", "html"] {
        let out = run_ok(&["estimate", BREADTH, "--format", format]);
        assert!(out.contains(total), "{format} lacks the total {total}");
    }
    let csv = run_ok(&["estimate", BREADTH, "--format", "csv"]);
    assert!(csv.contains("3088.64"), "{csv}");
    assert_eq!(estimate_json()["total_monthly_usd"], "3088.6233");
}

#[test]
fn scenarios_address_each_resource_and_destination_by_name() {
    let out = run_ok(&["compare", BREADTH, WHAT_IF, "--format", "json"]);
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    let text = v.to_string();
    for name in [
        "single-AZ catalog",
        "two Aurora readers",
        "sessions without replicas",
        "twice the DR copy",
    ] {
        assert!(text.contains(name), "compare lacks {name}: {text}");
    }
    let table = run_ok(&["compare", BREADTH, WHAT_IF]);
    // One more reader: +730 h × $0.164; twice the DR copy: +1,500 GB × $0.01.
    assert!(table.contains("+119.72"), "{table}");
    assert!(table.contains("+15.00"), "{table}");
    // The Extended Support line keeps its identity when the vCPUs billed change.
    assert!(
        table.contains("(changed: 4 vCPU → 2 vCPU) -146.00"),
        "{table}"
    );
}

#[test]
fn sensitivity_ranks_per_destination_transfer_and_named_resources() {
    let out = run_ok(&["sensitivity", BREADTH]);
    for path in [
        "data_transfer.inter_region.us-east-2.gb",
        "data_transfer.inter_region.us-west-2.gb",
        "database.catalog.storage_gb",
        "cache.sessions.replicas_per_shard",
        "load_balancer.feeds.count",
    ] {
        assert!(out.contains(path), "sensitivity lacks {path}:\n{out}");
    }
}

#[test]
fn capacity_checks_the_example_and_says_which_resources_it_checked() {
    let out = costplan().args(["capacity", BREADTH]).output().unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "{stdout}\n{stderr}");
    assert!(
        stdout.contains("Cache cache.m4.large × 3 nodes"),
        "{stdout}"
    );
    assert!(
        stdout.contains("`catalog` carry no stated load"),
        "{stdout}"
    );
}

#[test]
fn diff_of_the_example_against_a_changed_copy_names_the_changed_lines() {
    let dir = tempfile::tempdir().unwrap();
    let text = std::fs::read_to_string(super::common::root().join(BREADTH)).unwrap();
    let head = text.replace("replicas_per_shard = 1", "replicas_per_shard = 2");
    assert_ne!(head, text);
    let head_path = dir.path().join("head.toml");
    std::fs::write(&head_path, head).unwrap();
    let out = run_ok(&[
        "diff",
        BREADTH,
        head_path.to_str().unwrap(),
        "--format",
        "markdown",
        "--allow-outside-paths",
    ]);
    // 2 more nodes × 730 h × $0.206.
    assert!(out.contains("300.76"), "{out}");
    assert!(out.contains("sessions"), "{out}");
}

#[test]
fn other_regions_name_the_prices_they_lack_and_the_command_that_fetches_them() {
    for region in ["us-east-2", "eu-west-1", "ap-northeast-1"] {
        let out = costplan()
            .args(["estimate", BREADTH, "--region", region])
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(3), "{region}");
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(
            stderr.contains(&format!("costplan pricing update --region {region}")),
            "{region}: {stderr}"
        );
        // Every missing price at once, not the first alone.
        assert!(
            stderr.contains("prices are not in the"),
            "{region}: {stderr}"
        );
        assert!(
            stderr.contains("`elasticache.node_hour.memcached.cache.m4.large`"),
            "{region}: {stderr}"
        );
    }
}
