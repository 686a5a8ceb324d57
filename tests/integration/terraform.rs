//! Terraform plans as input: every real plan of `shared/fixtures/terraform-plans` read and
//! accounted for, usage files (Infracost YAML and TOML), ECS mapping (task definitions through
//! references, capacity provider strategies, a cluster's default strategy), `import terraform`,
//! `usage template`, `diff` of plans with gates, and bad input.

use super::common::{costplan, root};
use serde_json::Value;
use std::path::{Path, PathBuf};

fn shared_plans() -> Vec<PathBuf> {
    let dir = root().join("../shared/fixtures/terraform-plans");
    let mut v: Vec<PathBuf> = std::fs::read_dir(&dir)
        .map(|d| d.filter_map(|e| Some(e.ok()?.path())).collect())
        .unwrap_or_default();
    v.retain(|p| p.extension().is_some_and(|e| e == "json"));
    v.sort();
    v
}

fn fixture(name: &str) -> PathBuf {
    root().join("tests/fixtures/terraform").join(name)
}

/// Managed resources after the plan, counted from the JSON independently of costplan.
fn managed_after(plan: &Value) -> usize {
    fn walk(m: &Value) -> usize {
        let own = m["resources"]
            .as_array()
            .map_or(0, |r| r.iter().filter(|r| r["mode"] == "managed").count());
        own + m["child_modules"]
            .as_array()
            .map_or(0, |c| c.iter().map(walk).sum())
    }
    walk(&plan["planned_values"]["root_module"])
}

