//! The hostile corpus under `tests/hostile/`: topologies, scenario files, JSON estimates and a price
//! table whose text tries to run formulas in spreadsheets, scripts in browsers, links and mentions
//! in PR comments and escape sequences in terminals. Each file goes through every command and
//! output format it can reach; every output must be inert there, and no run may panic.

use crate::common::{path, root};

/// What one run printed, and where it was going.
struct Run {
    what: String,
    format: &'static str,
    code: Option<i32>,
    stdout: String,
    stderr: String,
}

fn run(args: &[&str], format: &'static str) -> Run {
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_costplan"))
        .current_dir(root())
        .env("NO_COLOR", "1")
        .args(args)
        .output()
        .unwrap();
    Run {
        what: args.join(" "),
        format,
        code: out.status.code(),
        stdout: String::from_utf8(out.stdout).expect("stdout is UTF-8"),
        stderr: String::from_utf8(out.stderr).expect("stderr is UTF-8"),
    }
}

/// The first character a terminal would act on: a control character (other than tab, newline and
/// the CR of a CRLF line end), DEL, a C1 control or a bidirectional override.
fn unsafe_char(s: &str) -> Option<(usize, char)> {
    let mut it = s.char_indices().peekable();
    while let Some((i, c)) = it.next() {
        if c == '\r' && it.peek().is_some_and(|(_, n)| *n == '\n') {
            continue;
        }
        if costplan::text::is_unsafe(c) {
            return Some((i, c));
        }
    }
    None
}

/// Raw payloads that must never come out unescaped in HTML or Markdown.
const ACTIVE: &[&str] = &[
    "<script>alert",
    "</style><",
    "<img",
    "<details open>",
    "<a href",
    "\" onmouseover",
];

fn problems(r: &Run) -> Vec<String> {
    let mut p = Vec::new();
    if !matches!(r.code, Some(0..=3)) {
        p.push(format!("exit {:?}", r.code));
    }
    if r.stderr.contains("panicked") {
        p.push("panicked".into());
    }
    for (stream, text) in [("stdout", &r.stdout), ("stderr", &r.stderr)] {
        if let Some((i, c)) = unsafe_char(text) {
            let from = text[..i].char_indices().rev().nth(30).map_or(0, |(j, _)| j);
            p.push(format!("{stream}: raw {c:?} after {:?}", &text[from..i]));
        }
    }
    for (stream, text) in [("stdout", &r.stdout), ("stderr", &r.stderr)] {
        if let Some(line) = text.lines().find(|l| l.trim_start().starts_with("::")) {
            p.push(format!("{stream}: a line is a workflow command: {line:?}"));
        }
    }
    let out = &r.stdout;
    match r.format {
        "csv" if r.code == Some(0) || r.code == Some(1) => {
            let mut rdr = csv::ReaderBuilder::new()
                .has_headers(false)
                .flexible(true)
                .from_reader(out.as_bytes());
            for rec in rdr.records() {
                let rec = rec.expect("valid CSV");
                for cell in rec.iter() {
                    let number = cell.parse::<rust_decimal::Decimal>().is_ok()
                        || cell
                            .replace(',', "")
                            .parse::<rust_decimal::Decimal>()
                            .is_ok();
                    if cell.starts_with(['=', '+', '@', '\t', '\r'])
                        || (cell.starts_with('-') && !number)
                    {
                        p.push(format!("CSV cell is a formula: {cell:?}"));
                    }
                }
            }
        }
        "json" if r.code == Some(0) || r.code == Some(1) => {
            if let Err(e) = serde_json::from_str::<serde_json::Value>(out) {
                p.push(format!("invalid JSON: {e}"));
            }
        }
        "html" => {
            for a in ACTIVE {
                if out.contains(a) {
                    p.push(format!("HTML contains {a:?}"));
                }
            }
            if out.matches("</style>").count() > 1 {
                p.push("HTML closes <style> twice".into());
            }
        }
        "markdown" => {
            for a in ACTIVE.iter().chain(&[
                "javascript:",
                "@everyone",
                "@org/team",
                "https://evil",
                "www.evil",
                "a | b",
                "`code`",
            ]) {
                if out.contains(a) {
                    p.push(format!("Markdown contains {a:?}"));
                }
            }
            // A link needs `](` with the bracket not escaped.
            if out
                .match_indices("](")
                .any(|(i, _)| !out[..i].ends_with('\\'))
            {
                p.push("Markdown contains a link `](`".into());
            }
        }
        _ => {}
    }
    p
}

