//! RDS: instance hours (Multi-AZ priced as primary + standby), storage, IOPS, throughput, backup, CPU credits.

use crate::error::Result;
use crate::estimate::pricer::Spaced;
use crate::estimate::{Group, Pricer};
use crate::pricing::key;
use crate::topology::{Database, Deployment, StorageType, Topology, named_resource};
use rust_decimal::Decimal;

/// gp3 storage from which the included baseline rises (PostgreSQL volume striping).
pub const GP3_STRIPING_THRESHOLD_GB: Decimal = Decimal::from_parts(400, 0, 0, false, 0);

/// Included gp3 IOPS below and from 400 GB.
pub fn gp3_baseline_iops(storage_gb: Decimal) -> Decimal {
    if storage_gb >= GP3_STRIPING_THRESHOLD_GB {
        Decimal::from(12_000)
    } else {
        Decimal::from(3_000)
    }
}

/// Included gp3 throughput in MiB/s below and from 400 GB.
pub fn gp3_baseline_throughput_mibps(storage_gb: Decimal) -> Decimal {
    if storage_gb >= GP3_STRIPING_THRESHOLD_GB {
        Decimal::from(500)
    } else {
        Decimal::from(125)
    }
}

pub fn price(t: &Topology, p: &mut Pricer) -> Result<()> {
    for db in &t.databases {
        price_database(t, db, p)?;
    }
    Ok(())
}

/// The lines of one database and its read replicas.
fn price_database(t: &Topology, db: &Database, p: &mut Pricer) -> Result<()> {
    let resource = named_resource(db.name.as_deref(), Spaced(&db.engine, &db.instance_class));
    let dep = db.deployment.key();
    let dep_label = match db.deployment {
        Deployment::SingleAz => "Single-AZ",
        Deployment::MultiAz => "Multi-AZ",
    };
    p.add(
        Group::Rds,
        &resource,
        format_args!("instance ({dep_label})"),
        t.hours_per_month,
        &key::rds_instance_hour(&db.engine, dep, &db.instance_class),
    )?;
    let st = db.storage_type.id();
    p.add(
        Group::Rds,
        &resource,
        format_args!("{st} storage ({dep_label})"),
        db.storage_gb,
        &key::rds_storage_gb_month(st, dep),
    )?;
    match db.storage_type {
        StorageType::Gp3 => {
            if let Some(iops) = db.iops {
                let extra = (iops - gp3_baseline_iops(db.storage_gb)).max(Decimal::ZERO);
                p.add(
                    Group::Rds,
                    &resource,
                    format_args!("gp3 IOPS above baseline ({dep_label})"),
                    extra,
                    &key::rds_iops_month(st, dep),
                )?;
            }
            if let Some(tp) = db.throughput_mibps {
                let extra = (tp - gp3_baseline_throughput_mibps(db.storage_gb)).max(Decimal::ZERO);
                p.add(
                    Group::Rds,
                    &resource,
                    format_args!("gp3 throughput above baseline ({dep_label})"),
                    extra,
                    &key::rds_throughput_mibps_month(st, dep),
                )?;
            }
        }
        StorageType::Io1 => {
            p.add(
                Group::Rds,
                &resource,
                format_args!("io1 provisioned IOPS ({dep_label})"),
                db.iops.unwrap_or_default(),
                &key::rds_iops_month(st, dep),
            )?;
        }
        StorageType::Gp2 => {}
    }
    p.add(
        Group::Rds,
        &resource,
        "backup storage beyond free allowance",
        db.backup_storage_gb,
        key::RDS_BACKUP_STORAGE,
    )?;
    p.add(
        Group::Rds,
        &resource,
        "surplus CPU credits",
        db.cpu_credits_vcpu_hours,
        key::RDS_CPU_CREDIT,
    )?;
    for r in &db.read_replicas {
        let resource = named_resource(
            db.name.as_deref(),
            format_args!(
                "{} {} read replica ({})",
                db.engine, r.instance_class, r.region
            ),
        );
        let dep = r.deployment.key();
        let dep_label = match r.deployment {
            Deployment::SingleAz => "Single-AZ",
            Deployment::MultiAz => "Multi-AZ",
        };
        p.add_in(
            &r.prices,
            Group::Rds,
            &resource,
            format_args!("instance ({dep_label})"),
            t.hours_per_month,
            &key::rds_instance_hour(&db.engine, dep, &r.instance_class),
        )?;
        p.add_in(
            &r.prices,
            Group::Rds,
            &resource,
            format_args!("{st} storage ({dep_label})"),
            r.storage_gb,
            &key::rds_storage_gb_month(st, dep),
        )?;
        // Replication within a region is free; to another region it is inter-region transfer
        // out of the primary's region.
        if r.region != t.region {
            p.add(
                Group::DataTransfer,
                &resource,
                "replication, inter-region out",
                r.replicated_gb,
                &key::inter_region_out_gb(&r.region),
            )?;
        }
    }
    Ok(())
}
