//! GitHub's Markdown renderer, cmark-gfm, on the pull-request comment of a hostile estimate.

use super::{BASELINE, costplan};
use std::process::Command;

/// A JSON estimate from an untrusted pull request (`tests/shared/hostile_estimate.rs`).
fn hostile_estimate_json(dir: &std::path::Path) -> std::path::PathBuf {
    let json = costplan()
        .args(["estimate", BASELINE, "-f", "json"])
        .output()
        .unwrap()
        .stdout;
    crate::hostile_estimate::write(dir, &String::from_utf8(json).unwrap())
}

/// GitHub's own renderer (cmark-gfm) turns the hostile comment into plain text in intact tables:
/// no element from a name, and every row of a table has its header's number of cells. Runs when
/// `cmark-gfm` is installed (`.ci/run` installs it); otherwise the harness reports it ignored.
pub fn github_renders_hostile_names_as_text() {
    let Ok(out) = Command::new("cmark-gfm").arg("--version").output() else {
        assert!(
            std::env::var_os("COSTPLAN_REQUIRE_CMARK").is_none(),
            "COSTPLAN_REQUIRE_CMARK is set but `cmark-gfm` is not on the PATH"
        );
        println!("skipped: `cmark-gfm` is not installed; see .ci/run");
        return;
    };
    assert!(out.status.success());
    let dir = tempfile::tempdir().unwrap();
    let hostile = hostile_estimate_json(dir.path());
    let md = costplan()
        .arg("diff")
        .arg(&hostile)
        .arg(BASELINE)
        .args(["-f", "markdown"])
        .output()
        .unwrap()
        .stdout;
    let md_path = dir.path().join("comment.md");
    std::fs::write(&md_path, &md).unwrap();
    let html = Command::new("cmark-gfm")
        .args([
            "-e",
            "table",
            "-e",
            "strikethrough",
            "-e",
            "autolink",
            "-e",
            "tagfilter",
        ])
        .arg(&md_path)
        .output()
        .unwrap()
        .stdout;
    let html = String::from_utf8(html).unwrap();
    for tag in ["<img", "<a ", "<em>", "<code>", "<del>", "<script"] {
        assert!(!html.contains(tag), "{tag} in rendered comment:\n{html}");
    }
    assert!(html.contains("&lt;img src=x onerror=alert(1)&gt; | `x` *b* [l](javascript:alert(1))"));
    for table in html.split("<table>").skip(1) {
        let table = &table[..table.find("</table>").unwrap()];
        let cells: Vec<usize> = table
            .split("<tr>")
            .skip(1)
            .map(|row| row.matches("<td").count() + row.matches("<th").count())
            .collect();
        assert!(
            cells.windows(2).all(|w| w[0] == w[1]),
            "ragged table: {cells:?}"
        );
    }
}
