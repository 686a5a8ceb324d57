//! The perturbed-baseline bills (`tests/fixtures/bills/perturbed/`, written by
//! `tests/bills/make_perturbed.py`): the seed billed at its estimated usage, then a price change,
//! 40% more NAT traffic, an unestimated S3 bucket, a credit, an RI fee and tax, in CUR 2.0 CSV,
//! gzip and Parquet, legacy CUR CSV, FOCUS 1.2 and Cost Explorer JSON. Every file gives the same
//! variance report, and its figures are the ones `expected.json` works out by hand; and
//! `actual --emit-sql` writes the aggregation query the large-account route runs.

use crate::common::costplan;
use serde_json::Value;

const DIR: &str = "tests/fixtures/bills/perturbed";
const BASELINE: &str = "scenarios/baseline.toml";
/// The files matched line by line (they carry usage types).
const FINE: &[&str] = &[
    "perturbed-cur2.csv",
    "perturbed-cur2.csv.gz",
    "perturbed-cur2.parquet",
    "perturbed-legacy-cur.csv",
    "perturbed-focus-1.2.csv",
];

fn expected() -> Value {
    let text = std::fs::read_to_string(format!("{DIR}/expected.json")).unwrap();
    serde_json::from_str(&text).unwrap()
}

fn report(file: &str, format: &str) -> std::process::Output {
    let out = costplan()
        .args(["actual", BASELINE, "--bill", &format!("{DIR}/{file}")])
        .args(["--format", format])
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{file}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    out
}

fn json(file: &str) -> Value {
    serde_json::from_slice(&report(file, "json").stdout).unwrap()
}

fn decimal(v: &Value) -> rust_decimal::Decimal {
    v.as_str()
        .unwrap_or_else(|| panic!("not a decimal string: {v}"))
        .parse()
        .unwrap()
}

/// The top-level figures `expected.json` worked out by hand for `precision`, each equal (as a
/// decimal) to the report's.
fn assert_expected_figures(file: &str, got: &Value, precision: &str) {
    let want = &expected()["actual_report"][precision];
    let want = want.as_object().unwrap();
    assert!(!want.is_empty());
    for (key, value) in want {
        let field = match key.as_str() {
            "usage_variance_within_services_usd" => "unsplit_variance_usd",
            other => other,
        };
        assert_eq!(
            decimal(&got[field]),
            decimal(value),
            "{file}: {field} differs from the hand-worked figure"
        );
    }
    assert_eq!(got["precision"], precision, "{file}");
}

#[test]
fn every_fine_grained_perturbed_bill_gives_the_hand_worked_variances() {
    for file in FINE {
        let got = json(file);
        assert_expected_figures(file, &got, "usage_type");
        // each perturbation lands in its category, with its amount
        let charge = |kind: &str| {
            got["charges"]
                .as_array()
                .unwrap()
                .iter()
                .find(|c| c["kind"] == kind)
                .map(|c| decimal(&c["billed_usd"]))
                .unwrap_or_else(|| panic!("{file}: no {kind} charge"))
        };
        assert_eq!(charge("credit"), "-25".parse().unwrap(), "{file}");
        assert_eq!(charge("tax"), "32".parse().unwrap(), "{file}");
        assert_eq!(charge("RI fee"), "18.98".parse().unwrap(), "{file}");
        let not_in: Vec<&str> = got["not_in_topology"]
            .as_array()
            .unwrap()
            .iter()
            .map(|r| r["service"].as_str().unwrap())
            .collect();
        assert!(
            !not_in.is_empty() && not_in.iter().all(|s| *s == "AmazonS3"),
            "{file}: {not_in:?}"
        );
        let rows = got["rows"].as_array().unwrap();
        let nat = rows
            .iter()
            .find(|r| r.to_string().contains("NatGateway-Bytes"))
            .unwrap_or_else(|| panic!("{file}: no NAT bytes row"));
        assert_eq!(decimal(&nat["split"]["usage_usd"]), "1.8".parse().unwrap());
        assert_eq!(decimal(&nat["split"]["price_usd"]), "0".parse().unwrap());
        let cache = rows
            .iter()
            .find(|r| r.to_string().contains("NodeUsage:cache.t3.micro"))
            .unwrap_or_else(|| panic!("{file}: no ElastiCache row"));
        assert_eq!(
            decimal(&cache["split"]["price_usd"]),
            "1.46".parse().unwrap()
        );
        assert_eq!(decimal(&cache["split"]["usage_usd"]), "0".parse().unwrap());
    }
}

