//! Key templates on offer files in the real format (`tests/fixtures/aws-price-list/`, written by
//! `make_synthetic.py`): every engine, deployment, class, node type and destination a file holds
//! becomes a key; products no template fits are counted and listed; the same file gives the same
//! bytes; a trimmed file imports what it holds and the rest is carried over (or dropped).

use super::fixture;
use costplan::pricing::commands::{TableArgs, import_with, read_table};
use costplan::pricing::import::rules::OFFER_CODES;
use costplan::pricing::{PriceTable, Rate, Tier};
use rust_decimal::Decimal;
use std::path::{Path, PathBuf};

/// The keys the synthetic us-east-1 files give beyond the bundled us-east-1 table.
pub const BEYOND_BUNDLED: &[&str] = &[
    "alb.trust_store_hour",
    "cloudwatch.vended_logs_gb",
    "data_transfer.inter_region_out_gb.eu-west-1",
    "data_transfer.inter_region_out_gb.us-east-2",
    "data_transfer.inter_region_out_gb.us-west-2",
    "elasticache.node_hour.memcached.cache.m6g.large",
    "elasticache.node_hour.memcached.cache.r6g.large",
    "elasticache.node_hour.memcached.cache.t3.medium",
    "elasticache.node_hour.memcached.cache.t3.micro",
    "elasticache.node_hour.memcached.cache.t3.small",
    "elasticache.node_hour.memcached.cache.t4g.medium",
    "elasticache.node_hour.memcached.cache.t4g.micro",
    "elasticache.node_hour.memcached.cache.t4g.small",
    "elasticache.node_hour.redis.cache.m4.large",
    "elasticache.node_hour.redis.cache.m6g.12xlarge",
    "elasticache.node_hour.redis.cache.r5.4xlarge",
    "elasticache.serverless_data_gb_hour.memcached",
    "elasticache.serverless_data_gb_hour.redis",
    "elasticache.serverless_data_gb_hour.valkey",
    "elasticache.serverless_ecpu_million.memcached",
    "elasticache.serverless_ecpu_million.redis",
    "elasticache.serverless_ecpu_million.valkey",
    "nlb.hour",
    "nlb.nlcu_hour",
    "rds.aurora_backtrack_change_million",
    "rds.aurora_backup_storage_gb_month",
    "rds.aurora_io_request_million",
    "rds.aurora_storage_gb_month.io_optimized",
    "rds.aurora_storage_gb_month.standard",
    "rds.extended_support_vcpu_hour.aurora-mysql.year1_2",
    "rds.extended_support_vcpu_hour.postgres.year1_2",
    "rds.extended_support_vcpu_hour.postgres.year3",
    "rds.instance_hour.aurora-mysql.standard.db.r7g.xlarge",
    "rds.instance_hour.aurora-postgresql.io_optimized.db.r7g.xlarge",
    "rds.instance_hour.aurora-postgresql.standard.db.r7g.xlarge",
    "rds.instance_hour.mariadb.single_az.db.t3.micro",
    "rds.instance_hour.mysql.multi_az.db.t4g.small",
    "rds.instance_hour.mysql.single_az.db.m5.large",
    "rds.instance_hour.mysql.single_az.db.t3.micro",
    "rds.instance_hour.mysql.single_az.db.t4g.small",
    "rds.instance_hour.postgres.multi_az_cluster.db.m6gd.large",
    "rds.iops_month.io2.single_az",
    "rds.magnetic_io_request_million",
    "rds.storage_gb_month.gp3.multi_az_cluster",
    "rds.storage_gb_month.io2.multi_az",
    "rds.storage_gb_month.io2.single_az",
    "rds.storage_gb_month.magnetic.single_az",
];

fn dec(s: &str) -> Decimal {
    s.parse().unwrap()
}

fn files(codes: &[&str]) -> Vec<PathBuf> {
    codes
        .iter()
        .map(|c| fixture(&format!("{c}-us-east-1.json")))
        .collect()
}

