//! Command-line behaviour: exit codes, output files, schema, help.

use crate::common::{costplan, path};
use predicates::prelude::*;

#[test]
fn estimate_prints_the_total_and_exits_0() {
    costplan()
        .args(["estimate", "scenarios/baseline.toml"])
        .assert()
        .success()
        .stdout(predicate::str::contains("Total monthly"))
        .stdout(predicate::str::contains("395.66"));
}

#[test]
fn estimate_works_from_any_directory_with_bundled_prices() {
    let dir = tempfile::tempdir().unwrap();
    let mut cmd = costplan();
    cmd.current_dir(dir.path())
        .arg("estimate")
        .arg(path("scenarios/baseline.toml"))
        .assert()
        .success();
}

#[test]
fn output_file_is_written_and_stdout_stays_empty() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("e.json");
    costplan()
        .args([
            "estimate",
            "scenarios/baseline.toml",
            "--format",
            "json",
            "-o",
        ])
        .arg(&out)
        .assert()
        .success()
        .stdout(predicate::str::is_empty());
    let v: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&out).unwrap()).unwrap();
    assert_eq!(v["total_monthly_usd"], "395.6533");
}

/// Runs `costplan ARGS` under umask 022 (through `sh`, the portable way to set a child's umask).
#[cfg(unix)]
fn costplan_under_umask_022(args: &str) -> assert_cmd::Command {
    let mut cmd = assert_cmd::Command::new("sh");
    cmd.current_dir(crate::common::root())
        .arg("-c")
        .arg(format!(
            "umask 022 && exec \"{}\" {args}",
            env!("CARGO_BIN_EXE_costplan")
        ));
    cmd
}

#[cfg(unix)]
#[test]
fn output_file_gets_the_umask_mode_or_keeps_the_mode_it_had() {
    use std::os::unix::fs::PermissionsExt;
    let mode = |p: &std::path::Path| std::fs::metadata(p).unwrap().permissions().mode() & 0o777;
    let dir = tempfile::tempdir().unwrap();
    let new = dir.path().join("new.txt");
    costplan_under_umask_022(&format!(
        "estimate scenarios/baseline.toml -o '{}'",
        new.display()
    ))
    .assert()
    .success();
    assert_eq!(mode(&new), 0o644, "a new file: 0666 less the umask");

    let existing = dir.path().join("existing.txt");
    std::fs::write(&existing, "old").unwrap();
    std::fs::set_permissions(&existing, std::fs::Permissions::from_mode(0o640)).unwrap();
    costplan_under_umask_022(&format!(
        "estimate scenarios/baseline.toml -o '{}'",
        existing.display()
    ))
    .assert()
    .success();
    assert_eq!(mode(&existing), 0o640, "a replaced file keeps its mode");
    assert!(
        std::fs::read_to_string(&existing)
            .unwrap()
            .contains("395.66")
    );
}

/// What a written report looks like, by format.
fn looks_like(format: &str, text: &str) -> bool {
    let table = text.contains('│') || text.contains('─');
    match format {
        "csv" => !table && text.lines().next().is_some_and(|l| l.contains(',')),
        "json" => serde_json::from_str::<serde_json::Value>(text).is_ok(),
        "markdown" => !table && text.lines().any(|l| l.starts_with('|') && l.contains("--")),
        "html" => text.starts_with("<!DOCTYPE html>"),
        "table" => table,
        _ => unreachable!("{format}"),
    }
}

#[test]
fn output_extension_chooses_the_format_unless_format_is_given() {
    let dir = tempfile::tempdir().unwrap();
    let cases: &[(&[&str], &str, &str)] = &[
        (&["estimate", "scenarios/baseline.toml"], "e.csv", "csv"),
        (&["estimate", "scenarios/baseline.toml"], "e.md", "markdown"),
        (&["estimate", "scenarios/baseline.toml"], "e.json", "json"),
        (&["estimate", "scenarios/baseline.toml"], "e.html", "html"),
        (&["estimate", "scenarios/baseline.toml"], "e.txt", "table"),
        (
            &["estimate", "scenarios/baseline.toml", "-f", "table"],
            "t.csv",
            "table",
        ),
        (
            &["estimate", "scenarios/baseline.toml", "--format=json"],
            "j.md",
            "json",
        ),
        (
            &[
                "diff",
                "scenarios/baseline.toml",
                "tests/fixtures/workers-x2.toml",
            ],
            "d.md",
            "markdown",
        ),
        (
            &[
                "diff",
                "scenarios/baseline.toml",
                "tests/fixtures/workers-x2.toml",
            ],
            "d.csv",
            "csv",
        ),
        (&["capacity", "scenarios/baseline.toml"], "c.json", "json"),
        (
            &[
                "compare",
                "scenarios/baseline.toml",
                "scenarios/what-if.toml",
            ],
            "cmp.csv",
            "csv",
        ),
        (
            &[
                "sweep",
                "scenarios/baseline.toml",
                "--set",
                "nat.gateways=1..2",
            ],
            "s.json",
            "json",
        ),
        (
            &["sensitivity", "scenarios/baseline.toml"],
            "t.md",
            "markdown",
        ),
    ];
    for (args, file, format) in cases {
        let out = dir.path().join(file);
        costplan()
            .args(*args)
            .arg("-o")
            .arg(&out)
            .assert()
            .code(predicate::in_iter([0, 1]));
        let text = std::fs::read_to_string(&out).unwrap();
        assert!(
            looks_like(format, &text),
            "{args:?} -o {file}: expected {format}, got:\n{text}"
        );
    }
}

