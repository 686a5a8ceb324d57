//! Bounded work: every input that scales work has a limit, and going past it is exit 2 with a
//! message naming the limit, quickly; an amount beyond exact decimal range is exit 2, never a
//! panic or a wrapped number.

use crate::common::{costplan, path};
use std::fmt::Write;

fn service(i: usize) -> String {
    format!("[[service]]\nname = \"s{i}\"\ncount = 1\nvcpu = 0.5\nmemory_gb = 1\n")
}

fn fails_with(args: &[&str], dir: Option<&std::path::Path>, needle: &str) {
    let mut c = costplan();
    if let Some(d) = dir {
        c.current_dir(d);
    }
    let out = c
        .args(args)
        .timeout(std::time::Duration::from_secs(20))
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{args:?}: {stderr}");
    assert!(
        stderr.contains(needle),
        "{args:?}: wanted {needle:?} in:\n{stderr}"
    );
    assert!(!stderr.contains("panicked"), "{stderr}");
}

#[test]
fn more_than_200_services() {
    let dir = tempfile::tempdir().unwrap();
    let mut t = String::from("name = \"n\"\nregion = \"us-east-1\"\n");
    for i in 0..201 {
        t += &service(i);
    }
    std::fs::write(dir.path().join("t.toml"), t).unwrap();
    fails_with(
        &["estimate", "t.toml"],
        Some(dir.path()),
        "more than 200 services",
    );
}

#[test]
fn a_task_count_above_10000() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("t.toml"),
        "name = \"n\"\nregion = \"us-east-1\"\n".to_string()
            + &service(0).replace("count = 1", "count = 4294967296"),
    )
    .unwrap();
    fails_with(
        &["estimate", "t.toml"],
        Some(dir.path()),
        "above the limit of 10000",
    );
}

#[test]
fn sweep_steps_per_input_and_in_total() {
    fails_with(
        &[
            "sweep",
            "scenarios/baseline.toml",
            "--set",
            "service.worker.count=1..1e12",
        ],
        None,
        "the limit is 1000 per input",
    );
    fails_with(
        &[
            "sweep",
            "scenarios/baseline.toml",
            "--set",
            "service.worker.count=1..500",
            "--set",
            "service.api.count=1..500",
        ],
        None,
        "10000",
    );
}

#[test]
fn a_sweep_span_beyond_decimal_range_is_exit_2_not_a_panic() {
    fails_with(
        &[
            "sweep",
            "scenarios/baseline.toml",
            "--set",
            "nat.data_processed_gb=-79228162514264337593543950335..79228162514264337593543950335:79228162514264337593543950335",
        ],
        None,
        "arithmetic overflow while computing the span of `nat.data_processed_gb`",
    );
}

#[test]
fn simulation_samples_above_a_million() {
    fails_with(
        &[
            "estimate",
            "scenarios/usage-ranges.toml",
            "--simulate",
            "1000001",
        ],
        None,
        "--simulate takes 1 to 1000000 samples",
    );
    fails_with(
        &[
            "estimate",
            "scenarios/usage-ranges.toml",
            "--simulate",
            "18446744073709551616",
        ],
        None,
        "simulate",
    );
}

#[test]
fn more_than_100_scenarios_in_a_file_and_in_a_compare() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::copy(
        path("scenarios/baseline.toml"),
        dir.path().join("baseline.toml"),
    )
    .unwrap();
    let mut s = String::from("base = \"baseline.toml\"\n");
    for i in 0..101 {
        let _ = write!(
            s,
            "[[scenario]]\nname = \"s{i}\"\n[scenario.set]\n\"service.api.count\" = 3\n"
        );
    }
    std::fs::write(dir.path().join("many.toml"), s).unwrap();
    fails_with(
        &["compare", "baseline.toml", "many.toml"],
        Some(dir.path()),
        "more than 100 scenarios in one file",
    );
    let mut s = String::from("base = \"baseline.toml\"\n");
    for i in 0..60 {
        let _ = write!(
            s,
            "[[scenario]]\nname = \"s{i}\"\n[scenario.set]\n\"service.api.count\" = 3\n"
        );
    }
    std::fs::write(dir.path().join("sixty.toml"), s).unwrap();
    fails_with(
        &["compare", "baseline.toml", "sixty.toml", "sixty.toml"],
        Some(dir.path()),
        "more than 100 scenarios to compare",
    );
}

#[test]
fn more_than_500_overrides_in_a_scenario() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::copy(
        path("scenarios/baseline.toml"),
        dir.path().join("baseline.toml"),
    )
    .unwrap();
    let mut s = String::from("base = \"baseline.toml\"\n[set]\n");
    for i in 0..501 {
        let _ = writeln!(s, "\"service.s{i}.count\" = 3");
    }
    std::fs::write(dir.path().join("o.toml"), s).unwrap();
    fails_with(
        &["estimate", "o.toml"],
        Some(dir.path()),
        "more than 500 overrides in one scenario",
    );
}