/// Imports into `dir` (from the bundled table, or `into`), returning the table and the summary.
fn import_in(
    paths: &[PathBuf],
    dir: &Path,
    into: Option<&Path>,
    table: &TableArgs,
) -> costplan::Result<(PriceTable, costplan::pricing::import::BuildReport, String)> {
    let mut out = Vec::new();
    let report = import_with(paths, "us-east-1", dir, into, table, &mut out)?;
    let t = read_table(&dir.join("us-east-1.toml"))?;
    Ok((t, report, String::from_utf8(out).unwrap()))
}

fn flat(t: &PriceTable, key: &str) -> Decimal {
    match &t.get(key).unwrap_or_else(|e| panic!("{key}: {e}")).rate {
        Rate::Flat(v) => *v,
        Rate::Tiered(_) => panic!("{key}: tiers"),
    }
}

#[test]
fn templates_give_every_engine_deployment_class_node_and_destination_in_the_files() {
    let dir = tempfile::tempdir().unwrap();
    let (t, report, _) = import_in(
        &files(&OFFER_CODES),
        dir.path(),
        None,
        &TableArgs::default(),
    )
    .unwrap();
    // RDS: several engines and deployments (aws-prices.md §1.2 figures), a Multi-AZ DB cluster.
    for (key, usd, usage_type) in [
        (
            "rds.instance_hour.mysql.single_az.db.t3.micro",
            "0.017",
            "InstanceUsage:db.t3.micro",
        ),
        (
            "rds.instance_hour.mysql.multi_az.db.t4g.small",
            "0.065",
            "Multi-AZUsage:db.t4g.small",
        ),
        (
            "rds.instance_hour.mariadb.single_az.db.t3.micro",
            "0.017",
            "InstanceUsage:db.t3.micro",
        ),
        (
            "rds.instance_hour.postgres.multi_az_cluster.db.m6gd.large",
            "0.783",
            "Multi-AZClusterUsage:db.m6gd.large",
        ),
        // Aurora: the storage configuration from the usage type; the class from `instanceType`
        // (the usage type abbreviates it, `db.r7g.xl`).
        (
            "rds.instance_hour.aurora-postgresql.standard.db.r7g.xlarge",
            "0.553",
            "InstanceUsage:db.r7g.xl",
        ),
        (
            "rds.instance_hour.aurora-postgresql.io_optimized.db.r7g.xlarge",
            "0.719",
            "InstanceUsageIOOptimized:db.r7g.xl",
        ),
        (
            "rds.storage_gb_month.io2.single_az",
            "0.125",
            "RDS:IO2-PIOPS-Storage",
        ),
        ("rds.iops_month.io2.single_az", "0.1", "RDS:IO2-PIOPS"),
        (
            "rds.storage_gb_month.gp3.multi_az_cluster",
            "0.345",
            "RDS:Multi-AZCluster-GP3-Storage",
        ),
        (
            "rds.extended_support_vcpu_hour.postgres.year3",
            "0.2",
            "ExtendedSupport:Yr3:PostgreSQL11",
        ),
        // ElastiCache: three engines, node types the bundled table lacks, serverless.
        (
            "elasticache.node_hour.memcached.cache.t3.micro",
            "0.017",
            "NodeUsage:cache.t3.micro",
        ),
        (
            "elasticache.serverless_data_gb_hour.valkey",
            "0.084",
            "USE1-CachedData:Valkey",
        ),
        // ELB: ALB trust store, NLB hours and NLCUs.
        ("alb.trust_store_hour", "0.005", "TS-LoadBalancerUsage"),
        ("nlb.hour", "0.0225", "LoadBalancerUsage"),
        ("nlb.nlcu_hour", "0.006", "LCUUsage"),
        // Inter-region by destination, priced at the source.
        (
            "data_transfer.inter_region_out_gb.us-east-2",
            "0.01",
            "USE1-USE2-AWS-Out-Bytes",
        ),
        (
            "data_transfer.inter_region_out_gb.eu-west-1",
            "0.02",
            "USE1-EU-AWS-Out-Bytes",
        ),
    ] {
        assert_eq!(flat(&t, key), dec(usd), "{key}");
        assert_eq!(t.get(key).unwrap().usage_type, usage_type, "{key}");
        assert_eq!(t.get(key).unwrap().evidence.as_deref(), Some("A"), "{key}");
    }
    // A node type the first bundled table lacked (its price is the table's when it has one now).
    assert_eq!(
        t.get("elasticache.node_hour.redis.cache.m6g.12xlarge")
            .unwrap()
            .usage_type,
        "NodeUsage:cache.m6g.12xlarge"
    );
    // Per-million keys from per-unit offer prices: 0.0000000023 per ECPU, 0.0000002 per I/O.
    assert_eq!(
        flat(&t, "elasticache.serverless_ecpu_million.valkey"),
        dec("0.0023")
    );
    assert_eq!(
        flat(&t, "elasticache.serverless_ecpu_million.redis"),
        dec("0.0034")
    );
    assert_eq!(flat(&t, "rds.aurora_io_request_million"), dec("0.2"));
    assert_eq!(flat(&t, "rds.magnetic_io_request_million"), dec("0.1"));
    let p = t.get("rds.aurora_io_request_million").unwrap();
    assert!(
        p.description.contains("per IOs × 1000000"),
        "{}",
        p.description
    );
    // One product per engine version (same price) gives one Extended Support key.
    let ext = t
        .get("rds.extended_support_vcpu_hour.postgres.year1_2")
        .unwrap();
    assert_eq!(ext.rate, Rate::Flat(dec("0.1")));
    // Vended logs keep their volume tiers.
    let tiers = |from: &str, to: Option<&str>, usd: &str| Tier {
        from: dec(from),
        to: to.map(dec),
        usd: dec(usd),
    };
    assert_eq!(
        t.get("cloudwatch.vended_logs_gb").unwrap().rate,
        Rate::Tiered(vec![
            tiers("0", Some("10240"), "0.5"),
            tiers("10240", Some("30720"), "0.25"),
            tiers("30720", Some("51200"), "0.1"),
            tiers("51200", None, "0.05"),
        ])
    );
    // Commercial engines and another source region's transfer are never priced.
    let engines = [
        "postgres",
        "mysql",
        "mariadb",
        "aurora-postgresql",
        "aurora-mysql",
    ];
    for p in t.prices() {
        if let Some(rest) = p.key.strip_prefix("rds.instance_hour.") {
            let engine = rest.split('.').next().unwrap();
            assert!(engines.contains(&engine), "{}", p.key);
        }
    }
    assert!(!t.contains("data_transfer.inter_region_out_gb.us-east-1"));
    assert!(report.lacking.is_empty() && report.dropped.is_empty());
}

