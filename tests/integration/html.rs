//! The HTML report: names escaped in text and attributes, and every figure the table shows
//! (budget, reconciliation, charts, simulation percentiles). The check that a real headless
//! Chromium renders every report is in the `tools` test target (`tests/tools/chromium.rs`).

use assert_cmd::Command;
use std::path::{Path, PathBuf};

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn costplan() -> Command {
    let mut c = Command::cargo_bin("costplan").expect("binary built");
    c.current_dir(root());
    c
}

const HOSTILE: &str = "<img src=x onerror=alert(1)>\"'&";

#[test]
fn names_are_escaped_in_text_and_attributes() {
    let d = tempfile::tempdir().expect("tempdir");
    let base = std::fs::read_to_string(root().join("scenarios/baseline.toml")).expect("baseline");
    let base = base.replace(
        "name = \"production\"",
        &format!("name = {}", toml_string(HOSTILE)),
    );
    std::fs::write(d.path().join("base.toml"), base).expect("write");
    std::fs::write(
        d.path().join("s.toml"),
        format!(
            "name = {}\nbase = \"base.toml\"\n[set]\n\"nat.gateways\" = 1\n",
            toml_string(HOSTILE)
        ),
    )
    .expect("write");
    for args in [
        vec![
            "estimate".to_string(),
            "base.toml".into(),
            "-f".into(),
            "html".into(),
        ],
        vec![
            "compare".into(),
            "base.toml".into(),
            "s.toml".into(),
            "-f".into(),
            "html".into(),
        ],
        vec![
            "sensitivity".into(),
            "s.toml".into(),
            "-f".into(),
            "html".into(),
        ],
        vec![
            "sweep".into(),
            "s.toml".into(),
            "--set".into(),
            "nat.gateways=1..3".into(),
            "-f".into(),
            "html".into(),
        ],
        vec![
            "capacity".into(),
            "base.toml".into(),
            "--growth".into(),
            "10%".into(),
            "-f".into(),
            "html".into(),
        ],
    ] {
        let out = costplan()
            .current_dir(d.path())
            .args(&args)
            .assert()
            .success()
            .get_output()
            .stdout
            .clone();
        let html = String::from_utf8(out).expect("utf-8");
        assert!(!html.contains("<img"), "{args:?}: unescaped name");
        assert!(
            !html.contains("onerror=alert(1)>\""),
            "{args:?}: unescaped attribute"
        );
        assert!(
            html.contains("&lt;img src=x onerror=alert(1)&gt;"),
            "{args:?}: name missing"
        );
    }
}

fn toml_string(s: &str) -> String {
    format!("\"{}\"", s.replace('\\', "\\\\").replace('"', "\\\""))
}

/// Runs costplan in `dir` and returns its stdout (it must succeed).
fn stdout_in(dir: &Path, args: &[&str]) -> String {
    let out = costplan()
        .current_dir(dir)
        .args(args)
        .assert()
        .success()
        .get_output()
        .stdout
        .clone();
    String::from_utf8(out).expect("utf-8")
}

/// Runs costplan from the repository root and returns its stdout (it must succeed).
fn stdout(args: &[&str]) -> String {
    stdout_in(&root(), args)
}

/// The body rows of the first terminal table after the line starting with `heading`, cells trimmed.
fn terminal_rows(text: &str, heading: &str) -> Vec<Vec<String>> {
    let mut lines = text.lines().skip_while(|l| !l.starts_with(heading)).skip(1);
    let mut rows: Vec<Vec<String>> = Vec::new();
    for line in lines.by_ref() {
        if line.starts_with('└') {
            break;
        }
        if line.starts_with('│') {
            let cells: Vec<String> = line
                .split(['│', '┆'])
                .map(|c| c.trim().to_string())
                .collect();
            rows.push(cells[1..cells.len() - 1].to_vec());
        }
    }
    assert!(!rows.is_empty(), "no table after {heading:?}:\n{text}");
    rows.remove(0); // the header
    rows
}

