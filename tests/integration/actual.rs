//! `costplan actual`: the seed against a hand-made CUR 2.0 bill of it (`tests/fixtures/bills/
//! seed-2026-11.cur2.csv`, written by `tests/bills/make_seed_actual.py`, whose header works the
//! figures out), every real fixture bill, gates, bad input, and one snapshot per format.

use crate::bills::bills_dir;
use crate::common::costplan;
use rust_decimal::Decimal;
use serde_json::Value;

const SEED_BILL: &str = "tests/fixtures/bills/seed-2026-11.cur2.csv";
const BASELINE: &str = "scenarios/baseline.toml";

fn dec(s: &str) -> Decimal {
    s.parse().unwrap()
}

fn json(args: &[&str]) -> Value {
    let out = costplan()
        .args(["actual", BASELINE, "--format", "json"])
        .args(args)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).unwrap()
}

fn amount(v: &Value) -> Decimal {
    dec(v
        .as_str()
        .unwrap_or_else(|| panic!("not a decimal string: {v}")))
}

fn row<'a>(v: &'a Value, label: &str) -> &'a Value {
    v["rows"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["label"] == label)
        .unwrap_or_else(|| panic!("no row {label}"))
}

#[test]
fn the_seed_bill_gives_the_variances_worked_by_hand() {
    let v = json(&["--bill", SEED_BILL]);
    assert_eq!(v["bill"]["format"], "CUR 2.0 (CSV)");
    assert_eq!(v["precision"], "usage_type");
    // the estimate: 395.6533 (the seed's exact total)
    assert_eq!(amount(&v["estimated_total_usd"]), dec("395.6533"));
    // usage: the estimate − 88.6512 + 87.60 (vCPU) − 4.50 + 6.30 (NAT) + 4.60 (S3) + 50 (EC2)
    assert_eq!(amount(&v["billed_usage_usd"]), dec("451.0021"));
    // + credit −25 + tax 30
    assert_eq!(amount(&v["billed_total_usd"]), dec("456.0021"));
    assert_eq!(amount(&v["variance_usd"]), dec("60.3488"));
    // 60.3488 / 395.6533 = 15.25…%
    assert_eq!(amount(&v["variance_percent"]), dec("15.3"));
    assert_eq!(amount(&v["price_effect_usd"]), dec("-1.0512"));
    assert_eq!(amount(&v["usage_effect_usd"]), dec("1.8"));
    assert_eq!(amount(&v["not_in_topology_usd"]), dec("54.6"));
    assert_eq!(amount(&v["charges_usd"]), dec("5"));

    // the price change: 2,190 vCPU-hours at 0.0400 instead of 0.04048
    let vcpu = row(&v, "AmazonECS Fargate-vCPU-Hours:perCPU");
    assert_eq!(amount(&vcpu["estimated_quantity"]), dec("2190"));
    assert_eq!(amount(&vcpu["billed_quantity"]), dec("2190"));
    assert_eq!(amount(&vcpu["split"]["usage_usd"]), Decimal::ZERO);
    assert_eq!(amount(&vcpu["split"]["price_usd"]), dec("-1.0512"));
    assert_eq!(vcpu["estimate_lines"].as_array().unwrap().len(), 4);
    // +40% NAT traffic at the table rate: 40 GB × 0.045
    let nat = row(&v, "AmazonEC2 NatGateway-Bytes");
    assert_eq!(amount(&nat["split"]["usage_usd"]), dec("1.8"));
    assert_eq!(amount(&nat["split"]["price_usd"]), Decimal::ZERO);
    // the USE1- prefix of the bill and the unprefixed table usage type meet
    assert_eq!(
        amount(&row(&v, "AWSELB LoadBalancerUsage")["variance_usd"]),
        Decimal::ZERO
    );
    // RDS instance usage carries no prefix; the operation is listed
    let rds = row(&v, "AmazonRDS Multi-AZUsage:db.t3.medium");
    assert_eq!(rds["operations"][0], "CreateDBInstance:0014");
    // inter-AZ: two bill lines (in, out) and two estimate lines, one row
    let az = row(&v, "AWSDataTransfer DataTransfer-Regional-Bytes");
    assert_eq!(amount(&az["billed_quantity"]), dec("100"));
    assert_eq!(az["bill_lines"], 2);
    // ECR, CloudWatch and S3 share `TimedStorage-ByteHrs`: the offer code keeps them apart
    let unestimated = v["not_in_topology"].as_array().unwrap();
    assert_eq!(unestimated.len(), 2);
    assert_eq!(unestimated[0]["service"], "AmazonEC2", "ranked by cost");
    assert_eq!(unestimated[1]["service"], "AmazonS3");
    let kinds: Vec<&str> = v["charges"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["kind"].as_str().unwrap())
        .collect();
    assert_eq!(kinds, ["credit", "tax"]);
    assert_eq!(
        v["estimate_rows_without_bill_line"]
            .as_array()
            .unwrap()
            .len(),
        0
    );
}

