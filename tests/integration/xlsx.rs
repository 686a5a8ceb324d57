//! `estimate --format xlsx` (and `-o FILE.xlsx`): a workbook with one sheet per view, written
//! atomically like every output, the same bytes for the same estimate. What the sheets hold, once
//! LibreOffice opens and recalculates them, is checked in tests/tools/libreoffice.rs.

use super::common::{costplan, path};

fn contains(haystack: &[u8], needle: &str) -> bool {
    haystack
        .windows(needle.len())
        .any(|w| w == needle.as_bytes())
}

fn xlsx(topology: &str, epoch: Option<&str>) -> Vec<u8> {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("finance.xlsx");
    let mut cmd = costplan();
    cmd.env_remove("SOURCE_DATE_EPOCH");
    if let Some(e) = epoch {
        cmd.env("SOURCE_DATE_EPOCH", e);
    }
    cmd.args(["estimate", topology, "-o"])
        .arg(&out)
        .assert()
        .success()
        .stdout("");
    std::fs::read(&out).unwrap()
}

#[test]
fn output_extension_chooses_a_workbook_with_one_sheet_per_view() {
    let bytes = xlsx("scenarios/baseline.toml", None);
    assert!(bytes.starts_with(b"PK\x03\x04"), "not a zip");
    // baseline states a reference but no budget: summary, lines, groups, reconciliation, assumptions
    for sheet in 1..=5 {
        assert!(contains(&bytes, &format!("xl/worksheets/sheet{sheet}.xml")));
    }
    assert!(!contains(&bytes, "xl/worksheets/sheet6.xml"));
    // workers-x2 declares a budget: one more sheet
    let bytes = xlsx("tests/fixtures/workers-x2.toml", None);
    assert!(contains(&bytes, "xl/worksheets/sheet6.xml"));
}

#[test]
fn the_same_estimate_gives_the_same_bytes_and_source_date_epoch_dates_it() {
    let a = xlsx("scenarios/baseline.toml", None);
    let b = xlsx("scenarios/baseline.toml", None);
    assert!(a == b, "two runs differ");
    let dated = xlsx("scenarios/baseline.toml", Some("1767225600"));
    assert!(a != dated, "SOURCE_DATE_EPOCH is not the creation date");
    assert_eq!(dated, xlsx("scenarios/baseline.toml", Some("1767225600")));
}

#[test]
fn format_xlsx_to_a_pipe_writes_the_same_workbook() {
    let file = xlsx("scenarios/baseline.toml", None);
    let out = costplan()
        .env_remove("SOURCE_DATE_EPOCH")
        .args(["estimate", "scenarios/baseline.toml", "-f", "xlsx"])
        .output()
        .unwrap();
    assert!(out.status.success());
    assert!(out.stdout == file, "stdout differs from the -o file");
}

#[test]
fn an_unwritable_path_is_exit_4_and_the_input_as_output_exit_2() {
    let dir = tempfile::tempdir().unwrap();
    costplan()
        .args(["estimate", "scenarios/baseline.toml", "-o"])
        .arg(dir.path().join("missing/finance.xlsx"))
        .assert()
        .code(4)
        .stderr(predicates::str::contains("finance.xlsx: cannot write"));
    let input = dir.path().join("topology.xlsx");
    let topology = std::fs::read(path("scenarios/baseline.toml")).unwrap();
    std::fs::write(&input, &topology).unwrap();
    costplan()
        .arg("estimate")
        .arg(&input)
        .args(["-f", "xlsx", "-o"])
        .arg(&input)
        .assert()
        .code(2);
    assert_eq!(
        std::fs::read(&input).unwrap(),
        topology,
        "the input was replaced"
    );
}