/// The body rows of the first HTML table after `heading`, cell text unescaped.
fn html_rows(html: &str, heading: &str) -> Vec<Vec<String>> {
    let after = html
        .split_once(heading)
        .unwrap_or_else(|| panic!("no {heading:?} in the page"))
        .1;
    let body = after
        .split_once("<tbody>")
        .and_then(|(_, b)| b.split_once("</tbody>"))
        .expect("a table body")
        .0;
    body.split("<tr")
        .skip(1)
        .map(|row| {
            row.split("<td")
                .skip(1)
                .map(|cell| {
                    let inner = cell.split_once('>').expect("td").1;
                    let inner = inner.split_once("</td>").expect("</td>").0;
                    inner
                        .replace("&lt;", "<")
                        .replace("&gt;", ">")
                        .replace("&quot;", "\"")
                        .replace("&#39;", "'")
                        .replace("&amp;", "&")
                })
                .collect()
        })
        .collect()
}

fn usd(s: &str) -> rust_decimal::Decimal {
    s.replace(',', "")
        .parse()
        .unwrap_or_else(|_| panic!("{s:?} is not an amount"))
}

#[test]
fn estimate_page_shows_the_budget_the_table_shows() {
    let file = "tests/fixtures/workers-x2.toml";
    let table = stdout(&["estimate", file]);
    let html = stdout(&["estimate", file, "-f", "html"]);
    let verdict = table
        .lines()
        .find(|l| l.starts_with("Budget: "))
        .expect("the table shows a budget verdict");
    assert!(html.contains(verdict), "the page does not say {verdict:?}");
    let expected = terminal_rows(&table, "Budget: ");
    assert_eq!(expected.len(), 3, "total and two group limits");
    // The page adds a "used %" column (limit used) before the status.
    let rows: Vec<Vec<String>> = html_rows(&html, verdict)
        .into_iter()
        .map(|mut r| {
            let used = r.remove(4);
            assert!(used.ends_with('%'), "used % column: {used}");
            r
        })
        .collect();
    assert_eq!(rows, expected);
}

#[test]
fn estimate_page_reconciliation_shows_every_table_row_and_adds_up() {
    let file = "scenarios/baseline.toml";
    let table = stdout(&["estimate", file]);
    let html = stdout(&["estimate", file, "-f", "html"]);
    let expected = terminal_rows(&table, "Reconciliation with ");
    let with_share = html_rows(&html, "Reconciliation with ");
    // The page adds each row's share of the computed total, which adds up to 100 %.
    let shares: Vec<rust_decimal::Decimal> = with_share
        .iter()
        .map(|r| r[5].trim_end_matches('%').parse().expect("a share"))
        .collect();
    let (total_share, row_shares) = shares.split_last().expect("a total row");
    assert_eq!(*total_share, rust_decimal::Decimal::from(100));
    let summed: rust_decimal::Decimal = row_shares.iter().sum();
    assert!(
        (summed - rust_decimal::Decimal::from(100)).abs() <= rust_decimal::Decimal::ONE,
        "shares add up to 100 % (within their rounding): {summed}"
    );
    let rows: Vec<Vec<String>> = with_share.into_iter().map(|r| r[..5].to_vec()).collect();
    assert_eq!(rows, expected);
    assert!(
        rows.iter()
            .any(|r| r[0] == "NAT Gateway: data processed" && r[2] == "4.50"),
        "the excluded NAT data-processing row is shown"
    );
    let (total, lines) = rows.split_last().expect("a total row");
    assert_eq!(total[0], "Total");
    let sum: rust_decimal::Decimal = lines.iter().map(|r| usd(&r[2])).sum();
    assert_eq!(
        sum,
        usd(&total[2]),
        "the computed column adds up to its total"
    );
    let not_stated = table
        .lines()
        .find(|l| l.starts_with("Not stated in "))
        .expect("the table lists what the reference does not state");
    assert!(html.contains(not_stated), "the page omits {not_stated:?}");
}

