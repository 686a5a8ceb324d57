//! `costplan diff`: inputs of either kind, each gate's exit code and message, invalid input.

use super::{BASELINE, WORKERS_X2, costplan, read};
use predicates::prelude::*;
use predicates::str::contains;

// Baseline → workers x2: $395.66 → $440.71, +$45.05 (+11.4%).

#[test]
fn increase_usd_gate_breached_exits_1_naming_gate_and_figures() {
    costplan()
        .args(["diff", BASELINE, WORKERS_X2, "--fail-on-increase-usd", "45"])
        .assert()
        .code(1)
        .stdout(contains("Monthly cost will increase by $45.05 (+11.4%)"))
        .stderr(
            "gate --fail-on-increase-usd breached: monthly cost increases by $45.05 \
             ($395.66 → $440.71), more than $45.00\n",
        );
}

#[test]
fn increase_usd_gate_at_the_limit_passes() {
    costplan()
        .args([
            "diff",
            BASELINE,
            WORKERS_X2,
            "--fail-on-increase-usd",
            "45.05",
        ])
        .assert()
        .code(0)
        .stderr("");
}

#[test]
fn increase_percent_gate_breached_exits_1() {
    costplan()
        .args([
            "diff",
            BASELINE,
            WORKERS_X2,
            "--fail-on-increase-percent",
            "10",
        ])
        .assert()
        .code(1)
        .stderr(
            "gate --fail-on-increase-percent breached: monthly cost increases by +11.4% \
             ($395.66 → $440.71), more than 10%\n",
        );
    costplan()
        .args([
            "diff",
            BASELINE,
            WORKERS_X2,
            "--fail-on-increase-percent",
            "11.4",
        ])
        .assert()
        .code(0);
}

#[test]
fn percent_gate_takes_the_percent_sign_like_growth_and_swing() {
    costplan()
        .args([
            "diff",
            BASELINE,
            WORKERS_X2,
            "--fail-on-increase-percent",
            "10%",
        ])
        .assert()
        .code(1)
        .stderr(contains("more than 10%"));
    costplan()
        .args([
            "diff",
            BASELINE,
            WORKERS_X2,
            "--fail-on-increase-percent=11.4%",
        ])
        .assert()
        .code(0);
    costplan()
        .args([
            "diff",
            BASELINE,
            WORKERS_X2,
            "--fail-on-increase-percent=-1%",
        ])
        .assert()
        .code(2)
        .stderr(contains("is negative"));
}

#[test]
fn total_gate_breached_exits_1() {
    costplan()
        .args(["diff", BASELINE, WORKERS_X2, "--fail-on-total-usd", "440"])
        .assert()
        .code(1)
        .stderr(
            "gate --fail-on-total-usd breached: new monthly total $440.71 \
             ($395.66 → $440.71) is above $440.00\n",
        );
    costplan()
        .args(["diff", BASELINE, WORKERS_X2, "--fail-on-total-usd", "500"])
        .assert()
        .code(0);
}

#[test]
fn a_decrease_breaches_no_increase_gate() {
    costplan()
        .args(["diff", WORKERS_X2, BASELINE])
        .args([
            "--fail-on-increase-usd",
            "0",
            "--fail-on-increase-percent",
            "0",
        ])
        .assert()
        .code(0)
        .stdout(contains("Monthly cost will decrease by $45.05 (-10.2%)"))
        .stderr("");
}

#[test]
fn every_breached_gate_gets_a_line_and_the_report_is_still_written() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("comment.md");
    costplan()
        .args(["diff", BASELINE, WORKERS_X2, "--format", "markdown", "-o"])
        .arg(&out)
        .args(["--fail-on-increase-usd", "1", "--fail-on-total-usd", "1"])
        .assert()
        .code(1)
        .stdout("")
        .stderr(contains("--fail-on-increase-usd").and(contains("--fail-on-total-usd")))
        .stderr(predicate::function(|s: &str| s.lines().count() == 2));
    assert!(read(&out).starts_with("### Monthly cost will increase by $45.05 (+11.4%)"));
}

