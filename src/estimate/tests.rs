//! Unit tests of the per-resource cost models, through the real bundled price table.

use super::price as estimate;
use crate::estimate::{Estimate, Group};
use crate::money::round_cents;
use crate::pricing::PriceCatalog;
use crate::source::SourceFile;
use rust_decimal::Decimal;

fn d(s: &str) -> Decimal {
    s.parse().unwrap()
}

fn try_est(body: &str) -> crate::Result<Estimate> {
    let catalog = PriceCatalog::bundled().unwrap();
    let text = format!("name = \"t\"\nregion = \"us-east-1\"\n{body}");
    let t = crate::topology::parse(&SourceFile::new("t.toml", text), &catalog)?;
    estimate(&t, catalog.table("us-east-1").unwrap())
}

fn est(body: &str) -> Estimate {
    try_est(body).unwrap()
}

fn group(e: &Estimate, g: Group) -> Decimal {
    e.groups
        .iter()
        .find(|t| t.group == g)
        .map_or(Decimal::ZERO, |t| t.monthly_usd)
}

fn line<'a>(e: &'a Estimate, component: &str) -> &'a crate::LineItem {
    e.line_items
        .iter()
        .find(|l| l.component == component)
        .unwrap_or_else(|| panic!("no line {component:?} in {:#?}", e.line_items))
}

#[test]
fn baseline_figures_are_the_worked_figures_of_the_cited_prices() {
    let text = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/scenarios/baseline.toml"
    ))
    .unwrap();
    let catalog = PriceCatalog::bundled().unwrap();
    let t = crate::topology::parse(&SourceFile::new("baseline.toml", text), &catalog).unwrap();
    let e = estimate(&t, catalog.table("us-east-1").unwrap()).unwrap();
    assert_eq!(round_cents(group(&e, Group::EcsFargate)), d("108.12"));
    assert_eq!(line(&e, "instance (Multi-AZ)").monthly_usd, d("105.12"));
    assert_eq!(line(&e, "gp2 storage (Multi-AZ)").monthly_usd, d("23.00"));
    assert_eq!(line(&e, "gateway hours").monthly_usd, d("65.70"));
    assert_eq!(line(&e, "data processed").monthly_usd, d("4.500"));
    assert_eq!(
        round_cents(line(&e, "load balancer hours").monthly_usd),
        d("16.43")
    );
    let lcu = line(&e, "LCU-hours");
    assert_eq!(lcu.quantity, d("146"));
    assert_eq!(round_cents(lcu.monthly_usd), d("1.17"));
    assert_eq!(
        e.line_items
            .iter()
            .find(|l| l.group == Group::PublicIpv4)
            .unwrap()
            .monthly_usd,
        d("14.600")
    );
    let sum: Decimal = e.line_items.iter().map(|l| l.monthly_usd).sum();
    assert_eq!(sum, e.total_monthly_usd);
    assert_eq!(e.total_annual_usd, e.total_monthly_usd * d("12"));
}

const SVC: &str = "[[service]]\nname = \"a\"\ncount = 2\nvcpu = 1\nmemory_gb = 2\n";

#[test]
fn fargate_arm_uses_arm_prices() {
    let e = est(&format!("{SVC}arch = \"arm64\"\n"));
    assert_eq!(
        line(&e, "vCPU (Linux/arm64, on-demand)").unit_price_usd,
        d("0.03238")
    );
    assert_eq!(
        line(&e, "vCPU (Linux/arm64, on-demand)").quantity,
        d("1460")
    );
}

#[test]
fn fargate_windows_adds_the_licence() {
    let e = est(&format!("{SVC}os = \"windows\"\n"));
    let lic = line(&e, "Windows OS licence");
    assert_eq!(lic.quantity, d("1460"));
    assert_eq!(lic.unit_price_usd, d("0.046"));
    assert_eq!(
        line(&e, "vCPU (Windows/x86_64, on-demand)").unit_price_usd,
        d("0.046552")
    );
}

