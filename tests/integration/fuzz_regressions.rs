//! Inputs found by the fuzz targets under `fuzz/` (see `fuzz/README.md`), minimized, each with
//! the error it must now give instead of a panic, a hang or an excessive allocation.

use crate::common::costplan;
use predicates::prelude::*;

/// Fails on a panic message or a signal: every finding must end as a clean exit 2.
fn no_panic() -> impl Predicate<str> {
    predicate::str::contains("panicked").not()
}

/// `overrides`: a sweep whose span (TO − FROM) exceeds `Decimal::MAX` panicked with
/// "Subtraction overflowed" in `Axis::values`.
#[test]
fn sweep_span_beyond_decimal_max() {
    let m = "79228162514264337593543950335";
    costplan()
        .args(["sweep", "scenarios/baseline.toml", "--set"])
        .arg(format!("service.worker.count=-{m}..{m}:{m}"))
        .assert()
        .code(2)
        .stderr(no_panic().and(predicate::str::contains(
            "beyond the range of exact decimals",
        )));
}

#[test]
fn sweep_span_beyond_decimal_max_library() {
    use costplan::analysis::sweep::Axis;
    let m = "79228162514264337593543950335";
    let axis: Axis = format!("service.worker.count=-{m}..{m}").parse().unwrap();
    let all =
        costplan::topology::paths::targets(&costplan::topology::paths::Names::services(["worker"]));
    let t = all
        .iter()
        .find(|t| t.path == "service.worker.count")
        .unwrap();
    let e = axis.values(t).unwrap_err().to_string();
    assert!(e.contains("beyond the range of exact decimals"), "{e}");
}
