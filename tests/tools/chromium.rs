//! The HTML reports render in a real headless Chromium: every page loads and every chart has a
//! non-empty size and a screenshot. Runs when `chromium` is on the PATH (`.ci/run` installs it).

use super::costplan;
use std::path::Path;
use std::process::Stdio;
use std::time::{Duration, Instant};

/// Runs chromium with a time limit; returns stdout.
fn chromium(args: &[String]) -> String {
    let mut child = std::process::Command::new("chromium")
        .args(args)
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .expect("chromium starts");
    // Read stdout while waiting: a DOM larger than the pipe's buffer (64 KiB) would otherwise
    // block chromium's write until the time limit.
    let mut stdout = child.stdout.take().expect("stdout");
    let reader = std::thread::spawn(move || {
        let mut buf = Vec::new();
        let _ = std::io::Read::read_to_end(&mut stdout, &mut buf);
        buf
    });
    let start = Instant::now();
    loop {
        if child.try_wait().expect("wait").is_some() {
            break;
        }
        if start.elapsed() > Duration::from_secs(90) {
            let _ = child.kill();
            panic!("chromium did not finish within 90 s");
        }
        std::thread::sleep(Duration::from_millis(50));
    }
    let _ = child.wait();
    String::from_utf8_lossy(&reader.join().expect("stdout reader")).into_owned()
}

fn base_args(profile: &Path) -> Vec<String> {
    [
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-dev-shm-usage",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--no-first-run",
        "--hide-scrollbars",
        "--window-size=1200,1600",
    ]
    .iter()
    .map(|s| s.to_string())
    .chain([format!("--user-data-dir={}", profile.display())])
    .collect()
}

pub fn reports_render_in_headless_chromium_with_non_empty_charts() {
    if super::on_path("chromium").is_none() {
        // CI sets COSTPLAN_REQUIRE_CHROMIUM=1 after installing it, so there it cannot skip.
        assert!(
            std::env::var_os("COSTPLAN_REQUIRE_CHROMIUM").is_none(),
            "COSTPLAN_REQUIRE_CHROMIUM is set but `chromium` is not on the PATH"
        );
        println!(
            "notice: `chromium` not found; skipping the browser check (CI installs it via .ci/run)"
        );
        return;
    }
    let d = tempfile::tempdir().expect("tempdir");
    let reports: [(&str, Vec<&str>, &[&str]); 6] = [
        (
            "estimate.html",
            vec![
                "estimate",
                "scenarios/usage-ranges.toml",
                "--simulate",
                "1000",
            ],
            &["cost-by-group", "distribution"],
        ),
        (
            "compare.html",
            vec![
                "compare",
                "scenarios/baseline.toml",
                "scenarios/what-if.toml",
            ],
            &["scenario-totals", "scenario-deltas", "cost-by-group"],
        ),
        (
            "sweep.html",
            vec![
                "sweep",
                "scenarios/baseline.toml",
                "--set",
                "service.worker.count=1..12",
            ],
            &["sweep"],
        ),
        (
            "sensitivity.html",
            vec!["sensitivity", "scenarios/baseline.toml"],
            &["tornado"],
        ),
        (
            "growth.html",
            vec!["capacity", "scenarios/baseline.toml", "--growth", "10%"],
            &["growth-cost", "growth-tasks"],
        ),
        (
            "actual.html",
            vec![
                "actual",
                "scenarios/baseline.toml",
                "--bill",
                "tests/fixtures/bills/seed-2026-11.cur2.csv",
            ],
            &["variance-waterfall"],
        ),
    ];
    for (file, args, charts) in reports {
        let path = d.path().join(file);
        costplan()
            .args(&args)
            .args(["-f", "html", "-o"])
            .arg(&path)
            .assert()
            .success();
        let profile = d.path().join(format!("profile-{file}"));
        let mut dump = base_args(&profile);
        dump.push("--dump-dom".into());
        dump.push(format!("file://{}", path.display()));
        let dom = chromium(&dump);
        assert!(
            dom.contains("data-loaded=\"yes\""),
            "{file}: page did not load:\n{}",
            &dom[..dom.len().min(500)]
        );
        let sizes = dom
            .split("data-chart-sizes=\"")
            .nth(1)
            .and_then(|s| s.split('"').next())
            .unwrap_or_else(|| panic!("{file}: no chart sizes in the DOM"));
        for chart in charts {
            let size = sizes
                .split(' ')
                .find_map(|e| e.strip_prefix(&format!("{chart}:")))
                .unwrap_or_else(|| panic!("{file}: chart {chart} missing in {sizes}"));
            let (w, h) = size.split_once('x').expect("WxH");
            let (w, h): (u32, u32) = (w.parse().expect("w"), h.parse().expect("h"));
            assert!(w > 100 && h > 100, "{file}: chart {chart} is {w}x{h}");
        }
        let png = d.path().join(format!("{file}.png"));
        let mut shot = base_args(&d.path().join(format!("profile2-{file}")));
        shot.push(format!("--screenshot={}", png.display()));
        shot.push(format!("file://{}", path.display()));
        chromium(&shot);
        let bytes = std::fs::read(&png).unwrap_or_else(|e| panic!("{file}: no screenshot: {e}"));
        assert!(
            bytes.starts_with(b"\x89PNG") && bytes.len() > 10_000,
            "{file}: blank or tiny screenshot ({} bytes)",
            bytes.len()
        );
    }
}

