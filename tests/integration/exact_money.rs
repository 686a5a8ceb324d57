//! Exact money through the binary: a product or sum that does not fit `Decimal`'s 28 digits, or a
//! figure `Decimal::from_str` would round, is an error naming the figure, never a rounded result
//! (docs/money.md). Exit 2 when a topology or estimate is to blame, 3 for a price table or offer.

use super::common::{costplan, path};
use super::fixture;
use predicates::prelude::*;
use std::path::{Path, PathBuf};

/// A 28-significant-digit quantity (fits a `Decimal` exactly).
const Q28: &str = "1.234567890123456789012345678";
/// A 28-significant-digit unit price.
const P28: &str = "0.1234567890123456789012345678";
/// A 34-significant-digit price: `Decimal::from_str` rounds it to 28.
const P34: &str = "0.1234567890123456789012345678901234";

fn topology(dir: &Path, body: &str) -> PathBuf {
    let p = dir.join("t.toml");
    std::fs::write(&p, format!("name = \"t\"\nregion = \"us-east-1\"\n{body}")).unwrap();
    p
}

/// A copy of the bundled us-east-1 table whose ECR storage price is `usd`.
fn prices_with_ecr_price(dir: &Path, usd: &str) -> PathBuf {
    let prices = dir.join("prices");
    std::fs::create_dir_all(&prices).unwrap();
    let table = std::fs::read_to_string(path("pricing/aws/us-east-1.toml")).unwrap();
    let at = table.find("key = \"ecr.storage_gb_month\"").unwrap();
    let usd_at = at + table[at..].find("usd = \"0.10\"").unwrap();
    let table = format!(
        "{}usd = \"{usd}\"{}",
        &table[..usd_at],
        &table[usd_at + "usd = \"0.10\"".len()..]
    );
    std::fs::write(prices.join("us-east-1.toml"), table).unwrap();
    prices
}

#[test]
fn a_28_digit_quantity_is_priced_exactly_when_the_product_fits() {
    let dir = tempfile::tempdir().unwrap();
    let t = topology(dir.path(), &format!("[ecr]\nstorage_gb = \"{Q28}\"\n"));
    let out = costplan()
        .args(["estimate", "-f", "json"])
        .arg(&t)
        .assert()
        .success();
    let json: serde_json::Value = serde_json::from_slice(&out.get_output().stdout).unwrap();
    let line = &json["line_items"][0];
    assert_eq!(line["quantity"], Q28);
    assert_eq!(line["monthly_usd"], "0.1234567890123456789012345678");
}

#[test]
fn a_28_digit_quantity_whose_product_does_not_fit_is_exit_2_naming_it() {
    // 0.09 × Q28 needs 29 decimals; rust_decimal's checked_mul rounds it.
    let dir = tempfile::tempdir().unwrap();
    let t = topology(
        dir.path(),
        &format!("[data_transfer]\ninternet_out_gb = \"{Q28}\"\n"),
    );
    for args in [vec!["estimate"], vec!["estimate", "-f", "json"]] {
        costplan()
            .args(&args)
            .arg(&t)
            .assert()
            .code(2)
            .stdout("")
            .stderr(predicate::str::contains(
                "needs more than 28 significant digits",
            ))
            .stderr(predicate::str::contains("1.234567890123456789012345678 ×"));
    }
    // Every command that prices a topology goes through the same multiply.
    costplan()
        .args(["diff", "scenarios/baseline.toml"])
        .arg(&t)
        .assert()
        .code(2)
        .stderr(predicate::str::contains(
            "needs more than 28 significant digits",
        ));
}

#[test]
fn a_quantity_with_more_than_28_digits_is_exit_2_at_its_location() {
    let dir = tempfile::tempdir().unwrap();
    let t = topology(
        dir.path(),
        "[ecr]\nstorage_gb = \"1.2345678901234567890123456789012\"\n",
    );
    costplan()
        .arg("estimate")
        .arg(&t)
        .assert()
        .code(2)
        .stderr(predicate::str::contains(
            "t.toml:4:14: `1.2345678901234567890123456789012` has more than 28 significant digits and would be rounded",
        ));
}

