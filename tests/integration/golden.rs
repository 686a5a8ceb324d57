//! Golden outputs through the real binary: one insta snapshot per output format per result
//! (under `tests/integration/snapshots/`, named `<result>.<format>`), plus the properties every
//! format must keep: the displayed totals, CRLF records in CSV, the same figures everywhere.
//! Review a change with `INSTA_UPDATE=always cargo test golden` and `git diff`.

use crate::common::{costplan, read, root};
use crate::reports::{BASELINE, WORKERS_X2, estimate_file};

/// The formats every result has; `estimate` also renders HTML.
const FORMATS: [&str; 4] = ["table", "json", "csv", "markdown"];

fn stdout(args: &[&str]) -> String {
    let out = costplan().args(args).output().expect("run costplan");
    String::from_utf8(out.stdout).expect("utf-8 output")
}

/// Pins `text` as `snapshots/<name>.snap`.
macro_rules! golden {
    ($name:expr, $text:expr) => {
        insta::with_settings!({prepend_module_to_snapshot => false}, {
            insta::assert_snapshot!($name, $text);
        })
    };
}

#[test]
fn estimate_is_pinned_in_every_format_with_its_displayed_total() {
    // Displayed totals; JSON carries the exact ones.
    for (name, file, total, exact) in [
        ("baseline", BASELINE, "395.66", "395.6533"),
        ("workers_x2", WORKERS_X2, "440.71", "440.703425"),
    ] {
        for format in FORMATS.into_iter().chain(["html"]) {
            let text = stdout(&["estimate", file, "--format", format]);
            let expected = if format == "json" { exact } else { total };
            assert!(
                text.contains(expected),
                "{name} {format}: no total {expected}"
            );
            if format == "csv" {
                let crlf = text.matches("\r\n").count();
                assert!(
                    crlf > 10 && crlf == text.matches('\n').count(),
                    "RFC 4180 records end in CRLF"
                );
            }
            golden!(format!("estimate_{name}.{format}"), text);
        }
    }
}

#[test]
fn diff_is_pinned_in_every_format_with_its_change() {
    for format in FORMATS {
        let text = stdout(&["diff", BASELINE, WORKERS_X2, "--format", format]);
        assert!(text.contains("45.05"), "{format}: {text}");
        golden!(format!("diff_baseline_workers_x2.{format}"), text);
    }
}

#[test]
fn check_verdicts_are_pinned() {
    golden!("check_baseline", stdout(&["check", BASELINE]));
    golden!("check_workers_x2", stdout(&["check", WORKERS_X2]));
}

/// The committed example PR comment is what `diff --format markdown` renders today.
#[test]
fn example_pr_comment_is_current() {
    let rendered = stdout(&["diff", BASELINE, WORKERS_X2, "--format", "markdown"]);
    let committed = read(&root().join("docs/example-pr-comment.md"));
    assert!(
        committed.ends_with(&rendered),
        "docs/example-pr-comment.md is stale: regenerate it with\n  \
         costplan diff {BASELINE} {WORKERS_X2} --format markdown"
    );
}

/// Every format shows the same displayed figures: each group subtotal and the totals.
#[test]
fn formats_agree_on_every_displayed_figure() {
    let e = estimate_file(WORKERS_X2);
    let view = costplan::report::EstimateView::new(&e);
    let outputs: Vec<(&str, String)> = ["table", "csv", "markdown", "html"]
        .into_iter()
        .map(|f| (f, stdout(&["estimate", WORKERS_X2, "--format", f])))
        .collect();
    let mut figures: Vec<rust_decimal::Decimal> =
        view.groups.iter().map(|g| g.monthly_usd).collect();
    figures.push(view.total_monthly_usd);
    figures.push(view.total_annual_usd);
    for (format, text) in &outputs {
        for f in &figures {
            let shown = if *format == "csv" {
                costplan::money::plain_usd(*f)
            } else {
                costplan::money::format_usd(*f)
            };
            assert!(text.contains(&shown), "{format} does not show {shown}");
        }
    }
    assert_eq!(
        view.total_monthly_usd,
        view.groups.iter().map(|g| g.monthly_usd).sum()
    );
}

/// The analysis pages, one per result (their other formats are pinned in `scenarios.rs`).
#[test]
fn analysis_pages_are_pinned_as_html() {
    for (name, args) in [
        (
            "compare_what_if",
            &["compare", BASELINE, "scenarios/what-if.toml"][..],
        ),
        (
            "sweep_worker_count",
            &["sweep", BASELINE, "--set", "service.worker.count=1..10:3"][..],
        ),
        ("sensitivity_baseline", &["sensitivity", BASELINE][..]),
    ] {
        let text = stdout(&[args, &["-f", "html"]].concat());
        assert!(text.starts_with("<!DOCTYPE html>"), "{name}: not a page");
        golden!(format!("{name}.html"), text);
    }
}

/// The seed with a 3-year RI and a 1-year Savings Plan (test price table) in every format: the
/// estimate's lines as pinned above, then the commitments section.
#[test]
fn commitments_are_pinned_in_every_format() {
    for format in FORMATS {
        let text = stdout(&[
            "estimate",
            "scenarios/examples/commitments.toml",
            "--prices",
            "tests/fixtures/commitment-prices",
            "--format",
            format,
        ]);
        assert!(text.contains("319.94"), "{format}: no amortised total");
        golden!(format!("commitments.{format}"), text);
    }
}
