//! Where output goes (`-o`, `--out`, stderr), attacked through the binary for every command that
//! writes: a named pipe or device is written into, never replaced; a failed write is exit 4 naming
//! the path; `-o` naming one of the command's inputs is exit 2 with the input untouched; a stderr
//! that is full or closed never makes costplan panic. The rules are in docs/limits.md.

use super::common::{costplan, path, root};
use std::path::{Path, PathBuf};
use std::time::Duration;

/// Every command with `-o`, with arguments that make it succeed (or, for `capacity`, exit 1 with
/// its report written).
const WRITERS: &[(&str, &[&str])] = &[
    ("estimate", &["estimate", "scenarios/baseline.toml"]),
    ("capacity", &["capacity", "scenarios/baseline.toml"]),
    (
        "compare",
        &[
            "compare",
            "scenarios/baseline.toml",
            "scenarios/what-if.toml",
        ],
    ),
    (
        "sweep",
        &[
            "sweep",
            "scenarios/baseline.toml",
            "--set",
            "service.worker.count=1..3",
        ],
    ),
    ("sensitivity", &["sensitivity", "scenarios/baseline.toml"]),
    (
        "diff",
        &[
            "diff",
            "scenarios/baseline.toml",
            "tests/fixtures/workers-x2.toml",
        ],
    ),
    ("schema", &["schema"]),
    ("man", &["man"]),
    ("docs", &["docs", "topology"]),
];

/// The exit code a writer gives when its report was written.
fn written_code(name: &str) -> i32 {
    if name == "capacity" { 1 } else { 0 }
}

fn mkfifo(p: &Path) {
    let ok = std::process::Command::new("mkfifo")
        .arg(p)
        .status()
        .is_ok_and(|s| s.success());
    assert!(ok, "mkfifo {}", p.display());
}

#[cfg(unix)]
fn is_fifo(p: &Path) -> bool {
    use std::os::unix::fs::FileTypeExt;
    std::fs::symlink_metadata(p).is_ok_and(|m| m.file_type().is_fifo())
}

#[cfg(unix)]
fn is_char_device(p: &Path) -> bool {
    use std::os::unix::fs::FileTypeExt;
    std::fs::metadata(p).is_ok_and(|m| m.file_type().is_char_device())
}

/// Every writer sends its report into a named pipe: the reader gets all of it and the pipe is
/// still a pipe (an atomic rename used to put a regular file in its place, and the reader got
/// nothing).
#[cfg(unix)]
#[test]
fn o_fifo_is_written_into_by_every_writer() {
    let dir = tempfile::tempdir().unwrap();
    for (name, args) in WRITERS {
        let fifo = dir.path().join(format!("{name}.fifo"));
        mkfifo(&fifo);
        let (tx, rx) = std::sync::mpsc::channel();
        let reader_path = fifo.clone();
        std::thread::spawn(move || {
            let _ = tx.send(std::fs::read(&reader_path).unwrap_or_default());
        });
        let out = costplan()
            .args(*args)
            .arg("-o")
            .arg(&fifo)
            .timeout(Duration::from_secs(60))
            .output()
            .unwrap();
        assert_eq!(
            out.status.code(),
            Some(written_code(name)),
            "{name}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        assert!(is_fifo(&fifo), "{name}: -o replaced the named pipe");
        let got = rx.recv_timeout(Duration::from_secs(10)).unwrap_or_default();
        // the same bytes as on stdout
        let stdout = costplan().args(*args).output().unwrap().stdout;
        assert!(!got.is_empty(), "{name}: the reader got nothing");
        assert_eq!(got, stdout, "{name}: the pipe got other bytes than stdout");
    }
}

/// `-o fifo` whose reader goes away (EPIPE): exit 4 naming the pipe. The report (230 KB) is
/// larger than a pipe's buffer, so the write fails however early or late the reader leaves.
#[cfg(target_os = "linux")]
#[test]
fn o_fifo_whose_reader_leaves_is_exit_4_naming_it() {
    use std::os::unix::fs::OpenOptionsExt;
    const O_NONBLOCK: i32 = 0o4000;
    let dir = tempfile::tempdir().unwrap();
    let fifo = dir.path().join("report.fifo");
    mkfifo(&fifo);
    // a reader is there when costplan opens the pipe, then leaves
    let reader = std::fs::OpenOptions::new()
        .read(true)
        .custom_flags(O_NONBLOCK)
        .open(&fifo)
        .unwrap();
    let child = std::process::Command::new(env!("CARGO_BIN_EXE_costplan"))
        .args([
            "sweep",
            "scenarios/baseline.toml",
            "--set",
            "service.worker.count=1..1000",
            "-o",
        ])
        .arg(&fifo)
        .current_dir(root())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    // leave once costplan has the pipe open (else its open would wait for a reader for ever)
    let fds = PathBuf::from(format!("/proc/{}/fd", child.id()));
    let opened = || {
        std::fs::read_dir(&fds).is_ok_and(|d| {
            d.flatten()
                .any(|e| std::fs::read_link(e.path()).is_ok_and(|t| t == fifo))
        })
    };
    let started = std::time::Instant::now();
    while !opened() && started.elapsed() < Duration::from_secs(60) {
        std::thread::sleep(Duration::from_millis(5));
    }
    drop(reader);
    let out = child.wait_with_output().unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(4), "{stderr}");
    assert!(
        stderr.contains(&format!("{}: cannot write", fifo.display())),
        "{stderr}"
    );
    assert!(is_fifo(&fifo));
}

