//! The RDS databases (instances of every open-source engine, Multi-AZ DB clusters, Aurora clusters)
//! and their read replicas: the resource kind (section `[database]`), its import selectors, its
//! cost model in [`cost`] and the Extended Support calendar in [`support`].

pub mod cost;
pub mod input;
pub mod support;
mod validate;

use super::Hardware;
use super::Kind;
use crate::model::Group;
use crate::pricing::import::rules::RuleBuilder;
use crate::pricing::import::rules::eq;
use crate::pricing::import::rules::{AURORA_ENGINES, RDS_DEPLOYMENTS, RDS_ENGINES, RDS_VOLUMES};
use crate::pricing::import::selector::{AttrMatch, Duplicates, Part, UnitScale};
use crate::pricing::key;

/// The kind, registered in [`super::REGISTRY`].
pub static KIND: Kind =
    Kind::new("database", Group::Rds, cost::price, selectors).hardware(Hardware {
        key_prefix: "rds.instance_hour.",
        has_row: |class| crate::capacity::database::db_class(class).is_some(),
    });

/// The import selectors of the kind's price keys: key templates for every engine, deployment,
/// class and storage type an offer file holds (nothing here names a class).
fn selectors(b: &mut RuleBuilder) {
    let rc = Some("regionCode");
    let region = || eq("locationType", "AWS Region");
    // RDS engines: one standby (Multi-AZ) or two readable standbys (Multi-AZ DB cluster). The
    // usage types keep out Extended Support surcharges, I/O-Optimized and serverless rows.
    b.template(
        "rds.instance_hour.{engine}.{deployment}.{class}",
        "RDS for {engine} {class}, {deployment}",
        "instance-hour",
        "AmazonRDS",
        Some("Database Instance"),
        rc,
        vec![
            region(),
            AttrMatch::UsageTypeLike(&[
                "InstanceUsage:*",
                "Multi-AZUsage:*",
                "Multi-AZClusterUsage:*",
            ]),
        ],
        vec![
            ("engine", Part::AttrMap("databaseEngine", RDS_ENGINES)),
            (
                "deployment",
                Part::AttrMap("deploymentOption", RDS_DEPLOYMENTS),
            ),
            ("class", Part::Attr("instanceType")),
        ],
    );
    // Aurora: the cluster's storage configuration (Standard or I/O-Optimized) decides the
    // instance price; I/O-Optimized instances have their own usage type.
    b.template(
        "rds.instance_hour.{engine}.{storage}.{class}",
        "{engine} {class}, {storage} storage configuration",
        "instance-hour",
        "AmazonRDS",
        Some("Database Instance"),
        rc,
        vec![region()],
        vec![
            ("engine", Part::AttrMap("databaseEngine", AURORA_ENGINES)),
            (
                "storage",
                Part::UsageType(&[
                    ("InstanceUsage:*", "standard"),
                    ("InstanceUsageIOOptimized:*", "io_optimized"),
                ]),
            ),
            ("class", Part::Attr("instanceType")),
        ],
    );
    // Aurora surplus CPU credits (burstable classes), Aurora's own rate.
    b.add(
        key::rds_aurora_cpu_credit_vcpu_hour("standard"),
        "Aurora surplus CPU credits (burstable classes), Aurora Standard",
        "vCPU-hour",
        "AmazonRDS",
        Some("CPU Credits"),
        Some("Aurora:CPUCredits:db.t3"),
        rc,
        vec![],
    )
    .duplicates = Duplicates::SamePrice;
    // Extended Support: per vCPU-hour by support year, one product per major version (same
    // price), e.g. `ExtendedSupport:Yr1-Yr2:PostgreSQL11`; Aurora Serverless v2 (`ASv2`) rows
    // do not fit.
    b.template(
        "rds.extended_support_vcpu_hour.{engine}.{year}",
        "RDS Extended Support for {engine}, {year}",
        "vCPU-hour",
        "AmazonRDS",
        None,
        rc,
        vec![AttrMatch::UsageTypeLike(&["ExtendedSupport:*"])],
        vec![
            (
                "engine",
                Part::UsageTypeField(
                    2,
                    &[
                        ("AuroraPostgreSQL*", "aurora-postgresql"),
                        ("AuroraMySQL*", "aurora-mysql"),
                        ("PostgreSQL*", "postgres"),
                        ("MySQL*", "mysql"),
                        ("MariaDB*", "mariadb"),
                    ],
                ),
            ),
            (
                "year",
                Part::UsageTypeField(1, &[("Yr1-Yr2", "year1_2"), ("Yr3", "year3")]),
            ),
        ],
    )
    .duplicates = Duplicates::SamePrice;
    // RDS storage (databaseEngine `Any`; Aurora storage has its own keys below).
    b.template(
        "rds.storage_gb_month.{storage}.{deployment}",
        "RDS {storage} storage, {deployment}",
        "GB-month",
        "AmazonRDS",
        Some("Database Storage"),
        rc,
        vec![
            eq("databaseEngine", "Any"),
            AttrMatch::UsageTypeLike(&["RDS:*"]),
        ],
        vec![
            ("storage", Part::AttrMap("volumeType", RDS_VOLUMES)),
            (
                "deployment",
                Part::AttrMap("deploymentOption", RDS_DEPLOYMENTS),
            ),
        ],
    );
    // Provisioned IOPS: gp3 above the baseline, io1, io2 (storage type from the usage type:
    // `RDS:GP3-PIOPS`, `RDS:IO2-PIOPS`, `RDS:PIOPS`, with `Multi-AZ-` variants).
    b.template(
        "rds.iops_month.{storage}.{deployment}",
        "RDS {storage} provisioned IOPS, {deployment}",
        "IOPS-month",
        "AmazonRDS",
        Some("Provisioned IOPS"),
        rc,
        vec![eq("databaseEngine", "Any")],
        vec![
            (
                "storage",
                Part::UsageType(&[
                    ("*GP3-PIOPS", "gp3"),
                    ("*IO2-PIOPS", "io2"),
                    ("RDS:PIOPS", "io1"),
                    ("RDS:Multi-AZ-PIOPS", "io1"),
                    ("RDS:Multi-AZCluster-PIOPS", "io1"),
                ]),
            ),
            (
                "deployment",
                Part::AttrMap("deploymentOption", RDS_DEPLOYMENTS),
            ),
        ],
    );
    // gp3 throughput above the baseline (`RDS:GP3-Throughput`).
    b.template(
        "rds.throughput_mibps_month.gp3.{deployment}",
        "RDS gp3 provisioned throughput, {deployment}",
        "MiBps-month",
        "AmazonRDS",
        None,
        rc,
        vec![AttrMatch::UsageTypeLike(&["*GP3-Throughput"])],
        vec![(
            "deployment",
            Part::AttrMap("deploymentOption", RDS_DEPLOYMENTS),
        )],
    );
    // Magnetic storage I/O requests (`RDS:StorageIOUsage`, priced per request in the offer).
    let s = b.add(
        "rds.magnetic_io_request_million",
        "RDS magnetic storage I/O requests, per million",
        "million requests",
        "AmazonRDS",
        Some("System Operation"),
        Some("RDS:StorageIOUsage"),
        rc,
        vec![],
    );
    s.duplicates = Duplicates::SamePrice;
    s.unit_scale = Some(UnitScale {
        factor: 1_000_000,
        offer_units: None,
    });
    // Aurora storage, I/O, backup and backtrack: one product per Aurora engine (same price).
    b.template(
        "rds.aurora_storage_gb_month.{storage}",
        "Aurora storage, {storage} configuration",
        "GB-month",
        "AmazonRDS",
        Some("Database Storage"),
        rc,
        vec![],
        vec![(
            "storage",
            Part::UsageType(&[
                ("Aurora:StorageUsage", "standard"),
                ("Aurora:IO-OptimizedStorageUsage", "io_optimized"),
            ]),
        )],
    )
    .duplicates = Duplicates::SamePrice;
    let per_million = Some(UnitScale {
        factor: 1_000_000,
        offer_units: None,
    });
    let s = b.add(
        "rds.aurora_io_request_million",
        "Aurora I/O requests (Standard configuration), per million",
        "million requests",
        "AmazonRDS",
        Some("System Operation"),
        Some("Aurora:StorageIOUsage"),
        rc,
        vec![],
    );
    s.duplicates = Duplicates::SamePrice;
    s.unit_scale = per_million;
    b.add(
        "rds.aurora_backup_storage_gb_month",
        "Aurora backup storage beyond the free allowance",
        "GB-month",
        "AmazonRDS",
        Some("Storage Snapshot"),
        Some("Aurora:BackupUsage"),
        rc,
        vec![],
    )
    .duplicates = Duplicates::SamePrice;
    let s = b.add(
        "rds.aurora_backtrack_change_million",
        "Aurora Backtrack change records, per million",
        "million change records",
        "AmazonRDS",
        Some("System Operation"),
        Some("Aurora:BacktrackUsage"),
        rc,
        vec![],
    );
    s.duplicates = Duplicates::SamePrice;
    s.unit_scale = per_million;
    b.add(
        key::RDS_BACKUP_STORAGE,
        "RDS backup storage beyond the free allowance",
        "GB-month",
        "AmazonRDS",
        Some("Storage Snapshot"),
        Some("RDS:ChargedBackupUsage"),
        rc,
        vec![],
    )
    .duplicates = Duplicates::SamePrice;
    b.add(
        key::RDS_CPU_CREDIT,
        "RDS surplus CPU credits (burstable classes, unlimited mode)",
        "vCPU-hour",
        "AmazonRDS",
        Some("CPU Credits"),
        Some("CPUCredits:db.t4g"),
        rc,
        vec![],
    )
    .duplicates = Duplicates::SamePrice;
}

#[cfg(test)]
mod tests;