#[test]
fn fargate_spot_uses_spot_prices() {
    let e = est(&format!("{SVC}capacity = \"spot\"\n"));
    assert_eq!(
        line(&e, "vCPU (Linux/x86_64, spot)").price_key,
        "fargate_spot.vcpu_hour.linux.x86_64"
    );
    assert!(e.warnings.iter().any(|w| w.contains("Spot")));
}

#[test]
fn fargate_arm_spot_is_a_missing_price_not_zero() {
    let err = try_est(&format!("{SVC}capacity = \"spot\"\narch = \"arm64\"\n")).unwrap_err();
    assert_eq!(err.exit_code(), crate::error::EXIT_PRICE_DATA);
    assert!(
        err.to_string()
            .contains("fargate_spot.vcpu_hour.linux.arm64"),
        "{err}"
    );
}

#[test]
fn fargate_ephemeral_storage_beyond_20_gb_is_billed() {
    let e = est(&format!("{SVC}ephemeral_storage_gb = 50\n"));
    let l = line(&e, "ephemeral storage above 20 GB");
    assert_eq!(l.quantity, d("43800")); // 2 tasks × 730 h × 30 GB
    assert!(
        try_est(&format!("{SVC}ephemeral_storage_gb = 20\n"))
            .unwrap()
            .line_items
            .iter()
            .all(|l| !l.component.contains("ephemeral"))
    );
}

#[test]
fn service_hours_override_scales_its_lines() {
    let e = est(&format!("{SVC}hours_per_month = 100\n"));
    assert_eq!(
        line(&e, "vCPU (Linux/x86_64, on-demand)").quantity,
        d("200")
    );
}

const DB: &str = "[database]\nengine = \"postgres\"\ninstance_class = \"db.t4g.medium\"\n";

#[test]
fn rds_single_az_gp3_with_iops_above_baseline() {
    let e = est(&format!(
        "{DB}storage_type = \"gp3\"\nstorage_gb = 200\niops = 5000\n"
    ));
    assert_eq!(line(&e, "instance (Single-AZ)").unit_price_usd, d("0.065"));
    assert_eq!(line(&e, "gp3 storage (Single-AZ)").monthly_usd, d("23.000"));
    let iops = line(&e, "gp3 IOPS above baseline (Single-AZ)");
    assert_eq!(iops.quantity, d("2000"));
    assert_eq!(iops.monthly_usd, d("40.00"));
}

#[test]
fn rds_gp3_baseline_rises_at_400_gb() {
    let e = est(&format!(
        "{DB}storage_type = \"gp3\"\nstorage_gb = 400\niops = 12000\n"
    ));
    assert!(e.line_items.iter().all(|l| !l.component.contains("IOPS")));
}

#[test]
fn rds_gp3_throughput_above_baseline_has_no_verified_price() {
    let err = try_est(&format!(
        "{DB}storage_type = \"gp3\"\nstorage_gb = 100\nthroughput_mibps = 200\n"
    ))
    .unwrap_err();
    assert!(
        err.to_string()
            .contains("rds.throughput_mibps_month.gp3.single_az"),
        "{err}"
    );
}

#[test]
fn rds_io1_bills_every_iops_and_multi_az_doubles() {
    let e = est(&format!(
        "{DB}deployment = \"multi-az\"\nstorage_type = \"io1\"\nstorage_gb = 100\niops = 1000\n"
    ));
    assert_eq!(
        line(&e, "io1 provisioned IOPS (Multi-AZ)").monthly_usd,
        d("200.00")
    );
    assert_eq!(line(&e, "io1 storage (Multi-AZ)").monthly_usd, d("25.00"));
}

#[test]
fn rds_backup_and_cpu_credits() {
    let e = est(&format!(
        "{DB}storage_gb = 20\nbackup_storage_gb = 10\ncpu_credits_vcpu_hours = 60\n"
    ));
    assert_eq!(
        line(&e, "backup storage beyond free allowance").monthly_usd,
        d("0.950")
    );
    assert_eq!(line(&e, "surplus CPU credits").monthly_usd, d("4.500"));
}

