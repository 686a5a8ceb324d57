//! CloudWatch cost lines against worked figures of cited prices, and the free tier.

use crate::estimate::{Estimate, price};
use crate::pricing::PriceCatalog;
use crate::source::SourceFile;
use rust_decimal::Decimal;

fn d(s: &str) -> Decimal {
    s.parse().unwrap()
}

fn try_est(body: &str) -> crate::Result<Estimate> {
    let catalog = PriceCatalog::bundled().unwrap();
    let text = format!("name = \"t\"\nregion = \"us-east-1\"\n[cloudwatch]\n{body}");
    let t = crate::topology::parse(&SourceFile::new("t.toml", text), &catalog)?;
    price(&t, catalog.table("us-east-1").unwrap())
}

fn lines(e: &Estimate) -> Vec<(String, Decimal, Decimal)> {
    e.line_items
        .iter()
        .map(|l| (l.component.clone(), l.quantity, l.monthly_usd))
        .collect()
}

fn total(e: &Estimate) -> Decimal {
    e.line_items.iter().map(|l| l.monthly_usd).sum()
}

/// infracost golden `cloudwatch_metric_alarm_test` (commit e9ce6290, 2024-07-01): a standard
/// alarm "1 alarm metrics $0.10", a high-resolution one "$0.30", a metric math expression of two
/// metrics "2 alarm metrics $0.20", a high-resolution anomaly detection alarm "3 alarms $0.90";
/// "OVERALL TOTAL $1.50".
#[test]
fn alarms_are_billed_per_alarm_metric() {
    let e = try_est(
        "alarms = 3\nhigh_resolution_alarms = 1\nhigh_resolution_anomaly_detection_alarms = 1\n",
    )
    .unwrap();
    let l = lines(&e);
    assert!(
        l.contains(&("standard resolution".into(), d("3"), d("0.30"))),
        "{l:?}"
    );
    assert!(
        l.contains(&("high resolution".into(), d("1"), d("0.30"))),
        "{l:?}"
    );
    assert!(
        l.contains(&(
            "anomaly detection, high resolution (3 alarm metrics each)".into(),
            d("3"),
            d("0.90")
        )),
        "{l:?}"
    );
    assert_eq!(total(&e), d("1.50"));
}

/// Vended logs to CloudWatch Logs: $0.50 a GB for the first 10 TB (10,240 GB = $5,120), then
/// $0.25 (aws-samples/sample-cfm-tips-mcp, 2025-11-21); to S3 $0.25 then $0.15.
#[test]
fn vended_logs_are_tiered() {
    let e = try_est("vended_logs_gb = 20000\nvended_logs_s3_gb = 100\n").unwrap();
    let l = lines(&e);
    assert!(
        l.contains(&(
            "vended logs delivered to CloudWatch Logs (0–10,240 GB tier)".into(),
            d("10240"),
            d("5120")
        )),
        "{l:?}"
    );
    assert!(
        l.contains(&(
            "vended logs delivered to CloudWatch Logs (10,240–30,720 GB tier)".into(),
            d("9760"),
            d("2440")
        )),
        "{l:?}"
    );
    assert!(
        l.contains(&(
            "vended logs delivered to S3 (0–10,240 GB tier)".into(),
            d("100"),
            d("25")
        )),
        "{l:?}"
    );
}

/// Composite alarms $0.50 each (aws-samples, 2026-01-16); metric streams $0.003 per 1,000
/// updates (nishinoshake/aws-rough #37): 4 composite = $2.00, 1,000,000 updates = $3.00.
#[test]
fn composite_alarms_and_metric_streams() {
    let e = try_est("composite_alarms = 4\nmetric_stream_updates = 1000000\n").unwrap();
    let l = lines(&e);
    assert!(l.contains(&("composite".into(), d("4"), d("2"))), "{l:?}");
    assert!(
        l.contains(&("metric stream updates".into(), d("1000000"), d("3"))),
        "{l:?}"
    );
}

/// With the free tier, each allowance is taken off its line and the line says so; without it
/// nothing is free.
#[test]
fn the_free_tier_reduces_quantities_and_says_what_was_free() {
    let usage = "logs_ingested_gb = 8\nlogs_stored_gb = 4\ncustom_metrics = 10\nalarms = 6\nanomaly_detection_alarms = 2\ndashboards = 5\napi_requests = 1500000\n";
    let paid = try_est(usage).unwrap();
    // 8 × 0.50 + 4 × 0.03 + 10 × 0.30 + (6 + 6) × 0.10 + 5 × 3 + 1.5M × 0.00001
    assert_eq!(total(&paid), d("38.32"));
    let free = try_est(&format!("{usage}free_tier = true\n")).unwrap();
    let l = lines(&free);
    assert!(
        l.contains(&(
            "ingestion (Standard), after 5 GB free (free tier)".into(),
            d("3"),
            d("1.5")
        )),
        "{l:?}"
    );
    // storage and custom metrics are wholly free: no line
    assert!(
        !l.iter()
            .any(|x| x.0.starts_with("storage") || x.0.starts_with("custom")),
        "{l:?}"
    );
    // 10 free alarm metrics: the 6 plain ones, then 4 of the 6 anomaly detection metrics
    assert!(
        l.contains(&(
            "anomaly detection, standard resolution (3 alarm metrics each), after 4 alarm metrics free (free tier)".into(),
            d("2"),
            d("0.2")
        )),
        "{l:?}"
    );
    assert!(
        l.contains(&(
            "dashboards, after 3 dashboards free (free tier)".into(),
            d("2"),
            d("6")
        )),
        "{l:?}"
    );
    assert!(
        l.contains(&(
            "requests, after 1,000,000 requests free (free tier)".into(),
            d("500000"),
            d("5")
        )),
        "{l:?}"
    );
    assert_eq!(total(&free), d("12.70"));
}

#[test]
fn free_tier_is_written_true_or_false() {
    assert!(try_est("free_tier = false\nalarms = 1\n").is_ok());
    let e = try_est("free_tier = 1\n").err().unwrap().to_string();
    assert!(e.contains("t.toml:4:"), "{e}");
    assert!(e.contains("bool"), "{e}");
}