#[test]
fn a_tag_keeps_the_topology_s_slice_of_the_bill() {
    let v = json(&["--bill", SEED_BILL, "--tag", "Project=orders"]);
    // the other project's instance and the untagged credit and tax drop out
    assert_eq!(amount(&v["billed_total_usd"]), dec("401.0021"));
    assert_eq!(amount(&v["variance_usd"]), dec("5.3488"));
    assert_eq!(v["bill"]["filters"][0], "tag Project=orders");
    // the key in another spelling selects the same lines
    let w = json(&["--bill", SEED_BILL, "--tag", "user:Project=orders"]);
    assert_eq!(w["billed_total_usd"], v["billed_total_usd"]);
}

#[test]
fn every_format_says_the_format_and_adds_up_to_the_displayed_totals() {
    for (format, total) in [
        ("table", "456.01"),
        ("csv", "456.01"),
        ("markdown", "456.01"),
        ("html", "456.01"),
    ] {
        let out = costplan()
            .args(["actual", BASELINE, "--bill", SEED_BILL, "--format", format])
            .output()
            .unwrap();
        assert!(out.status.success());
        let text = String::from_utf8(out.stdout).unwrap();
        assert!(text.contains("CUR 2.0 (CSV)"), "{format}: format not said");
        assert!(text.contains(total), "{format}: no total {total}");
        assert!(
            text.contains("matched by offer code, usage type and region"),
            "{format}: precision not said"
        );
        insta::with_settings!({prepend_module_to_snapshot => false}, {
            insta::assert_snapshot!(format!("actual_seed.{format}"), text);
        });
    }
    let out = costplan()
        .args(["actual", BASELINE, "--bill", SEED_BILL, "--format", "json"])
        .output()
        .unwrap();
    insta::with_settings!({prepend_module_to_snapshot => false}, {
        insta::assert_snapshot!("actual_seed.json", String::from_utf8(out.stdout).unwrap());
    });
}

#[test]
fn the_waterfall_adds_up_to_the_bill() {
    let out = costplan()
        .args(["actual", BASELINE, "--bill", SEED_BILL, "--format", "csv"])
        .output()
        .unwrap();
    let text = String::from_utf8(out.stdout).unwrap();
    let mut steps = Vec::new();
    for rec in csv::Reader::from_reader(text.as_bytes()).records() {
        let rec = rec.unwrap();
        if &rec[0] == "total" && &rec[2] != "variance" {
            steps.push((rec[2].to_string(), dec(&rec[8])));
        }
    }
    let labels: Vec<&str> = steps.iter().map(|(l, _)| l.as_str()).collect();
    assert_eq!(
        labels,
        [
            "estimate",
            "price effects",
            "usage effects",
            "unestimated lines",
            "credits, taxes and fees",
            "bill"
        ]
    );
    let inner: Decimal = steps[..steps.len() - 1].iter().map(|(_, v)| *v).sum();
    assert_eq!(inner, steps.last().unwrap().1);
    // the displayed estimate is `costplan estimate`'s; the bill is the sum of displayed rows
    assert_eq!(steps[0].1, dec("395.66"));
    // 456.0021 exact; displayed, the sum of rows rounded to the cent (as `estimate` does)
    assert_eq!(steps.last().unwrap().1, dec("456.01"));
}

