//! Helpers shared by the integration tests.

use std::path::{Path, PathBuf};

/// The `costplan` binary, run from the repository root.
pub fn costplan() -> assert_cmd::Command {
    let mut cmd = assert_cmd::Command::new(env!("CARGO_BIN_EXE_costplan"));
    cmd.current_dir(root());
    cmd.env_remove("NO_COLOR");
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