#[test]
fn products_no_template_fits_are_counted_and_listed_under_verbose() {
    let dir = tempfile::tempdir().unwrap();
    let paths = files(&["AmazonRDS", "AWSELB", "AmazonCloudWatch", "AWSDataTransfer"]);
    let (_, report, quiet) = import_in(&paths, dir.path(), None, &TableArgs::default()).unwrap();
    let counts: Vec<u64> = report.unmatched.iter().map(|(_, n, _)| *n).collect();
    assert_eq!(counts, vec![3, 1, 1, 2]);
    assert!(quiet.contains(", 7 product(s) fit no selector;"), "{quiet}");
    assert!(!quiet.contains("Oracle"), "{quiet}");
    let verbose = TableArgs {
        drop_missing: false,
        verbose: true,
    };
    let (_, _, text) = import_in(&paths, dir.path(), None, &verbose).unwrap();
    for listed in [
        "3 product(s) of ",
        "[Database Instance] InstanceUsage:db.m5.large (databaseEngine \"Oracle\" is not mapped)",
        "[Database Instance] InstanceUsage:db.m5.large (databaseEngine \"SQL Server\" is not mapped)",
        "[Database Instance] ExtendedSupportYr1_Yr2-InstanceUsage:db.t3.micro",
        "[Load Balancer-Application] Outposts-LoadBalancerUsage",
        "[API Request] USE1-CW:GMWI-Metrics",
        "[Data Transfer] USW2-USE1-AWS-Out-Bytes",
        "[Data Transfer] DataTransfer-In-Bytes",
    ] {
        assert!(text.contains(listed), "{listed}\n{text}");
    }
    // A family costplan does not read (Gateway Load Balancer) is neither priced nor counted.
    assert!(!text.contains("Load Balancer-Gateway"), "{text}");
}

