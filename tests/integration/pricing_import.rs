//! `pricing import`: JSON and CSV offer files, real and synthetic, through the streaming parsers.

use super::fixture;
use super::pricing_templates::BEYOND_BUNDLED;
use costplan::pricing::commands::{import, read_table};
use costplan::pricing::import::offer::OfferExtract;
use costplan::pricing::import::resolve::resolve;
use costplan::pricing::import::{AttrMatch, Selector, read_offer_file, rules};
use costplan::pricing::{PriceCatalog, PriceTable, Rate};
use proptest::prelude::*;
use rust_decimal::Decimal;
use std::collections::BTreeSet;
use std::path::Path;

fn dec(s: &str) -> Decimal {
    s.parse().unwrap()
}

fn import_into(files: &[&str], region: &str, dir: &Path) -> PriceTable {
    let paths: Vec<_> = files.iter().map(|f| fixture(f)).collect();
    let mut out = Vec::new();
    import(&paths, region, dir, &mut out).unwrap();
    read_table(&dir.join(format!("{region}.toml"))).unwrap()
}

/// Every price of a table with its provenance (all but the `[[offer_file]]` list).
fn prices(t: &PriceTable) -> Vec<costplan::pricing::Price> {
    t.prices().cloned().collect()
}

#[test]
fn fargate_regenerated_from_the_real_ecs_offer_equals_the_bundled_table() {
    let dir = tempfile::tempdir().unwrap();
    let t = import_into(&["AmazonECS-us-east-1.json"], "us-east-1", dir.path());
    let bundled = PriceCatalog::bundled().unwrap();
    let bundled = bundled.table("us-east-1").unwrap();
    let fargate: Vec<_> = t
        .prices()
        .filter(|p| p.key.starts_with("fargate.") && p.offer_code == "AmazonECS")
        .collect();
    assert_eq!(fargate.len(), 8);
    for p in fargate {
        let b = bundled.get(&p.key).unwrap();
        assert_eq!(p.rate, b.rate, "{}", p.key);
        assert_eq!(p.usage_type, b.usage_type, "{}", p.key);
        assert_eq!(p.effective_date, b.effective_date, "{}", p.key);
        assert_eq!(p.publication_date.as_deref(), Some("2025-08-28"));
        assert_eq!(p.evidence.as_deref(), Some("A"));
        assert!(p.source.contains("version 20250828172723"), "{}", p.source);
    }
    // Keys of offers not given are kept from the previous (here: bundled) table.
    assert_eq!(t.get("alb.hour").unwrap(), bundled.get("alb.hour").unwrap());
    assert_eq!(t.offer_files.len(), 1);
    assert_eq!(t.offer_files[0].bytes, 16212);
    assert_eq!(t.offer_files[0].sha256.len(), 64);
}

#[test]
fn csv_and_json_of_the_same_offer_give_identical_tables() {
    let a = tempfile::tempdir().unwrap();
    let b = tempfile::tempdir().unwrap();
    let from_json = import_into(&["AmazonECS-us-east-1.json"], "us-east-1", a.path());
    let from_csv = import_into(&["AmazonECS-us-east-1.csv"], "us-east-1", b.path());
    assert_eq!(prices(&from_json), prices(&from_csv));
    for p in from_json.prices() {
        assert_eq!(from_json.reserved(&p.key), from_csv.reserved(&p.key));
    }
    assert_eq!(from_json.effective_date, from_csv.effective_date);
}

#[test]
fn all_offer_files_together_reproduce_every_bundled_price() {
    let dir = tempfile::tempdir().unwrap();
    let files: Vec<String> = rules::OFFER_CODES
        .iter()
        .map(|c| format!("{c}-us-east-1.json"))
        .collect();
    let names: Vec<&str> = files.iter().map(String::as_str).collect();
    let t = import_into(&names, "us-east-1", dir.path());
    let bundled = PriceCatalog::bundled().unwrap();
    let bundled = bundled.table("us-east-1").unwrap();
    // Every bundled price, and the keys the templates find beyond them in the synthetic files.
    let keys: BTreeSet<&str> = t.prices().map(|p| p.key.as_str()).collect();
    let expected: BTreeSet<&str> = bundled
        .prices()
        .map(|p| p.key.as_str())
        .chain(BEYOND_BUNDLED.iter().copied())
        .collect();
    assert_eq!(keys, expected);
    for b in bundled.prices() {
        let p = t.get(&b.key).unwrap();
        assert_eq!(p.rate, b.rate, "{}", b.key);
        if b.key.starts_with("rds.extended_support_vcpu_hour.") {
            // One product per engine version at one price: the key names the lowest SKU's.
            assert!(p.usage_type.starts_with("ExtendedSupport:"), "{}", b.key);
        } else {
            assert_eq!(p.usage_type, b.usage_type, "{}", b.key);
        }
    }
    // Reserved terms are read and kept.
    let r = t.reserved("rds.instance_hour.postgres.single_az.db.t3.micro");
    assert_eq!(r.len(), 2);
    assert!(
        r.iter()
            .any(|r| r.lease == "3yr" && r.upfront_usd == dec("283") && r.usd.is_zero())
    );
    assert!(
        r.iter().any(|r| r.lease == "1yr"
            && r.purchase_option == "No Upfront"
            && r.usd == dec("0.013"))
    );
    assert_eq!(t.offer_files.len(), rules::OFFER_CODES.len());
}