fn json_of(args: &[&str], extra: &[&Path]) -> (i32, Value, String) {
    let mut c = costplan();
    c.arg("--allow-outside-paths").args(args);
    for p in extra {
        c.arg(p);
    }
    let out = c.output().unwrap();
    let v = serde_json::from_slice(&out.stdout).unwrap_or(Value::Null);
    (
        out.status.code().unwrap_or(-1),
        v,
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

#[test]
fn every_real_plan_is_read_and_every_resource_accounted_for() {
    let plans = shared_plans();
    if plans.is_empty() {
        eprintln!("skipped: ../shared/fixtures/terraform-plans is not beside the repository");
        return;
    }
    assert_eq!(plans.len(), 48, "the shared corpus has 48 plans");
    let mut priced = 0;
    for p in &plans {
        let plan: Value = serde_json::from_str(&std::fs::read_to_string(p).unwrap()).unwrap();
        let (code, v, err) = json_of(
            &["estimate", "--format", "json", "--region", "us-east-1"],
            &[p],
        );
        match code {
            0 => {
                priced += 1;
                let resources = v["plan"]["resources"].as_array().unwrap();
                assert_eq!(resources.len(), managed_after(&plan), "{}", p.display());
                for r in resources {
                    assert!(
                        ["priced", "free", "skipped", "unsupported"]
                            .contains(&r["status"].as_str().unwrap()),
                        "{r}"
                    );
                }
            }
            // A price or a region's table costplan does not have: an error naming it, never $0.
            2 | 3 => assert!(
                err.contains("no price table for region")
                    || err.contains("is not in the")
                    || err.contains("unknown database engine")
                    || err.contains("unknown cache engine")
                    || err.contains("unknown instance class")
                    || err.contains("unknown node type")
                    // a value AWS itself would refuse (5 GB of gp2), named with its resource
                    || err.contains("must be at least") && err.contains("(Terraform: "),
                "{}: {err}",
                p.display()
            ),
            other => panic!("{}: exit {other}: {err}", p.display()),
        }
    }
    assert!(priced >= 30, "only {priced} plans priced");
}

#[test]
fn usage_files_in_yaml_and_toml_price_the_same_worked_figures() {
    let plan = root().join("../shared/fixtures/terraform-plans/infracost-nat-logs-tf0.14.json");
    if !plan.exists() {
        eprintln!("skipped: shared plans missing");
        return;
    }
    let yaml = fixture("nat-logs-usage.yml");
    let (code, v, err) = json_of(
        &["estimate", "--format", "json", "--usage"],
        &[&yaml, &plan],
    );
    assert_eq!(code, 0, "{err}");
    let line = |component: &str| -> (String, String) {
        let l = v["line_items"]
            .as_array()
            .unwrap()
            .iter()
            .find(|l| l["component"].as_str().unwrap().starts_with(component))
            .unwrap_or_else(|| panic!("{component}: {v:#}"));
        (
            l["quantity"].as_str().unwrap().to_string(),
            l["monthly_usd"].as_str().unwrap().to_string(),
        )
    };
    // 3 gateways at the wildcard's 50 GB and one at its own 100 GB: 250 GB × $0.045.
    assert_eq!(line("data processed"), ("250".into(), "11.25".into()));
    // 4 gateways × 730 h × $0.045 (infracost golden nat_gateway_test: $32.85 each).
    assert_eq!(line("gateway hours"), ("2920".into(), "131.4".into()));
    // assets 10 GB (its own), media 4 GB (the type default): 14 GB × $0.50.
    let (q, usd) = line("ingestion");
    assert_eq!((q.as_str(), usd.as_str()), ("14", "7"));
    // The same usage written as TOML gives the same estimate.
    let d = tempfile::tempdir().unwrap();
    let toml = d.path().join("usage.toml");
    std::fs::write(
        &toml,
        r#"version = "0.1"
[resource_usage."aws_nat_gateway.*"]
monthly_data_processed_gb = 50
[resource_usage.'aws_nat_gateway.example_each["media"]']
monthly_data_processed_gb = 100
[resource_usage.'aws_cloudwatch_log_group.production_logs["assets"]']
monthly_data_ingested_gb = 10
storage_gb = 100
monthly_data_scanned_gb = 20
[resource_type_default_usage.aws_cloudwatch_log_group]
monthly_data_ingested_gb = 4
"#,
    )
    .unwrap();
    let (code, w, err) = json_of(
        &["estimate", "--format", "json", "--usage"],
        &[&toml, &plan],
    );
    assert_eq!(code, 0, "{err}");
    assert_eq!(v["line_items"], w["line_items"]);
}

#[test]
fn ecs_services_follow_references_strategies_and_the_cluster_default() {
    let (code, v, err) = json_of(
        &["estimate", "--format", "json"],
        &[&fixture("ecs-plan.json")],
    );
    assert_eq!(code, 0, "{err}");
    let lines = v["line_items"].as_array().unwrap();
    let find = |resource: &str, component: &str| -> &Value {
        lines
            .iter()
            .find(|l| {
                l["resource"] == resource && l["component"].as_str().unwrap().starts_with(component)
            })
            .unwrap_or_else(|| panic!("{resource} {component}: {v:#}"))
    };
    // api: 3 tasks of 1 vCPU / 2 GB Linux/arm64 ("1 vCPU", "2 GB") with 50 GB ephemeral storage,
    // its task definition found through `aws_ecs_task_definition.api.arn`.
    assert_eq!(find("api", "vCPU")["quantity"], "2190");
    assert_eq!(
        find("api", "vCPU")["price_key"],
        "fargate.vcpu_hour.linux.arm64"
    );
    assert_eq!(find("api", "memory")["quantity"], "4380");
    assert_eq!(find("api", "ephemeral")["quantity"], "65700");
    // worker: no launch type, the cluster's default strategy: base 1 on FARGATE, then 1:3.
    assert_eq!(find("worker", "vCPU")["quantity"], "365");
    assert_eq!(find("worker-spot", "vCPU")["quantity"], "547.5");
    let account = &v["plan"]["resources"];
    let status = |address: &str| {
        account
            .as_array()
            .unwrap()
            .iter()
            .find(|r| r["address"] == address)
            .map(|r| r["status"].as_str().unwrap().to_string())
    };
    assert_eq!(status("aws_ecs_service.legacy").as_deref(), Some("skipped"));
    assert_eq!(status("aws_sqs_queue.jobs").as_deref(), Some("unsupported"));
    assert_eq!(status("aws_iam_role.task").as_deref(), Some("free"));
    assert_eq!(
        status("aws_instance.old"),
        None,
        "destroyed: gone after the plan"
    );
    assert_eq!(
        v["plan"]["unsupported_types"],
        serde_json::json!([["aws_sqs_queue", 1]])
    );
}

#[test]
fn every_format_shows_the_account_and_the_gate_fails_on_unsupported() {
    let plan = fixture("ecs-plan.json");
    for (format, needle) in [
        ("table", "1 not supported (aws_sqs_queue 1)"),
        ("markdown", "Not in the estimate"),
        ("csv", "plan_resource,,aws_sqs_queue.jobs,not supported"),
        ("html", "Terraform plan"),
    ] {
        let out = costplan()
            .args(["estimate", "--format", format])
            .arg(&plan)
            .assert()
            .success()
            .get_output()
            .stdout
            .clone();
        let text = String::from_utf8(out).unwrap();
        assert!(text.contains(needle), "{format}: {text}");
    }
    costplan()
        .args(["estimate", "--fail-on-unsupported"])
        .arg(&plan)
        .assert()
        .code(1)
        .stderr(predicates::str::contains("aws_sqs_queue (1)"));
}

#[test]
fn import_writes_a_topology_that_estimates_the_same() {
    let d = tempfile::tempdir().unwrap();
    let out = d.path().join("t.toml");
    costplan()
        .args(["import", "terraform"])
        .arg(fixture("ecs-plan.json"))
        .arg("-o")
        .arg(&out)
        .assert()
        .success();
    let text = std::fs::read_to_string(&out).unwrap();
    assert!(
        text.contains("# from aws_ecs_service.svc[\"api\"], aws_ecs_task_definition.api"),
        "{text}"
    );
    let a = costplan()
        .args(["estimate", "--format", "json"])
        .arg(&out)
        .assert()
        .success()
        .get_output()
        .stdout
        .clone();
    let (_, b, _) = json_of(
        &["estimate", "--format", "json"],
        &[&fixture("ecs-plan.json")],
    );
    let a: Value = serde_json::from_slice(&a).unwrap();
    assert_eq!(a["line_items"], b["line_items"]);
    assert_eq!(a["total_monthly_usd"], b["total_monthly_usd"]);
}

#[test]
fn usage_template_lists_every_key_and_reads_back() {
    let plan = root().join("../shared/fixtures/terraform-plans/infracost-nat-logs-tf0.14.json");
    if !plan.exists() {
        return;
    }
    let d = tempfile::tempdir().unwrap();
    for (format, file) in [("yaml", "u.yml"), ("toml", "u.toml")] {
        let out = d.path().join(file);
        costplan()
            .args([
                "--allow-outside-paths",
                "usage",
                "template",
                "--format",
                format,
            ])
            .arg(&plan)
            .arg("-o")
            .arg(&out)
            .assert()
            .success();
        let text = std::fs::read_to_string(&out).unwrap();
        assert!(
            text.contains("aws_nat_gateway.example_each[\"media\"]"),
            "{text}"
        );
        assert!(text.contains("monthly_data_processed_gb"), "{text}");
        // All zeros: the same estimate as no usage at all.
        let (code, with, err) =
            json_of(&["estimate", "--format", "json", "--usage"], &[&out, &plan]);
        assert_eq!(code, 0, "{format}: {err}");
        let (_, without, _) = json_of(&["estimate", "--format", "json"], &[&plan]);
        assert_eq!(
            with["total_monthly_usd"], without["total_monthly_usd"],
            "{format}"
        );
    }
}

#[test]
fn diff_of_two_plans_gates_in_ci() {
    let base = fixture("ecs-plan.json");
    let d = tempfile::tempdir().unwrap();
    let head = d.path().join("head.json");
    std::fs::write(
        &head,
        std::fs::read_to_string(&base)
            .unwrap()
            .replace("\"desired_count\": 3", "\"desired_count\": 6"),
    )
    .unwrap();
    let out = costplan()
        .args([
            "diff",
            "--format",
            "markdown",
            "--fail-on-increase-percent",
            "5",
        ])
        .arg(&base)
        .arg(&head)
        .assert()
        .code(1)
        .get_output()
        .stdout
        .clone();
    let text = String::from_utf8(out).unwrap();
    assert!(text.contains("| api |"), "{text}");
    costplan()
        .args(["diff", "--fail-on-increase-percent", "500"])
        .arg(&base)
        .arg(&head)
        .assert()
        .success();
}

#[test]
fn bad_plans_are_errors_with_the_reason() {
    let d = tempfile::tempdir().unwrap();
    let cases: [(&str, &str, &str); 5] = [
        (
            "state.json",
            r#"{"format_version":"1.0","terraform_version":"1.11.4","values":{"root_module":{}}}"#,
            "a Terraform state",
        ),
        (
            "other.json",
            r#"{"name":"not a plan"}"#,
            "`$.format_version` is missing",
        ),
        (
            "future.json",
            r#"{"format_version":"2.0","planned_values":{}}"#,
            "plan formats 0.x and 1.x",
        ),
        (
            "cut.json",
            "{\"format_version\":\"1.2\",\n\"planned_values\":{\"root_module\":{",
            "cut off",
        ),
        ("array.json", "[1,2]", "not a JSON object"),
    ];
    for (name, text, needle) in cases {
        let p = d.path().join(name);
        std::fs::write(&p, text).unwrap();
        costplan()
            .arg("estimate")
            .arg(&p)
            .assert()
            .code(2)
            .stderr(predicates::str::contains(needle));
    }
    // Larger than the limit: refused before it is parsed, with the limit in the message.
    let big = d.path().join("big.json");
    let f = std::fs::File::create(&big).unwrap();
    f.set_len(100 * 1024 * 1024).unwrap();
    let out = costplan().arg("estimate").arg(&big).output().unwrap();
    assert_eq!(
        out.status.code(),
        Some(2),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}

#[test]
fn a_plan_without_a_region_asks_for_one() {
    let d = tempfile::tempdir().unwrap();
    let p = d.path().join("p.json");
    std::fs::write(
        &p,
        std::fs::read_to_string(fixture("ecs-plan.json"))
            .unwrap()
            .replace(
                "\"variables\": {\"region\": {\"value\": \"us-east-1\"}}",
                "\"variables\": {}",
            ),
    )
    .unwrap();
    costplan()
        .arg("estimate")
        .arg(&p)
        .assert()
        .code(2)
        .stderr(predicates::str::contains("pass `--region REGION`"));
    costplan()
        .args(["estimate", "--region", "us-east-1"])
        .arg(&p)
        .assert()
        .success();
}