#[test]
fn importing_the_same_files_twice_gives_byte_identical_tables() {
    let a = tempfile::tempdir().unwrap();
    let b = tempfile::tempdir().unwrap();
    let paths = files(&OFFER_CODES);
    import_in(&paths, a.path(), None, &TableArgs::default()).unwrap();
    import_in(&paths, b.path(), None, &TableArgs::default()).unwrap();
    let x = std::fs::read(a.path().join("us-east-1.toml")).unwrap();
    let y = std::fs::read(b.path().join("us-east-1.toml")).unwrap();
    assert!(x == y, "two imports of the same files differ");
    // And once more over the first table: the result reads back as the same bytes.
    import_in(&paths, a.path(), None, &TableArgs::default()).unwrap();
    assert!(std::fs::read(a.path().join("us-east-1.toml")).unwrap() == x);
}

/// The RDS offer file without the products (and their terms) of one class.
fn without_class(class: &str, dir: &Path) -> PathBuf {
    let text = std::fs::read_to_string(fixture("AmazonRDS-us-east-1.json")).unwrap();
    let mut v: serde_json::Value = serde_json::from_str(&text).unwrap();
    let gone: Vec<String> = v["products"]
        .as_object()
        .unwrap()
        .iter()
        .filter(|(_, p)| p["attributes"]["instanceType"] == class)
        .map(|(k, _)| k.clone())
        .collect();
    assert!(!gone.is_empty());
    for sku in &gone {
        v["products"].as_object_mut().unwrap().remove(sku);
        for tt in ["OnDemand", "Reserved"] {
            if let Some(m) = v["terms"][tt].as_object_mut() {
                m.remove(sku);
            }
        }
    }
    let path = dir.join("AmazonRDS-trimmed.json");
    std::fs::write(&path, serde_json::to_string(&v).unwrap()).unwrap();
    path
}

#[test]
fn a_trimmed_offer_file_imports_what_it_holds_and_carries_over_or_drops_the_rest() {
    let work = tempfile::tempdir().unwrap();
    let trimmed = without_class("db.t3.micro", work.path());
    let bundled_file = Path::new(env!("CARGO_MANIFEST_DIR")).join("pricing/aws/us-east-1.toml");
    let bundled = read_table(&bundled_file).unwrap();
    // Every bundled db.t3.micro instance key (the synthetic file writes each of them).
    let lacking: Vec<&str> = bundled
        .prices()
        .map(|p| p.key.as_str())
        .filter(|k| k.starts_with("rds.instance_hour.") && k.ends_with(".db.t3.micro"))
        .collect();
    assert!(lacking.contains(&"rds.instance_hour.postgres.single_az.db.t3.micro"));
    let out = tempfile::tempdir().unwrap();
    let (t, report, text) = import_in(
        std::slice::from_ref(&trimmed),
        out.path(),
        Some(&bundled_file),
        &TableArgs::default(),
    )
    .unwrap();
    assert_eq!(report.lacking, lacking);
    for key in &lacking {
        // Carried over as it was (its source and date say where it came from).
        assert_eq!(t.get(key).unwrap(), bundled.get(key).unwrap());
    }
    assert!(text.contains(&format!(
        "not in the offer files, carried over from the previous table (--drop-missing drops them): {}",
        lacking.join(", ")
    )), "{text}");
    // What the file holds is imported: a class it still has, from the file.
    let kept = t
        .get("rds.instance_hour.postgres.single_az.db.t3.small")
        .unwrap();
    assert!(
        kept.source.contains("AmazonRDS us-east-1 offer file"),
        "{}",
        kept.source
    );
    // --drop-missing drops them, and says so; other offers' keys stay.
    let out = tempfile::tempdir().unwrap();
    let drop = TableArgs {
        drop_missing: true,
        verbose: false,
    };
    let (t, report, text) = import_in(&[trimmed], out.path(), Some(&bundled_file), &drop).unwrap();
    assert_eq!(report.dropped, lacking);
    assert!(lacking.iter().all(|k| !t.contains(k)));
    assert!(t.contains("alb.hour"));
    assert!(
        text.contains("not in the offer files, dropped (--drop-missing): "),
        "{text}"
    );
}