/// `-o /dev/full`: every writer exits 4 naming the path, and `/dev/full` stays a device (as root,
/// the atomic rename used to replace it with a regular file).
#[cfg(unix)]
#[test]
fn o_dev_full_is_exit_4_naming_it_for_every_writer() {
    for (name, args) in WRITERS {
        costplan()
            .args(*args)
            .args(["-o", "/dev/full"])
            .assert()
            .code(4)
            .stderr(predicates::str::contains("/dev/full: cannot write"));
        assert!(is_char_device(Path::new("/dev/full")), "{name}");
    }
}

/// `-o /dev/null` succeeds and leaves `/dev/null` a character device.
#[cfg(unix)]
#[test]
fn o_dev_null_stays_a_character_device() {
    for (name, args) in WRITERS {
        costplan()
            .args(*args)
            .args(["-o", "/dev/null"])
            .assert()
            .code(written_code(name))
            .stdout("");
        assert!(is_char_device(Path::new("/dev/null")), "{name}");
    }
}

/// `-o /dev/stdout` writes to the process's stdout (here a pipe), like `-o -`.
#[cfg(unix)]
#[test]
fn o_dev_stdout_writes_to_stdout() {
    let plain = costplan()
        .args(["estimate", "scenarios/baseline.toml"])
        .output()
        .unwrap();
    costplan()
        .args(["estimate", "scenarios/baseline.toml", "-o", "/dev/stdout"])
        .assert()
        .success()
        .stdout(plain.stdout);
}

/// `-o /dev/stdout` with stdout appended to a file (`>> log`) adds the report after what the log
/// held: the log is neither truncated nor replaced.
#[cfg(unix)]
#[test]
fn o_dev_stdout_appended_to_a_file_keeps_the_file() {
    let dir = tempfile::tempdir().unwrap();
    let log = dir.path().join("log.txt");
    std::fs::write(&log, "earlier\n").unwrap();
    let appended = std::fs::OpenOptions::new().append(true).open(&log).unwrap();
    let status = std::process::Command::new(env!("CARGO_BIN_EXE_costplan"))
        .args(["schema", "-o", "/dev/stdout"])
        .current_dir(root())
        .stdout(appended)
        .status()
        .unwrap();
    assert_eq!(status.code(), Some(0));
    let text = std::fs::read_to_string(&log).unwrap();
    let schema = costplan().arg("schema").output().unwrap().stdout;
    assert_eq!(
        text,
        format!("earlier\n{}", String::from_utf8_lossy(&schema))
    );
}

/// A symlink to a regular file stays a symlink; the file it points to gets the report.
#[cfg(unix)]
#[test]
fn o_symlink_to_a_file_replaces_the_file_and_keeps_the_link() {
    let dir = tempfile::tempdir().unwrap();
    let real = dir.path().join("real.txt");
    std::fs::write(&real, "old").unwrap();
    let link = dir.path().join("link.txt");
    std::os::unix::fs::symlink("real.txt", &link).unwrap();
    costplan()
        .args(["estimate", "scenarios/baseline.toml", "-o"])
        .arg(&link)
        .assert()
        .success();
    assert!(std::fs::symlink_metadata(&link).unwrap().is_symlink());
    assert!(std::fs::read_to_string(&real).unwrap().contains("Total"));
}