#[test]
fn gates_exit_1_and_still_write_the_report() {
    for (args, code) in [
        (["--fail-on-variance-usd", "60"], 1),
        (["--fail-on-variance-usd", "61"], 0),
        (["--fail-on-variance-percent", "15"], 1),
        (["--fail-on-variance-percent", "16%"], 0),
    ] {
        let out = costplan()
            .args(["actual", BASELINE, "--bill", SEED_BILL])
            .args(args)
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(code), "{args:?}");
        assert!(String::from_utf8_lossy(&out.stdout).contains("From estimate to bill"));
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert_eq!(stderr.contains("gate breached"), code == 1, "{stderr}");
    }
}

fn fails(args: &[&str], wants: &[&str]) {
    let out = costplan().arg("actual").args(args).output().unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{args:?}: {stderr}");
    for w in wants {
        assert!(stderr.contains(w), "{args:?}: no `{w}` in {stderr}");
    }
    assert!(!stderr.contains("panicked"), "{stderr}");
}

#[test]
fn bad_bills_and_filters_exit_2_naming_file_and_line() {
    let dir = tempfile::tempdir().unwrap();
    let two = dir.path().join("two-months.csv");
    let seed = std::fs::read_to_string(crate::common::path(SEED_BILL)).unwrap();
    let mut lines = seed.lines();
    let header = lines.next().unwrap();
    let first = lines.next().unwrap();
    std::fs::write(
        &two,
        format!(
            "{header}\n{first}\n{}\n",
            first
                .replace("2026-11-01T", "2026-10-01T")
                .replace("seed0", "seed99")
        ),
    )
    .unwrap();
    let two = two.to_str().unwrap();
    fails(
        &["--allow-outside-paths", BASELINE, "--bill", two],
        &[
            "two-months.csv",
            "2 billing periods (2026-10, 2026-11)",
            "--month",
        ],
    );
    fails(
        &[
            "--allow-outside-paths",
            BASELINE,
            "--bill",
            two,
            "--month",
            "2026-09",
        ],
        &["no line of 2026-09", "2026-10, 2026-11"],
    );
    fails(
        &[BASELINE, "--bill", "tests/bills/bad/mixed-currency.csv"],
        &["mixed-currency.csv:3:1", "EUR", "convert"],
    );
    fails(
        &[BASELINE, "--bill", SEED_BILL, "--account", "999"],
        &["--account 999 leaves no line of 2026-11"],
    );
    fails(
        &[BASELINE, "--bill", SEED_BILL, "--tag", "Project=nope"],
        &["--tag leaves no line", "user_Project"],
    );
    fails(
        &[BASELINE, "--bill", "tests/bills/bad/not-a-bill.csv"],
        &["not-a-bill.csv:1:1", "not an AWS bill"],
    );
    fails(
        &[BASELINE, "--bill", "tests/bills/bad/malformed-amount.csv"],
        &["malformed-amount.csv:3:4", "12x"],
    );
    fails(
        &[BASELINE, "--bill", "tests/bills/bad/missing-column.csv"],
        &["missing-column.csv:1:1"],
    );
    fails(
        &[BASELINE, "--bill", SEED_BILL, "--month", "2026-1"],
        &["not a month"],
    );
    fails(
        &[BASELINE, "--bill", SEED_BILL, "--tag", "Project"],
        &["KEY=VALUE"],
    );
}

