//! Real AWS bills (`../shared/fixtures/bills`, beside the repository; `COSTPLAN_SHARED_BILLS`
//! names another folder): each is read by `costplan::bill`, and its month totals, usage totals,
//! line counts and per-service totals must equal those of `tests/bills/expected.json`, which
//! `tests/bills/expected.py` computes independently (Python csv, decimal, json, pyarrow).

use super::common::root;
use costplan::bill::{self, BillFormat};
use rust_decimal::Decimal;
use serde_json::Value;
use std::path::PathBuf;

pub fn bills_dir() -> PathBuf {
    match std::env::var_os("COSTPLAN_SHARED_BILLS") {
        Some(dir) => PathBuf::from(dir),
        None => root().join("../shared/fixtures/bills"),
    }
}

fn amount(v: &Value) -> Decimal {
    bill::parse_amount(v.as_str().expect("amount as text")).expect("an amount")
}

#[test]
fn fixture_totals_match_an_independent_sum() {
    let dir = bills_dir();
    if !dir.is_dir() {
        eprintln!(
            "skipped: {} is not there (set COSTPLAN_SHARED_BILLS to the fixture folder)",
            dir.display()
        );
        return;
    }
    let expected: Value = serde_json::from_str(
        &std::fs::read_to_string(root().join("tests/bills/expected.json")).unwrap(),
    )
    .unwrap();
    let expected = expected.as_object().unwrap();
    assert_eq!(expected.len(), 10, "ten fixture bills expected");
    for (name, want) in expected {
        let path = dir.join(name);
        let got = bill::totals(&path).unwrap_or_else(|e| panic!("{name}: {e}"));
        let format = format!("{:?}", got.info.format);
        assert_eq!(format, want["format"].as_str().unwrap(), "{name}: format");
        assert_eq!(got.info.gzip, name.ends_with(".gz"), "{name}: gzip");
        let want_months = want["months"].as_object().unwrap();
        assert_eq!(
            got.months.keys().collect::<Vec<_>>(),
            want_months.keys().collect::<Vec<_>>(),
            "{name}: months"
        );
        for (month, w) in want_months {
            let g = &got.months[month];
            assert_eq!(g.total, amount(&w["total_usd"]), "{name} {month}: total");
            assert_eq!(g.usage, amount(&w["usage_usd"]), "{name} {month}: usage");
            assert_eq!(
                g.lines,
                w["lines"].as_u64().unwrap(),
                "{name} {month}: lines"
            );
            assert_eq!(g.currency, "USD", "{name} {month}: currency");
            let ws = w["services"].as_object().unwrap();
            assert_eq!(
                g.by_service.keys().collect::<Vec<_>>(),
                ws.keys().collect::<Vec<_>>(),
                "{name} {month}: services"
            );
            for (service, v) in ws {
                assert_eq!(
                    g.by_service[service],
                    amount(v),
                    "{name} {month}: service {service}"
                );
            }
        }
    }
}

#[test]
fn fixture_quirks_survive_reading() {
    let dir = bills_dir();
    if !dir.is_dir() {
        eprintln!("skipped: {} is not there", dir.display());
        return;
    }
    // Leading-zero account ids of the Parquet CUR stay text.
    let mut accounts = std::collections::BTreeSet::new();
    let info = bill::read_bill(
        &dir.join("legacy-cur-workshop-2018-10.snappy.parquet"),
        &mut |r| {
            accounts.insert(r.account.clone().unwrap_or_default());
            Ok(())
        },
    )
    .unwrap();
    assert_eq!(info.format, BillFormat::LegacyCurParquet);
    assert!(accounts.contains("011254002932"), "{accounts:?}");
    // FOCUS without x_ columns is only as fine as ServiceName; its JSON tags are read; a credit is negative.
    let (mut tagged, mut credits) = (0, Decimal::ZERO);
    let info = bill::read_bill(&dir.join("focus-1.0-aws-sample-2024-09.csv"), &mut |r| {
        tagged += usize::from(!r.tags.is_empty());
        if r.line_item_type == bill::LineItemType::Credit {
            credits += r.unblended_cost;
        }
        Ok(())
    })
    .unwrap();
    assert_eq!(info.granularity, bill::Granularity::Service);
    assert!(tagged > 0);
    assert!(credits < Decimal::ZERO, "{credits}");
    // Cost Explorer: the boto3 response's February is Estimated; the tax is a Tax line.
    let t = bill::totals(&dir.join("ce-boto3-monthly-by-service-2025-01-to-02.json")).unwrap();
    assert!(t.months["2025-02"].estimated && !t.months["2025-01"].estimated);
    let t = bill::totals(&dir.join("ce-daily-by-service-2024-02-to-04.json")).unwrap();
    let march = &t.months["2024-03"];
    assert_eq!(march.total - march.usage, march.by_service["Tax"]);
    // Legacy CUR CSV: lines by usage type.
    let info =
        bill::read_bill(&dir.join("legacy-cur-anon-2023-11.csv.gz"), &mut |_| Ok(())).unwrap();
    assert_eq!(info.granularity, bill::Granularity::UsageType);
    assert!(info.gzip);
}