/// The reports of the fine-grained files are the same report: every format, once the lines that
/// name the bill file and its format are left out.
#[test]
fn every_fine_grained_perturbed_bill_gives_the_same_report_in_every_format() {
    for format in ["table", "csv", "markdown", "json"] {
        let strip = |file: &str| -> String {
            let text = String::from_utf8(report(file, format).stdout).unwrap();
            if format == "json" {
                let mut v: Value = serde_json::from_str(&text).unwrap();
                v.as_object_mut().unwrap().remove("bill");
                return v.to_string();
            }
            text.lines()
                .filter(|l| {
                    !l.contains("perturbed-")
                        && !["(CSV", "(Parquet", "gzip"].iter().any(|f| l.contains(f))
                })
                .collect::<Vec<_>>()
                .join("\n")
        };
        let first = strip(FINE[0]);
        assert!(first.contains("41.74"), "{format}: {first}");
        for file in &FINE[1..] {
            let other = strip(file);
            // operations are absent from some formats' lines (FOCUS 1.2 keeps x_Operation, the
            // legacy CUR its own), so compare what the variance report says, not the raw labels
            if format == "json" {
                let (a, b): (Value, Value) = (
                    serde_json::from_str(&first).unwrap(),
                    serde_json::from_str(&other).unwrap(),
                );
                for key in [
                    "billed_total_usd",
                    "billed_usage_usd",
                    "estimated_total_usd",
                    "variance_usd",
                    "variance_percent",
                    "price_effect_usd",
                    "usage_effect_usd",
                    "not_in_topology_usd",
                    "charges_usd",
                    "rows",
                    "estimate_rows_without_bill_line",
                ] {
                    assert_eq!(a[key], b[key], "{file} vs {}: {key}", FINE[0]);
                }
            } else {
                assert_eq!(first, other, "{format}: {file} vs {}", FINE[0]);
            }
        }
    }
}

#[test]
fn the_cost_explorer_perturbed_bill_is_matched_by_service_with_the_same_total_variance() {
    let file = "perturbed-cost-explorer.json";
    let got = json(file);
    assert_expected_figures(file, &got, "service");
    // no split is pretended at service precision
    assert_eq!(decimal(&got["price_effect_usd"]), "0".parse().unwrap());
    assert_eq!(decimal(&got["usage_effect_usd"]), "0".parse().unwrap());
    let table = String::from_utf8(report(file, "table").stdout).unwrap();
    assert!(table.contains("matched by service"), "{table}");
}

#[test]
fn emit_sql_prints_the_aggregation_query_for_each_dialect_with_its_filters() {
    for (dialect, table_ref, tag) in [
        (
            "athena",
            "\"cur_db\".\"cur2\"",
            "element_at(resource_tags, 'user_Project') = 'orders'",
        ),
        (
            "spark",
            "`cur_db`.`cur2`",
            "resource_tags['user_Project'] = 'orders'",
        ),
        (
            "duckdb",
            "\"cur_db\".\"cur2\"",
            "resource_tags['user_Project'] = 'orders'",
        ),
    ] {
        let out = costplan()
            .args(["actual", "--emit-sql", dialect, "--table", "cur_db.cur2"])
            .args(["--month", "2026-11", "--tag", "Project=orders"])
            .output()
            .unwrap();
        assert!(out.status.success(), "{dialect}: {out:?}");
        let sql = String::from_utf8(out.stdout).unwrap();
        for column in costplan::bill::sql::RESULT_COLUMNS {
            assert!(sql.contains(column), "{dialect}: no {column}:\n{sql}");
        }
        assert!(sql.contains(table_ref), "{dialect}:\n{sql}");
        assert!(sql.contains(tag), "{dialect}:\n{sql}");
        assert!(sql.contains("2026-11-01"), "{dialect}:\n{sql}");
        assert!(sql.contains("GROUP BY"), "{dialect}:\n{sql}");
    }
    let legacy = costplan()
        .args(["actual", "--emit-sql", "athena", "--schema", "legacy"])
        .output()
        .unwrap();
    assert!(legacy.status.success());
    assert!(String::from_utf8_lossy(&legacy.stdout).contains("product_region AS region"));
    // a dialect costplan does not write, and a query asked together with a bill: usage errors
    for args in [
        vec!["actual", "--emit-sql", "oracle"],
        vec!["actual", "--emit-sql", "duckdb", "--bill", "x.csv"],
        vec!["actual", "--emit-sql", "athena", "--table", "a;drop"],
        vec!["actual", BASELINE],
    ] {
        let out = costplan().args(&args).output().unwrap();
        assert_eq!(out.status.code(), Some(2), "{args:?}: {out:?}");
    }
}