#[test]
fn json_estimate_on_either_side_equals_the_topology() {
    let dir = tempfile::tempdir().unwrap();
    let base = dir.path().join("base.json");
    costplan()
        .args(["estimate", BASELINE, "--format", "json", "-o"])
        .arg(&base)
        .assert()
        .success();
    let from_toml = costplan()
        .args(["diff", BASELINE, WORKERS_X2, "--format", "json"])
        .output()
        .unwrap();
    costplan()
        .args(["diff"])
        .arg(&base)
        .args([WORKERS_X2, "--format", "json"])
        .assert()
        .success()
        .stdout(String::from_utf8(from_toml.stdout).unwrap());
    // Without an extension, a JSON estimate is recognised by its content.
    let bare = dir.path().join("base");
    std::fs::copy(&base, &bare).unwrap();
    costplan()
        .arg("diff")
        .arg(&bare)
        .arg(BASELINE)
        .assert()
        .success()
        .stdout(contains("Monthly cost will not change"));
}

#[test]
fn reordering_changes_nothing_and_renaming_is_removed_plus_added() {
    let base = read(&super::root().join(BASELINE));
    let dir = tempfile::tempdir().unwrap();
    // Move the first service to the end: same lines, other order.
    let (head, rest) = base.split_once("[[service]]").unwrap();
    let (first, tail) = rest.split_once("\n[[service]]").unwrap();
    let (services, after) = tail.split_once("\n[[database]]").unwrap();
    let reordered = format!("{head}[[service]]{services}\n[[service]]{first}\n[[database]]{after}");
    let p = dir.path().join("reordered.toml");
    std::fs::write(&p, &reordered).unwrap();
    costplan()
        .args(["diff", BASELINE])
        .arg(&p)
        .args(["--format", "csv"])
        .assert()
        .success()
        .stdout(contains("total,unchanged,").and(contains("line,").not()));
    let renamed = base.replace("name = \"api\"", "name = \"gateway\"");
    let p = dir.path().join("renamed.toml");
    std::fs::write(&p, renamed).unwrap();
    costplan()
        .args(["diff", BASELINE])
        .arg(&p)
        .args(["--format", "csv"])
        .assert()
        .success()
        .stdout(
            contains("line,removed,ecs_fargate,api,\"vCPU (Linux/x86_64, on-demand)\",vCPU-hour,730,,29.55,,-29.55,-100.0")
                .and(contains("line,added,ecs_fargate,gateway,\"vCPU (Linux/x86_64, on-demand)\",vCPU-hour,,730,,29.55,29.55,"))
                .and(contains("total,changed,,,,,,,395.66,395.66,0.00,0.0")),
        );
}

#[test]
fn invalid_input_exits_2() {
    costplan()
        .args(["diff", "missing.toml", BASELINE])
        .assert()
        .code(2)
        .stderr(contains("missing.toml: cannot read"));
    costplan()
        .args(["diff", BASELINE, WORKERS_X2, "--fail-on-increase-usd", "-5"])
        .assert()
        .code(2)
        .stderr(contains("is negative"));
    costplan()
        .args(["diff", BASELINE, WORKERS_X2, "--fail-on-total-usd", "lots"])
        .assert()
        .code(2)
        .stderr(contains("`lots` is not a number"));
    let dir = tempfile::tempdir().unwrap();
    let bad = dir.path().join("bad.json");
    std::fs::write(&bad, "{\n  \"schema_version\": 1,\n  \"name\": [\n}\n").unwrap();
    costplan()
        .arg("diff")
        .arg(&bad)
        .arg(BASELINE)
        .assert()
        .code(2)
        .stderr(contains(
            "bad.json:3:10: not a costplan JSON estimate: invalid type: sequence",
        ));
}