fn own(name: &str) -> PathBuf {
    root().join("tests/bills").join(name)
}

/// The CUR 2.0 bills of `tests/bills/make_cur2.py` (CSV with JSON maps, gzip, Parquet with MAP
/// columns) read alike, with the sums worked by hand in that script's header.
#[test]
fn cur2_bills_read_alike() {
    let d = |s: &str| bill::parse_amount(s).unwrap();
    for (name, format, gzip) in [
        ("cur2/cur2-2026-11.csv", BillFormat::Cur2Csv, false),
        ("cur2/cur2-2026-11.csv.gz", BillFormat::Cur2Csv, true),
        ("cur2/cur2-2026-11.parquet", BillFormat::Cur2Parquet, false),
    ] {
        let t = bill::totals(&own(name)).unwrap_or_else(|e| panic!("{name}: {e}"));
        assert_eq!((t.info.format, t.info.gzip), (format, gzip), "{name}");
        assert_eq!(t.months.len(), 1, "{name}");
        let m = &t.months["2026-11"];
        assert_eq!(m.total, d("66.8050000181"), "{name}");
        assert_eq!(m.usage, d("51.6450000181"), "{name}");
        assert_eq!(m.by_service["AmazonS3"], d("0.0000000181"), "{name}");
        assert_eq!(m.by_service["AmazonEC2"], d("66.805"), "{name}");
        let mut lines = Vec::new();
        bill::read_bill(&own(name), &mut |r| {
            lines.push(r);
            Ok(())
        })
        .unwrap();
        let first = &lines[0];
        assert_eq!(first.account.as_deref(), Some("011254002932"), "{name}");
        assert_eq!(first.usage_type.as_deref(), Some("USE1-BoxUsage:t3.medium"));
        assert_eq!(first.operation.as_deref(), Some("RunInstances"));
        assert_eq!(first.region.as_deref(), Some("us-east-1"));
        assert_eq!(first.usage_amount, d("1240"));
        assert_eq!(
            first.service_name.as_deref(),
            Some("Amazon Elastic Compute Cloud"),
            "{name}: product map"
        );
        assert_eq!(
            first.tags["user_Project"], "orders",
            "{name}: resource_tags"
        );
        assert_eq!(lines[2].usage_amount, d("0.00362"), "{name}");
        let types: Vec<_> = lines.iter().map(|r| r.line_item_type.clone()).collect();
        assert_eq!(
            types[3..],
            [
                bill::LineItemType::Tax,
                bill::LineItemType::Credit,
                bill::LineItemType::RiFee
            ]
        );
    }
}

