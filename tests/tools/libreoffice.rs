//! The CSV opens in a real spreadsheet: LibreOffice converts it to xlsx and back to CSV, and every
//! figure and name is unchanged; a neutralised formula stays text. Runs when `soffice` is on the
//! PATH (`.ci/run` installs it); otherwise the harness reports it ignored, or failed when
//! `COSTPLAN_REQUIRE_LIBREOFFICE` is set.

use super::{BASELINE, WORKERS_X2, costplan};
use rust_decimal::Decimal;
use std::path::{Path, PathBuf};
use std::process::Command;

fn soffice() -> Option<PathBuf> {
    let path = std::env::var_os("PATH")?;
    std::env::split_paths(&path)
        .map(|d| d.join("soffice"))
        .find(|p| p.is_file())
}

/// Converts every input in one LibreOffice run (each start costs seconds).
fn convert(soffice: &Path, profile: &Path, inputs: &[PathBuf], to: &str, outdir: &Path) {
    let out = Command::new(soffice)
        .arg(format!(
            "-env:UserInstallation=file://{}",
            profile.display()
        ))
        .args(["--headless", "--convert-to", to, "--outdir"])
        .arg(outdir)
        .args(inputs)
        .output()
        .expect("run soffice");
    assert!(
        out.status.success(),
        "soffice failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
}

fn records(text: &str) -> Vec<Vec<String>> {
    csv::ReaderBuilder::new()
        .has_headers(false)
        .from_reader(text.as_bytes())
        .records()
        .map(|r| r.unwrap().iter().map(str::to_string).collect())
        .collect()
}

/// Numbers compare by value (a spreadsheet writes 23.00 as 23); text compares exactly.
fn same_cell(ours: &str, theirs: &str) -> bool {
    match (ours.parse::<Decimal>(), theirs.parse::<Decimal>()) {
        (Ok(a), Ok(b)) => a == b,
        _ => ours == theirs,
    }
}

/// CSV → xlsx → CSV through LibreOffice, for each (name, text); returns the texts read back.
fn round_trip(soffice: &Path, dir: &Path, files: &[(&str, &str)]) -> Vec<String> {
    let profile = dir.join("profile");
    let csvs: Vec<PathBuf> = files
        .iter()
        .map(|(name, text)| {
            let p = dir.join(format!("{name}.csv"));
            std::fs::write(&p, text).unwrap();
            p
        })
        .collect();
    convert(soffice, &profile, &csvs, "xlsx", dir);
    let xlsxs: Vec<PathBuf> = files
        .iter()
        .map(|(name, _)| dir.join(format!("{name}.xlsx")))
        .collect();
    let back = dir.join("back");
    convert(soffice, &profile, &xlsxs, "csv", &back);
    files
        .iter()
        .map(|(name, _)| std::fs::read_to_string(back.join(format!("{name}.csv"))).unwrap())
        .collect()
}

pub fn csv_survives_a_libreoffice_round_trip() {
    let Some(soffice) = soffice() else {
        // CI sets COSTPLAN_REQUIRE_LIBREOFFICE=1 (.ci/run), so it cannot skip.
        assert!(
            std::env::var_os("COSTPLAN_REQUIRE_LIBREOFFICE").is_none(),
            "COSTPLAN_REQUIRE_LIBREOFFICE is set but `soffice` is not on the PATH"
        );
        println!("skipped: `soffice` (LibreOffice) is not installed; see .ci/run");
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    let estimate = String::from_utf8(
        costplan()
            .args(["estimate", WORKERS_X2, "-f", "csv"])
            .output()
            .unwrap()
            .stdout,
    )
    .unwrap();
    let hostile =
        "row,resource,delta_usd\r\nline,'=1+2,-1.50\r\nline,'@SUM(1;2),3\r\nline,'-2+3,-0.01\r\n";
    let plain_formula = "row,resource\r\nline,=1+2\r\n";
    let diff = String::from_utf8(
        costplan()
            .args(["diff", WORKERS_X2, BASELINE, "-f", "csv"])
            .output()
            .unwrap()
            .stdout,
    )
    .unwrap();
    let files = [
        ("estimate", estimate.as_str()),
        ("diff", diff.as_str()),
        ("hostile", hostile),
        ("plain", plain_formula),
    ];
    let back = round_trip(&soffice, dir.path(), &files);
    for ((name, ours), theirs) in files[..3].iter().zip(&back) {
        let (a, b) = (records(ours), records(theirs));
        assert_eq!(a.len(), b.len(), "{name}: row count\n{theirs}");
        for (ra, rb) in a.iter().zip(&b) {
            assert_eq!(ra.len(), rb.len(), "{name}: {ra:?} vs {rb:?}");
            for (ca, cb) in ra.iter().zip(rb) {
                assert!(same_cell(ca, cb), "{name}: `{ca}` became `{cb}`");
            }
        }
    }
    // The control: without the `'`, LibreOffice evaluates the cell; that is what we prevent.
    assert_eq!(records(&back[3])[1][1], "3", "{}", back[3]);
}
