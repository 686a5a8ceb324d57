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
use crate::pricing::import::rules::RDS_CLASSES;
use crate::pricing::import::rules::RuleBuilder;
use crate::pricing::import::rules::eq;
use crate::pricing::import::selector::AttrMatch;
use crate::pricing::key;

/// The kind, registered in [`super::REGISTRY`].
pub static KIND: Kind =
    Kind::new("database", Group::Rds, cost::price, selectors).hardware(Hardware {
        key_prefix: "rds.instance_hour.",
        has_row: |class| crate::capacity::database::db_class(class).is_some(),
    });

/// Instance keys of the engines other than PostgreSQL that the bundled us-east-1 table prices:
/// (engine, deployment key, class).
const OTHER_ENGINE_INSTANCES: &[(&str, &str, &str)] = &[
    ("mysql", "single_az", "db.t3.micro"),
    ("mysql", "single_az", "db.t3.large"),
    ("mysql", "multi_az", "db.t3.large"),
    ("mysql", "single_az", "db.t4g.small"),
    ("mysql", "multi_az", "db.t4g.small"),
    ("mysql", "single_az", "db.m5.large"),
    ("mariadb", "single_az", "db.t3.micro"),
    ("mariadb", "single_az", "db.t3.large"),
    ("aurora-mysql", "standard", "db.t3.small"),
    ("aurora-mysql", "standard", "db.t3.medium"),
    ("aurora-mysql", "standard", "db.t3.large"),
    ("aurora-postgresql", "standard", "db.t3.large"),
];

/// Extended Support keys: (engine, Price List `databaseEngine`, `engineMajorVersion`, support
/// year key, `extendedSupportPricingYear`). The rate is per engine and year; one major pins the
/// offer's product.
const EXTENDED_SUPPORT: &[(&str, &str, &str, &str, &str)] = &[
    ("postgres", "PostgreSQL", "11", "year1_2", "Year 1, Year 2"),
    ("postgres", "PostgreSQL", "11", "year3", "Year 3"),
    ("mysql", "MySQL", "5.7", "year1_2", "Year 1, Year 2"),
    ("mysql", "MySQL", "5.7", "year3", "Year 3"),
    (
        "aurora-postgresql",
        "Aurora PostgreSQL",
        "11",
        "year1_2",
        "Year 1, Year 2",
    ),
    (
        "aurora-mysql",
        "Aurora MySQL",
        "5.7",
        "year1_2",
        "Year 1, Year 2",
    ),
];

