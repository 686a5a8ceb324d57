//! The `[database]` input as written (with spans, read by serde; its doc comments
//! are the JSON Schema's descriptions) and as validated (what the cost model reads).

use crate::pricing::PriceTable;
use crate::topology::located::{Located, Num};
use rust_decimal::Decimal;
use schemars::JsonSchema;
use serde::Deserialize;
use std::sync::Arc;

/// An RDS database: a DB instance (PostgreSQL, MySQL, MariaDB; Single-AZ, Multi-AZ or a Multi-AZ
/// DB cluster) or an Aurora cluster (a writer and `readers` reader instances on shared storage).
#[derive(Debug, Clone, Default, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct DatabaseRaw {
    /// Name, unique among the databases; required when the topology has more than one. It addresses
    /// the database in scenario paths (`database.NAME.instance_class`), reports and diffs.
    #[serde(default)]
    pub name: Option<Located<String>>,
    /// Database engine: "postgres" (or "postgresql"), "mysql", "mariadb", "aurora-postgresql" or "aurora-mysql".
    pub engine: Located<String>,
    /// Engine version, e.g. "11.22", "8.0.36", "5.7.44". Its major version past the end of standard support (on the price table's `effective_date`) adds RDS Extended Support per vCPU-hour. Default: none (no Extended Support is charged).
    #[serde(default)]
    pub engine_version: Option<Located<String>>,
    /// Instance class, e.g. "db.t3.medium"; must be in the region's price table. For Aurora: the writer's class.
    pub instance_class: Located<String>,
    /// RDS engines only: "single-az", "multi-az" (primary + synchronous standby, billed at the Multi-AZ price) or "multi-az-cluster" (a writer and two readable standbys, billed per cluster-hour; not for db.t classes). Default "single-az". Aurora has no deployment: its availability comes from `readers`.
    #[serde(default)]
    pub deployment: Option<Located<String>>,
    /// RDS engines only: storage type "gp2", "gp3", "io1", "io2" or "magnetic". Default "gp2". Aurora storage is set by `storage_configuration`.
    #[serde(default)]
    pub storage_type: Option<Located<String>>,
    /// Aurora only: "standard" (storage plus I/O requests billed) or "io_optimized" (higher instance and storage prices, no I/O charge). Default "standard".
    #[serde(default)]
    pub storage_configuration: Option<Located<String>>,
    /// Aurora only: reader instances besides the writer, 0 to 15. Default 0, or the length of `reader_instance_classes`.
    #[serde(default)]
    pub readers: Option<Located<Num>>,
    /// Aurora only: the class of each reader, e.g. ["db.r6g.large"]. Default: every reader has the writer's class.
    #[serde(default)]
    pub reader_instance_classes: Option<Vec<Located<String>>>,
    /// Allocated storage in GB (gp2/gp3: 20 to 65,536; io1/io2: 100 to 65,536; magnetic: 20 to 3,072). For Aurora: the cluster volume's average size in GB (1 to 131,072).
    pub storage_gb: Located<Num>,
    /// Aurora Standard: I/O requests per month in millions; magnetic storage: I/O requests per month in millions. Default 0.
    #[serde(default)]
    pub io_requests_million: Option<Located<Num>>,
    /// Aurora MySQL only: Backtrack change records per month in millions. Default 0.
    #[serde(default)]
    pub backtrack_change_records_million: Option<Located<Num>>,
    /// Provisioned IOPS: gp3 total IOPS (above the included 3,000, or 12,000 from 400 GB, is billed), or io1/io2 IOPS (required, 1,000 to 256,000).
    #[serde(default)]
    pub iops: Option<Located<Num>>,
    /// gp3 throughput in MiB/s (above the included 125, or 500 from 400 GB, is billed).
    #[serde(default)]
    pub throughput_mibps: Option<Located<Num>>,
    /// Automated backup retention in days, 0 to 35. Default 7. Informational for cost; backup storage is `backup_storage_gb`.
    #[serde(default)]
    pub backup_retention_days: Option<Located<Num>>,
    /// Backup storage in GB beyond the free allowance (which equals the provisioned storage; for Aurora, the cluster volume). Default 0.
    #[serde(default)]
    pub backup_storage_gb: Option<Located<Num>>,
    /// Surplus CPU credits of a burstable (T) class in vCPU-hours per month. Default 0.
    #[serde(default)]
    pub cpu_credits_vcpu_hours: Option<Located<Num>>,
    /// Read replicas, e.g. a cross-region replica for disaster recovery: `[[database.read_replica]]`.
    #[serde(default)]
    pub read_replica: Vec<Located<ReadReplicaRaw>>,
    /// Reserved DB Instances for this database: `[database.commitment]` (see [the commitments section](#commitments)).
    #[serde(default)]
    pub commitment: Option<Located<crate::topology::commitments::CommitmentRaw>>,
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
    /// A Multi-AZ DB cluster: a writer and two readable standbys, one price per cluster-hour.
    MultiAzCluster,
    /// An Aurora cluster; its storage configuration decides the instance price.
    Aurora {
        io_optimized: bool,
    },
}

