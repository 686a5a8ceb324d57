//! Tests that drive an outside program: headless Chromium renders the HTML reports, LibreOffice
//! Calc round-trips the CSV, cmark-gfm (GitHub's Markdown renderer) renders the PR comment,
//! Terraform regenerates the plans of the Terraform corpus (tests/terraform/), DuckDB runs the bill
//! aggregation query and sqlglot parses its Athena and Spark texts (python3 with duckdb and sqlglot).
//!
//! This target runs without libtest's harness (`harness = false`, through `libtest-mimic`) so that
//! a test whose program is missing is reported as *ignored* in the summary ("3 passed; 0 failed;
//! 0 ignored" or "0 passed; 0 failed; 3 ignored"), decided at run time, instead of passing in a few
//! milliseconds without checking anything. With `COSTPLAN_REQUIRE_CHROMIUM`,
//! `COSTPLAN_REQUIRE_LIBREOFFICE`, `COSTPLAN_REQUIRE_CMARK`, `COSTPLAN_REQUIRE_TERRAFORM`,
//! `COSTPLAN_REQUIRE_PYTHON_SQL` or `COSTPLAN_REQUIRE_POPPLER` (pdftoppm and pdftotext, which read
//! the HTML report printed to PDF by Chromium) set (`.ci/run` sets them all) a missing program
//! fails its test instead.

mod chromium;
mod cmark;
#[path = "../shared/hostile_estimate.rs"]
mod hostile_estimate;
mod libreoffice;
mod sql;
mod terraform;

use libtest_mimic::{Arguments, Trial};
use std::path::PathBuf;

pub const BASELINE: &str = "scenarios/baseline.toml";
/// The baseline with twice the worker tasks and a budget (over it for `ecs_fargate`).
pub const WORKERS_X2: &str = "tests/fixtures/workers-x2.toml";

/// The costplan binary, run from the repository root.
pub fn costplan() -> assert_cmd::Command {
    let mut cmd = assert_cmd::Command::new(env!("CARGO_BIN_EXE_costplan"));
    cmd.current_dir(root()).env_remove("NO_COLOR");
    // A fixed generation date, so HTML reports are stable snapshots.
    cmd.env("SOURCE_DATE_EPOCH", "1796400000");
    cmd
}

pub fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// Where `program` is on the PATH, if it is.
pub fn on_path(program: &str) -> Option<PathBuf> {
    let path = std::env::var_os("PATH")?;
    std::env::split_paths(&path)
        .map(|d| d.join(program))
        .find(|p| p.is_file())
}

/// One test that needs an outside program.
struct ToolTest {
    name: &'static str,
    /// The program looked up on the PATH.
    program: &'static str,
    /// Set to fail instead of skipping when the program is missing.
    require_var: &'static str,
    /// A further check that the program can do the job (Python modules imported), beyond
    /// being on the PATH.
    ready: Option<fn() -> bool>,
    run: fn(),
}

const TESTS: &[ToolTest] = &[
    ToolTest {
        name: "chromium::reports_render_in_headless_chromium_with_non_empty_charts",
        program: "chromium",
        require_var: "COSTPLAN_REQUIRE_CHROMIUM",
        run: chromium::reports_render_in_headless_chromium_with_non_empty_charts,
        ready: None,
    },
    ToolTest {
        name: "chromium::estimate_report_prints_to_pdf_on_a4_and_letter",
        program: "pdftoppm",
        require_var: "COSTPLAN_REQUIRE_POPPLER",
        run: chromium::estimate_report_prints_to_pdf_on_a4_and_letter,
        ready: None,
    },
    ToolTest {
        name: "libreoffice::csv_survives_a_libreoffice_round_trip",
        program: "soffice",
        require_var: "COSTPLAN_REQUIRE_LIBREOFFICE",
        run: libreoffice::csv_survives_a_libreoffice_round_trip,
        ready: None,
    },
    ToolTest {
        name: "libreoffice::xlsx_recalculates_to_the_displayed_totals",
        program: "soffice",
        require_var: "COSTPLAN_REQUIRE_LIBREOFFICE",
        run: libreoffice::xlsx_recalculates_to_the_displayed_totals,
        ready: None,
    },
    ToolTest {
        name: "libreoffice::commitments_sheet_recalculates_to_the_displayed_totals",
        program: "soffice",
        require_var: "COSTPLAN_REQUIRE_LIBREOFFICE",
        run: libreoffice::commitments_sheet_recalculates_to_the_displayed_totals,
        ready: None,
    },
    ToolTest {
        name: "cmark::github_renders_hostile_names_as_text",
        program: "cmark-gfm",
        require_var: "COSTPLAN_REQUIRE_CMARK",
        run: cmark::github_renders_hostile_names_as_text,
        ready: None,
    },
    ToolTest {
        name: "terraform::committed_plans_match_real_terraform",
        program: "terraform",
        require_var: "COSTPLAN_REQUIRE_TERRAFORM",
        run: terraform::committed_plans_match_real_terraform,
        ready: None,
    },
    ToolTest {
        name: "sql::aggregate_query_equals_the_raw_bill",
        program: "python3",
        require_var: "COSTPLAN_REQUIRE_PYTHON_SQL",
        run: sql::aggregate_query_equals_the_raw_bill,
        ready: Some(sql::python_sql_present),
    },
];

fn main() {
    let args = Arguments::from_args();
    let trials = TESTS
        .iter()
        .map(|t| {
            let present = on_path(t.program).is_some() && t.ready.is_none_or(|ready| ready());
            let required = std::env::var_os(t.require_var).is_some();
            let run = t.run;
            let (program, var) = (t.program, t.require_var);
            let trial = Trial::test(t.name, move || {
                if !present {
                    // Only reached when required (or with --include-ignored).
                    return Err(format!(
                        "{var} is set but `{program}` is not on the PATH (or cannot import what the test needs)"
                    )
                    .into());
                }
                run();
                Ok(())
            });
            if !present && !required {
                eprintln!(
                    "ignored {}: `{program}` is not on the PATH or lacks what the test needs (.ci/run installs it; set {var}=1 to fail instead)",
                    t.name
                );
            }
            trial.with_ignored_flag(!present && !required)
        })
        .collect();
    libtest_mimic::run(&args, trials).exit();
}
