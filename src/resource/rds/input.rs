//! The `[database]` input as written (with spans, read by serde; its doc comments
//! are the JSON Schema's descriptions) and as validated (what the cost model reads).

use crate::pricing::PriceTable;
use crate::topology::located::{Located, Num};
use rust_decimal::Decimal;
use schemars::JsonSchema;
use serde::Deserialize;
use std::sync::Arc;

/// An RDS database instance.
#[derive(Debug, Clone, Default, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct DatabaseRaw {
    /// Name, unique among the databases; required when the topology has more than one. It addresses
    /// the database in scenario paths (`database.NAME.instance_class`), reports and diffs.
    #[serde(default)]
    pub name: Option<Located<String>>,
    /// Database engine: "postgres".
    pub engine: Located<String>,
    /// Instance class, e.g. "db.t3.medium"; must be in the region's price table.
    pub instance_class: Located<String>,
    /// "single-az" or "multi-az" (primary + synchronous standby, billed twice). Default "single-az".
    #[serde(default)]
    pub deployment: Option<Located<String>>,
    /// Storage type: "gp2", "gp3" or "io1". Default "gp2".
    #[serde(default)]
    pub storage_type: Option<Located<String>>,
    /// Allocated storage in GB (io1: at least 100).
    pub storage_gb: Located<Num>,
    /// Provisioned IOPS: gp3 total IOPS (above the included 3,000, or 12,000 from 400 GB, is billed), or io1 IOPS (required, 1,000 to 256,000).
    #[serde(default)]
    pub iops: Option<Located<Num>>,
    /// gp3 throughput in MiB/s (above the included 125, or 500 from 400 GB, is billed).
    #[serde(default)]
    pub throughput_mibps: Option<Located<Num>>,
    /// Automated backup retention in days, 0 to 35. Default 7. Informational for cost; backup storage is `backup_storage_gb`.
    #[serde(default)]
    pub backup_retention_days: Option<Located<Num>>,
    /// Backup storage in GB beyond the free allowance (which equals the provisioned storage). Default 0.
    #[serde(default)]
    pub backup_storage_gb: Option<Located<Num>>,
    /// Surplus CPU credits of a burstable (T) class in vCPU-hours per month. Default 0.
    #[serde(default)]
    pub cpu_credits_vcpu_hours: Option<Located<Num>>,
    /// Read replicas, e.g. a cross-region replica for disaster recovery: `[[database.read_replica]]`.
    #[serde(default)]
    pub read_replica: Vec<Located<ReadReplicaRaw>>,
}

/// An RDS read replica, priced from the price table of its own region.
#[derive(Debug, Clone, Default, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ReadReplicaRaw {
    /// AWS region of the replica, e.g. "us-west-2"; selects the price table (it must exist).
    pub region: Located<String>,
    /// Instance class. Default: the primary's.
    #[serde(default)]
    pub instance_class: Option<Located<String>>,
    /// "single-az" (default) or "multi-az".
    #[serde(default)]
    pub deployment: Option<Located<String>>,
    /// Storage in GB. Default: the primary's allocated storage.
    #[serde(default)]
    pub storage_gb: Option<Located<Num>>,
    /// GB replicated to the replica per month (WAL stream), billed as inter-region transfer out of the primary's region. Default 0.
    #[serde(default)]
    pub replicated_gb: Option<Located<Num>>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Deployment {
    SingleAz,
    MultiAz,
}

impl Deployment {
    /// The form used in the topology file.
    pub fn id(self) -> &'static str {
        match self {
            Deployment::SingleAz => "single-az",
            Deployment::MultiAz => "multi-az",
        }
    }
    /// The form used in price keys.
    pub fn key(self) -> &'static str {
        match self {
            Deployment::SingleAz => "single_az",
            Deployment::MultiAz => "multi_az",
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum StorageType {
    Gp2,
    Gp3,
    Io1,
}

impl StorageType {
    pub fn id(self) -> &'static str {
        match self {
            StorageType::Gp2 => "gp2",
            StorageType::Gp3 => "gp3",
            StorageType::Io1 => "io1",
        }
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct Database {
    /// The `name` given, if any (a single database may go unnamed).
    pub name: Option<String>,
    /// Engine as used in price keys: `postgres`.
    pub engine: String,
    pub instance_class: String,
    pub deployment: Deployment,
    pub storage_type: StorageType,
    pub storage_gb: Decimal,
    /// gp3: total provisioned IOPS (None = baseline); io1: provisioned IOPS.
    pub iops: Option<Decimal>,
    /// gp3 throughput (None = baseline).
    pub throughput_mibps: Option<Decimal>,
    pub backup_retention_days: u32,
    pub backup_storage_gb: Decimal,
    pub cpu_credits_vcpu_hours: Decimal,
    pub read_replicas: Vec<ReadReplica>,
}

/// An RDS read replica in a region of its own, priced from that region's table.
#[derive(Debug, Clone, PartialEq)]
pub struct ReadReplica {
    pub region: String,
    pub instance_class: String,
    pub deployment: Deployment,
    pub storage_gb: Decimal,
    /// GB replicated per month, billed as inter-region transfer out of the primary's region.
    pub replicated_gb: Decimal,
    /// The replica region's price table (selected by `region` at validation).
    pub prices: Arc<PriceTable>,
}