#[test]
fn every_fixture_bill_runs_and_says_its_format_and_precision() {
    let dir = bills_dir();
    if !dir.is_dir() {
        eprintln!(
            "skipped: {} is not there (set COSTPLAN_SHARED_BILLS to the fixture folder)",
            dir.display()
        );
        return;
    }
    for (name, month, service_level) in [
        ("legacy-cur-anon-2023-11.csv", None, false),
        ("legacy-cur-anon-2023-11.csv.gz", None, false),
        ("legacy-cur-workshop-2018-10.snappy.parquet", None, false),
        ("legacy-cur-workshop-2018-11.snappy.parquet", None, false),
        ("focus-1.0-aws-sample-2024-09.csv", None, true),
        ("focus-1.0-aws-sample-2024-09.csv.gz", None, true),
        (
            "ce-boto3-monthly-by-service-2025-01-to-02.json",
            Some("2025-02"),
            true,
        ),
        (
            "ce-daily-by-service-2024-02-to-04.json",
            Some("2024-03"),
            true,
        ),
        (
            "ce-monthly-by-service-2023-04-to-09.json",
            Some("2023-09"),
            true,
        ),
        ("ce-monthly-by-service-and-tag-2017-09.json", None, true),
    ] {
        let bill = dir.join(name);
        let mut cmd = costplan();
        cmd.args([
            "--allow-outside-paths",
            "actual",
            BASELINE,
            "--format",
            "json",
            "--bill",
        ])
        .arg(&bill);
        if let Some(m) = month {
            cmd.args(["--month", m]);
        }
        let out = cmd.output().unwrap();
        assert!(
            out.status.success(),
            "{name}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        let v: Value = serde_json::from_slice(&out.stdout).unwrap();
        assert!(!v["bill"]["format"].as_str().unwrap().is_empty(), "{name}");
        assert_eq!(
            v["precision"],
            if service_level {
                "service"
            } else {
                "usage_type"
            },
            "{name}"
        );
        // the totals add up exactly: estimate + effects + unestimated + charges = bill
        let sum = amount(&v["estimated_total_usd"])
            + amount(&v["price_effect_usd"])
            + amount(&v["usage_effect_usd"])
            + amount(&v["unsplit_variance_usd"])
            + amount(&v["not_in_topology_usd"])
            + amount(&v["charges_usd"]);
        assert_eq!(sum, amount(&v["billed_total_usd"]), "{name}");
        if service_level {
            // no split is pretended at service precision
            assert!(
                v["rows"]
                    .as_array()
                    .unwrap()
                    .iter()
                    .all(|r| r["split"].is_null())
            );
            let table = costplan()
                .args(["--allow-outside-paths", "actual", BASELINE, "--bill"])
                .arg(&bill)
                .args(month.map(|m| vec!["--month", m]).unwrap_or_default())
                .output()
                .unwrap();
            let text = String::from_utf8_lossy(&table.stdout);
            assert!(
                text.contains("matched by service: the bill has no usage types"),
                "{name}"
            );
        }
    }
}

/// The seed bill with usage changed: log ingestion 30 → 45 GB, internet out 100 → 150 GB,
/// inter-AZ 100 → 120 GB (60 each way), ECR 2 → 3 GB-month; NAT is already 140 GB.
fn changed_usage_bill(dir: &std::path::Path) -> std::path::PathBuf {
    let text = std::fs::read_to_string(crate::common::path(SEED_BILL)).unwrap();
    let mut out = String::new();
    for line in text.lines() {
        let line = line
            .replace(
                ",PutLogEvents,us-east-1,30,15.00,",
                ",PutLogEvents,us-east-1,45,22.50,",
            )
            .replace(
                ",RunInstances,us-east-1,100,9.00,",
                ",RunInstances,us-east-1,150,13.50,",
            )
            .replace(
                ",InterZone-In,us-east-1,50,0.50,",
                ",InterZone-In,us-east-1,60,0.60,",
            )
            .replace(
                ",InterZone-Out,us-east-1,50,0.50,",
                ",InterZone-Out,us-east-1,60,0.60,",
            )
            .replace(
                "AmazonECR,USE1-TimedStorage-ByteHrs,,us-east-1,2,0.20,",
                "AmazonECR,USE1-TimedStorage-ByteHrs,,us-east-1,3,0.30,",
            );
        out.push_str(&line);
        out.push('\n');
    }
    assert_eq!(out.matches("22.50").count(), 1, "the bill was changed");
    let p = dir.join("changed.csv");
    std::fs::write(&p, out).unwrap();
    p
}

#[test]
fn calibrating_from_the_bill_makes_the_estimate_equal_the_bill_s_usage() {
    let dir = tempfile::tempdir().unwrap();
    let bill = changed_usage_bill(dir.path());
    let calibrated = dir.path().join("calibrated.toml");
    let out = costplan()
        .args([
            "--allow-outside-paths",
            "actual",
            BASELINE,
            "--calibrate",
            "-o",
        ])
        .arg(&calibrated)
        .arg("--bill")
        .arg(&bill)
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "{stderr}");
    assert!(
        stderr.contains("calibrated nat.data_processed_gb: 100 -> 140"),
        "{stderr}"
    );
    // a design choice is reported, never changed
    assert!(
        stderr.contains("finding: the bill has AmazonEC2 USE1-BoxUsage:t3.small"),
        "{stderr}"
    );
    let text = std::fs::read_to_string(&calibrated).unwrap();
    assert!(text.contains(
        "data_processed_gb = 140           # costplan actual: was 100, set from the 2026-11 bill; [assumed]"
    ));
    assert!(
        text.contains("inter_az_gb = 60"),
        "each GB is priced out and in"
    );
    assert!(text.contains("instance_class = \"db.t3.medium\""));
    assert!(
        text.contains("# [doc] \"Disaster Recovery: RTO/RPO Targets\""),
        "comments kept"
    );

    // The calibrated topology compared with the same bill: every row the topology can express
    // now has no usage effect, and its estimate is the bill's usage cost to the cent.
    let out = costplan()
        .args(["--allow-outside-paths", "actual", "--format", "json"])
        .arg(&calibrated)
        .arg("--bill")
        .arg(&bill)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let v: Value = serde_json::from_slice(&out.stdout).unwrap();
    for (label, billed) in [
        ("AmazonEC2 NatGateway-Bytes", "6.30"),
        ("AmazonCloudWatch DataProcessing-Bytes", "22.50"),
        ("AWSDataTransfer DataTransfer-Out-Bytes", "13.50"),
        ("AWSDataTransfer DataTransfer-Regional-Bytes", "1.20"),
        ("AmazonECR TimedStorage-ByteHrs", "0.30"),
    ] {
        let r = row(&v, label);
        assert_eq!(amount(&r["estimated_usd"]), dec(billed), "{label}");
        assert_eq!(amount(&r["billed_usd"]), dec(billed), "{label}");
        assert_eq!(amount(&r["split"]["usage_usd"]), Decimal::ZERO, "{label}");
    }
    // what remains is the price change (vCPU) alone
    assert_eq!(amount(&v["usage_effect_usd"]), Decimal::ZERO);
    assert_eq!(amount(&v["price_effect_usd"]), dec("-1.0512"));
}