/// The group subtotals (label, displayed figure) of the baseline's `estimate` table.
fn baseline_group_subtotals() -> Vec<(String, String)> {
    stdout(&["estimate", "scenarios/baseline.toml"])
        .lines()
        .filter_map(|l| {
            let cells: Vec<&str> = l.split(['│', '┆']).map(str::trim).collect();
            let label = cells.get(2)?.strip_suffix(" subtotal")?;
            Some((label.to_string(), cells[7].to_string()))
        })
        .collect()
}

#[test]
fn compare_chart_shows_the_estimate_group_subtotals() {
    let groups = baseline_group_subtotals();
    assert!(groups.iter().any(|(g, v)| g == "ALB" && v == "17.60"));
    let html = stdout(&[
        "compare",
        "scenarios/baseline.toml",
        "scenarios/what-if.toml",
        "-f",
        "html",
    ]);
    let chart = html
        .split_once("<h2>Base cost by group</h2>")
        .and_then(|(_, c)| c.split_once("</figure>"))
        .expect("the base cost-by-group chart")
        .0;
    for (label, figure) in &groups {
        assert!(
            chart.contains(&format!("\n{label}\n")) && chart.contains(&format!("\n{figure}\n")),
            "the chart does not show {label} {figure}"
        );
    }
    // Bars are sorted by cost, largest first: the labels appear in descending order of figure.
    let mut sorted = groups.clone();
    sorted.sort_by(|a, b| {
        let f = |s: &str| s.replace(',', "").parse::<rust_decimal::Decimal>().unwrap();
        f(&b.1).cmp(&f(&a.1))
    });
    let at = |l: &str| chart.find(&format!("\n{l}\n")).unwrap();
    for pair in sorted.windows(2) {
        if pair[0].1 != pair[1].1 {
            assert!(
                at(&pair[0].0) < at(&pair[1].0),
                "{} before {}",
                pair[0].0,
                pair[1].0
            );
        }
    }
}

#[test]
fn simulation_percentiles_show_the_estimate_group_subtotals() {
    // A range that cannot move: every sample is the baseline, so every figure is its subtotal.
    let d = tempfile::tempdir().expect("tempdir");
    std::fs::copy(
        root().join("scenarios/baseline.toml"),
        d.path().join("baseline.toml"),
    )
    .expect("copy");
    std::fs::write(
        d.path().join("fixed.toml"),
        "name = \"fixed\"\nbase = \"baseline.toml\"\n[set]\n\"nat.gateways\" = { low = 2, expected = 2, high = 2 }\n",
    )
    .expect("write");
    let groups = baseline_group_subtotals();
    let run = |format: &str| {
        stdout_in(
            d.path(),
            &["estimate", "fixed.toml", "--simulate", "20", "-f", format],
        )
    };
    let table = terminal_rows(&run("table"), "Simulation: ");
    let html = html_rows(&run("html"), "<h2>Simulation</h2>");
    for rows in [table, html] {
        assert_eq!(
            rows.len(),
            groups.len() + 1,
            "one row per group and the total"
        );
        for ((label, figure), row) in groups.iter().zip(&rows) {
            assert_eq!(&row[0], label);
            for cell in &row[1..] {
                assert_eq!(cell, figure, "{label}: mean and percentiles");
            }
        }
    }
}

