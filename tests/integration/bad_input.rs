//! The corpus of invalid inputs under `tests/bad-topologies/`: one file per error kind across every
//! command, each stating in its header the exit code, location, message and hint it must produce.
//!
//! Headers (`# expect-KEY: VALUE` lines; for a `.json` file they live in `NAME.json.expect`):
//! `exit`, `location` (`LINE:COL`), `message`, `hint`, and `args`: the command line, with `{file}`
//! for the case's path (default `estimate {file}`). Files under subdirectories (`base/`) are the
//! valid inputs the cases refer to.

use crate::common::{costplan, path};

struct Expectation {
    args: Vec<String>,
    exit: i32,
    location: String,
    message: String,
    hint: Option<String>,
}

fn expectation(text: &str, name: &str) -> Expectation {
    let field = |key: &str| {
        text.lines()
            .find_map(|l| l.strip_prefix(&format!("# expect-{key}: ")))
            .map(str::to_string)
    };
    Expectation {
        args: field("args")
            .unwrap_or_else(|| "estimate {file}".into())
            .split_whitespace()
            .map(String::from)
            .collect(),
        exit: field("exit")
            .unwrap_or_else(|| panic!("{name}: no expect-exit"))
            .parse()
            .unwrap(),
        location: field("location").unwrap_or_else(|| panic!("{name}: no expect-location")),
        message: field("message").unwrap_or_else(|| panic!("{name}: no expect-message")),
        hint: Some(field("hint").unwrap_or_else(|| panic!("{name}: no expect-hint"))),
    }
}

#[test]
fn every_bad_topology_fails_with_its_location_message_and_hint() {
    let dir = path("tests/bad-topologies");
    let mut files: Vec<_> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "toml" || e == "json"))
        .collect();
    files.sort();
    assert!(files.len() >= 40, "the corpus has {} files", files.len());
    let not_estimate = files
        .iter()
        .filter(|f| {
            let n = f.file_name().unwrap().to_string_lossy().to_string();
            n.starts_with("scenario-") || n.ends_with(".json") || {
                let t = std::fs::read_to_string(f).unwrap_or_default();
                t.contains("# expect-args: ")
            }
        })
        .count();
    assert!(
        not_estimate >= 30,
        "only {not_estimate} cases for scenario files and commands other than `estimate`"
    );
    let mut failures = Vec::new();
    for file in &files {
        let name = file.file_name().unwrap().to_string_lossy().to_string();
        let header = if name.ends_with(".json") {
            file.with_file_name(format!("{name}.expect"))
        } else {
            file.clone()
        };
        let text = std::fs::read_to_string(&header).unwrap();
        let exp = expectation(&text, &name);
        let rel = format!("tests/bad-topologies/{name}");
        let args: Vec<String> = exp.args.iter().map(|a| a.replace("{file}", &rel)).collect();
        let out = costplan().args(&args).output().unwrap();
        let stderr = String::from_utf8_lossy(&out.stderr).to_string();
        let first = stderr.lines().next().unwrap_or("");
        let want_prefix = format!("error: {rel}:{}: {}", exp.location, exp.message);
        let ok = out.status.code() == Some(exp.exit)
            && out.stdout.is_empty()
            && first.starts_with(&format!("error: {rel}:{}: ", exp.location))
            && first.contains(&exp.message)
            && exp.hint.as_ref().is_none_or(|h| {
                stderr
                    .lines()
                    .any(|l| l.starts_with("  = hint: ") && l.contains(h.as_str()))
            });
        if !ok {
            failures.push(format!(
                "{name} ({}): exit {:?}, wanted {}\n  wanted: {want_prefix}\n  hint:   {:?}\n  got:\n{stderr}",
                args.join(" "),
                out.status.code(),
                exp.exit,
                exp.hint
            ));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn a_missing_file_is_a_usage_error() {
    costplan()
        .args(["estimate", "no/such/file.toml"])
        .assert()
        .code(2)
        .stderr(predicates::str::contains("no/such/file.toml: cannot read"));
}

#[test]
fn a_binary_file_is_rejected_without_panic() {
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path().join("bin.toml");
    std::fs::write(&p, [0xff, 0xfe, 0x00, 0x01, 0x80]).unwrap();
    costplan()
        .arg("estimate")
        .arg(&p)
        .assert()
        .code(2)
        .stderr(predicates::str::contains("not valid UTF-8"));
}

#[test]
fn an_oversized_file_is_rejected() {
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path().join("big.toml");
    std::fs::write(&p, "#".repeat(2 * 1024 * 1024)).unwrap();
    costplan()
        .arg("estimate")
        .arg(&p)
        .assert()
        .code(2)
        .stderr(predicates::str::contains("larger than the limit"));
}

#[test]
fn a_price_the_table_lacks_is_exit_3_naming_the_key() {
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path().join("spot-arm.toml");
    std::fs::write(
        &p,
        "name = \"x\"\nregion = \"us-east-1\"\n[[service]]\nname = \"w\"\ncount = 1\nvcpu = 1\nmemory_gb = 2\narch = \"arm64\"\ncapacity = \"spot\"\n",
    )
    .unwrap();
    costplan()
        .arg("estimate")
        .arg(&p)
        .assert()
        .code(3)
        .stderr(predicates::str::contains(
            "2 prices are not in the us-east-1 price table",
        ))
        .stderr(predicates::str::contains(
            "- `fargate_spot.vcpu_hour.linux.arm64`",
        ))
        .stderr(predicates::str::contains(
            "- `fargate_spot.gb_hour.linux.arm64`",
        ));
}

#[test]
fn a_malformed_price_table_is_exit_3_with_its_location() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("us-east-1.toml"),
        "[table]\nregion = \"us-east-1\"\ncurrency = \"USD\"\neffective_date = \"2026-13-01\"\nsource = \"x\"\n",
    )
    .unwrap();
    costplan()
        .arg("--prices")
        .arg(dir.path())
        .args(["estimate", "scenarios/baseline.toml"])
        .assert()
        .code(3)
        .stderr(predicates::str::contains(
            "us-east-1.toml:4:18: invalid date `2026-13-01`",
        ));
}

