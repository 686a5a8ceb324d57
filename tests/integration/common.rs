//! Helpers shared by the integration tests.

use std::path::{Path, PathBuf};

/// The `costplan` binary, run from the repository root.
pub fn costplan() -> assert_cmd::Command {
    let mut cmd = assert_cmd::Command::new(env!("CARGO_BIN_EXE_costplan"));
    cmd.current_dir(root());
    cmd.env_remove("NO_COLOR");
    // A fixed generation date, so HTML reports are stable snapshots.
    cmd.env("SOURCE_DATE_EPOCH", "1796400000");
    cmd
}

pub fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

pub fn path(rel: &str) -> PathBuf {
    root().join(rel)
}

#[allow(dead_code)]
pub fn read(p: &Path) -> String {
    std::fs::read_to_string(p).unwrap_or_else(|e| panic!("{}: {e}", p.display()))
}

/// The (quantity, unit price, monthly) of the JSON estimate's line whose resource starts with
/// `resource` and whose component is `component`, exact.
#[allow(dead_code)]
pub fn json_line(
    v: &serde_json::Value,
    resource: &str,
    component: &str,
) -> (
    rust_decimal::Decimal,
    rust_decimal::Decimal,
    rust_decimal::Decimal,
) {
    let l = v["line_items"]
        .as_array()
        .unwrap()
        .iter()
        .find(|l| {
            l["resource"].as_str().unwrap().starts_with(resource)
                && l["component"].as_str().unwrap() == component
        })
        .unwrap_or_else(|| panic!("no line {resource} / {component}"));
    let n = |k: &str| {
        l[k].as_str()
            .unwrap()
            .parse::<rust_decimal::Decimal>()
            .unwrap()
    };
    (n("quantity"), n("unit_price_usd"), n("monthly_usd"))
}