#[test]
fn a_28_digit_unit_price_whose_line_does_not_fit_is_exit_3_naming_it() {
    let dir = tempfile::tempdir().unwrap();
    let prices = prices_with_ecr_price(dir.path(), P28);
    // 1.3 × P28 needs 29 decimals: today a rounded line that is not quantity × unit price.
    let t = topology(dir.path(), "[ecr]\nstorage_gb = 1.3\n");
    costplan()
        .arg("--prices")
        .arg(&prices)
        .args(["estimate", "-f", "json"])
        .arg(&t)
        .assert()
        .code(3)
        .stdout("")
        .stderr(predicate::str::contains(format!(
            "1.3 × the unit price {P28} of `ecr.storage_gb_month` needs more than 28 significant digits"
        )));
    // The same price with a quantity whose product fits is priced exactly.
    let t = topology(dir.path(), "[ecr]\nstorage_gb = 3\n");
    let out = costplan()
        .arg("--prices")
        .arg(&prices)
        .args(["estimate", "-f", "json"])
        .arg(&t)
        .assert()
        .success();
    let json: serde_json::Value = serde_json::from_slice(&out.get_output().stdout).unwrap();
    assert_eq!(
        json["line_items"][0]["monthly_usd"],
        "0.3703703670370370367037037034"
    );
}

#[test]
fn a_34_digit_unit_price_in_a_price_table_is_exit_3_at_its_location() {
    let dir = tempfile::tempdir().unwrap();
    let prices = prices_with_ecr_price(dir.path(), P34);
    costplan()
        .arg("--prices")
        .arg(&prices)
        .args(["estimate", "scenarios/baseline.toml"])
        .assert()
        .code(3)
        .stdout("")
        .stderr(
            predicate::str::is_match(format!(
                r"us-east-1\.toml:\d+:7: price `{P34}` has more than 28 significant digits and would be rounded"
            ))
            .unwrap(),
        );
}

#[test]
fn a_34_digit_price_in_an_offer_file_is_exit_3_naming_it() {
    let dir = tempfile::tempdir().unwrap();
    let csv = std::fs::read_to_string(fixture("AmazonECS-us-east-1.csv")).unwrap();
    assert!(csv.contains("\"0.0465520000\""));
    let csv = csv.replacen("\"0.0465520000\"", &format!("\"{P34}\""), 1);
    let offer = dir.path().join("AmazonECS-us-east-1.csv");
    std::fs::write(&offer, csv).unwrap();
    let json = std::fs::read_to_string(fixture("AmazonECS-us-east-1.json")).unwrap();
    assert!(json.contains("\"0.0465520000\""));
    let json = json.replacen("\"0.0465520000\"", &format!("\"{P34}\""), 1);
    let offer_json = dir.path().join("AmazonECS-us-east-1.json");
    std::fs::write(&offer_json, json).unwrap();
    for offer in [&offer, &offer_json] {
        let out = dir.path().join("out");
        costplan()
            .args(["pricing", "import", "--region", "us-east-1", "--out"])
            .arg(&out)
            .arg(offer)
            .assert()
            .code(3)
            .stderr(predicate::str::contains(format!(
                "`{P34}` has more than 28 significant digits and would be rounded"
            )));
        assert!(!out.join("us-east-1.toml").exists(), "nothing imported");
    }
}

#[test]
fn diff_of_an_estimate_json_with_a_figure_that_would_be_rounded_is_exit_2() {
    let dir = tempfile::tempdir().unwrap();
    let t = topology(dir.path(), "[ecr]\nstorage_gb = 2\n");
    let out = costplan()
        .args(["estimate", "-f", "json"])
        .arg(&t)
        .assert()
        .success();
    let json = String::from_utf8(out.get_output().stdout.clone()).unwrap();
    // A 34-digit quantity whose rounded value still multiplies out to the line: serde's
    // `Decimal::from_str` would read it as 2 and `diff` would show a figure nobody wrote.
    let edited = json.replacen(
        "\"quantity\": \"2\"",
        "\"quantity\": \"2.000000000000000000000000000000001\"",
        1,
    );
    assert_ne!(edited, json);
    let a = dir.path().join("a.json");
    std::fs::write(&a, edited).unwrap();
    costplan()
        .arg("diff")
        .arg(&a)
        .arg(&t)
        .assert()
        .code(2)
        .stderr(predicate::str::contains(
            "`2.000000000000000000000000000000001` has more than 28 significant digits",
        ));
}

