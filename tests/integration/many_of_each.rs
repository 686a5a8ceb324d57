//! Many of each: `[[database]]`, `[[cache]]` and `[[load_balancer]]` with names, the old
//! single-table form, names in lines, scenario paths, sweeps and diffs, and the errors.

use super::common::{costplan, root};
use costplan::pricing::PriceCatalog;
use costplan::source::SourceFile;

/// The baseline with its single `[database]`, `[cache]` and `[load_balancer]` replaced by two
/// named tables of each.
fn two_of_each() -> String {
    let base = std::fs::read_to_string(root().join("scenarios/baseline.toml")).unwrap();
    let cut = |s: &str, from: &str, to: &str| {
        let a = s.find(from).unwrap();
        let b = a + s[a..].find(to).unwrap();
        format!("{}{}", &s[..a], &s[b..])
    };
    let base = cut(&base, "\n[[database]]", "\n[nat]");
    base + r#"
[[database]]
name = "orders"
engine = "postgres"
instance_class = "db.t3.medium"
deployment = "multi-az"
storage_gb = 100

[[database]]
name = "reports"
engine = "postgres"
instance_class = "db.t4g.micro"
storage_gb = 20

[[cache]]
name = "sessions"
engine = "redis"
node_type = "cache.t3.micro"
nodes = 2

[[cache]]
name = "pages"
engine = "valkey"
node_type = "cache.t4g.small"
nodes = 1

[[load_balancer]]
name = "public"
processed_gb_per_hour = 0.15

[[load_balancer]]
name = "internal"
new_connections_per_second = 50
"#
}

fn estimate_json(dir: &std::path::Path, file: &str) -> serde_json::Value {
    let out = costplan()
        .args(["estimate", "--format", "json"])
        .arg(dir.join(file))
        .assert()
        .success()
        .get_output()
        .stdout
        .clone();
    serde_json::from_slice(&out).unwrap()
}

fn lines_of<'a>(v: &'a serde_json::Value, resource_prefix: &str) -> Vec<&'a serde_json::Value> {
    v["line_items"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|l| l["resource"].as_str().unwrap().starts_with(resource_prefix))
        .collect()
}

#[test]
fn each_named_table_is_priced_on_lines_of_its_own() {
    let d = tempfile::tempdir().unwrap();
    std::fs::write(d.path().join("t.toml"), two_of_each()).unwrap();
    let v = estimate_json(d.path(), "t.toml");
    let orders = lines_of(&v, "orders: postgres db.t3.medium");
    let reports = lines_of(&v, "reports: postgres db.t4g.micro");
    assert!(!orders.is_empty() && !reports.is_empty(), "{v:#}");
    // db.t4g.micro Single-AZ: 730 h × the table's price, on its own line.
    let instance = reports
        .iter()
        .find(|l| l["component"].as_str().unwrap().starts_with("instance"))
        .unwrap();
    assert_eq!(instance["quantity"], "730");
    assert_eq!(
        instance["price_key"],
        "rds.instance_hour.postgres.single_az.db.t4g.micro"
    );
    let nodes = |prefix: &str| {
        lines_of(&v, prefix)
            .into_iter()
            .find(|l| l["component"] == "nodes")
            .map(|l| l["quantity"].as_str().unwrap().to_string())
    };
    assert_eq!(
        nodes("sessions: redis cache.t3.micro").as_deref(),
        Some("1460")
    );
    assert_eq!(
        nodes("pages: valkey cache.t4g.small").as_deref(),
        Some("730")
    );
    assert_eq!(lines_of(&v, "public: alb").len(), 2);
    assert_eq!(lines_of(&v, "internal: alb").len(), 2);
    // 50 new connections/s = 2 LCU on the internal balancer.
    let lcu = lines_of(&v, "internal: alb")
        .into_iter()
        .find(|l| l["component"] == "LCU-hours")
        .unwrap();
    assert_eq!(lcu["quantity"], "1460");
}

#[test]
fn the_old_single_table_form_still_reads_as_one_unnamed_resource() {
    let catalog = PriceCatalog::bundled().unwrap();
    let text = std::fs::read_to_string(root().join("scenarios/baseline.toml")).unwrap();
    assert!(text.contains("\n[database]\n") || text.contains("\n[[database]]\n"));
    let single = text
        .replace("\n[[database]]\n", "\n[database]\n")
        .replace("\n[[cache]]\n", "\n[cache]\n")
        .replace("\n[[load_balancer]]", "\n[load_balancer]");
    let many = single
        .replace("\n[database]\n", "\n[[database]]\n")
        .replace("\n[cache]\n", "\n[[cache]]\n")
        .replace("\n[load_balancer]", "\n[[load_balancer]]");
    let a = costplan::topology::parse(&SourceFile::new("a.toml", single), &catalog).unwrap();
    let b = costplan::topology::parse(&SourceFile::new("b.toml", many), &catalog).unwrap();
    assert_eq!(a.databases.len(), 1);
    assert_eq!(a.databases[0].name, None);
    assert_eq!(a, b);
    let table = catalog.table("us-east-1").unwrap();
    let ea = costplan::estimate(&a, table).unwrap();
    let eb = costplan::estimate(&b, table).unwrap();
    assert_eq!(ea.total_monthly_usd, eb.total_monthly_usd);
}

