//! Paths a file names stay inside its directory tree unless `--allow-outside-paths` is given, and no
//! command but `pricing update` opens a network connection.

use crate::common::{costplan, path, root};
use std::net::TcpListener;
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};

/// A scenario file in a fresh directory whose `base` is `base`; the baseline is copied beside it.
fn scenario_dir(base: &str) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir(dir.path().join("inner")).unwrap();
    std::fs::copy(
        path("scenarios/baseline.toml"),
        dir.path().join("baseline.toml"),
    )
    .unwrap();
    std::fs::write(
        dir.path().join("inner/scenario.toml"),
        format!("base = {base:?}\n[scale]\n\"service.worker.count\" = 2\n"),
    )
    .unwrap();
    dir
}

fn run_scenario(dir: &tempfile::TempDir, allow: bool) -> assert_cmd::assert::Assert {
    let mut c = costplan();
    if allow {
        c.arg("--allow-outside-paths");
    }
    c.arg("estimate")
        .arg(dir.path().join("inner/scenario.toml"))
        .assert()
}

#[test]
fn a_parent_directory_base_is_refused_unless_allowed() {
    let dir = scenario_dir("../baseline.toml");
    run_scenario(&dir, false)
        .code(2)
        .stderr(predicates::str::contains(
            "`base` must not leave the scenario file's directory, found `../baseline.toml`",
        ))
        .stderr(predicates::str::contains("--allow-outside-paths"));
    run_scenario(&dir, true)
        .success()
        .stdout(predicates::str::contains("Total monthly"));
}

#[test]
fn an_absolute_base_is_refused_unless_allowed() {
    let dir = scenario_dir("placeholder");
    let abs = dir.path().join("baseline.toml");
    std::fs::write(
        dir.path().join("inner/scenario.toml"),
        format!(
            "base = {:?}\n[scale]\n\"service.worker.count\" = 2\n",
            abs.display().to_string()
        ),
    )
    .unwrap();
    run_scenario(&dir, false)
        .code(2)
        .stderr(predicates::str::contains("`base` must be a relative path"));
    run_scenario(&dir, true).success();
}

#[test]
fn a_symlink_out_of_the_tree_is_refused_unless_allowed() {
    let dir = scenario_dir("link.toml");
    std::os::unix::fs::symlink(
        dir.path().join("baseline.toml"),
        dir.path().join("inner/link.toml"),
    )
    .unwrap();
    run_scenario(&dir, false)
        .code(2)
        .stderr(predicates::str::contains("(through a symlink)"));
    run_scenario(&dir, true).success();
}

#[test]
fn a_symlink_that_stays_inside_the_tree_is_fine() {
    let dir = scenario_dir("link.toml");
    std::fs::copy(
        dir.path().join("baseline.toml"),
        dir.path().join("inner/real.toml"),
    )
    .unwrap();
    std::os::unix::fs::symlink("real.toml", dir.path().join("inner/link.toml")).unwrap();
    run_scenario(&dir, false).success();
}

#[test]
fn the_flag_applies_to_compare_sweep_and_sensitivity() {
    let dir = scenario_dir("../baseline.toml");
    let s = dir.path().join("inner/scenario.toml");
    for args in [
        vec!["compare", "scenarios/baseline.toml"],
        vec!["sensitivity"],
        vec!["sweep", "--set", "service.api.count=1..2"],
    ] {
        let mut c = costplan();
        c.args(&args[..1]).args(&args[1..]).arg(&s);
        c.assert().code(2);
        let mut c = costplan();
        c.arg("--allow-outside-paths")
            .args(&args[..1])
            .args(&args[1..])
            .arg(&s);
        c.assert().success();
    }
}

/// Only the downloader names a network API.
#[test]
fn network_apis_appear_only_in_the_download_module() {
    let allowed = "src/pricing/import/download.rs";
    let needles = [
        "reqwest",
        "std::net",
        "TcpStream",
        "UdpSocket",
        "ToSocketAddrs",
        "hyper",
        "ureq",
    ];
    let mut stack = vec![root().join("src")];
    let mut hits = Vec::new();
    while let Some(d) = stack.pop() {
        for e in std::fs::read_dir(&d).unwrap() {
            let p = e.unwrap().path();
            if p.is_dir() {
                stack.push(p);
                continue;
            }
            let rel = p
                .strip_prefix(root())
                .unwrap()
                .to_string_lossy()
                .to_string();
            if rel == allowed || p.extension().is_none_or(|e| e != "rs") {
                continue;
            }
            let text = std::fs::read_to_string(&p).unwrap();
            for n in needles {
                if text.contains(n) {
                    hits.push(format!("{rel}: {n}"));
                }
            }
        }
    }
    assert!(hits.is_empty(), "network APIs outside {allowed}: {hits:?}");
}