/// Bills that are no bills, or are malformed: an input error naming the file and where.
#[test]
fn bad_bills_name_file_line_and_column() {
    for (name, wants) in [
        (
            "bad/not-a-bill.csv",
            &["not-a-bill.csv:1:1", "not an AWS bill"][..],
        ),
        (
            "bad/missing-column.csv",
            &["missing-column.csv:1:1", "`lineItem/ProductCode`"],
        ),
        (
            "bad/malformed-amount.csv",
            &[
                "malformed-amount.csv:3:4",
                "`lineItem/UnblendedCost`",
                "`12x`",
            ],
        ),
        (
            "bad/mixed-currency.csv",
            &["mixed-currency.csv", "line 3", "`EUR`", "`USD`"],
        ),
        (
            "bad/aggregate-malformed-cost.csv",
            &[
                "aggregate-malformed-cost.csv:3:9",
                "`unblended_cost`",
                "`65.7x`",
            ],
        ),
        (
            "bad/ce-bad-amount.json",
            &[
                "ce-bad-amount.json",
                "ResultsByTime[0].Groups[0].Metrics.UnblendedCost.Amount",
                "`abc`",
            ],
        ),
    ] {
        let e = bill::totals(&own(name)).expect_err(name);
        assert!(
            matches!(e, costplan::Error::Input(_)),
            "{name}: not an input error (exit 2): {e:?}"
        );
        let shown = e.to_string();
        for want in wants {
            assert!(shown.contains(want), "{name}: `{want}` not in:\n{shown}");
        }
    }
}

/// FOCUS 1.2 as AWS Data Exports writes it (hand-typed, `tests/bills/make_focus12.py`; CSV, gzip
/// CSV, Parquet with a MAP `Tags`): told
/// apart from 1.0 by its columns; with AWS's `x_` columns the usage type comes from `SkuMeter`
/// (AWS dropped `x_UsageType` in 1.2), without them the bill is only as fine as `ServiceName`.
#[test]
fn focus_1_2_reads_with_and_without_aws_columns() {
    let d = |s: &str| bill::parse_amount(s).unwrap();
    let dir = root().join("tests/fixtures/bills/focus-1.2");
    for (name, format, gzip, fine) in [
        (
            "focus-1.2-aws-2026-11.csv",
            BillFormat::Focus12,
            false,
            true,
        ),
        (
            "focus-1.2-aws-2026-11.csv.gz",
            BillFormat::Focus12,
            true,
            true,
        ),
        (
            "focus-1.2-aws-2026-11.parquet",
            BillFormat::Focus12Parquet,
            false,
            true,
        ),
        (
            "focus-1.2-no-aws-columns-2026-11.csv",
            BillFormat::Focus12,
            false,
            false,
        ),
    ] {
        let path = dir.join(name);
        let t = bill::totals(&path).unwrap_or_else(|e| panic!("{name}: {e}"));
        assert_eq!(t.info.format, format, "{name}");
        assert_eq!(t.info.gzip, gzip, "{name}");
        assert!(t.info.to_string().starts_with("FOCUS 1.2 ("), "{name}");
        let m = &t.months["2026-11"];
        assert_eq!(m.total, d("67.87"), "{name}");
        assert_eq!(m.usage, d("66.70"), "{name}");
        let mut lines = Vec::new();
        bill::read_bill(&path, &mut |r| {
            lines.push(r);
            Ok(())
        })
        .unwrap();
        let nat = &lines[0];
        assert_eq!(nat.usage_amount, d("1460"), "{name}");
        assert_eq!(nat.tags["user:Project"], "orders", "{name}");
        assert_eq!(nat.region.as_deref(), Some("us-east-1"), "{name}");
        assert_eq!(lines[2].line_item_type, bill::LineItemType::Credit);
        assert_eq!(lines[3].line_item_type, bill::LineItemType::Tax);
        if fine {
            assert_eq!(t.info.granularity, bill::Granularity::UsageType, "{name}");
            assert_eq!(nat.product_code.as_deref(), Some("AmazonEC2"));
            assert_eq!(nat.usage_type.as_deref(), Some("NatGateway-Hours"));
            assert_eq!(nat.operation.as_deref(), Some("NatGateway"));
            assert_eq!(m.by_service["AmazonEC2"], d("66.87"), "{name}");
            assert_eq!(m.by_service["AmazonS3"], d("1.00"), "{name}");
        } else {
            assert_eq!(t.info.granularity, bill::Granularity::Service, "{name}");
            assert_eq!(nat.product_code, None);
            assert_eq!(
                nat.usage_type, None,
                "{name}: SkuMeter alone is not AWS's usage type"
            );
            assert_eq!(m.by_service["Amazon Elastic Compute Cloud"], d("66.87"));
        }
    }
    // The real FOCUS 1.0 sample stays 1.0.
    let shared = bills_dir().join("focus-1.0-aws-sample-2024-09.csv");
    if shared.is_file() {
        let t = bill::totals(&shared).unwrap();
        assert_eq!(t.info.format, BillFormat::Focus);
    }
}

