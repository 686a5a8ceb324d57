//! Golden outputs of the baseline (insta snapshots under `tests/integration/snapshots/`).

use crate::common::costplan;

fn run(args: &[&str]) -> String {
    let out = costplan().args(args).output().unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap()
}

#[test]
fn baseline_table() {
    insta::assert_snapshot!(run(&["estimate", "scenarios/baseline.toml"]));
}

#[test]
fn baseline_json() {
    insta::assert_snapshot!(run(&[
        "estimate",
        "scenarios/baseline.toml",
        "--format",
        "json"
    ]));
}