fn fails(text: &str, needles: &[&str]) {
    let d = tempfile::tempdir().unwrap();
    std::fs::write(d.path().join("t.toml"), text).unwrap();
    let out = costplan()
        .arg("estimate")
        .arg(d.path().join("t.toml"))
        .assert()
        .code(2)
        .get_output()
        .stderr
        .clone();
    let err = String::from_utf8(out).unwrap();
    for n in needles {
        assert!(err.contains(n), "expected {n:?} in:\n{err}");
    }
}

#[test]
fn several_tables_need_a_name_each_and_names_are_unique() {
    let t = two_of_each().replace("name = \"reports\"\n", "");
    fails(
        &t,
        &[
            "this `[[database]]` has no `name`, and the topology has 2 of them",
            "add `name = \"...\"`",
        ],
    );
    let t = two_of_each().replace("name = \"pages\"", "name = \"sessions\"");
    fails(&t, &["cache `sessions` is declared twice"]);
    // Both problems, and one in another section, in one run.
    let t = two_of_each()
        .replace("name = \"reports\"\n", "")
        .replace("name = \"pages\"", "name = \"sessions\"")
        .replace("name = \"internal\"", "name = \"\"");
    fails(
        &t,
        &[
            "has no `name`",
            "declared twice",
            "`name` must not be empty",
        ],
    );
}

#[test]
fn scenario_paths_address_a_table_by_name() {
    let d = tempfile::tempdir().unwrap();
    std::fs::write(d.path().join("t.toml"), two_of_each()).unwrap();
    std::fs::write(
        d.path().join("s.toml"),
        r#"base = "t.toml"
[[scenario]]
name = "bigger reports"
[scenario.set]
"database.reports.instance_class" = "db.t4g.medium"
[scenario.scale]
"cache.*.nodes" = 2
"#,
    )
    .unwrap();
    let out = costplan()
        .args(["compare", "--format", "json"])
        .arg(d.path().join("t.toml"))
        .arg(d.path().join("s.toml"))
        .assert()
        .success()
        .get_output()
        .stdout
        .clone();
    let text = String::from_utf8(out).unwrap();
    assert!(text.contains("db.t4g.medium"), "{text}");
    // `database.instance_class` is ambiguous with two databases: the error lists the names.
    std::fs::write(
        d.path().join("s.toml"),
        r#"base = "t.toml"
[[scenario]]
name = "ambiguous"
[scenario.set]
"database.instance_class" = "db.t4g.medium"
"#,
    )
    .unwrap();
    let out = costplan()
        .arg("compare")
        .arg(d.path().join("t.toml"))
        .arg(d.path().join("s.toml"))
        .assert()
        .code(2)
        .get_output()
        .stderr
        .clone();
    let err = String::from_utf8(out).unwrap();
    assert!(
        err.contains("`database.orders.instance_class`")
            && err.contains("`database.reports.instance_class`"),
        "{err}"
    );
}

#[test]
fn a_single_named_table_answers_to_the_short_path_too() {
    let base = std::fs::read_to_string(root().join("scenarios/baseline.toml")).unwrap();
    let named = base.replacen(
        "engine = \"postgres\"",
        "name = \"main\"\nengine = \"postgres\"",
        1,
    );
    let d = tempfile::tempdir().unwrap();
    std::fs::write(d.path().join("t.toml"), named).unwrap();
    for path in [
        "database.storage_gb",
        "database.main.storage_gb",
        "database.*.storage_gb",
    ] {
        let out = costplan()
            .args(["sweep"])
            .arg(d.path().join("t.toml"))
            .arg("--set")
            .arg(format!("{path}=100..200:100"))
            .args(["--format", "csv"])
            .assert()
            .success()
            .get_output()
            .stdout
            .clone();
        let text = String::from_utf8(out).unwrap();
        assert!(text.contains("200"), "{path}: {text}");
    }
}

#[test]
fn diff_tells_two_databases_apart_by_name() {
    let d = tempfile::tempdir().unwrap();
    std::fs::write(d.path().join("a.toml"), two_of_each()).unwrap();
    std::fs::write(
        d.path().join("b.toml"),
        two_of_each().replace("db.t4g.micro", "db.t4g.small"),
    )
    .unwrap();
    let out = costplan()
        .args(["diff", "--format", "json"])
        .arg(d.path().join("a.toml"))
        .arg(d.path().join("b.toml"))
        .assert()
        .success()
        .get_output()
        .stdout
        .clone();
    let v: serde_json::Value = serde_json::from_slice(&out).unwrap();
    let changed: Vec<&serde_json::Value> = v["lines"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|l| l["change"] != "unchanged")
        .collect();
    assert_eq!(changed.len(), 1, "{changed:#?}");
    assert!(
        changed[0]["resource"]
            .as_str()
            .unwrap()
            .starts_with("reports:"),
        "{changed:#?}"
    );
}
