//! ElastiCache through the CLI: every engine and mode of `scenarios/caches.toml` compared against
//! the baseline, and a replication group and a serverless cache in the JSON estimate, each line
//! the worked figure of its cited unit price.

use assert_cmd::Command;
use rust_decimal::Decimal;
use std::path::PathBuf;

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn d(s: &str) -> Decimal {
    s.parse().expect("decimal")
}

fn json(args: &[&str]) -> serde_json::Value {
    let out = Command::cargo_bin("costplan")
        .expect("binary built")
        .current_dir(root())
        .args(args)
        .assert()
        .success()
        .get_output()
        .stdout
        .clone();
    serde_json::from_slice(&out).expect("json")
}

fn dec(v: &serde_json::Value) -> Decimal {
    d(v.as_str()
        .unwrap_or_else(|| panic!("a decimal string, found {v}")))
}

/// The baseline with its `[[cache]]` table replaced by `cache`, written to a temporary directory.
fn baseline_with_cache(cache: &str) -> (tempfile::TempDir, PathBuf) {
    let text = std::fs::read_to_string(root().join("scenarios/baseline.toml")).expect("baseline");
    let start = text.find("[[cache]]").expect("a [[cache]] table");
    let end = start + text[start..].find("\n[").expect("a table after [[cache]]") + 1;
    let out = format!("{}[[cache]]\n{cache}\n{}", &text[..start], &text[end..]);
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("t.toml");
    std::fs::write(&path, out).expect("write");
    (dir, path)
}

#[test]
fn every_engine_and_mode_compares_with_its_worked_delta() {
    let v = json(&[
        "compare",
        "scenarios/baseline.toml",
        "scenarios/caches.toml",
        "-f",
        "json",
    ]);
    let rows = v["scenarios"].as_array().expect("rows");
    let delta = |name: &str| {
        let row = rows
            .iter()
            .find(|r| r["name"] == name)
            .unwrap_or_else(|| panic!("no scenario {name:?} in {rows:#?}"));
        dec(&row["delta_usd"])
    };
    // the baseline's cache: 2 × cache.t3.micro Redis OSS, 1,460 h × $0.017 = $24.82
    let base = d("24.82");
    // 2 × 730 h × $0.156 (infracost memcached golden: 1,460 hours $227.76)
    assert_eq!(delta("Memcached cluster"), d("227.76") - base);
    // 2 shards × (1 + 1) × 730 h × $0.206 + 20 GB × $0.085
    assert_eq!(
        delta("Redis replication group"),
        d("601.52") + d("1.70") - base
    );
    // 1 × (1 + 2) × 730 h × $0.0256
    assert_eq!(delta("Valkey replication group"), d("56.064") - base);
    // 2 GB × 730 h × $0.125 + 500 M ECPUs × $0.0034
    assert_eq!(delta("Redis Serverless"), d("182.50") + d("1.70") - base);
    // 2 GB × 730 h × $0.084 + 500 M ECPUs × $0.0023
    assert_eq!(delta("Valkey Serverless"), d("122.64") + d("1.15") - base);
    // 0.5 GB is metered as the 1 GB minimum: 730 h × $0.125 + 500 M × $0.0034
    assert_eq!(delta("Memcached Serverless"), d("91.25") + d("1.70") - base);
}