#[test]
fn calibrating_a_plan_or_from_a_coarse_bill_is_refused() {
    fails(
        &[
            "tests/fixtures/terraform/ecs-plan.json",
            "--bill",
            SEED_BILL,
            "--calibrate",
        ],
        &[
            "--calibrate edits a TOML topology",
            "costplan import terraform",
        ],
    );
    let dir = bills_dir();
    if dir.is_dir() {
        let bill = dir.join("focus-1.0-aws-sample-2024-09.csv");
        let out = costplan()
            .args([
                "--allow-outside-paths",
                "actual",
                BASELINE,
                "--calibrate",
                "--bill",
            ])
            .arg(&bill)
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(2));
        assert!(String::from_utf8_lossy(&out.stderr).contains("no usage types"));
    }
}

#[test]
fn hostile_text_from_a_bill_stays_inert_in_every_format() {
    let dir = tempfile::tempdir().unwrap();
    let text = std::fs::read_to_string(crate::common::path(SEED_BILL)).unwrap();
    let hostile = text.replace(
        "AmazonS3,USE1-TimedStorage-ByteHrs,StandardStorage",
        "AmazonS3,<script>alert(1)</script>|x,=HYPERLINK(\"\"http://e\"\")",
    );
    assert_ne!(hostile, text);
    let bill = dir.path().join("hostile.csv");
    std::fs::write(&bill, hostile).unwrap();
    let run = |format: &str| {
        let out = costplan()
            .args([
                "--allow-outside-paths",
                "actual",
                BASELINE,
                "--format",
                format,
                "--bill",
            ])
            .arg(&bill)
            .output()
            .unwrap();
        assert!(out.status.success(), "{format}");
        String::from_utf8(out.stdout).unwrap()
    };
    let html = run("html");
    assert!(!html.contains("<script>alert"), "HTML escapes bill text");
    assert!(html.contains("&lt;script&gt;"));
    let md = run("markdown");
    assert!(!md.contains("<script>"), "Markdown escapes bill text");
    let csv = run("csv");
    assert!(csv.contains("=HYPERLINK"), "the text is there");
    for rec in ::csv::Reader::from_reader(csv.as_bytes()).records() {
        for field in rec.unwrap().iter() {
            assert!(!field.starts_with('='), "a formula cell: {field}");
        }
    }
}