#[test]
fn an_edited_json_estimate_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let out = costplan()
        .args(["estimate", BASELINE, "--format", "json"])
        .output()
        .unwrap();
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let p = dir.path().join("edited.json");
    let refused = |edit: &dyn Fn(&mut serde_json::Value), expected: &str| {
        let mut v = json.clone();
        edit(&mut v);
        std::fs::write(&p, serde_json::to_string_pretty(&v).unwrap()).unwrap();
        costplan()
            .arg("diff")
            .arg(&p)
            .arg(BASELINE)
            .assert()
            .code(2)
            .stderr(contains(expected));
    };
    refused(
        &|v| v["line_items"][0]["monthly_usd"] = "1.00".into(),
        "monthly_usd is not quantity × unit_price_usd",
    );
    refused(
        &|v| v["total_monthly_usd"] = "1.00".into(),
        "not the sums of its line items",
    );
    // Amounts beyond any bill are refused before any arithmetic could overflow.
    refused(
        &|v| v["line_items"][0]["quantity"] = "99999999999999999999999999".into(),
        "has an amount above 10^18",
    );
    refused(
        &|v| v["line_items"][0]["resource"] = "api\u{1b}[2J".into(),
        "contains a control character",
    );
    refused(
        &|v| v["schema_version"] = 2.into(),
        "unsupported estimate schema_version 2",
    );
    // Unedited, it reads back.
    std::fs::write(&p, serde_json::to_string_pretty(&json).unwrap()).unwrap();
    costplan()
        .arg("diff")
        .arg(&p)
        .arg(BASELINE)
        .assert()
        .code(0);
}

/// The baseline with `from` replaced by `to`, written next to it (paths inside stay valid).
fn edited_baseline(dir: &std::path::Path, name: &str, from: &str, to: &str) -> std::path::PathBuf {
    let text = read(&super::root().join(BASELINE));
    assert!(text.contains(from), "{from}");
    let p = dir.join(name);
    std::fs::write(&p, text.replacen(from, to, 1)).unwrap();
    p
}

#[test]
fn an_instance_class_change_is_one_changed_line_with_its_net() {
    let dir = tempfile::tempdir().unwrap();
    let head = edited_baseline(
        dir.path(),
        "t4g.toml",
        "instance_class = \"db.t3.medium\"",
        "instance_class = \"db.t4g.medium\"",
    );
    let out = costplan()
        .args(["diff", BASELINE])
        .arg(&head)
        .args(["-f", "markdown"])
        .output()
        .unwrap();
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(
        text.contains(
            "| changed: db.t3.medium → db.t4g.medium | RDS | postgres db.t4g.medium | instance (Multi-AZ) | 730 instance-hour | 105.12 | 94.90 | -10.22 |"
        ),
        "{text}"
    );
    assert!(
        !text.contains("gp2 storage"),
        "storage did not move:\n{text}"
    );
    assert!(
        text.contains("1 changed, 25 unchanged line items"),
        "{text}"
    );
}

#[test]
fn a_platform_swap_shows_its_net_per_component() {
    let dir = tempfile::tempdir().unwrap();
    let head = edited_baseline(
        dir.path(),
        "arm.toml",
        "arch = \"x86_64\"",
        "arch = \"arm64\"",
    );
    let out = costplan()
        .args(["diff", BASELINE])
        .arg(&head)
        .args(["-f", "csv"])
        .output()
        .unwrap();
    let text = String::from_utf8(out.stdout).unwrap();
    let lines: Vec<&str> = text.lines().filter(|l| l.starts_with("line,")).collect();
    assert_eq!(
        lines.len(),
        2,
        "vCPU and memory of one service, each netted:\n{text}"
    );
    assert!(
        lines
            .iter()
            .all(|l| l.starts_with("line,changed,ecs_fargate,")),
        "{text}"
    );
    assert!(
        lines.iter().all(|l| l.contains(",-")),
        "both cheaper:\n{text}"
    );
}

#[test]
fn the_pr_comment_says_when_the_head_is_over_budget_and_shows_quantities() {
    let out = costplan()
        .args(["diff", BASELINE, WORKERS_X2, "-f", "markdown"])
        .output()
        .unwrap();
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(
        text.contains("**❌ Over budget:** production exceeds its `[budget]` (ECS Fargate)."),
        "{text}"
    );
    assert!(
        text.contains("| ECS Fargate | 150.00 | 153.17 | -3.17 | ❌ over |"),
        "{text}"
    );
    assert!(text.contains("| 912.5 → 1,825 vCPU-hour |"), "{text}");
    // Without a budget on the head, nothing is said about one.
    let out = costplan()
        .args(["diff", WORKERS_X2, BASELINE, "-f", "markdown"])
        .output()
        .unwrap();
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(!text.contains("budget"), "{text}");
}
