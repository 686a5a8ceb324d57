//! Reading inputs (docs/limits.md, "Reading inputs"): every file goes through one reader,
//! `src/source.rs`, which refuses a symlink out of its directory tree or a file that is not a
//! regular file before reading a byte, bounds what it reads by bytes actually read, and whose
//! errors quote at most a short window of one line. Attacked through every command that reads a
//! file.

use crate::common::{costplan, path, root};
use std::path::Path;
use std::time::Duration;

/// A marker no real file or output holds: if it shows up, a byte of the target leaked.
const MARKER: &str = "R3LEAKMARKERq7Zx";

/// Every command that reads a file named on its command line, with `{f}` for the file.
const COMMANDS: &[&str] = &[
    "estimate {f}",
    "estimate {f} -f json",
    "capacity {f}",
    "check {f}",
    "compare {f} {f}",
    "sensitivity {f}",
    "sweep {f} --set service.api.count=1..2",
    "diff {f} {f}",
    "diff {f}.json {f}.json",
    "pricing diff {f} {f}",
    "pricing import --region us-east-1 --out out {f}",
];

fn args(command: &str, file: &str) -> Vec<String> {
    command
        .split_whitespace()
        .map(|a| a.replace("{f}", file))
        .collect()
}

/// Runs every command on `file` in `dir` (with the marker in the environment) and checks that it
/// exits 2 (3 for a price table or offer file is not accepted: the refusal is an input error)
/// saying `why`, and that the marker appears in no output and in no file written.
fn refused_everywhere(dir: &Path, file: &str, why: &str) {
    let mut failures = Vec::new();
    for command in COMMANDS {
        let out = costplan()
            .current_dir(dir)
            .env("R3_LEAK_MARKER", MARKER)
            .args(args(command, file))
            .timeout(Duration::from_secs(20))
            .output()
            .unwrap();
        let stdout = String::from_utf8_lossy(&out.stdout);
        let stderr = String::from_utf8_lossy(&out.stderr);
        let written = walk(dir)
            .into_iter()
            .filter(|p| !p.is_symlink())
            .filter_map(|p| std::fs::read(&p).ok())
            .any(|b| String::from_utf8_lossy(&b).contains(MARKER));
        if out.status.code() != Some(2)
            || stdout.contains(MARKER)
            || stderr.contains(MARKER)
            || written
            || !stderr.contains(why)
        {
            failures.push(format!(
                "`{command}`: exit {:?}, marker on stdout {}, on stderr {}, in a file {written}\n{stderr}",
                out.status.code(),
                stdout.contains(MARKER),
                stderr.contains(MARKER)
            ));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

fn walk(dir: &Path) -> Vec<std::path::PathBuf> {
    let mut out = Vec::new();
    for e in std::fs::read_dir(dir).unwrap().flatten() {
        let p = e.path();
        if p.is_dir() && !p.is_symlink() {
            out.extend(walk(&p));
        } else {
            out.push(p);
        }
    }
    out
}

fn symlink(target: impl AsRef<Path>, link: impl AsRef<Path>) {
    std::os::unix::fs::symlink(target, link).unwrap();
}

#[test]
fn a_topology_linked_to_proc_self_environ_is_refused_and_nothing_of_it_leaks() {
    let dir = tempfile::tempdir().unwrap();
    symlink("/proc/self/environ", dir.path().join("topology.toml"));
    symlink("/proc/self/environ", dir.path().join("topology.toml.json"));
    refused_everywhere(dir.path(), "topology.toml", "outside its directory");
}

#[test]
fn a_topology_linked_to_aws_credentials_is_refused_and_nothing_of_it_leaks() {
    let home = tempfile::tempdir().unwrap();
    std::fs::create_dir_all(home.path().join(".aws")).unwrap();
    std::fs::write(
        home.path().join(".aws/credentials"),
        format!("aws_access_key_id = \"AKIA{MARKER}\"\n[default]\naws_secret_access_key = \"{MARKER}\"\n"),
    )
    .unwrap();
    let repo = home.path().join("work/repo");
    std::fs::create_dir_all(&repo).unwrap();
    symlink("../../.aws/credentials", repo.join("topology.toml"));
    symlink("../../.aws/credentials", repo.join("topology.toml.json"));
    refused_everywhere(&repo, "topology.toml", "outside its directory");
    // A price-table folder holding such a link is refused the same way.
    let out = costplan()
        .current_dir(&repo)
        .args(["--prices", ".", "estimate"])
        .arg(path("tests/bad-topologies/base/ok.toml"))
        .output()
        .unwrap();
    let all = format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(!all.contains(MARKER), "{all}");
    assert_ne!(out.status.code(), Some(0), "{all}");
}

#[test]
fn a_symlink_inside_the_tree_is_read() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir(dir.path().join("designs")).unwrap();
    std::fs::copy(
        path("tests/bad-topologies/base/ok.toml"),
        dir.path().join("designs/ok.toml"),
    )
    .unwrap();
    symlink("designs/ok.toml", dir.path().join("topology.toml"));
    costplan()
        .current_dir(dir.path())
        .args(["estimate", "topology.toml"])
        .assert()
        .success();
}

#[test]
fn a_fifo_is_refused_at_once_without_waiting_for_a_writer() {
    let dir = tempfile::tempdir().unwrap();
    let fifo = dir.path().join("topology.toml");
    let made = std::process::Command::new("mkfifo")
        .arg(&fifo)
        .status()
        .unwrap();
    assert!(made.success());
    for command in ["estimate {f}", "capacity {f}", "diff {f} {f}"] {
        costplan()
            .current_dir(dir.path())
            .args(args(command, "topology.toml"))
            .timeout(Duration::from_secs(10))
            .assert()
            .code(2)
            .stderr(predicates::str::contains("is not a regular file"))
            .stderr(predicates::str::contains("--allow-outside-paths"));
    }
}

#[test]
fn dev_zero_and_urandom_end_at_the_size_limit_in_bounded_memory() {
    let dir = tempfile::tempdir().unwrap();
    for (name, target) in [("zero.toml", "/dev/zero"), ("random.toml", "/dev/urandom")] {
        symlink(target, dir.path().join(name));
        // Refused before reading by default...
        costplan()
            .current_dir(dir.path())
            .args(["estimate", name])
            .timeout(Duration::from_secs(10))
            .assert()
            .code(2)
            .stderr(predicates::str::contains("outside its directory"));
        // ...and, when allowed, read only up to the limit.
        for command in ["estimate {f}", "diff {f} {f}", "pricing diff {f} {f}"] {
            costplan()
                .current_dir(dir.path())
                .arg("--allow-outside-paths")
                .args(args(command, name))
                .timeout(Duration::from_secs(10))
                .assert()
                .code(2)
                .stderr(predicates::str::contains("larger than the limit"));
        }
    }
}

#[test]
fn a_non_utf8_byte_is_reported_at_its_line_and_column() {
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path().join("t.toml");
    std::fs::write(&p, b"name = \"x\"\nregion = \"us-\xffeast-1\"\n").unwrap();
    costplan()
        .current_dir(dir.path())
        .args(["estimate", "t.toml"])
        .assert()
        .code(2)
        .stderr(predicates::str::starts_with(
            "error: t.toml:2:14: file is not valid UTF-8: byte 0xff",
        ))
        .stderr(predicates::str::contains("= hint: save the file as UTF-8"));
}

#[test]
fn a_one_megabyte_key_is_quoted_as_eighty_characters_and_its_length() {
    let dir = tempfile::tempdir().unwrap();
    let key = "k".repeat(1_000_000);
    std::fs::write(
        dir.path().join("t.toml"),
        format!("name = \"x\"\nregion = \"us-east-1\"\n{key} = 1\n"),
    )
    .unwrap();
    for command in ["estimate {f}", "check {f}", "compare {f} {f}"] {
        let out = costplan()
            .current_dir(dir.path())
            .args(args(command, "t.toml"))
            .output()
            .unwrap();
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(2), "{command}");
        assert!(stderr.len() < 2_000, "`{command}`: {} bytes", stderr.len());
        assert!(
            stderr.starts_with(&format!(
                "error: t.toml:3:1: unknown key `{}… (1000000 chars)`",
                "k".repeat(80)
            )),
            "`{command}`: {stderr}"
        );
        assert!(stderr.contains("= hint: "), "{stderr}");
    }
}

#[test]
fn a_long_line_is_shown_as_a_window_around_the_error() {
    let dir = tempfile::tempdir().unwrap();
    let padding = "x".repeat(100_000);
    std::fs::write(
        dir.path().join("t.toml"),
        format!("name = \"{padding}\" oops {padding}\nregion = \"us-east-1\"\n"),
    )
    .unwrap();
    let out = costplan()
        .current_dir(dir.path())
        .args(["estimate", "t.toml"])
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr.len() < 1_000, "{} bytes", stderr.len());
    assert!(stderr.contains("(200015 chars)"), "{stderr}");
    assert!(stderr.contains("\" oops x"), "{stderr}");
}