fn redshift_selectors() -> Vec<Selector> {
    vec![
        Selector {
            key: "test.redshift_internet_out".into(),
            description: "d".into(),
            unit: "GB".into(),
            offer_code: "AmazonRedshift",
            product_family: Some("Data Transfer"),
            attributes: vec![
                AttrMatch::UsageType("DataTransfer-Out-Bytes".into()),
                AttrMatch::Equals("fromLocation", "US East (N. Virginia)".into()),
            ],
            ..Selector::default()
        },
        Selector {
            key: "test.no_family".into(),
            description: "d".into(),
            unit: "GB".into(),
            offer_code: "AmazonRedshift",
            product_family: None,
            attributes: vec![
                AttrMatch::Equals("usagetype", "APN3-AWS-In-Bytes".into()),
                AttrMatch::Absent("regionCode"),
            ],
            ..Selector::default()
        },
        Selector {
            key: "test.dc2_large".into(),
            description: "d".into(),
            unit: "node-hour".into(),
            offer_code: "AmazonRedshift",
            product_family: Some("Compute Instance"),
            attributes: vec![
                AttrMatch::Equals("instanceType", "dc2.large".into()),
                AttrMatch::Equals("location", "US East (N. Virginia)".into()),
            ],
            ..Selector::default()
        },
    ]
}

#[test]
fn real_2018_offer_tiers_reserved_terms_and_products_without_family() {
    let sel = redshift_selectors();
    let path = fixture("AmazonRedshift-us-all-2018.json");
    let (extract, file) = read_offer_file(&path, &sel, "us-east-1", "test").unwrap();
    assert_eq!(extract.products_seen, 1189);
    assert_eq!(extract.products.len(), 3, "only matched products are kept");
    assert_eq!(file.version, "20180309224506");
    let got = resolve(&sel, &extract, "us-east-1").unwrap().prices;
    // In key order: test.dc2_large, test.no_family, test.redshift_internet_out.
    let Rate::Tiered(tiers) = &got[2].price.rate else {
        panic!("expected tiers")
    };
    let bounds: Vec<_> = tiers.iter().map(|t| (t.from, t.to, t.usd)).collect();
    assert_eq!(
        bounds,
        vec![
            (dec("0"), Some(dec("1")), dec("0")),
            (dec("1"), Some(dec("10240")), dec("0.09")),
            (dec("10240"), Some(dec("51200")), dec("0.085")),
            (dec("51200"), Some(dec("153600")), dec("0.07")),
            (dec("153600"), None, dec("0.05")),
        ]
    );
    assert_eq!(got[1].price.product_family, None);
    assert_eq!(got[0].price.rate, Rate::Flat(dec("0.25")));
    let r = &got[0].reserved;
    assert_eq!(r.len(), 5);
    assert!(r.iter().any(|r| r.lease == "3yr"
        && r.purchase_option == "Partial Upfront"
        && r.upfront_usd == dec("1325")
        && r.usd == dec("0.05")));
    assert!(
        r.iter()
            .all(|r| r.offering_class.as_deref() == Some("standard"))
    );
}

#[test]
fn real_csv_offer_with_tiers() {
    let sel = vec![Selector {
        key: "test.pii".into(),
        description: "d".into(),
        unit: "unit".into(),
        offer_code: "comprehend",
        product_family: None,
        attributes: vec![
            AttrMatch::UsageType("DetectPiiEntities".into()),
            AttrMatch::Equals("regionCode", "ap-south-1".into()),
        ],
        ..Selector::default()
    }];
    let (extract, file) = read_offer_file(
        &fixture("comprehend-ap-south-1.csv"),
        &sel,
        "ap-south-1",
        "t",
    )
    .unwrap();
    assert_eq!(file.publication_date, "2026-01-16T16:02:58Z");
    let got = resolve(&sel, &extract, "ap-south-1").unwrap().prices;
    let Rate::Tiered(t) = &got[0].price.rate else {
        panic!("expected tiers")
    };
    assert_eq!(t[0].from, Decimal::ZERO);
    assert_eq!(t[0].to, Some(dec("10000000")));
    assert_eq!(t[0].usd, dec("0.0001"));
    assert_eq!(got[0].price.usage_type, "APS3-DetectPiiEntities");
    assert_eq!(got[0].price.effective_date, "2025-04-01");
}

