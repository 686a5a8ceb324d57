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
                let after: Vec<&Value> = resources
                    .iter()
                    .filter(|r| r["status"] != "destroyed")
                    .collect();
                assert_eq!(after.len(), managed_after(&plan), "{}", p.display());
                for r in after {
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
        status("aws_instance.old").as_deref(),
        Some("destroyed"),
        "listed, and gone after the plan"
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
        (
            "table",
            "1 not supported, 1 destroyed by the plan (aws_sqs_queue 1)",
        ),
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
    use predicates::prelude::*;
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
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{err}");
    assert!(err.contains("larger than the limit"), "{err}");
    // A value of the wrong type: the place in the file and what was expected.
    let p = d.path().join("badtype.json");
    std::fs::write(
        &p,
        r#"{"format_version":"1.2","planned_values":{"root_module":{"resources":[{"address":"x","mode":"managed","type":7}]}}}"#,
    )
    .unwrap();
    // the same through a command that takes a topology
    costplan().arg("check").arg(&p).assert().code(2).stderr(
        predicates::str::contains("badtype.json:1:")
            .and(predicates::str::contains("expected a string"))
            .and(predicates::str::contains(
                "`$.planned_values.root_module.resources[0].type`",
            )),
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

// ---- the real Terraform corpus of tests/terraform (plans made by Terraform 1.11 here) ----

fn case(name: &str, file: &str) -> PathBuf {
    root().join("tests/terraform").join(name).join(file)
}

#[test]
fn the_seed_written_as_terraform_costs_what_the_baseline_costs_to_the_cent() {
    let (code, base, err) = json_of(
        &["estimate", "--format", "json", "scenarios/baseline.toml"],
        &[],
    );
    assert_eq!(code, 0, "{err}");
    for usage in ["usage.yml", "usage.toml"] {
        let (code, plan, err) = json_of(
            &["estimate", "--format", "json", "--usage"],
            &[&case("seed", usage), &case("seed", "plan.json")],
        );
        assert_eq!(code, 0, "{usage}: {err}");
        assert_eq!(
            plan["total_monthly_usd"], base["total_monthly_usd"],
            "{usage}"
        );
        assert_eq!(plan["groups"], base["groups"], "{usage}");
        // line by line: the same quantities at the same prices
        let key = |v: &Value| -> Vec<(String, String, String)> {
            let mut lines: Vec<_> = v["line_items"]
                .as_array()
                .unwrap()
                .iter()
                .map(|l| {
                    (
                        l["price_key"].as_str().unwrap().to_string(),
                        l["quantity"].as_str().unwrap().to_string(),
                        l["monthly_usd"].as_str().unwrap().to_string(),
                    )
                })
                .collect();
            lines.sort();
            lines
        };
        assert_eq!(key(&plan), key(&base), "{usage}");
        assert_eq!(
            plan["plan"]["unsupported_types"],
            serde_json::json!([]),
            "{usage}"
        );
    }
}

#[test]
fn modules_count_and_for_each_map_every_service_form() {
    let (code, v, err) = json_of(
        &["estimate", "--format", "json", "--usage"],
        &[
            &case("modules-count-foreach", "usage.yml"),
            &case("modules-count-foreach", "plan.json"),
        ],
    );
    assert_eq!(code, 0, "{err}");
    let account = v["plan"]["resources"].as_array().unwrap();
    let status = |address: &str| {
        account
            .iter()
            .find(|r| r["address"] == address)
            .unwrap_or_else(|| panic!("{address} not in the account"))["status"]
            .as_str()
            .unwrap()
            .to_string()
    };
    assert_eq!(status("aws_ecs_service.ec2"), "skipped");
    assert_eq!(
        status("module.app[\"blue\"].aws_nat_gateway.this[0]"),
        "priced"
    );
    assert_eq!(status("aws_ecs_service.svc[\"api\"]"), "priced");
    let lines = v["line_items"].as_array().unwrap();
    let has = |resource: &str, key: &str| {
        lines
            .iter()
            .any(|l| l["resource"] == resource && l["price_key"] == key)
    };
    // "1 vCPU"/"2 GB" on ARM64, "1024"/"2048" on Windows Server, a Spot strategy.
    assert!(has("api", "fargate.vcpu_hour.linux.arm64"), "{v:#}");
    assert!(has("web", "fargate.windows_os_license_vcpu_hour"), "{v:#}");
    assert!(
        lines
            .iter()
            .any(|l| l["price_key"] == "fargate_spot.vcpu_hour.linux.x86_64")
    );
}

#[test]
fn a_two_region_plan_prices_each_region_from_its_own_table_or_names_what_it_lacks() {
    let plan = case("two-regions", "plan.json");
    let usage = case("two-regions", "usage.yml");
    let out = costplan()
        .args(["estimate", "--usage"])
        .arg(&usage)
        .arg(&plan)
        .output()
        .unwrap();
    let err = String::from_utf8_lossy(&out.stderr);
    // eu-west-1 has no cited MySQL, Aurora I/O-Optimized or Memcached price: each is named with
    // its Terraform address; nothing is priced from another region's table.
    assert!(matches!(out.status.code(), Some(2 | 3)), "{err}");
    assert!(
        err.contains("eu-west-1") && err.contains("(Terraform: module.eu."),
        "{err}"
    );
    // One region at a time for `import`; the us-east-1 side is a valid topology.
    costplan()
        .args(["import", "terraform"])
        .arg(&plan)
        .assert()
        .code(2)
        .stderr(predicates::str::contains("resources in 2 regions"));
    let out = costplan()
        .args(["import", "terraform", "--region", "us-east-1", "--usage"])
        .arg(&usage)
        .arg(&plan)
        .output()
        .unwrap();
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(text.contains("engine = \"aurora-postgresql\""), "{text}");
    assert!(text.contains("type = \"network\""), "{text}");
    assert!(text.contains("reader_instance_classes"), "{text}");
}

#[test]
fn a_destroy_only_plan_prices_nothing_and_lists_what_it_destroys() {
    let (code, v, err) = json_of(
        &["estimate", "--format", "json"],
        &[&case("destroy-only", "plan.json")],
    );
    assert_eq!(code, 0, "{err}");
    assert_eq!(v["total_monthly_usd"], "0");
    let destroyed = v["plan"]["resources"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|r| r["status"] == "destroyed")
        .count();
    assert_eq!(destroyed, 8);
}

#[test]
fn diff_of_two_real_plans_shows_the_removals_and_gates() {
    let base = case("no-changes", "plan.json");
    let head = case("removals", "plan.json");
    let out = costplan()
        .args(["diff", "--format", "json"])
        .arg(&base)
        .arg(&head)
        .assert()
        .success()
        .get_output()
        .stdout
        .clone();
    let v: Value = serde_json::from_slice(&out).unwrap();
    let delta: rust_decimal::Decimal = v["total"]["delta_usd"].as_str().unwrap().parse().unwrap();
    assert!(delta < rust_decimal::Decimal::ZERO, "{v:#}");
    costplan()
        .args(["diff", "--fail-on-increase-percent", "10"])
        .arg(&head)
        .arg(&base)
        .assert()
        .code(1);
}

#[test]
fn resources_of_two_provider_regions_are_priced_each_from_its_own_table() {
    let (code, v, err) = json_of(
        &["estimate", "--format", "json"],
        &[&fixture("two-region-nat.json")],
    );
    assert_eq!(code, 0, "{err}");
    assert_eq!(v["region"], "us-east-1+eu-west-1");
    let lines = v["line_items"].as_array().unwrap();
    let hours = |resource: &str| {
        lines
            .iter()
            .find(|l| l["resource"] == resource && l["component"] == "gateway hours")
            .unwrap_or_else(|| panic!("{resource}: {v:#}"))["monthly_usd"]
            .as_str()
            .unwrap()
            .to_string()
    };
    // 730 h × $0.045 (us-east-1) and 730 h × $0.048 (eu-west-1, AmazonEC2 offer file extract).
    assert_eq!(hours("us-east-1 nat gateway"), "32.85");
    assert_eq!(hours("eu-west-1 nat gateway"), "35.04");
    assert_eq!(v["total_monthly_usd"], "67.89");
}

// ---- every command that takes a topology takes a plan (one shared reading) ----

/// The three corpus plans with their usage files and the region to read (the two-region plan
/// is read one region at a time, like `import terraform`: its eu-west-1 side lacks cited prices).
fn corpus_plans() -> [(&'static str, Option<&'static str>); 3] {
    [
        ("seed", None),
        ("modules-count-foreach", None),
        ("two-regions", Some("us-east-1")),
    ]
}

/// Runs costplan with `args`, the plan options, and returns (exit code, stdout, stderr).
fn run_text(args: &[&str], files: &[&Path]) -> (i32, String, String) {
    let mut c = costplan();
    c.arg("--allow-outside-paths").args(args);
    for p in files {
        c.arg(p);
    }
    let out = c.output().unwrap();
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

#[test]
fn every_command_that_takes_a_topology_takes_a_plan_and_reads_it_as_import_does() {
    let d = tempfile::tempdir().unwrap();
    for (name, region) in corpus_plans() {
        let plan = case(name, "plan.json");
        let usage = case(name, "usage.yml");
        let mut plan_opts: Vec<String> = vec!["--usage".into(), usage.display().to_string()];
        if let Some(r) = region {
            plan_opts.extend(["--region".into(), r.into()]);
        }
        // The topology `import terraform` writes is the reference: each command on the plan
        // must say what it says on that topology, line by line.
        let imported = d.path().join(format!("{name}.toml"));
        let mut import: Vec<String> = vec!["import".into(), "terraform".into()];
        import.extend(plan_opts.iter().cloned());
        import.extend(["-o".into(), imported.display().to_string()]);
        let import: Vec<&str> = import.iter().map(String::as_str).collect();
        let (code, _, err) = run_text(&import, &[&plan]);
        assert_eq!(code, 0, "{name}: import: {err}");
        // the imported topology is named after the plan file, as the plan read directly is
        let topo = std::fs::read_to_string(&imported).unwrap();
        assert!(topo.contains("\nname = \"plan"), "{name}: {topo}");
        let commands: [&[&str]; 5] = [
            &["check"],
            &["capacity", "--format", "json"],
            &["sensitivity", "--format", "json"],
            &["sweep", "--format", "json", "--set", "nat.gateways=1..3"],
            &["estimate", "--format", "json"],
        ];
        let plan_s = plan.display().to_string();
        let imported_s = imported.display().to_string();
        for cmd in commands {
            let mut with_plan: Vec<&str> = cmd.to_vec();
            if cmd[0] != "estimate" || region.is_none() {
                with_plan.extend(plan_opts.iter().map(String::as_str));
            } else {
                // `estimate` prices every region of a plan; this one needs the topology's only
                with_plan.extend(["--usage", plan_opts[1].as_str()]);
            }
            if cmd[0] == "estimate" && region.is_some() {
                continue; // the whole two-region plan is the subject of its own test
            }
            let (code, from_plan, err) = run_text(&with_plan, &[&plan]);
            let (code_t, from_topology, err_t) = run_text(cmd, &[&imported]);
            assert_eq!(code, code_t, "{name} {cmd:?}: {err} / {err_t}");
            assert!(
                code == 0 || (cmd[0] == "capacity" && code == 1),
                "{name} {cmd:?}: {err}"
            );
            // every resource of the plan is accounted for on stderr
            assert!(
                cmd[0] == "estimate" || err.contains("Terraform plan") && err.contains("priced"),
                "{name} {cmd:?}: {err}"
            );
            let mut from_plan = from_plan.replace(&plan_s, "INPUT");
            let mut from_topology = from_topology.replace(&imported_s, "INPUT");
            if cmd[0] == "estimate" {
                // the plan's estimate carries its account; the figures are the topology's
                let strip = |s: &str| {
                    let mut v: Value = serde_json::from_str(s).unwrap();
                    v.as_object_mut().unwrap().remove("plan");
                    v.as_object_mut().unwrap().remove("source");
                    v
                };
                from_plan = strip(&from_plan).to_string();
                from_topology = strip(&from_topology).to_string();
            }
            assert_eq!(from_plan, from_topology, "{name} {cmd:?}");
        }
        // compare: the plan as base, its own topology as a scenario: no change at all
        let mut cmp: Vec<&str> = vec!["compare", "--format", "json"];
        cmp.extend(plan_opts.iter().map(String::as_str));
        let (code, out, err) = run_text(&cmp, &[&plan, &imported]);
        assert_eq!(code, 0, "{name}: {err}");
        let v: Value = serde_json::from_str(&out).unwrap();
        let delta: rust_decimal::Decimal = v["scenarios"][0]["delta_usd"]
            .as_str()
            .unwrap()
            .parse()
            .unwrap();
        assert!(delta.is_zero(), "{name}: {out}");
        assert_eq!(
            v["scenarios"][0]["top_movers"],
            serde_json::json!([]),
            "{name}"
        );
        assert_eq!(
            v["base"]["total_monthly_usd"], v["scenarios"][0]["total_monthly_usd"],
            "{name}"
        );
        // a scenario whose `base` is the plan: overrides apply to the plan's topology
        let scenario = d.path().join(format!("{name}-scenario.toml"));
        std::fs::write(
            &scenario,
            format!(
                "name = \"three NAT\"\nbase = {:?}\n[set]\n\"nat.gateways\" = 3\n",
                plan_s
            ),
        )
        .unwrap();
        let (code, out, err) = run_text(&cmp, &[&imported, &scenario]);
        assert_eq!(code, 0, "{name}: {err}");
        let v: Value = serde_json::from_str(&out).unwrap();
        let s = &v["scenarios"][0];
        assert_eq!(s["name"], "three NAT", "{name}: {out}");
        let delta: rust_decimal::Decimal = s["delta_usd"].as_str().unwrap().parse().unwrap();
        assert!(delta > rust_decimal::Decimal::ZERO, "{name}: {out}");
        assert!(
            s["top_movers"][0]["group"] == "nat_gateway",
            "{name}: the NAT gateways added are what moved: {out}"
        );
    }
}

#[test]
fn the_seed_plan_through_check_and_sweep_is_the_baseline() {
    let plan = case("seed", "plan.json");
    let usage = case("seed", "usage.yml");
    let (code, from_plan, err) = run_text(&["check", "--usage"], &[&usage, &plan]);
    assert_eq!(code, 0, "{err}");
    let (_, baseline, _) = run_text(&["check", "scenarios/baseline.toml"], &[]);
    let cost = |s: &str| {
        let first = s.lines().next().unwrap_or_default();
        first.split(" costs ").nth(1).map(str::to_string)
    };
    assert!(cost(&from_plan).is_some(), "{from_plan}");
    assert_eq!(cost(&from_plan), cost(&baseline));
    let sweep = ["sweep", "-f", "json", "--set", "service.worker.count=1..8"];
    let (code, from_plan, err) = run_text(&[&sweep[..], &["--usage"]].concat(), &[&usage, &plan]);
    assert_eq!(code, 0, "{err}");
    let (_, baseline, _) = run_text(&[&sweep[..], &["scenarios/baseline.toml"]].concat(), &[]);
    let rows = |s: &str| serde_json::from_str::<Value>(s).unwrap()["points"].clone();
    assert!(rows(&from_plan).as_array().is_some_and(|r| r.len() == 8));
    assert_eq!(rows(&from_plan), rows(&baseline));
}

#[test]
fn plan_options_without_a_plan_and_several_regions_without_one_are_refused() {
    let usage = case("seed", "usage.yml");
    let (code, _, err) = run_text(&["check", "scenarios/baseline.toml", "--usage"], &[&usage]);
    assert_eq!(code, 2, "{err}");
    assert!(err.contains("for Terraform plans"), "{err}");
    let plan = case("two-regions", "plan.json");
    let (code, _, err) = run_text(&["sensitivity"], &[&plan]);
    assert_eq!(code, 2, "{err}");
    assert!(err.contains("--region R"), "{err}");
    // `capacity --apply` edits a topology file: a plan is imported first
    let (code, _, err) = run_text(
        &["capacity", "--apply", "--usage"],
        &[&case("seed", "usage.yml"), &case("seed", "plan.json")],
    );
    assert_eq!(code, 2, "{err}");
}

#[test]
fn a_diff_with_plan_sides_accounts_for_their_resources_in_every_format() {
    let base = case("no-changes", "plan.json");
    let head = case("removals", "plan.json");
    // JSON: counts per side, and rows by type (removed between the plans, destroyed by the head)
    let (code, v, err) = json_of(&["diff", "--format", "json"], &[&base, &head]);
    assert_eq!(code, 0, "{err}");
    let t = &v["terraform"];
    assert_eq!(t["base"]["destroyed"], 0, "{t}");
    assert_eq!(t["head"]["destroyed"], 3, "{t}");
    let rows = t["rows"].as_array().unwrap();
    let find = |what: &str, kind: &str| {
        rows.iter()
            .find(|r| r["what"] == what && r["type"] == kind)
            .map(|r| (r["base"].clone(), r["head"].clone()))
    };
    assert_eq!(
        find("removed", "aws_nat_gateway"),
        Some((1.into(), 0.into())),
        "{t}"
    );
    assert_eq!(
        find("destroyed", "aws_nat_gateway"),
        Some((0.into(), 1.into())),
        "{t}"
    );
    // A side that is not a plan has no counts; a plan side lists what its estimate left out.
    let shapes = case("modules-count-foreach", "plan.json");
    let (code, v, err) = json_of(
        &["diff", "--format", "json", "scenarios/baseline.toml"],
        &[&shapes],
    );
    assert_eq!(code, 0, "{err}");
    assert_eq!(v["terraform"]["base"], Value::Null);
    assert_eq!(
        v["terraform"]["rows"],
        serde_json::json!([{"what": "skipped", "type": "aws_ecs_service", "base": null, "head": 1}])
    );
    // Two topologies: no Terraform section, the JSON contract as before.
    let (_, v, _) = json_of(
        &[
            "diff",
            "--format",
            "json",
            "scenarios/baseline.toml",
            "scenarios/baseline.toml",
        ],
        &[],
    );
    assert!(v.get("terraform").is_none(), "{v}");
    // Table, Markdown and CSV say the same.
    for (format, needles) in [
        (
            "table",
            &[
                "head: Terraform plan",
                "destroyed by the plan",
                "aws_nat_gateway",
            ][..],
        ),
        (
            "markdown",
            &[
                "Terraform resources not in the estimates",
                "aws\\_nat\\_gateway",
            ][..],
        ),
        (
            "csv",
            &["terraform,removed,,aws_nat_gateway,,resource,1,0"][..],
        ),
    ] {
        let (code, out, err) = run_text(&["diff", "--format", format], &[&base, &head]);
        assert_eq!(code, 0, "{format}: {err}");
        for n in needles {
            assert!(out.contains(n), "{format}: {n}: {out}");
        }
    }
}

#[test]
fn docs_terraform_lists_every_free_type_mapped_type_and_usage_key_of_the_code() {
    let doc = std::fs::read_to_string(root().join("docs/terraform.md")).unwrap();
    for t in costplan::terraform::account::FREE_TYPES {
        assert!(
            doc.contains(&format!("`{t}`")),
            "docs/terraform.md lacks free type {t}"
        );
    }
    for p in costplan::terraform::account::FREE_PROVIDERS {
        assert!(
            doc.contains(&format!("`{p}`")),
            "docs/terraform.md lacks free provider {p}"
        );
    }
    for t in costplan::terraform::map::MAPPED_TYPES {
        assert!(
            doc.contains(&format!("`{t}`")),
            "docs/terraform.md lacks mapped type {t}"
        );
    }
    for (kind, keys) in costplan::terraform::usage::KEYS {
        for k in *keys {
            assert!(
                doc.contains(&format!("| `{kind}` | `{}` |", k.name)),
                "docs/terraform.md lacks usage key {kind}.{}",
                k.name
            );
        }
    }
}