#[test]
fn json_estimate_lines_of_a_replication_group_and_a_serverless_cache() {
    let (_dir, path) = baseline_with_cache(
        "engine = \"redis\"\nnode_type = \"cache.m4.large\"\nshards = 4\nreplicas_per_shard = 3\nsnapshot_storage_gb = 100\n",
    );
    let path = path.to_str().expect("utf-8 path");
    let v = json(&["estimate", path, "--allow-outside-paths", "-f", "json"]);
    let lines: Vec<&serde_json::Value> = v["line_items"]
        .as_array()
        .expect("lines")
        .iter()
        .filter(|l| l["group"] == "elasticache")
        .collect();
    assert_eq!(lines.len(), 2, "{lines:#?}");
    // infracost elasticache_replication_group_test: "cache.m4.large 11,680 hours $1,822.08"
    assert_eq!(
        lines[0]["price_key"],
        "elasticache.node_hour.redis.cache.m4.large"
    );
    assert_eq!(lines[0]["component"], "nodes (shards × (1 + replicas))");
    assert_eq!(dec(&lines[0]["quantity"]), d("11680"));
    assert_eq!(dec(&lines[0]["unit_price_usd"]), d("0.156"));
    assert_eq!(dec(&lines[0]["monthly_usd"]), d("1822.08"));
    assert_eq!(lines[1]["price_key"], "elasticache.backup_storage_gb_month");
    assert_eq!(dec(&lines[1]["monthly_usd"]), d("8.50"));

    let (_dir, path) = baseline_with_cache(
        "engine = \"valkey\"\nmode = \"serverless\"\ndata_stored_gb = 0.05\necpu_millions = 250\n",
    );
    let path = path.to_str().expect("utf-8 path");
    let v = json(&["estimate", path, "--allow-outside-paths", "-f", "json"]);
    let lines: Vec<&serde_json::Value> = v["line_items"]
        .as_array()
        .expect("lines")
        .iter()
        .filter(|l| l["group"] == "elasticache")
        .collect();
    // Valkey's 100 MB minimum: 0.1 GB × 730 h × $0.084; 250 M ECPUs × $0.0023
    assert_eq!(
        lines[0]["price_key"],
        "elasticache.serverless_data_gb_hour.valkey"
    );
    assert_eq!(dec(&lines[0]["quantity"]), d("73"));
    assert_eq!(dec(&lines[0]["monthly_usd"]), d("6.132"));
    assert_eq!(
        lines[1]["price_key"],
        "elasticache.serverless_ecpu_million.valkey"
    );
    assert_eq!(dec(&lines[1]["monthly_usd"]), d("0.575"));
}

#[test]
fn a_topology_with_every_engine_and_mode_prices_line_by_line() {
    let v = json(&["estimate", "scenarios/caches-topology.toml", "-f", "json"]);
    let lines: Vec<(String, String, Decimal)> = v["line_items"]
        .as_array()
        .expect("lines")
        .iter()
        .map(|l| {
            (
                l["resource"].as_str().expect("resource").to_string(),
                l["component"].as_str().expect("component").to_string(),
                dec(&l["monthly_usd"]),
            )
        })
        .collect();
    let want = [
        // 2 × 730 h × $0.156 (infracost memcached golden: 1,460 hours $227.76)
        ("pages: memcached cache.m4.large", "nodes", d("227.76")),
        // 3 × (1 + 2) × 730 h × $0.206; 50 GB × $0.085
        (
            "sessions: redis cache.r6g.large",
            "nodes (shards × (1 + replicas))",
            d("1353.42"),
        ),
        (
            "sessions: redis cache.r6g.large",
            "snapshot storage",
            d("4.25"),
        ),
        // 2 × 730 h × $0.0256
        ("rates: valkey cache.t4g.small", "nodes", d("37.376")),
        // 0.5 GB × 730 h × $0.084; 2,000 M × $0.0023
        (
            "feature-flags: valkey serverless",
            "data stored",
            d("30.66"),
        ),
        ("feature-flags: valkey serverless", "ECPUs", d("4.6")),
        // 0.2 GB metered as 1 GB: 730 h × $0.125; 10 M × $0.0034
        ("locks: redis serverless", "data stored", d("91.25")),
        ("locks: redis serverless", "ECPUs", d("0.034")),
    ];
    let want: Vec<(String, String, Decimal)> = want
        .iter()
        .map(|(r, c, m)| (r.to_string(), c.to_string(), *m))
        .collect();
    assert_eq!(lines, want);
    for format in ["table", "csv", "markdown", "html"] {
        Command::cargo_bin("costplan")
            .expect("binary built")
            .current_dir(root())
            .args(["estimate", "scenarios/caches-topology.toml", "-f", format])
            .assert()
            .success();
    }
    let c = json(&["capacity", "scenarios/caches-topology.toml", "-f", "json"]);
    let cache = &c["cache"];
    assert_eq!(cache["node_type"], "cache.m4.large");
    assert_eq!(cache["shards"], 2);
    assert_eq!(cache["status"], "ok");
}
