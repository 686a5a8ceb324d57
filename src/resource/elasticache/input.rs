//! The `[cache]` input as written (with spans, read by serde; its doc comments
//! are the JSON Schema's descriptions) and as validated (what the cost model reads).

use crate::topology::located::{Located, Num};
use rust_decimal::Decimal;
use schemars::JsonSchema;
use serde::Deserialize;

/// An ElastiCache cluster of identical nodes.
#[derive(Debug, Clone, Default, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct CacheRaw {
    /// Name, unique among the caches; required when the topology has more than one. It addresses
    /// the cache in scenario paths (`cache.NAME.node_type`), reports and diffs.
    #[serde(default)]
    pub name: Option<Located<String>>,
    /// "redis" (Redis OSS) or "valkey".
    pub engine: Located<String>,
    /// Node type, e.g. "cache.t3.micro"; must be in the region's price table.
    pub node_type: Located<String>,
    /// Number of nodes (primaries and replicas). Whole number.
    pub nodes: Located<Num>,
    /// Backup storage in GB beyond the free snapshot. Default 0.
    #[serde(default)]
    pub backup_storage_gb: Option<Located<Num>>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Cache {
    /// The `name` given, if any (a single cache may go unnamed).
    pub name: Option<String>,
    /// Engine as used in price keys: `redis` or `valkey`.
    pub engine: String,
    pub node_type: String,
    pub nodes: u32,
    pub backup_storage_gb: Decimal,
}
