//! The ElastiCache clusters: the resource kind (section `[cache]`), its import selectors, and its cost
//! model in [`cost`].

pub mod cost;
pub mod input;
mod validate;

#[cfg(test)]
mod tests;

use super::Hardware;
use super::Kind;
use crate::model::Group;
use crate::pricing::import::rules::RuleBuilder;
use crate::pricing::import::rules::eq;
use crate::pricing::import::selector::AttrMatch;
use crate::pricing::key;

/// The kind, registered in [`super::REGISTRY`].
pub static KIND: Kind =
    Kind::new("cache", Group::Elasticache, cost::price, selectors).hardware(Hardware {
        key_prefix: "elasticache.node_hour.",
        has_row: |class| crate::capacity::cache::node_type(class).is_some(),
    });

/// Engines as used in price keys, with the offer file's `cacheEngine` and a display name.
const ENGINES: [(&str, &str, &str); 3] = [
    ("redis", "Redis", "Redis OSS"),
    ("valkey", "Valkey", "Valkey"),
    ("memcached", "Memcached", "Memcached"),
];

/// Memcached node types the bundled tables carry: only those a cited source prices for
/// Memcached itself (infracost's golden test); Redis OSS and Valkey carry every node type with
/// a capacity row.
pub const MEMCACHED_NODES: &[&str] = &["cache.m4.large"];

/// The import selectors of the kind's price keys: a node-hour for every node type with a
/// capacity row ([`crate::capacity::cache::NODE_TYPES`]) for Redis OSS and Valkey, and for the
/// [`MEMCACHED_NODES`] for Memcached; snapshot storage; the serverless data and ECPU prices per
/// engine.
fn selectors(b: &mut RuleBuilder) {
    let rc = Some("regionCode");
    let no_ext = || AttrMatch::NotContains("usagetype", "ExtendedSupport");
    for node in crate::capacity::cache::NODE_TYPES.iter().map(|n| n.name) {
        for (engine, cache_engine, name) in ENGINES {
            if engine == "memcached" && !MEMCACHED_NODES.contains(&node) {
                continue;
            }
            b.add(
                key::elasticache_node_hour(engine, node),
                format!("ElastiCache for {name} {node} node"),
                "node-hour",
                "AmazonElastiCache",
                Some("Cache Instance"),
                Some(&format!("NodeUsage:{node}")),
                rc,
                vec![
                    eq("instanceType", node),
                    eq("cacheEngine", cache_engine),
                    no_ext(),
                ],
            );
        }
    }
    b.add(
        key::ELASTICACHE_BACKUP_STORAGE,
        "ElastiCache backup storage beyond the free snapshot",
        "GB-month",
        "AmazonElastiCache",
        Some("Storage Snapshot"),
        Some("BackupUsage"),
        rc,
        vec![],
    );
    for (engine, cache_engine, name) in ENGINES {
        b.add(
            cost::serverless_data_gb_hour_key(engine),
            format!("ElastiCache Serverless for {name} data stored"),
            "GB-hour",
            "AmazonElastiCache",
            Some("ElastiCache Serverless"),
            Some(&format!("CachedData:{cache_engine}")),
            rc,
            vec![],
        );
        b.add(
            cost::serverless_ecpu_million_key(engine),
            format!("ElastiCache Serverless for {name} ECPUs"),
            "million ECPUs",
            "AmazonElastiCache",
            Some("ElastiCache Serverless"),
            Some(&format!("ElastiCacheProcessingUnits:{cache_engine}")),
            rc,
            vec![],
        );
    }
}