/// The RDS offer file with a copy of one product under another SKU (its terms copied too), the
/// copy's price replaced by `usd` if given.
fn with_twin(usage_type: &str, usd: Option<&str>, dir: &Path) -> PathBuf {
    let text = std::fs::read_to_string(fixture("AmazonRDS-us-east-1.json")).unwrap();
    let mut v: serde_json::Value = serde_json::from_str(&text).unwrap();
    let (sku, mut product) = v["products"]
        .as_object()
        .unwrap()
        .iter()
        .find(|(_, p)| p["attributes"]["usagetype"] == usage_type)
        .map(|(k, p)| (k.clone(), p.clone()))
        .unwrap();
    let twin = "TWINTWINTWINTWIN";
    product["sku"] = twin.into();
    v["products"][twin] = product;
    let terms = v["terms"]["OnDemand"][&sku].to_string().replace(&sku, twin);
    let mut terms: serde_json::Value = serde_json::from_str(&terms).unwrap();
    if let Some(usd) = usd {
        for term in terms.as_object_mut().unwrap().values_mut() {
            for d in term["priceDimensions"]
                .as_object_mut()
                .unwrap()
                .values_mut()
            {
                d["pricePerUnit"]["USD"] = usd.into();
            }
        }
    }
    v["terms"]["OnDemand"][twin] = terms;
    let path = dir.join(format!("AmazonRDS-twin-{}.json", usd.unwrap_or("same")));
    std::fs::write(&path, serde_json::to_string(&v).unwrap()).unwrap();
    path
}

#[test]
fn two_products_giving_one_key_are_an_ambiguity_naming_both_skus() {
    let work = tempfile::tempdir().unwrap();
    let twin = with_twin("Multi-AZClusterUsage:db.m6gd.large", None, work.path());
    let err = import_in(&[twin], work.path(), None, &TableArgs::default()).unwrap_err();
    let msg = err.to_string();
    assert_eq!(err.exit_code(), 3);
    assert!(
        msg.contains(
            "`rds.instance_hour.postgres.multi_az_cluster.db.m6gd.large`: 2 products match"
        ),
        "{msg}"
    );
    assert!(
        msg.contains("TWINTWINTWINTWIN (Multi-AZClusterUsage:db.m6gd.large)"),
        "{msg}"
    );
    // Extended Support takes one product per engine version at one price; different prices are
    // an ambiguity too.
    let twin = with_twin(
        "ExtendedSupport:Yr3:PostgreSQL11",
        Some("0.3000000000"),
        work.path(),
    );
    let err = import_in(&[twin], work.path(), None, &TableArgs::default()).unwrap_err();
    let msg = err.to_string();
    assert!(
        msg.contains("`rds.extended_support_vcpu_hour.postgres.year3`: 2 products with different prices match"),
        "{msg}"
    );
    assert!(
        msg.contains("TWINTWINTWINTWIN (ExtendedSupport:Yr3:PostgreSQL11: 0.3)"),
        "{msg}"
    );
    assert!(!work.path().join("us-east-1.toml").exists());
}