#[test]
fn estimate_page_compares_with_the_previous_estimate_and_lists_assumptions_and_sources() {
    let d = tempfile::tempdir().expect("tempdir");
    let previous = d.path().join("previous.json");
    costplan()
        .args([
            "estimate",
            "tests/fixtures/workers-x2.toml",
            "-f",
            "json",
            "-o",
        ])
        .arg(&previous)
        .assert()
        .success();
    let html = String::from_utf8(
        costplan()
            .args([
                "estimate",
                "scenarios/baseline.toml",
                "-f",
                "html",
                "--previous",
            ])
            .arg(&previous)
            .env("SOURCE_DATE_EPOCH", "1796400000")
            .output()
            .expect("run")
            .stdout,
    )
    .expect("utf-8");
    // Summary first, then groups; the previous estimate's displayed total and the difference.
    let summary = html.find("<h2>Summary</h2>").expect("a summary");
    assert!(summary < html.find("<h2>Cost by group</h2>").expect("groups"));
    let rows = html_rows(&html, "<h2>Summary</h2>");
    let prev = rows
        .iter()
        .find(|r| r[0].starts_with("Previous estimate"))
        .expect("a previous-estimate row");
    assert_eq!(prev[1], "440.71");
    assert_eq!(prev[3], "-45.05");
    // Assumptions with their values as written; provenance links only to cited addresses.
    assert!(html.contains("<td><code>database.storage_gb</code></td><td><code>100</code></td>"));
    assert!(html.contains("href=\"https://pricing.us-east-1.amazonaws.com/offers/v1.0/aws/AmazonECS/20250828172723/us-east-1/index.json\""));
    for href in html.split("href=\"").skip(1) {
        assert!(
            href.starts_with("https://"),
            "a link that is not a web address: {}",
            &href[..40.min(href.len())]
        );
    }
    assert!(html.contains("Generated 2026-12-04 16:00 UTC by costplan"));
    // Another format refuses --previous instead of ignoring it.
    costplan()
        .args(["estimate", "scenarios/baseline.toml", "--previous"])
        .arg(&previous)
        .assert()
        .code(2);
}

#[test]
fn an_input_a_scenario_sets_is_no_longer_listed_as_the_base_assumption() {
    let d = tempfile::tempdir().expect("tempdir");
    std::fs::copy(
        root().join("scenarios/baseline.toml"),
        d.path().join("base.toml"),
    )
    .expect("copy");
    std::fs::write(
        d.path().join("s.toml"),
        "name = \"bigger db\"\nbase = \"base.toml\"\n[set]\n\"database.storage_gb\" = 500\n",
    )
    .expect("write");
    let assumed = |file: &str| -> Vec<String> {
        let out = costplan()
            .current_dir(d.path())
            .args(["estimate", file, "-f", "json"])
            .output()
            .expect("run");
        let v: serde_json::Value = serde_json::from_slice(&out.stdout).expect("json");
        v["assumptions"]
            .as_array()
            .expect("assumptions")
            .iter()
            .map(|a| a["path"].as_str().unwrap().to_string())
            .collect()
    };
    let base = assumed("base.toml");
    assert!(base.contains(&"database.storage_gb".to_string()));
    let scenario = assumed("s.toml");
    assert!(!scenario.contains(&"database.storage_gb".to_string()));
    assert!(scenario.contains(&"hours_per_month".to_string()));
    assert_eq!(scenario.len() + 1, base.len());
}

#[test]
fn estimate_page_shows_commitments_with_a_month_one_bill_that_adds_up() {
    let args = [
        "estimate",
        "scenarios/examples/commitments.toml",
        "--prices",
        "tests/fixtures/commitment-prices",
    ];
    let html = stdout(&[&args[..], &["-f", "html"]].concat());
    let markdown = stdout(&[&args[..], &["-f", "markdown"]].concat());
    let amortised = markdown
        .split("per month amortised")
        .next()
        .and_then(|s| s.rsplit('$').next())
        .map(str::trim)
        .expect("the Markdown's amortised figure");
    let rows = html_rows(&html, "<th>month-1 bill</th>");
    let (total, lines) = rows.split_last().expect("a total row");
    assert_eq!(total[0], "Amortised monthly");
    assert_eq!(
        total[2], amortised,
        "the same amortised figure as the Markdown"
    );
    let sum: rust_decimal::Decimal = lines.iter().map(|r| usd(&r[2])).sum();
    assert_eq!(sum, usd(&total[2]), "the month-1 bill adds up");
    // Commitments sit between the reconciliation and the assumptions.
    let at = |h: &str| html.find(h).unwrap_or_else(|| panic!("no {h}"));
    assert!(at("<h2>Reconciliation") < at("<h2>Commitments, discounts and credits</h2>"));
    assert!(at("<h2>Commitments, discounts and credits</h2>") < at("<h2>Assumptions</h2>"));
    assert!(html.contains("<h3>Cash flow, 36 months</h3>"));
}
