//! `check`, budgets, `--quiet`, completions, man, closed pipes, colour, and hostile names in
//! CSV and Markdown.

use super::{BASELINE, WORKERS_X2, costplan, read, root};
use predicates::prelude::*;
use predicates::str::contains;
use std::io::Read;
use std::process::{Command, Stdio};

#[test]
fn check_within_budget_or_without_one_exits_0() {
    costplan()
        .args(["check", BASELINE])
        .assert()
        .code(0)
        .stdout(contains("ok: scenarios/baseline.toml is valid; `production` costs $395.66 per month (no budget declared)"))
        .stderr("");
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path().join("t.toml");
    let text = read(&root().join(WORKERS_X2)).replace("ecs_fargate = 150", "ecs_fargate = 153.17");
    std::fs::write(&p, text).unwrap();
    costplan()
        .arg("check")
        .arg(&p)
        .assert()
        .code(0)
        .stdout(contains("ECS Fargate").and(contains("$0.00 headroom")));
}

#[test]
fn check_over_budget_exits_1_with_a_reason_per_breach() {
    costplan()
        .args(["check", WORKERS_X2])
        .assert()
        .code(1)
        .stdout(contains("over budget: tests/fixtures/workers-x2.toml is valid"))
        .stderr(
            "budget breached: group `ecs_fargate` costs $153.17 per month, $3.17 over the limit of $150.00\n",
        );
}

#[test]
fn quiet_prints_nothing_on_stdout_but_keeps_reasons_and_exit_codes() {
    costplan()
        .args(["--quiet", "check", WORKERS_X2])
        .assert()
        .code(1)
        .stdout("")
        .stderr(contains("budget breached"));
    costplan()
        .args(["estimate", BASELINE, "-q"])
        .assert()
        .code(0)
        .stdout("");
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("e.csv");
    costplan()
        .args(["estimate", BASELINE, "-q", "-f", "csv", "-o"])
        .arg(&out)
        .assert()
        .code(0)
        .stdout("");
    assert!(read(&out).starts_with("row,group,resource,"));
}

fn with_budget(budget: &str) -> String {
    format!("{}\n{budget}\n", read(&root().join(BASELINE)))
}

#[test]
fn invalid_budgets_exit_2_with_location_and_hint() {
    let dir = tempfile::tempdir().unwrap();
    let baseline_lines = read(&root().join(BASELINE)).lines().count();
    // (budget snippet, message, line of the snippet the error points at)
    for (budget, expected, at) in [
        (
            "[budget]\nmonthly_usd = -1",
            "`monthly_usd` must not be negative, found -1",
            2,
        ),
        ("[budget]\nmonthly = 450", "unknown key `monthly`", 2),
        (
            "[budget]\nmonthly_usd = 450\n[budget.groups]\nrsd = 100",
            "did you mean `rds`?",
            4,
        ),
        (
            "[budget]\nmonthly_usd = 450\n[budget.groups]\nrds = \"a lot\"",
            "is not a number",
            4,
        ),
    ] {
        let p = dir.path().join("b.toml");
        std::fs::write(&p, with_budget(budget)).unwrap();
        let line = baseline_lines + 1 + at;
        costplan()
            .arg("check")
            .arg(&p)
            .assert()
            .code(2)
            .stderr(contains(expected).and(contains(format!("b.toml:{line}:"))));
    }
    let p = dir.path().join("empty.toml");
    std::fs::write(&p, with_budget("[budget]")).unwrap();
    costplan().arg("check").arg(&p).assert().code(2).stderr(
        contains("`[budget]` declares no limit").and(contains("hint: add `monthly_usd = 450`")),
    );
}

#[test]
fn estimate_shows_budget_headroom_in_every_format() {
    for (format, expected) in [
        ("table", "Budget: over budget"),
        (
            "markdown",
            "| ECS Fargate | 150.00 | 153.17 | -3.17 | ❌ over |",
        ),
        (
            "csv",
            "budget_headroom,ecs_fargate,,headroom (over budget),,,,-3.17,-38.04,,,",
        ),
        ("json", "\"headroom_usd\": \"-3.17\""),
    ] {
        costplan()
            .args(["estimate", WORKERS_X2, "-f", format])
            .assert()
            .code(0)
            .stdout(contains(expected));
    }
    // No budget, no budget section.
    costplan()
        .args(["estimate", BASELINE, "-f", "json"])
        .assert()
        .stdout(contains("budget").not());
}

#[test]
fn completions_for_every_shell_and_a_man_page() {
    for (shell, marker) in [
        ("bash", "_costplan()"),
        ("zsh", "#compdef costplan"),
        ("fish", "complete -c costplan"),
        ("powershell", "Register-ArgumentCompleter"),
    ] {
        costplan()
            .args(["completions", shell])
            .assert()
            .success()
            .stdout(contains(marker).and(contains("diff")));
    }
    costplan()
        .arg("man")
        .assert()
        .success()
        .stdout(contains(".TH costplan").and(contains("estimate")));
}

