//! Matching and variance against figures worked by hand, with the bundled us-east-1 table
//! (Fargate vCPU 0.04048 USD/vCPU-hour, NAT data 0.045 USD/GB, internet out 0.09 USD/GB to
//! 10,240 GB then 0.085, RDS Multi-AZ db.t3.medium 0.144 USD/hour).

use super::aggregate::{BillAmount, BillKey, BillMonth};
use super::*;
use crate::bill::{BillFormat, BillInfo, Granularity, LineItemType};
use crate::estimate::{Estimate, PriceTableInfo};
use crate::model::{Group, LineItem};
use crate::pricing::PriceCatalog;
use std::collections::BTreeMap;

fn dec(s: &str) -> Decimal {
    s.parse().unwrap()
}

fn line(group: Group, resource: &str, key: &str, quantity: &str, price: &str) -> LineItem {
    LineItem {
        group,
        resource: resource.into(),
        component: "c".into(),
        quantity: dec(quantity),
        unit: "u".into(),
        unit_price_usd: dec(price),
        monthly_usd: dec(quantity) * dec(price),
        price_key: key.into(),
        price_source: String::new(),
        price_effective_date: String::new(),
    }
}

fn estimate() -> Estimate {
    let line_items = vec![
        line(
            Group::EcsFargate,
            "api",
            "fargate.vcpu_hour.linux.x86_64",
            "730",
            "0.04048",
        ),
        line(
            Group::EcsFargate,
            "worker",
            "fargate.vcpu_hour.linux.x86_64",
            "912.5",
            "0.04048",
        ),
        line(
            Group::NatGateway,
            "nat",
            "nat.data_processed_gb",
            "100",
            "0.045",
        ),
        line(
            Group::DataTransfer,
            "internet",
            "data_transfer.internet_out_gb",
            "100",
            "0.09",
        ),
        line(
            Group::Rds,
            "db",
            "rds.instance_hour.postgres.multi_az.db.t3.medium",
            "730",
            "0.144",
        ),
    ];
    let total: Decimal = line_items.iter().map(|l| l.monthly_usd).sum();
    Estimate {
        schema_version: 1,
        name: "t".into(),
        region: "us-east-1".into(),
        currency: "USD".into(),
        hours_per_month: dec("730"),
        price_table: PriceTableInfo {
            region: "us-east-1".into(),
            effective_date: String::new(),
            source: String::new(),
        },
        line_items,
        groups: vec![],
        total_monthly_usd: total,
        total_annual_usd: total * Decimal::from(12),
        reference: None,
        warnings: vec![],
        budget: None,
        plan: None,
        commitments: None,
        assumptions: vec![],
    }
}

fn bill(
    granularity: Granularity,
    lines: &[(&str, &str, &str, LineItemType, &str, &str)],
) -> BillMonth {
    let mut amounts = BTreeMap::new();
    for (service, usage_type, region, t, qty, cost) in lines {
        amounts.insert(
            BillKey {
                service: service.to_string(),
                usage_type: usage_type.to_string(),
                operation: String::new(),
                region: region.to_string(),
                line_item_type: t.clone(),
            },
            BillAmount {
                usage_amount: dec(qty),
                cost: dec(cost),
                unit: None,
                lines: 1,
            },
        );
    }
    BillMonth {
        path: "bill.csv".into(),
        info: BillInfo {
            format: BillFormat::Cur2Csv,
            gzip: false,
            granularity,
        },
        month: "2026-11".into(),
        currency: "USD".into(),
        estimated: false,
        lines: lines.len() as u64,
        amounts,
    }
}

fn table() -> PriceTable {
    PriceCatalog::bundled()
        .unwrap()
        .table("us-east-1")
        .unwrap()
        .clone()
}