/// A copy of `rel` (from the repository) in a fresh directory.
fn copy_in(dir: &Path, rel: &str, name: &str) -> PathBuf {
    let p = dir.join(name);
    std::fs::copy(path(rel), &p).unwrap();
    p
}

/// Runs `args` and checks exit 2 with the refusal, and that `input` kept its bytes.
fn assert_refused(args: &[&std::ffi::OsStr], input: &Path) {
    let before = std::fs::read(input).unwrap();
    costplan()
        .args(args)
        .assert()
        .code(2)
        .stderr(predicates::str::contains(
            "writing it would destroy the input",
        ))
        .stderr(predicates::str::contains("hint:"));
    assert_eq!(std::fs::read(input).unwrap(), before, "{args:?}");
}

fn os(s: &str) -> &std::ffi::OsStr {
    std::ffi::OsStr::new(s)
}

/// `-o` naming the command's own input, directly or through a symlink, is exit 2 before
/// anything is written, for every command that reads a file.
#[test]
fn o_naming_an_input_is_refused_by_every_reader() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let topo = copy_in(d, "scenarios/baseline.toml", "baseline.toml");
    let other = copy_in(d, "tests/fixtures/workers-x2.toml", "other.toml");
    let t = topo.as_os_str();
    for sub in ["estimate", "capacity", "sensitivity"] {
        assert_refused(&[os(sub), t, os("-o"), t], &topo);
    }
    assert_refused(
        &[
            os("sweep"),
            t,
            os("--set"),
            os("service.worker.count=1..3"),
            os("-o"),
            t,
        ],
        &topo,
    );
    assert_refused(
        &[
            os("compare"),
            t,
            other.as_os_str(),
            os("-o"),
            other.as_os_str(),
        ],
        &other,
    );
    // diff a.json b.json -o a.json
    let a = d.join("a.json");
    let b = d.join("b.json");
    for (src, dst) in [(&topo, &a), (&other, &b)] {
        costplan()
            .args([
                os("estimate"),
                src.as_os_str(),
                os("-f"),
                os("json"),
                os("-o"),
            ])
            .arg(dst)
            .assert()
            .success();
    }
    assert_refused(
        &[
            os("diff"),
            a.as_os_str(),
            b.as_os_str(),
            os("-o"),
            a.as_os_str(),
        ],
        &a,
    );
    // through a symlink, and through `./` spelling
    #[cfg(unix)]
    {
        let link = d.join("link.toml");
        std::os::unix::fs::symlink("baseline.toml", &link).unwrap();
        assert_refused(&[os("estimate"), t, os("-o"), link.as_os_str()], &topo);
        let dotted = d.join(".").join("baseline.toml");
        assert_refused(
            &[
                os("estimate"),
                link.as_os_str(),
                os("-o"),
                dotted.as_os_str(),
            ],
            &topo,
        );
    }
}

/// A scenario file's base topology is an input too: `-o` may not overwrite it.
#[test]
fn o_naming_a_scenario_base_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let base = copy_in(dir.path(), "scenarios/baseline.toml", "baseline.toml");
    let what_if = copy_in(dir.path(), "scenarios/what-if.toml", "what-if.toml");
    for sub in ["estimate", "sensitivity", "capacity"] {
        assert_refused(
            &[
                os(sub),
                what_if.as_os_str(),
                os("--scenario"),
                os("workers x2"),
                os("-o"),
                base.as_os_str(),
            ],
            &base,
        );
    }
    assert_refused(
        &[
            os("compare"),
            path("scenarios/baseline.toml").as_os_str(),
            what_if.as_os_str(),
            os("-o"),
            base.as_os_str(),
        ],
        &base,
    );
}