/// Every file costplan reads goes through `src/source.rs`: no other module opens or reads a
/// file, so the symlink, regular-file and size rules cannot be bypassed by a new reader.
#[test]
fn no_module_reads_a_file_but_the_source_reader() {
    // Files allowed to name a reading API, and why.
    const ALLOWED: &[(&str, &str)] = &[
        ("src/source.rs", "the one reader"),
        (
            "src/output.rs",
            "opens the output's directory to fsync a rename, reads nothing",
        ),
        (
            "src/resource/registry_tests.rs",
            "unit tests reading the bundled tables",
        ),
        ("src/estimate/tests.rs", "unit tests reading a fixture"),
    ];
    const APIS: &[&str] = &[
        "fs::read(",
        "fs::read_to_string(",
        "read_to_string(",
        "File::open(",
        "OpenOptions::new(",
        "fs::read_link(",
    ];
    let mut offenders = Vec::new();
    for file in walk(&root().join("src")) {
        let rel = file
            .strip_prefix(root())
            .unwrap()
            .to_string_lossy()
            .to_string();
        if file.extension().is_none_or(|e| e != "rs") || ALLOWED.iter().any(|(p, _)| *p == rel) {
            continue;
        }
        let text = std::fs::read_to_string(&file).unwrap();
        // Unit tests at the end of a file may read fixtures.
        let code = text.split("#[cfg(test)]").next().unwrap_or("");
        for (i, line) in code.lines().enumerate() {
            if line.trim_start().starts_with("//") {
                continue;
            }
            if let Some(api) = APIS.iter().find(|a| line.contains(*a)) {
                offenders.push(format!("{rel}:{}: `{api}`: {}", i + 1, line.trim()));
            }
        }
    }
    assert!(
        offenders.is_empty(),
        "read files through `costplan::source` (SourceFile::read, source::open), or add the file to ALLOWED with a reason:\n{}",
        offenders.join("\n")
    );
}

#[test]
fn a_capacity_error_no_single_figure_caused_names_the_file_and_gives_a_hint() {
    costplan()
        .args([
            "capacity",
            "scenarios/baseline.toml",
            "--growth",
            "1000%",
            "--months",
            "120",
        ])
        .assert()
        .code(2)
        .stderr(predicates::str::starts_with(
            "error: scenarios/baseline.toml: arithmetic overflow while computing the growth factor",
        ))
        .stderr(predicates::str::contains("= hint: check the load figures"));
}