fn corpus(ext: &str) -> Vec<String> {
    let mut v: Vec<String> = std::fs::read_dir(path("tests/hostile"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == ext))
        .map(|p| format!("tests/hostile/{}", p.file_name().unwrap().to_string_lossy()))
        .collect();
    v.sort();
    v
}

const FORMATS: [&str; 4] = ["table", "json", "csv", "markdown"];
const ANALYSIS_FORMATS: [&str; 5] = ["table", "json", "csv", "markdown", "html"];

/// Every run for one file of the corpus.
fn runs_for(file: &str) -> Vec<Run> {
    let mut runs = Vec::new();
    let base = "scenarios/baseline.toml";
    if file.ends_with(".json") {
        for f in FORMATS {
            runs.push(run(&["diff", file, base, "-f", f], f));
            runs.push(run(&["diff", base, file, "-f", f], f));
        }
        return runs;
    }
    let scenario = std::fs::read_to_string(path(file))
        .unwrap()
        .contains("\nbase = ");
    if scenario {
        for f in ANALYSIS_FORMATS {
            runs.push(run(&["compare", base, file, "-f", f], f));
        }
        runs.push(run(&["estimate", file], "table"));
        for name in ["<script>alert('s')</script>", "+cmd|' /C calc'!A0"] {
            for f in FORMATS {
                runs.push(run(&["estimate", file, "--scenario", name, "-f", f], f));
            }
            runs.push(run(
                &["sensitivity", file, "--scenario", name, "-f", "html"],
                "html",
            ));
        }
        return runs;
    }
    let first = run(&["estimate", file], "table");
    let valid = first.code == Some(0);
    runs.push(first);
    runs.push(run(&["check", file], "table"));
    if !valid {
        runs.push(run(&["diff", base, file, "-f", "markdown"], "markdown"));
        return runs;
    }
    for f in FORMATS {
        runs.push(run(&["estimate", file, "-f", f], f));
        runs.push(run(&["diff", base, file, "-f", f], f));
    }
    for f in ANALYSIS_FORMATS {
        runs.push(run(&["compare", base, file, "-f", f], f));
    }
    runs.push(run(&["capacity", file], "table"));
    runs.push(run(&["capacity", file, "-f", "json"], "json"));
    runs.push(run(&["capacity", file, "-f", "markdown"], "markdown"));
    runs.push(run(
        &["capacity", file, "--growth", "10%", "-f", "markdown"],
        "markdown",
    ));
    runs.push(run(&["capacity", file, "--apply"], "toml"));
    runs.push(run(
        &["capacity", file, "--growth", "10%", "-f", "html"],
        "html",
    ));
    for f in ["csv", "html", "markdown"] {
        runs.push(run(
            &["sweep", file, "--set", "service.api.count=1..3", "-f", f],
            f,
        ));
        runs.push(run(&["sensitivity", file, "-f", f], f));
    }
    runs
}