#[test]
fn every_subcommand_help_has_an_example() {
    for sub in ["estimate", "diff", "check", "schema", "completions", "man"] {
        costplan()
            .args([sub, "--help"])
            .assert()
            .success()
            .stdout(contains("Example").and(contains("costplan ")));
    }
}

#[test]
fn a_closed_pipe_exits_quietly_with_0() {
    let mut child = Command::new(env!("CARGO_BIN_EXE_costplan"))
        .current_dir(root())
        .args(["estimate", BASELINE])
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    drop(child.stdout.take()); // the reader goes away before anything is written
    let mut stderr = String::new();
    child
        .stderr
        .take()
        .unwrap()
        .read_to_string(&mut stderr)
        .unwrap();
    let status = child.wait().unwrap();
    assert_eq!(status.code(), Some(0), "stderr: {stderr}");
    assert_eq!(stderr, "");
}

#[test]
fn piping_into_head_exits_0() {
    let bin = env!("CARGO_BIN_EXE_costplan");
    let out = Command::new("bash")
        .current_dir(root())
        .arg("-c")
        .arg(format!(
            "'{bin}' estimate {BASELINE} | head -1; echo \"status=${{PIPESTATUS[0]}}\""
        ))
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(stdout.starts_with("production (us-east-1)"), "{stdout}");
    assert!(stdout.contains("status=0"), "{stdout}");
    assert_eq!(String::from_utf8_lossy(&out.stderr), "");
}

#[test]
fn no_colour_when_not_a_terminal_or_with_no_color() {
    for no_color in [None, Some("1")] {
        let mut cmd = costplan();
        if let Some(v) = no_color {
            cmd.env("NO_COLOR", v);
        }
        cmd.args(["diff", BASELINE, WORKERS_X2])
            .assert()
            .stdout(contains("\u{1b}").not());
    }
    // The renderer itself colours increases red when asked to.
    let d = costplan::diff::diff(
        &super::estimate_file(BASELINE),
        &super::estimate_file(WORKERS_X2),
    );
    assert!(costplan::report::table::render_diff(&d, true).contains("\u{1b}["));
}

/// A JSON estimate from an untrusted pull request (`tests/shared/hostile_estimate.rs`).
fn hostile_estimate_json(dir: &std::path::Path) -> std::path::PathBuf {
    let json = costplan()
        .args(["estimate", BASELINE, "-f", "json"])
        .output()
        .unwrap()
        .stdout;
    crate::hostile_estimate::write(dir, &String::from_utf8(json).unwrap())
}

#[test]
fn csv_injection_is_neutralised_and_numbers_stay_numbers() {
    let dir = tempfile::tempdir().unwrap();
    let hostile = hostile_estimate_json(dir.path());
    costplan()
        .arg("diff")
        .arg(&hostile)
        .arg(BASELINE)
        .args(["-f", "csv"])
        .assert()
        .success()
        .stdout(
            contains("line,removed,ecs_fargate,\"'=HYPERLINK(\"\"http://evil\"\",\"\"x\"\")\",")
                .and(contains("line,removed,ecs_fargate,'@SUM(1+1),"))
                .and(contains("line,removed,ecs_fargate,'+cmd|' /C calc'!A0,"))
                // a negative delta stays a number
                .and(contains(",36.94,,-36.94,-100.0"))
                .and(contains(",=").not())
                .and(contains(",\"=").not()),
        );
    // A service name a topology may legally start with `-`.
    let p = dir.path().join("dash.toml");
    std::fs::write(
        &p,
        read(&root().join(BASELINE)).replace("name = \"api\"", "name = \"-1\""),
    )
    .unwrap();
    costplan()
        .arg("estimate")
        .arg(&p)
        .args(["-f", "csv"])
        .assert()
        .success()
        .stdout(contains("line,ecs_fargate,'-1,").and(contains("line,ecs_fargate,-1,").not()));
}

#[test]
fn markdown_escapes_hostile_names() {
    let dir = tempfile::tempdir().unwrap();
    let hostile = hostile_estimate_json(dir.path());
    costplan()
        .arg("diff")
        .arg(&hostile)
        .arg(BASELINE)
        .args(["-f", "markdown"])
        .assert()
        .success()
        .stdout(
            contains("&lt;img src=x onerror=alert(1)&gt; \\| \\`x\\` \\*b\\* \\[l\\](javascript&#58;alert(1))")
                .and(contains("<img").not())
                .and(contains("javascript:").not())
                .and(contains("@&#8203;SUM")),
        );
    let p = dir.path().join("name.toml");
    std::fs::write(
        &p,
        read(&root().join(BASELINE)).replace(
            "name = \"production\"",
            "name = \"<script>x</script> | @ops\"",
        ),
    )
    .unwrap();
    costplan()
        .arg("estimate")
        .arg(&p)
        .args(["-f", "markdown"])
        .assert()
        .success()
        .stdout(
            contains("### Monthly cost estimate: &lt;script&gt;x&lt;/script&gt; \\| @&#8203;ops")
                .and(contains("<script>").not()),
        );
}
