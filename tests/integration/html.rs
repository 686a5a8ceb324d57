//! The HTML report: names escaped in text and attributes. The check that a real headless Chromium
//! renders every report is in the `tools` test target (`tests/tools/chromium.rs`).

use assert_cmd::Command;
use std::path::PathBuf;

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn costplan() -> Command {
    let mut c = Command::cargo_bin("costplan").expect("binary built");
    c.current_dir(root());
    c
}

const HOSTILE: &str = "<img src=x onerror=alert(1)>\"'&";

#[test]
fn names_are_escaped_in_text_and_attributes() {
    let d = tempfile::tempdir().expect("tempdir");
    let base = std::fs::read_to_string(root().join("scenarios/baseline.toml")).expect("baseline");
    let base = base.replace(
        "name = \"production\"",
        &format!("name = {}", toml_string(HOSTILE)),
    );
    std::fs::write(d.path().join("base.toml"), base).expect("write");
    std::fs::write(
        d.path().join("s.toml"),
        format!(
            "name = {}\nbase = \"base.toml\"\n[set]\n\"nat.gateways\" = 1\n",
            toml_string(HOSTILE)
        ),
    )
    .expect("write");
    for args in [
        vec![
            "estimate".to_string(),
            "base.toml".into(),
            "-f".into(),
            "html".into(),
        ],
        vec![
            "compare".into(),
            "base.toml".into(),
            "s.toml".into(),
            "-f".into(),
            "html".into(),
        ],
        vec![
            "sensitivity".into(),
            "s.toml".into(),
            "-f".into(),
            "html".into(),
        ],
        vec![
            "sweep".into(),
            "s.toml".into(),
            "--set".into(),
            "nat.gateways=1..3".into(),
            "-f".into(),
            "html".into(),
        ],
        vec![
            "capacity".into(),
            "base.toml".into(),
            "--growth".into(),
            "10%".into(),
            "-f".into(),
            "html".into(),
        ],
    ] {
        let out = costplan()
            .current_dir(d.path())
            .args(&args)
            .assert()
            .success()
            .get_output()
            .stdout
            .clone();
        let html = String::from_utf8(out).expect("utf-8");
        assert!(!html.contains("<img"), "{args:?}: unescaped name");
        assert!(
            !html.contains("onerror=alert(1)>\""),
            "{args:?}: unescaped attribute"
        );
        assert!(
            html.contains("&lt;img src=x onerror=alert(1)&gt;"),
            "{args:?}: name missing"
        );
    }
}

fn toml_string(s: &str) -> String {
    format!("\"{}\"", s.replace('\\', "\\\\").replace('"', "\\\""))
}
