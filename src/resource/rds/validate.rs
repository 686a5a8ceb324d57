//! Validation of the `rds` input: the raw table's values checked against bounds, choices and
//! the region's price table (the shared helpers are on [`Validator`]).

use super::input::*;
use crate::error::Result;
use crate::pricing::{PriceCatalog, PriceTable, key};
use crate::suggest;
use crate::topology::validate::{MAX_READ_REPLICAS, Validator, dec};
use rust_decimal::Decimal;
use std::sync::Arc;

impl Validator<'_> {
    pub(crate) fn database(
        &self,
        d: &DatabaseRaw,
        table: &PriceTable,
        hours: Decimal,
        catalog: &PriceCatalog,
    ) -> Result<Database> {
        // Both spellings are the one engine of the price keys.
        self.choice(&d.engine, "database engine", &["postgres", "postgresql"])?;
        let engine = "postgres".to_string();
        let deployment =
            match self.opt_choice(&d.deployment, "deployment", &["single-az", "multi-az"])? {
                "multi-az" => Deployment::MultiAz,
                _ => Deployment::SingleAz,
            };
        let prefix = key::rds_instance_prefix(&engine, deployment.key());
        let class = d.instance_class.get();
        if !table.contains(&format!("{prefix}{class}")) {
            let known: Vec<&str> = table.keys_with_prefix(&prefix).collect();
            return Err(self.err(
                d.instance_class.span(),
                format!(
                    "unknown instance class `{}` for {engine} {} in the {} price table",
                    class.escape_debug(),
                    deployment.id(),
                    table.region
                ),
                Some(suggest::hint_for(class, known.iter().copied())),
            ));
        }
        let storage_type =
            match self.opt_choice(&d.storage_type, "storage type", &["gp2", "gp3", "io1"])? {
                "gp3" => StorageType::Gp3,
                "io1" => StorageType::Io1,
                _ => StorageType::Gp2,
            };
        let min_storage = if storage_type == StorageType::Io1 {
            100
        } else {
            20
        };
        let storage_gb = self.number(&d.storage_gb, "storage_gb", dec(min_storage), dec(65_536))?;
        let iops = match (storage_type, &d.iops) {
            (StorageType::Gp2, Some(i)) => {
                return Err(self.err(
                    i.span(),
                    "gp2 storage has no provisioned IOPS".into(),
                    Some("gp2 IOPS follow the size (3 per GB); use `storage_type = \"gp3\"` or `\"io1\"` to provision IOPS".into()),
                ));
            }
            (StorageType::Io1, None) => {
                return Err(self.err(
                    d.storage_gb.span(),
                    "io1 storage needs `iops`".into(),
                    Some("add `iops = 3000` (1,000 to 256,000)".into()),
                ));
            }
            (StorageType::Io1, Some(i)) => Some(
                self.no_ranges(|| self.whole(i, "iops", 256_000))
                    .and_then(|v| {
                        if v < 1000 {
                            Err(self.err(
                                i.span(),
                                format!("io1 needs at least 1000 IOPS, found {v}"),
                                None,
                            ))
                        } else {
                            Ok(Decimal::from(v))
                        }
                    })?,
            ),
            (StorageType::Gp3, Some(i)) => Some(Decimal::from(
                self.no_ranges(|| self.whole(i, "iops", 64_000))?,
            )),
            (StorageType::Gp3 | StorageType::Gp2, None) => None,
        };
        let throughput_mibps = match (&d.throughput_mibps, storage_type) {
            (Some(t), StorageType::Gp3) => Some(
                self.no_ranges(|| self.number(t, "throughput_mibps", Decimal::ZERO, dec(4_000)))?,
            ),
            (Some(t), _) => {
                return Err(self.err(
                    t.span(),
                    format!(
                        "`throughput_mibps` applies to gp3 storage, not {}",
                        storage_type.id()
                    ),
                    Some("remove `throughput_mibps`, or set `storage_type = \"gp3\"`".into()),
                ));
            }
            (None, _) => None,
        };
        if d.read_replica.len() > MAX_READ_REPLICAS {
            return Err(self.err(
                d.read_replica[MAX_READ_REPLICAS].span(),
                format!("more than {MAX_READ_REPLICAS} read replicas"),
                None,
            ));
        }
        let mut read_replicas = Vec::with_capacity(d.read_replica.len());
        for r in &d.read_replica {
            let r = r.get();
            let replica = self.no_ranges(|| {
                self.read_replica(r, &engine, class, storage_type, storage_gb, catalog)
            })?;
            read_replicas.push(replica);
        }
        Ok(Database {
            name: None,
            engine,
            instance_class: class.clone(),
            deployment,
            storage_type,
            storage_gb,
            iops,
            throughput_mibps,
            read_replicas,
            backup_retention_days: self.no_ranges(|| {
                self.opt_whole(&d.backup_retention_days, "backup_retention_days", 7, 35)
            })?,
            backup_storage_gb: self.gb(&d.backup_storage_gb, "backup_storage_gb")?,
            cpu_credits_vcpu_hours: self.opt_number(
                &d.cpu_credits_vcpu_hours,
                "cpu_credits_vcpu_hours",
                Decimal::ZERO,
                Decimal::ZERO,
                hours * dec(128),
            )?,
        })
    }

    fn read_replica(
        &self,
        r: &ReadReplicaRaw,
        engine: &str,
        primary_class: &str,
        storage_type: StorageType,
        primary_storage_gb: Decimal,
        catalog: &PriceCatalog,
    ) -> Result<ReadReplica> {
        let region = self.text(&r.region, "region", 64)?;
        let table = catalog.table(&region).map_err(|_| {
            self.err(
                r.region.span(),
                format!("no price table for region `{}` (read replica)", region.escape_debug()),
                Some(format!(
                    "a replica is priced from its own region's table; tables are available for: {}; \
                     add a `{}` table with `--prices DIR` (see pricing/README.md)",
                    catalog.regions().collect::<Vec<_>>().join(", "),
                    region.escape_debug()
                )),
            )
        })?;
        let deployment =
            match self.opt_choice(&r.deployment, "deployment", &["single-az", "multi-az"])? {
                "multi-az" => Deployment::MultiAz,
                _ => Deployment::SingleAz,
            };
        let class = r
            .instance_class
            .as_ref()
            .map_or_else(|| primary_class.to_string(), |c| c.get().clone());
        let prefix = key::rds_instance_prefix(engine, deployment.key());
        if !table.contains(&format!("{prefix}{class}")) {
            let known: Vec<&str> = table.keys_with_prefix(&prefix).collect();
            let span = r
                .instance_class
                .as_ref()
                .map_or(r.region.span(), |c| c.span());
            return Err(self.err(
                span,
                format!(
                    "unknown instance class `{}` for {engine} {} in the {} price table (read replica)",
                    class.escape_debug(),
                    deployment.id(),
                    table.region
                ),
                Some(suggest::hint_for(&class, known.iter().copied())),
            ));
        }
        let min_storage = if storage_type == StorageType::Io1 {
            100
        } else {
            20
        };
        Ok(ReadReplica {
            region,
            instance_class: class,
            deployment,
            storage_gb: self.opt_number(
                &r.storage_gb,
                "storage_gb",
                primary_storage_gb,
                dec(min_storage),
                dec(65_536),
            )?,
            replicated_gb: self.gb(&r.replicated_gb, "replicated_gb")?,
            prices: Arc::new(table.clone()),
        })
    }
}