/// Rewrites a JSON document: reverses (or rotates) the key order of every object and lays it out
/// compactly or with odd whitespace.
fn reshape(v: &serde_json::Value, rotate: usize) -> serde_json::Value {
    match v {
        serde_json::Value::Object(m) => {
            let mut entries: Vec<_> = m.iter().collect();
            if !entries.is_empty() {
                let k = rotate % entries.len();
                entries.rotate_left(k);
                entries.reverse();
            }
            serde_json::Value::Object(
                entries
                    .into_iter()
                    .map(|(k, v)| (k.clone(), reshape(v, rotate + 1)))
                    .collect(),
            )
        }
        serde_json::Value::Array(a) => {
            serde_json::Value::Array(a.iter().map(|x| reshape(x, rotate)).collect())
        }
        other => other.clone(),
    }
}

fn extract_of(text: &str, name: &str, dir: &Path) -> OfferExtract {
    let path = dir.join(name);
    std::fs::write(&path, text).unwrap();
    read_offer_file(&path, &rules::selectors("us-east-1"), "us-east-1", "t")
        .unwrap()
        .0
}

fn resolved(e: &OfferExtract) -> Vec<costplan::pricing::import::resolve::KeyPrice> {
    resolve(&rules::selectors("us-east-1"), e, "us-east-1")
        .unwrap()
        .prices
}

#[test]
fn key_order_and_whitespace_do_not_matter_even_terms_before_products() {
    let dir = tempfile::tempdir().unwrap();
    let original = std::fs::read_to_string(fixture("AmazonRDS-us-east-1.json")).unwrap();
    let base = resolved(&extract_of(&original, "a.json", dir.path()));
    let v: serde_json::Value = serde_json::from_str(&original).unwrap();
    let reshaped = reshape(&v, 0);
    // Reversed top-level order puts `terms` before `products`: the reader makes a second pass.
    let keys: Vec<_> = reshaped.as_object().unwrap().keys().cloned().collect();
    assert!(keys.iter().position(|k| k == "terms") < keys.iter().position(|k| k == "products"));
    let compact = serde_json::to_string(&reshaped).unwrap();
    assert_eq!(resolved(&extract_of(&compact, "b.json", dir.path())), base);
    let airy = serde_json::to_string_pretty(&reshaped)
        .unwrap()
        .replace(": ", " :\r\n\t ");
    assert_eq!(resolved(&extract_of(&airy, "c.json", dir.path())), base);
    // Every PostgreSQL class twice, other engines, storage, IOPS, Aurora, Extended Support...
    assert!(base.len() > 70, "{}", base.len());
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(12))]
    #[test]
    fn any_key_rotation_and_indentation_gives_the_same_prices(rotate in 0usize..50, indent in 0usize..4) {
        let dir = tempfile::tempdir().unwrap();
        let original = std::fs::read_to_string(fixture("AmazonECS-us-east-1.json")).unwrap();
        let base = resolved(&extract_of(&original, "a.json", dir.path()));
        let v: serde_json::Value = serde_json::from_str(&original).unwrap();
        let reshaped = reshape(&v, rotate);
        let text = if indent == 0 {
            serde_json::to_string(&reshaped).unwrap()
        } else {
            let pad = " ".repeat(indent);
            let mut buf = Vec::new();
            let fmt = serde_json::ser::PrettyFormatter::with_indent(pad.as_bytes());
            let mut ser = serde_json::Serializer::with_formatter(&mut buf, fmt);
            serde::Serialize::serialize(&reshaped, &mut ser).unwrap();
            String::from_utf8(buf).unwrap()
        };
        prop_assert_eq!(resolved(&extract_of(&text, "b.json", dir.path())), base);
    }
}

#[test]
fn a_file_for_another_region_matches_nothing_and_says_what_it_looked_for() {
    let dir = tempfile::tempdir().unwrap();
    let mut out = Vec::new();
    let err = import(
        &[fixture("AmazonECS-us-east-1.json")],
        "eu-west-1",
        dir.path(),
        &mut out,
    )
    .unwrap_err();
    let msg = err.to_string();
    assert_eq!(err.exit_code(), 3);
    assert!(
        msg.contains("`fargate.vcpu_hour.linux.x86_64`: no product matches"),
        "{msg}"
    );
    assert!(msg.contains("regionCode = \"eu-west-1\""), "{msg}");
    assert!(msg.contains("near misses: 8CESGAFWKAJ98PME"), "{msg}");
    assert!(!dir.path().join("eu-west-1.toml").exists());
}

