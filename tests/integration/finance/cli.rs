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

/// A topology or JSON estimate from an untrusted pull request.
fn hostile_estimate_json(dir: &std::path::Path) -> std::path::PathBuf {
    let json = String::from_utf8(
        costplan()
            .args(["estimate", BASELINE, "-f", "json"])
            .output()
            .unwrap()
            .stdout,
    )
    .unwrap();
    let json = json
        .replacen(
            "\"resource\": \"api\"",
            "\"resource\": \"=HYPERLINK(\\\"http://evil\\\",\\\"x\\\")\"",
            2,
        )
        .replacen("\"resource\": \"worker\"", "\"resource\": \"@SUM(1+1)\"", 2)
        .replacen(
            "\"resource\": \"scheduler\"",
            "\"resource\": \"<img src=x onerror=alert(1)> | `x` *b* [l](javascript:alert(1))\"",
            2,
        )
        .replacen(
            "\"resource\": \"notifier\"",
            "\"resource\": \"+cmd|' /C calc'!A0\"",
            2,
        );
    let p = dir.join("hostile.json");
    std::fs::write(&p, json).unwrap();
    p
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

/// GitHub's own renderer (cmark-gfm) turns the hostile comment into plain text in intact tables:
/// no element from a name, and every row of a table has its header's number of cells. Runs when
/// `cmark-gfm` is installed (`.ci/run` installs it); otherwise prints a notice.
#[test]
fn github_renders_hostile_names_as_text() {
    let Ok(out) = Command::new("cmark-gfm").arg("--version").output() else {
        assert!(
            std::env::var_os("COSTPLAN_REQUIRE_CMARK").is_none(),
            "COSTPLAN_REQUIRE_CMARK is set but `cmark-gfm` is not on the PATH"
        );
        println!("skipped: `cmark-gfm` is not installed; see .ci/run");
        return;
    };
    assert!(out.status.success());
    let dir = tempfile::tempdir().unwrap();
    let hostile = hostile_estimate_json(dir.path());
    let md = costplan()
        .arg("diff")
        .arg(&hostile)
        .arg(BASELINE)
        .args(["-f", "markdown"])
        .output()
        .unwrap()
        .stdout;
    let md_path = dir.path().join("comment.md");
    std::fs::write(&md_path, &md).unwrap();
    let html = Command::new("cmark-gfm")
        .args([
            "-e",
            "table",
            "-e",
            "strikethrough",
            "-e",
            "autolink",
            "-e",
            "tagfilter",
        ])
        .arg(&md_path)
        .output()
        .unwrap()
        .stdout;
    let html = String::from_utf8(html).unwrap();
    for tag in ["<img", "<a ", "<em>", "<code>", "<del>", "<script"] {
        assert!(!html.contains(tag), "{tag} in rendered comment:\n{html}");
    }
    assert!(html.contains("&lt;img src=x onerror=alert(1)&gt; | `x` *b* [l](javascript:alert(1))"));
    for table in html.split("<table>").skip(1) {
        let table = &table[..table.find("</table>").unwrap()];
        let cells: Vec<usize> = table
            .split("<tr>")
            .skip(1)
            .map(|row| row.matches("<td").count() + row.matches("<th").count())
            .collect();
        assert!(
            cells.windows(2).all(|w| w[0] == w[1]),
            "ragged table: {cells:?}"
        );
    }
}

/// The distinct values of the `row` column of a CSV, and the sum of its `line` rows' column
/// `column` next to the `total` row's.
fn row_kinds(
    csv_text: &str,
    column: &str,
) -> (Vec<String>, rust_decimal::Decimal, rust_decimal::Decimal) {
    let mut r = csv::Reader::from_reader(csv_text.as_bytes());
    let at = r
        .headers()
        .unwrap()
        .iter()
        .position(|h| h == column)
        .unwrap();
    let (mut kinds, mut lines, mut total) = (Vec::new(), rust_decimal::Decimal::ZERO, None);
    for rec in r.records() {
        let rec = rec.unwrap();
        let kind = rec[0].to_string();
        let value: rust_decimal::Decimal = rec[at].parse().unwrap_or_default();
        match kind.as_str() {
            "line" => lines += value,
            "total" => total = Some(value),
            _ => {}
        }
        if !kinds.contains(&kind) {
            kinds.push(kind);
        }
    }
    (kinds, lines, total.unwrap())
}

#[test]
fn csv_line_rows_sum_to_the_total_and_every_row_kind_is_documented() {
    let docs = read(&root().join("docs/csv.md"));
    let run =
        |args: &[&str]| String::from_utf8(costplan().args(args).output().unwrap().stdout).unwrap();
    let estimate = run(&["estimate", WORKERS_X2, "-f", "csv"]);
    let (kinds, lines, total) = row_kinds(&estimate, "monthly_usd");
    assert_eq!(lines, total, "line rows add up to the total row");
    assert!(kinds.contains(&"budget_limit".to_string()), "{kinds:?}");
    let diff = run(&["diff", BASELINE, WORKERS_X2, "-f", "csv"]);
    let (diff_kinds, lines, total) = row_kinds(&diff, "delta_usd");
    assert_eq!(lines, total, "changed line rows add up to the total change");
    for kind in kinds.iter().chain(&diff_kinds) {
        assert!(
            docs.contains(&format!("| `{kind}` |")),
            "docs/csv.md does not explain `row` = `{kind}`"
        );
    }
    assert!(
        docs.contains("SUMIF(A:A"),
        "docs/csv.md gives the SUMIF recipe"
    );
}
