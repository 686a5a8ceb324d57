//! Nothing lost: a process killed (SIGKILL) at a random point while writing a file leaves either
//! the old file byte for byte or the complete new one, never a partial file. Three writers:
//! `estimate -o`, `compare -o` (HTML), `capacity --apply -o` and the price table of
//! `pricing import --out`.

use crate::common::path;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, Instant};

/// A topology with many services, so the report takes a while to produce and write.
fn big_topology(dir: &Path) -> PathBuf {
    let mut text = String::from("name = \"big\"\nregion = \"us-east-1\"\n");
    for i in 0..200 {
        text += &format!(
            "[[service]]\nname = \"svc-{i}\"\ncount = {}\nvcpu = 1\nmemory_gb = 2\n",
            i % 7
        );
    }
    let p = dir.join("big.toml");
    std::fs::write(&p, text).unwrap();
    p
}

fn costplan(args: &[&std::ffi::OsStr]) -> Command {
    let mut c = Command::new(env!("CARGO_BIN_EXE_costplan"));
    c.current_dir(path("")).args(args);
    // HTML reports carry their generation date: fixed, so every complete run writes the same bytes.
    c.env("SOURCE_DATE_EPOCH", "1796400000");
    c.stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null());
    c
}

/// Runs `make()` once to completion (the new content of `target`), then 50 times killed after a
/// random delay spread over 0 to 1.5 runs; each time `target` must be the old or the new content.
fn sigkill_trials(target: &Path, make: impl Fn() -> Command, seed: u64) -> (usize, usize) {
    let old = b"old content: must survive a killed writer\n".to_vec();
    let dir = target.parent().unwrap();
    let _ = std::fs::remove_file(target);
    let t0 = Instant::now();
    assert!(make().status().unwrap().success());
    let run_micros = (t0.elapsed().as_micros() as u64).max(1_000);
    let new = std::fs::read(target).unwrap();
    assert_ne!(new, old);
    // xorshift: deterministic, no RNG crate needed.
    let mut seed = seed;
    let (mut saw_old, mut saw_new) = (0, 0);
    for _ in 0..50 {
        std::fs::write(target, &old).unwrap();
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        let delay = Duration::from_micros(seed % (run_micros + run_micros / 2));
        let mut child = make().spawn().unwrap();
        let start = Instant::now();
        while start.elapsed() < delay {
            std::hint::spin_loop();
        }
        let _ = child.kill(); // SIGKILL on Unix
        let _ = child.wait();
        let now = std::fs::read(target).unwrap();
        if now == old {
            saw_old += 1;
        } else if now == new {
            saw_new += 1;
        } else {
            panic!(
                "{}: partial file after SIGKILL: {} bytes",
                target.display(),
                now.len()
            );
        }
        // A killed writer may leave its temporary file behind (a dot file); it is never the target.
        for e in std::fs::read_dir(dir).unwrap().filter_map(|e| e.ok()) {
            if e.file_name().to_string_lossy().starts_with('.') {
                std::fs::remove_file(e.path()).unwrap();
            }
        }
    }
    eprintln!(
        "{}: {saw_old} kept the old file, {saw_new} saw the complete new one",
        target.display()
    );
    assert_eq!(saw_old + saw_new, 50);
    (saw_old, saw_new)
}

#[test]
fn sigkill_mid_write_leaves_the_old_file_or_the_complete_new_one() {
    let dir = tempfile::tempdir().unwrap();
    let topology = big_topology(dir.path());
    let out_dir = dir.path().join("out");
    std::fs::create_dir(&out_dir).unwrap();
    let out = out_dir.join("report.json");
    sigkill_trials(
        &out,
        || {
            costplan(&[
                "estimate".as_ref(),
                topology.as_os_str(),
                "--format".as_ref(),
                "json".as_ref(),
                "-o".as_ref(),
                out.as_os_str(),
            ])
        },
        0x2545_f491_4f6c_dd1d,
    );
}

#[test]
fn sigkill_mid_compare_html_leaves_the_old_report_or_the_new_one() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("compare.html");
    sigkill_trials(
        &out,
        || {
            costplan(&[
                "compare".as_ref(),
                "scenarios/baseline.toml".as_ref(),
                "scenarios/what-if.toml".as_ref(),
                "-f".as_ref(),
                "html".as_ref(),
                "-o".as_ref(),
                out.as_os_str(),
            ])
        },
        0x9e37_79b9_7f4a_7c15,
    );
}

#[test]
fn sigkill_mid_pricing_import_leaves_the_old_table_or_the_new_one() {
    let dir = tempfile::tempdir().unwrap();
    let out_dir = dir.path().join("aws");
    std::fs::create_dir(&out_dir).unwrap();
    let table = out_dir.join("us-east-1.toml");
    let offers = [
        crate::fixture("AmazonECS-us-east-1.json"),
        crate::fixture("AmazonRDS-us-east-1.json"),
        crate::fixture("AmazonElastiCache-us-east-1.json"),
    ];
    sigkill_trials(
        &table,
        || {
            let mut args: Vec<&std::ffi::OsStr> = vec![
                "pricing".as_ref(),
                "import".as_ref(),
                "--region".as_ref(),
                "us-east-1".as_ref(),
                "--out".as_ref(),
                out_dir.as_os_str(),
            ];
            args.extend(offers.iter().map(|p| p.as_os_str()));
            costplan(&args)
        },
        0xd1b5_4a32_d192_ed03,
    );
}

#[test]
fn sigkill_mid_capacity_apply_leaves_the_old_topology_or_the_new_one() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("right-sized.toml");
    sigkill_trials(
        &out,
        || {
            costplan(&[
                "capacity".as_ref(),
                "scenarios/baseline.toml".as_ref(),
                "--apply".as_ref(),
                "-o".as_ref(),
                out.as_os_str(),
            ])
        },
        0x94d0_49bb_1331_11eb,
    );
}