#[test]
fn not_an_offer_file_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path().join("x.json");
    std::fs::write(&p, "[1, 2]").unwrap();
    let mut out = Vec::new();
    let err = import(&[p], "us-east-1", dir.path(), &mut out).unwrap_err();
    assert!(err.to_string().contains("not an offer file"), "{err}");
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]
    /// Corrupted offer files (cut anywhere, bytes overwritten) give an error or a result, never a
    /// panic; JSON and CSV alike.
    #[test]
    fn corrupted_offer_files_never_panic(
        cut in 0usize..20_000,
        flips in proptest::collection::vec((0usize..20_000, any::<u8>()), 0..8),
        csv in any::<bool>(),
    ) {
        let name = if csv { "AmazonECS-us-east-1.csv" } else { "AmazonECS-us-east-1.json" };
        let mut bytes = std::fs::read(fixture(name)).unwrap();
        for (at, b) in flips {
            let n = bytes.len();
            bytes[at % n] = b;
        }
        let cut = cut % (bytes.len() + 1);
        bytes.truncate(cut);
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join(name);
        std::fs::write(&path, &bytes).unwrap();
        let sel = rules::selectors("us-east-1");
        if let Ok((extract, _)) = read_offer_file(&path, &sel, "us-east-1", "t") {
            let _ = resolve(&sel, &extract, "us-east-1");
        }
    }
}

#[test]
fn a_truncated_json_offer_is_an_error_not_a_partial_result() {
    let dir = tempfile::tempdir().unwrap();
    let bytes = std::fs::read(fixture("AmazonECS-us-east-1.json")).unwrap();
    for cut in [1, 100, bytes.len() / 2, bytes.len() - 3] {
        let p = dir.path().join("t.json");
        std::fs::write(&p, &bytes[..cut]).unwrap();
        let err =
            read_offer_file(&p, &rules::selectors("us-east-1"), "us-east-1", "t").unwrap_err();
        assert!(err.to_string().contains("truncated"), "{cut}: {err}");
    }
}

/// `pricing import` takes a Savings Plans price list beside offer files: its Fargate rates (not
/// Spot, not EC2) are kept beside the Fargate prices, each citing the file and plan SKU, the file
/// is listed with its checksum, and an estimate with a `[[savings_plan]]` reads them.
#[test]
fn a_savings_plans_file_adds_fargate_rates_beside_the_prices() {
    let dir = tempfile::tempdir().unwrap();
    let t = import_into(
        &[
            "AmazonECS-us-east-1.json",
            "AWSComputeSavingsPlan-us-east-1.json",
        ],
        "us-east-1",
        dir.path(),
    );
    let vcpu = t.savings_plans("fargate.vcpu_hour.linux.x86_64");
    let got: Vec<(&str, &str, Decimal)> = vcpu
        .iter()
        .map(|r| (r.lease.as_str(), r.purchase_option.as_str(), r.usd))
        .collect();
    assert_eq!(
        got,
        [
            ("1yr", "No Upfront", dec("0.032")),
            ("3yr", "All Upfront", dec("0.022"))
        ]
    );
    assert!(
        vcpu[0].source.contains("TESTSP1YRNOUP"),
        "{}",
        vcpu[0].source
    );
    assert_eq!(vcpu[0].effective_date, "2026-10-01");
    assert_eq!(t.savings_plans("fargate.gb_hour.linux.x86_64").len(), 2);
    assert!(
        t.savings_plans("fargate_spot.vcpu_hour.linux.x86_64")
            .is_empty()
    );
    let sp_file = t
        .offer_files
        .iter()
        .find(|f| f.offer_code == "AWSComputeSavingsPlan")
        .unwrap();
    assert_eq!(sp_file.sha256.len(), 64);
    // The written table reads back with the rates, and an estimate uses them.
    let other = tempfile::tempdir().unwrap();
    let topology = other.path().join("t.toml");
    std::fs::write(
        &topology,
        "name = \"t\"\nregion = \"us-east-1\"\n[[service]]\nname = \"api\"\ncount = 1\nvcpu = 1\nmemory_gb = 2\n\n[[savings_plan]]\nname = \"sp\"\ntype = \"compute\"\nhourly_commitment_usd = 0.01\nterm_years = 3\npayment = \"all_upfront\"\n",
    )
    .unwrap();
    let out = super::common::costplan()
        .args(["estimate", "-f", "json", "--prices"])
        .arg(dir.path())
        .arg(&topology)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let sp = &v["commitments"]["applied"]["committed"][0];
    // All Upfront: the whole term's commitment, $0.01 × 730 h × 36 months = $262.80, upfront.
    assert_eq!(sp["upfront_usd"].as_str().map(dec), Some(dec("262.8")));
}