/// Runs a poppler tool (`pdftoppm`, `pdftotext`, `pdfinfo`) and returns its stdout.
fn poppler(program: &str, args: &[&str]) -> String {
    let out = std::process::Command::new(program)
        .args(args)
        .stdin(Stdio::null())
        .output()
        .unwrap_or_else(|e| panic!("{program} starts: {e}"));
    assert!(
        out.status.success(),
        "{program} {args:?} failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout).into_owned()
}

/// The share of pixels darker than near-white in a binary PGM (`P5`) image.
fn ink(pgm: &[u8]) -> f64 {
    // Header: "P5", width, height, maxval, each separated by whitespace, then the pixels.
    let mut fields = Vec::new();
    let mut at = 0;
    while fields.len() < 4 {
        while pgm[at].is_ascii_whitespace() {
            at += 1;
        }
        let start = at;
        while !pgm[at].is_ascii_whitespace() {
            at += 1;
        }
        fields.push(String::from_utf8_lossy(&pgm[start..at]).into_owned());
    }
    assert_eq!(fields[0], "P5", "a binary greyscale image");
    let pixels = &pgm[at + 1..];
    let dark = pixels.iter().filter(|p| **p < 200).count();
    dark as f64 / pixels.len().max(1) as f64
}

/// The estimate report printed by headless Chromium (`--print-to-pdf`) on Letter (Chromium's
/// default paper, which `@page { size: auto }` keeps) and on A4 (the same page with `size: A4`):
/// a sane page count, no blank page (each rendered by `pdftoppm`), and `pdftotext` finds the
/// total, every group, every line's figure and the last row of each long table, so no table was
/// cut off at a page's edge or bottom.
pub fn estimate_report_prints_to_pdf_on_a4_and_letter() {
    if super::on_path("chromium").is_none() {
        assert!(
            std::env::var_os("COSTPLAN_REQUIRE_CHROMIUM").is_none(),
            "COSTPLAN_REQUIRE_CHROMIUM is set but `chromium` is not on the PATH"
        );
        println!(
            "notice: `chromium` not found; skipping the PDF check (CI installs it via .ci/run)"
        );
        return;
    }
    let d = tempfile::tempdir().expect("tempdir");
    let letter = d.path().join("letter.html");
    costplan()
        .args(["estimate", super::BASELINE, "-f", "html", "-o"])
        .arg(&letter)
        .assert()
        .success();
    let page = std::fs::read_to_string(&letter).expect("report");
    assert!(
        page.contains("@page{size:auto;"),
        "the page leaves the paper size to the printer"
    );
    let a4 = d.path().join("a4.html");
    std::fs::write(&a4, page.replace("@page{size:auto;", "@page{size:A4;")).expect("write");
    let table = String::from_utf8(
        costplan()
            .args(["estimate", super::BASELINE, "-f", "csv"])
            .output()
            .expect("csv")
            .stdout,
    )
    .expect("utf-8");
    // Every line's monthly figure (the CSV's `monthly_usd` column) and every group.
    let mut rows = csv_rows(&table);
    let header = rows.remove(0);
    let col = |name: &str| {
        header
            .iter()
            .position(|h| h == name)
            .unwrap_or_else(|| panic!("no {name} column in {header:?}"))
    };
    let (row_col, monthly_col) = (col("row"), col("monthly_usd"));
    // Lines and subtotals: their displayed figures (thousands separated as the page shows them).
    let figures: Vec<String> = rows
        .iter()
        .filter(|r| r[row_col] == "line" || r[row_col] == "subtotal")
        .map(|r| thousands(&r[monthly_col]))
        .collect();
    assert!(figures.len() > 20, "the baseline's lines and subtotals");
    // The group labels, from the Markdown group table (`| RDS | 128.12 | 1,537.44 |`).
    let markdown = String::from_utf8(
        costplan()
            .args(["estimate", super::BASELINE, "-f", "markdown"])
            .output()
            .expect("markdown")
            .stdout,
    )
    .expect("utf-8");
    let groups: Vec<String> = markdown
        .lines()
        .skip_while(|l| !l.starts_with("| Group | Monthly USD"))
        .skip(2)
        .take_while(|l| l.starts_with("| ") && !l.starts_with("| **Total"))
        .map(|l| l.split('|').nth(1).unwrap().trim().to_string())
        .collect();
    assert!(groups.len() >= 8, "the baseline's groups: {groups:?}");
    for (paper, html, points) in [
        ("letter", &letter, (612.0, 792.0)),
        ("a4", &a4, (595.0, 842.0)),
    ] {
        let pdf = d.path().join(format!("{paper}.pdf"));
        let mut args = base_args(&d.path().join(format!("profile-{paper}")));
        args.push("--no-pdf-header-footer".into());
        args.push(format!("--print-to-pdf={}", pdf.display()));
        args.push(format!("file://{}", html.display()));
        chromium(&args);
        let pdf_s = pdf.to_str().expect("utf-8 path");
        let info = poppler("pdfinfo", &[pdf_s]);
        let pages: usize = info
            .lines()
            .find_map(|l| l.strip_prefix("Pages:"))
            .and_then(|n| n.trim().parse().ok())
            .unwrap_or_else(|| panic!("{paper}: no page count in {info}"));
        assert!((3..=12).contains(&pages), "{paper}: {pages} pages");
        let size = info
            .lines()
            .find_map(|l| l.strip_prefix("Page size:"))
            .expect("page size");
        let (w, h) = points;
        let (sw, sh) = {
            let mut n = size.split_whitespace();
            let w: f64 = n.next().unwrap().parse().unwrap();
            n.next();
            let h: f64 = n.next().unwrap().parse().unwrap();
            (w, h)
        };
        assert!(
            (sw - w).abs() < 2.0 && (sh - h).abs() < 2.0,
            "{paper}: page size {size}"
        );
        // Each page rendered: none blank.
        let prefix = d.path().join(format!("{paper}-page"));
        poppler(
            "pdftoppm",
            &["-gray", "-r", "30", pdf_s, prefix.to_str().unwrap()],
        );
        let mut rendered = 0;
        for entry in std::fs::read_dir(d.path()).expect("dir") {
            let p = entry.expect("entry").path();
            let name = p.file_name().unwrap().to_string_lossy().into_owned();
            if name.starts_with(&format!("{paper}-page")) && name.ends_with(".pgm") {
                rendered += 1;
                let share = ink(&std::fs::read(&p).expect("pgm"));
                assert!(share > 0.002, "{paper}: {name} is blank ({share:.4} ink)");
            }
        }
        assert_eq!(rendered, pages, "{paper}: pdftoppm rendered every page");
        let text = poppler("pdftotext", &["-layout", pdf_s, "-"]);
        let page_text: Vec<&str> = text.split('\u{c}').collect();
        for must in [
            "395.66",
            "4,747.92",
            "Total annual (12 × monthly)",
            "Reconciliation with seed cost table",
            "Assumptions",
            "Price provenance",
        ] {
            assert!(text.contains(must), "{paper}: the PDF text lacks {must:?}");
        }
        assert!(
            page_text.iter().filter(|p| !p.trim().is_empty()).count() >= 3,
            "{paper}: text on every page"
        );
        assert!(
            text.contains(&format!("Page 1 of {pages}")),
            "{paper}: page numbers in the footer"
        );
        for g in &groups {
            assert!(text.contains(g.as_str()), "{paper}: group {g} missing");
        }
        for f in &figures {
            assert!(text.contains(f.as_str()), "{paper}: figure {f} missing");
        }
    }
}

/// The records of a simple CSV (quoted fields without embedded newlines).
fn csv_rows(text: &str) -> Vec<Vec<String>> {
    text.lines()
        .filter(|l| !l.trim().is_empty())
        .map(|l| {
            let mut out = Vec::new();
            let mut cur = String::new();
            let mut quoted = false;
            let mut chars = l.trim_end_matches('\r').chars().peekable();
            while let Some(c) = chars.next() {
                match c {
                    '"' if quoted && chars.peek() == Some(&'"') => {
                        cur.push('"');
                        chars.next();
                    }
                    '"' => quoted = !quoted,
                    ',' if !quoted => out.push(std::mem::take(&mut cur)),
                    c => cur.push(c),
                }
            }
            out.push(cur);
            out
        })
        .collect()
}

/// `1234.56` as the page shows it: `1,234.56`.
fn thousands(plain: &str) -> String {
    let (int, frac) = plain.split_once('.').unwrap_or((plain, ""));
    let (sign, digits) = int.strip_prefix('-').map_or(("", int), |d| ("-", d));
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i) % 3 == 0 {
            out.push(',');
        }
        out.push(c);
    }
    format!("{sign}{out}.{frac}")
}