/// A listener that counts connections, for use as HTTP(S)_PROXY.
fn proxy() -> (String, Arc<AtomicUsize>) {
    let l = TcpListener::bind("127.0.0.1:0").unwrap();
    let url = format!("http://{}", l.local_addr().unwrap());
    let n = Arc::new(AtomicUsize::new(0));
    let seen = n.clone();
    std::thread::spawn(move || {
        for s in l.incoming() {
            seen.fetch_add(1, Ordering::SeqCst);
            drop(s);
        }
    });
    (url, n)
}

fn with_proxy(url: &str) -> assert_cmd::Command {
    let mut c = costplan();
    for k in [
        "HTTP_PROXY",
        "HTTPS_PROXY",
        "ALL_PROXY",
        "http_proxy",
        "https_proxy",
        "all_proxy",
    ] {
        c.env(k, url);
    }
    c.env_remove("NO_PROXY").env_remove("no_proxy");
    c
}

#[test]
fn no_command_but_pricing_update_opens_a_connection() {
    let (url, n) = proxy();
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("out");
    let d = dir.path().display().to_string();
    let o = out.display().to_string();
    let est = format!("{d}/base.json");
    let runs: Vec<Vec<&str>> = vec![
        vec![
            "estimate",
            "scenarios/baseline.toml",
            "-f",
            "json",
            "-o",
            &est,
        ],
        vec![
            "estimate",
            "scenarios/usage-ranges.toml",
            "--simulate",
            "2000",
        ],
        vec!["diff", &est, "tests/fixtures/workers-x2.toml"],
        vec!["check", "tests/fixtures/workers-x2.toml"],
        vec![
            "compare",
            "scenarios/baseline.toml",
            "scenarios/what-if.toml",
            "-f",
            "html",
        ],
        vec![
            "sweep",
            "scenarios/baseline.toml",
            "--set",
            "service.worker.count=1..5",
        ],
        vec!["sensitivity", "scenarios/baseline.toml", "-f", "html"],
        vec!["capacity", "scenarios/baseline.toml"],
        vec![
            "capacity",
            "scenarios/baseline.toml",
            "--growth",
            "10%",
            "-f",
            "html",
        ],
        vec!["capacity", "scenarios/baseline.toml", "--apply"],
        vec!["schema"],
        vec!["completions", "bash"],
        vec!["man"],
        vec!["pricing", "show"],
        vec![
            "pricing",
            "diff",
            "pricing/aws/us-east-1.toml",
            "pricing/aws/us-west-2.toml",
        ],
    ];
    for args in &runs {
        let out = with_proxy(&url).args(args).output().unwrap();
        assert!(
            matches!(out.status.code(), Some(0 | 1)),
            "{args:?}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
    }
    let fixture = crate::fixture("AmazonECS-us-east-1.csv");
    with_proxy(&url)
        .args(["pricing", "import", "--region", "us-east-1", "--out", &o])
        .arg(&fixture)
        .assert()
        .success();
    std::thread::sleep(std::time::Duration::from_millis(100));
    assert_eq!(
        n.load(Ordering::SeqCst),
        0,
        "a command connected to the proxy"
    );
    // The control: `pricing update` does go through the proxy, so the listener would have seen
    // any other command that tried.
    let _ = with_proxy(&url)
        .args([
            "pricing",
            "update",
            "--region",
            "us-east-1",
            "--retries",
            "0",
            "--timeout-secs",
            "2",
            "--base-url",
            "http://pricing.invalid",
            "--out",
            &o,
        ])
        .output()
        .unwrap();
    std::thread::sleep(std::time::Duration::from_millis(100));
    assert!(
        n.load(Ordering::SeqCst) > 0,
        "pricing update did not use the proxy"
    );
}

#[test]
fn a_region_cannot_name_a_path_for_the_table_file() {
    let dir = tempfile::tempdir().unwrap();
    for region in ["../escape", "us-east-1/../../x", "/tmp/x", "US-EAST-1"] {
        costplan()
            .args(["pricing", "import", "--region", region, "--out"])
            .arg(dir.path().join("out"))
            .arg(crate::fixture("AmazonECS-us-east-1.csv"))
            .assert()
            .code(2)
            .stderr(predicates::str::contains("is not a region code"));
        costplan()
            .args([
                "pricing",
                "update",
                "--region",
                region,
                "--base-url",
                "http://127.0.0.1:9",
                "--out",
            ])
            .arg(dir.path().join("out"))
            .assert()
            .code(2)
            .stderr(predicates::str::contains("is not a region code"));
    }
    assert!(!dir.path().join("escape.toml").exists());
}
