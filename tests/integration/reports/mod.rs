//! Reports as readers and CI use them: the output formats and command-line conventions
//! ([`formats`]), `diff` with its gates and PR comment ([`diff`]), and properties every report
//! keeps ([`properties`]). Golden outputs are in `tests/integration/golden.rs`.

mod diff;
mod formats;
mod properties;

use std::path::{Path, PathBuf};

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

pub fn catalog() -> costplan::PriceCatalog {
    costplan::PriceCatalog::bundled().expect("bundled price tables")
}

/// Estimates a topology file with the bundled prices.
pub fn estimate_file(path: &str) -> costplan::Estimate {
    costplan::input::read(&root().join(path), &catalog()).expect("estimate")
}

/// Estimates topology text.
pub fn estimate_text(text: &str) -> costplan::Result<costplan::Estimate> {
    let catalog = catalog();
    let file = costplan::source::SourceFile::new("test.toml", text);
    let t = costplan::topology::parse(&file, &catalog)?;
    costplan::estimate(&t, catalog.table(&t.region)?)
}

pub fn read(path: &Path) -> String {
    std::fs::read_to_string(path).expect("read file")
}
