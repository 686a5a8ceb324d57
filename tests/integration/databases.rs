//! The database example (`scenarios/examples/databases.toml`): every engine priced line by line
//! through `estimate --format json`, and accepted by capacity, compare-free commands and formats.

use super::common::{costplan, json_line as find};
use rust_decimal::Decimal;

fn d(s: &str) -> Decimal {
    s.parse().unwrap()
}

fn estimate_json() -> serde_json::Value {
    let out = costplan()
        .args([
            "estimate",
            "scenarios/examples/databases.toml",
            "--format",
            "json",
        ])
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).unwrap()
}

#[test]
fn every_engine_prices_line_by_line_in_json() {
    let v = estimate_json();
    // Aurora PostgreSQL cluster: writer + reader at $0.164 (infracost golden $119.72 each), storage,
    // I/O, backup and Extended Support year 1-2 for 4 vCPU.
    assert_eq!(
        find(&v, "orders:", "writer instance (Aurora Standard)"),
        (d("730"), d("0.164"), d("119.72"))
    );
    assert_eq!(
        find(&v, "orders:", "reader 1 db.t3.large (Aurora Standard)"),
        (d("730"), d("0.164"), d("119.72"))
    );
    assert_eq!(
        find(&v, "orders:", "I/O requests (millions)"),
        (d("150"), d("0.20"), d("30.00"))
    );
    assert_eq!(
        find(
            &v,
            "orders:",
            "Extended Support aurora-postgresql 12, year 1-2 (4 vCPU)"
        ),
        (d("2920"), d("0.10"), d("292.00"))
    );
    // MySQL Multi-AZ gp3 with IOPS above the 12,000 included at 400 GB (infracost gp3["multi_az"]).
    assert_eq!(
        find(&v, "shop:", "instance (Multi-AZ)"),
        (d("730"), d("0.065"), d("47.45"))
    );
    assert_eq!(
        find(&v, "shop:", "gp3 IOPS above baseline (Multi-AZ)"),
        (d("2000"), d("0.04"), d("80.00"))
    );
    assert_eq!(
        find(&v, "audit:", "io2 provisioned IOPS (Single-AZ)"),
        (d("3000"), d("0.10"), d("300.00"))
    );
    assert_eq!(
        find(
            &v,
            "legacy:",
            "Extended Support postgres 11, year 3 (2 vCPU)"
        ),
        (d("1460"), d("0.20"), d("292.00"))
    );
    assert_eq!(
        find(&v, "catalog:", "magnetic I/O requests (millions)"),
        (d("20"), d("0.10"), d("2.00"))
    );
    assert_eq!(
        find(&v, "ledger:", "Backtrack change records (millions)"),
        (d("100"), d("0.012"), d("1.20"))
    );
    let rds = v["groups"]
        .as_array()
        .unwrap()
        .iter()
        .find(|g| g["group"] == "rds")
        .unwrap();
    assert_eq!(
        rds["monthly_usd"]
            .as_str()
            .unwrap()
            .parse::<Decimal>()
            .unwrap(),
        d("2046.97"),
        "{rds}"
    );
    let warnings = v["warnings"].to_string();
    assert!(warnings.contains("postgres 11.22 is past the end of standard support"));
}

#[test]
fn capacity_and_every_format_accept_the_example() {
    for format in ["table", "markdown", "csv", "html", "json"] {
        let out = costplan()
            .args([
                "estimate",
                "scenarios/examples/databases.toml",
                "--format",
                format,
            ])
            .output()
            .unwrap();
        assert!(out.status.success(), "{format}");
    }
    let out = costplan()
        .args(["capacity", "scenarios/examples/databases.toml"])
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let text = String::from_utf8_lossy(&out.stdout);
    // The first database is Aurora PostgreSQL: PostgreSQL's formula.
    assert!(
        text.contains("LEAST(90% of memory / 9531392, 5000)"),
        "{text}"
    );
}