#[test]
fn a_per_million_key_from_an_offer_unit_it_does_not_know_is_an_error_naming_the_unit() {
    let work = tempfile::tempdir().unwrap();
    let text = std::fs::read_to_string(fixture("AmazonElastiCache-us-east-1.json")).unwrap();
    assert!(text.contains("\"unit\" : \"ECPU\""));
    let path = work.path().join("AmazonElastiCache.json");
    std::fs::write(
        &path,
        text.replace("\"unit\" : \"ECPU\"", "\"unit\" : \"Million ECPUs\""),
    )
    .unwrap();
    let err = import_in(&[path], work.path(), None, &TableArgs::default()).unwrap_err();
    let msg = err.to_string();
    assert!(
        msg.contains("elasticache.serverless_ecpu_million.redis"),
        "{msg}"
    );
    assert!(
        msg.contains("per `Million ECPUs`, not one of ECPU, ECPUs"),
        "{msg}"
    );
}

#[test]
fn the_csv_form_of_an_offer_gives_the_same_template_keys_as_its_json() {
    let a = tempfile::tempdir().unwrap();
    let b = tempfile::tempdir().unwrap();
    let (json, ..) = import_in(
        &[fixture("AmazonRDS-us-east-1.json")],
        a.path(),
        None,
        &TableArgs::default(),
    )
    .unwrap();
    let (csv, report, _) = import_in(
        &[fixture("AmazonRDS-us-east-1.csv")],
        b.path(),
        None,
        &TableArgs::default(),
    )
    .unwrap();
    let prices = |t: &PriceTable| t.prices().cloned().collect::<Vec<_>>();
    assert_eq!(prices(&json), prices(&csv));
    for p in json.prices() {
        assert_eq!(json.reserved(&p.key), csv.reserved(&p.key), "{}", p.key);
    }
    assert!(csv.contains("rds.instance_hour.aurora-postgresql.io_optimized.db.r7g.xlarge"));
    assert_eq!(report.unmatched[0].1, 3);
}

/// The RDS offer file as another region would publish it: `regionCode`, `location`, and the
/// region's usage-type prefix (`EU-InstanceUsage:…`, `EU-RDS:GP3-Storage`, `EU-Aurora:…`).
fn in_eu_west_1(dir: &Path) -> PathBuf {
    let text = std::fs::read_to_string(fixture("AmazonRDS-us-east-1.json")).unwrap();
    let mut v: serde_json::Value = serde_json::from_str(&text).unwrap();
    for p in v["products"].as_object_mut().unwrap().values_mut() {
        let a = &mut p["attributes"];
        a["regionCode"] = "eu-west-1".into();
        a["location"] = "EU (Ireland)".into();
        let ut = a["usagetype"].as_str().unwrap().to_string();
        let ut = match ut.strip_prefix("USE1-") {
            Some(rest) => format!("EU-{rest}"),
            None => format!("EU-{ut}"),
        };
        a["usagetype"] = ut.into();
    }
    let path = dir.join("AmazonRDS-eu-west-1.json");
    std::fs::write(&path, serde_json::to_string(&v).unwrap()).unwrap();
    path
}

#[test]
fn another_regions_usage_type_prefix_gives_the_same_keys() {
    let work = tempfile::tempdir().unwrap();
    let eu = in_eu_west_1(work.path());
    let a = tempfile::tempdir().unwrap();
    let b = tempfile::tempdir().unwrap();
    let (_, us, _) = import_in(
        &[fixture("AmazonRDS-us-east-1.json")],
        a.path(),
        None,
        &TableArgs::default(),
    )
    .unwrap();
    let mut out = Vec::new();
    let report = import_with(
        &[eu],
        "eu-west-1",
        b.path(),
        None,
        &TableArgs::default(),
        &mut out,
    )
    .unwrap();
    assert_eq!(report.from_offers, us.from_offers);
    let t = read_table(&b.path().join("eu-west-1.toml")).unwrap();
    let p = t
        .get("rds.instance_hour.aurora-postgresql.io_optimized.db.r7g.xlarge")
        .unwrap();
    assert_eq!(p.usage_type, "EU-InstanceUsageIOOptimized:db.r7g.xl");
    assert_eq!(
        t.get("rds.extended_support_vcpu_hour.postgres.year3")
            .unwrap()
            .usage_type,
        "EU-ExtendedSupport:Yr3:PostgreSQL11"
    );
    // The products no template fits are the same three.
    assert_eq!(report.unmatched[0].1, 3);
}