impl Deployment {
    /// The form used in the topology file.
    pub fn id(self) -> &'static str {
        match self {
            Deployment::SingleAz => "single-az",
            Deployment::MultiAz => "multi-az",
            Deployment::MultiAzCluster => "multi-az-cluster",
            Deployment::Aurora { .. } => "aurora-cluster",
        }
    }
    /// The form used in instance price keys (for Aurora: the storage configuration).
    pub fn key(self) -> &'static str {
        match self {
            Deployment::SingleAz => "single_az",
            Deployment::MultiAz => "multi_az",
            Deployment::MultiAzCluster => "multi_az_cluster",
            Deployment::Aurora {
                io_optimized: false,
            } => "standard",
            Deployment::Aurora { io_optimized: true } => "io_optimized",
        }
    }
    /// How line items name it.
    pub fn label(self) -> &'static str {
        match self {
            Deployment::SingleAz => "Single-AZ",
            Deployment::MultiAz => "Multi-AZ",
            Deployment::MultiAzCluster => "Multi-AZ DB cluster",
            Deployment::Aurora {
                io_optimized: false,
            } => "Aurora Standard",
            Deployment::Aurora { io_optimized: true } => "Aurora I/O-Optimized",
        }
    }
    /// Whether a standby or reader can take over without a restore.
    pub fn has_failover(self) -> bool {
        matches!(self, Deployment::MultiAz | Deployment::MultiAzCluster)
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum StorageType {
    Gp2,
    Gp3,
    Io1,
    Io2,
    Magnetic,
    /// Aurora cluster storage (its configuration is in [`Deployment::Aurora`]).
    Aurora,
}

impl StorageType {
    pub fn id(self) -> &'static str {
        match self {
            StorageType::Gp2 => "gp2",
            StorageType::Gp3 => "gp3",
            StorageType::Io1 => "io1",
            StorageType::Io2 => "io2",
            StorageType::Magnetic => "magnetic",
            StorageType::Aurora => "aurora",
        }
    }
}

/// The year of RDS Extended Support a major version is in on the estimate's date.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SupportYear {
    /// Years 1 and 2 after the end of standard support (one rate).
    Year1To2,
    Year3,
}

impl SupportYear {
    /// The form used in price keys.
    pub fn key(self) -> &'static str {
        match self {
            SupportYear::Year1To2 => "year1_2",
            SupportYear::Year3 => "year3",
        }
    }
    pub fn label(self) -> &'static str {
        match self {
            SupportYear::Year1To2 => "year 1-2",
            SupportYear::Year3 => "year 3",
        }
    }
}

/// What the support calendar says about the engine version on the estimate's date.
#[derive(Debug, Clone, PartialEq)]
pub struct SupportStatus {
    /// The major version as the calendar names it, e.g. "11", "5.7".
    pub major: String,
    /// The estimate's date (`YYYY-MM-DD`): the price table's `effective_date`.
    pub as_of: String,
    /// End of standard support (`YYYY-MM-DD`), if the bundled calendar has the major version.
    pub standard_support_ends: Option<&'static str>,
    /// `Some` when Extended Support is charged on `as_of`.
    pub extended_support: Option<SupportYear>,
    /// Standard support ends within six months of `as_of`.
    pub ends_within_six_months: bool,
}

/// The Aurora parts of a cluster: readers and the usage Aurora bills per cluster.
#[derive(Debug, Clone, PartialEq)]
pub struct AuroraCluster {
    /// The class of each reader (the writer's class is the database's `instance_class`).
    pub reader_classes: Vec<String>,
    /// Aurora Standard I/O requests per month, in millions.
    pub io_requests_million: Decimal,
    /// Aurora MySQL Backtrack change records per month, in millions.
    pub backtrack_change_records_million: Decimal,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Database {
    /// The `name` given, if any (a single database may go unnamed).
    pub name: Option<String>,
    /// Engine as used in price keys: `postgres`, `mysql`, `mariadb`, `aurora-postgresql`, `aurora-mysql`.
    pub engine: String,
    /// The engine version as written, and what the support calendar says about it.
    pub engine_version: Option<String>,
    pub support: Option<SupportStatus>,
    pub instance_class: String,
    pub deployment: Deployment,
    pub storage_type: StorageType,
    pub storage_gb: Decimal,
    /// gp3: total provisioned IOPS (None = baseline); io1/io2: provisioned IOPS.
    pub iops: Option<Decimal>,
    /// Magnetic storage I/O requests per month, in millions.
    pub magnetic_io_requests_million: Decimal,
    /// `Some` for Aurora engines.
    pub aurora: Option<AuroraCluster>,
    /// gp3 throughput (None = baseline).
    pub throughput_mibps: Option<Decimal>,
    pub backup_retention_days: u32,
    pub backup_storage_gb: Decimal,
    pub cpu_credits_vcpu_hours: Decimal,
    pub read_replicas: Vec<ReadReplica>,
    /// Reserved DB Instances (`[database.commitment]`), if any.
    pub commitment: Option<crate::topology::commitments::Reservation>,
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
