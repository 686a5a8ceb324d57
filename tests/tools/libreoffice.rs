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

/// A LibreOffice profile whose Calc recalculates an xlsx on load always (`0`) or never (`1`).
fn profile_with_recalc(dir: &Path, mode: u8) -> PathBuf {
    let profile = dir.join(format!("profile-recalc-{mode}"));
    std::fs::create_dir_all(profile.join("user")).unwrap();
    std::fs::write(
        profile.join("user/registrymodifications.xcu"),
        format!(
            r#"<?xml version="1.0" encoding="UTF-8"?>
<oor:items xmlns:oor="http://openoffice.org/2001/registry" xmlns:xs="http://www.w3.org/2001/XMLSchema" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">
<item oor:path="/org.openoffice.Office.Calc/Formula/Load"><prop oor:name="OOXMLRecalcMode" oor:op="fuse"><value>{mode}</value></prop></item>
</oor:items>
"#
        ),
    )
    .unwrap();
    profile
}

/// Every sheet of `xlsx` as CSV of the cells as shown (number formats applied), by sheet name.
fn sheets_as_shown(
    soffice: &Path,
    profile: &Path,
    xlsx: &Path,
    outdir: &Path,
) -> std::collections::BTreeMap<String, Vec<Vec<String>>> {
    // Tokens: comma, double quote, UTF-8, from line 1, -, -, quote text no, -, save cell contents
    // as shown, formulas no, -, every sheet to its own file (`NAME-SHEET.csv`).
    convert(
        soffice,
        profile,
        &[xlsx.to_path_buf()],
        "csv:Text - txt - csv (StarCalc):44,34,UTF8,1,,0,false,true,true,false,false,-1",
        outdir,
    );
    let stem = xlsx.file_stem().unwrap().to_str().unwrap();
    std::fs::read_dir(outdir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter_map(|p| {
            let name = p.file_stem()?.to_str()?.strip_prefix(&format!("{stem}-"))?;
            Some((
                name.to_string(),
                records(&std::fs::read_to_string(&p).unwrap()),
            ))
        })
        .collect()
}

/// `$1,234.56` / `-$0.10` as shown by the currency format → the figure.
fn shown_usd(cell: &str) -> Decimal {
    let negative = cell.starts_with('-');
    let digits: String = cell
        .chars()
        .filter(|c| !matches!(c, '$' | ',' | '-'))
        .collect();
    let d: Decimal = digits
        .parse()
        .unwrap_or_else(|_| panic!("not money: `{cell}`"));
    if negative { -d } else { d }
}

/// The xlsx opens in LibreOffice Calc with the figures costplan shows: each line's monthly and
/// annual figure, each group subtotal and the total (from costplan's CSV of the same estimate);
/// recalculated on load, every SUM/SUMIF gives the same as its cached value (the export without
/// recalculation is identical); money shows with the currency format, dates as dates.
pub fn xlsx_recalculates_to_the_displayed_totals() {
    let Some(soffice) = soffice() else {
        assert!(
            std::env::var_os("COSTPLAN_REQUIRE_LIBREOFFICE").is_none(),
            "COSTPLAN_REQUIRE_LIBREOFFICE is set but `soffice` is not on the PATH"
        );
        println!("skipped: `soffice` (LibreOffice) is not installed; see .ci/run");
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    let mut sheets = Vec::new();
    for topology in [BASELINE, WORKERS_X2] {
        let stem = Path::new(topology).file_stem().unwrap().to_str().unwrap();
        let xlsx = dir.path().join(format!("{stem}.xlsx"));
        costplan()
            .args(["estimate", topology, "-o"])
            .arg(&xlsx)
            .assert()
            .success();
        let csv = String::from_utf8(
            costplan()
                .args(["estimate", topology, "-f", "csv"])
                .output()
                .unwrap()
                .stdout,
        )
        .unwrap();
        let recalc = sheets_as_shown(
            &soffice,
            &profile_with_recalc(dir.path(), 0),
            &xlsx,
            &dir.path().join(format!("{stem}-recalc")),
        );
        let cached = sheets_as_shown(
            &soffice,
            &profile_with_recalc(dir.path(), 1),
            &xlsx,
            &dir.path().join(format!("{stem}-cached")),
        );
        assert_eq!(
            recalc, cached,
            "{topology}: a formula recalculates to another value"
        );
        sheets.push((topology, csv, recalc));
    }
    for (topology, csv, sheets) in &sheets {
        let ours = records(csv);
        let names: Vec<&str> = sheets.keys().map(String::as_str).collect();
        for want in ["summary", "lines", "groups", "assumptions"] {
            assert!(
                names.contains(&want),
                "{topology}: no sheet {want}: {names:?}"
            );
        }
        let lines = &sheets["lines"];
        assert_eq!(lines[0][6], "monthly_usd");
        // line rows: same order as the CSV's `line` rows
        let our_lines: Vec<&Vec<String>> = ours.iter().filter(|r| r[0] == "line").collect();
        assert_eq!(
            lines.len(),
            our_lines.len() + 2,
            "{topology}: header + lines + total"
        );
        for (theirs, ours) in lines[1..].iter().zip(&our_lines) {
            assert_eq!(theirs[1], ours[2], "{topology}: resource");
            assert_eq!(shown_usd(&theirs[6]), ours[7].parse::<Decimal>().unwrap());
            assert_eq!(shown_usd(&theirs[7]), ours[8].parse::<Decimal>().unwrap());
            // a date cell shows as a date in the sheet's format (text would show the same, but
            // LibreOffice exports a number-typed date as formatted only if it is one)
            assert_eq!(theirs[10], ours[11], "{topology}: effective date");
        }
        let total = ours.iter().find(|r| r[0] == "total").unwrap();
        let (monthly, annual): (Decimal, Decimal) =
            (total[7].parse().unwrap(), total[8].parse().unwrap());
        let last = lines.last().unwrap();
        assert_eq!(last[0], "total");
        assert_eq!(
            (shown_usd(&last[6]), shown_usd(&last[7])),
            (monthly, annual)
        );
        let groups = &sheets["groups"];
        let subtotals: Vec<&Vec<String>> = ours.iter().filter(|r| r[0] == "subtotal").collect();
        assert_eq!(groups.len(), subtotals.len() + 2);
        for (theirs, ours) in groups[1..].iter().zip(&subtotals) {
            assert_eq!(theirs[0], ours[1]);
            assert_eq!(shown_usd(&theirs[2]), ours[7].parse::<Decimal>().unwrap());
        }
        let g_total = groups.last().unwrap();
        assert_eq!(
            (shown_usd(&g_total[2]), shown_usd(&g_total[3])),
            (monthly, annual)
        );
        let summary = sheets["summary"].last().unwrap();
        assert_eq!(summary[0], "Total");
        assert_eq!(
            (shown_usd(&summary[1]), shown_usd(&summary[2])),
            (monthly, annual)
        );
        // money is shown with the currency format
        assert!(last[6].starts_with('$'), "{last:?}");
    }
    // The budget (workers-x2 declares one): headroom = limit - spent, as costplan's CSV shows it.
    let (_, csv, workers) = &sheets[1];
    let budget = &workers["budget"];
    let ours = records(csv);
    let headrooms: Vec<&Vec<String>> = ours.iter().filter(|r| r[0] == "budget_headroom").collect();
    assert_eq!(budget.len(), headrooms.len() + 1);
    for (theirs, ours) in budget[1..].iter().zip(&headrooms) {
        assert_eq!(
            shown_usd(&theirs[3]),
            ours[7].parse::<Decimal>().unwrap(),
            "{theirs:?}"
        );
    }
    // The reconciliation's computed total is the estimate's total (baseline states a reference).
    let (_, csv, baseline) = &sheets[0];
    let total: Decimal = records(csv).iter().find(|r| r[0] == "total").unwrap()[7]
        .parse()
        .unwrap();
    let rec = &baseline["reconciliation"];
    let rec_total = rec.iter().find(|r| r[0] == "total").unwrap();
    assert_eq!(shown_usd(&rec_total[2]), total, "{rec:?}");
}

/// The `commitments` sheet of the seed with a 3-year RI and a 1-year Savings Plan opens in
/// LibreOffice Calc and, recalculated on load, shows what costplan's CSV shows: the amortised
/// monthly total (a SUM of the month-1 bill), the 12- and 36-month cash-flow totals (SUMs of the
/// months) and the running cumulative cash (a formula per month).
pub fn commitments_sheet_recalculates_to_the_displayed_totals() {
    let Some(soffice) = soffice() else {
        assert!(
            std::env::var_os("COSTPLAN_REQUIRE_LIBREOFFICE").is_none(),
            "COSTPLAN_REQUIRE_LIBREOFFICE is set but `soffice` is not on the PATH"
        );
        println!("skipped: `soffice` (LibreOffice) is not installed; see .ci/run");
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    let root = env!("CARGO_MANIFEST_DIR");
    let topology = format!("{root}/scenarios/examples/commitments.toml");
    let prices = format!("{root}/tests/fixtures/commitment-prices");
    let xlsx = dir.path().join("commitments.xlsx");
    costplan()
        .args(["estimate", &topology, "--prices", &prices, "-o"])
        .arg(&xlsx)
        .assert()
        .success();
    let csv = records(
        &String::from_utf8(
            costplan()
                .args(["estimate", &topology, "--prices", &prices, "-f", "csv"])
                .output()
                .unwrap()
                .stdout,
        )
        .unwrap(),
    );
    let recalc = sheets_as_shown(
        &soffice,
        &profile_with_recalc(dir.path(), 0),
        &xlsx,
        &dir.path().join("recalc"),
    );
    let cached = sheets_as_shown(
        &soffice,
        &profile_with_recalc(dir.path(), 1),
        &xlsx,
        &dir.path().join("cached"),
    );
    assert_eq!(recalc, cached, "a formula recalculates to another value");
    let sheet = &recalc["commitments"];
    let ours = |row: &str, component: &str| -> Decimal {
        csv.iter()
            .find(|r| r[0] == row && r[3] == component)
            .unwrap_or_else(|| panic!("no CSV row {row} {component}"))[7]
            .parse()
            .unwrap()
    };
    let find = |label: &str| {
        sheet
            .iter()
            .find(|r| r[0] == label)
            .unwrap_or_else(|| panic!("no row `{label}` in {sheet:?}"))
    };
    assert_eq!(
        shown_usd(&find("amortised monthly")[4]),
        ours("commitment_amortised_total", "amortised monthly")
    );
    for months in ["12 months", "36 months"] {
        let row = find(months);
        assert_eq!(
            shown_usd(&row[4]),
            ours("cash_flow_on_demand_total", months)
        );
        assert_eq!(
            shown_usd(&row[5]),
            ours("cash_flow_amortised_total", months)
        );
        assert_eq!(shown_usd(&row[6]), ours("cash_flow_cash_total", months));
    }
    // Month 36's cumulative cash is the 36-month cash total.
    let month36 = sheet
        .iter()
        .find(|r| r[0] == "36" && r[1] == "2029-09")
        .unwrap();
    assert_eq!(
        shown_usd(&month36[8]),
        ours("cash_flow_cash_total", "36 months")
    );
    // Coverage and utilisation are percentages.
    let sp = find("fargate-1yr");
    assert_eq!(
        (sp[10].as_str(), sp[11].as_str()),
        ("85.3%", "100.0%"),
        "{sp:?}"
    );
}
