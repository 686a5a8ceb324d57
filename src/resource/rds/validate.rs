//! Validation of the `rds` input: the raw table's values checked against bounds, choices and
//! the region's price table (the shared helpers are on [`Validator`]).

use super::input::*;
use crate::error::Result;
use crate::pricing::{PriceCatalog, PriceTable, key};
use crate::suggest;
use crate::topology::located::Located;
use crate::topology::validate::{MAX_READ_REPLICAS, Validator, dec};
use rust_decimal::Decimal;
use std::sync::Arc;

/// The engines costplan prices, as price keys spell them.
pub const ENGINES: &[&str] = &[
    "postgres",
    "mysql",
    "mariadb",
    "aurora-postgresql",
    "aurora-mysql",
];
/// Aurora allows up to 15 readers in a cluster.
pub const MAX_AURORA_READERS: u32 = 15;
/// Bound on monthly I/O requests and Backtrack change records, in millions.
pub const MAX_IO_REQUESTS_MILLION: i64 = 1_000_000_000;

impl Validator<'_> {
    pub(crate) fn database(
        &self,
        d: &DatabaseRaw,
        table: &PriceTable,
        hours: Decimal,
        catalog: &PriceCatalog,
    ) -> Result<Database> {
        let engine = self.engine(&d.engine)?.to_string();
        let aurora = engine.starts_with("aurora-");
        let deployment = if aurora {
            self.aurora_only_fields_absent(d)?;
            let io_optimized = self.opt_choice(
                &d.storage_configuration,
                "Aurora storage configuration",
                &["standard", "io_optimized"],
            )? == "io_optimized";
            Deployment::Aurora { io_optimized }
        } else {
            self.rds_only_fields_absent(d, &engine)?;
            match self.opt_choice(
                &d.deployment,
                "deployment",
                &["single-az", "multi-az", "multi-az-cluster"],
            )? {
                "multi-az" => Deployment::MultiAz,
                "multi-az-cluster" => Deployment::MultiAzCluster,
                _ => Deployment::SingleAz,
            }
        };
        let storage_type = if aurora {
            StorageType::Aurora
        } else {
            match self.opt_choice(
                &d.storage_type,
                "storage type",
                &["gp2", "gp3", "io1", "io2", "magnetic"],
            )? {
                "gp3" => StorageType::Gp3,
                "io1" => StorageType::Io1,
                "io2" => StorageType::Io2,
                "magnetic" => StorageType::Magnetic,
                _ => StorageType::Gp2,
            }
        };
        let io_requests_million = self.opt_number(
            &d.io_requests_million,
            "io_requests_million",
            Decimal::ZERO,
            Decimal::ZERO,
            dec(MAX_IO_REQUESTS_MILLION),
        )?;
        if let Some(io) = &d.io_requests_million {
            let applies = matches!(
                (storage_type, deployment),
                (StorageType::Magnetic, _)
                    | (
                        StorageType::Aurora,
                        Deployment::Aurora {
                            io_optimized: false
                        }
                    )
            );
            if !applies {
                return Err(self.err(
                    io.span(),
                    format!(
                        "`io_requests_million` is billed for Aurora Standard and magnetic storage, not {}",
                        if aurora { "Aurora I/O-Optimized" } else { storage_type.id() }
                    ),
                    Some(if aurora {
                        "I/O-Optimized includes I/O in its instance and storage prices: remove `io_requests_million`, or set `storage_configuration = \"standard\"`".into()
                    } else {
                        "remove `io_requests_million` (SSD storage bills provisioned IOPS, not requests)".into()
                    }),
                ));
            }
        }
        let class = d.instance_class.get();
        if deployment == Deployment::MultiAzCluster && class.starts_with("db.t") {
            return Err(self.err(
                d.instance_class.span(),
                format!(
                    "a Multi-AZ DB cluster does not offer the burstable class `{}`",
                    class.escape_debug()
                ),
                Some("use a db.m or db.r class (e.g. db.m6gd.large, db.r6gd.large), or `deployment = \"multi-az\"` (one standby)".into()),
            ));
        }
        self.priced_class(d.instance_class.span(), class, &engine, deployment, table)?;
        let (min_storage, max_storage) = match storage_type {
            StorageType::Io1 | StorageType::Io2 => (100, 65_536),
            StorageType::Magnetic => (20, 3_072),
            // Aurora's cluster volume grows from 10 GiB to 128 TiB.
            StorageType::Aurora => (1, 131_072),
            StorageType::Gp2 | StorageType::Gp3 => (20, 65_536),
        };
        let storage_gb = self.number(
            &d.storage_gb,
            "storage_gb",
            dec(min_storage),
            dec(max_storage),
        )?;
        let iops = match (storage_type, &d.iops) {
            (StorageType::Gp2 | StorageType::Magnetic | StorageType::Aurora, Some(i)) => {
                return Err(self.err(
                    i.span(),
                    format!("{} storage has no provisioned IOPS", storage_type.id()),
                    Some(if aurora {
                        "Aurora storage scales its I/O by itself; bill its I/O requests with `io_requests_million`".into()
                    } else {
                        "gp2 and magnetic IOPS follow the size; use `storage_type = \"gp3\"`, `\"io1\"` or `\"io2\"` to provision IOPS".into()
                    }),
                ));
            }
            (StorageType::Io1 | StorageType::Io2, None) => {
                return Err(self.err(
                    d.storage_gb.span(),
                    format!("{} storage needs `iops`", storage_type.id()),
                    Some("add `iops = 3000` (1,000 to 256,000)".into()),
                ));
            }
            (StorageType::Io1 | StorageType::Io2, Some(i)) => Some(
                self.no_ranges(|| self.whole(i, "iops", 256_000))
                    .and_then(|v| {
                        if v < 1000 {
                            Err(self.err(
                                i.span(),
                                format!(
                                    "{} needs at least 1000 IOPS, found {v}",
                                    storage_type.id()
                                ),
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
            (_, None) => None,
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
        let aurora_cluster = if aurora {
            Some(self.aurora_cluster(d, &engine, class, deployment, io_requests_million, table)?)
        } else {
            None
        };
        let (engine_version, support) = match &d.engine_version {
            Some(v) => {
                let text = self.text(v, "engine_version", 64)?;
                let Some(major) = super::support::major_version(&engine, &text) else {
                    return Err(self.err(
                        v.span(),
                        format!(
                            "cannot read a major version from engine_version `{}`",
                            text.escape_debug()
                        ),
                        Some(if engine.contains("postgres") {
                            "write the PostgreSQL version as `major.minor`, e.g. `engine_version = \"16.4\"`".into()
                        } else {
                            "write the version as `major.minor.patch`, e.g. `engine_version = \"8.0.36\"`".into()
                        }),
                    ));
                };
                let status = super::support::status(&engine, &major, &table.effective_date);
                if status.extended_support.is_some() {
                    self.vcpus(d.instance_class.span(), class)?;
                    if let Some(c) = &aurora_cluster {
                        for reader in &c.reader_classes {
                            self.vcpus(d.instance_class.span(), reader)?;
                        }
                    }
                }
                (Some(text), Some(status))
            }
            None => (None, None),
        };
        if d.read_replica.len() > MAX_READ_REPLICAS {
            return Err(self.err(
                d.read_replica[MAX_READ_REPLICAS].span(),
                format!("more than {MAX_READ_REPLICAS} read replicas"),
                None,
            ));
        }
        if aurora && let Some(r) = d.read_replica.first() {
            return Err(self.err(
                r.span(),
                "an Aurora cluster has readers, not `[[database.read_replica]]`".into(),
                Some(
                    "use `readers = N` (and `reader_instance_classes`) for readers in the cluster"
                        .into(),
                ),
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
            engine_version,
            support,
            instance_class: class.clone(),
            deployment,
            storage_type,
            storage_gb,
            iops,
            throughput_mibps,
            magnetic_io_requests_million: if storage_type == StorageType::Magnetic {
                io_requests_million
            } else {
                Decimal::ZERO
            },
            aurora: aurora_cluster,
            read_replicas,
            commitment: match &d.commitment {
                Some(c) => Some(self.no_ranges(|| self.reservation(c, "database.commitment"))?),
                None => None,
            },
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

    /// The engine as price keys spell it; an unknown engine lists the supported ones.
    fn engine(&self, v: &Located<String>) -> Result<&'static str> {
        let s = v.get();
        if s.eq_ignore_ascii_case("postgresql") {
            return Ok("postgres");
        }
        if let Some(e) = ENGINES.iter().find(|e| e.eq_ignore_ascii_case(s)) {
            return Ok(e);
        }
        let lower = s.to_ascii_lowercase();
        let commercial = ["oracle", "sqlserver", "db2", "custom-"]
            .iter()
            .any(|c| lower.starts_with(c));
        let hint = if commercial {
            format!(
                "the commercial engines (Oracle, SQL Server, Db2) are not supported: costplan has no cited prices for them; supported engines: {}",
                ENGINES.join(", ")
            )
        } else {
            format!(
                "{}; supported engines: {}",
                suggest::hint_for(s, ENGINES.iter().copied()),
                ENGINES.join(", ")
            )
        };
        Err(self.err(
            v.span(),
            format!("unknown database engine `{}`", s.escape_debug()),
            Some(hint),
        ))
    }

    /// RDS-only settings on an Aurora engine are errors that say what Aurora uses instead.
    fn aurora_only_fields_absent(&self, d: &DatabaseRaw) -> Result<()> {
        let engine = d.engine.get();
        if let Some(v) = &d.deployment {
            return Err(self.err(
                v.span(),
                format!("`deployment` does not apply to {engine}: an Aurora cluster is a writer plus readers on storage replicated across three AZs"),
                Some("remove `deployment`; for a standby that takes over on failure add `readers = 1`".into()),
            ));
        }
        if let Some(v) = &d.storage_type {
            return Err(self.err(
                v.span(),
                format!("`storage_type` does not apply to {engine}: Aurora storage is the cluster volume"),
                Some("remove `storage_type`; choose `storage_configuration = \"standard\"` or `\"io_optimized\"`".into()),
            ));
        }
        if let Some(v) = &d.throughput_mibps {
            return Err(self.err(
                v.span(),
                format!("`throughput_mibps` does not apply to {engine}"),
                Some(
                    "remove `throughput_mibps`: Aurora storage has no provisioned throughput"
                        .into(),
                ),
            ));
        }
        if let (Some(v), false) = (
            &d.backtrack_change_records_million,
            engine.eq_ignore_ascii_case("aurora-mysql"),
        ) {
            return Err(self.err(
                v.span(),
                format!("Backtrack is an Aurora MySQL feature, not {engine}"),
                Some("remove `backtrack_change_records_million`".into()),
            ));
        }
        Ok(())
    }

    /// Aurora-only settings on an RDS engine are errors.
    fn rds_only_fields_absent(&self, d: &DatabaseRaw, engine: &str) -> Result<()> {
        let fields: [(&str, Option<std::ops::Range<usize>>); 4] = [
            (
                "storage_configuration",
                d.storage_configuration.as_ref().map(|v| v.span()),
            ),
            ("readers", d.readers.as_ref().map(|v| v.span())),
            (
                "reader_instance_classes",
                d.reader_instance_classes
                    .as_ref()
                    .and_then(|v| v.first())
                    .map(|v| v.span()),
            ),
            (
                "backtrack_change_records_million",
                d.backtrack_change_records_million
                    .as_ref()
                    .map(|v| v.span()),
            ),
        ];
        for (field, span) in fields {
            if let Some(span) = span {
                return Err(self.err(
                    span,
                    format!("`{field}` applies to Aurora clusters, not {engine}"),
                    Some(format!(
                        "remove `{field}`, or use `engine = \"aurora-{}\"`",
                        if engine == "postgres" {
                            "postgresql"
                        } else {
                            "mysql"
                        }
                    )),
                ));
            }
        }
        Ok(())
    }

    /// Readers, backtrack and I/O of an Aurora cluster.
    fn aurora_cluster(
        &self,
        d: &DatabaseRaw,
        engine: &str,
        writer: &str,
        deployment: Deployment,
        io_requests_million: Decimal,
        table: &PriceTable,
    ) -> Result<AuroraCluster> {
        let listed = d.reader_instance_classes.as_deref().unwrap_or_default();
        let readers = match &d.readers {
            Some(n) => self.no_ranges(|| self.whole(n, "readers", MAX_AURORA_READERS))?,
            None => u32::try_from(listed.len()).unwrap_or(u32::MAX),
        };
        if listed.len() > MAX_AURORA_READERS as usize {
            return Err(self.err(
                listed[MAX_AURORA_READERS as usize].span(),
                format!("more than {MAX_AURORA_READERS} Aurora readers"),
                None,
            ));
        }
        if let (Some(n), false) = (
            &d.readers,
            listed.is_empty() || listed.len() == readers as usize,
        ) {
            return Err(self.err(
                n.span(),
                format!(
                    "`readers = {readers}` but `reader_instance_classes` lists {}",
                    listed.len()
                ),
                Some(
                    "list one class per reader, or drop `readers` (the list's length is the count)"
                        .into(),
                ),
            ));
        }
        let mut reader_classes = Vec::with_capacity(readers as usize);
        for i in 0..readers as usize {
            match listed.get(i) {
                Some(c) => {
                    self.priced_class(c.span(), c.get(), engine, deployment, table)?;
                    reader_classes.push(c.get().clone());
                }
                None => reader_classes.push(writer.to_string()),
            }
        }
        Ok(AuroraCluster {
            reader_classes,
            io_requests_million,
            backtrack_change_records_million: self.opt_number(
                &d.backtrack_change_records_million,
                "backtrack_change_records_million",
                Decimal::ZERO,
                Decimal::ZERO,
                dec(MAX_IO_REQUESTS_MILLION),
            )?,
        })
    }

    /// The class must have an instance price for the engine and deployment.
    fn priced_class(
        &self,
        span: std::ops::Range<usize>,
        class: &str,
        engine: &str,
        deployment: Deployment,
        table: &PriceTable,
    ) -> Result<()> {
        let prefix = key::rds_instance_prefix(engine, deployment.key());
        if table.contains(&format!("{prefix}{class}")) {
            return Ok(());
        }
        let known: Vec<&str> = table.keys_with_prefix(&prefix).collect();
        let hint = if known.is_empty() {
            format!(
                "the {} table has no {engine} {} instance prices; `costplan pricing update --region {} --out pricing` fetches them",
                table.region,
                deployment.label(),
                table.region
            )
        } else {
            suggest::hint_for(class, known.iter().copied())
        };
        Err(self.err(
            span,
            format!(
                "unknown instance class `{}` for {engine} {} in the {} price table",
                class.escape_debug(),
                match deployment {
                    Deployment::Aurora { .. } => deployment.label(),
                    _ => deployment.id(),
                },
                table.region
            ),
            Some(hint),
        ))
    }

    /// Extended Support is billed per vCPU: the class needs a capacity hardware row.
    fn vcpus(&self, span: std::ops::Range<usize>, class: &str) -> Result<u32> {
        crate::capacity::database::db_class(class)
            .map(|c| c.vcpu)
            .ok_or_else(|| {
                self.err(
                    span,
                    format!(
                        "no vCPU count for `{}`, which RDS Extended Support is billed by",
                        class.escape_debug()
                    ),
                    Some("add the class's hardware row to src/capacity/database.rs".into()),
                )
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
        let min_storage = if matches!(storage_type, StorageType::Io1 | StorageType::Io2) {
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