/// `pricing import` may not write its table over one of the offer files it reads.
#[test]
fn pricing_import_refuses_a_table_path_that_is_an_offer_file() {
    let dir = tempfile::tempdir().unwrap();
    let offer = dir.path().join("us-east-1.toml");
    std::fs::copy(super::fixture("AmazonECS-us-east-1.json"), &offer).unwrap();
    let before = std::fs::read(&offer).unwrap();
    costplan()
        .args(["pricing", "import"])
        .arg(&offer)
        .args(["--region", "us-east-1", "--out"])
        .arg(dir.path())
        .assert()
        .code(2)
        .stderr(predicates::str::contains(
            "writing it would destroy the input",
        ));
    assert_eq!(std::fs::read(&offer).unwrap(), before);
}

/// Runs costplan under `sh` with SIGXFSZ ignored and files limited to `blocks` × 512 bytes, so
/// that a write past the limit fails as on a full disk (EFBIG instead of ENOSPC).
#[cfg(unix)]
fn costplan_with_file_limit(blocks: u32, args: &[&std::ffi::OsStr]) -> std::process::Output {
    let mut script = format!(
        "trap '' XFSZ; ulimit -f {blocks}; exec '{}'",
        env!("CARGO_BIN_EXE_costplan")
    );
    for (i, _) in args.iter().enumerate() {
        script.push_str(&format!(" \"${{{}}}\"", i + 1));
    }
    std::process::Command::new("sh")
        .arg("-c")
        .arg(script)
        .arg("sh")
        .args(args)
        .current_dir(root())
        .output()
        .unwrap()
}

/// `pricing update` on a full disk: exit 4 naming the file it could not write (it was exit 5, a
/// "network" failure), the old table untouched and no temporary file left.
#[cfg(unix)]
#[test]
fn pricing_update_on_a_full_disk_is_exit_4_naming_the_file() {
    let (server, _) = super::pricing_update::serve(None, None);
    let dir = tempfile::tempdir().unwrap();
    let table = dir.path().join("us-east-1.toml");
    std::fs::write(&table, "old").unwrap();
    // 8 KiB: the smallest offer file of the run (AmazonECR, 1.6 KB) fits, the next do not
    let out = costplan_with_file_limit(
        16,
        &[
            os("pricing"),
            os("update"),
            os("--region"),
            os("us-east-1"),
            os("--base-url"),
            os(&server.base_url),
            os("--retries"),
            os("0"),
            os("--out"),
            dir.path().as_os_str(),
        ],
    );
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(4), "{stderr}");
    assert!(stderr.contains("cannot write"), "{stderr}");
    assert!(
        stderr.contains(&dir.path().display().to_string()),
        "{stderr}"
    );
    assert_eq!(std::fs::read(&table).unwrap(), b"old");
    let names: Vec<_> = std::fs::read_dir(dir.path()).unwrap().collect();
    assert_eq!(names.len(), 1, "a temporary file was left: {names:?}");
}

/// `pricing import` on a full disk: exit 4 naming the table, the old one untouched.
#[cfg(unix)]
#[test]
fn pricing_import_on_a_full_disk_is_exit_4_naming_the_table() {
    let dir = tempfile::tempdir().unwrap();
    let table = dir.path().join("us-east-1.toml");
    let out = costplan_with_file_limit(
        1,
        &[
            os("pricing"),
            os("import"),
            super::fixture("AmazonECS-us-east-1.json").as_os_str(),
            os("--region"),
            os("us-east-1"),
            os("--out"),
            dir.path().as_os_str(),
        ],
    );
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(4), "{stderr}");
    assert!(
        stderr.contains(&format!("{}: cannot write", table.display())),
        "{stderr}"
    );
    assert!(!table.exists());
    assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 0);
}

/// A listing on a full stdout is exit 4 naming stdout; on a closed pipe it ends quietly.
#[cfg(unix)]
#[test]
fn pricing_show_on_a_full_stdout_is_exit_4() {
    let full = std::fs::OpenOptions::new()
        .write(true)
        .open("/dev/full")
        .unwrap();
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_costplan"))
        .args(["pricing", "show"])
        .current_dir(root())
        .stdout(full)
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(4), "{stderr}");
    assert!(stderr.contains("<stdout>: cannot write"), "{stderr}");
}

