//! Nothing lost: a process killed (SIGKILL) at a random point while writing `-o FILE` leaves
//! either the old file byte for byte or the complete new one, never a partial file.

use crate::common::path;
use std::time::{Duration, Instant};

/// A topology with many services, so the report takes a while to produce and write.
fn big_topology(dir: &std::path::Path) -> std::path::PathBuf {
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

#[test]
fn sigkill_mid_write_leaves_the_old_file_or_the_complete_new_one() {
    let dir = tempfile::tempdir().unwrap();
    let topology = big_topology(dir.path());
    let out = dir.path().join("report.json");
    let old = b"{\"old\": true}\n".to_vec();
    // The complete new content, for comparison, and how long a whole run takes.
    let t0 = Instant::now();
    let full = std::process::Command::new(env!("CARGO_BIN_EXE_costplan"))
        .current_dir(path(""))
        .arg("estimate")
        .arg(&topology)
        .args(["--format", "json"])
        .output()
        .unwrap();
    assert!(full.status.success());
    let new = full.stdout;
    let run_micros = (t0.elapsed().as_micros() as u64).max(1_000);
    // Kill delays spread over 0 to 1.5 runs (xorshift: deterministic, no RNG crate needed).
    let mut seed: u64 = 0x2545_f491_4f6c_dd1d;
    let (mut saw_old, mut saw_new) = (0, 0);
    for _ in 0..50 {
        std::fs::write(&out, &old).unwrap();
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        let delay = Duration::from_micros(seed % (run_micros + run_micros / 2));
        let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_costplan"))
            .current_dir(path(""))
            .arg("estimate")
            .arg(&topology)
            .args(["--format", "json", "-o"])
            .arg(&out)
            .stdout(std::process::Stdio::null())
            .stderr(std::process::Stdio::null())
            .spawn()
            .unwrap();
        let start = Instant::now();
        while start.elapsed() < delay {
            std::hint::spin_loop();
        }
        let _ = child.kill(); // SIGKILL on Unix
        let _ = child.wait();
        let now = std::fs::read(&out).unwrap();
        if now == old {
            saw_old += 1;
        } else if now == new {
            saw_new += 1;
        } else {
            panic!("partial file after SIGKILL: {} bytes", now.len());
        }
        let leftovers: Vec<_> = std::fs::read_dir(dir.path())
            .unwrap()
            .filter_map(|e| e.ok())
            .filter(|e| e.file_name().to_string_lossy().starts_with(".costplan-"))
            .collect();
        // A killed writer may leave its temporary file behind; it is never the target.
        for l in leftovers {
            std::fs::remove_file(l.path()).unwrap();
        }
    }
    eprintln!("sigkill trials: {saw_old} kept the old file, {saw_new} saw the complete new one");
    assert_eq!(saw_old + saw_new, 50);
}
