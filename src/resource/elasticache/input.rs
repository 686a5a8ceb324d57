//! The `[cache]` input as written (with spans, read by serde; its doc comments
//! are the JSON Schema's descriptions) and as validated (what the cost model reads).

use crate::topology::located::{Located, Num};
use rust_decimal::Decimal;
use schemars::JsonSchema;
use serde::Deserialize;

/// An ElastiCache cache: a node-based cluster (`nodes`), a replication group (`shards` ×
/// (1 + `replicas_per_shard`) nodes) or a serverless cache (`mode = "serverless"`).
#[derive(Debug, Clone, Default, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct CacheRaw {
    /// Name, unique among the caches; required when the topology has more than one. It addresses
    /// the cache in scenario paths (`cache.NAME.node_type`), reports and diffs.
    #[serde(default)]
    pub name: Option<Located<String>>,
    /// "redis" (Redis OSS), "valkey" or "memcached". Memcached runs node-based clusters or
    /// serverless caches only: no replicas, no snapshots.
    pub engine: Located<String>,
    /// "nodes" (default: a node-based cluster or a replication group) or "serverless".
    #[serde(default)]
    pub mode: Option<Located<String>>,
    /// `true` is the same as `mode = "serverless"`.
    #[serde(default)]
    pub serverless: Option<Located<bool>>,
    /// Node type, e.g. "cache.t3.micro"; must be in the region's price table. Required unless
    /// the cache is serverless.
    #[serde(default)]
    pub node_type: Option<Located<String>>,
    /// Number of nodes of a node-based cluster: for Redis OSS and Valkey one primary and its
    /// replicas (one shard, cluster mode disabled); for Memcached the nodes the data is
    /// partitioned over. Whole number. Not with `shards`.
    #[serde(default)]
    pub nodes: Option<Located<Num>>,
    /// Shards (node groups) of a Redis OSS or Valkey replication group; 1 is cluster mode
    /// disabled. Billed nodes: shards × (1 + replicas_per_shard).
    #[serde(default)]
    pub shards: Option<Located<Num>>,
    /// Read replicas in each shard. Default 0; needs `shards`.
    #[serde(default)]
    pub replicas_per_shard: Option<Located<Num>>,
    /// Snapshot (backup) storage in GB beyond the free snapshot (Redis OSS and Valkey only).
    /// Default 0. Formerly `backup_storage_gb`, still accepted.
    #[serde(default, alias = "backup_storage_gb")]
    pub snapshot_storage_gb: Option<Located<Num>>,
    /// Serverless: data stored, in GB averaged over the month. Metered at no less than the
    /// engine's minimum (1 GB for Redis OSS and Memcached, 0.1 GB for Valkey). Default 0.
    #[serde(default)]
    pub data_stored_gb: Option<Located<Num>>,
    /// Serverless: ElastiCache Processing Units per month, in millions. Default 0.
    #[serde(default)]
    pub ecpu_millions: Option<Located<Num>>,
    /// Reserved nodes for this cache: `[cache.commitment]` (node-based caches only).
    #[serde(default)]
    pub commitment: Option<Located<crate::topology::commitments::CommitmentRaw>>,
}

/// How the cache is provisioned.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CacheMode {
    /// A node-based cluster of `nodes` nodes.
    Nodes,
    /// A replication group of `shards` × (1 + `replicas_per_shard`) nodes.
    ReplicationGroup,
    /// ElastiCache Serverless: data stored and ECPUs, no nodes.
    Serverless,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Cache {
    /// The `name` given, if any (a single cache may go unnamed).
    pub name: Option<String>,
    /// Engine as used in price keys: `redis`, `valkey` or `memcached`.
    pub engine: String,
    pub mode: CacheMode,
    /// Empty for a serverless cache.
    pub node_type: String,
    /// Nodes of a node-based cluster (mode `Nodes`).
    pub nodes: u32,
    /// Shards of a replication group (mode `ReplicationGroup`).
    pub shards: u32,
    pub replicas_per_shard: u32,
    pub snapshot_storage_gb: Decimal,
    /// Serverless data stored, GB averaged over the month (before the engine's minimum).
    pub data_stored_gb: Decimal,
    /// Serverless ECPUs per month, in millions.
    pub ecpu_millions: Decimal,
    /// Reserved nodes (`[cache.commitment]`), if any.
    pub commitment: Option<crate::topology::commitments::Reservation>,
}

impl Cache {
    /// The nodes billed per hour: `nodes`, `shards × (1 + replicas_per_shard)`, or 0 serverless.
    pub fn billed_nodes(&self) -> u32 {
        match self.mode {
            CacheMode::Nodes => self.nodes,
            CacheMode::ReplicationGroup => self
                .shards
                .saturating_mul(self.replicas_per_shard.saturating_add(1)),
            CacheMode::Serverless => 0,
        }
    }

    /// The partitions the data is spread over (replicas hold copies and add no capacity):
    /// the shards of a replication group, every node of a Memcached cluster, one otherwise.
    pub fn data_partitions(&self) -> u32 {
        match self.mode {
            CacheMode::ReplicationGroup => self.shards,
            CacheMode::Nodes if self.engine == "memcached" => self.nodes,
            _ => 1,
        }
    }

    pub fn is_serverless(&self) -> bool {
        self.mode == CacheMode::Serverless
    }
}