/// stderr that cannot be written: `/dev/full`, or a pipe whose reader is gone.
#[cfg(unix)]
fn broken_stderrs() -> Vec<(&'static str, std::process::Stdio)> {
    let full = std::fs::OpenOptions::new()
        .write(true)
        .open("/dev/full")
        .unwrap();
    let (reader, writer) = std::io::pipe().unwrap();
    drop(reader);
    vec![("/dev/full", full.into()), ("closed pipe", writer.into())]
}

/// Every path that writes to stderr (an error, a usage error, a breached gate, a capacity check,
/// a budget breach, a stale-price warning) keeps its exit code when stderr cannot be written;
/// it used to panic with exit 101.
#[cfg(unix)]
#[test]
fn a_broken_stderr_never_panics() {
    let cases: &[(&[&str], i32)] = &[
        (&["estimate", "no-such-file.toml"], 2),
        (&["estimate", "--no-such-flag"], 2),
        (
            &[
                "diff",
                "scenarios/baseline.toml",
                "tests/fixtures/workers-x2.toml",
                "--fail-on-increase-usd",
                "0",
            ],
            1,
        ),
        (&["capacity", "scenarios/baseline.toml"], 1),
        (&["check", "tests/fixtures/workers-x2.toml"], 1),
        (
            &[
                "estimate",
                "scenarios/baseline.toml",
                "--max-price-age-days",
                "0",
            ],
            0,
        ),
    ];
    for (args, code) in cases {
        for (what, stderr) in broken_stderrs() {
            let out = std::process::Command::new(env!("CARGO_BIN_EXE_costplan"))
                .args(*args)
                .current_dir(root())
                .stdout(std::process::Stdio::null())
                .stderr(stderr)
                .status()
                .unwrap();
            assert_eq!(out.code(), Some(*code), "{args:?} with stderr {what}");
        }
    }
}

/// Every `eprintln!`/`eprint!` goes through [`costplan::output::warn`], and every file is created
/// by `src/output.rs`: a new writer that bypasses them fails here, with its place.
#[test]
fn writers_go_through_src_output_rs() {
    let forbidden = [
        "eprintln!",
        "eprint!",
        "std::io::stderr()",
        "fs::write(",
        "File::create",
        "OpenOptions",
        "create_dir_all",
        "tempfile::",
        ".persist(",
    ];
    let mut files = Vec::new();
    collect(&root().join("src"), &mut files);
    let mut found = Vec::new();
    for f in files {
        let rel = f.strip_prefix(root()).unwrap().display().to_string();
        if rel == "src/output.rs" {
            continue;
        }
        let text = std::fs::read_to_string(&f).unwrap();
        // unit tests may write their fixtures
        let code = text.split("#[cfg(test)]").next().unwrap_or("");
        for (i, line) in code.lines().enumerate() {
            let trimmed = line.trim_start();
            if trimmed.starts_with("//") {
                continue;
            }
            for word in forbidden {
                // the progress bar only asks whether stderr is a terminal
                if word == "std::io::stderr()" && line.contains("is_terminal") {
                    continue;
                }
                if line.contains(word) {
                    found.push(format!("{rel}:{}: {word}", i + 1));
                }
            }
        }
    }
    assert!(
        found.is_empty(),
        "write through src/output.rs (write_output/write_file/create_temporary/create_dir, warn for stderr):\n{}",
        found.join("\n")
    );
}

fn collect(dir: &Path, out: &mut Vec<PathBuf>) {
    for e in std::fs::read_dir(dir).unwrap() {
        let p = e.unwrap().path();
        if p.is_dir() {
            collect(&p, out);
        } else if p.extension().is_some_and(|x| x == "rs") {
            out.push(p);
        }
    }
}

/// A price table read through `--prices DIR` is an input too: `-o` may not name it.
#[test]
fn o_naming_a_price_table_of_prices_dir_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let tables = d.join("tables");
    std::fs::create_dir(&tables).unwrap();
    let table = tables.join("us-east-1.toml");
    std::fs::copy(root().join("pricing/aws/us-east-1.toml"), &table).unwrap();
    let topo = copy_in(d, "scenarios/baseline.toml", "baseline.toml");
    assert_refused(
        &[
            os("--prices"),
            tables.as_os_str(),
            os("estimate"),
            topo.as_os_str(),
            os("-o"),
            table.as_os_str(),
        ],
        &table,
    );
}