#[test]
fn a_derived_quantity_that_does_not_fit_is_exit_2_naming_its_factors() {
    // 99 gateways × 672.0000000000000000000000001 h = 66528.0000000000000000000000099, 30 digits:
    // `Decimal`'s `*` rounded it to 66528.00000000000000000000001 and priced that.
    let dir = tempfile::tempdir().unwrap();
    let t = topology(
        dir.path(),
        "hours_per_month = \"672.0000000000000000000000001\"\n[nat]\ngateways = 99\ndata_processed_gb = 0\n",
    );
    costplan()
        .args(["estimate", "-f", "json"])
        .arg(&t)
        .assert()
        .code(2)
        .stdout("")
        .stderr(predicate::str::contains(
            "gateway hours: 99 × 672.0000000000000000000000001 needs more than 28 significant digits",
        ));
}

#[test]
fn an_annual_total_that_does_not_fit_is_exit_2_not_rounded() {
    // Every line and the monthly total fit; 12 × the monthly total needs 30 digits.
    let dir = tempfile::tempdir().unwrap();
    let t = topology(
        dir.path(),
        "hours_per_month = \"672.0000000000000000000000001\"\n[nat]\ngateways = 20\ndata_processed_gb = 0\n",
    );
    costplan()
        .args(["estimate", "-f", "json"])
        .arg(&t)
        .assert()
        .code(2)
        .stdout("")
        .stderr(predicate::str::contains("the annual total 12 ×"))
        .stderr(predicate::str::contains(
            "needs more than 28 significant digits",
        ));
}

/// Lines of `src/` (tests and comments aside) that would let a rounded figure in: decimal text
/// read with rust_decimal's rounding parsers anywhere but `money.rs`, and rust_decimal's rounding
/// `checked_*` arithmetic in the cost path, or a bare `*` in the pricer and the cost models (pricer, estimate totals, resource cost
/// models, offer import, estimate JSON reading, scenario scaling). New code there goes through
/// `money::{exact_mul, exact_add, exact_sum, parse_exact}` or `pricer::quantity_mul`.
#[test]
fn no_money_arithmetic_or_decimal_parsing_bypasses_the_exact_chokepoints() {
    let mut files = Vec::new();
    let mut stack = vec![path("src")];
    while let Some(dir) = stack.pop() {
        for entry in std::fs::read_dir(&dir).unwrap() {
            let p = entry.unwrap().path();
            if p.is_dir() {
                stack.push(p);
            } else if p.extension().is_some_and(|e| e == "rs") {
                files.push(p);
            }
        }
    }
    files.sort();
    let cost_path = |rel: &str| {
        rel.starts_with("src/estimate/")
            || rel.starts_with("src/pricing/import/")
            || (rel.starts_with("src/resource/") && rel.ends_with("/cost.rs"))
            || rel == "src/input.rs"
            || rel == "src/scenario/mod.rs"
    };
    let mut found = Vec::new();
    for file in &files {
        let rel = file
            .strip_prefix(path(""))
            .unwrap()
            .to_string_lossy()
            .replace('\\', "/");
        if rel == "src/money.rs" || rel.ends_with("/tests.rs") {
            continue;
        }
        let text = std::fs::read_to_string(file).unwrap();
        // Unit tests sit at the end of a file, after `#[cfg(test)]`.
        let code = text.split("#[cfg(test)]").next().unwrap();
        for (i, line) in code.lines().enumerate() {
            let l = line.trim_start();
            if l.starts_with("//") {
                continue;
            }
            let parse = ["Decimal::from_str(", "::<Decimal>()", "from_scientific("];
            let arithmetic = ["checked_mul(", "checked_add(", "checked_sub("];
            // A bare `*` on decimals where quantities and amounts are multiplied (elsewhere in
            // the cost path `*` is integer byte arithmetic).
            let multiplies = rel.starts_with("src/estimate/") || rel.starts_with("src/resource/");
            if parse.iter().any(|p| l.contains(p))
                || (cost_path(&rel) && arithmetic.iter().any(|a| l.contains(a)))
                || (cost_path(&rel) && multiplies && l.contains(" * "))
            {
                found.push(format!("{rel}:{}: {}", i + 1, l));
            }
        }
    }
    assert!(
        found.is_empty(),
        "rounding decimal arithmetic or parsing outside src/money.rs:\n{}",
        found.join("\n")
    );
}
