//! The RDS database instances and their read replicas: the resource kind (section `[database]`), its import selectors, and its cost
//! model in [`cost`].

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
