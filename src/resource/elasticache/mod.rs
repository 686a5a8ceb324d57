//! The ElastiCache clusters: the resource kind (section `[cache]`), its import selectors, and its cost
//! model in [`cost`].

pub mod cost;
pub mod input;
mod validate;

use super::Hardware;
use super::Kind;
use crate::model::Group;
use crate::pricing::import::rules::CACHE_NODES;
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

/// The import selectors of the kind's price keys.
fn selectors(b: &mut RuleBuilder) {
    let rc = Some("regionCode");
    let no_ext = || AttrMatch::NotContains("usagetype", "ExtendedSupport");
    // ElastiCache nodes, generated from the node list.
    for node in CACHE_NODES {
        for (engine, cache_engine, name) in [
            ("redis", "Redis", "Redis OSS"),
            ("valkey", "Valkey", "Valkey"),
        ] {
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
}