/// The import selectors of the kind's price keys.
fn selectors(b: &mut RuleBuilder) {
    let rc = Some("regionCode");
    let no_ext = || AttrMatch::NotContains("usagetype", "ExtendedSupport");
    // RDS for PostgreSQL instances, generated from the class list.
    for class in RDS_CLASSES {
        for (dep, option, prefix, what) in [
            ("single_az", "Single-AZ", "InstanceUsage", "Single-AZ"),
            (
                "multi_az",
                "Multi-AZ",
                "Multi-AZUsage",
                "Multi-AZ (primary + standby)",
            ),
        ] {
            b.add(
                key::rds_instance_hour("postgres", dep, class),
                format!("RDS for PostgreSQL {class}, {what}"),
                "instance-hour",
                "AmazonRDS",
                Some("Database Instance"),
                Some(&format!("{prefix}:{class}")),
                rc,
                vec![
                    eq("instanceType", class),
                    eq("databaseEngine", "PostgreSQL"),
                    eq("deploymentOption", option),
                    no_ext(),
                ],
            );
        }
    }
    // The other engines' instances: the classes the bundled us-east-1 table prices (a selector
    // per key the table has; `pricing update` adds the rest once the importer derives keys).
    for (engine, dep, class) in OTHER_ENGINE_INSTANCES {
        let (db_engine, option, prefix, what) = match (*engine, *dep) {
            ("mysql", "single_az") => ("MySQL", Some("Single-AZ"), "InstanceUsage", "Single-AZ"),
            ("mysql", _) => (
                "MySQL",
                Some("Multi-AZ"),
                "Multi-AZUsage",
                "Multi-AZ (primary + standby)",
            ),
            ("mariadb", _) => ("MariaDB", Some("Single-AZ"), "InstanceUsage", "Single-AZ"),
            ("aurora-mysql", _) => ("Aurora MySQL", None, "InstanceUsage", "Aurora Standard"),
            _ => (
                "Aurora PostgreSQL",
                None,
                "InstanceUsage",
                "Aurora Standard",
            ),
        };
        let mut attrs = vec![
            eq("instanceType", class),
            eq("databaseEngine", db_engine),
            no_ext(),
        ];
        if let Some(o) = option {
            attrs.push(eq("deploymentOption", o));
        }
        b.add(
            key::rds_instance_hour(engine, dep, class),
            format!("{db_engine} {class}, {what}"),
            "instance-hour",
            "AmazonRDS",
            Some("Database Instance"),
            Some(&format!("{prefix}:{class}")),
            rc,
            attrs,
        );
    }
    // RDS storage and IOPS.
    for (st, volume, storage_ut, iops_ut) in [
        ("gp2", "General Purpose", "GP2-Storage", None),
        (
            "gp3",
            "General Purpose-GP3",
            "GP3-Storage",
            Some("GP3-PIOPS"),
        ),
        ("io1", "Provisioned IOPS", "PIOPS-Storage", Some("PIOPS")),
    ] {
        for (dep, option, ut_prefix, what) in [
            ("single_az", "Single-AZ", "RDS:", "Single-AZ"),
            ("multi_az", "Multi-AZ", "RDS:Multi-AZ-", "Multi-AZ"),
        ] {
            b.add(
                key::rds_storage_gb_month(st, dep),
                format!("RDS {st} storage, {what}"),
                "GB-month",
                "AmazonRDS",
                Some("Database Storage"),
                Some(&format!("{ut_prefix}{storage_ut}")),
                rc,
                vec![eq("volumeType", volume), eq("deploymentOption", option)],
            );
            if let Some(iops) = iops_ut {
                b.add(
                    key::rds_iops_month(st, dep),
                    format!("RDS {st} provisioned IOPS, {what}"),
                    "IOPS-month",
                    "AmazonRDS",
                    Some("Provisioned IOPS"),
                    Some(&format!("{ut_prefix}{iops}")),
                    rc,
                    vec![eq("deploymentOption", option)],
                );
            }
        }
    }
    b.add(
        key::rds_storage_gb_month("io2", "single_az"),
        "RDS io2 storage, Single-AZ",
        "GB-month",
        "AmazonRDS",
        Some("Database Storage"),
        Some("RDS:IO2-PIOPS-Storage"),
        rc,
        vec![
            eq("volumeType", "Provisioned IOPS-IO2"),
            eq("deploymentOption", "Single-AZ"),
        ],
    );
    b.add(
        key::rds_iops_month("io2", "single_az"),
        "RDS io2 provisioned IOPS, Single-AZ",
        "IOPS-month",
        "AmazonRDS",
        Some("Provisioned IOPS"),
        Some("RDS:IO2-PIOPS"),
        rc,
        vec![eq("deploymentOption", "Single-AZ")],
    );
    b.add(
        key::rds_storage_gb_month("magnetic", "single_az"),
        "RDS magnetic storage, Single-AZ",
        "GB-month",
        "AmazonRDS",
        Some("Database Storage"),
        Some("RDS:StorageUsage"),
        rc,
        vec![
            eq("volumeType", "Magnetic"),
            eq("deploymentOption", "Single-AZ"),
        ],
    );
    b.add(
        key::RDS_MAGNETIC_IO_REQUESTS,
        "RDS magnetic storage I/O requests",
        "million requests",
        "AmazonRDS",
        Some("System Operation"),
        Some("RDS:StorageIOUsage"),
        rc,
        vec![],
    );
    // Aurora cluster storage, I/O, backup, Backtrack.
    for (config, ut, what) in [
        ("standard", "Aurora:StorageUsage", "Aurora Standard"),
        (
            "io_optimized",
            "Aurora:IO-OptimizedStorageUsage",
            "Aurora I/O-Optimized",
        ),
    ] {
        b.add(
            key::rds_aurora_storage_gb_month(config),
            format!("Aurora storage, {what}"),
            "GB-month",
            "AmazonRDS",
            Some("Database Storage"),
            Some(ut),
            rc,
            vec![],
        );
    }
    for (k, what, unit, family, ut) in [
        (
            key::RDS_AURORA_IO_REQUESTS,
            "Aurora Standard I/O requests",
            "million requests",
            "System Operation",
            "Aurora:StorageIOUsage",
        ),
        (
            key::RDS_AURORA_BACKUP_STORAGE,
            "Aurora backup storage beyond the free allowance",
            "GB-month",
            "Storage Snapshot",
            "Aurora:BackupUsage",
        ),
        (
            key::RDS_AURORA_BACKTRACK,
            "Aurora MySQL Backtrack change records",
            "million change records",
            "System Operation",
            "Aurora:BacktrackUsage",
        ),
    ] {
        b.add(
            k,
            what,
            unit,
            "AmazonRDS",
            Some(family),
            Some(ut),
            rc,
            vec![],
        );
    }
    b.add(
        key::rds_aurora_cpu_credit_vcpu_hour("standard"),
        "Aurora surplus CPU credits (burstable classes), Aurora Standard",
        "vCPU-hour",
        "AmazonRDS",
        Some("CPU Credits"),
        Some("Aurora:CPUCredits:db.t3"),
        rc,
        vec![],
    );
    // RDS Extended Support, one major version per engine and support year.
    for (engine, db_engine, major, year, year_attr) in EXTENDED_SUPPORT {
        b.add(
            key::rds_extended_support_vcpu_hour(engine, year),
            format!("{db_engine} {major} RDS Extended Support, {year_attr}"),
            "vCPU-hour",
            "AmazonRDS",
            None,
            None,
            rc,
            vec![
                eq("databaseEngine", db_engine),
                eq("engineMajorVersion", major),
                eq("extendedSupportPricingYear", year_attr),
            ],
        );
    }
    b.add(
        key::RDS_BACKUP_STORAGE,
        "RDS backup storage beyond the free allowance",
        "GB-month",
        "AmazonRDS",
        Some("Storage Snapshot"),
        Some("RDS:ChargedBackupUsage"),
        rc,
        vec![],
    );
    b.add(
        key::RDS_CPU_CREDIT,
        "RDS surplus CPU credits (burstable classes, unlimited mode)",
        "vCPU-hour",
        "AmazonRDS",
        Some("CPU Credits"),
        Some("CPUCredits:db.t4g"),
        rc,
        vec![],
    );
}

#[cfg(test)]
mod tests;