fn check_all(files: &[String]) {
    assert!(!files.is_empty());
    let results: Vec<(String, Vec<Run>)> = std::thread::scope(|s| {
        let handles: Vec<_> = files
            .iter()
            .map(|f| s.spawn(move || (f.clone(), runs_for(f))))
            .collect();
        handles.into_iter().map(|h| h.join().unwrap()).collect()
    });
    let mut failures = Vec::new();
    for (file, runs) in &results {
        for r in runs {
            for p in problems(r) {
                failures.push(format!("{file}: `costplan {}`: {p}", r.what));
            }
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn the_corpus_has_at_least_15_hostile_inputs() {
    let n = corpus("toml").len() + corpus("json").len() + 1;
    assert!(n >= 15, "{n} hostile inputs");
}

#[test]
fn hostile_topologies_are_inert_in_every_format() {
    let files: Vec<String> = corpus("toml")
        .into_iter()
        .filter(|f| f.contains("/topo-") || f.ends_with("/base.toml"))
        .collect();
    check_all(&files);
}

#[test]
fn hostile_scenario_files_are_inert_in_every_format() {
    let files: Vec<String> = corpus("toml")
        .into_iter()
        .filter(|f| f.contains("/scenario-"))
        .collect();
    check_all(&files);
}

#[test]
fn hostile_json_estimates_are_inert_in_every_diff_format() {
    check_all(&corpus("json"));
}

#[test]
fn a_hostile_price_table_is_inert_in_pricing_show_diff_and_reports() {
    let dir = "tests/hostile/prices-ansi";
    let table = "tests/hostile/prices-ansi/us-east-1.toml";
    let mut runs = vec![
        run(&["--prices", dir, "pricing", "show"], "table"),
        run(
            &[
                "--prices",
                dir,
                "pricing",
                "show",
                "--region",
                "us-east-1",
                "fargate",
            ],
            "table",
        ),
        run(
            &["pricing", "diff", "pricing/aws/us-east-1.toml", table],
            "table",
        ),
        run(
            &["pricing", "diff", table, "pricing/aws/us-east-1.toml"],
            "table",
        ),
    ];
    for f in FORMATS {
        runs.push(run(
            &[
                "--prices",
                dir,
                "estimate",
                "tests/hostile/base.toml",
                "-f",
                f,
            ],
            f,
        ));
    }
    runs.push(run(
        &[
            "--prices",
            dir,
            "estimate",
            "tests/hostile/base.toml",
            "-f",
            "html",
        ],
        "html",
    ));
    for f in FORMATS {
        runs.push(run(
            &[
                "--prices",
                dir,
                "diff",
                "scenarios/baseline.toml",
                "tests/hostile/base.toml",
                "-f",
                f,
            ],
            f,
        ));
    }
    for f in ["table", "json", "markdown", "html"] {
        runs.push(run(
            &[
                "--prices",
                dir,
                "capacity",
                "tests/hostile/base.toml",
                "--growth",
                "10%",
                "-f",
                f,
            ],
            f,
        ));
    }
    for f in ANALYSIS_FORMATS {
        runs.push(run(
            &[
                "--prices",
                dir,
                "compare",
                "tests/hostile/base.toml",
                "tests/hostile/scenario-hostile.toml",
                "-f",
                f,
            ],
            f,
        ));
    }
    let mut failures = Vec::new();
    for r in &runs {
        assert_eq!(r.code, Some(0), "`costplan {}`: {}", r.what, r.stderr);
        for p in problems(r) {
            failures.push(format!("`costplan {}`: {p}", r.what));
        }
    }
    // The escape sequences and workflow commands are there, shown as text.
    assert!(runs[0].stdout.contains("\\u001b[1A"), "{}", runs[0].stdout);
    let json = runs
        .iter()
        .find(|r| r.what.contains("estimate") && r.format == "json")
        .unwrap();
    assert!(
        json.stdout.contains("\\n::error::forged"),
        "{}",
        json.stdout
    );
    let markdown = runs
        .iter()
        .find(|r| r.what.contains("estimate") && r.format == "markdown")
        .unwrap();
    assert!(
        !markdown.stdout.contains("\n::error"),
        "{}",
        markdown.stdout
    );
    assert!(runs[2].stdout.contains("\\u001b[1A"), "{}", runs[2].stdout);
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn rejected_escape_sequences_are_shown_escaped_in_the_error() {
    let r = run(&["estimate", "tests/hostile/topo-ansi-key.toml"], "table");
    assert_eq!(r.code, Some(2));
    assert!(r.stderr.contains("]8;;http://evil.example"), "{}", r.stderr);
    assert!(unsafe_char(&r.stderr).is_none());
}

#[test]
fn escape_sequences_in_arguments_are_not_replayed_in_errors() {
    for args in [
        vec![
            "estimate",
            "scenarios/baseline.toml",
            "--format",
            "\u{1b}[2Jbad",
        ],
        vec![
            "sweep",
            "scenarios/baseline.toml",
            "--set",
            "service.\u{1b}[31m.count=1..2",
        ],
        vec!["estimate", "no/such/\u{1b}]0;title\u{7}.toml"],
        vec![
            "estimate",
            "scenarios/baseline.toml",
            "--scenario",
            "\u{9b}2J",
        ],
    ] {
        let r = run(&args, "table");
        assert_eq!(r.code, Some(2), "{args:?}: {}", r.stderr);
        assert!(unsafe_char(&r.stderr).is_none(), "{args:?}: {:?}", r.stderr);
    }
}

/// Every name in the corpus that the one name check refuses (`costplan::text::check_name`), with
/// what the error must say: exit 2, `FILE:LINE:COL` (or a JSON path) and the character.
const REFUSED_NAMES: &[(&str, &str)] = &[
    ("topo-workflow-name.toml", "leading `::`"),
    ("topo-workflow-indented-name.toml", "leading `::`"),
    ("topo-workflow-service.toml", "leading `::`"),
    ("topo-lf-name.toml", "control character: line feed (U+000A)"),
    (
        "topo-lf-reference.toml",
        "control character: line feed (U+000A)",
    ),
    (
        "topo-cr-name.toml",
        "control character: carriage return (U+000D)",
    ),
    ("topo-tab-name.toml", "control character: tab (U+0009)"),
    ("topo-zero-width-name.toml", "zero-width character (U+200B)"),
    ("topo-bom-name.toml", "zero-width character (U+FEFF)"),
    ("topo-tag-name.toml", "tag character (U+E0069)"),
    ("topo-bidi-mark-name.toml", "bidirectional mark (U+200F)"),
    ("topo-arabic-mark-name.toml", "bidirectional mark (U+061C)"),
    ("topo-bidi-name.toml", "bidirectional control (U+202E)"),
    ("scenario-workflow.toml", "leading `::`"),
    ("estimate-workflow-name.json", "leading `::`"),
    (
        "estimate-lf-resource.json",
        "control character: line feed (U+000A)",
    ),
    (
        "estimate-zero-width-component.json",
        "zero-width character (U+200B)",
    ),
    (
        "estimate-isolate-source.json",
        "bidirectional control (U+2066)",
    ),
];

#[test]
fn names_with_controls_invisible_characters_or_workflow_commands_exit_2_with_a_location() {
    let mut failures = Vec::new();
    for (file, what) in REFUSED_NAMES {
        let path = format!("tests/hostile/{file}");
        let runs = if file.ends_with(".json") {
            vec![
                run(&["diff", &path, "scenarios/baseline.toml"], "table"),
                run(&["diff", "scenarios/baseline.toml", &path], "table"),
            ]
        } else if file.starts_with("scenario-") {
            vec![run(&["compare", "tests/hostile/base.toml", &path], "table")]
        } else {
            vec![
                run(&["estimate", &path], "table"),
                run(&["check", &path], "table"),
                run(&["capacity", &path], "table"),
                run(&["diff", "scenarios/baseline.toml", &path], "table"),
            ]
        };
        for r in runs {
            let located = r.stderr.contains(&format!("{path}:"))
                && r.stderr
                    .split(&format!("{path}:"))
                    .nth(1)
                    .is_some_and(|rest| rest.starts_with(|c: char| c.is_ascii_digit()));
            if r.code != Some(2) || !located || !r.stderr.contains(what) {
                failures.push(format!(
                    "`costplan {}`: exit {:?}, expected 2 at `{path}:LINE:COL` saying {what:?}; stderr: {}",
                    r.what, r.code, r.stderr
                ));
            }
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

/// An ECS offer file whose `version` is crafted to close the TOML string and add a `[[price]]`
/// of its own, then start a workflow command and an escape sequence on the next line.
const EVIL_VERSION: &str = "20250828172723\"\n[[price]]\nkey = \"alb.hour\"\nusd = \"0\"\n::error::forged\u{1b}[2J\u{202e}";

fn import_offer(version: Option<&str>, out: &std::path::Path) -> costplan::pricing::PriceTable {
    let fixture = path("tests/fixtures/aws-price-list/AmazonECS-us-east-1.json");
    let mut offer: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(fixture).unwrap()).unwrap();
    if let Some(v) = version {
        offer["version"] = v.into();
    }
    let file = out.join("AmazonECS-us-east-1.json");
    std::fs::write(&file, serde_json::to_vec(&offer).unwrap()).unwrap();
    let r = run(
        &[
            "pricing",
            "import",
            "--region",
            "us-east-1",
            "--out",
            out.to_str().unwrap(),
            file.to_str().unwrap(),
        ],
        "table",
    );
    assert_eq!(r.code, Some(0), "{}", r.stderr);
    assert!(problems(&r).is_empty(), "{:?}", problems(&r));
    costplan::pricing::commands::read_table(&out.join("us-east-1.toml")).unwrap()
}

#[test]
fn an_offer_version_that_is_not_a_toml_string_is_imported_visibly_and_parses_back_exactly() {
    let clean_dir = tempfile::tempdir().unwrap();
    let evil_dir = tempfile::tempdir().unwrap();
    let clean = import_offer(None, clean_dir.path());
    let evil = import_offer(Some(EVIL_VERSION), evil_dir.path());
    // The version is kept as visible text, on one line, and nothing else changed: the same keys
    // with the same rates (no `alb.hour` at 0), the same offer-file record.
    let shown = costplan::text::visible(EVIL_VERSION).into_owned();
    assert!(
        shown.contains("\\u000a::error::forged\\u001b[2J\\u202e"),
        "{shown}"
    );
    assert_eq!(evil.offer_files.len(), 1);
    assert_eq!(evil.offer_files[0].version, shown);
    let keys = |t: &costplan::pricing::PriceTable| {
        t.prices()
            .map(|p| (p.key.clone(), p.rate.clone()))
            .collect::<Vec<_>>()
    };
    assert_eq!(keys(&evil), keys(&clean));
    for p in evil.prices().filter(|p| p.offer_code == "AmazonECS") {
        assert_eq!(
            p.source,
            clean
                .get(&p.key)
                .unwrap()
                .source
                .replace("20250828172723", &shown)
        );
    }
    // What was written is what the writer writes for what was read back: a fixed point.
    let written = std::fs::read_to_string(evil_dir.path().join("us-east-1.toml")).unwrap();
    assert_eq!(evil.to_toml(), written);
    // And the provenance reaches every report format inert.
    let dir = evil_dir.path().to_str().unwrap();
    let mut failures = Vec::new();
    for f in ANALYSIS_FORMATS {
        for args in [
            vec![
                "--prices",
                dir,
                "estimate",
                "scenarios/baseline.toml",
                "-f",
                f,
            ],
            vec![
                "--prices",
                dir,
                "compare",
                "scenarios/baseline.toml",
                "tests/hostile/scenario-hostile.toml",
                "-f",
                f,
            ],
        ] {
            let r = run(&args, f);
            failures.extend(problems(&r).into_iter().map(|p| format!("{}: {p}", r.what)));
        }
    }
    let r = run(
        &["--prices", dir, "pricing", "show", "--region", "us-east-1"],
        "table",
    );
    failures.extend(problems(&r));
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

/// A new text input cannot bypass the name check: every input of the input table that holds text
/// (`costplan::topology::paths`), set from a scenario to a workflow command, a line feed or a
/// zero-width space, is refused with exit 2 and a location, and nothing of it leaks raw.
#[test]
fn every_text_input_of_the_input_table_goes_through_the_name_check() {
    use costplan::topology::paths::{Kind, all_defs};
    let dir = tempfile::tempdir().unwrap();
    std::fs::copy(
        path("tests/hostile/base.toml"),
        dir.path().join("base.toml"),
    )
    .unwrap();
    let mut failures = Vec::new();
    let mut checked = 0;
    for def in all_defs().filter(|d| matches!(d.kind, Kind::Text)) {
        let input = def.pattern.replace('*', "api");
        for value in ["::error::forged", "x\\n::warning::y", "api\\u200b"] {
            let file = dir.path().join("s.toml");
            std::fs::write(
                &file,
                format!("base = \"base.toml\"\n[set]\n\"{input}\" = \"{value}\"\n"),
            )
            .unwrap();
            let r = run(&["estimate", file.to_str().unwrap()], "table");
            let located = r.stderr.contains(&format!("{}:", file.display()));
            if r.code != Some(2) || !located || !problems(&r).is_empty() {
                failures.push(format!(
                    "`{input} = \"{value}\"`: exit {:?}, {:?}; {}",
                    r.code,
                    problems(&r),
                    r.stderr
                ));
            }
            checked += 1;
        }
    }
    assert!(checked >= 9, "only {checked} text inputs");
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

/// Character checks live in `src/text.rs`: a file that tests characters itself (instead of
/// calling `text::check_name`, `text::visible` or `text::terminal_safe`) fails here, with its
/// `file:line`. Allowed: the error excerpt (whose output goes through `terminal_safe` too) and
/// Markdown's own escaping.
#[test]
fn character_checks_go_through_the_text_chokepoint() {
    const ALLOWED: &[&str] = &["src/text.rs", "src/source.rs", "src/report/markdown.rs"];
    let mut found = Vec::new();
    let mut stack = vec![path("src")];
    while let Some(dir) = stack.pop() {
        for entry in std::fs::read_dir(dir).unwrap() {
            let p = entry.unwrap().path();
            if p.is_dir() {
                stack.push(p);
                continue;
            }
            let rel = p
                .strip_prefix(root())
                .unwrap()
                .to_string_lossy()
                .replace('\\', "/");
            if p.extension().is_none_or(|e| e != "rs") || ALLOWED.contains(&rel.as_str()) {
                continue;
            }
            let text = std::fs::read_to_string(&p).unwrap();
            let code = text.split("#[cfg(test)]").next().unwrap_or("");
            for (i, line) in code.lines().enumerate() {
                if [
                    "is_control()",
                    "\\u{200",
                    "\\u{202",
                    "\\u{206",
                    "\\u{feff}",
                    "\\u{e00",
                ]
                .iter()
                .any(|n| line.contains(n))
                {
                    found.push(format!("{rel}:{}: {}", i + 1, line.trim()));
                }
            }
        }
    }
    // The boundaries themselves call the one check.
    for (file, call) in [
        ("src/topology/validate/mod.rs", "crate::text::check_name"),
        ("src/scenario/mod.rs", "crate::text::check_name"),
        ("src/input.rs", "crate::text::check_name"),
        ("src/pricing/import/mod.rs", "extract.make_visible()"),
    ] {
        if !std::fs::read_to_string(path(file)).unwrap().contains(call) {
            found.push(format!("{file}: does not call `{call}`"));
        }
    }
    assert!(found.is_empty(), "{}", found.join("\n"));
}