#[test]
fn unwritable_output_keeps_the_old_file_and_exits_4() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("missing").join("e.json");
    costplan()
        .args(["estimate", "scenarios/baseline.toml", "-o"])
        .arg(&out)
        .assert()
        .code(4)
        .stderr(predicate::str::contains("cannot write"));
}

#[test]
fn prices_dir_replaces_the_bundled_tables() {
    costplan()
        .args(["--prices", "pricing", "estimate", "scenarios/baseline.toml"])
        .assert()
        .success()
        .stdout(predicate::str::contains("395.66"));
    let empty = tempfile::tempdir().unwrap();
    costplan()
        .arg("--prices")
        .arg(empty.path())
        .args(["estimate", "scenarios/baseline.toml"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("no price tables"));
}

#[test]
fn usage_errors_exit_2() {
    costplan().args(["estimate"]).assert().code(2);
    costplan().args(["frobnicate"]).assert().code(2);
    costplan()
        .args(["estimate", "scenarios/baseline.toml", "--format", "yaml"])
        .assert()
        .code(2);
}

#[test]
fn help_shows_a_worked_example() {
    costplan()
        .args(["estimate", "--help"])
        .assert()
        .success()
        .stdout(predicate::str::contains(
            "costplan estimate scenarios/baseline.toml",
        ));
}

#[test]
fn schema_is_json_that_describes_every_section() {
    let out = costplan().arg("schema").output().unwrap();
    assert!(out.status.success());
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let props = v["properties"].as_object().unwrap();
    for key in [
        "name",
        "region",
        "hours_per_month",
        "service",
        "database",
        "cache",
        "load_balancer",
        "nat",
        "data_transfer",
        "cloudwatch",
        "secrets_manager",
        "ecr",
        "public_ipv4",
        "vpc_endpoints",
        "reference",
    ] {
        assert!(props.contains_key(key), "schema lacks `{key}`");
    }
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(
        text.contains("vCPU per task"),
        "descriptions come from the raw types"
    );
    assert!(
        text.contains("\"additionalProperties\": false"),
        "unknown keys are rejected"
    );
}

#[test]
fn closed_pipe_exits_quietly() {
    // `head -c1` closes the pipe after one byte; costplan must neither panic nor complain.
    let bin = env!("CARGO_BIN_EXE_costplan");
    let cmd = format!(
        "set -o pipefail; '{bin}' estimate '{}' | head -c1 >/dev/null",
        path("scenarios/baseline.toml").display()
    );
    let out = std::process::Command::new("bash")
        .args(["-c", &cmd])
        .output()
        .unwrap();
    assert!(out.status.success(), "{out:?}");
    assert!(
        out.stderr.is_empty(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}

#[test]
fn docs_topology_documents_every_topology_key() {
    let readme = std::fs::read_to_string(path("docs/topology.md")).unwrap();
    let out = costplan().arg("schema").output().unwrap();
    let schema: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let mut missing = Vec::new();
    let mut visit = |props: &serde_json::Map<String, serde_json::Value>| {
        for key in props.keys() {
            if !readme.contains(&format!("| `{key}` |")) {
                missing.push(key.clone());
            }
        }
    };
    visit(schema["properties"].as_object().unwrap());
    for def in schema["$defs"].as_object().unwrap().values() {
        if let Some(p) = def["properties"].as_object() {
            visit(p);
        }
    }
    assert!(
        missing.is_empty(),
        "docs/topology.md lacks keys: {missing:?}"
    );
}

#[test]
fn ci_runs_the_readme_quick_start_word_for_word() {
    let readme = std::fs::read_to_string(path("README.md")).unwrap();
    let ci = std::fs::read_to_string(path(".ci/run")).unwrap();
    let start = readme.find("## Quick start").unwrap();
    let block = &readme[start..];
    let code = &block[block.find("```sh\n").unwrap() + 6..];
    let code = &code[..code.find("```").unwrap()];
    let commands: Vec<&str> = code.lines().filter(|l| !l.trim().is_empty()).collect();
    assert_eq!(
        commands.len(),
        2,
        "the quick start is two commands: {commands:?}"
    );
    for c in commands {
        assert!(
            ci.lines().any(|l| l.trim_start().starts_with(c)),
            ".ci/run does not run `{c}`"
        );
    }
}

#[test]
fn an_old_price_table_is_warned_about_on_stderr_only() {
    let out = costplan()
        .args([
            "--max-price-age-days",
            "0",
            "estimate",
            "scenarios/baseline.toml",
            "--format",
            "json",
        ])
        .output()
        .unwrap();
    assert!(out.status.success());
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("warning: the us-east-1 price table is")
            && stderr.contains("costplan pricing update --region us-east-1"),
        "{stderr}"
    );
    assert!(!String::from_utf8_lossy(&out.stdout).contains("days old"));
    let quiet = costplan()
        .args([
            "-q",
            "--max-price-age-days",
            "0",
            "estimate",
            "scenarios/baseline.toml",
        ])
        .output()
        .unwrap();
    assert!(quiet.stderr.is_empty());
    let fresh = costplan()
        .args([
            "--max-price-age-days",
            "100000",
            "estimate",
            "scenarios/baseline.toml",
        ])
        .output()
        .unwrap();
    assert!(fresh.stderr.is_empty());
}

#[test]
fn region_flag_prices_in_another_table_and_names_what_it_lacks() {
    costplan()
        .args([
            "estimate",
            "scenarios/baseline.toml",
            "--region",
            "us-west-2",
        ])
        .assert()
        .code(3)
        .stderr(predicate::str::contains(
            "are not in the us-west-2 price table",
        ));
    costplan()
        .args([
            "estimate",
            "scenarios/baseline.toml",
            "--region",
            "ap-south-9",
        ])
        .assert()
        .code(3)
        .stderr(predicate::str::contains(
            "no price table for region `ap-south-9`",
        ));
}

#[test]
fn the_eu_west_1_scenario_names_the_price_it_lacks_instead_of_guessing() {
    costplan()
        .args(["estimate", "scenarios/eu-west-1.toml"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains(
            "unknown instance class `db.t3.medium` for postgres multi-az in the eu-west-1 price table",
        ));
}

#[test]
fn readme_sample_output_is_what_the_quick_start_prints() {
    let readme = std::fs::read_to_string(path("README.md")).unwrap();
    let start = readme.find("## Sample output").unwrap();
    let block = &readme[start..];
    let body = &block[block.find("```text\n").unwrap() + 8..];
    let sample = &body[..body.find("```").unwrap()];
    let out = costplan()
        .args(["estimate", "scenarios/baseline.toml"])
        .output()
        .unwrap();
    assert_eq!(sample, String::from_utf8(out.stdout).unwrap());
}

#[test]
fn warnings_speak_of_the_users_topology_and_provenance_cites_files_in_the_repository() {
    let out = costplan()
        .args([
            "compare",
            "scenarios/baseline.toml",
            "scenarios/what-if.toml",
            "-f",
            "json",
        ])
        .output()
        .unwrap();
    let text = String::from_utf8(out.stdout).unwrap();
    for code in ["single-nat", "single-az-db", "single-cache-node"] {
        assert!(
            text.contains(code),
            "the what-if scenarios trigger `{code}`"
        );
    }
    assert!(!text.contains("seed design"), "{text}");
    let out = costplan()
        .args(["estimate", "scenarios/baseline.toml"])
        .output()
        .unwrap();
    let text = String::from_utf8(out.stdout).unwrap();
    let prices = text.lines().find(|l| l.starts_with("Prices:")).unwrap();
    let cited: Vec<&str> = prices
        .split(|c: char| c.is_whitespace() || c == '(' || c == ')' || c == ',' || c == ';')
        .filter(|w| w.ends_with(".md") || w.ends_with(".toml"))
        .collect();
    assert!(!cited.is_empty(), "{prices}");
    for path in cited {
        assert!(
            crate::common::path(path).is_file(),
            "`{path}` is not in the repository: {prices}"
        );
    }
}

/// A price the table lacks is exit 3 naming the key and the exact command that would fetch it.
#[test]
fn a_missing_price_names_the_pricing_update_command_for_its_region() {
    costplan()
        .args([
            "estimate",
            "scenarios/baseline.toml",
            "--region",
            "eu-west-1",
        ])
        .assert()
        .code(3)
        // every missing price in one run, not the first alone
        .stderr(predicate::str::contains(
            "6 prices are not in the eu-west-1 price table",
        ))
        .stderr(predicate::str::contains(
            "- `rds.instance_hour.postgres.multi_az.db.t3.medium`",
        ))
        .stderr(predicate::str::contains(
            "- `elasticache.node_hour.redis.cache.t3.micro`",
        ))
        .stderr(predicate::str::contains(
            "`costplan pricing update --region eu-west-1 --out pricing`",
        ));
}