/// The perturbed-baseline bills (`tests/fixtures/bills/perturbed/`, written by
/// `tests/bills/make_perturbed.py`) read in every format to the totals worked by hand in
/// `expected.md` / `expected.json`.
#[test]
fn perturbed_bills_read_to_the_expected_totals() {
    let dir = root().join("tests/fixtures/bills/perturbed");
    let expected: Value =
        serde_json::from_str(&std::fs::read_to_string(dir.join("expected.json")).unwrap()).unwrap();
    let month = expected["month"].as_str().unwrap();
    let total = amount(&expected["billed_total_usd"]);
    // The hand-worked variances add up to the bill.
    let variances: Decimal = expected["perturbations"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| amount(&p["variance_usd"]))
        .sum();
    assert_eq!(variances, amount(&expected["variance_usd"]));
    assert_eq!(
        amount(&expected["estimate_total_usd"]) + variances,
        total,
        "estimate + variances = bill"
    );
    let files = expected["files"].as_object().unwrap();
    assert_eq!(files.len(), 6, "six formats");
    for (name, want) in files {
        let t = bill::totals(&dir.join(name)).unwrap_or_else(|e| panic!("{name}: {e}"));
        assert_eq!(
            format!("{:?}", t.info.format),
            want["format"].as_str().unwrap(),
            "{name}"
        );
        assert_eq!(t.info.gzip, want["gzip"].as_bool().unwrap(), "{name}");
        assert_eq!(
            format!("{:?}", t.info.granularity),
            want["granularity"].as_str().unwrap(),
            "{name}"
        );
        assert_eq!(
            t.months.keys().collect::<Vec<_>>(),
            vec![month],
            "{name}: months"
        );
        let m = &t.months[month];
        assert_eq!(m.total, total, "{name}: total");
        assert_eq!(m.usage, amount(&want["usage_usd"]), "{name}: usage");
        assert_eq!(m.lines, want["lines"].as_u64().unwrap(), "{name}: lines");
        let services = expected[want["services"].as_str().unwrap()]
            .as_object()
            .unwrap()
            .iter()
            .map(|(k, v)| (k.clone(), amount(v)))
            .collect::<std::collections::BTreeMap<_, _>>();
        assert_eq!(m.by_service, services, "{name}: per service");
    }
    // The perturbations are where the script put them, in the fine-grained formats.
    for name in [
        "perturbed-cur2.parquet",
        "perturbed-legacy-cur.csv",
        "perturbed-focus-1.2.csv",
    ] {
        let mut nat_gb = Decimal::ZERO;
        let mut cache = Decimal::ZERO;
        let mut kinds = std::collections::BTreeMap::new();
        bill::read_bill(&dir.join(name), &mut |r| {
            match r.usage_type.as_deref() {
                Some("NatGateway-Bytes") => nat_gb += r.usage_amount,
                Some("NodeUsage:cache.t3.micro") => cache += r.unblended_cost,
                _ => {}
            }
            *kinds
                .entry(format!("{:?}", r.line_item_type))
                .or_insert(Decimal::ZERO) += r.unblended_cost;
            Ok(())
        })
        .unwrap();
        let d = |s: &str| bill::parse_amount(s).unwrap();
        assert_eq!(nat_gb, d("140"), "{name}: NAT GB");
        assert_eq!(cache, d("26.28"), "{name}: ElastiCache");
        assert_eq!(kinds["Credit"], d("-25"), "{name}");
        assert_eq!(kinds["Tax"], d("32"), "{name}");
        let ri = if name.contains("focus") {
            "Purchase"
        } else {
            "RiFee"
        };
        assert_eq!(kinds[ri], d("18.98"), "{name}");
    }
}