#[test]
fn variance_splits_into_usage_and_price_worked_by_hand() {
    use LineItemType::*;
    let b = bill(
        Granularity::UsageType,
        &[
            // 730 + 912.5 vCPU-hours at a discounted 0.04 instead of 0.04048
            (
                "AmazonECS",
                "USE1-Fargate-vCPU-Hours:perCPU",
                "us-east-1",
                Usage,
                "1642.5",
                "65.70",
            ),
            // 40% more NAT traffic at the table rate
            (
                "AmazonEC2",
                "NatGateway-Bytes",
                "us-east-1",
                Usage,
                "140",
                "6.30",
            ),
            // 12,000 GB out: 10,240 × 0.09 + 1,760 × 0.085 = 921.60 + 149.60
            (
                "AmazonEC2",
                "DataTransfer-Out-Bytes",
                "us-east-1",
                Usage,
                "12000",
                "1071.20",
            ),
            (
                "AmazonS3",
                "USE1-TimedStorage-ByteHrs",
                "us-east-1",
                Usage,
                "500",
                "11.50",
            ),
            // Fargate in another region is not the topology's
            (
                "AmazonECS",
                "USW2-Fargate-vCPU-Hours:perCPU",
                "us-west-2",
                Usage,
                "100",
                "4.00",
            ),
            ("AmazonEC2", "", "", Credit, "0", "-10"),
            ("AmazonEC2", "", "", Tax, "0", "5.16"),
        ],
    );
    let c = variance::compare(&estimate(), &table(), &b).unwrap();
    assert_eq!(c.precision, Precision::UsageType);
    let row = |label: &str| c.rows.iter().find(|r| r.label == label).unwrap();

    let fargate = row("AmazonECS Fargate-vCPU-Hours:perCPU");
    assert_eq!(
        fargate.estimate_lines.len(),
        2,
        "two estimate lines, one row"
    );
    assert_eq!(fargate.estimated_quantity, Some(dec("1642.5")));
    assert_eq!(fargate.estimated_usd, dec("66.4884"));
    assert_eq!(fargate.variance_usd, dec("-0.7884"));
    let s = fargate.split.as_ref().unwrap();
    assert_eq!(s.usage_usd, Decimal::ZERO);
    assert_eq!(s.price_usd, dec("-0.7884"));

    let nat = row("AmazonEC2 NatGateway-Bytes").split.clone().unwrap();
    assert_eq!((nat.usage_usd, nat.price_usd), (dec("1.8"), Decimal::ZERO));

    let out = row("AWSDataTransfer DataTransfer-Out-Bytes");
    let s = out.split.as_ref().unwrap();
    assert_eq!(s.table_price_of_billed_usd, dec("1071.2"), "tiers applied");
    assert_eq!(s.usage_usd, dec("1062.2"));
    assert_eq!(s.price_usd, Decimal::ZERO);

    let rds = row("AmazonRDS Multi-AZUsage:db.t3.medium");
    assert_eq!(rds.bill_lines, 0, "an estimate line with no bill line");
    assert_eq!(rds.split.as_ref().unwrap().usage_usd, dec("-105.12"));

    assert_eq!(c.not_in_topology.len(), 2);
    assert_eq!(c.not_in_topology[0].service, "AmazonS3", "ranked by cost");
    assert_eq!(c.not_in_topology_usd, dec("15.50"));
    assert_eq!(c.charges_usd, dec("-4.84"));
    assert_eq!(c.charges.len(), 2);

    assert_eq!(c.estimated_total_usd, dec("185.1084"));
    assert_eq!(c.billed_usage_usd, dec("1158.70"));
    assert_eq!(c.billed_total_usd, dec("1153.86"));
    assert_eq!(c.variance_usd, dec("968.7516"));
    assert_eq!(c.price_effect_usd, dec("-0.7884"));
    assert_eq!(c.usage_effect_usd, dec("958.88"));
    // the waterfall adds up exactly
    assert_eq!(
        c.estimated_total_usd
            + c.price_effect_usd
            + c.usage_effect_usd
            + c.unsplit_variance_usd
            + c.not_in_topology_usd
            + c.charges_usd,
        c.billed_total_usd
    );
}

#[test]
fn a_coarse_bill_is_matched_by_service_without_a_split() {
    use LineItemType::*;
    let mut b = bill(
        Granularity::Service,
        &[
            ("Amazon Elastic Container Service", "", "", Usage, "0", "70"),
            ("EC2 - Other", "", "", Usage, "0", "20"),
            ("Amazon Route 53", "", "", Usage, "0", "1.5"),
            ("Tax", "", "", Tax, "0", "3"),
        ],
    );
    b.info.format = BillFormat::CostExplorer;
    let c = variance::compare(&estimate(), &table(), &b).unwrap();
    assert_eq!(c.precision, Precision::Service);
    let ecs = c.rows.iter().find(|r| r.label == "ECS (Fargate)").unwrap();
    assert_eq!(ecs.variance_usd, dec("70") - dec("66.4884"));
    assert!(ecs.split.is_none() && ecs.estimated_quantity.is_none());
    // NAT and data transfer are one "EC2 - Other" row: 4.5 + 9 estimated
    let ec2 = c
        .rows
        .iter()
        .find(|r| r.label == "EC2, NAT gateway and data transfer")
        .unwrap();
    assert_eq!(ec2.estimated_usd, dec("13.5"));
    assert_eq!(ec2.billed_usd, dec("20"));
    assert_eq!(c.usage_effect_usd + c.price_effect_usd, Decimal::ZERO);
    // 70 + 20 billed against all 185.1084 estimated (RDS has no bill line)
    assert_eq!(c.unsplit_variance_usd, dec("-95.1084"));
    assert_eq!(c.not_in_topology_usd, dec("1.5"));
    assert_eq!(c.charges_usd, dec("3"));
}

#[test]
fn gates_breach_on_the_absolute_variance() {
    use LineItemType::*;
    let b = bill(
        Granularity::UsageType,
        &[(
            "AmazonECS",
            "USE1-Fargate-vCPU-Hours:perCPU",
            "us-east-1",
            Usage,
            "1642.5",
            "66.4884",
        )],
    );
    let a = actual(&estimate(), &table(), &b, &Filter::default()).unwrap();
    // billed 66.4884 against 185.1084: -118.62 USD, -64.1%
    assert_eq!(a.comparison.variance_usd, dec("-118.62"));
    assert_eq!(a.comparison.variance_percent, Some(dec("-64.1")));
    assert_eq!(breaches(&a, &[Gate::VarianceUsd(dec("118.62"))]).len(), 0);
    assert_eq!(breaches(&a, &[Gate::VarianceUsd(dec("118.61"))]).len(), 1);
    assert_eq!(breaches(&a, &[Gate::VariancePercent(dec("64.1"))]).len(), 0);
    assert_eq!(breaches(&a, &[Gate::VariancePercent(dec("64"))]).len(), 1);
}