#[test]
fn oversized_scenario_file_json_estimate_and_price_table() {
    let dir = tempfile::tempdir().unwrap();
    let big = |name: &str, bytes: usize, head: &str| {
        let mut s = String::with_capacity(bytes + head.len());
        s.push_str(head);
        s.extend(std::iter::repeat_n(' ', bytes));
        std::fs::write(dir.path().join(name), s).unwrap();
    };
    big("s.toml", 1024 * 1024 + 1, "base = \"b.toml\"\n");
    fails_with(
        &["estimate", "s.toml"],
        Some(dir.path()),
        "larger than the limit of 1048576 bytes",
    );
    big("e.json", 16 * 1024 * 1024 + 1, "{\"schema_version\": 1}");
    fails_with(
        &["diff", "e.json", "e.json"],
        Some(dir.path()),
        "larger than the limit of 16777216 bytes",
    );
    std::fs::create_dir(dir.path().join("prices")).unwrap();
    let f = std::fs::File::create(dir.path().join("prices/us-east-1.toml")).unwrap();
    f.set_len(4 * 1024 * 1024 + 1).unwrap(); // sparse: nothing written
    let out = costplan()
        .current_dir(dir.path())
        .args(["--prices", "prices", "pricing", "show"])
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{stderr}");
    assert!(
        stderr.contains("larger than the limit of 4194304 bytes"),
        "{stderr}"
    );
    // Many tables, and many bytes together.
    let many = dir.path().join("many");
    std::fs::create_dir(&many).unwrap();
    for i in 0..65 {
        std::fs::write(many.join(format!("t{i}.toml")), "").unwrap();
    }
    fails_with(
        &["--prices", "many", "pricing", "show"],
        Some(dir.path()),
        "holds 65 price tables, more than the limit of 64",
    );
    let heavy = dir.path().join("heavy");
    std::fs::create_dir(&heavy).unwrap();
    for i in 0..5 {
        let f = std::fs::File::create(heavy.join(format!("t{i}.toml"))).unwrap();
        f.set_len(4 * 1024 * 1024).unwrap();
    }
    fails_with(
        &["--prices", "heavy", "pricing", "show"],
        Some(dir.path()),
        "more than the limit of 16777216 bytes together",
    );
}

#[test]
fn a_price_near_decimal_max_is_an_overflow_error() {
    let dir = tempfile::tempdir().unwrap();
    let table = std::fs::read_to_string(path("pricing/aws/us-east-1.toml"))
        .unwrap()
        .replacen(
            "usd = \"0.04048\"",
            "usd = \"79228162514264337593543950335\"",
            1,
        );
    std::fs::write(dir.path().join("us-east-1.toml"), table).unwrap();
    let d = dir.path().display().to_string();
    for args in [
        vec!["estimate", "scenarios/baseline.toml"],
        vec!["check", "tests/fixtures/workers-x2.toml"],
        vec!["sensitivity", "scenarios/baseline.toml"],
        vec![
            "sweep",
            "scenarios/baseline.toml",
            "--set",
            "service.worker.count=1..3",
        ],
        vec![
            "estimate",
            "scenarios/usage-ranges.toml",
            "--simulate",
            "100",
        ],
        vec![
            "diff",
            "scenarios/baseline.toml",
            "tests/fixtures/workers-x2.toml",
        ],
    ] {
        let mut all = vec!["--prices", d.as_str()];
        all.extend(args);
        fails_with(&all, None, "arithmetic overflow");
    }
}

#[test]
fn huge_gate_thresholds_and_a_zero_base_do_not_overflow() {
    let max = "79228162514264337593543950335";
    costplan()
        .args([
            "diff",
            "scenarios/baseline.toml",
            "tests/fixtures/workers-x2.toml",
        ])
        .args([
            "--fail-on-increase-percent",
            max,
            "--fail-on-increase-usd",
            max,
            "--fail-on-total-usd",
            max,
        ])
        .assert()
        .code(0);
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("zero.toml"),
        "name = \"z\"\nregion = \"us-east-1\"\n".to_string()
            + &service(0).replace("count = 1", "count = 0"),
    )
    .unwrap();
    let zero = dir.path().join("zero.toml");
    costplan()
        .arg("diff")
        .arg(&zero)
        .arg("scenarios/baseline.toml")
        .args(["--fail-on-increase-percent", "5", "-f", "json"])
        .assert()
        .code(1)
        .stderr(predicates::str::contains("an unbounded percentage"));
}

#[test]
fn growth_months_and_compounding() {
    fails_with(
        &[
            "capacity",
            "scenarios/baseline.toml",
            "--growth",
            "10%",
            "--months",
            "4294967295",
        ],
        None,
        "a growth plan covers at most 120 months",
    );
    fails_with(
        &[
            "capacity",
            "scenarios/baseline.toml",
            "--growth",
            "79228162514264337593543950335%",
        ],
        None,
        "at most 1000%",
    );
    fails_with(
        &[
            "capacity",
            "scenarios/baseline.toml",
            "--growth",
            "1000%",
            "--months",
            "120",
        ],
        None,
        "arithmetic overflow while computing the growth factor",
    );
}

#[test]
fn simulation_work_scales_with_services() {
    let dir = tempfile::tempdir().unwrap();
    let mut t = String::from("name = \"many\"\nregion = \"us-east-1\"\n");
    for i in 0..200 {
        t += &service(i).replace("count = 1", "count = { low = 1, expected = 4, high = 9 }");
    }
    std::fs::write(dir.path().join("t.toml"), t).unwrap();
    fails_with(
        &["estimate", "t.toml", "--simulate", "1000000"],
        Some(dir.path()),
        "more than the limit of 10000000 sample-evaluations (samples × (services + 5)); use at most 48780 samples",
    );
}
