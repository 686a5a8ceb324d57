//! What a new user meets on a machine with only rustup's stable toolchain: the README's quick
//! start needs nothing but cargo's own commands, and `rust-version` in Cargo.toml is the real
//! minimum, the newest that any dependency declares.

use std::path::Path;

fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

/// The commands of the README's quick-start block.
fn quick_start() -> Vec<String> {
    let readme = std::fs::read_to_string(root().join("README.md")).unwrap();
    let block = &readme[readme.find("## Quick start").expect("a quick start")..];
    let code = &block[block.find("```sh\n").unwrap() + 6..];
    let code = &code[..code.find("```").unwrap()];
    code.lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .map(str::to_string)
        .collect()
}

#[test]
fn the_quick_start_needs_only_cargo_commands_that_ship_with_rustup() {
    // Subcommands that come with cargo itself; `nextest`, `insta`, `fuzz` ... need an install.
    let builtin = ["run", "test", "build", "check"];
    for command in quick_start() {
        let mut words = command.split_whitespace();
        assert_eq!(
            words.next(),
            Some("cargo"),
            "`{command}` is not a cargo command"
        );
        let sub = words.next().unwrap_or_default();
        assert!(
            builtin.contains(&sub),
            "`{command}` needs `cargo {sub}`, which a fresh rustup toolchain does not have"
        );
    }
}

fn version(text: &str) -> (u64, u64) {
    let mut parts = text.split('.').map(|p| p.parse::<u64>().unwrap_or(0));
    (parts.next().unwrap_or(0), parts.next().unwrap_or(0))
}

#[test]
fn rust_version_is_the_newest_minimum_among_the_dependencies() {
    let manifest: toml::Table =
        toml::from_str(&std::fs::read_to_string(root().join("Cargo.toml")).unwrap()).unwrap();
    let declared = manifest["package"]
        .get("rust-version")
        .and_then(|v| v.as_str())
        .expect("Cargo.toml declares rust-version");
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".into());
    let out = std::process::Command::new(cargo)
        .args(["metadata", "--format-version", "1", "--locked"])
        .current_dir(root())
        .output()
        .expect("cargo metadata runs");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let metadata: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let (newest, who) = metadata["packages"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|p| p["name"] != "costplan")
        .filter_map(|p| Some((version(p["rust_version"].as_str()?), p["name"].to_string())))
        .max()
        .expect("dependencies declare rust-version");
    // Edition 2024 alone needs 1.85.
    let needed = newest.max((1, 85));
    assert_eq!(
        version(declared),
        needed,
        "rust-version is {declared}, but the real minimum is {}.{} ({who} declares {}.{})",
        needed.0,
        needed.1,
        newest.0,
        newest.1
    );
}