/// One run reports every section's problem, in file order: a bad task size does not hide the
/// unknown engine, the unknown node type or the NAT limit behind it.
#[test]
fn every_problem_of_a_file_is_reported_in_one_run_in_file_order() {
    let out = costplan()
        .args(["estimate"])
        .arg(path("tests/fixtures/several-problems.toml"))
        .assert()
        .code(2)
        .get_output()
        .stderr
        .clone();
    let err = String::from_utf8(out).unwrap();
    let at: Vec<usize> = [
        "several-problems.toml:8:8: `vcpu = 3`",
        "several-problems.toml:12:10: unknown database engine",
        "several-problems.toml:18:13: unknown node type",
        "several-problems.toml:22:12: `gateways` = 1000",
    ]
    .iter()
    .map(|needle| {
        err.find(needle)
            .unwrap_or_else(|| panic!("{needle:?} missing:\n{err}"))
    })
    .collect();
    assert!(
        at.windows(2).all(|w| w[0] < w[1]),
        "not in file order:\n{err}"
    );
    assert!(err.contains("4 problems in this file"), "{err}");
}

/// At most 20 problems are shown, and the count says how many there were.
#[test]
fn problems_beyond_twenty_are_counted_not_shown() {
    let mut text = String::from("name = \"many\"\nregion = \"us-east-1\"\n");
    for i in 0..25 {
        text.push_str(&format!(
            "[[service]]\nname = \"s{i}\"\ncount = 1\nvcpu = 3\nmemory_gb = 1\n"
        ));
    }
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("many.toml");
    std::fs::write(&file, text).unwrap();
    let out = costplan()
        .arg("estimate")
        .arg(&file)
        .assert()
        .code(2)
        .get_output()
        .stderr
        .clone();
    let err = String::from_utf8(out).unwrap();
    assert_eq!(
        err.matches("is not a Fargate task size").count(),
        20,
        "{err}"
    );
    assert!(
        err.contains("25 problems in this file; the first 20 are shown"),
        "{err}"
    );
}