#[test]
fn a_terraform_plan_is_compared_too_and_estimate_lines_without_bill_lines_are_named() {
    let out = costplan()
        .args([
            "actual",
            "tests/fixtures/terraform/ecs-plan.json",
            "--bill",
            "tests/bills/cur2/cur2-2026-11.csv",
        ])
        .output()
        .unwrap();
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(text.starts_with("ecs-plan 2026-11: estimated"), "{text}");
    assert!(text.contains("Estimate lines with no bill line"), "{text}");
}

/// `tests/fixtures/bills/seed-2026-11.ce-by-service.json`: the seed bill as Cost Explorer groups
/// it by SERVICE (typed by hand from the CUR 2.0 bill's lines; Cost Explorer nets no credit here).
const SEED_CE: &str = "tests/fixtures/bills/seed-2026-11.ce-by-service.json";

#[test]
fn a_bill_by_service_is_matched_by_service_and_says_so() {
    let v = json(&["--bill", SEED_CE]);
    assert_eq!(v["precision"], "service");
    assert_eq!(
        v["precision_note"],
        "matched by service: the bill has no usage types"
    );
    // 107.0691 + 128.12 + 24.82 + 17.593 + 82 + 19.90 + 2.10 + 0.20 + 14.60 + 4.60 + 50 + 30
    assert_eq!(amount(&v["billed_total_usd"]), dec("481.0021"));
    assert_eq!(amount(&v["charges_usd"]), dec("30"), "the Tax service");
    assert_eq!(amount(&v["not_in_topology_usd"]), dec("4.6"), "S3");
    // no split is pretended: the whole matched variance is unsplit
    assert_eq!(amount(&v["usage_effect_usd"]), Decimal::ZERO);
    assert_eq!(amount(&v["price_effect_usd"]), Decimal::ZERO);
    assert_eq!(
        amount(&v["unsplit_variance_usd"]),
        dec("446.4021") - dec("395.6533")
    );
    // NAT, data transfer and the other project's EC2 instance are all "EC2 - Other"/"Compute":
    // at service precision the instance cannot be told apart (70.20 + 10 estimated; 82 + 50 billed)
    let ec2 = row(&v, "EC2, NAT gateway and data transfer");
    assert_eq!(amount(&ec2["estimated_usd"]), dec("80.2"));
    assert_eq!(amount(&ec2["billed_usd"]), dec("132"));
    assert!(ec2["split"].is_null() && ec2["estimated_quantity"].is_null());
    for format in ["table", "markdown"] {
        let out = costplan()
            .args(["actual", BASELINE, "--bill", SEED_CE, "--format", format])
            .output()
            .unwrap();
        let text = String::from_utf8(out.stdout).unwrap();
        // (Markdown writes the colon as `&#58;`, which renders as one)
        assert!(
            text.contains("matched by service") && text.contains("the bill has no usage types")
        );
        assert!(text.contains("Cost Explorer GetCostAndUsage (JSON)"));
        insta::with_settings!({prepend_module_to_snapshot => false}, {
            insta::assert_snapshot!(format!("actual_seed_by_service.{format}"), text);
        });
    }
}