#[test]
fn elasticache_valkey_is_cheaper_than_redis() {
    let r = est("[cache]\nengine = \"redis\"\nnode_type = \"cache.t4g.small\"\nnodes = 3\n");
    let v = est("[cache]\nengine = \"valkey\"\nnode_type = \"cache.t4g.small\"\nnodes = 3\n");
    assert_eq!(group(&r, Group::Elasticache), d("70.080"));
    assert_eq!(group(&v, Group::Elasticache), d("56.0640"));
}

#[test]
fn alb_lcu_takes_the_largest_dimension() {
    let e = est(
        "[load_balancer]\nactive_connections_per_minute = 6000\nnew_connections_per_second = 25\n",
    );
    assert_eq!(line(&e, "LCU-hours").quantity, d("1460"));
}

#[test]
fn data_transfer_tiers_and_both_directions_between_azs() {
    let e = est(
        "[data_transfer]\ninternet_out_gb = 20000\ninter_az_gb = 10\ninter_region_out_gb = 5\n",
    );
    assert_eq!(line(&e, "out (0–10,240 GB tier)").quantity, d("10240"));
    assert_eq!(line(&e, "out (10,240–51,200 GB tier)").quantity, d("9760"));
    assert_eq!(
        group(&e, Group::DataTransfer),
        d("921.60") + d("829.600") + d("0.20") + d("0.10")
    );
}

#[test]
fn free_allowance_takes_the_first_100_gb() {
    let e = est("[data_transfer]\ninternet_out_gb = 150\nfree_tier = true\n");
    let free = line(&e, "out, free allowance (0–100 GB tier)");
    assert_eq!((free.quantity, free.monthly_usd), (d("100"), Decimal::ZERO));
    assert_eq!(line(&e, "out (0–10,240 GB tier)").quantity, d("50"));
    let small = est("[data_transfer]\ninternet_out_gb = 60\nfree_tier = true\n");
    assert_eq!(group(&small, Group::DataTransfer), Decimal::ZERO);
}

#[test]
fn cloudwatch_metric_tiers() {
    let e = est(
        "[cloudwatch]\ncustom_metrics = 12000\nalarms = 2\nhigh_resolution_alarms = 1\ndashboards = 1\n",
    );
    assert_eq!(
        group(&e, Group::Cloudwatch),
        d("3000") + d("200") + d("0.2") + d("0.3") + d("3")
    );
}

#[test]
fn public_ipv4_defaults_to_nat_plus_alb_azs() {
    let e = est("[nat]\ngateways = 3\n[load_balancer]\nazs = 3\n");
    let ip = e
        .line_items
        .iter()
        .find(|l| l.group == Group::PublicIpv4)
        .unwrap();
    assert_eq!(ip.quantity, d("4380"));
    let explicit = est("[nat]\ngateways = 3\n[public_ipv4]\naddresses = 1\n");
    let ip = explicit
        .line_items
        .iter()
        .find(|l| l.group == Group::PublicIpv4)
        .unwrap();
    assert_eq!(ip.quantity, d("730"));
}

#[test]
fn vpc_endpoints_bill_per_endpoint_per_az() {
    let e = est("[vpc_endpoints]\ninterface_endpoints = 4\nazs = 2\ndata_processed_gb = 100\n");
    assert_eq!(line(&e, "endpoint-AZ hours").monthly_usd, d("58.40"));
    assert_eq!(group(&e, Group::VpcEndpoints), d("59.40"));
}

#[test]
fn secrets_and_ecr() {
    let e = est("[secrets_manager]\nsecrets = 10\napi_calls = 20000\n[ecr]\nstorage_gb = 5\n");
    assert_eq!(group(&e, Group::SecretsManager), d("4.1"));
    assert_eq!(group(&e, Group::Ecr), d("0.5"));
}

#[test]
fn an_empty_topology_costs_nothing() {
    let e = est("");
    assert!(e.line_items.is_empty());
    assert_eq!(e.total_monthly_usd, Decimal::ZERO);
}
