//! RDS: instance hours (Multi-AZ priced as primary + standby, a Multi-AZ DB cluster per
//! cluster-hour, Aurora per writer and reader), storage, IOPS, throughput, I/O requests, backup,
//! Backtrack, CPU credits and RDS Extended Support.

use crate::error::{Error, Result};
use crate::estimate::pricer::{Spaced, quantity_mul};
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

/// The kind's entry point: prices every database of the topology.
pub fn price(t: &Topology, p: &mut Pricer) -> Result<()> {
    for db in &t.databases {
        price_database(t, db, p)?;
    }
    Ok(())
}

/// How a database's lines name it: its name, engine and (writer) class.
fn resource_of(db: &Database) -> String {
    named_resource(db.name.as_deref(), Spaced(&db.engine, &db.instance_class))
}

/// Prices one database (an RDS instance or an Aurora cluster) and its read replicas.
pub fn price_database(t: &Topology, db: &Database, p: &mut Pricer) -> Result<()> {
    let resource = resource_of(db);
    let dep = db.deployment.key();
    let dep_label = db.deployment.label();
    let writer_label = if db.aurora.is_some() {
        "writer instance"
    } else {
        "instance"
    };
    p.add(
        Group::Rds,
        &resource,
        format_args!("{writer_label} ({dep_label})"),
        t.hours_per_month,
        &key::rds_instance_hour(&db.engine, dep, &db.instance_class),
    )?;
    if let Some(a) = &db.aurora {
        for (i, class) in a.reader_classes.iter().enumerate() {
            p.add(
                Group::Rds,
                &resource,
                format_args!("reader {} {class} ({dep_label})", i + 1),
                t.hours_per_month,
                &key::rds_instance_hour(&db.engine, dep, class),
            )?;
        }
        price_aurora_storage(db, p)?;
    } else {
        price_rds_storage(db, p)?;
    }
    price_extended_support(t, db, p)?;
    // Aurora bills surplus credits at its own rate, per storage configuration.
    let credit_key = match db.deployment {
        Deployment::Aurora { .. } => key::rds_aurora_cpu_credit_vcpu_hour(dep),
        _ => key::RDS_CPU_CREDIT.to_string(),
    };
    p.add(
        Group::Rds,
        &resource,
        "surplus CPU credits",
        db.cpu_credits_vcpu_hours,
        &credit_key,
    )?;
    price_read_replicas(t, db, p)
}

/// Aurora cluster storage, I/O (Standard only), backup beyond the free allowance, Backtrack.
fn price_aurora_storage(db: &Database, p: &mut Pricer) -> Result<()> {
    let resource = resource_of(db);
    let Some(a) = &db.aurora else {
        return Ok(());
    };
    let config = db.deployment.key();
    p.add(
        Group::Rds,
        &resource,
        format_args!("cluster storage ({})", db.deployment.label()),
        db.storage_gb,
        &key::rds_aurora_storage_gb_month(config),
    )?;
    if db.deployment
        == (Deployment::Aurora {
            io_optimized: false,
        })
    {
        p.add(
            Group::Rds,
            &resource,
            "I/O requests (millions)",
            a.io_requests_million,
            key::RDS_AURORA_IO_REQUESTS,
        )?;
    }
    p.add(
        Group::Rds,
        &resource,
        "backup storage beyond free allowance",
        db.backup_storage_gb,
        key::RDS_AURORA_BACKUP_STORAGE,
    )?;
    p.add(
        Group::Rds,
        &resource,
        "Backtrack change records (millions)",
        a.backtrack_change_records_million,
        key::RDS_AURORA_BACKTRACK,
    )
}

/// RDS instance storage: GB, provisioned IOPS and throughput, magnetic I/O, backup.
fn price_rds_storage(db: &Database, p: &mut Pricer) -> Result<()> {
    let resource = resource_of(db);
    let dep = db.deployment.key();
    let dep_label = db.deployment.label();
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
        StorageType::Io1 | StorageType::Io2 => {
            p.add(
                Group::Rds,
                &resource,
                format_args!("{st} provisioned IOPS ({dep_label})"),
                db.iops.unwrap_or_default(),
                &key::rds_iops_month(st, dep),
            )?;
        }
        StorageType::Magnetic => {
            p.add(
                Group::Rds,
                &resource,
                "magnetic I/O requests (millions)",
                db.magnetic_io_requests_million,
                key::RDS_MAGNETIC_IO_REQUESTS,
            )?;
        }
        StorageType::Gp2 | StorageType::Aurora => {}
    }
    p.add(
        Group::Rds,
        &resource,
        "backup storage beyond free allowance",
        db.backup_storage_gb,
        key::RDS_BACKUP_STORAGE,
    )
}

/// The instances Extended Support bills and their count: a Multi-AZ standby is billed like its
/// primary, a Multi-AZ DB cluster's three instances each, an Aurora cluster's writer and readers.
fn support_instances(db: &Database) -> Vec<(&str, u32)> {
    let writer = db.instance_class.as_str();
    match db.deployment {
        Deployment::SingleAz => vec![(writer, 1)],
        Deployment::MultiAz => vec![(writer, 2)],
        Deployment::MultiAzCluster => vec![(writer, 3)],
        Deployment::Aurora { .. } => {
            let mut out = vec![(writer, 1)];
            if let Some(a) = &db.aurora {
                out.extend(a.reader_classes.iter().map(|c| (c.as_str(), 1)));
            }
            out
        }
    }
}

/// RDS Extended Support: vCPUs of every billed instance × hours × the support year's rate.
fn price_extended_support(t: &Topology, db: &Database, p: &mut Pricer) -> Result<()> {
    let Some(year) = db.support.as_ref().and_then(|s| s.extended_support) else {
        return Ok(());
    };
    // vCPUs are small whole numbers (at most 16 instances of at most a few hundred vCPUs).
    let mut vcpus: u64 = 0;
    for (class, count) in support_instances(db) {
        let row = crate::capacity::database::db_class(class).ok_or_else(|| {
            Error::capacity(format!(
                "no vCPU count for `{class}`, which RDS Extended Support is billed by"
            ))
        })?;
        vcpus = vcpus.saturating_add(u64::from(row.vcpu).saturating_mul(u64::from(count)));
    }
    let major = db.support.as_ref().map_or("", |s| s.major.as_str());
    p.add(
        Group::Rds,
        resource_of(db),
        format_args!(
            "Extended Support {} {major}, {} ({vcpus} vCPU)",
            db.engine,
            year.label()
        ),
        quantity_mul(
            "Extended Support vCPU-hours",
            Decimal::from(vcpus),
            t.hours_per_month,
        )?,
        &key::rds_extended_support_vcpu_hour(&db.engine, year.key()),
    )
}

fn price_read_replicas(t: &Topology, db: &Database, p: &mut Pricer) -> Result<()> {
    let st = db.storage_type.id();
    for r in &db.read_replicas {
        let resource = named_resource(
            db.name.as_deref(),
            format_args!(
                "{} {} read replica ({})",
                db.engine, r.instance_class, r.region
            ),
        );
        let dep = r.deployment.key();
        let dep_label = r.deployment.label();
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
